"""The hash-chained JSONL sink and the verifier catch every kind of tampering."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.audit.chain import GENESIS, read_head, verify
from dlpmilter.audit.jsonl import JsonlSink
from dlpmilter.cli import main


def _write(path: Path, n: int) -> None:
    sink = JsonlSink(settings={"audit_fsync_every": 1, "state_dir": str(path.parent)}, path=path)
    for i in range(n):
        sink.record({"queue_id": f"Q{i}", "action": "deliver", "labels": []})
    sink.close()


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines(keepends=True)


def test_intact_chain_verifies(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    _write(path, 5)
    result = verify(path)
    assert result.ok and result.records == 5
    assert read_head(path) == (5, json.loads(_lines(path)[-1])["hash"])


def test_reopened_sink_continues_the_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    _write(path, 2)
    _write(path, 3)
    assert verify(path).ok
    assert [json.loads(x)["seq"] for x in _lines(path)] == [1, 2, 3, 4, 5]


def test_empty_or_missing_file_has_genesis_head(tmp_path: Path) -> None:
    assert read_head(tmp_path / "none.jsonl") == (0, GENESIS)


def test_concurrent_writers_keep_one_chain(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    sinks = [JsonlSink(settings={"state_dir": str(tmp_path)}, path=path) for _ in range(3)]

    def work(sink: JsonlSink, tag: int) -> None:
        for i in range(40):
            sink.record({"queue_id": f"{tag}-{i}"})

    threads = [threading.Thread(target=work, args=(s, n)) for n, s in enumerate(sinks)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in sinks:
        s.close()
    result = verify(path)
    assert result.ok, result.problems
    assert result.records == 120


TAMPERINGS = ("edit", "delete", "insert", "swap")


@settings(max_examples=40, deadline=None)
@given(n=st.integers(min_value=3, max_value=12), data=st.data(), how=st.sampled_from(TAMPERINGS))
def test_any_tampering_is_detected_and_located(
    tmp_path_factory: pytest.TempPathFactory, n: int, data: st.DataObject, how: str
) -> None:
    path = tmp_path_factory.mktemp("audit") / "audit.jsonl"
    _write(path, n)
    lines = _lines(path)
    i = data.draw(st.integers(min_value=0, max_value=n - 2))
    if how == "edit":
        record = json.loads(lines[i])
        record["action"] = "block"
        lines[i] = json.dumps(record) + "\n"
    elif how == "delete":
        del lines[i]
    elif how == "insert":
        lines.insert(i + 1, lines[i])
    else:
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    path.write_text("".join(lines), encoding="utf-8")
    result = verify(path)
    assert not result.ok
    first_bad = min(p.line for p in result.problems)
    assert first_bad in {i + 1, i + 2}


def test_cli_verify_names_the_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "audit.jsonl"
    _write(path, 4)
    assert main(["audit", "verify", str(path)]) == 0
    assert "4 records, chain intact" in capsys.readouterr().out
    lines = _lines(path)
    record = json.loads(lines[1])
    record["labels"] = ["PHI"]
    lines[1] = json.dumps(record) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    assert main(["audit", "verify", str(path)]) == 1
    out = capsys.readouterr().out
    assert "line 2: content does not match its hash (record edited)" in out


def test_cli_expect_head_catches_truncation(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "audit.jsonl"
    _write(path, 3)
    head = read_head(path)[1]
    path.write_text("".join(_lines(path)[:2]), encoding="utf-8")
    assert main(["audit", "verify", str(path)]) == 0
    assert main(["audit", "verify", "--expect-head", head, str(path)]) == 1
    assert "cut off the end" in capsys.readouterr().out


def test_cli_missing_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", "verify", str(tmp_path / "nope.jsonl")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_fsyncs_are_group_commits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writers queued behind a slow fsync share the next one; every record is still covered."""
    import os
    import time

    from dlpmilter.audit import jsonl

    calls: list[int] = []
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:
        calls.append(fd)
        time.sleep(0.02)
        real_fsync(fd)

    monkeypatch.setattr(jsonl.os, "fsync", slow_fsync)
    sink = JsonlSink(settings={"state_dir": str(tmp_path)}, path=tmp_path / "audit.jsonl")
    threads = [threading.Thread(target=lambda n=n: sink.record({"n": n})) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sink._synced == sink._written == 20
    assert 1 <= len(calls) < 20
    sink.close()
    assert verify(tmp_path / "audit.jsonl").records == 20


def test_fsync_every_n_batches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dlpmilter.audit import jsonl

    calls: list[int] = []
    monkeypatch.setattr(jsonl.os, "fsync", calls.append)
    sink = JsonlSink(
        settings={"state_dir": str(tmp_path), "audit_fsync_every": 5}, path=tmp_path / "a.jsonl"
    )
    for n in range(12):
        sink.record({"n": n})
    assert len(calls) == 2
    sink.close()
    assert len(calls) == 3
