"""Feeding raw bytes to the stdlib parser, within the time budget and a bounded memory.

The parser is :class:`email.feedparser.BytesFeedParser` with ``policy.compat32`` (see
``docs/message-model.md`` for why).
"""

from __future__ import annotations

import email.message
from email import policy
from email.feedparser import BytesFeedParser

from dlpmilter.budget import ExpansionState

#: Bytes fed to the parser between two checks of the time budget.
FEED_CHUNK_BYTES = 256 * 1024
#: Longest line fed to the parser unbroken (see :func:`feed`).
MAX_LINE_BYTES = 1024 * 1024


def feed(raw: bytes, state: ExpansionState) -> email.message.Message:
    """Run the stdlib parser over ``raw`` in chunks, stopping when the time budget runs out.

    A line longer than :data:`MAX_LINE_BYTES` (RFC 5322 allows 998) is folded: a CRLF goes
    before its last space or tab in the chunk, or CRLF and a space at the chunk's start when
    there is none. The parser buffers a partial line at four bytes per character, so one 20 MB
    line would cost eighty. A header folded at a space reads the same after unfolding; body
    text gains a line break.

    :raises RecursionError: when the structure is too deep for the parser.
    """
    parser = BytesFeedParser(policy=policy.compat32)
    view = memoryview(raw)
    since_newline = 0
    for start in range(0, len(raw), FEED_CHUNK_BYTES):
        if state.expired():
            break
        chunk = bytes(view[start : start + FEED_CHUNK_BYTES])
        newline = chunk.rfind(b"\n")
        if newline < 0 and since_newline + len(chunk) > MAX_LINE_BYTES:
            cut = max(chunk.rfind(b" "), chunk.rfind(b"\t"))
            # Before a space or tab, CRLF alone makes a fold; elsewhere it needs its own space.
            fold = b"\r\n" if cut >= 0 else b"\r\n "
            cut = max(cut, 0)
            chunk = chunk[:cut] + fold + chunk[cut:]
            newline = cut + 1
        since_newline = len(chunk) - 1 - newline if newline >= 0 else since_newline + len(chunk)
        parser.feed(chunk)
    return parser.close()
