"""The running budget of one message."""

from __future__ import annotations

from dlpmilter.budget import ExpansionState


def _state(**overrides: float) -> ExpansionState:
    values: dict[str, float] = {
        "max_parts": 3,
        "max_expanded_bytes": 100,
        "max_total_text_chars": 10,
        "time_budget_s": 60.0,
    }
    values.update(overrides)
    return ExpansionState.starting_now(
        max_parts=int(values["max_parts"]),
        max_expanded_bytes=int(values["max_expanded_bytes"]),
        max_total_text_chars=int(values["max_total_text_chars"]),
        time_budget_s=values["time_budget_s"],
    )


def test_parts_are_counted_and_refused_past_the_limit() -> None:
    """The fourth part of three is refused, with one fact however many follow."""
    state = _state()
    assert [state.charge_part() for _ in range(5)] == [True, True, True, False, False]
    assert [str(f) for f in state.facts] == ["over_budget@message: parts 4 > 3"]


def test_bytes() -> None:
    """Expanded bytes are charged until the limit is passed."""
    state = _state()
    assert state.charge_bytes(60)
    assert state.remaining_bytes() == 40
    assert not state.charge_bytes(41)
    assert state.remaining_bytes() == 0
    assert [f.kind for f in state.facts] == ["over_budget"]


def test_text_allowance() -> None:
    """Text is granted up to the total, then cut, with a truncated fact."""
    state = _state()
    assert state.charge_text(6) == 6
    assert state.charge_text(6) == 4
    assert state.charge_text(6) == 0
    assert state.remaining_text() == 0
    assert [f.kind for f in state.facts] == ["truncated"]


def test_time() -> None:
    """An exhausted time budget is reported once."""
    state = _state(time_budget_s=-1.0)
    assert state.expired()
    assert state.expired()
    assert state.remaining_time() == 0.0
    assert [f.kind for f in state.facts] == ["time_budget"]
    assert not _state().expired()


def test_note_once_per_reason() -> None:
    """Facts are recorded once per kind, location and reason."""
    state = _state()
    state.note("corrupt", location="body", detail="x")
    state.note("corrupt", location="body", detail="x")
    state.note("corrupt", location="body[2]", detail="x")
    assert len(state.facts) == 2
