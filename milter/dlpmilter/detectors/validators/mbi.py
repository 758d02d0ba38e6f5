"""The Medicare Beneficiary Identifier (CMS MBI format specification)."""

from __future__ import annotations

#: Letters an MBI never uses (S, L, O, I, B, Z look like digits).
EXCLUDED_LETTERS = frozenset("SLOIBZ")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - EXCLUDED_LETTERS
_DIGITS = frozenset("0123456789")

#: Character class of each of the 11 positions: C (1-9), A (letter), N (digit), AN (either).
POSITIONS = ("C", "A", "AN", "N", "A", "AN", "N", "A", "A", "N", "N")

_ALLOWED = {
    "C": _DIGITS - {"0"},
    "A": _LETTERS,
    "N": _DIGITS,
    "AN": _LETTERS | _DIGITS,
}


def us_mbi(value: str) -> bool:
    """Whether 11 characters (dashes removed) follow the MBI position rules."""
    value = value.upper()
    if len(value) != 11:
        return False
    return all(char in _ALLOWED[kind] for char, kind in zip(value, POSITIONS, strict=True))
