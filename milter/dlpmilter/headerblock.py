"""The header block of a message: decoded (name, value) pairs, the Message-ID, the envelope.

Header values are decoded with :func:`dlpmilter.charset.decode_header` and capped in length;
a message with more than :data:`MAX_HEADERS` fields keeps the first ones and gets an
``over_budget`` fact. When no SMTP envelope is given (scanning files), sender and recipients
come from ``From`` / ``Sender`` / ``Return-Path`` and ``To`` / ``Cc`` / ``Bcc``.
"""

from __future__ import annotations

import email.message
from email.utils import getaddresses

from dlpmilter.budget import ExpansionState
from dlpmilter.charset import decode_header
from dlpmilter.message import Envelope

#: Most header fields kept on the message; more is an ``over_budget`` fact.
MAX_HEADERS = 1000
#: Longest header value kept on the message (the subject part keeps the whole subject).
MAX_HEADER_CHARS = 8192
#: Longest raw header value decoded.
MAX_RAW_HEADER_CHARS = 65536
#: Longest header name kept.
MAX_NAME_CHARS = 128
#: Most recipients taken from the headers.
MAX_RECIPIENTS = 1000

_SENDER_HEADERS = ("from", "sender", "return-path")
_RECIPIENT_HEADERS = frozenset({"to", "cc", "bcc"})


def header_pairs(msg: email.message.Message, state: ExpansionState) -> tuple[tuple[str, str], ...]:
    """Decoded ``(name, value)`` pairs in order, at most :data:`MAX_HEADERS` of them."""
    items = list(msg.raw_items())
    pairs: list[tuple[str, str]] = []
    for count, (name, value) in enumerate(items, start=1):
        if count > MAX_HEADERS:
            state.note("over_budget", detail=f"headers {len(items)} > {MAX_HEADERS}", key="headers")
            break
        clean_name = name.replace("\x00", "").strip()[:MAX_NAME_CHARS]
        decoded = decode_header(str(value)[:MAX_RAW_HEADER_CHARS])[:MAX_HEADER_CHARS]
        pairs.append((clean_name, decoded.strip()))
    return tuple(pairs)


def first(headers: tuple[tuple[str, str], ...], name: str) -> str:
    """The first value of a header (case-insensitive), or ``""``."""
    for key, value in headers:
        if key.lower() == name:
            return value
    return ""


def envelope_from(headers: tuple[tuple[str, str], ...]) -> Envelope:
    """An envelope taken from the headers, for messages scanned from files."""
    sender = ""
    for name in _SENDER_HEADERS:
        found = [addr for _, addr in getaddresses([first(headers, name)]) if addr]
        if found:
            sender = found[0]
            break
    values = [value for key, value in headers if key.lower() in _RECIPIENT_HEADERS]
    recipients = [addr for _, addr in getaddresses(values) if addr and "@" in addr]
    unique = tuple(dict.fromkeys(recipients))[:MAX_RECIPIENTS]
    return Envelope(sender=sender, recipients=unique)
