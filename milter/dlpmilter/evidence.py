"""The evidence model: how supporting findings nearby raise a finding's confidence.

A detector gives each finding a base score (the pattern detector has already applied its own
hotwords). A classification may name *supporting evidence*: entities whose findings within its
window (default 300 characters, both sides, same part) add a boost, capped at 1. The boosted
score's band (:class:`~dlpmilter.verdict.Confidence`: low, medium, high) is what a condition's
``min_confidence`` compares against. For example a PERSON found by NER at a low score becomes
medium when a date of birth or a record number stands next to it, and a nine-digit number with
no hotword stays low.

Everything is linear in the number of findings up to a log factor: the findings of each part
are sorted once and proximity is a bisect into sorted starts with a running maximum of ends
(:class:`Spans`); the text is never rescanned.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from dlpmilter.rulepack import Evidence
from dlpmilter.verdict import Confidence, Finding

#: Default proximity window in characters, both sides.
DEFAULT_WINDOW = 300


class Spans:
    """Spans sorted by start with a running maximum of ends, for "anything within w?" queries."""

    __slots__ = ("_max_end", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        self._max_end: list[int] = []
        running = -1
        for _, end in ordered:
            running = max(running, end)
            self._max_end.append(running)

    def __len__(self) -> int:
        return len(self._starts)

    def near(self, start: int, end: int, window: int) -> bool:
        """Whether some span lies within ``window`` characters of ``[start, end)``."""
        idx = bisect.bisect_right(self._starts, end + window)
        return idx > 0 and self._max_end[idx - 1] >= start - window


class Window:
    """Scored findings of one part, for "how many lie within [a, b]?" queries.

    An interval intersects ``[a, b]`` when it starts at or before ``b`` and does not end before
    ``a``; every interval ending before ``a`` also starts before ``b``, so the count is two
    bisects. Listing the findings (for distinct values) walks only those that start in
    ``[a - longest, b]``.
    """

    __slots__ = ("_ends", "_items", "_longest", "_starts")

    def __init__(self, items: Iterable[Scored]) -> None:
        self._items = sorted(items, key=lambda s: (s.finding.start, s.finding.end))
        self._starts = [s.finding.start for s in self._items]
        self._ends = sorted(s.finding.end for s in self._items)
        self._longest = max((s.finding.end - s.finding.start for s in self._items), default=0)

    def count(self, a: int, b: int) -> int:
        """How many findings intersect ``[a, b]``."""
        return bisect.bisect_right(self._starts, b) - bisect.bisect_left(self._ends, a)

    def within(self, a: int, b: int) -> list[Scored]:
        """The findings that intersect ``[a, b]``."""
        lo = bisect.bisect_left(self._starts, a - self._longest)
        hi = bisect.bisect_right(self._starts, b)
        return [s for s in self._items[lo:hi] if s.finding.end >= a]


@dataclass(frozen=True, slots=True, kw_only=True)
class Scored:
    """A finding with its confidence after evidence, and the zones it lies in.

    :param score: the base score plus the boosts of the evidence found, capped at 1.
    :param support: the evidence that raised it, as ``near:<ENTITY>``.
    :param zones: kinds of the zones of its part that contain its start.
    """

    finding: Finding
    score: float
    support: tuple[str, ...] = ()
    zones: frozenset[str] = frozenset()

    @property
    def confidence(self) -> Confidence:
        """The band of the boosted score."""
        return Confidence.of(self.score)


class MessageEvidence:
    """The findings of one message, indexed per part and entity, with zones.

    :param findings: every finding that may count (the sender's own data already removed).
    :param zones: per finding, the kinds of the zones that contain it (same order).
    """

    def __init__(self, findings: Sequence[Finding], zones: Sequence[frozenset[str]]) -> None:
        self.findings = tuple(findings)
        self.zones = tuple(zones)
        self._spans: dict[tuple[str, str, frozenset[str]], Spans] = {}
        self._by_entity: dict[str, list[int]] = defaultdict(list)
        for i, finding in enumerate(self.findings):
            self._by_entity[finding.entity].append(i)
        self._cache: dict[tuple[tuple[int, ...], int], tuple[Scored, ...]] = {}

    def spans(self, location: str, entity: str, exclude: frozenset[str]) -> Spans:
        """The spans of one entity in one part, leaving out findings in ``exclude`` zones."""
        key = (location, entity, exclude)
        spans = self._spans.get(key)
        if spans is None:
            spans = Spans(
                (self.findings[i].start, self.findings[i].end)
                for i in self._by_entity.get(entity, ())
                if self.findings[i].location == location and not (self.zones[i] & exclude)
            )
            self._spans[key] = spans
        return spans

    def scored(
        self, evidence: Sequence[Evidence], window: int = DEFAULT_WINDOW
    ) -> tuple[Scored, ...]:
        """Every finding with its boosted score under one classification's evidence rules.

        Cached per (evidence, window), so classifications that share them share the work.
        """
        key = (tuple(id(e) for e in evidence), window)
        cached = self._cache.get(key)
        if cached is None:
            cached = tuple(self._score(i, evidence, window) for i in range(len(self.findings)))
            self._cache[key] = cached
        return cached

    def _score(self, i: int, evidence: Sequence[Evidence], window: int) -> Scored:
        finding = self.findings[i]
        score = finding.score
        support: list[str] = []
        for item in evidence:
            exclude = frozenset(item.zone_exclude)
            for entity in item.entities:
                if entity == finding.entity:
                    continue
                if self.spans(finding.location, entity, exclude).near(
                    finding.start, finding.end, window
                ):
                    score += item.boost
                    support.append(f"near:{entity}")
                    break
        return Scored(
            finding=finding, score=min(1.0, score), support=tuple(support), zones=self.zones[i]
        )


def group_by_location(items: Iterable[Scored]) -> Mapping[str, list[Scored]]:
    """Scored findings grouped by the part they are in."""
    grouped: dict[str, list[Scored]] = defaultdict(list)
    for item in items:
        grouped[item.finding.location].append(item)
    return grouped
