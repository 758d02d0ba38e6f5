"""Rendering rows of cells (CSV, spreadsheets) as text detectors can read.

Cells are joined with `` | `` and rows with a newline, so neighbouring cells never glue into
one identifier (``123`` ``45`` ``6789`` in three columns is not an SSN). When the first row is
a header (every cell non-empty, no digits), each later cell is written ``Header: value``, so a
context word in the header (``MRN``, ``SSN``, ``DOB``) sits next to every value of its column.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

CELL_SEPARATOR = " | "
_MAX_HEADER_CHARS = 64


def is_header(row: Sequence[str]) -> bool:
    """True when ``row`` looks like column names."""
    cells = [c.strip() for c in row]
    return bool(cells) and all(
        c and len(c) <= _MAX_HEADER_CHARS and not any(ch.isdigit() for ch in c) for c in cells
    )


class TableWriter:
    """Accumulates rows as text, up to a character limit.

    :param max_chars: stop accepting rows past this many characters.
    """

    __slots__ = ("_chars", "_header", "_lines", "full", "max_chars")

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars
        self._lines: list[str] = []
        self._chars = 0
        self._header: list[str] | None = None
        #: True once the limit was reached.
        self.full = False

    def start_table(self, title: str = "") -> None:
        """Begin a new table (a sheet): forget the header; write the title on its own line."""
        self._header = None
        if title:
            self._add(title)

    def row(self, cells: Sequence[str]) -> None:
        """Add one row (the first row of a table may become its header)."""
        values = [c.strip() for c in cells]
        while values and not values[-1]:
            values.pop()
        if not values:
            return
        if self._header is None:
            self._header = values if is_header(values) else []
            self._add(CELL_SEPARATOR.join(values))
            return
        header = self._header
        rendered = [
            f"{header[i]}: {v}" if i < len(header) and v else v for i, v in enumerate(values)
        ]
        self._add(CELL_SEPARATOR.join(rendered))

    def rows(self, rows: Iterable[Sequence[str]]) -> None:
        """Add rows until the limit."""
        for cells in rows:
            if self.full:
                return
            self.row(cells)

    def _add(self, line: str) -> None:
        if self.full:
            return
        self._lines.append(line)
        self._chars += len(line) + 1
        if self._chars >= self.max_chars:
            self.full = True

    def text(self) -> str:
        """The rows written so far."""
        return "\n".join(self._lines)
