"""Phone validator: NANP area-code and exchange rules, E.164 international numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.detectors.validators.phone import nanp, phone


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("6172531000", True),
        ("(617)253-1000", True),
        ("16172531000", True),
        ("+16172531000", True),
        ("+442079460958", True),
        ("+33142685300", True),
        ("1172531000", False),  # area code starting 1
        ("0172531000", False),
        ("4112531000", False),  # N11 area code
        ("6171531000", False),  # exchange starting 1
        ("6179111000", False),  # N11 exchange
        ("6195550123", False),  # 555-01xx fictional
        ("2905551000", False),  # N9X reserved
        ("3705551000", False),  # 37X reserved
        ("617253100", False),
        ("+0442079460958", False),
        ("+4420", False),
        ("617253100a", False),
    ],
)
def test_vectors(value: str, valid: bool) -> None:
    """Dialable numbers pass; reserved codes, fictional numbers and bad lengths fail."""
    assert phone(value) is valid


@given(
    st.tuples(st.integers(2, 9), st.integers(0, 8), st.integers(0, 9)),
    st.tuples(st.integers(2, 9), st.integers(0, 99)),
    st.integers(0, 9999),
)
def test_nanp_rules(area_d: tuple[int, int, int], exchange_d: tuple[int, int], line: int) -> None:
    """A number passes exactly when area and exchange follow the plan's rules."""
    (a, b, c), (e, x) = area_d, exchange_d
    area, exchange = f"{a}{b}{c}", f"{e}{x:02d}"
    digits = f"{area}{exchange}{line:04d}"
    expected = (
        area[1:] != "11"
        and exchange[1:] != "11"
        and area[:2] not in {"37", "96"}
        and not (exchange == "555" and 100 <= line <= 199)
    )
    assert nanp(digits) is expected
