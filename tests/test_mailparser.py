"""parse_message: the fallbacks that keep parse() from ever raising."""

from __future__ import annotations

import pytest

from dlpmilter import mailparser
from dlpmilter.message import Limits, parse
from dlpmilter.mimewalk import Walker

RAW = (
    b"From: a@clinic.example\r\nTo: b@example.org\r\nSubject: s\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    b"--b\r\nContent-Type: text/plain\r\n\r\nSSN 123-45-6789\r\n--b--\r\n"
)


def test_walk_failure_falls_back_to_the_body_as_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """A failure inside the walk keeps the headers and reads the body as text, corrupt."""

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("walk failed")

    monkeypatch.setattr(Walker, "message", broken)
    message = parse(RAW, Limits.default())
    assert message.header("subject") == "s"
    assert [p.location for p in message.parts] == ["body"]
    assert "SSN 123-45-6789" in message.parts[0].text
    assert [str(f) for f in message.facts] == [
        "corrupt@body: MIME structure unreadable: ValueError"
    ]


def test_last_resort_is_the_raw_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """When even the fallback fails, the raw bytes are one corrupt text part."""

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("headers failed")

    monkeypatch.setattr(mailparser, "header_pairs", broken)
    message = parse(RAW, Limits.default())
    assert "SSN 123-45-6789" in message.parts[0].text
    assert not message.fully_inspected
    assert message.facts[0].detail == "unparseable: RuntimeError"


def test_size_is_the_size_received() -> None:
    """A message cut at max_message_bytes still reports its full size."""
    message = parse(RAW + b"x" * 5000, Limits.default(max_message_bytes=len(RAW)))
    assert message.size == len(RAW) + 5000
    assert any(f.kind == "over_budget" for f in message.facts)


def test_bytearray_is_accepted() -> None:
    """Any bytes-like input works."""
    message = parse(bytearray(RAW), Limits.default())  # type: ignore[arg-type]
    assert any("SSN 123-45-6789" in p.text for p in message.parts)
