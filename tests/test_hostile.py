"""Hostile messages: none may crash, hang, hide that it was not inspected, or lose readable PHI.

The messages come from ``tests/hostilemail.py``. Hangs are caught by the pytest timeout, not
by timed assertions; memory is measured with tracemalloc.
"""

from __future__ import annotations

import importlib.util
import sys
import tracemalloc
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from dlpmilter.message import Limits, Message, parse


def _load_generator() -> ModuleType:
    path = Path(__file__).with_name("hostilemail.py")
    spec = importlib.util.spec_from_file_location("hostilemail", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("hostilemail", module)  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


hostile = _load_generator()
MARKER: str = hostile.MARKER


def _found(message: Message) -> bool:
    return any(MARKER in part.text for part in message.parts)


def _params() -> list[object]:
    return [
        pytest.param(case, id=case.name, marks=[pytest.mark.slow] if case.slow else [])
        for case in hostile.CASES
    ]


@pytest.mark.timeout(60)
@pytest.mark.parametrize("case", _params())
def test_hostile_message(case: Any) -> None:
    """Parsed without error; uninspected content is reported; readable PHI is still there."""
    message = parse(case.build(), Limits.default())
    assert message.fully_inspected is not case.uninspected, [str(f) for f in message.facts]
    if case.readable:
        assert _found(message)


@pytest.mark.timeout(60)
@pytest.mark.parametrize("levels", [1000, 3000])
@pytest.mark.parametrize("builder", ["deep_multipart", "deep_attached_mail"])
def test_deeper_than_the_parser(builder: str, levels: int) -> None:
    """Nesting that overflows the stdlib parser falls back to the body as text, marked corrupt."""
    message = parse(getattr(hostile, builder)(levels), Limits.default())
    assert not message.fully_inspected
    assert any(f.kind == "corrupt" for f in message.facts)
    assert _found(message)


def test_traversal_names_stay_in_their_location() -> None:
    """A file name adds no path separator to a location and keeps its text on the part."""
    message = parse(hostile.traversal_names(), Limits.default())
    attachments = [p for p in message.parts if p.location.startswith("attachment:")]
    assert attachments
    for part in attachments:
        assert "/" not in part.location.removeprefix("attachment:")
    names = {p.filename for p in attachments if p.filename}
    assert "../../etc/passwd" in names


def test_nul_bytes_never_reach_headers() -> None:
    """NUL bytes are dropped from header names and values."""
    message = parse(hostile.nul_headers(), Limits.default())
    assert all("\x00" not in name + value for name, value in message.headers)
    assert message.envelope.sender == "a@clinic.example"


def test_many_parts_keep_the_first_thousand() -> None:
    """5,000 parts: the first max_parts are read, then one over_budget fact."""
    message = parse(hostile.many_parts(), Limits.default())
    over = [f for f in message.facts if f.kind == "over_budget"]
    assert [f.detail for f in over] == ["parts 1001 > 1000"]
    assert sum(p.location.startswith("body") for p in message.parts) == 1000


def test_time_budget_stops_a_big_message() -> None:
    """With no time left, parsing stops and says so instead of finishing the work."""
    message = parse(hostile.many_parts(), Limits.default(message_time_budget_s=1e-6))
    assert any(f.kind == "time_budget" for f in message.facts)


@pytest.mark.slow
@pytest.mark.timeout(60)
@pytest.mark.parametrize(("builder", "ratio"), [("huge_body", 4.0), ("huge_line", 4.0)])
def test_memory_is_bounded(builder: str, ratio: float) -> None:
    """A 30 MB body or a 20 MB line takes at most a few times its size while parsed."""
    raw = getattr(hostile, builder)()
    tracemalloc.start()
    try:
        message = parse(raw, Limits.default())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert _found(message)
    assert peak < ratio * len(raw), f"peak {peak} bytes for {len(raw)} bytes of mail"
