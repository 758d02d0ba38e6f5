"""The Luhn (mod 10) checksum used by payment cards and NPIs."""

from __future__ import annotations

#: Byte table mapping an ASCII digit to the ASCII digit of its Luhn doubling (2d, minus 9 when
#: above 9), so whole strings are summed in C.
_DOUBLED = bytes.maketrans(b"0123456789", b"0246813579")


def luhn(value: str) -> bool:
    """Whether ``value`` (ASCII digits only, at least two) passes the Luhn checksum.

    >>> luhn("79927398713")
    True
    >>> luhn("79927398710")
    False
    """
    if len(value) < 2 or not (value.isascii() and value.isdigit()):
        return False
    raw = value.encode("ascii")[::-1]
    kept, doubled = raw[0::2], raw[1::2].translate(_DOUBLED)
    total = sum(kept) + sum(doubled) - 48 * len(raw)
    return total % 10 == 0


def luhn_check_digit(payload: str) -> str:
    """The digit that, appended to ``payload``, makes it pass :func:`luhn`.

    :param payload: ASCII digits.
    """
    for digit in "0123456789":
        if luhn(payload + digit):
            return digit
    raise ValueError("payload must be ASCII digits")
