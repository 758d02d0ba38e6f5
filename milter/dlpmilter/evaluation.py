"""Measure detection on a labelled corpus: ``python -m dlpmilter.evaluation tests/corpus``.

A corpus is a directory of ``.eml`` files and a ``manifest.yaml`` that labels each of them (see
``docs/evaluation.md``)::

    messages:
      messages/phi/referral-01.eml:
        category: phi              # phi | pii | pci | clean_hard | clean_easy | evasion
        expect_action: encrypt     # deliver | tag | encrypt | portal | quarantine | block
        expect_labels: [PHI]       # what the message really contains
        expect_entities: [US_SSN]  # optional: what a detector must find
        note: referral letter      # what it tests

Every message goes through one :class:`~dlpmilter.inspector.Inspector`, exactly as the milter
and ``dlpmilter scan`` see it. The report gives recall per label, clean pass-through, false
positives, recall per entity, the confusion table of expected against actual action, and every
miss by file, category and rule id. It never prints message content.

A message *catches* a label when the verdict carries the label and its action is at least as
protective as the expected one; a labelled but delivered message is a miss.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import yaml

from dlpmilter.errors import ConfigError, DlpError
from dlpmilter.verdict import Action

if TYPE_CHECKING:
    from dlpmilter.inspector import Inspection

#: The labels the corpus and the shipped packs use, in report order.
LABELS: tuple[str, ...] = ("PHI", "PII", "PCI")
CATEGORIES: tuple[str, ...] = ("phi", "pii", "pci", "clean_hard", "clean_easy", "evasion")
#: Outcome kinds, in report order (see :attr:`Outcome.verdict`).
_KINDS = ("ok", "missed", "over", "error")
_ENTRY_KEYS = frozenset({"category", "expect_action", "expect_labels", "expect_entities", "note"})

#: The targets the regression test holds detection to (``tests/test_corpus.py`` asserts them).
TARGETS: Mapping[str, float] = {"PHI": 0.99, "PII": 0.99, "PCI": 1.0, "clean_passthrough": 0.98}


class Inspects(Protocol):
    """What the evaluation needs of an inspector: :meth:`Inspector.inspect`."""

    def inspect(self, raw: bytes) -> Inspection:
        """Inspect one raw message."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Expectation:
    """One manifest entry."""

    file: str
    category: str
    action: Action
    labels: frozenset[str]
    entities: frozenset[str] = frozenset()
    note: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What the inspector decided about one message, next to what was expected."""

    expected: Expectation
    action: Action | None
    labels: frozenset[str] = frozenset()
    entities: frozenset[str] = frozenset()
    rules: tuple[str, ...] = ()
    error: str = ""
    elapsed_ms: float = 0.0

    def caught(self, label: str) -> bool:
        """The label was found and the message protected at least as expected."""
        return (
            self.action is not None and label in self.labels and self.action >= self.expected.action
        )

    @property
    def verdict(self) -> str:
        """``ok``, ``missed`` (less protective than expected), ``over`` or ``error``."""
        if self.action is None:
            return "error"
        if self.action < self.expected.action or any(
            not self.caught(label) for label in self.expected.labels
        ):
            return "missed"
        if self.action > self.expected.action:
            return "over"
        return "ok"


def load_manifest(corpus: Path) -> list[Expectation]:
    """Read and validate ``corpus/manifest.yaml``.

    :raises ConfigError: naming the manifest, the file entry and the field that is wrong, or a
        listed file that does not exist.
    """
    path = corpus / "manifest.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the manifest: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    messages = data.get("messages") if isinstance(data, dict) else None
    if not isinstance(messages, dict) or not messages:
        raise ConfigError(f"{path}: expected a non-empty 'messages' mapping of file to labels")
    return [_expectation(path, corpus, str(name), entry) for name, entry in messages.items()]


def _expectation(path: Path, corpus: Path, name: str, entry: Any) -> Expectation:
    where = f"{path}: {name}"
    if not isinstance(entry, dict):
        raise ConfigError(f"{where}: expected a mapping")
    unknown = set(entry) - _ENTRY_KEYS
    if unknown:
        raise ConfigError(f"{where}: unknown field(s) {', '.join(sorted(unknown))}")
    category = entry.get("category")
    if category not in CATEGORIES:
        raise ConfigError(f"{where}: category: {category!r} is not one of {', '.join(CATEGORIES)}")
    try:
        action = Action.parse(str(entry.get("expect_action", "")))
    except ValueError as exc:
        raise ConfigError(f"{where}: expect_action: {exc}") from None
    labels = _names(where, "expect_labels", entry.get("expect_labels", []))
    entities = _names(where, "expect_entities", entry.get("expect_entities", []))
    if not (corpus / name).is_file():
        raise ConfigError(f"{where}: no such file in the corpus")
    return Expectation(
        file=name,
        category=category,
        action=action,
        labels=labels,
        entities=entities,
        note=str(entry.get("note", "")),
    )


def _names(where: str, key: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise ConfigError(f"{where}: {key}: expected a list of names")
    return frozenset(value)


def inspect_one(inspector: Inspects, corpus: Path, expected: Expectation) -> Outcome:
    """Inspect one corpus message; an exception becomes an ``error`` outcome, never a crash."""
    started = time.perf_counter()
    try:
        inspection = inspector.inspect((corpus / expected.file).read_bytes())
    except Exception as exc:  # noqa: BLE001 - a crash on one message is a result to report
        return Outcome(expected=expected, action=None, error=type(exc).__name__)
    elapsed = (time.perf_counter() - started) * 1000.0
    verdict = inspection.verdict
    return Outcome(
        expected=expected,
        action=verdict.action,
        labels=frozenset(verdict.labels),
        entities=frozenset(f.entity for f in verdict.findings),
        rules=tuple(dict.fromkeys(hit.rule for hit in verdict.hits)),
        elapsed_ms=elapsed,
    )


@dataclass(slots=True)
class Report:
    """The outcomes of one run and the measures derived from them."""

    outcomes: list[Outcome] = field(default_factory=list)

    def recall(self, label: str) -> float | None:
        """Share of messages expected to carry ``label`` that caught it; ``None`` if none."""
        relevant = [o for o in self.outcomes if label in o.expected.labels]
        return _share(sum(o.caught(label) for o in relevant), len(relevant))

    def false_positives(self, label: str) -> int:
        """Messages labelled ``label`` by the verdict that should not carry it."""
        return sum(label in o.labels and label not in o.expected.labels for o in self.outcomes)

    def precision(self, label: str) -> float | None:
        """Of the messages the verdict labelled ``label``, the share that really carry it."""
        flagged = [o for o in self.outcomes if label in o.labels]
        return _share(sum(label in o.expected.labels for o in flagged), len(flagged))

    def clean_passthrough(self) -> float | None:
        """Share of messages expected to be delivered that were delivered."""
        clean = [o for o in self.outcomes if o.expected.action is Action.DELIVER]
        return _share(sum(o.action is Action.DELIVER for o in clean), len(clean))

    def entity_recall(self) -> dict[str, tuple[int, int]]:
        """Per expected entity: ``(found, expected)`` message counts."""
        counts: dict[str, list[int]] = {}
        for o in self.outcomes:
            for entity in o.expected.entities:
                slot = counts.setdefault(entity, [0, 0])
                slot[0] += entity in o.entities
                slot[1] += 1
        return {e: (found, total) for e, (found, total) in sorted(counts.items())}

    def confusion(self) -> Counter[tuple[str, str]]:
        """Counts of ``(expected action, actual action)``; ``error`` for crashed messages."""
        return Counter(
            (o.expected.action.label, o.action.label if o.action is not None else "error")
            for o in self.outcomes
        )

    def by_category(self) -> dict[str, Counter[str]]:
        """Per category: how many outcomes were ``ok``, ``missed``, ``over`` and ``error``."""
        counts: dict[str, Counter[str]] = {}
        for o in self.outcomes:
            counts.setdefault(o.expected.category, Counter())[o.verdict] += 1
        return {
            c: counts[c]
            for c in (*CATEGORIES, *sorted(set(counts) - set(CATEGORIES)))
            if c in counts
        }

    def misses(self) -> list[Outcome]:
        """Every outcome that is not exactly as expected, in corpus order."""
        return [o for o in self.outcomes if o.verdict != "ok"]

    def to_json(self) -> dict[str, Any]:
        """Everything as plain JSON data (no message content)."""
        return {
            "messages": len(self.outcomes),
            "recall": {label: self.recall(label) for label in LABELS},
            "precision": {label: self.precision(label) for label in LABELS},
            "false_positives": {label: self.false_positives(label) for label in LABELS},
            "clean_passthrough": self.clean_passthrough(),
            "entity_recall": {
                e: {"found": f, "expected": t} for e, (f, t) in self.entity_recall().items()
            },
            "categories": {
                c: {**{k: n[k] for k in _KINDS}, "total": n.total()}
                for c, n in self.by_category().items()
            },
            "confusion": [
                {"expected": e, "actual": a, "count": n}
                for (e, a), n in sorted(self.confusion().items())
            ],
            "misses": [_miss_json(o) for o in self.misses()],
            "targets": dict(TARGETS),
            "elapsed_ms": {"total": round(sum(o.elapsed_ms for o in self.outcomes), 1)},
        }


def _miss_json(o: Outcome) -> dict[str, Any]:
    return {
        "file": o.expected.file,
        "category": o.expected.category,
        "kind": o.verdict,
        "expected_action": o.expected.action.label,
        "action": o.action.label if o.action is not None else "error",
        "expected_labels": sorted(o.expected.labels),
        "labels": sorted(o.labels),
        "missing_entities": sorted(o.expected.entities - o.entities),
        "rules": list(o.rules),
        "error": o.error,
    }


def _share(hits: int, total: int) -> float | None:
    return hits / total if total else None


def evaluate(
    corpus: Path,
    inspector: Inspects,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Inspect every message of the manifest and collect the outcomes.

    :param progress: called with ``(done, total)`` after each message.
    :raises ConfigError: when the manifest is missing or invalid.
    """
    expectations = load_manifest(corpus)
    report = Report()
    for done, expected in enumerate(expectations, start=1):
        report.outcomes.append(inspect_one(inspector, corpus, expected))
        if progress is not None:
            progress(done, len(expectations))
    return report


def _pct(value: float | None) -> str:
    return "   n/a" if value is None else f"{value * 100:6.2f}%"


def render(report: Report) -> str:
    """The human-readable report ``make eval`` prints."""
    lines = [
        f"corpus: {len(report.outcomes)} messages",
        "",
        "label  recall    precision  false+  target",
    ]
    for label in LABELS:
        lines.append(
            f"{label:<5}  {_pct(report.recall(label))}  {_pct(report.precision(label))}   "
            f"{report.false_positives(label):5d}  {TARGETS[label] * 100:.0f}%"
        )
    lines.append(
        f"clean pass-through: {_pct(report.clean_passthrough())} "
        f"(target {TARGETS['clean_passthrough'] * 100:.0f}%)"
    )
    lines += ["", "entity recall (messages where it was found / expected):"]
    for entity, (found, total) in report.entity_recall().items():
        lines.append(f"  {entity:<24} {found:4d}/{total:<4d} {_pct(found / total)}")
    lines += ["", "by category:         ok  missed    over   error   total"]
    for category, n in report.by_category().items():
        lines.append(
            f"  {category:<14}" + "".join(f"{n[k]:8d}" for k in _KINDS) + f"{n.total():8d}"
        )
    lines += ["", *_confusion_lines(report.confusion())]
    misses = report.misses()
    lines += ["", f"misses ({len(misses)}):"]
    for o in misses:
        m = _miss_json(o)
        detail = f"expected {m['expected_action']} {m['expected_labels']}, got {m['action']} {m['labels']}"
        extra = f" rules={','.join(o.rules)}" if o.rules else ""
        extra += f" error={o.error}" if o.error else ""
        extra += f" missing={','.join(m['missing_entities'])}" if m["missing_entities"] else ""
        lines.append(f"  [{o.verdict}] {o.expected.file} ({o.expected.category}): {detail}{extra}")
    return "\n".join(lines)


def _confusion_lines(confusion: Counter[tuple[str, str]]) -> list[str]:
    actions = [a.label for a in Action] + ["error"]
    rows = [a for a in actions if any(e == a for e, _ in confusion)]
    cols = [a for a in actions if any(x == a for _, x in confusion)]
    lines = [
        "confusion (rows: expected, columns: actual):",
        "  " + " " * 11 + "".join(f"{c:>11}" for c in cols),
    ]
    for r in rows:
        lines.append(f"  {r:<11}" + "".join(f"{confusion.get((r, c), 0):>11d}" for c in cols))
    return lines


def meets_targets(report: Report) -> list[str]:
    """The targets the report falls short of, as readable lines (empty when all are met)."""
    short = []
    for label in LABELS:
        value = report.recall(label)
        if value is not None and value < TARGETS[label]:
            short.append(f"{label} recall {value:.4f} < {TARGETS[label]}")
    clean = report.clean_passthrough()
    if clean is not None and clean < TARGETS["clean_passthrough"]:
        short.append(f"clean pass-through {clean:.4f} < {TARGETS['clean_passthrough']}")
    return short


def build_inspector(config: Path | None = None, rules: Path | None = None) -> Inspects:
    """One inspector from the settings, with ``rules`` replacing the shipped rules directory."""
    from dlpmilter.inspector import Inspector
    from dlpmilter.settings import load_settings

    overrides = {"rules_dir": str(rules)} if rules is not None else None
    return Inspector(load_settings(config, overrides=overrides))


def main(argv: Sequence[str] | None = None, *, inspector: Inspects | None = None) -> int:
    """``make eval``. Exit 0, or 1 with ``--check`` when a target is missed, 2 on bad input."""
    parser = argparse.ArgumentParser(
        prog="python -m dlpmilter.evaluation", description=__doc__.splitlines()[0]
    )
    parser.add_argument("corpus", type=Path, help="corpus directory holding manifest.yaml")
    parser.add_argument("--json", action="store_true", help="print the report as one JSON object")
    parser.add_argument("--rules", type=Path, help="rule-pack directory instead of the shipped one")
    parser.add_argument("--config", type=Path, help="settings file (TOML)")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is not met")
    args = parser.parse_args(argv)
    try:
        if not args.corpus.is_dir():
            raise ConfigError(f"{args.corpus}: not a directory")
        inspector = inspector or build_inspector(args.config, args.rules)
        report = evaluate(
            args.corpus, inspector, progress=_progress_bar() if sys.stderr.isatty() else None
        )
    except DlpError as exc:
        print(f"evaluation: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report.to_json(), indent=2) if args.json else render(report))
    return 1 if args.check and meets_targets(report) else 0


def _progress_bar() -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        print(f"\r{done}/{total}", end="" if done < total else "\n", file=sys.stderr, flush=True)

    return show


def outcomes_for(report: Report, category: str) -> Iterable[Outcome]:
    """The outcomes of one category (for tests and ad-hoc analysis)."""
    return (o for o in report.outcomes if o.expected.category == category)


if __name__ == "__main__":
    raise SystemExit(main())
