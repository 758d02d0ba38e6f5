"""Feeding raw bytes to the stdlib parser, within the time budget and a bounded memory.

The parser is :class:`email.feedparser.BytesFeedParser` with ``policy.compat32`` (see
``docs/message-model.md`` for why).

Most mail that is not multipart (a plain-text note, an automated report) needs only its header
block parsed: the stdlib parser makes the rest of such a message its payload unchanged, after
walking it line by line in Python (a third of the inspection of a 10 KB note).
:func:`feed` finds the header block as the parser does, parses only that, and sets the payload
itself; the message object is the same (a test compares both ways over every corpus message).
"""

from __future__ import annotations

import email.message
import re
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
    if state.expired():
        return parse_all(raw[:0], state)
    if len(raw) <= MAX_LINE_BYTES:  # no line can need folding
        msg = single_part(raw)
        if msg is not None:
            return msg
    return parse_all(raw, state)


def parse_all(raw: bytes, state: ExpansionState) -> email.message.Message:
    """The stdlib parser over all of ``raw`` (see :func:`feed`)."""
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


#: A line that continues the header block: the stdlib parser's own test
#: (``email.feedparser.headerRE``): a field name and colon, a fold, or a mbox ``From `` line.
_HEADER_LINE = re.compile(rb"From |[\041-\071\073-\176]*:|[\t ]")
#: One line as the parser splits them: ended by CRLF, CR or LF.
_LINE = re.compile(rb"[^\r\n]*(?:\r\n|\r|\n)")
#: Top-level types whose body the parser itself walks: these take :func:`parse_all`.
_STRUCTURED = frozenset({"multipart", "message"})


def single_part(raw: bytes) -> email.message.Message | None:
    """``raw`` parsed through its header block only, with the rest as the payload; ``None``
    when the parser must walk the body (multipart and message types) or the header block does
    not end with an empty line (the parser's defect path)."""
    position = 0
    while True:
        line = _LINE.match(raw, position)
        if line is None:
            return None  # the message ends inside its header block
        if not _HEADER_LINE.match(raw, position):
            if line.end() - position > 2 or raw[position] not in b"\r\n":
                return None  # no empty line between header and body
            break
        position = line.end()
    body_start = line.end()
    parser = BytesFeedParser(policy=policy.compat32)
    parser.feed(raw[:body_start])
    msg = parser.close()
    # The parser may have pushed a header-block line back into the body (a mbox "From " line
    # last among the headers): that part of the payload comes first.
    pushed_back = msg.get_payload()
    if msg.get_content_maintype() in _STRUCTURED or not isinstance(pushed_back, str):
        return None
    msg.set_payload(pushed_back + raw[body_start:].decode("ascii", "surrogateescape"))
    return msg
