"""US Social Security numbers: the ranges the SSA never issues and the published dummies."""

from __future__ import annotations

#: Numbers printed in advertising, pamphlets and wallet inserts, used by thousands of people and
#: never a real person's identifier (SSA; the Woolworth wallet card is the famous one).
ADVERTISING_NUMBERS = frozenset(
    {
        "078051120",  # Woolworth wallet insert, 1938
        "219099999",  # SSA pamphlet sample
        "457555462",  # identity-theft advertising campaign
    }
)


def us_ssn(value: str) -> bool:
    """Whether nine digits could be an issued SSN.

    Rejects area 000, 666 and 900-999 (never issued; 9xx are ITINs), group 00, serial 0000,
    one digit repeated nine times and :data:`ADVERTISING_NUMBERS`.
    """
    if len(value) != 9 or not (value.isascii() and value.isdigit()):
        return False
    area, group, serial = value[:3], value[3:5], value[5:]
    if area in {"000", "666"} or area[0] == "9":
        return False
    if group == "00" or serial == "0000":
        return False
    if value == value[0] * 9:
        return False
    return value not in ADVERTISING_NUMBERS
