"""Every registered validator is total: any string gives a bool, never an exception."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators import CATALOGUE, PreparedValidator

ODD_TEXT = st.text(
    alphabet=st.sampled_from("0123456789 -./:+()@#ABCDEFXZabcxyzéİß٣１\u200b"), max_size=40
) | st.text(max_size=40)


@pytest.mark.parametrize(
    "name", sorted(n for n, f in CATALOGUE.items() if not isinstance(f, PreparedValidator))
)
@given(value=ODD_TEXT)
def test_validators_never_raise(name: str, value: str) -> None:
    """Arbitrary text, Unicode digits included, is simply not valid."""
    assert CATALOGUE[name](value) in (True, False)


def test_catalogue_names_are_the_function_names() -> None:
    """Names are lower_snake_case and unique."""
    assert all(name.isidentifier() and name.islower() for name in CATALOGUE)
