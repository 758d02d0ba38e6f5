"""The hash chain of an audit file: how a line is sealed and how a file is verified.

Each line is one JSON object with ``seq`` (1, 2, ...), ``prev`` (the ``hash`` of the line
before; 64 zeros for the first) and ``hash`` = SHA-256 over ``prev`` and the canonical JSON of
the record without ``hash``. Editing, deleting, inserting or reordering any line breaks the
chain at that line, and :func:`verify` names it. Cutting lines off the *end* leaves a valid
shorter chain: compare the head (``dlpmilter audit head``) with one recorded elsewhere, such as
the syslog sink, to catch that.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GENESIS = "0" * 64


def canonical_json(record: Mapping[str, Any]) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal(record: Mapping[str, Any], *, seq: int, prev: str) -> dict[str, Any]:
    """Return the record with ``seq``, ``prev`` and its ``hash`` added."""
    body = {k: v for k, v in record.items() if k not in {"seq", "prev", "hash"}}
    body["seq"] = seq
    body["prev"] = prev
    body["hash"] = hashlib.sha256((prev + canonical_json(body)).encode("utf-8")).hexdigest()
    return body


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One place where a chain does not verify (1-based line number)."""

    line: int
    what: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.what}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Verification:
    """The result of verifying an audit file."""

    records: int
    head: str
    problems: tuple[Problem, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True when every line verifies."""
        return not self.problems


def _lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with path.open("rb") as fh:
        yield from enumerate(fh, start=1)


def _check_line(number: int, raw: bytes, prev: str, seq: int) -> tuple[list[Problem], str, int]:
    try:
        record = json.loads(raw)
        if not isinstance(record, dict):
            raise TypeError
        claimed = str(record["hash"])
        line_seq = int(record["seq"])
        line_prev = str(record["prev"])
    except (ValueError, TypeError, KeyError):
        return [Problem(line=number, what="not a sealed audit record")], prev, seq + 1
    problems: list[Problem] = []
    if line_seq != seq + 1:
        problems.append(
            Problem(
                line=number,
                what=f"sequence {line_seq}, expected {seq + 1} (records deleted, inserted or reordered)",
            )
        )
    if line_prev != prev:
        problems.append(
            Problem(
                line=number,
                what="does not follow the previous record (records deleted, inserted or reordered)",
            )
        )
    if seal(record, seq=line_seq, prev=line_prev)["hash"] != claimed:
        problems.append(
            Problem(line=number, what="content does not match its hash (record edited)")
        )
    return problems, claimed, line_seq


def verify(path: Path) -> Verification:
    """Verify every line of an audit file, in one pass and constant memory."""
    prev, seq, count = GENESIS, 0, 0
    problems: list[Problem] = []
    for number, raw in _lines(path):
        if not raw.strip():
            problems.append(Problem(line=number, what="empty line"))
            continue
        found, prev, seq = _check_line(number, raw, prev, seq)
        problems.extend(found)
        count += 1
    return Verification(records=count, head=prev, problems=tuple(problems))


def read_head(path: Path, *, tail_bytes: int = 1 << 20) -> tuple[int, str]:
    """``(seq, hash)`` of the last record of a file, reading only its tail; ``(0, GENESIS)``
    for a missing or empty file."""
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - tail_bytes))
            tail = fh.read()
    except FileNotFoundError:
        return 0, GENESIS
    for line in reversed(tail.splitlines()):
        if line.strip():
            record = json.loads(line)
            return int(record["seq"]), str(record["hash"])
    return 0, GENESIS
