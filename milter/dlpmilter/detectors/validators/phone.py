"""Telephone numbers: the North American Numbering Plan and E.164 international numbers."""

from __future__ import annotations


def _nanp_code(code: str) -> bool:
    """An area code or exchange: first digit 2-9 and not an N11 service code."""
    return code[0] in "23456789" and code[1:] != "11"


def nanp(digits: str) -> bool:
    """Whether ten digits (or eleven with the leading 1) are a dialable NANP number.

    Area code and exchange start with 2-9 and are not N11; area codes N9X, 37X and 96X are
    reserved; 555-0100 to 555-0199 are the fictional numbers of films and documentation.
    """
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) != 10 or not (digits.isascii() and digits.isdigit()):
        return False
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    if not (_nanp_code(area) and _nanp_code(exchange)):
        return False
    if area[1] == "9" or area[:2] in {"37", "96"}:
        return False
    return not (exchange == "555" and line.startswith("01"))


def phone(value: str) -> bool:
    """Whether ``value`` is a NANP number or, with a leading ``+``, an E.164 number.

    Separators (spaces, dashes, dots, parentheses) are ignored.
    """
    international = value.startswith("+")
    digits = "".join(char for char in value if char not in " -.()+/")
    if not (digits.isascii() and digits.isdigit()):
        return False
    if international:
        if digits.startswith("1"):
            return nanp(digits)
        return 8 <= len(digits) <= 15 and digits[0] != "0"
    return nanp(digits)
