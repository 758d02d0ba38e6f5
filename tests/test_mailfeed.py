"""Feeding the stdlib parser: chunks, the time budget and overlong lines."""

from __future__ import annotations

from dlpmilter.budget import ExpansionState
from dlpmilter.charset import decode_header
from dlpmilter.mailfeed import MAX_LINE_BYTES, feed


def _state(seconds: float = 60.0) -> ExpansionState:
    return ExpansionState.starting_now(
        max_parts=10, max_expanded_bytes=10, max_total_text_chars=10, time_budget_s=seconds
    )


def test_overlong_header_reads_the_same_after_unfolding() -> None:
    """A header line over the limit is folded at a space, so its decoded value is unchanged."""
    value = " ".join(["word"] * (3 * MAX_LINE_BYTES // 5))
    msg = feed(f"Subject: {value}\r\n\r\nbody\r\n".encode(), _state())
    assert decode_header(str(msg["subject"])) == value
    assert msg.get_payload() == "body\r\n"


def test_overlong_body_line_keeps_every_byte() -> None:
    """A body line with no space at all is broken, but nothing is lost."""
    body = "x" * (3 * MAX_LINE_BYTES)
    msg = feed(f"Subject: s\r\n\r\n{body}".encode(), _state())
    payload = msg.get_payload()
    assert isinstance(payload, str)
    assert payload.replace("\r\n ", "") == body
    assert max(len(line) for line in payload.split("\r\n")) <= MAX_LINE_BYTES + 256 * 1024


def test_expired_budget_stops_feeding() -> None:
    """With no time left nothing more is fed, and the state says why."""
    state = _state(seconds=-1.0)
    msg = feed(b"Subject: s\r\n\r\n" + b"line\r\n" * 100_000, state)
    assert not msg.get_payload()
    assert [f.kind for f in state.facts] == ["time_budget"]
