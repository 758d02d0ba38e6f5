"""HTML (and SVG) attachments: all text, hidden text included, plus alt/title attributes.

The conversion is the message parser's own :func:`dlpmilter.htmltext.html_to_text`, so HTML
bodies and HTML attachments read alike: hidden text (``display:none``, white on white,
comments) is kept, because that is where evasions hide data, blocks and table cells are
separated, inline tags add nothing (``<b>123</b>-45-6789`` reads as one identifier), and time is
linear in the input.
"""

from __future__ import annotations

import re

from dlpmilter.extract.base import Budget, Extracted, Extractor
from dlpmilter.extract.charset import head_text
from dlpmilter.extract.text import decode_budgeted
from dlpmilter.htmltext import html_to_text as _convert

_MARKUP_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--[^>]*-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
    r"table|div|p|span|br|svg|h[1-6])\b",
    re.IGNORECASE,
)


def html_to_text(markup: str, max_chars: int) -> str:
    """The readable text of ``markup``, at most ``max_chars`` characters."""
    return _convert(markup)[:max_chars]


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
