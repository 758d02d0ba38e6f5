"""Birth-date validator: every common format, real calendar dates, plausible range."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.dates import birth_date

TODAY = datetime.date(2026, 6, 1)


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("03/14/1962", True),
        ("3/14/62", True),
        ("14/03/1962", True),  # day first
        ("14.03.1962", True),
        ("1962-03-14", True),
        ("14 Mar 1962", True),
        ("14-Mar-1962", True),
        ("14th March 1962", True),
        ("March 14, 1962", True),
        ("14th of March 1962", True),
        ("1962/03/14", True),
        ("14/Mar/1962", True),
        ("Sept. 4, 1990", True),
        ("02/29/2000", True),  # leap year
        ("02/29/1900", False),  # 1900 was not
        ("13/13/1962", False),
        ("00/10/1962", False),
        ("03/14/1862", False),  # too early
        ("03/14/2027", False),  # after today
        ("Smarch 14, 1962", False),
        ("1962", False),
        ("12:30:45", False),
    ],
)
def test_vectors(value: str, valid: bool) -> None:
    """Real dates between 1900 and today pass in every common format."""
    assert birth_date(value, today=TODAY) is valid


FORMATS = ("%m/%d/%Y", "%Y-%m-%d", "%d %b %Y", "%B %d, %Y", "%d-%b-%Y", "%m-%d-%Y")


@given(st.dates(datetime.date(1900, 1, 1), TODAY), st.sampled_from(FORMATS))
def test_generated_dates_pass(date: datetime.date, fmt: str) -> None:
    """Any date in range, written in any supported format, passes."""
    assert birth_date(date.strftime(fmt), today=TODAY)


@given(st.dates(datetime.date(2027, 1, 1), datetime.date(2099, 12, 31)), st.sampled_from(FORMATS))
def test_future_dates_fail(date: datetime.date, fmt: str) -> None:
    """A date in a later year is nobody's birth date (whichever of day and month comes first)."""
    assert not birth_date(date.strftime(fmt), today=TODAY)
