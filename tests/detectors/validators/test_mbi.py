"""Medicare Beneficiary Identifier validator."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.mbi import EXCLUDED_LETTERS, POSITIONS, us_mbi

LETTERS = "".join(sorted(set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") - EXCLUDED_LETTERS))
CHOICES = {"C": "123456789", "A": LETTERS, "N": "0123456789", "AN": LETTERS + "0123456789"}


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("1EG4TE5MK73", True),  # the CMS example
        ("1eg4te5mk73", True),
        ("9AA0AA0AA00", True),
        ("0EG4TE5MK73", False),  # first character 1-9
        ("1SG4TE5MK73", False),  # S excluded
        ("1EG4TE5MK7", False),
        ("1EGATE5MK73", False),  # position 4 must be a digit
        ("1EG4TE5MO73", False),  # O excluded
        ("1EG4TE5MK7B", False),
    ],
)
def test_vectors(value: str, valid: bool) -> None:
    """The CMS example passes; each broken position fails."""
    assert us_mbi(value) is valid


@st.composite
def mbis(draw: st.DrawFn) -> str:
    return "".join(draw(st.sampled_from(CHOICES[kind])) for kind in POSITIONS)


@given(mbis())
def test_generated_pass(value: str) -> None:
    """Any value following the position rules passes."""
    assert us_mbi(value)


@given(mbis(), st.integers(0, 10), st.sampled_from(sorted(EXCLUDED_LETTERS)))
def test_excluded_letter_fails(value: str, index: int, letter: str) -> None:
    """An excluded letter anywhere breaks it."""
    assert not us_mbi(value[:index] + letter + value[index + 1 :])
