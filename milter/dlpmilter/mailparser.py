"""The top of :func:`dlpmilter.message.parse`: budgets, the MIME walk, the fallbacks.

:func:`parse_message` feeds the bytes to the stdlib parser (:mod:`dlpmilter.mailfeed`), walks
the tree into parts (:class:`dlpmilter.mimewalk.Walker`) and assembles the :class:`Message`.
It never raises. A structure the parser cannot handle (nesting past its recursion limit) falls
back to the header block and the body read as text; if even that fails, the raw bytes become
one text part. Both fallbacks carry a ``corrupt`` fact, so the message is never taken as fully
inspected.
"""

from __future__ import annotations

import email
import email.message
import re
import time
from email import policy

from dlpmilter.budget import ExpansionState
from dlpmilter.charset import decode_text
from dlpmilter.headerblock import envelope_from, first, header_pairs
from dlpmilter.mailfeed import feed
from dlpmilter.message import Envelope, Fact, Limits, Message, Part
from dlpmilter.mimewalk import Walker

_HEADER_END = re.compile(rb"\r?\n\r?\n")


def _fallback(raw: bytes, walker: Walker, reason: str) -> tuple[email.message.Message, list[Part]]:
    """The header block, and the body read as one text part with a ``corrupt`` fact."""
    cut = _HEADER_END.search(raw)
    head, body = (raw[: cut.start()], raw[cut.end() :]) if cut else (raw, b"")
    msg = email.message_from_bytes(head + b"\n\n", policy=policy.compat32)
    limit = walker.limits.max_part_text_chars * 4
    decoded = decode_text(body[:limit], None)
    fact = Fact(kind="corrupt", location="body", detail=f"MIME structure unreadable: {reason}")
    part = walker.text_part(
        "body", "text/plain", decoded.text.replace("\r\n", "\n"), depth=0, facts=[fact]
    )
    return msg, [part]


def parse_message(raw: bytes, limits: Limits, *, envelope: Envelope | None = None) -> Message:
    """See :func:`dlpmilter.message.parse`."""
    started = time.perf_counter()
    raw = bytes(raw)
    try:
        return _parse(raw, limits, envelope, started)
    except Exception as exc:  # noqa: BLE001 - parse never raises: the last resort is raw text
        return _last_resort(raw, limits, envelope, type(exc).__name__, started)


def _parse(raw: bytes, limits: Limits, envelope: Envelope | None, started: float) -> Message:
    state = ExpansionState.starting_now(
        max_parts=limits.max_parts,
        max_expanded_bytes=limits.max_expanded_bytes,
        max_total_text_chars=limits.max_total_text_chars,
        time_budget_s=limits.message_time_budget_s,
    )
    size = len(raw)
    if size > limits.max_message_bytes:
        state.note("over_budget", detail=f"message bytes {size} > {limits.max_message_bytes}")
        raw = raw[: limits.max_message_bytes]
    walker = Walker(limits, state)
    try:
        msg = feed(raw, state)
        parts = walker.message(msg, prefix="", depth=0)
    except RecursionError:
        msg, parts = _fallback(raw, walker, "nested too deep")
    except Exception as exc:  # noqa: BLE001 - parsing never raises: the body is read as text
        msg, parts = _fallback(raw, walker, type(exc).__name__)
    headers = header_pairs(msg, state)
    facts = [*state.facts, *(fact for part in parts for fact in part.facts)]
    return Message(
        envelope=envelope if envelope is not None else envelope_from(headers),
        headers=headers,
        subject=first(headers, "subject"),
        message_id=first(headers, "message-id")[:998],
        parts=tuple(parts),
        facts=tuple(dict.fromkeys(facts)),
        size=size,
        elapsed_ms=(time.perf_counter() - started) * 1000.0,
    )


def _last_resort(
    raw: bytes, limits: Limits, envelope: Envelope | None, reason: str, started: float
) -> Message:
    """When even the fallback failed: the raw bytes as one text part, marked corrupt."""
    fact = Fact(kind="corrupt", location="body", detail=f"unparseable: {reason}")
    text = raw[: limits.max_part_text_chars].decode("utf-8", "replace")
    part = Part(location="body", content_type="text/plain", text=text, size=len(raw), facts=(fact,))
    return Message(
        envelope=envelope if envelope is not None else Envelope(),
        parts=(part,),
        facts=(fact,),
        size=len(raw),
        elapsed_ms=(time.perf_counter() - started) * 1000.0,
    )
