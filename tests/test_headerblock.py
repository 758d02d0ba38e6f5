"""Decoded header pairs and the envelope taken from headers."""

from __future__ import annotations

import email
from email import policy

from dlpmilter.budget import ExpansionState
from dlpmilter.headerblock import MAX_HEADER_CHARS, MAX_HEADERS, envelope_from, header_pairs


def _state() -> ExpansionState:
    return ExpansionState.starting_now(
        max_parts=10, max_expanded_bytes=10, max_total_text_chars=10, time_budget_s=60.0
    )


def _pairs(raw: bytes, state: ExpansionState | None = None) -> tuple[tuple[str, str], ...]:
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    return header_pairs(msg, state or _state())


def test_pairs_are_decoded_in_order() -> None:
    """Encoded words and folding are decoded; order and repeats are kept."""
    pairs = _pairs(
        b"Received: a\r\nReceived: b\r\nSubject: =?utf-8?Q?caf=C3=A9?=\r\n folded\r\n\r\n"
    )
    assert pairs == (("Received", "a"), ("Received", "b"), ("Subject", "café folded"))


def test_values_and_counts_are_capped() -> None:
    """Long values are cut; too many fields is an over_budget fact."""
    state = _state()
    raw = b"X-Long: " + b"y" * (2 * MAX_HEADER_CHARS) + b"\r\n"
    raw += b"".join(b"X-%d: v\r\n" % i for i in range(MAX_HEADERS + 5)) + b"\r\n"
    pairs = _pairs(raw, state)
    assert len(pairs) == MAX_HEADERS
    assert len(pairs[0][1]) == MAX_HEADER_CHARS
    assert [f.kind for f in state.facts] == ["over_budget"]


def test_envelope_from_headers() -> None:
    """Sender from From, recipients from To, Cc and Bcc, once each."""
    pairs = (
        ("From", '"Dr A" <a@clinic.example>'),
        ("To", "b@example.org, C <c@example.net>"),
        ("Cc", "b@example.org"),
        ("Bcc", "d@example.com"),
        ("Reply-To", "e@example.com"),
    )
    envelope = envelope_from(pairs)
    assert envelope.sender == "a@clinic.example"
    assert envelope.recipients == ("b@example.org", "c@example.net", "d@example.com")


def test_envelope_sender_falls_back() -> None:
    """Without From, Sender or Return-Path gives the sender."""
    assert envelope_from((("Return-Path", "<r@example.org>"),)).sender == "r@example.org"
