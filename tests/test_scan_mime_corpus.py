"""``dlpmilter scan`` keeps its output contract on real-world and malformed mail.

The shared MIME corpus (201 messages from the test suites of public MIME libraries, many of them
broken on purpose) sits in the ``shared`` folder beside the checkout. The real command runs over
all of it: exactly one JSON object per message with exactly the contract's keys and types, no
crash (no ``internal error``) and no hang (a time limit on the whole run).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

MIME_CORPUS = Path(__file__).resolve().parents[1] / ".." / "shared" / "mime-corpus"
ACTIONS = {"deliver", "tag", "encrypt", "portal", "quarantine", "block"}
KEYS = {"file", "action", "labels", "rules", "findings", "facts", "errors", "elapsed_ms"}
RULE_KEYS = {"id": str, "label": str, "action": str}
FINDING_KEYS = {
    "entity": str,
    "location": str,
    "start": int,
    "end": int,
    "score": float,
    "detector": str,
}
#: Seconds for the whole run; a hang on one message fails the test instead of the suite.
TIME_LIMIT_S = 900

pytestmark = pytest.mark.skipif(
    not MIME_CORPUS.is_dir(), reason=f"shared MIME corpus not found at {MIME_CORPUS}"
)


def _scan(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dlpmilter", "scan", *argv, str(MIME_CORPUS)],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT_S,
        check=False,
    )


@pytest.fixture(scope="module")
def eml_files() -> list[str]:
    return sorted(str(p) for p in MIME_CORPUS.rglob("*.eml"))


@pytest.fixture(scope="module")
def records() -> list[dict[str, Any]]:
    result = _scan("--json")
    assert result.returncode == 0, result.stderr[-2000:]
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_one_object_per_message(records: list[dict[str, Any]], eml_files: list[str]) -> None:
    assert len(eml_files) >= 200
    assert sorted(r["file"] for r in records) == eml_files


def _check_record(record: dict[str, Any]) -> None:
    assert set(record) == KEYS
    assert isinstance(record["file"], str)
    assert record["action"] in ACTIONS
    assert all(isinstance(x, str) for x in record["labels"])
    for rule in record["rules"]:
        assert set(rule) == set(RULE_KEYS)
        assert all(isinstance(rule[k], t) for k, t in RULE_KEYS.items())
        assert rule["action"] in ACTIONS
    for finding in record["findings"]:
        assert set(finding) == set(FINDING_KEYS)
        assert all(isinstance(finding[k], t) for k, t in FINDING_KEYS.items()), finding
        assert 0.0 <= finding["score"] <= 1.0
        assert 0 <= finding["start"] <= finding["end"]
    assert all(isinstance(x, str) for x in record["facts"])
    assert all(isinstance(x, str) for x in record["errors"])
    assert isinstance(record["elapsed_ms"], float)
    assert record["elapsed_ms"] >= 0.0


def test_every_object_keeps_the_contract(records: list[dict[str, Any]]) -> None:
    for record in records:
        try:
            _check_record(record)
        except AssertionError as exc:
            raise AssertionError(f"{record.get('file')}: {exc}") from exc


def test_no_message_crashes_the_inspector(records: list[dict[str, Any]]) -> None:
    crashed = [
        r["file"] for r in records if any(e.startswith("internal error") for e in r["errors"])
    ]
    assert crashed == []


def test_a_message_with_errors_is_never_delivered(records: list[dict[str, Any]]) -> None:
    assert all(r["action"] == "quarantine" for r in records if r["errors"])


def test_verbose_text_output_has_one_line_per_message(eml_files: list[str]) -> None:
    result = _scan("-v")
    assert result.returncode == 0, result.stderr[-2000:]
    heads = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert len(heads) == len(eml_files)
    assert all(head.split(": ", 1)[1].split(" ", 1)[0] in ACTIONS for head in heads)
