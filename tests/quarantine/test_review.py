"""Release and delete through the review operations and the CLI, with a loopback listener
standing in for Postfix's re-injection smtpd."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from dlpmilter.errors import ActionError
from dlpmilter.quarantine.review import Review
from dlpmilter.quarantine.store import QuarantineStore
from dlpmilter.settings import Settings, load_settings
from netwait import free_ports


def settings_for(tmp_path: Path, port: int) -> Settings:
    return load_settings(overrides={"state_dir": str(tmp_path), "reinject_port": port}, environ={})


def held(settings: Settings, qid: str = "DLP-20260101-AAAAAAAAAA") -> str:
    QuarantineStore.from_settings(settings).put(
        b"Subject: list\r\n\r\npatients\r\n", qid=qid, queue_id="Q1", sender="a@corp.test",
        recipients=("b@example.com", "c@example.org"), labels=("PHI",),
    )  # fmt: skip
    return qid


def audit(settings: Settings) -> list[dict[str, Any]]:
    path = settings.state_dir / "audit.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_release_reinjects_to_the_original_recipients_and_is_audited(
    tmp_path: Path, listener: Any
) -> None:
    """The listener gets the original envelope and bytes; the store and audit say who and why."""
    handler, port = listener
    settings = settings_for(tmp_path, port)
    qid = held(settings)
    entry = Review(settings).release(qid, actor="reviewer", reason="approved by privacy office")
    assert handler.messages == [
        ("a@corp.test", ["b@example.com", "c@example.org"], b"Subject: list\r\n\r\npatients\r\n")
    ]
    assert (entry.state, entry.actor, entry.note) == (
        "released",
        "reviewer",
        "approved by privacy office",
    )
    [record] = audit(settings)
    assert record["event"] == "quarantine_release" and record["reference"] == qid
    assert record["actor"] == "reviewer" and "patients" not in json.dumps(record)
    with pytest.raises(ActionError, match="not held"):
        Review(settings).release(qid, actor="reviewer", reason="again")


def test_release_fails_closed_when_the_listener_is_down(tmp_path: Path) -> None:
    """No listener: an error, and the message stays held."""
    settings = settings_for(tmp_path, free_ports(1)[0])
    qid = held(settings)
    with pytest.raises(ActionError, match="re-injection"):
        Review(settings).release(qid, actor="r", reason="x")
    assert QuarantineStore.from_settings(settings).get(qid).state == "held"


def cli(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dlpmilter", "quarantine", "--state-dir", str(settings.state_dir), *args],
        capture_output=True, text=True, timeout=60, check=False,
        env={"PATH": "/usr/bin:/bin", "DLPMILTER_REINJECT_PORT": str(settings["reinject_port"])},
    )  # fmt: skip


def test_cli_list_show_release_delete(tmp_path: Path, listener: Any) -> None:
    """The four commands, end to end."""
    handler, port = listener
    settings = settings_for(tmp_path, port)
    first, second = (
        held(settings, "DLP-20260101-AAAAAAAAAA"),
        held(settings, "DLP-20260101-BBBBBBBBBB"),
    )
    listing = cli(settings, "list")
    assert listing.returncode == 0 and first in listing.stdout and second in listing.stdout
    shown = cli(settings, "show", first)
    assert "b@example.com, c@example.org" in shown.stdout and "PHI" in shown.stdout
    assert cli(settings, "show", first, "--message").stdout == "Subject: list\n\npatients\n"
    released = cli(settings, "release", first, "--reason", "ok", "--by", "rev")
    assert released.returncode == 0, released.stderr
    assert len(handler.messages) == 1
    deleted = cli(settings, "delete", second, "--reason", "junk", "--by", "rev")
    assert deleted.returncode == 0
    assert cli(settings, "list").stdout.strip() == ""
    everything = [
        json.loads(line) for line in cli(settings, "list", "--all", "--json").stdout.splitlines()
    ]
    assert {(e["id"], e["state"]) for e in everything} == {(first, "released"), (second, "deleted")}
    missing = cli(settings, "show", "DLP-20260101-CCCCCCCCCC")
    assert missing.returncode == 1 and "no message" in missing.stderr
