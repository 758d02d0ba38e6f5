"""NPI and DEA validators."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.luhn import luhn_check_digit
from dlpmilter.detectors.validators.provider import DEA_REGISTRANT_TYPES, us_dea, us_npi


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1234567893", True),  # the CMS specification's example
        ("1245319599", True),
        ("2000000002", True),
        ("1234567890", False),
        ("3234567893", False),  # first digit must be 1 or 2
        ("123456789", False),
        ("12345678931", False),
        ("123456789X", False),
    ],
)
def test_npi_vectors(value: str, valid: bool) -> None:
    """The CMS example passes; other first digits, lengths or check digits fail."""
    assert us_npi(value) is valid


def npi_from(payload: str) -> str:
    return payload + luhn_check_digit("80840" + payload)


@given(st.sampled_from("12"), st.text(alphabet="0123456789", min_size=8, max_size=8))
def test_generated_npis_pass(first: str, rest: str) -> None:
    """Nine digits starting 1 or 2 plus the 80840-prefixed Luhn digit pass; others fail."""
    npi = npi_from(first + rest)
    assert us_npi(npi)
    for digit in "0123456789":
        if digit != npi[-1]:
            assert not us_npi(npi[:-1] + digit)


def dea_check(digits: str) -> str:
    d = [int(c) for c in digits]
    return str(((d[0] + d[2] + d[4]) + 2 * (d[1] + d[3] + d[5])) % 10)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("AB1234563", True),
        ("BJ6125341", True),
        ("ab1234563", True),  # case does not matter
        ("M91234563", True),  # 9: business name starting with a digit
        ("XS1234563", True),  # buprenorphine waiver
        ("AB1234564", False),  # checksum
        ("IB1234563", False),  # I is no registrant type
        ("A11234563", False),  # second character must be a letter or 9
        ("AB0000000", False),
        ("AB123456", False),
        ("AB12345633", False),
    ],
)
def test_dea_vectors(value: str, valid: bool) -> None:
    """Registrant letter, initial and checksum are all checked."""
    assert us_dea(value) is valid


@given(
    st.sampled_from(sorted(DEA_REGISTRANT_TYPES)),
    st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZ9"),
    st.text(alphabet="0123456789", min_size=6, max_size=6).filter(lambda s: s != "000000"),
)
def test_generated_dea_pass(first: str, second: str, digits: str) -> None:
    """Any registrant letter, initial and six digits with their check digit pass."""
    value = first + second + digits + dea_check(digits)
    assert us_dea(value)
    wrong = str((int(value[-1]) + 1) % 10)
    assert not us_dea(value[:-1] + wrong)
