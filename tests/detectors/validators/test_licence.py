"""Driver licence and passport validators."""

import pytest

from dlpmilter.detectors.validators.licence import STATE_FORMATS, us_driver_license, us_passport


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("D1234567", True),  # California
        ("S12345678901", True),  # Florida after separators are removed
        ("123456789", True),  # many states
        ("12ABC34567", True),  # New Hampshire
        ("WDLABCD456DG", True),  # Washington (legacy)
        ("K12345678", True),  # Kansas
        ("ABCDEFGH", False),  # no digits
        ("12", False),
        ("11111111", False),  # one digit repeated
        ("1234567890123456789012", False),
        ("A1B", False),
    ],
)
def test_driver_license(value: str, valid: bool) -> None:
    """Values that fit some state's format pass."""
    assert us_driver_license(value) is valid


def test_every_state_and_dc_listed() -> None:
    """The table covers all 50 states and DC."""
    assert len(STATE_FORMATS) == 51


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("123456789", True),
        ("A12345678", True),
        ("a12345678", True),
        ("12345678", False),
        ("AB1234567", False),
    ],
)
def test_passport(value: str, valid: bool) -> None:
    """Nine digits, or a letter and eight digits."""
    assert us_passport(value) is valid
