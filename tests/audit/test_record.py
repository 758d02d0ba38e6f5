"""Audit records summarise a decision without any matched text."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dlpmilter.audit.locations import content_free_location
from dlpmilter.audit.log import AuditLog
from dlpmilter.audit.record import build_record
from dlpmilter.errors import ConfigError
from dlpmilter.message import Envelope, Message, Part
from dlpmilter.plugins import load_registry
from dlpmilter.settings import load_settings
from dlpmilter.verdict import Action, Finding, RuleHit, Verdict

SSN = "219-55-1234"


def _decision() -> tuple[Message, Verdict]:
    text = f"Patient SSN {SSN} diagnosed with diabetes"
    message = Message(
        envelope=Envelope(
            sender="dr@clinic.example", recipients=("x@ext.example",), queue_id="4ABC"
        ),
        subject="results",
        message_id="<m1@clinic.example>",
        parts=(Part(location="body", content_type="text/plain", text=text),),
        size=len(text),
    )
    findings = (
        Finding(
            entity="US_SSN",
            location="body",
            start=12,
            end=23,
            score=0.9,
            detector="us_ssn",
            preview="***-**-1234",
            digest="aa",
        ),
        Finding(
            entity="MEDICAL_TERM",
            location="body",
            start=38,
            end=46,
            score=0.6,
            detector="medical",
            digest="bb",
        ),
        Finding(
            entity="US_SSN",
            location="attachment:Gonzalez_Maria.csv",
            start=0,
            end=11,
            score=0.7,
            detector="us_ssn",
            digest="aa",
        ),
    )
    hit = RuleHit(rule="phi-strong-id", label="PHI", action=Action.ENCRYPT, findings=findings[:2])
    verdict = Verdict(
        action=Action.ENCRYPT,
        labels=("PHI",),
        hits=(hit,),
        findings=findings,
        policy_version="abc123",
    )
    return message, verdict


def test_record_fields_and_no_matched_text(tmp_path: Path) -> None:
    message, verdict = _decision()
    settings = load_settings(environ={}, overrides={"state_dir": str(tmp_path)})
    log = AuditLog.from_settings(settings, load_registry())
    record = log.record_decision(message, verdict, now=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
    log.close()
    assert record["time"] == "2026-01-02T03:04:05.000Z"
    assert record["queue_id"] == "4ABC"
    assert record["action"] == "encrypt" and record["labels"] == ["PHI"]
    assert record["rules"] == [
        {"id": "phi-strong-id", "label": "PHI", "action": "encrypt", "findings": 2}
    ]
    assert record["entities"]["US_SSN"] == {
        "count": 2,
        "best_score": 0.9,
        "locations": [content_free_location("attachment:Gonzalez_Maria.csv", log.salt), "body"],
        "distinct": 1,
    }
    assert record["policy_version"] == "abc123"
    assert len(record["message_id_hash"]) == 32
    written = (tmp_path / "audit.jsonl").read_text(encoding="utf-8")
    assert record["entities"]["US_SSN"]["locations"][0].endswith(".csv")
    for secret in (SSN, "1234", "diabetes", "m1@clinic.example", "results", "Gonzalez"):
        assert secret not in written
    assert json.loads(written)["seq"] == 1


def test_unknown_sink_is_a_config_error(tmp_path: Path) -> None:
    settings = load_settings(
        environ={}, overrides={"state_dir": str(tmp_path), "audit_sinks": ["kafka"]}
    )
    with pytest.raises(ConfigError, match="unknown sink 'kafka'"):
        AuditLog.from_settings(settings, load_registry())


def test_a_monitor_hit_says_so_and_an_enforced_one_stays_as_it_was() -> None:
    message, verdict = _decision()
    trial = RuleHit(rule="strict-trial", label="PHI", action=Action.QUARANTINE, monitor=True)
    record = build_record(
        message, dataclasses.replace(verdict, hits=(*verdict.hits, trial)), salt=b"s"
    )
    enforced, monitored = record["rules"]
    assert "monitor" not in enforced
    assert monitored == {
        "id": "strict-trial", "label": "PHI", "action": "quarantine", "findings": 0, "monitor": True
    }  # fmt: skip
