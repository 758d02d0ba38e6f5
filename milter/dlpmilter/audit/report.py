"""The compliance report: what the gateway decided over a period, read from the audit log.

:func:`summarize` folds audit records into a :class:`Report`: decisions by outcome, label,
rule and entity, what kept messages from being fully inspected, which senders' mail was
flagged, a line per day, and for each rule how many of the messages it quarantined a reviewer
released or deleted (a rule whose quarantined mail is mostly released over-fires). The records
hold no matched text, so neither does the report: rule ids, entity names, counts, sender
addresses and dates.

Reviews (``quarantine_release``, ``quarantine_delete``) are joined to their decision by the
reference id whenever they happened; the period selects decisions.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

#: The outcome that is not a flag: the message went out as sent.
DELIVERED = "deliver"
#: Review events and the column each is counted in.
REVIEWS = {"quarantine_release": "released", "quarantine_delete": "deleted"}


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleLine:
    """One rule over the period: how often it hit and what reviewers made of its quarantines."""

    rule: str
    label: str
    action: str
    messages: int
    findings: int
    #: Of ``messages``, those it hit in monitor mode (it would have acted, and did not).
    monitored: int = 0
    quarantined: int = 0
    released: int = 0
    deleted: int = 0

    @property
    def release_rate(self) -> float | None:
        """Released / reviewed, for the rule's quarantined messages; None before any review."""
        reviewed = self.released + self.deleted
        return self.released / reviewed if reviewed else None


@dataclass(frozen=True, slots=True, kw_only=True)
class Report:
    """Everything :func:`summarize` found; tuples of ``(name, count)`` are sorted by count."""

    first: str
    last: str
    decisions: int
    unreadable: int
    outcomes: tuple[tuple[str, int], ...]
    labels: tuple[tuple[str, int], ...]
    rules: tuple[RuleLine, ...]
    entities: tuple[tuple[str, int, int], ...]
    facts: tuple[tuple[str, int], ...]
    tempfail_reasons: tuple[tuple[str, int], ...]
    senders: tuple[tuple[str, int], ...]
    days: tuple[tuple[str, tuple[tuple[str, int], ...]], ...]

    def as_json(self) -> dict[str, Any]:
        """A JSON-ready form (rules with their release rate)."""
        return {
            "first": self.first,
            "last": self.last,
            "decisions": self.decisions,
            "unreadable": self.unreadable,
            "outcomes": dict(self.outcomes),
            "labels": dict(self.labels),
            "rules": [
                {
                    "rule": r.rule,
                    "label": r.label,
                    "action": r.action,
                    "messages": r.messages,
                    "findings": r.findings,
                    "monitored": r.monitored,
                    "quarantined": r.quarantined,
                    "released": r.released,
                    "deleted": r.deleted,
                    "release_rate": None if r.release_rate is None else round(r.release_rate, 3),
                }
                for r in self.rules
            ],
            "entities": [{"entity": e, "messages": m, "findings": f} for e, m, f in self.entities],
            "facts": dict(self.facts),
            "tempfail_reasons": dict(self.tempfail_reasons),
            "flagged_by_sender": dict(self.senders),
            "days": {day: dict(outcomes) for day, outcomes in self.days},
        }


def read_records(path: Path) -> Iterator[Mapping[str, Any] | None]:
    """Each line of an audit file as a record, ``None`` for a line that is not a JSON object."""
    with path.open("rb") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                yield None
                continue
            yield record if isinstance(record, dict) else None


def parse_time(value: str) -> datetime:
    """An ISO 8601 date or time; one without a zone is UTC.

    :raises ValueError: for anything else.
    """
    moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(slots=True)
class _RuleTally:
    label: str
    action: str
    messages: int = 0
    findings: int = 0
    monitored: int = 0
    quarantined: int = 0


class _Tally:
    """The counters :func:`summarize` fills, one decision at a time."""

    def __init__(self) -> None:
        self.outcomes: Counter[str] = Counter()
        self.labels: Counter[str] = Counter()
        self.entity_messages: Counter[str] = Counter()
        self.entity_findings: Counter[str] = Counter()
        self.facts: Counter[str] = Counter()
        self.reasons: Counter[str] = Counter()
        self.senders: Counter[str] = Counter()
        self.days: dict[str, Counter[str]] = {}
        self.rules: dict[str, _RuleTally] = {}
        self.quarantined: dict[str, tuple[str, ...]] = {}  # reference -> rule ids
        self.reviews: dict[str, str] = {}  # reference -> released | deleted (the last review)
        self.first = self.last = ""
        self.decisions = self.unreadable = 0

    def decision(self, record: Mapping[str, Any], stamp: str, moment: datetime) -> None:
        self.decisions += 1
        self.first = min(self.first, stamp) if self.first else stamp
        self.last = max(self.last, stamp)
        outcome = str(record.get("outcome") or record["action"])
        self.outcomes[outcome] += 1
        self.days.setdefault(moment.date().isoformat(), Counter())[outcome] += 1
        self.labels.update(set(map(str, record.get("labels", ()))))
        if outcome != DELIVERED:
            self.senders[str(record.get("sender", "")) or "<>"] += 1
        if outcome == "tempfail":
            self.reasons[str(record.get("reason", "")) or "policy"] += 1
        self.facts.update({_fact_kind(str(f)) for f in record.get("facts", ())})
        for entity, summary in dict(record.get("entities", {})).items():
            self.entity_messages[entity] += 1
            self.entity_findings[entity] += int(summary.get("count", 0))
        hit_rules = []
        for hit in record.get("rules", ()):
            rule_id = str(hit.get("id", ""))
            tally = self.rules.setdefault(
                rule_id,
                _RuleTally(label=str(hit.get("label", "")), action=str(hit.get("action", ""))),
            )
            tally.messages += 1
            tally.findings += int(hit.get("findings", 0))
            tally.monitored += bool(hit.get("monitor"))
            hit_rules.append(rule_id)
        if outcome == "quarantine":
            self.quarantined[str(record.get("reference", ""))] = tuple(dict.fromkeys(hit_rules))

    def _rule_lines(self) -> tuple[RuleLine, ...]:
        reviewed: dict[str, Counter[str]] = {}
        for reference, rule_ids in self.quarantined.items():
            for rule_id in rule_ids:
                self.rules[rule_id].quarantined += 1
                if reference in self.reviews:
                    reviewed.setdefault(rule_id, Counter())[self.reviews[reference]] += 1
        ordered = sorted(self.rules.items(), key=lambda item: (-item[1].messages, item[0]))
        return tuple(
            RuleLine(
                rule=rule_id,
                label=t.label,
                action=t.action,
                messages=t.messages,
                findings=t.findings,
                monitored=t.monitored,
                quarantined=t.quarantined,
                released=reviewed.get(rule_id, Counter())["released"],
                deleted=reviewed.get(rule_id, Counter())["deleted"],
            )
            for rule_id, t in ordered
        )

    def report(self, top: int) -> Report:
        return Report(
            first=self.first,
            last=self.last,
            decisions=self.decisions,
            unreadable=self.unreadable,
            outcomes=_ranked(self.outcomes),
            labels=_ranked(self.labels),
            rules=self._rule_lines(),
            entities=tuple(
                (entity, count, self.entity_findings[entity])
                for entity, count in _ranked(self.entity_messages)
            ),
            facts=_ranked(self.facts),
            tempfail_reasons=_ranked(self.reasons),
            senders=_ranked(self.senders)[:top],
            days=tuple((day, _ranked(counts)) for day, counts in sorted(self.days.items())),
        )


def summarize(
    records: Iterable[Mapping[str, Any] | None],
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    top: int = 10,
) -> Report:
    """Fold audit records into a :class:`Report`.

    :param since: first moment included (decisions before it are left out).
    :param until: first moment left out.
    :param top: how many senders to list.
    """
    tally = _Tally()
    for record in records:
        if record is None:
            tally.unreadable += 1
            continue
        event = REVIEWS.get(str(record.get("event", "")))
        if event is not None:
            tally.reviews[str(record.get("reference", ""))] = event
            continue
        if "action" not in record:
            continue  # not a decision
        stamp = str(record.get("time", ""))
        try:
            moment = parse_time(stamp)
        except ValueError:
            tally.unreadable += 1
            continue
        if (since is None or moment >= since) and (until is None or moment < until):
            tally.decision(record, stamp, moment)
    return tally.report(top)


def _fact_kind(fact: str) -> str:
    """``kind@location: detail`` -> ``kind``."""
    return fact.partition("@")[0].partition(":")[0]


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def render_text(report: Report, *, title: str = "") -> str:
    """The report as Markdown: readable in a terminal, pasteable into a compliance file."""
    lines = [f"# dlpmilter decisions{f': {title}' if title else ''}", ""]
    if not report.decisions:
        lines.append("No decisions in the period.")
        if report.unreadable:
            lines.append(f"{report.unreadable} unreadable lines.")
        return "\n".join(lines) + "\n"
    flagged = report.decisions - dict(report.outcomes).get(DELIVERED, 0)
    lines += [
        f"From {report.first} to {report.last}: {report.decisions} decisions, {flagged} flagged "
        f"({_share(flagged, report.decisions)}).",
    ]
    if report.unreadable:
        lines.append(f"{report.unreadable} lines could not be read.")
    lines += ["", "## Outcomes", ""]
    lines += _table(
        ["outcome", "messages", "share"],
        [[name, n, _share(n, report.decisions)] for name, n in report.outcomes],
    )
    if report.labels:
        lines += ["## Classifications", ""]
        lines += _table(["label", "messages"], [list(item) for item in report.labels])
    if report.rules:
        lines += [
            "## Rules",
            "",
            "Monitored: messages a rule in monitor mode would have acted on (it did not). "
            "Released: of the messages the rule quarantined that a reviewer has dealt with, the "
            "share released; a high share means the rule holds mail that may go.",
            "",
        ]
        lines += _table(
            ["rule", "label", "action", "messages", "findings", "monitored", "quarantined",
             "released", "deleted", "released share"],
            [
                [r.rule, r.label, r.action, r.messages, r.findings, r.monitored, r.quarantined,
                 r.released, r.deleted, "" if r.release_rate is None else f"{r.release_rate:.0%}"]
                for r in report.rules
            ],
        )  # fmt: skip
    if report.entities:
        lines += ["## Entities found", ""]
        lines += _table(["entity", "messages", "findings"], [list(e) for e in report.entities])
    if report.facts or report.tempfail_reasons:
        lines += ["## Inspection", ""]
        if report.facts:
            lines += _table(["fact", "messages"], [list(item) for item in report.facts])
        if report.tempfail_reasons:
            lines += _table(
                ["tempfail reason", "messages"], [list(item) for item in report.tempfail_reasons]
            )
    if report.senders:
        lines += ["## Senders of flagged mail", ""]
        lines += _table(["sender", "flagged messages"], [list(item) for item in report.senders])
    columns = sorted({name for _, counts in report.days for name, _ in counts})
    lines += ["## By day", ""]
    lines += _table(
        ["day", *columns],
        [[day, *(dict(counts).get(c, 0) for c in columns)] for day, counts in report.days],
    )
    return "\n".join(lines)


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else ""


def _table(heads: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    out += ["| " + " | ".join(str(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return [*out, ""]
