"""Government document numbers: US driver licences (per-state formats) and US passports."""

from __future__ import annotations

import regex

#: Driver licence number formats per issuing state, as published by the states' motor vehicle
#: agencies (separators removed, letters upper-case). ``A`` a letter, ``9`` a digit.
STATE_FORMATS: dict[str, tuple[str, ...]] = {
    "AL": (r"[0-9]{7,8}",),
    "AK": (r"[0-9]{7}",),
    "AZ": (r"[A-Z][0-9]{8}", r"[0-9]{9}"),
    "AR": (r"[0-9]{8,9}",),
    "CA": (r"[A-Z][0-9]{7}",),
    "CO": (r"[0-9]{9}", r"[A-Z][0-9]{3,6}", r"[A-Z]{2}[0-9]{2,5}"),
    "CT": (r"[0-9]{9}",),
    "DE": (r"[0-9]{7}",),
    "DC": (r"[0-9]{7}", r"[0-9]{9}"),
    "FL": (r"[A-Z][0-9]{12}",),
    "GA": (r"[0-9]{7,9}",),
    "HI": (r"[A-Z][0-9]{8}", r"[0-9]{9}"),
    "ID": (r"[A-Z]{2}[0-9]{6}[A-Z]", r"[0-9]{9}"),
    "IL": (r"[A-Z][0-9]{11,12}",),
    "IN": (r"[A-Z][0-9]{9}", r"[0-9]{9,10}"),
    "IA": (r"[0-9]{9}", r"[0-9]{3}[A-Z]{2}[0-9]{4}"),
    "KS": (r"[A-Z][0-9][A-Z][0-9][A-Z]", r"K[0-9]{8}", r"[0-9]{9}"),
    "KY": (r"[A-Z][0-9]{8,9}", r"[0-9]{9}"),
    "LA": (r"[0-9]{8,9}",),
    "ME": (r"[0-9]{7,8}", r"[0-9]{7}X"),
    "MD": (r"[A-Z][0-9]{12}",),
    "MA": (r"[A-Z][0-9]{8}", r"[0-9]{9}"),
    "MI": (r"[A-Z][0-9]{10}", r"[A-Z][0-9]{12}"),
    "MN": (r"[A-Z][0-9]{12}",),
    "MS": (r"[0-9]{9}",),
    "MO": (r"[A-Z][0-9]{5,9}", r"[A-Z][0-9]{6}R", r"[0-9]{8}[A-Z]{2}", r"[0-9]{9}[A-Z]?"),
    "MT": (r"[A-Z][0-9]{8}", r"[0-9]{9}", r"[0-9]{13,14}"),
    "NE": (r"[A-Z][0-9]{6,8}",),
    "NV": (r"[0-9]{9,10}", r"[0-9]{12}", r"X[0-9]{8}"),
    "NH": (r"[0-9]{2}[A-Z]{3}[0-9]{5}",),
    "NJ": (r"[A-Z][0-9]{14}",),
    "NM": (r"[0-9]{8,9}",),
    "NY": (r"[A-Z][0-9]{7}", r"[A-Z][0-9]{18}", r"[0-9]{8,9}", r"[0-9]{16}", r"[A-Z]{8}"),
    "NC": (r"[0-9]{7,12}",),
    "ND": (r"[A-Z]{3}[0-9]{6}", r"[0-9]{9}"),
    "OH": (r"[A-Z][0-9]{4,8}", r"[A-Z]{2}[0-9]{3,7}", r"[0-9]{8}"),
    "OK": (r"[A-Z][0-9]{9}", r"[0-9]{9}"),
    "OR": (r"[0-9]{7,9}", r"[A-Z][0-9]{6}", r"[A-Z]{2}[0-9]{5}"),
    "PA": (r"[0-9]{8}",),
    "RI": (r"[0-9]{7}", r"[A-Z][0-9]{6}"),
    "SC": (r"[0-9]{5,11}",),
    "SD": (r"[0-9]{6,10}", r"[0-9]{12}"),
    "TN": (r"[0-9]{7,9}",),
    "TX": (r"[0-9]{7,8}",),
    "UT": (r"[0-9]{4,10}",),
    "VT": (r"[0-9]{8}", r"[0-9]{7}A"),
    "VA": (r"[A-Z][0-9]{8,11}", r"[0-9]{9}"),
    "WA": (r"WD[A-Z0-9*]{10}", r"[A-Z]{1,7}[A-Z0-9*]{5,11}"),
    "WV": (r"[0-9]{7}", r"[A-Z]{1,2}[0-9]{5,6}"),
    "WI": (r"[A-Z][0-9]{13}",),
    "WY": (r"[0-9]{9,10}",),
}

_ANY_STATE = regex.compile(
    "|".join(f"(?:{fmt})" for formats in STATE_FORMATS.values() for fmt in formats)
)
_PASSPORT = regex.compile(r"[0-9]{9}|[A-Z][0-9]{8}")


def us_driver_license(value: str) -> bool:
    """Whether ``value`` (separators removed) matches some state's licence number format and
    holds at least two digits, not all the same (Washington's letter-heavy numbers)."""
    value = value.upper()
    digits = [char for char in value if char.isdigit()]
    if len(digits) < 2 or len(set(digits)) == 1:
        return False
    return _ANY_STATE.fullmatch(value) is not None


def us_passport(value: str) -> bool:
    """Whether ``value`` is a US passport book number: nine digits, or a letter and eight
    digits (next-generation books)."""
    return _PASSPORT.fullmatch(value.upper()) is not None
