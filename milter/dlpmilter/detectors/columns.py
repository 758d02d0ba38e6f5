"""Column context in tables rendered as text: a value under a header that holds a hotword.

Spreadsheets and CSV files reach the detectors as lines of cells joined by `` | ``. When the
extractor cannot tell the first row is a header, the header's words (``MRN``, ``Date of
Birth``) sit far above the values of their column, out of any character window. A
:class:`ColumnIndex` finds the blocks of table lines once per part, takes each block's first
line as its header, and answers in O(line length) which hotwords head the column a value is in.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

#: How table extractors join cells (see :mod:`dlpmilter.extract.table`).
CELL_SEPARATOR = " | "


@dataclass(frozen=True, slots=True)
class TableBlock:
    """Consecutive table lines: ``[start, end)`` offsets, and per column the hotword ids in its
    header cell."""

    start: int
    end: int
    header_end: int
    columns: tuple[tuple[str, ...], ...]


def _lines(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    size = len(text)
    while start <= size:
        end = text.find("\n", start)
        if end < 0:
            end = size
        spans.append((start, end))
        start = end + 1
    return spans


def _cells(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cells = []
    while True:
        cut = text.find(CELL_SEPARATOR, start, end)
        if cut < 0:
            cells.append((start, end))
            return cells
        cells.append((start, cut))
        start = cut + len(CELL_SEPARATOR)


class ColumnIndex:
    """The table blocks of one text whose header names at least one hotword.

    :param text: the part's text.
    :param starts: sorted start offsets of the hotwords found in it.
    :param ends: their end offsets.
    :param ids: their ids.
    """

    def __init__(
        self, text: str, starts: Sequence[int], ends: Sequence[int], ids: Sequence[str]
    ) -> None:
        self._text = text
        self.blocks: list[TableBlock] = []
        if CELL_SEPARATOR not in text or not starts:
            return
        run: list[tuple[int, int]] = []
        for line in [*_lines(text), (len(text) + 1, len(text) + 1)]:
            if CELL_SEPARATOR in text[line[0] : line[1]]:
                run.append(line)
                continue
            if len(run) > 1:
                self._add(run, starts, ends, ids)
            run = []
        self._starts = [b.start for b in self.blocks]

    def _add(
        self,
        run: list[tuple[int, int]],
        starts: Sequence[int],
        ends: Sequence[int],
        ids: Sequence[str],
    ) -> None:
        header_start, header_end = run[0]
        columns = []
        for cell_start, cell_end in _cells(self._text, header_start, header_end):
            first = bisect.bisect_left(starts, cell_start)
            last = bisect.bisect_left(starts, cell_end)
            found = {ids[i] for i in range(first, last) if ends[i] <= cell_end}
            columns.append(tuple(sorted(found)))
        if any(columns):
            block = TableBlock(
                start=header_start, end=run[-1][1], header_end=header_end, columns=tuple(columns)
            )
            self.blocks.append(block)

    def ranges(self) -> list[tuple[int, int]]:
        """The ``[start, end)`` offsets of the blocks (where a context-gated pattern must run)."""
        return [(b.start, b.end) for b in self.blocks]

    def hotwords(self, offset: int) -> tuple[str, ...]:
        """Hotword ids heading the column of the value starting at ``offset`` (header line
        itself and text outside tables: none)."""
        if not self.blocks:
            return ()
        index = bisect.bisect_right(self._starts, offset) - 1
        if index < 0:
            return ()
        block = self.blocks[index]
        if not block.header_end < offset < block.end:
            return ()
        line_start = self._text.rfind("\n", block.start, offset) + 1
        column = self._text.count(CELL_SEPARATOR, line_start, offset)
        return block.columns[column] if column < len(block.columns) else ()
