"""Excel workbooks (``.xlsx``, ``.xlsm``), read straight from their Office Open XML.

Every worksheet is read, hidden and "very hidden" ones included (their state is written in the
sheet's title line), cell by cell with shared and inline strings resolved and columns kept in
place, so a header row labels each value (see :mod:`dlpmilter.extract.table`). Sheet headers
and footers, cell comments (legacy and threaded), charts, drawings (text boxes), pivot caches
(which keep copies of their source rows even after the source sheet is deleted), external-link
caches, custom XML and the document properties are read too; embedded objects become children.
Date cells are written as ISO dates and numbers shown through digit masks as shown (see
:mod:`dlpmilter.extract.cellformat`). The worksheets are
streamed through the defused SAX reader: a sheet of a million rows never becomes a tree.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from typing import Any
from xml.sax.handler import ContentHandler

from dlpmilter.extract.base import Budget, Extracted, Extractor
from dlpmilter.extract.cellformat import StyleSheet, apply_mask, serial_to_text
from dlpmilter.extract.officezip import OfficePackage, has_parts
from dlpmilter.extract.ooxml import CUSTOM_XML, ON_END, ON_START
from dlpmilter.extract.table import TableWriter
from dlpmilter.extract.xmltext import EveryElement, TextFull

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEADER_FOOTER = frozenset(
    {"oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter"}
)
_EXTRA_PARTS = (
    r"xl/comments\d*\.xml",
    r"xl/comments/\w+\.xml",
    r"xl/threadedComments/\w+\.xml",
    r"xl/drawings/drawing\d+\.xml",
    r"xl/charts/chart\d+\.xml",
    r"xl/externalLinks/externalLink\d+\.xml",
)
#: Pivot caches keep copies of their source rows, even after the source sheet is deleted; the
#: values are attributes (``<s v="..."/>``, ``<n v="..."/>``, ``<d v="..."/>``).
_PIVOT_PARTS = r"xl/pivotCache/pivotCache(Definition|Records)\d+\.xml"
_PIVOT_VALUES = {"s": ("v",), "n": ("v",), "d": ("v",), "cacheField": ("name",)}
_PIVOT_LAYOUT = {"r": "\n", "cacheField": "\n"}
_MAX_GAP = 50


def column_index(ref: str | None) -> int | None:
    """``"C7"`` -> 2; ``None`` when there is no usable reference."""
    if not ref:
        return None
    index = 0
    for ch in ref:
        if "A" <= ch <= "Z":
            index = index * 26 + (ord(ch) - 64)
        else:
            break
    return index - 1 if index else None


class _Strings(ContentHandler):
    """``sharedStrings.xml``: the text of each ``si`` (phonetic runs left out)."""

    def __init__(self, max_chars: int) -> None:
        super().__init__()
        self.values: list[str] = []
        self._buf: list[str] = []
        self._in_t = False
        self._phonetic = False
        self._budget = max_chars

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:  # noqa: N802 - SAX API
        """Open."""
        local = name[1]
        if local == "si":
            self._buf = []
        elif local == "t":
            self._in_t = True
        elif local == "rPh":
            self._phonetic = True

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:  # noqa: N802 - SAX API
        """Close."""
        local = name[1]
        if local == "si":
            value = "".join(self._buf)
            self.values.append(value)
            self._budget -= len(value)
            if self._budget <= 0:
                raise TextFull
        elif local == "t":
            self._in_t = False
        elif local == "rPh":
            self._phonetic = False

    def characters(self, content: str) -> None:
        """Text of a run."""
        if self._in_t and not self._phonetic:
            self._buf.append(content)


@dataclass(frozen=True, slots=True)
class _Dates:
    """Which cell styles are dates or digit masks, and the workbook's date system."""

    styles: frozenset[int]
    date1904: bool
    masks: dict[int, str]


class _Sheet(ContentHandler):
    """One worksheet: rows of cells into a :class:`TableWriter`, headers and footers aside."""

    def __init__(
        self, writer: TableWriter, shared: list[str], notes: list[str], dates: _Dates
    ) -> None:
        super().__init__()
        self.writer = writer
        self.shared = shared
        self.notes = notes
        self.dates = dates
        self.row: dict[int, str] = {}
        self.cell_type = ""
        self.style = 0
        self.col = 0
        self.buf: list[str] | None = None

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:  # noqa: N802 - SAX API
        """Open a row, a cell, a value or a header/footer."""
        local = name[1]
        if local == "row":
            self.row = {}
        elif local == "c":
            found = column_index(attrs.get((None, "r")))
            self.col = found if found is not None else len(self.row)
            self.cell_type = attrs.get((None, "t"), "")
            style = attrs.get((None, "s"), "0")
            self.style = int(style) if style.isdigit() else 0
        elif local in ("v", "t") or local in _HEADER_FOOTER:
            self.buf = []

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:  # noqa: N802 - SAX API
        """Close: store a value, write a row, keep a header/footer."""
        local = name[1]
        if local in ("v", "t") and self.buf is not None:
            value = "".join(self.buf)
            if self.cell_type == "s" and local == "v":
                value = (
                    self.shared[int(value)]
                    if value.isdigit() and int(value) < len(self.shared)
                    else ""
                )
            elif local == "v" and self.cell_type in ("", "n") and self.style in self.dates.styles:
                value = serial_to_text(value, date1904=self.dates.date1904)
            elif local == "v" and self.cell_type in ("", "n") and self.style in self.dates.masks:
                value = apply_mask(value, self.dates.masks[self.style])
            self.row[self.col] = self.row.get(self.col, "") + value
            self.buf = None
        elif local in _HEADER_FOOTER and self.buf is not None:
            self.notes.append("".join(self.buf))
            self.buf = None
        elif local == "row":
            self.writer.row(_cells(self.row))
            if self.writer.full:
                raise TextFull

    def characters(self, content: str) -> None:
        """Text of a value."""
        if self.buf is not None:
            self.buf.append(content)


def _cells(row: dict[int, str]) -> list[str]:
    if not row:
        return []
    last = max(row)
    if last > len(row) + _MAX_GAP:
        return [row[i] for i in sorted(row)]
    return [row.get(i, "") for i in range(last + 1)]


class _Workbook(ContentHandler):
    """``workbook.xml`` sheets and ``workbook.xml.rels`` targets."""

    def __init__(self) -> None:
        super().__init__()
        self.sheets: list[tuple[str, str, str]] = []
        self.targets: dict[str, str] = {}
        self.date1904 = False

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:  # noqa: N802 - SAX API
        """A sheet or a relationship."""
        if name[1] == "workbookPr":
            self.date1904 = attrs.get((None, "date1904"), "0").lower() in {"1", "true"}
        elif name[1] == "sheet":
            state = attrs.get((None, "state"), "visible")
            self.sheets.append(
                (attrs.get((None, "name"), ""), state, attrs.get((_REL_NS, "id"), ""))
            )
        elif name[1] == "Relationship":
            self.targets[attrs.get((None, "Id"), "")] = attrs.get((None, "Target"), "")


def _sheet_parts(package: OfficePackage, book: _Workbook) -> list[tuple[str, str]]:
    """(title, part name) of every worksheet, in workbook order; unlisted sheets last."""
    package.handle("xl/workbook.xml", book)
    package.handle("xl/_rels/workbook.xml.rels", book)
    found: list[tuple[str, str]] = []
    for title, state, rel in book.sheets:
        target = book.targets.get(rel, "")
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        label = f"Sheet: {title}" + ("" if state == "visible" else f" ({state})")
        found.append((label, path))
    listed = {path for _, path in found}
    found.extend(
        ("Sheet", n) for n in package.names(r"xl/worksheets/sheet\d+\.xml") if n not in listed
    )
    return found


class XlsxExtractor(Extractor):
    """Excel workbooks."""

    name = "xlsx"
    priority = 60

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for a ZIP holding ``xl/workbook.xml``."""
        return has_parts(data, b"xl/", "xl/workbook.xml")

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Every cell of every sheet, hidden ones included; comments, headers, footers."""
        package = OfficePackage(data, location=location, budget=budget)
        strings = _Strings(budget.max_text_chars)
        package.handle("xl/sharedStrings.xml", strings)
        writer = TableWriter(budget.max_text_chars)
        notes: list[str] = []
        book = _Workbook()
        sheets = _sheet_parts(package, book)
        styles = StyleSheet()
        package.handle("xl/styles.xml", styles)
        dates = _Dates(
            styles=styles.date_styles(), date1904=book.date1904, masks=styles.mask_styles()
        )
        for title, part in sheets:
            if writer.full:
                break
            writer.start_table(title)
            package.handle(part, _Sheet(writer, strings.values, notes, dates))
        package.add(writer.text())
        package.add("\n".join(notes))
        for pattern in _EXTRA_PARTS:
            package.read_text(package.names(pattern), on_start=ON_START, on_end=ON_END)
        package.read_text(
            package.names(_PIVOT_PARTS), on_start={}, on_end=_PIVOT_LAYOUT, attributes=_PIVOT_VALUES
        )
        package.read_text(
            package.names(r"docProps/(core|app|custom)\.xml"),
            on_start={},
            on_end=EveryElement("\n"),
        )
        package.read_text(package.names(CUSTOM_XML), on_start={}, on_end=EveryElement("\n"))
        package.embed(package.names(r"xl/embeddings/.+"))
        return package.result(XLSX_TYPE)
