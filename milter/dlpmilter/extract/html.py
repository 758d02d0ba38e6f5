"""HTML (and SVG) attachments: all text, hidden text included, plus alt/title attributes.

Hidden text is kept on purpose: ``display:none``, white-on-white and comments are where
evasions hide data. The message engineer's :mod:`dlpmilter.htmltext` is used when present so
bodies and attachments read HTML the same way; :class:`_TextCollector` is the fallback.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from dlpmilter.extract.base import Budget, Extracted, Extractor
from dlpmilter.extract.charset import head_text
from dlpmilter.extract.text import decode_budgeted

_MARKUP_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
    r"table|div|p|span|br|svg|h[1-6])\b",
    re.IGNORECASE | re.DOTALL,
)
_BLOCKS = frozenset(
    {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
     "article", "header", "footer", "blockquote", "pre", "title", "hr", "ul", "ol", "dt", "dd"}
)  # fmt: skip
_CELLS = frozenset({"td", "th"})
_KEPT_ATTRIBUTES = ("alt", "title", "value", "placeholder", "aria-label", "content")
_SKIPPED = frozenset({"style"})


class _TextCollector(HTMLParser):
    """Text of every element except ``<style>``, attributes worth reading, and comments."""

    def __init__(self, max_chars: int) -> None:
        super().__init__(convert_charrefs=True)
        self.max_chars = max_chars
        self.chunks: list[str] = []
        self.size = 0
        self._skip = 0

    def _add(self, text: str) -> None:
        if self.size < self.max_chars and text:
            self.chunks.append(text)
            self.size += len(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open an element: note blocks, skipped content and attributes."""
        if tag in _SKIPPED:
            self._skip += 1
        if tag in _BLOCKS:
            self._add("\n")
        elif tag in _CELLS:
            self._add(" | ")
        for name, value in attrs:
            if value and name in _KEPT_ATTRIBUTES:
                self._add(f" {value} ")

    def handle_endtag(self, tag: str) -> None:
        """Close an element."""
        if tag in _SKIPPED and self._skip:
            self._skip -= 1
        if tag in _BLOCKS:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        """Text content."""
        if not self._skip:
            self._add(data)

    def handle_comment(self, data: str) -> None:
        """Comments are read: they hide data."""
        self._add(f" {data} ")


def _shared_converter() -> object:
    """The message parser's HTML converter (``dlpmilter.htmltext.html_to_text``), if any."""
    try:
        from dlpmilter import htmltext  # type: ignore[attr-defined,unused-ignore]
    except ImportError:
        return None
    return getattr(htmltext, "html_to_text", None)


def html_to_text(markup: str, max_chars: int) -> str:
    """The readable text of ``markup``, at most about ``max_chars`` characters."""
    convert = _shared_converter()
    if callable(convert):
        try:
            result = convert(markup)
        except Exception:  # noqa: BLE001 - fall back to the local reader on any failure
            result = None
        text = getattr(result, "text", result)
        if isinstance(text, str):
            return text[:max_chars]
    collector = _TextCollector(max_chars)
    collector.feed(markup)
    collector.close()
    return "".join(collector.chunks)


class HtmlExtractor(Extractor):
    """HTML, XHTML and SVG documents."""

    name = "html"
    priority = 8

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for text that starts with an HTML or SVG tag."""
        head = head_text(data)
        return head is not None and _MARKUP_START.match(head.lstrip("\ufeff")) is not None

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """The text, hidden parts included."""
        markup, facts = decode_budgeted(data, location=location, budget=budget)
        text = html_to_text(markup, budget.max_text_chars)
        return Extracted(text=text, content_type="text/html", facts=facts)
