"""US SSN validator: never-issued ranges and advertising numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.ssn import ADVERTISING_NUMBERS, us_ssn


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("219456789", True),
        ("001010001", True),
        ("899999999", True),
        ("665123456", True),
        ("000123456", False),  # area 000
        ("666123456", False),  # area 666
        ("900123456", False),  # 9xx: ITINs
        ("987654321", False),
        ("123004567", False),  # group 00
        ("123450000", False),  # serial 0000
        ("111111111", False),
        ("078051120", False),  # Woolworth wallet card
        ("219099999", False),
        ("457555462", False),
        ("12345678", False),
        ("1234567890", False),
        ("12345678a", False),
    ],
)
def test_vectors(value: str, valid: bool) -> None:
    """Valid ranges pass; each never-issued range fails."""
    assert us_ssn(value) is valid


@given(
    area=st.integers(1, 899).filter(lambda a: a != 666),
    group=st.integers(1, 99),
    serial=st.integers(1, 9999),
)
def test_issuable_numbers_pass(area: int, group: int, serial: int) -> None:
    """Every number in the issuable ranges passes unless it is a published dummy."""
    value = f"{area:03d}{group:02d}{serial:04d}"
    assert us_ssn(value) is (value not in ADVERTISING_NUMBERS and value != value[0] * 9)


@given(area=st.sampled_from([0, 666, *range(900, 1000)]), rest=st.integers(0, 999999))
def test_forbidden_areas_fail(area: int, rest: int) -> None:
    """Areas 000, 666 and 900-999 never pass, whatever follows."""
    assert not us_ssn(f"{area:03d}{rest:06d}")
