"""The compliance report: counts, the review join, the period, and the CLI over a real chain."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from dlpmilter.audit.jsonl import JsonlSink
from dlpmilter.audit.log import AuditLog
from dlpmilter.audit.report import parse_time, read_records, render_text, summarize
from dlpmilter.cli import main
from dlpmilter.inspector import Inspector
from dlpmilter.message import Envelope
from dlpmilter.quarantine.review import review_record
from dlpmilter.quarantine.store import Entry


def _decision(
    reference: str,
    outcome: str,
    *,
    day: str = "2026-11-02",
    rules: tuple[tuple[str, str, str, int], ...] = (),
    entities: dict[str, int] | None = None,
    facts: tuple[str, ...] = (),
    sender: str = "nurse@clinic.example",
    reason: str = "",
) -> dict[str, Any]:
    return {
        "time": f"{day}T10:00:00.000Z",
        "reference": reference,
        "sender": sender,
        "recipients": ["someone@partner.example"],
        "action": outcome,
        "outcome": outcome,
        "reason": reason,
        "labels": sorted({label for _, label, _, _ in rules}),
        "rules": [{"id": r, "label": lb, "action": a, "findings": n} for r, lb, a, n in rules],
        "entities": {e: {"count": n} for e, n in (entities or {}).items()},
        "facts": list(facts),
    }


PHI_RULE = ("phi-quarantine", "PHI", "quarantine", 3)
PCI_RULE = ("pci-block", "PCI", "block", 1)


def _records() -> list[dict[str, Any] | None]:
    return [
        _decision("R1", "deliver"),
        _decision("R2", "quarantine", rules=(PHI_RULE,), entities={"US_SSN": 2, "PERSON": 1}),
        _decision("R3", "quarantine", rules=(PHI_RULE,), entities={"US_SSN": 1}, day="2026-11-03"),
        _decision("R4", "quarantine", rules=(PHI_RULE,), sender="doctor@clinic.example"),
        _decision("R5", "block", rules=(PCI_RULE,), entities={"CREDIT_CARD": 1}),
        _decision(
            "R6", "tempfail", reason="timeout", facts=("time_budget@body: stopped before ner",)
        ),
        {"event": "quarantine_release", "reference": "R2", "actor": "cao"},
        {"event": "quarantine_delete", "reference": "R3", "actor": "cao"},
        {"event": "quarantine_release", "reference": "R3", "actor": "cao"},  # the last one counts
        None,  # an unreadable line
    ]


def test_counts_outcomes_labels_entities_and_facts() -> None:
    report = summarize(_records())
    assert report.decisions == 6
    assert report.unreadable == 1
    assert dict(report.outcomes) == {"quarantine": 3, "deliver": 1, "block": 1, "tempfail": 1}
    assert report.outcomes[0] == ("quarantine", 3)  # most first
    assert dict(report.labels) == {"PHI": 3, "PCI": 1}
    assert ("US_SSN", 2, 3) in report.entities  # two messages, three findings
    assert dict(report.facts) == {"time_budget": 1}
    assert dict(report.tempfail_reasons) == {"timeout": 1}
    assert dict(report.senders) == {"nurse@clinic.example": 4, "doctor@clinic.example": 1}
    assert [day for day, _ in report.days] == ["2026-11-02", "2026-11-03"]
    assert report.first == "2026-11-02T10:00:00.000Z"
    assert report.last == "2026-11-03T10:00:00.000Z"


def test_reviews_join_their_decisions_per_rule() -> None:
    rules = {r.rule: r for r in summarize(_records()).rules}
    phi = rules["phi-quarantine"]
    assert (phi.messages, phi.findings, phi.quarantined) == (3, 9, 3)
    assert (phi.released, phi.deleted) == (2, 0)  # R2 released; R3 deleted, then released
    assert phi.release_rate == 1.0
    assert rules["pci-block"].quarantined == 0
    assert rules["pci-block"].release_rate is None


def test_monitor_hits_are_counted_apart() -> None:
    """A policy in monitor mode: the messages it would have acted on, which went out."""
    records: list[dict[str, Any] | None] = [
        _decision("M1", "deliver", rules=(("strict-trial", "PHI", "quarantine", 2),)),
        _decision("M2", "deliver", rules=(("strict-trial", "PHI", "quarantine", 1),)),
        _decision("M3", "deliver"),
    ]
    for record in records[:2]:
        assert record is not None
        record["rules"][0]["monitor"] = True
    (rule,) = summarize(records).rules
    assert (rule.messages, rule.monitored, rule.quarantined) == (2, 2, 0)
    assert "| strict-trial | PHI | quarantine | 2 | 3 | 2 | 0 |" in render_text(summarize(records))


def test_period_selects_decisions_but_reviews_still_join() -> None:
    report = summarize(
        _records(), since=parse_time("2026-11-03"), until=parse_time("2026-11-04T00:00Z")
    )
    assert report.decisions == 1
    (rule,) = report.rules
    assert (rule.rule, rule.quarantined, rule.released) == ("phi-quarantine", 1, 1)


def test_parse_time_reads_dates_times_and_zones() -> None:
    assert parse_time("2026-11-03") == datetime(2026, 11, 3, tzinfo=UTC)
    assert parse_time("2026-11-03T08:00+01:00") == datetime(2026, 11, 3, 7, tzinfo=UTC)
    with pytest.raises(ValueError):
        parse_time("last tuesday")


def test_text_report_has_every_section() -> None:
    text = render_text(summarize(_records()), title="test")
    for heading in ("## Outcomes", "## Classifications", "## Rules", "## Entities found",
                    "## Inspection", "## Senders of flagged mail", "## By day"):  # fmt: skip
        assert heading in text
    assert "6 decisions, 5 flagged (83.3%)" in text
    assert "| phi-quarantine | PHI | quarantine | 3 | 9 | 0 | 3 | 2 | 0 | 100% |" in text


def test_empty_period_says_so() -> None:
    text = render_text(summarize(_records(), since=parse_time("2030-01-01")))
    assert "No decisions in the period." in text


PHI_MESSAGE = (
    b"From: nurse@clinic.example\r\nTo: someone@partner.example\r\nSubject: follow-up\r\n"
    b"Message-ID: <m1@clinic.example>\r\n\r\n"
    b"Patient John Carter, DOB 04/12/1961, MRN 48213377, SSN 219-09-9999, was seen for "
    b"type 2 diabetes mellitus (E11.9) and started on metformin.\r\n"
)


def test_cli_reports_real_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Records written by the audit log from a real inspection, plus a review, give a report
    with the rule that hit; nothing of the message's text appears in it."""
    inspector = Inspector()
    inspection = inspector.inspect(
        PHI_MESSAGE,
        Envelope(sender="nurse@clinic.example", recipients=("someone@partner.example",)),
    )
    assert inspection.verdict.hits, "the sample must trigger a rule"
    path = tmp_path / "audit.jsonl"
    audit = AuditLog([JsonlSink(settings={"state_dir": str(tmp_path)}, path=path)], salt=b"s")
    audit.record_decision(
        inspection.message, inspection.verdict, reference="DLP-1", outcome="quarantine"
    )
    entry = Entry(
        id="DLP-1", time="", queue_id="Q1", sender="nurse@clinic.example",
        recipients=("someone@partner.example",), labels=inspection.verdict.labels,
        rules=(), size=1, state="released",
    )  # fmt: skip
    audit.record(review_record(entry, "quarantine_release", "cao", "patient asked"))
    audit.close()
    assert main(["audit", "report", str(path)]) == 0
    out = capsys.readouterr().out
    rule = inspection.verdict.hits[0].rule
    assert f"| {rule} |" in out
    assert "chain" in out.lower() and "intact" in out
    for secret in ("John", "Carter", "219-09-9999", "48213377", "metformin", "follow-up"):
        assert secret not in out
    assert main(["audit", "report", "--json", str(path)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["decisions"] == 1
    assert document["chain"]["intact"] is True
    (line,) = [r for r in document["rules"] if r["rule"] == rule]
    assert line["released"] == 1 and line["release_rate"] == 1.0


def test_cli_broken_chain_reports_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "audit.jsonl"
    sink = JsonlSink(settings={"state_dir": str(tmp_path)}, path=path)
    for record in _records()[:3]:
        assert record is not None
        sink.record(record)
    sink.close()
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text(lines[0] + lines[2], encoding="utf-8")  # a record deleted
    assert main(["audit", "report", str(path)]) == 1
    assert "problems (see audit verify)" in capsys.readouterr().out


def test_cli_rejects_a_bad_period(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_text("", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["audit", "report", "--since", "yesterday", str(path)])
    assert stopped.value.code == 2
    assert "not an ISO date or time: 'yesterday'" in capsys.readouterr().err


def test_cli_rejects_a_negative_top(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_text("", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main(["audit", "report", "--top", "-3", str(path)])
    assert stopped.value.code == 2
    assert "not a whole number of senders: '-3'" in capsys.readouterr().err


def test_read_records_marks_unreadable_lines(tmp_path: Path) -> None:
    path = tmp_path / "audit.jsonl"
    path.write_text('{"action": "deliver"}\nnot json\n[1, 2]\n\n', encoding="utf-8")
    assert list(read_records(path)) == [{"action": "deliver"}, None, None]
