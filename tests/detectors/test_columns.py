"""Column context: values in rendered tables take the hotwords of their column's header."""

from __future__ import annotations

import pytest

from dlpmilter.detectors.columns import ColumnIndex
from dlpmilter.detectors.hotwords import HotwordIndex

TABLE = (
    "Here is the list.\n"
    "Last | First | Date of Birth | MRN | ICD-10\n"
    "Rivera | Diego | 2000-02-07 | M666271314 | J44.9\n"
    "Pham | Malia | 1964-03-27 | 18025271 | F43.10\n"
    "\n"
    "Call 617-253-1000 | ext 12\n"
)


def index(text: str, words: list[str]) -> ColumnIndex:
    hits = HotwordIndex(words).find(text)
    return ColumnIndex(text, hits.starts, hits.ends, hits.ids)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("M666271314", ("hotword:mrn",)),
        ("18025271", ("hotword:mrn",)),
        ("1964-03-27", ("hotword:date_of_birth",)),
        ("J44.9", ("hotword:icd-10",)),
        ("Diego", ()),
        ("Here", ()),  # outside the table
        ("617-253-1000", ()),  # a one-line "table" has no header
    ],
)
def test_values_take_their_column_header(value: str, expected: tuple[str, ...]) -> None:
    """Each value is matched to the hotwords of the header cell above it."""
    columns = index(TABLE, ["mrn", "date of birth", "icd-10"])
    assert columns.hotwords(TABLE.index(value)) == expected


def test_header_line_itself_is_not_a_value() -> None:
    """The header's own cells are not values of their column."""
    columns = index(TABLE, ["mrn"])
    assert columns.hotwords(TABLE.index("MRN")) == ()


def test_no_header_hotword_no_block() -> None:
    """A table whose header names no hotword gives no ranges."""
    columns = index(TABLE, ["passport"])
    assert columns.blocks == []
    assert columns.ranges() == []


def test_ranges_cover_the_table() -> None:
    """The block spans the header and every row, so gated patterns run over it."""
    columns = index(TABLE, ["mrn"])
    (low, high), *_ = columns.ranges()
    assert TABLE[low:high].startswith("Last | First") and TABLE[low:high].endswith("F43.10")


def test_extra_cells_beyond_the_header() -> None:
    """A row with more cells than its header has no context for the extra cells."""
    text = "MRN | Name\n12345678 | Ann | 87654321\n"
    columns = index(text, ["mrn"])
    assert columns.hotwords(text.index("12345678")) == ("hotword:mrn",)
    assert columns.hotwords(text.index("87654321")) == ()
