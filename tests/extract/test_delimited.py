"""CSV and TSV: cells kept apart, header names next to values, sniffing by structure."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.extract.delimited import sniff_delimiter
from dlpmilter.extract.table import TableWriter, is_header


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"name,mrn,ssn\nAnn,40021,123-45-6789\n",
            "name | mrn | ssn\nname: Ann | mrn: 40021 | ssn: 123-45-6789",
        ),
        (b"name\tssn\nAnn\t123-45-6789\n", "name | ssn\nname: Ann | ssn: 123-45-6789"),
        (b"a;b;c\n123;45;6789\n", "a | b | c\na: 123 | b: 45 | c: 6789"),
        (b"1,2\n123,45\n", "1 | 2\n123 | 45"),
        (
            b'"Lee, Ann","123-45-6789"\n"Roe, Bo","987-65-4321"\n',
            "Lee, Ann | 123-45-6789\nRoe, Bo | 987-65-4321",
        ),
    ],
)
def test_csv_rendering(run: Any, data: bytes, expected: str) -> None:
    """Cells are joined by `` | `` (never glued); a header row labels each value."""
    assert run(data, name="x.csv").part("attachment:x.csv").text == expected


def test_tsv_content_type(run: Any) -> None:
    """Tab-separated data is reported as such."""
    assert (
        run(b"a\tb\n1\t2\n", name="x").part("attachment:x").content_type
        == "text/tab-separated-values"
    )


@pytest.mark.parametrize(
    ("head", "delimiter"),
    [
        ("a,b\n1,2\n", ","),
        ("a|b|c\n1|2|3\n4|5|6\n", "|"),
        ("Just one line, with a comma", None),
        ("Dear Ann,\nthe results are in.\nRegards\n", None),
    ],
)
def test_sniff_delimiter(head: str, delimiter: str | None) -> None:
    """Consistent delimiter counts over lines make a table; prose does not."""
    assert sniff_delimiter(head) == delimiter


def test_writer_stops_at_its_limit() -> None:
    """The table writer never holds much more than its limit."""
    writer = TableWriter(max_chars=50)
    writer.rows([["x" * 20]] * 100)
    assert writer.full and len(writer.text()) <= 50 + 21


@pytest.mark.parametrize(
    ("row", "header"), [(["Name", "SSN"], True), (["Ann", "123"], False), (["Name", ""], False)]
)
def test_is_header(row: list[str], header: bool) -> None:
    """A header has only non-empty cells without digits."""
    assert is_header(row) is header


@given(st.text(alphabet=st.sampled_from(list('ab1,;\t|"\n\r ')), max_size=300))
def test_any_delimited_text_is_read(text: str) -> None:
    """Quotes, ragged rows and stray delimiters never make extraction fail."""
    import time

    from dlpmilter.extract.base import Budget
    from dlpmilter.extract.delimited import DelimitedExtractor

    budget = Budget(
        max_text_chars=10_000,
        max_expanded_bytes=10**7,
        max_ratio=100.0,
        deadline=time.monotonic() + 60,
    )
    assert isinstance(
        DelimitedExtractor().extract(text.encode(), location="x", budget=budget).text, str
    )
