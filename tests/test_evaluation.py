"""The corpus evaluation: manifest validation, measures, report and command line.

These tests drive :mod:`dlpmilter.evaluation` with a fake inspector whose verdict is read from
an ``X-Fake`` header, so they need no detectors; ``tests/test_corpus.py`` runs the real thing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from dlpmilter import evaluation
from dlpmilter.errors import ConfigError
from dlpmilter.verdict import Action, Finding, RuleHit, Verdict

SECRET = "123-45-6789 Maria Gonzalez diabetes"


@dataclass(frozen=True)
class FakeInspection:
    verdict: Verdict


class FakeInspector:
    """Reads ``X-Fake: action labels entities`` from the message; raises on ``X-Fake: crash``."""

    def inspect(self, raw: bytes) -> FakeInspection:
        header = next(line for line in raw.decode().splitlines() if line.startswith("X-Fake:"))
        fields = header.split(":", 1)[1].split()
        if fields[0] == "crash":
            raise RuntimeError(SECRET)
        labels = tuple(x for x in fields[1].split(",") if x) if len(fields) > 1 else ()
        entities = fields[2].split(",") if len(fields) > 2 else []
        findings = tuple(
            Finding(entity=e, location="body", start=0, end=1, score=0.9, detector="fake")
            for e in entities
        )
        hits = tuple(
            RuleHit(rule=f"rule-{label.lower()}", label=label, action=Action.ENCRYPT)
            for label in labels
        )
        return FakeInspection(
            Verdict(action=Action.parse(fields[0]), labels=labels, hits=hits, findings=findings)
        )


def write_corpus(root: Path, rows: list[tuple[str, str, str, list[str], list[str], str]]) -> Path:
    """rows: (name, category, expected action, expected labels, expected entities, X-Fake value)."""
    manifest: dict[str, dict[str, object]] = {}
    for name, category, action, labels, entities, fake in rows:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"X-Fake: {fake}\nSubject: t\n\n{SECRET}\n")
        entry: dict[str, object] = {
            "category": category,
            "expect_action": action,
            "expect_labels": labels,
        }
        if entities:
            entry["expect_entities"] = entities
        manifest[name] = entry
    (root / "manifest.yaml").write_text(json.dumps({"messages": manifest}))
    return root


ROWS = [
    ("m/phi1.eml", "phi", "encrypt", ["PHI"], ["US_SSN"], "encrypt PHI US_SSN"),
    ("m/phi2.eml", "phi", "encrypt", ["PHI"], ["US_SSN"], "deliver PHI"),  # labelled, not protected
    ("m/phi3.eml", "evasion", "encrypt", ["PHI"], [], "deliver"),  # not found
    ("m/pci1.eml", "pci", "block", ["PCI"], ["CREDIT_CARD"], "block PCI CREDIT_CARD"),
    ("m/pci2.eml", "pci", "block", ["PCI"], [], "encrypt PCI"),  # found, too weak an action
    ("m/clean1.eml", "clean_hard", "deliver", [], [], "deliver"),
    ("m/clean2.eml", "clean_hard", "deliver", [], [], "encrypt PII"),  # false alarm
    ("m/clean3.eml", "clean_easy", "deliver", [], [], "crash"),
    ("m/enc.eml", "evasion", "quarantine", [], [], "block"),  # over-protected
]


@pytest.fixture
def report(tmp_path: Path) -> evaluation.Report:
    return evaluation.evaluate(write_corpus(tmp_path, ROWS), FakeInspector())


def test_recall_needs_the_label_and_a_protective_enough_action(report: evaluation.Report) -> None:
    assert report.recall("PHI") == pytest.approx(1 / 3)
    assert report.recall("PCI") == pytest.approx(1 / 2)
    assert report.recall("PII") is None


def test_clean_passthrough_counts_crashes_and_false_alarms(report: evaluation.Report) -> None:
    assert report.clean_passthrough() == pytest.approx(1 / 3)


def test_false_positives_and_precision(report: evaluation.Report) -> None:
    assert report.false_positives("PII") == 1
    assert report.false_positives("PHI") == 0
    assert report.precision("PII") == 0.0
    assert report.precision("PHI") == 1.0


def test_entity_recall(report: evaluation.Report) -> None:
    assert report.entity_recall() == {"CREDIT_CARD": (1, 1), "US_SSN": (1, 2)}


def test_confusion_table(report: evaluation.Report) -> None:
    confusion = report.confusion()
    assert confusion[("encrypt", "deliver")] == 2
    assert confusion[("deliver", "error")] == 1
    assert confusion[("quarantine", "block")] == 1
    assert sum(confusion.values()) == len(ROWS)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("m/phi1.eml", "ok"),
        ("m/phi2.eml", "missed"),
        ("m/pci2.eml", "missed"),
        ("m/clean2.eml", "over"),
        ("m/clean3.eml", "error"),
        ("m/enc.eml", "over"),
    ],
)
def test_each_outcome_is_classified(report: evaluation.Report, name: str, kind: str) -> None:
    outcome = next(o for o in report.outcomes if o.expected.file == name)
    assert outcome.verdict == kind


def test_a_crash_is_reported_by_type_only(report: evaluation.Report) -> None:
    crashed = next(o for o in report.outcomes if o.action is None)
    assert crashed.error == "RuntimeError"


def test_by_category_counts_each_kind(report: evaluation.Report) -> None:
    categories = report.by_category()
    assert list(categories) == ["phi", "pci", "clean_hard", "clean_easy", "evasion"]
    assert categories["phi"] == {"ok": 1, "missed": 1}
    assert categories["clean_hard"] == {"ok": 1, "over": 1}
    assert categories["clean_easy"] == {"error": 1}
    assert categories["evasion"] == {"missed": 1, "over": 1}
    assert report.to_json()["categories"]["clean_hard"] == {
        "ok": 1,
        "missed": 0,
        "over": 1,
        "error": 0,
        "total": 2,
    }


def test_report_names_files_and_rules_never_content(report: evaluation.Report) -> None:
    text = evaluation.render(report)
    data = json.dumps(report.to_json())
    for out in (text, data):
        assert "m/phi2.eml" in out
        assert "rule-phi" in out
        for word in SECRET.split():
            assert word not in out
    assert "clean pass-through" in text
    assert "confusion" in text


def test_json_report_shape(report: evaluation.Report) -> None:
    data = report.to_json()
    assert data["messages"] == len(ROWS)
    assert set(data["recall"]) == {"PHI", "PII", "PCI"}
    assert {m["file"] for m in data["misses"]} == {
        "m/phi2.eml",
        "m/phi3.eml",
        "m/pci2.eml",
        "m/clean2.eml",
        "m/clean3.eml",
        "m/enc.eml",
    }
    assert data["entity_recall"]["US_SSN"] == {"found": 1, "expected": 2}


def test_targets_missed_are_listed(report: evaluation.Report) -> None:
    short = evaluation.meets_targets(report)
    assert any(line.startswith("PHI recall") for line in short)
    assert any(line.startswith("clean pass-through") for line in short)


def test_targets_met_on_a_perfect_run(tmp_path: Path) -> None:
    rows = [r for r in ROWS if r[0] in {"m/phi1.eml", "m/pci1.eml", "m/clean1.eml"}]
    report = evaluation.evaluate(write_corpus(tmp_path, rows), FakeInspector())
    assert evaluation.meets_targets(report) == []
    assert report.misses() == []


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("messages: {}", "non-empty 'messages'"),
        ("[1, 2]", "non-empty 'messages'"),
        (
            "messages: {a.eml: {category: phi, expect_action: encrypt, expect_labels: [PHI], colour: red}}",
            "a.eml: unknown field(s) colour",
        ),
        (
            "messages: {a.eml: {category: spam, expect_action: encrypt, expect_labels: []}}",
            "a.eml: category: 'spam'",
        ),
        (
            "messages: {a.eml: {category: phi, expect_action: shred, expect_labels: []}}",
            "a.eml: expect_action: unknown action 'shred'",
        ),
        (
            "messages: {a.eml: {category: phi, expect_action: encrypt, expect_labels: PHI}}",
            "a.eml: expect_labels: expected a list",
        ),
        (
            "messages: {missing.eml: {category: phi, expect_action: encrypt, expect_labels: []}}",
            "missing.eml: no such file",
        ),
        ("messages: {a.eml: [1]}", "a.eml: expected a mapping"),
        ("messages: [unclosed", "not valid YAML"),
    ],
)
def test_bad_manifest_is_named(tmp_path: Path, manifest: str, message: str) -> None:
    (tmp_path / "a.eml").write_text("X-Fake: deliver\n\nhi\n")
    (tmp_path / "manifest.yaml").write_text(manifest)
    with pytest.raises(ConfigError, match=r"manifest\.yaml") as info:
        evaluation.load_manifest(tmp_path)
    assert message in str(info.value)


def test_missing_manifest(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read the manifest"):
        evaluation.load_manifest(tmp_path)


def test_main_prints_text_and_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = write_corpus(tmp_path, ROWS)
    assert evaluation.main([str(corpus)], inspector=FakeInspector()) == 0
    assert "label  recall" in capsys.readouterr().out
    assert evaluation.main([str(corpus), "--json"], inspector=FakeInspector()) == 0
    assert json.loads(capsys.readouterr().out)["messages"] == len(ROWS)


def test_main_check_fails_when_targets_are_missed(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path, ROWS)
    assert evaluation.main([str(corpus), "--check"], inspector=FakeInspector()) == 1


def test_main_bad_corpus_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert evaluation.main([str(tmp_path / "nope")], inspector=FakeInspector()) == 2
    assert "not a directory" in capsys.readouterr().err
    assert evaluation.main([str(tmp_path)], inspector=FakeInspector()) == 2
    assert "manifest" in capsys.readouterr().err
