"""``dlpmilter portal list|show|expire``: what the compliance officer reads, without content."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from dlpmilter.cli import COMMANDS, main
from dlpmilter.portal.store import PortalStore
from dlpmilter.settings import load_settings

RAW = b"Subject: Lab results for Jane Roe\r\n\r\nMRN 12345678\r\n"


def deposit(state: Path, *, days_ago: int = 0) -> PortalStore:
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    settings = load_settings(overrides={"state_dir": str(state)}, environ={})
    store = PortalStore.from_settings(settings, clock=lambda: moment)
    done = store.deposit(RAW, sender="sender@corp.test", reference=f"DLP-{days_ago}",
                         recipients=("alice@example.com", "bob@example.org"))  # fmt: skip
    pickup = store.pickup(done.tokens[0][1])
    assert pickup is not None
    store.record(pickup.message, 1, "notified")
    return store


def test_portal_is_a_sub_command() -> None:
    assert "portal" in COMMANDS


def test_list_and_show(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    deposit(tmp_path)
    assert main(["portal", "--state-dir", str(tmp_path), "list"]) == 0
    listing = capsys.readouterr().out
    assert "DLP-0" in listing and "2 recipient(s)" in listing and "available" in listing
    assert main(["portal", "--state-dir", str(tmp_path), "show", "DLP-0"]) == 0
    shown = capsys.readouterr().out
    assert "pickup 1: alice@example.com" in shown and "pickup 2: bob@example.org" in shown
    assert "deposited" in shown and "notified" in shown
    assert "Jane" not in shown and "MRN" not in shown and "Lab results" not in shown
    assert main(["portal", "--state-dir", str(tmp_path), "show", "DLP-0", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert [e["kind"] for e in record["events"]] == ["deposited", "notified"]


def test_show_unknown_reference_is_a_problem(tmp_path: Path) -> None:
    deposit(tmp_path)
    assert main(["portal", "--state-dir", str(tmp_path), "show", "DLP-nope"]) == 1


def test_expire_removes_messages_past_retention(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deposit(tmp_path, days_ago=15)
    deposit(tmp_path, days_ago=1)
    assert main(["portal", "--state-dir", str(tmp_path), "expire"]) == 0
    assert "1 message(s) expired" in capsys.readouterr().out
    states = {s.reference: s.state for s in PortalStore.from_settings(
        load_settings(overrides={"state_dir": str(tmp_path)}, environ={})).messages()}  # fmt: skip
    assert states == {"DLP-15": "expired", "DLP-1": "available"}
