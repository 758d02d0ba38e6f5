"""Luhn checksum: known vectors and the check-digit round trip."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.luhn import luhn, luhn_check_digit


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("79927398713", True),
        ("4539578763621486", True),
        ("0000000000", True),
        ("79927398710", False),
        ("4539578763621487", False),
        ("7992739871a", False),
        ("7", False),
        ("", False),
        ("٧٩٩٢٧٣٩٨٧١٣", False),  # Arabic-Indic digits are not ASCII
    ],
)
def test_vectors(value: str, valid: bool) -> None:
    """Known numbers pass, one changed digit fails, non-digits fail."""
    assert luhn(value) is valid


@given(st.text(alphabet="0123456789", min_size=1, max_size=20))
def test_check_digit_makes_valid(payload: str) -> None:
    """Appending the computed check digit always passes; any other digit fails."""
    check = luhn_check_digit(payload)
    assert luhn(payload + check)
    for other in "0123456789":
        if other != check:
            assert not luhn(payload + other)


def test_check_digit_rejects_non_digits() -> None:
    """A payload that is not digits has no check digit."""
    with pytest.raises(ValueError, match="digits"):
        luhn_check_digit("12a")
