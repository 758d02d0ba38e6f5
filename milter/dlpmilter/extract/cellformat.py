"""Spreadsheet number formats: which cell styles are dates, and how a date serial reads.

Excel stores dates as numbers (days since 1899-12-30, or since 1904-01-01 in workbooks that say
``date1904``) and shows them through a number format. A birth date in a patient list is
therefore ``31150`` in the XML; read as a number, no date-of-birth detector could see it.
:func:`date_styles` finds the cell styles whose format is a date (the built-in ids 14-22 and
45-47, and custom formats with day, month or year codes outside quotes and brackets), and
:func:`serial_to_text` writes such a value as an ISO date (``1985-04-12``, with the time when
there is one).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any
from xml.sax.handler import ContentHandler

#: Built-in number format ids that are dates or times.
BUILTIN_DATE_FORMATS = frozenset({*range(14, 23), 45, 46, 47})
_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_DATE_CODES = re.compile(r"[dmyDMY]")
_EPOCH_1900 = dt.datetime(1899, 12, 30)
_EPOCH_1904 = dt.datetime(1904, 1, 1)
#: Serials beyond year 9999 are not dates.
_MAX_SERIAL = 2_958_465


def is_date_format(code: str) -> bool:
    """True when a custom format code shows a date (``dd/mm/yyyy``, ``mmm d``, ...)."""
    return bool(_DATE_CODES.search(_LITERALS.sub("", code)))


class StyleSheet(ContentHandler):
    """``styles.xml``: custom number formats and the cell formats (``cellXfs``) using them."""

    def __init__(self) -> None:
        super().__init__()
        self.custom: dict[int, str] = {}
        self.cell_formats: list[int] = []
        self._in_cell_xfs = False

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:  # noqa: N802 - SAX API
        """A number format, or a cell format inside ``cellXfs``."""
        local = name[1]
        if local == "numFmt":
            ident = attrs.get((None, "numFmtId"), "")
            if ident.isdigit():
                self.custom[int(ident)] = attrs.get((None, "formatCode"), "")
        elif local == "cellXfs":
            self._in_cell_xfs = True
        elif local == "xf" and self._in_cell_xfs:
            ident = attrs.get((None, "numFmtId"), "0")
            self.cell_formats.append(int(ident) if ident.isdigit() else 0)

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:  # noqa: N802 - SAX API
        """Leave ``cellXfs``."""
        if name[1] == "cellXfs":
            self._in_cell_xfs = False

    def mask_styles(self) -> dict[int, str]:
        """Cell formats whose number format is a digit mask, by index (see :func:`apply_mask`)."""
        found: dict[int, str] = {}
        for index, fmt in enumerate(self.cell_formats):
            code = self.custom.get(fmt, "")
            if code and is_digit_mask(code):
                found[index] = code
        return found

    def date_styles(self) -> frozenset[int]:
        """Indexes of the cell formats that show dates."""
        return frozenset(
            index
            for index, fmt in enumerate(self.cell_formats)
            if fmt in BUILTIN_DATE_FORMATS
            or (fmt in self.custom and is_date_format(self.custom[fmt]))
        )


def serial_to_text(value: str, *, date1904: bool = False) -> str:
    """An ISO date (and time, if any) for a date serial; ``value`` unchanged if it is not one."""
    try:
        serial = float(value)
    except ValueError:
        return value
    if not 0 <= serial <= _MAX_SERIAL:
        return value
    moment = (_EPOCH_1904 if date1904 else _EPOCH_1900) + dt.timedelta(days=serial)
    if moment.hour == moment.minute == moment.second == 0:
        return moment.date().isoformat()
    return moment.isoformat(sep=" ", timespec="seconds")


_CONDITION = re.compile(r"\[(<=|<|>=|>|=)(\d+(?:\.\d+)?)\]")
_MASK_CHARS = frozenset("0#-() .")


def _mask_sections(code: str) -> list[tuple[str, str, float] | tuple[str, None, None]]:
    """The sections of a format code, each with its ``[<=N]`` condition, if any."""
    sections: list[tuple[str, str, float] | tuple[str, None, None]] = []
    for raw in code.split(";")[:2]:
        match = _CONDITION.match(raw)
        body = _LITERALS.sub(lambda m: m.group()[1:] if m.group().startswith("\\") else "", raw)
        if match:
            sections.append((body, match.group(1), float(match.group(2))))
        else:
            sections.append((body, None, None))
    return sections


def is_digit_mask(code: str) -> bool:
    """True for formats that only place digits between separators: ``000-00-0000`` (SSN),
    ``(###) ###-####`` and ``[<=9999999]###-####;(###) ###-####`` (phone), ``00000-0000``."""
    sections = _mask_sections(code)
    return bool(sections) and all(
        body and set(body) <= _MASK_CHARS and any(c in "0#" for c in body) and "." not in body
        for body, _, _ in sections
    )


def _holds(op: str, value: float, limit: float) -> bool:
    return {
        "<=": value <= limit, "<": value < limit, ">=": value >= limit, ">": value > limit, "=": value == limit,
    }[op]  # fmt: skip


def apply_mask(value: str, code: str) -> str:
    """``123456789`` through ``000-00-0000`` -> ``123-45-6789``; ``value`` if it is no integer."""
    if not value.isdigit():
        return value
    sections = _mask_sections(code)
    body = sections[0][0]
    first_op, first_limit = sections[0][1], sections[0][2]
    if first_op is not None and first_limit is not None and len(sections) > 1:
        body = body if _holds(first_op, float(value), first_limit) else sections[1][0]
    digits = list(value.lstrip("0") or "0")
    out: list[str] = []
    for ch in reversed(body):
        if ch in "0#":
            out.append(digits.pop() if digits else ("0" if ch == "0" else ""))
        else:
            out.append(ch)
    return "".join(digits) + "".join(reversed(out)).strip()
