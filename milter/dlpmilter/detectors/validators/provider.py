"""Identifiers of US health-care providers: the NPI and the DEA registration number."""

from __future__ import annotations

from dlpmilter.detectors.validators.luhn import luhn

#: The ISO prefix of US health identifiers, prepended for the NPI check digit (CMS, "NPI check
#: digit" specification).
NPI_PREFIX = "80840"

#: First letters of DEA registrations: registrant types (practitioners A, B, F, G; mid-level M;
#: buprenorphine waivers X; distributors, manufacturers and others C-E, H-L, P-U).
DEA_REGISTRANT_TYPES = frozenset("ABCDEFGHJKLMPRSTUX")


def us_npi(value: str) -> bool:
    """Whether ten digits form a National Provider Identifier.

    The first digit is 1 or 2 and the last is the Luhn check digit of ``80840`` + the first nine.
    """
    if len(value) != 10 or not (value.isascii() and value.isdigit()):
        return False
    return value[0] in "12" and luhn(NPI_PREFIX + value)


def us_dea(value: str) -> bool:
    """Whether two letters and seven digits form a DEA registration number.

    The first letter is a registrant type, the second the registrant's last-name initial (or
    ``9`` for a business name starting with a digit); the seventh digit is the last digit of
    ``(d1 + d3 + d5) + 2 * (d2 + d4 + d6)``.
    """
    value = value.upper()
    if len(value) != 9 or not value.isascii():
        return False
    first, second, digits = value[0], value[1], value[2:]
    if first not in DEA_REGISTRANT_TYPES or not (second.isalpha() or second == "9"):
        return False
    if not digits.isdigit() or digits[:6] == "000000":
        return False
    d = [ord(c) - 48 for c in digits]
    check = (d[0] + d[2] + d[4]) + 2 * (d[1] + d[3] + d[5])
    return check % 10 == d[6]
