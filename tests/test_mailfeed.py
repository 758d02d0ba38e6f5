"""Feeding the stdlib parser: chunks, the time budget, overlong lines and the single-part path."""

from __future__ import annotations

import email.message
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.budget import ExpansionState
from dlpmilter.charset import decode_header
from dlpmilter.mailfeed import MAX_LINE_BYTES, feed, parse_all, single_part


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


# --- the single-part path: the same message object as the parser's own walk ----------------

CORPORA = (
    Path(__file__).resolve().parents[1].parent / "shared" / "mime-corpus",
    Path(__file__).resolve().parent / "corpus" / "messages",
    Path(__file__).resolve().parent / "corpus" / "hand",
)
CORPUS_FILES = sorted(
    p for root in CORPORA if root.is_dir() for p in root.rglob("*") if p.suffix == ".eml"
)


def _shape(msg: email.message.Message) -> tuple[object, ...]:
    """Everything the parser sets on a non-multipart message."""
    return (
        msg.get_unixfrom(),
        list(msg.raw_items()),
        msg.get_payload(),
        [type(d).__name__ for d in msg.defects],
        msg.preamble,
        msg.epilogue,
        msg.get_default_type(),
        msg.get_content_type(),
    )


def test_single_part_matches_the_parser_over_the_corpora() -> None:
    """Every corpus message the single-part path takes is the message the parser makes."""
    assert len(CORPUS_FILES) >= 100
    taken = 0
    for path in CORPUS_FILES:
        raw = path.read_bytes()
        fast = single_part(raw)
        if fast is None:
            continue
        taken += 1
        assert _shape(fast) == _shape(parse_all(raw, _state())), path.name
    assert taken >= 20  # the path is really exercised


_HEADER_LINES = st.sampled_from(
    [b"Subject: hi", b"From: a@b.example", b"Content-Type: text/plain; charset=utf-8",
     b"Content-Type: multipart/mixed; boundary=x", b"Content-Type: message/rfc822",
     b"Content-Type: text/html", b"Content-Type: garbage", b"  folded on", b"\tfolded on",
     b"no colon here", b"From someone Mon Jan  1 00:00:00 2026", b"X-8bit: caf\xc3\xa9",
     b"", b"Bad Name: x", b":empty name"]
)  # fmt: skip
_ENDINGS = st.sampled_from([b"\r\n", b"\n", b"\r"])
_BODY = st.binary(max_size=200).map(lambda b: b.replace(b"\x00", b""))


@given(
    st.lists(st.tuples(_HEADER_LINES, _ENDINGS), max_size=8),
    st.sampled_from([b"\r\n", b"\n", b"\r", b"", b"x\r\n"]),
    _BODY,
)
@settings(max_examples=400, deadline=None)
def test_single_part_matches_the_parser_on_odd_input(
    lines: list[tuple[bytes, bytes]], separator: bytes, body: bytes
) -> None:
    """Mixed line endings, folds, bad field names, missing separators, 8-bit bytes: when the
    single-part path answers, its message is the parser's."""
    raw = b"".join(line + ending for line, ending in lines) + separator + body
    fast = single_part(raw)
    if fast is not None:
        assert _shape(fast) == _shape(parse_all(raw, _state()))


@pytest.mark.parametrize(
    "raw",
    [
        b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\r\nx\r\n--b--\r\n",
        b"Content-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nx\r\n",
        b"Subject: no separator\r\nbody line\r\n",
        b"Subject: headers only, unterminated",
    ],
)
def test_single_part_leaves_these_to_the_parser(raw: bytes) -> None:
    assert single_part(raw) is None


def test_feed_takes_the_single_part_path_and_the_parser_agrees() -> None:
    raw = b"Subject: s\r\nTo: a@b.example\r\n\r\n" + b"line of text\r\n" * 500
    msg = feed(raw, _state())
    assert msg.get_payload() == "line of text\r\n" * 500
    assert _shape(msg) == _shape(parse_all(raw, _state()))
