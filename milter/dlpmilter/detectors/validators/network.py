"""Internet identifiers: e-mail addresses, IP addresses and URLs."""

from __future__ import annotations

import ipaddress

import regex

_LABEL = regex.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?")
_TLD = regex.compile(r"[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59}")
_LOCAL = regex.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")


def hostname(value: str) -> bool:
    """Whether ``value`` is a DNS name with at least two labels and an alphabetic TLD."""
    if len(value) > 253:
        return False
    labels = value.rstrip(".").split(".")
    if len(labels) < 2 or _TLD.fullmatch(labels[-1]) is None:
        return False
    return all(_LABEL.fullmatch(label) is not None for label in labels)


def email(value: str) -> bool:
    """Whether ``value`` is an address ``local@domain`` (RFC 5321 lengths, dot-atom local part)."""
    local, at, domain = value.rpartition("@")
    if not at or not local or len(local) > 64 or len(value) > 254:
        return False
    return _LOCAL.fullmatch(local) is not None and hostname(domain)


def ipv4(value: str) -> bool:
    """Whether ``value`` is a dotted-quad IPv4 address (octets 0-255, no leading zeros)."""
    octets = value.split(".")
    if len(octets) != 4:
        return False
    for octet in octets:
        if not (octet.isascii() and octet.isdigit()) or len(octet) > 3:
            return False
        if (len(octet) > 1 and octet[0] == "0") or int(octet) > 255:
            return False
    return True


def ipv6(value: str) -> bool:
    """Whether ``value`` is an IPv6 address with at least three groups (not a clock time)."""
    if value.count(":") < 2 or not any(char.isalnum() for char in value):
        return False
    try:
        ipaddress.IPv6Address(value)
    except ValueError:
        return False
    return "::" in value or value.count(":") == 7


def ip_address(value: str) -> bool:
    """Whether ``value`` is an IPv4 or IPv6 address."""
    return ipv4(value) if ":" not in value else ipv6(value)


def url(value: str) -> bool:
    """Whether ``value`` is an http(s)/ftp URL or a ``www.`` address with a valid host."""
    lowered = value.lower()
    for scheme in ("https://", "http://", "ftp://"):
        if lowered.startswith(scheme):
            rest = value[len(scheme) :]
            break
    else:
        if not lowered.startswith("www."):
            return False
        rest = value
    host = regex.split(r"[/?#]", rest, maxsplit=1)[0].rpartition("@")[2]
    host = host.split(":", 1)[0]
    return hostname(host) or ipv4(host)
