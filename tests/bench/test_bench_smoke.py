"""A smoke run of the benchmark harness at tiny sizes: every section but Postfix renders."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_harness_runs_and_writes_report(tmp_path: Path) -> None:
    out, raw = tmp_path / "BENCHMARKS.md", tmp_path / "bench.json"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--out", str(out), "--json", str(raw)],
        check=True, cwd=ROOT, timeout=600,
    )  # fmt: skip
    figures = json.loads(raw.read_text(encoding="utf-8"))
    assert figures["smoke"] is True
    assert figures["scan"]["dlpmilter"]["messages"] == 12
    assert figures["scan"]["presidio"]["messages"] == 8
    assert figures["memory"]["peak_mb"] >= figures["memory"]["python_mb"] > 0
    assert {r["kind"] for r in figures["scaling"]["attachments"]} == {"pdf", "xlsx", "zip"}
    report = out.read_text(encoding="utf-8")
    for heading in (
        "## Goals",
        "## 1. Scan throughput",
        "## 3. Scaling with size",
        "## 4. Memory",
        "## 5. Where the time goes",
    ):
        assert heading in report
    assert "Smoke run" in report
    again = tmp_path / "again.md"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--render", str(raw), "--out", str(again)],
        check=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert again.read_text(encoding="utf-8") == report  # the same figures, the same report


def test_generated_corpus_is_seeded_and_shaped() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import mailcorpus

    a, b = mailcorpus.generate(200, seed=3), mailcorpus.generate(200, seed=3)
    assert [s.raw for s in a] == [s.raw for s in b]
    sizes = sorted(len(s.raw) for s in a)
    assert 3_000 < sizes[len(sizes) // 2] < 8_000
    assert 0.04 < sum(s.has_attachment for s in a) / len(a) < 0.2
    assert {s.label for s in a} == {"", "PHI", "PII", "PCI"}
