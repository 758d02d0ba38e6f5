"""Findings, rule hits and verdicts: the values that flow from detect to decide to act.

All are frozen, slotted and keyword-only. None holds matched text: a finding carries offsets into
the part it was found in, a redacted ``preview`` and a salted ``digest``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


class Action(enum.IntEnum):
    """What happens to a message. Larger is more protective; the most protective hit wins."""

    DELIVER = 0
    TAG = 1
    ENCRYPT = 2
    PORTAL = 3
    QUARANTINE = 4
    TEMPFAIL = 5
    BLOCK = 6

    @property
    def label(self) -> str:
        """The lower-case name used in packs, JSON output and audit records."""
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> Action:
        """Read an action from its lower-case name; raises :class:`ValueError` when unknown."""
        try:
            return cls[name.upper()]
        except KeyError:
            known = ", ".join(a.label for a in cls)
            raise ValueError(f"unknown action {name!r} (known: {known})") from None


class Confidence(enum.IntEnum):
    """Purview-style confidence bands derived from a score."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @classmethod
    def of(cls, score: float) -> Confidence:
        """Band of a score: < 0.5 low, < 0.8 medium, else high."""
        if score >= 0.8:
            return cls.HIGH
        if score >= 0.5:
            return cls.MEDIUM
        return cls.LOW


@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One thing a detector found.

    :param entity: entity name, Presidio's where one exists (``US_SSN``, ``PERSON``...).
    :param location: the part it was found in (``subject``, ``body``, ``attachment:a.pdf``...).
    :param start: offset of the first character in the part's text.
    :param end: offset one past the last character.
    :param score: confidence in ``[0, 1]`` after the detector's own context and validation.
    :param detector: id of the detector instance that found it.
    :param pattern: id of the pattern, dictionary term or model that matched.
    :param preview: a redacted rendering safe for logs (``***-**-6789``).
    :param digest: salted hash of the normalized value, to count distinct values.
    :param evidence: what raised the score (hotword ids, validator names), never matched text.
    """

    entity: str
    location: str
    start: int
    end: int
    score: float
    detector: str
    pattern: str = ""
    preview: str = ""
    digest: str = ""
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not 0.0 <= self.score <= 1.0:
            raise ValueError(f"score {self.score} out of [0, 1] ({self.detector})")
        if self.end < self.start:
            raise ValueError(f"end {self.end} before start {self.start} ({self.detector})")


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleHit:
    """A classification or policy rule that matched, with the findings that made it."""

    rule: str
    label: str
    action: Action
    findings: tuple[Finding, ...] = ()
    explanation: str = ""
    pack: str = ""
    #: A policy in monitor mode: ``action`` is what it would have done; the verdict ignores it.
    monitor: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Verdict:
    """What the engine decided about one message. Pure data; actions consume it."""

    action: Action
    labels: tuple[str, ...] = ()
    hits: tuple[RuleHit, ...] = ()
    findings: tuple[Finding, ...] = ()
    facts: tuple[str, ...] = ()
    explanation: str = ""
    policy_version: str = ""
    reply: str = ""
    action_params: tuple[tuple[str, str], ...] = field(default=())
