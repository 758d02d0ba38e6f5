"""The gateway's decisions around the pool: every failure is a tempfail with an audit record."""

from __future__ import annotations

import logging
import re
import smtplib
from pathlib import Path
from typing import Any

import pytest

from dlpmilter.actions.base import Outcome
from dlpmilter.actions.dispatcher import Dispatcher
from dlpmilter.audit.log import AuditLog
from dlpmilter.errors import AuditError, ConfigError
from dlpmilter.message import Envelope
from dlpmilter.metrics import Metrics
from dlpmilter.plugins import load_registry
from dlpmilter.pool import InspectionResult, PoolError
from dlpmilter.quarantine.store import QuarantineStore
from dlpmilter.service import Gateway, new_reference, parse_socket
from dlpmilter.settings import Settings, load_settings
from dlpmilter.verdict import Action, RuleHit, Verdict


class StubPool:
    """Answers with a fixed verdict, or raises a fixed PoolError."""

    def __init__(self, answer: Verdict | PoolError) -> None:
        self.answer = answer
        self.seen: list[tuple[bytes | Path, Envelope]] = []

    def inspect(self, raw: bytes | Path, envelope: Envelope) -> InspectionResult:
        self.seen.append((raw, envelope))
        if isinstance(self.answer, PoolError):
            raise self.answer
        data = raw.read_bytes() if isinstance(raw, Path) else raw
        return InspectionResult(verdict=self.answer, message_id="<m@x>", size=len(data))


class BrokenAudit:
    def record_decision(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise AuditError("disk full")


def settings_for(tmp_path: Path, **overrides: str) -> Settings:
    return load_settings(overrides={"state_dir": str(tmp_path), **overrides}, environ={})


def gateway(
    settings: Settings, answer: Verdict | PoolError, audit: Any = None, on_error: str = "tempfail"
) -> Gateway:
    registry = load_registry()
    return Gateway(
        pool=StubPool(answer),  # type: ignore[arg-type]
        dispatcher=Dispatcher.from_registry(registry.actions, settings),
        audit=audit or AuditLog.from_settings(settings, registry),
        spool_dir=settings.state_dir / "spool",
        spool_memory_bytes=64,
        on_error=on_error,
    )


def run(gw: Gateway, body: bytes = b"hello\r\n") -> Any:
    tx = gw.begin("<a@corp.test>", client_address="127.0.0.1", authenticated_user="")
    tx.add_recipient("<b@example.com>")
    tx.add_header("Subject", "results")
    tx.add_body(body * 20)
    effect = gw.finish(tx, queue_id="Q42")
    assert tx.spool.path is None  # spool released whatever happened
    return effect


def audit_records(settings: Settings) -> list[dict[str, Any]]:
    import json

    path = settings.state_dir / "audit.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_a_verdict_becomes_an_effect_and_an_audit_record(tmp_path: Path) -> None:
    """Block: 550 effect; the record has queue id, reference, action and MTA outcome."""
    settings = settings_for(tmp_path)
    verdict = Verdict(
        action=Action.BLOCK,
        labels=("PCI",),
        hits=(RuleHit(rule="pci-card", label="PCI", action=Action.BLOCK),),
    )
    effect = run(gateway(settings, verdict))
    assert effect.outcome is Outcome.REJECT
    [record] = audit_records(settings)
    assert record["queue_id"] == "Q42" and record["action"] == "block" and record["mta"] == "reject"
    assert effect.reply.text.endswith(f"(ref {record['reference']})")
    assert record["rules"][0]["id"] == "pci-card"
    assert isinstance(record["eom_ms"], float) and record["eom_ms"] >= 0.0


# fmt: off
FAILURES = [
    ("queue_full",       "tempfail"),
    ("timeout",          "tempfail"),
    ("worker_died",      "tempfail"),
    ("inspection_error", "tempfail"),
]
# fmt: on


@pytest.mark.parametrize(("reason", "outcome"), FAILURES)
def test_pool_failures_tempfail_and_say_why(tmp_path: Path, reason: str, outcome: str) -> None:
    """Never an accept: 451 4.7.1 with a reference, and the audit record names the reason."""
    settings = settings_for(tmp_path)
    effect = run(gateway(settings, PoolError(reason)))
    assert effect.outcome is Outcome.TEMPFAIL
    assert effect.reply.code == "451" and effect.reply.xcode == "4.7.1"
    [record] = audit_records(settings)
    assert record["outcome"] == outcome and record["reason"] == reason
    assert record["mta"] == "tempfail"


def test_on_error_quarantine_stores_what_could_not_be_inspected(tmp_path: Path) -> None:
    """With on_error=quarantine a failed inspection is quarantined, but a full queue still
    tempfails (the message was never looked at and Postfix will retry)."""
    settings = settings_for(tmp_path)
    effect = run(gateway(settings, PoolError("timeout"), on_error="quarantine"))
    assert effect.outcome is Outcome.DISCARD
    store = QuarantineStore.from_settings(settings)
    [entry] = store.entries()
    assert b"hello" in store.read(entry.id)
    assert (
        run(gateway(settings, PoolError("queue_full"), on_error="quarantine")).outcome
        is Outcome.TEMPFAIL
    )
    with pytest.raises(ConfigError, match="on_error"):
        gateway(settings, PoolError("timeout"), on_error="accept")


def test_an_action_failure_tempfails(tmp_path: Path) -> None:
    """An action that cannot be carried out (an encryption method that does not exist) tempfails."""
    settings = settings_for(tmp_path)
    verdict = Verdict(action=Action.ENCRYPT, action_params=(("method", "rot13"),))
    effect = run(gateway(settings, verdict))
    assert effect.outcome is Outcome.TEMPFAIL
    assert audit_records(settings)[0]["reason"] == "action_error"


def test_a_failed_action_logs_its_type_not_its_text(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A library's exception text may hold addresses (smtplib's refused recipients): the log
    line names the exception's type only."""
    settings = settings_for(tmp_path)
    gw = gateway(settings, Verdict(action=Action.QUARANTINE))

    def refuse(request: Any) -> Any:
        raise smtplib.SMTPRecipientsRefused({"patient@home.example": (550, b"no")})

    gw.dispatcher.decide = refuse  # type: ignore[method-assign]
    with caplog.at_level(logging.ERROR, logger="dlpmilter.service"):
        assert run(gw).outcome is Outcome.TEMPFAIL
    assert "SMTPRecipientsRefused" in caplog.text
    assert "patient@home.example" not in caplog.text


def test_an_audit_failure_tempfails(tmp_path: Path) -> None:
    """No record, no decision: a failing audit sink turns even a deliver into a tempfail."""
    settings = settings_for(tmp_path)
    effect = run(gateway(settings, Verdict(action=Action.DELIVER), audit=BrokenAudit()))
    assert effect.outcome is Outcome.TEMPFAIL


def test_the_metrics_count_what_the_mta_was_told(tmp_path: Path) -> None:
    """Each decision is counted by action and MTA outcome; a failure by its reason too."""
    settings = settings_for(tmp_path)
    metrics = Metrics()
    for gw in (
        gateway(settings, Verdict(action=Action.BLOCK)),
        gateway(settings, PoolError("timeout")),
        gateway(settings, Verdict(action=Action.DELIVER), audit=BrokenAudit()),
    ):
        gw.metrics = metrics
        run(gw)
    text = metrics.render()
    assert 'dlpmilter_messages_total{action="block",mta="reject"} 1' in text
    assert 'dlpmilter_messages_total{action="tempfail",mta="tempfail"} 1' in text
    assert 'dlpmilter_messages_total{action="deliver",mta="tempfail"} 1' in text
    assert 'dlpmilter_tempfails_total{reason="timeout"} 1' in text
    assert 'dlpmilter_tempfails_total{reason="audit_error"} 1' in text
    assert "dlpmilter_eom_seconds_count 3" in text


def test_spooled_messages_reach_the_pool_as_a_file(tmp_path: Path) -> None:
    """A message past the memory bound is handed over by path (not copied), in memory below it."""
    settings = settings_for(tmp_path)
    gw = gateway(settings, Verdict(action=Action.DELIVER))
    run(gw)
    run(gw, body=b"x")
    pool = gw.pool
    assert isinstance(pool, StubPool)
    (big, _), (small, _) = pool.seen
    assert isinstance(big, Path) and big.parent == settings.state_dir / "spool"
    assert not big.exists()  # removed after the decision
    assert small == b"Subject: results\r\n\r\n" + b"x" * 20


def test_references_are_unique_and_well_formed() -> None:
    """DLP-<date>-<10 hex>, no collisions in a few thousand."""
    refs = {new_reference() for _ in range(5000)}
    assert len(refs) == 5000
    assert all(re.fullmatch(r"DLP-\d{8}-[0-9A-F]{10}", r) for r in refs)


# fmt: off
SOCKETS = [
    ("unix:/run/dlpmilter/dlpmilter.sock", ("unix:/run/dlpmilter/dlpmilter.sock", Path("/run/dlpmilter/dlpmilter.sock"))),
    ("local:/tmp/m.sock",                  ("unix:/tmp/m.sock", Path("/tmp/m.sock"))),
    ("/tmp/m.sock",                        ("unix:/tmp/m.sock", Path("/tmp/m.sock"))),
    ("inet:8899@127.0.0.1",                ("inet:8899@127.0.0.1", None)),
]
# fmt: on


@pytest.mark.parametrize(("spec", "expected"), SOCKETS)
def test_socket_specs(spec: str, expected: tuple[str, Path | None]) -> None:
    """unix by path, or inet port@host."""
    assert parse_socket(spec) == expected


@pytest.mark.parametrize("spec", ["tcp:8899", "unix:relative.sock", "inet:host@8899", ""])
def test_bad_socket_specs(spec: str) -> None:
    """Anything else is a configuration error naming the setting."""
    with pytest.raises(ConfigError, match="socket"):
        parse_socket(spec)
