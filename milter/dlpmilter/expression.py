"""Evaluation of the classification language (``all``, ``any``, ``not``, ``entity``, ``near``,
``fact``) over the scored findings of one message.

An ``entity`` condition selects findings (by entity, confidence after evidence, zones and part
kind) and holds when it selects at least ``min_count`` of them, or of distinct values with
``distinct: true``. ``near`` keeps the findings of ``of`` that have at least ``to``'s
``min_count`` findings (or distinct values) of ``to`` within the window in the same part, and
applies ``of``'s count to them. Every evaluation also returns the
findings that made it hold, for the rule hit and its explanation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dlpmilter.evidence import Scored, Spans, Window, group_by_location
from dlpmilter.rulepack import Condition
from dlpmilter.verdict import Confidence

_CONFIDENCE = {"low": Confidence.LOW, "medium": Confidence.MEDIUM, "high": Confidence.HIGH}


def part_kind(location: str) -> str:
    """``subject``, ``body`` or ``attachment`` for a part location."""
    if location == "subject":
        return "subject"
    if location.startswith("attachment:"):
        return "attachment"
    return "body"


@dataclass(frozen=True, slots=True)
class Result:
    """Whether a condition holds and the findings that made it."""

    ok: bool
    items: tuple[Scored, ...] = ()


class Evaluator:
    """Evaluates conditions of one classification against one message.

    :param scored: the message's findings scored under the classification's evidence rules.
    :param facts: the fact kinds of the message.
    :param window: the classification's default proximity window.
    """

    def __init__(self, scored: Sequence[Scored], facts: Iterable[str], window: int) -> None:
        self.scored = scored
        self.facts = frozenset(facts)
        self.window = window

    def evaluate(self, cond: Condition) -> Result:
        """Evaluate one condition node."""
        if cond.entity is not None:
            items = self.select(cond)
            return Result(ok=count(cond, items) >= cond.min_count, items=tuple(items))
        if cond.near is not None:
            return self._near(cond)
        if cond.all_ is not None:
            return self._all(cond.all_)
        if cond.any_ is not None:
            results = [self.evaluate(child) for child in cond.any_]
            hits = [r for r in results if r.ok]
            return Result(ok=bool(hits), items=_unique(i for r in hits for i in r.items))
        if cond.not_ is not None:
            return Result(ok=not self.evaluate(cond.not_).ok)
        return Result(ok=bool(self.facts & set(cond.facts)))

    def _all(self, children: Sequence[Condition]) -> Result:
        found: list[Scored] = []
        for child in children:
            result = self.evaluate(child)
            if not result.ok:
                return Result(ok=False)
            found.extend(result.items)
        return Result(ok=True, items=_unique(found))

    def select(self, cond: Condition) -> list[Scored]:
        """The findings an ``entity`` condition selects, before counting."""
        entities = set(cond.entities)
        floor = _CONFIDENCE[cond.min_confidence]
        exclude = frozenset(cond.zone_exclude)
        only = frozenset(cond.zone_only)
        kinds = set(cond.locations)
        return [
            s
            for s in self.scored
            if s.finding.entity in entities
            and s.confidence >= floor
            and not (s.zones & exclude)
            and (not only or s.zones & only)
            and (not kinds or part_kind(s.finding.location) in kinds)
        ]

    def _near(self, cond: Condition) -> Result:
        assert cond.near is not None
        near = cond.near
        window = near.window or self.window
        of_items = self.select(near.of)
        to_items = self.select(near.to)
        windows = {loc: Window(items) for loc, items in group_by_location(to_items).items()}
        matched = [s for s in of_items if _enough(windows, s, window, near.to)]
        if count(near.of, matched) < near.of.min_count:
            return Result(ok=False)
        of_spans = {
            loc: Spans((s.finding.start, s.finding.end) for s in items)
            for loc, items in group_by_location(matched).items()
        }
        support = [s for s in to_items if _close(of_spans, s, window)]
        return Result(ok=True, items=_unique([*matched, *support]))


def _enough(windows: dict[str, Window], item: Scored, window: int, to: Condition) -> bool:
    """Whether ``to.min_count`` findings (or distinct values) of ``to`` lie within the window."""
    found = windows.get(item.finding.location)
    if found is None:
        return False
    a, b = item.finding.start - window, item.finding.end + window
    if not to.distinct:
        return found.count(a, b) >= to.min_count
    return count(to, found.within(a, b)) >= to.min_count


def _close(spans: dict[str, Spans], item: Scored, window: int) -> bool:
    found = spans.get(item.finding.location)
    return found is not None and found.near(item.finding.start, item.finding.end, window)


def count(cond: Condition, items: Sequence[Scored]) -> int:
    """How many findings, or distinct values with ``distinct``, the items hold."""
    if not cond.distinct:
        return len(items)
    return len({s.finding.digest or f"{s.finding.location}:{s.finding.start}" for s in items})


def _unique(items: Iterable[Scored]) -> tuple[Scored, ...]:
    seen: set[int] = set()
    out = []
    for item in items:
        if id(item) not in seen:
            seen.add(id(item))
            out.append(item)
    return tuple(out)
