"""CSV and TSV: recognised by a consistent delimiter, read cell by cell.

Cells are kept apart (see :mod:`dlpmilter.extract.table`) so identifiers in neighbouring
columns are never glued together, and a header row gives each value its column name.
"""

from __future__ import annotations

import csv
import io

from dlpmilter.extract.base import Budget, Extracted, Extractor
from dlpmilter.extract.charset import head_text
from dlpmilter.extract.table import TableWriter
from dlpmilter.extract.text import decode_budgeted

_DELIMITERS = (",", "\t", ";", "|")
_SNIFF_LINES = 20
_MIN_LINES = 2


def sniff_delimiter(head: str) -> str | None:
    """The delimiter that splits every complete line of ``head`` into the same number of cells.

    At least :data:`_MIN_LINES` lines and one delimiter per line are needed; 80 % of lines
    must agree on the count (quoted cells may hold the delimiter).
    """
    lines = [line for line in head.splitlines()[:_SNIFF_LINES] if line.strip()]
    if len(head) >= 4096 and len(lines) > _MIN_LINES:
        lines = lines[:-1]
    if len(lines) < _MIN_LINES:
        return None
    for delimiter in _DELIMITERS:
        counts = [line.count(delimiter) for line in lines]
        if min(counts) == 0:
            continue
        most = max(set(counts), key=counts.count)
        if counts.count(most) >= 0.8 * len(counts):
            return delimiter
    return None


class DelimitedExtractor(Extractor):
    """Comma-, tab-, semicolon- or pipe-separated values."""

    name = "csv"
    priority = 5

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for text whose lines split evenly on one delimiter."""
        head = head_text(data)
        return (
            head is not None
            and not head.lstrip().startswith("<")
            and sniff_delimiter(head) is not None
        )

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Every cell, row by row."""
        text, facts = decode_budgeted(data, location=location, budget=budget)
        delimiter = sniff_delimiter(text[:4096]) or ","
        writer = TableWriter(budget.max_text_chars)
        try:
            writer.rows(
                csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
            )
        except csv.Error:
            return Extracted(text=text, content_type="text/csv", facts=facts)
        kind = "text/tab-separated-values" if delimiter == "\t" else "text/csv"
        return Extracted(text=writer.text(), content_type=kind, facts=facts)
