"""Load: 2,000 messages of about 10 KB through Postfix with ``smtp-source``, 10 sessions at once.

Nothing lost, nothing duplicated: sent = delivered + rejected + quarantined, checked at the sink,
the quarantine store and the audit log. (Speed is measured in ``bench/``, not asserted here.)
"""

from __future__ import annotations

import smtplib
import subprocess
import uuid
from concurrent.futures import ThreadPoolExecutor
from email import message_from_bytes
from typing import Any

import pytest

from dlpmilter.quarantine.store import QuarantineStore
from dlpmilter.settings import load_settings

pytestmark = [pytest.mark.postfix, pytest.mark.slow]

Stack = Any  # the conftest's Stack

CLEAN, BLOCKED, QUARANTINED = 1800, 100, 100


def smtp_source(stack: Stack, count: int, subject: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["smtp-source", "-s", "10", "-m", str(count), "-l", "10240", "-S", subject,
         "-f", "sender@corp.test", "-t", "alice@example.com", f"127.0.0.1:{stack.ports['smtp']}"],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip


def reject_all(stack: Stack, count: int, subject: str) -> int:
    """smtp-source gives up a session at the first rejection: send these with smtplib, 10 at
    once, and count the 550 replies."""

    def one(_: int) -> int:
        try:
            stack.send(stack.message(subject, "x" * 10240))
        except smtplib.SMTPDataError as exc:
            return int(exc.smtp_code == 550)
        return 0

    with ThreadPoolExecutor(10) as pool:
        return sum(pool.map(one, range(count)))


def test_two_thousand_messages_nothing_lost_nothing_duplicated(stack: Stack) -> None:
    """1,800 clean + 100 blocked + 100 quarantined: every one accounted for exactly once."""
    run = uuid.uuid4().hex[:12]
    audit_before = len(stack.audit())
    metrics_before = stack.metrics()
    smtp_source(stack, CLEAN, f"load-clean-{run}")
    assert reject_all(stack, BLOCKED, f"load-BLOCKME-{run}") == BLOCKED
    smtp_source(stack, QUARANTINED, f"load-QUARANTINEME-{run}")

    def delivered() -> list[bytes]:
        return stack.captured(f"load-clean-{run}")

    stack.wait(lambda: len(delivered()) >= CLEAN, "every clean message at the sink", 300)
    records = stack.audit()[audit_before:]
    mine = [r for r in records if r.get("event") is None]
    assert len(mine) == CLEAN + BLOCKED + QUARANTINED
    outcomes = {
        kind: sum(1 for r in mine if r["mta"] == kind) for kind in ("accept", "reject", "discard")
    }
    assert outcomes == {"accept": CLEAN, "reject": BLOCKED, "discard": QUARANTINED}
    store = QuarantineStore.from_settings(load_settings(overrides={"state_dir": str(stack.state)}))
    stored = {r["quarantine_id"] for r in mine if r["mta"] == "discard"}
    assert len(stored) == QUARANTINED
    assert {e.id for e in store.entries(state="held")} >= stored
    assert len(delivered()) == CLEAN
    queue_ids = [
        message_from_bytes(m.split(b"X-Sink-TLS: no\r\n", 1)[1])["Received"]
        .split(" id ")[1]
        .split()[0]
        for m in delivered()
    ]
    assert len(set(queue_ids)) == CLEAN
    assert {r["queue_id"] for r in mine if r["mta"] == "accept"} == set(queue_ids)
    assert list((stack.state / "spool").iterdir()) == []  # no spool file outlives its message

    # the metrics file counted the same decisions (it is rewritten every half second)
    def counted(mta: str) -> float:
        key = f'dlpmilter_messages_total{{action="{_ACTIONS[mta]}",mta="{mta}"}}'
        return stack.metrics().get(key, 0.0) - metrics_before.get(key, 0.0)

    stack.wait(
        lambda: {kind: counted(kind) for kind in outcomes} == outcomes,
        "the metrics file counting every decision",
        30,
    )
    assert stack.metrics()['dlpmilter_eom_seconds_bucket{le="+Inf"}'] >= len(mine)
    assert stack.metrics()["dlpmilter_workers_configured"] == 2
    stack.wait(lambda: stack.metrics()["dlpmilter_workers"] == 2, "both workers running", 30)


#: The trigger inspector's action behind each MTA outcome of this test.
_ACTIONS = {"accept": "deliver", "reject": "block", "discard": "quarantine"}
