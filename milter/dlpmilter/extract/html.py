"""HTML (and SVG) attachments: all text, hidden text included, plus alt/title attributes.

The conversion is the message parser's own :func:`dlpmilter.htmltext.html_to_text`, so HTML
bodies and HTML attachments read alike: hidden text (``display:none``, white on white,
comments) is kept, because that is where evasions hide data, blocks and table cells are
separated, inline tags add nothing (``<b>123</b>-45-6789`` reads as one identifier), and time is
linear in the input. Base64 ``data:`` URIs (a CSV or a PDF carried inside a link or an
``object`` of the page) are decoded into children when the result is readable.
"""

from __future__ import annotations

import base64
import binascii
import re

from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.extract.charset import head_text
from dlpmilter.extract.encoded import worth_reading
from dlpmilter.extract.text import decode_budgeted
from dlpmilter.htmltext import html_to_text as _convert

_MARKUP_START = re.compile(
    r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--[^>]*-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|"
    r"table|div|p|span|br|svg|h[1-6])\b",
    re.IGNORECASE,
)


#: ``data:`` URIs with base64 content; the payload stops at the first non-base64 character.
_DATA_URI = re.compile(
    r"data:([\w.+/-]{0,100})(?:;[\w.=-]{1,100}){0,5};base64,([A-Za-z0-9+/=\s]{16,})", re.IGNORECASE
)


def data_uri_children(markup: str, *, max_members: int, max_bytes: int) -> list[Child]:
    """Readable payloads of base64 ``data:`` URIs in ``markup`` (images are left out)."""
    children: list[Child] = []
    for match in _DATA_URI.finditer(markup):
        if len(children) >= max_members:
            break
        encoded = "".join(match.group(2).split())
        if len(encoded) * 3 // 4 > max_bytes:
            continue
        try:
            payload = base64.b64decode(encoded + "=" * (-len(encoded) % 4))
        except (binascii.Error, ValueError):
            continue
        if payload and worth_reading(payload):
            children.append(
                Child(
                    name=f"data-uri-{len(children) + 1}", data=payload, declared_type=match.group(1)
                )
            )
    return children


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
        children = data_uri_children(
            markup, max_members=budget.max_members, max_bytes=budget.max_member_bytes
        )
        return Extracted(
            text=text,
            content_type="text/html",
            children=tuple(children),
            facts=facts,
            expanded_bytes=sum(len(c.data) for c in children),
        )
