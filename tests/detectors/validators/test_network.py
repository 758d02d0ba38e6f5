"""E-mail, IP address and URL validators."""

import ipaddress

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.network import email, ip_address, ipv4, ipv6, url


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("jane.doe@example.org", True),
        ("j+tag@mail.example.co.uk", True),
        ("a@b.io", True),
        ("jane..doe@example.org", False),
        (".jane@example.org", False),
        ("jane@localhost", False),
        ("jane@example.c0m", False),
        ("jane@-example.org", False),
        ("@example.org", False),
        ("x" * 65 + "@example.org", False),
    ],
)
def test_email(value: str, valid: bool) -> None:
    """Dot-atom local part and a real-looking domain."""
    assert email(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("192.168.1.20", True),
        ("8.8.8.8", True),
        ("255.255.255.255", True),
        ("256.1.1.1", False),
        ("10.0.19041.1", False),  # a Windows build number
        ("1.02.3.4", False),  # leading zero
        ("1.2.3", False),
        ("1.2.3.4.5", False),
    ],
)
def test_ipv4(value: str, valid: bool) -> None:
    """Four octets in range without leading zeros."""
    assert ipv4(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("2001:db8::1", True),
        ("fe80::1ff:fe23:4567:890a", True),
        ("2001:0db8:0000:0000:0000:ff00:0042:8329", True),
        ("12:30:45", False),  # a clock time
        ("::", False),
        ("2001:db8::g", False),
    ],
)
def test_ipv6(value: str, valid: bool) -> None:
    """Full or compressed IPv6; clock times are not addresses."""
    assert ipv6(value) is valid


@given(st.ip_addresses(v=4))
def test_generated_ipv4(address: ipaddress.IPv4Address) -> None:
    """Every IPv4 address in dotted-quad form passes."""
    assert ip_address(str(address))


@given(st.ip_addresses(v=6))
def test_generated_ipv6(address: ipaddress.IPv6Address) -> None:
    """Every IPv6 address in compressed form passes, unless it is the bare ``::``."""
    text = str(address)
    if text.count(":") >= 2 and text != "::" and ("::" in text or text.count(":") == 7):
        assert ip_address(text)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("https://portal.example.com/x?id=1", True),
        ("http://user@example.org:8080/path", True),
        ("www.example.com", True),
        ("ftp://10.1.2.3/file", True),
        ("https://localhost/", False),
        ("mailto:jane@example.org", False),
        ("www.", False),
    ],
)
def test_url(value: str, valid: bool) -> None:
    """http(s)/ftp or www. with a real host name or IPv4 address."""
    assert url(value) is valid
