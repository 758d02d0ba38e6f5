"""Checks on runs of digits shared by identifiers that have no checksum of their own."""

from __future__ import annotations

_ASCENDING = "01234567890123456789"
_DESCENDING = "98765432109876543210"


def not_trivial(value: str) -> bool:
    """False for values whose digits are one digit repeated or a straight run (``123456789``).

    Letters are ignored; a value with fewer than four digits is trivial.
    """
    digits = "".join(char for char in value if char.isascii() and char.isdigit())
    if len(digits) < 4:
        return False
    if digits == digits[0] * len(digits):
        return False
    return digits not in _ASCENDING and digits not in _DESCENDING


def ndc(value: str) -> bool:
    """Whether the digits of an NDC (4-4-2, 5-3-2, 5-4-1, or 5-4-2 billing) have a valid count.

    The labeler code (first segment) is never all zeros.
    """
    digits = "".join(char for char in value if char.isascii() and char.isdigit())
    if len(digits) not in (10, 11):
        return False
    return not digits.startswith("0000") and not_trivial(digits)
