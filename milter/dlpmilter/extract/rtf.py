"""RTF: a small, linear RTF-to-text reader of our own.

One regular expression tokenises the document (control words, control symbols, ``\\'hh`` hex
bytes, ``\\uN`` Unicode, braces, text); a group stack tracks destinations to skip (font and
colour tables, pictures, ``\\*`` ignorable destinations) and the ``\\ucN`` fallback count.
Hidden text (``\\v``) is kept: it is where evasions hide. ``\\bin N`` skips its binary bytes.
Paragraphs, lines, cells and rows become newlines and `` | `` separators. Embedded objects
(``\\objdata``, hex-encoded OLE1 objects: a spreadsheet or a file dropped into a letter) are
decoded and become children.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.extract.ole import ole1_object
from dlpmilter.message import Fact

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|([^\\{}\r\n]+)|[\r\n]+",
    re.DOTALL,
)
_SKIP_DESTINATIONS = frozenset(
    {b"fonttbl", b"colortbl", b"stylesheet", b"pict", b"themedata", b"colorschememapping",
     b"datastore", b"latentstyles", b"listtable", b"listoverridetable", b"rsidtbl", b"generator",
     b"xmlnstbl", b"filetbl", b"revtbl", b"bkmkstart", b"bkmkend"}
)  # fmt: skip
_BREAKS = {b"par": "\n", b"line": "\n", b"row": "\n", b"sect": "\n", b"page": "\n",
           b"tab": "\t", b"cell": " | ", b"emdash": "\u2014", b"endash": "\u2013",
           b"lquote": "\u2018", b"rquote": "\u2019", b"ldblquote": "\u201c", b"rdblquote": "\u201d",
           b"bullet": "\u2022", b"emspace": " ", b"enspace": " "}  # fmt: skip
_HEX_DIGITS = frozenset(b"0123456789abcdefABCDEF")
_SYMBOLS = {b"~": "\u00a0", b"-": "\u00ad", b"_": "\u2011", b"\\": "\\", b"{": "{", b"}": "}"}


@dataclass(slots=True)
class _Group:
    skip: bool = False
    uc: int = 1
    capture: bool = False


@dataclass(frozen=True, slots=True)
class RtfContent:
    """What an RTF document holds: its text and its embedded objects (OLE1 bytes)."""

    text: str
    objects: tuple[bytes, ...]


class _Reader:
    """State of one RTF conversion."""

    def __init__(self, max_chars: int, max_object_bytes: int = 0) -> None:
        self.max_chars = max_chars
        self.max_object_hex = 2 * max_object_bytes
        self.objects: list[bytearray] = []
        self.out: list[str] = []
        self.size = 0
        self.stack: list[_Group] = [_Group()]
        self.codepage = "cp1252"
        self.pending = bytearray()
        self.skip_fallback = 0
        self.ignorable_next = False

    def emit(self, text: str) -> None:
        self.flush()
        if not self.stack[-1].skip and self.size < self.max_chars:
            self.out.append(text)
            self.size += len(text)

    def flush(self) -> None:
        if self.pending:
            raw, self.pending = bytes(self.pending), bytearray()
            if not self.stack[-1].skip:
                self.out.append(raw.decode(self.codepage, errors="replace"))
                self.size += len(raw)

    def word(self, name: bytes, arg: int | None) -> None:
        group = self.stack[-1]
        if name == b"objdata":
            self.ignorable_next = False
            self.flush()
            group.skip = group.capture = True
            self.objects.append(bytearray())
        elif self.ignorable_next or name in _SKIP_DESTINATIONS:
            self.ignorable_next = False
            self.flush()
            group.skip = True
        elif name == b"ansicpg" and arg is not None:
            self.codepage = _codepage(arg)
        elif name == b"uc" and arg is not None:
            group.uc = max(0, arg)
        elif name == b"u" and arg is not None:
            self.emit(chr(arg % 0x10000 if arg >= 0 else arg + 0x10000))
            self.skip_fallback = group.uc
        elif name in _BREAKS:
            self.emit(_BREAKS[name])

    def hex_byte(self, value: int) -> None:
        if self.skip_fallback:
            self.skip_fallback -= 1
            return
        self.pending.append(value)

    def text(self, raw: bytes) -> None:
        if self.stack[-1].capture:
            current = self.objects[-1]
            if len(current) < self.max_object_hex:
                current += raw[: self.max_object_hex - len(current)]
            return
        if self.skip_fallback:
            dropped = min(self.skip_fallback, len(raw))
            self.skip_fallback -= dropped
            raw = raw[dropped:]
        if raw:
            self.emit(raw.decode(self.codepage, errors="replace"))


def _codepage(number: int) -> str:
    name = f"cp{number}"
    try:
        "".encode(name)
    except LookupError:
        return "cp1252"
    return name


def rtf_to_text(data: bytes, max_chars: int) -> str:
    """The text of an RTF document, at most about ``max_chars`` characters."""
    return read_rtf(data, max_chars).text


def read_rtf(data: bytes, max_chars: int, *, max_object_bytes: int = 0) -> RtfContent:
    """The text of an RTF document and, up to ``max_object_bytes`` each, its embedded objects."""
    reader = _Reader(max_chars, max_object_bytes)
    position = 0
    for match in _TOKEN.finditer(data):
        if match.start() < position:
            continue
        word, arg, hexa, symbol, brace, plain = match.groups()
        if word is not None:
            if word == b"bin" and arg:
                position = match.end() + max(0, int(arg))
                continue
            reader.word(word, int(arg) if arg else None)
        elif hexa is not None:
            reader.hex_byte(int(hexa, 16))
        elif symbol is not None:
            _symbol(reader, symbol)
        elif brace is not None:
            _brace(reader, brace)
        elif plain is not None:
            reader.text(plain)
        if reader.size >= max_chars:
            break
    reader.flush()
    objects = []
    for hexa in reader.objects:
        digits = bytes(c for c in hexa if c in _HEX_DIGITS)
        objects.append(bytes.fromhex(digits[: len(digits) // 2 * 2].decode("ascii")))
    return RtfContent(text="".join(reader.out), objects=tuple(o for o in objects if o))


def _symbol(reader: _Reader, symbol: bytes) -> None:
    if symbol == b"*":
        reader.ignorable_next = True
    elif symbol in _SYMBOLS:
        reader.emit(_SYMBOLS[symbol])
    elif symbol in (b"\n", b"\r"):
        reader.emit("\n")


def _brace(reader: _Reader, brace: bytes) -> None:
    reader.flush()
    if brace == b"{":
        top = reader.stack[-1]
        reader.stack.append(_Group(skip=top.skip, uc=top.uc))
    elif len(reader.stack) > 1:
        reader.stack.pop()
    reader.skip_fallback = 0


class RtfExtractor(Extractor):
    """Rich Text Format documents."""

    name = "rtf"
    priority = 50

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True when the data starts with ``{\\rtf``."""
        return data.lstrip()[:5] == b"{\\rtf"

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """The document's text, hidden text included; embedded objects as children."""
        content = read_rtf(data, budget.max_text_chars, max_object_bytes=budget.max_member_bytes)
        children: list[Child] = []
        facts: list[Fact] = []
        for number, raw in enumerate(content.objects[: budget.max_members], start=1):
            found = ole1_object(raw)
            if found is None:
                detail = f"rtf object {number}: not an embedded OLE1 object"
                facts.append(Fact(kind="unsupported_type", location=location, detail=detail))
            else:
                children.append(Child(name=found[0], data=found[1]))
        return Extracted(
            text=content.text,
            content_type="application/rtf",
            children=tuple(children),
            facts=tuple(facts),
            expanded_bytes=sum(len(c.data) for c in children),
        )
