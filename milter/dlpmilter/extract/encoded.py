"""Text files that only carry base64: a common way to slip a document past a content filter.

A blob whose text is nothing but base64 lines (at least :data:`MIN_CHARS` characters) is
decoded, and the decoded bytes become a child *when they are worth reading*: they look like
text or start with the magic of a format an extractor reads. The base64 text itself stays the
part's text, so a list of hexadecimal digests or identifiers (also valid base64) is still
scanned as written and never turns into an unreadable child.
"""

from __future__ import annotations

import base64
import binascii
import re

from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.extract.charset import head_text
from dlpmilter.extract.text import decode_budgeted

#: Shortest base64 text worth decoding.
MIN_CHARS = 64
#: Base64 runs separated by white space; unambiguous, so matching is linear.
_BASE64_TEXT = re.compile(r"\s*[A-Za-z0-9+/]+={0,2}(?:\s+[A-Za-z0-9+/]+={0,2})*\s*")
_MAGICS = (
    b"PK\x03\x04", b"%PDF-", b"\x1f\x8b", b"{\\rtf", b"7z\xbc\xaf\x27\x1c", b"BZh",
    b"\xfd7zXZ\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x78\x9f\x3e\x22",
)  # fmt: skip


def worth_reading(decoded: bytes) -> bool:
    """True when decoded bytes are text or a format with an extractor."""
    return decoded.startswith(_MAGICS) or head_text(decoded) is not None


class Base64TextExtractor(Extractor):
    """Attachments whose whole text is base64."""

    name = "base64"
    priority = 4

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True when the start of the text is only base64 lines, with letters and digits."""
        head = head_text(data)
        if head is None or len(head.strip()) < MIN_CHARS or _BASE64_TEXT.fullmatch(head) is None:
            return False
        return any(c.isdigit() for c in head) and any(c.isalpha() for c in head)

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """The text as it is, and the decoded bytes as a child when they are readable."""
        text, facts = decode_budgeted(data, location=location, budget=budget)
        compact = "".join(text.split())
        try:
            decoded = base64.b64decode(compact + "=" * (-len(compact) % 4), validate=True)
        except (binascii.Error, ValueError):
            return Extracted(text=text, content_type="text/plain", facts=facts)
        children: tuple[Child, ...] = ()
        if worth_reading(decoded) and len(decoded) <= budget.max_member_bytes:
            children = (Child(name="base64-decoded", data=decoded),)
        return Extracted(text=text, content_type="text/plain", children=children, facts=facts)
