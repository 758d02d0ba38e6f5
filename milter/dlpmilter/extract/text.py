"""Plain text in any encoding: byte-order marks, UTF-16 without a mark, UTF-7, UTF-8, guesses.

The lowest-priority extractor: it takes any blob whose start decodes to text with almost no
control characters (see :func:`dlpmilter.extract.charset.head_text`).
"""

from __future__ import annotations

from dlpmilter.extract.base import Budget, Extracted, Extractor
from dlpmilter.extract.charset import Decoded, decode, head_text
from dlpmilter.message import Fact

#: Worst-case bytes per character, to decode no more than the text budget can keep.
_BYTES_PER_CHAR = 4


def decode_budgeted(data: bytes, *, location: str, budget: Budget) -> tuple[str, tuple[Fact, ...]]:
    """Decode at most what the text budget can keep; a ``charset_guessed`` fact on a guess."""
    limit = budget.max_text_chars * _BYTES_PER_CHAR + _BYTES_PER_CHAR
    decoded: Decoded = decode(data[:limit])
    facts: tuple[Fact, ...] = ()
    if decoded.guessed:
        facts = (Fact(kind="charset_guessed", location=location, detail=decoded.encoding),)
    return decoded.text, facts


class PlainTextExtractor(Extractor):
    """Any text, decoded from whatever encoding it is in."""

    name = "text"
    priority = 1

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True when the start of ``data`` decodes to text."""
        return head_text(data) is not None

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """The decoded text."""
        text, facts = decode_budgeted(data, location=location, budget=budget)
        return Extracted(text=text, content_type="text/plain", facts=facts)
