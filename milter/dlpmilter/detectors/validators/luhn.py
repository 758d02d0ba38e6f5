"""The Luhn (mod 10) checksum used by payment cards and NPIs."""

from __future__ import annotations


def luhn(value: str) -> bool:
    """Whether ``value`` (ASCII digits only, at least two) passes the Luhn checksum.

    >>> luhn("79927398713")
    True
    >>> luhn("79927398710")
    False
    """
    if len(value) < 2 or not (value.isascii() and value.isdigit()):
        return False
    total = 0
    for index, char in enumerate(reversed(value)):
        digit = ord(char) - 48
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that, appended to ``payload``, makes it pass :func:`luhn`.

    :param payload: ASCII digits.
    """
    for digit in "0123456789":
        if luhn(payload + digit):
            return digit
    raise ValueError("payload must be ASCII digits")
