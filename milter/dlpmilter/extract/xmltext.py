"""Streaming text out of XML document parts (Office Open XML, OpenDocument).

The parser is ``defusedxml``'s SAX reader: no DTDs, no entity expansion, no external
references, so a billion-laughs or XXE part is an error (a ``corrupt`` fact), never a hang or
a file read. Text is collected in document order from every element; a table of *layout* names
(local names, namespaces ignored) turns paragraph ends, tabs, breaks and table cells into
newlines, tabs and `` | `` separators so words and numbers of different cells never glue.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_external_ges, feature_namespaces

from defusedxml.sax import make_parser

from dlpmilter.extract.allowance import Readable

#: Attributes that hold text a reader can see: the alternative text and title of pictures,
#: shapes and charts in DrawingML (``wp:docPr``, ``p:cNvPr``, ``xdr:cNvPr``).
ALT_TEXT: Mapping[str, tuple[str, ...]] = {"docPr": ("descr", "title"), "cNvPr": ("descr", "title")}

#: The separator written at the end of a table cell; a paragraph end just before it is dropped.
CELL_END = " | "


class EveryElement(Mapping[str, str]):
    """A layout table that writes ``separator`` for every element (metadata parts)."""

    def __init__(self, separator: str) -> None:
        self.separator = separator

    def __getitem__(self, key: str) -> str:
        return self.separator

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class TextFull(Exception):  # noqa: N818 - a control-flow signal, caught in this module
    """Raised inside the handler when the text limit is reached."""


class MarkupText(ContentHandler):
    """Collects character data and layout separators.

    :param on_start: local name -> text written when the element starts.
    :param on_end: local name -> text written when the element ends.
    :param max_chars: stop (raising :class:`TextFull`) past this many characters.
    :param attributes: local name -> attributes whose values are text (alternative text by
        default; pivot cache values for spreadsheets).
    """

    def __init__(
        self,
        *,
        on_start: Mapping[str, str],
        on_end: Mapping[str, str],
        max_chars: int,
        attributes: Mapping[str, tuple[str, ...]] = ALT_TEXT,
    ) -> None:
        super().__init__()
        self.attributes = attributes
        self.on_start = on_start
        self.on_end = on_end
        self.max_chars = max_chars
        self.chunks: list[str] = []
        self.size = 0

    def add(self, text: str) -> None:
        """Append text; raise :class:`TextFull` at the limit."""
        self.chunks.append(text)
        self.size += len(text)
        if self.size >= self.max_chars:
            raise TextFull

    def startElementNS(self, name: tuple[str | None, str], qname: str | None, attrs: Any) -> None:  # noqa: N802 - SAX API
        """An element opens; alternative text in its attributes is text too."""
        sep = self.on_start.get(name[1])
        if sep:
            self.add(sep)
        for attribute in self.attributes.get(name[1], ()):
            value = attrs.get((None, attribute))
            if value and value.strip():
                self.add(f"\n{value}\n")

    def endElementNS(self, name: tuple[str | None, str], qname: str | None) -> None:  # noqa: N802 - SAX API
        """An element closes."""
        sep = self.on_end.get(name[1])
        if sep:
            if sep == CELL_END and self.chunks and self.chunks[-1] == "\n":
                self.chunks.pop()
                self.size -= 1
            self.add(sep)

    def characters(self, content: str) -> None:
        """Character data."""
        self.add(content)

    def text(self) -> str:
        """What was collected."""
        return "".join(self.chunks)


def parse_into(stream: Readable, handler: ContentHandler) -> None:
    """Run ``handler`` over the XML in ``stream`` with the defused SAX parser.

    :raises TextFull: when the handler's limit is reached (the text so far is kept).
    :raises SAXException: on malformed or forbidden XML (DTDs, entities).
    """
    parser = make_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setFeature(feature_external_ges, False)
    parser.setContentHandler(handler)
    parser.parse(stream)


def xml_text(
    stream: Readable, *, on_start: Mapping[str, str], on_end: Mapping[str, str], max_chars: int
) -> str:
    """The text of one XML part, at most about ``max_chars`` characters.

    :raises SAXException: on malformed or forbidden XML.
    """
    handler = MarkupText(on_start=on_start, on_end=on_end, max_chars=max_chars)
    with contextlib.suppress(TextFull):
        parse_into(stream, handler)
    return handler.text()


__all__ = ["EveryElement", "MarkupText", "SAXException", "TextFull", "parse_into", "xml_text"]
