"""Digit-run checks: trivial values and NDC digit counts."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.digits import ndc, not_trivial


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("48291734", True),
        ("A4829173", True),
        ("00000000", False),
        ("12345678", False),
        ("98765432", False),
        ("1234567890", False),
        ("ABC123", False),  # fewer than four digits
    ],
)
def test_not_trivial(value: str, valid: bool) -> None:
    """Repeated digits and straight runs are placeholders, not identifiers."""
    assert not_trivial(value) is valid


@given(st.sampled_from("0123456789"), st.integers(4, 20))
def test_repeated_digit_is_trivial(digit: str, count: int) -> None:
    """Any single digit repeated is trivial."""
    assert not not_trivial(digit * count)


@pytest.mark.parametrize(
    ("value", "valid"),
    [("0002322730", True), ("50090294801", True), ("0000322730", False), ("000232273", False)],
)
def test_ndc(value: str, valid: bool) -> None:
    """Ten or eleven digits with a non-zero labeler."""
    assert ndc(value) is valid
