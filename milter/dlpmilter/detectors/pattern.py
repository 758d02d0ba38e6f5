"""The ``pattern`` detector: regular expressions confirmed by validators and context words.

A pattern instance reports one entity. At build time its regexes are compiled (with the
``regex`` module, wrapped in the chosen boundary), its validators looked up in the registry and
prepared, and its hotwords put in one Aho-Corasick automaton (:mod:`.hotwords`). Per part it:

0. asks the shared prefilter (:mod:`.prefilter`: one Hyperscan pass per part for the regexes
   of every pattern detector) which of its regexes may match the text, and skips the others;
1. finds every hotword once (one automaton pass over the lower-cased text), when a pattern
   needs one or a match needs scoring, and the table columns whose header names one
   (:mod:`.columns`);
2. runs each regex once with the ``regex_timeout_s`` timeout; a pattern that requires a hotword
   runs only on the stretches of text within reach of one;
3. for each match, strips the separators, drops excluded values and values a validator rejects,
   and looks for a hotword in the window around it with a binary search over the sorted hotword
   offsets (never rescanning the text) or in the header of its table column;
4. scores it ``pattern score + context_boost`` when a hotword is near, drops it when a hotword
   is required and absent, and keeps the best of overlapping matches.

So a part costs at most one pass per regex plus one for the hotwords: linear in its length; on
most parts no regex can match and the detector costs a cached set lookup per regex.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar, Literal

import regex
from pydantic import Field, model_validator

from dlpmilter import redaction
from dlpmilter.detectors.base import BuildContext, Detector, DetectorParams, ScanContext
from dlpmilter.detectors.hotwords import HotwordIndex, TextContext
from dlpmilter.detectors.prefilter import SHARED as PREFILTER
from dlpmilter.detectors.validators import PreparedValidator
from dlpmilter.errors import ConfigError, DetectionError
from dlpmilter.message import Part
from dlpmilter.settings import SETTINGS
from dlpmilter.verdict import Finding

#: Lookarounds that keep an identifier from matching inside a longer run. ``word``: no letter,
#: digit or underscore on either side. ``number``: also no digit joined by ``-``, ``.`` or ``/``
#: (so ``123-45-6789`` is not found in ``1-123-45-6789`` nor in ``123-45-6789.5``).
BOUNDARIES: Mapping[str, tuple[str, str]] = {
    "word": (r"(?<![\p{L}\p{N}_])", r"(?![\p{L}\p{N}_])"),
    "number": (r"(?<![\p{L}\p{N}_]|[0-9][-./])", r"(?![\p{L}\p{N}_]|[-./][0-9])"),
    "none": ("", ""),
}

_DEFAULT_SETTINGS = {s.name: s.default for s in SETTINGS}

#: Longest match, in characters, of a pattern that needs a hotword: such a pattern only runs on
#: the text within this reach of a hotword's window.
GATED_REACH = 80


class PatternSpec(DetectorParams):
    """One regular expression of a pattern detector.

    :param id: reported as :attr:`Finding.pattern`.
    :param regex: ``regex``-module syntax; a named group ``value`` narrows the reported span.
    :param score: base score of a validated match.
    :param require_context: overrides the detector's ``require_context`` for this pattern.
    :param ignore_case: match letters case-insensitively.
    """

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    regex: str = Field(min_length=1)
    score: float = Field(ge=0.0, le=1.0)
    require_context: bool | None = None
    ignore_case: bool = False

    @model_validator(mode="after")
    def _compiles(self) -> PatternSpec:
        try:
            regex.compile(self.regex)
        except regex.error as exc:
            raise ValueError(f"pattern {self.id}: invalid regex: {exc}") from None
        return self


class ValidatorRef(DetectorParams):
    """A validator that only applies while a boolean setting is true.

    :param name: a registered validator.
    :param when_setting: the setting that switches it on (``exclude_test_card_numbers``).
    """

    name: str
    when_setting: str


class PatternParams(DetectorParams):
    """Parameters of a ``pattern`` detector (see ``docs/detectors.md``)."""

    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    patterns: tuple[PatternSpec, ...] = Field(min_length=1)
    validators: tuple[str | ValidatorRef, ...] = ()
    context: tuple[str, ...] = ()
    context_window: int = Field(default=100, ge=0, le=10_000)
    context_window_after: int | None = Field(default=None, ge=0, le=10_000)
    context_boost: float = Field(default=0.3, ge=0.0, le=1.0)
    require_context: bool = False
    exclude: tuple[str, ...] = ()
    separators: str = " -."
    boundary: Literal["word", "number", "none"] = "word"
    preview_keep: int = Field(default=4, ge=0, le=8)
    min_score: float = Field(default=0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _consistent(self) -> PatternParams:
        ids = [p.id for p in self.patterns]
        if len(ids) != len(set(ids)):
            raise ValueError("pattern ids must be unique within a detector")
        needs = self.require_context or any(p.require_context for p in self.patterns)
        if needs and not self.context:
            raise ValueError("require_context needs at least one context word")
        if any(not word.strip() for word in self.context):
            raise ValueError("context words must not be empty")
        return self


_NO_CONTEXT = TextContext.empty()


@dataclass(frozen=True, slots=True)
class _Compiled:
    spec: PatternSpec
    compiled: regex.Pattern[str]
    require_context: bool
    has_value_group: bool
    #: key in the shared prefilter, ``None`` when this regex always runs
    key: int | None


class PatternDetector(Detector):
    """Regular expressions with validators, hotwords in a window and excluded values."""

    Params: ClassVar[type[DetectorParams]] = PatternParams
    entities: ClassVar[tuple[str, ...]] = (
        "US_SSN", "CREDIT_CARD", "US_NPI", "US_DEA", "US_MBI", "US_ABA_ROUTING",
        "US_BANK_NUMBER", "IBAN_CODE", "US_PASSPORT", "US_DRIVER_LICENSE",
        "MEDICAL_RECORD_NUMBER", "HEALTH_PLAN_ID", "ICD10_CODE", "NDC_CODE", "DATE_OF_BIRTH",
        "PHONE_NUMBER", "EMAIL_ADDRESS", "IP_ADDRESS", "URL", "MEDICAL_LICENSE",
    )  # fmt: skip

    def __init__(self, *, id: str, params: DetectorParams, context: BuildContext) -> None:
        super().__init__(id=id, params=params, context=context)
        if not isinstance(params, PatternParams):
            raise ConfigError(f"detector {id}: params are not pattern parameters")
        self.p = params
        keys = PREFILTER.register([(spec.regex, spec.ignore_case) for spec in params.patterns])
        self._patterns = tuple(
            self._compile(i, spec, key)
            for i, (spec, key) in enumerate(zip(params.patterns, keys, strict=True))
        )
        #: prefilter keys of the regexes, or ``None`` when one of them always runs
        self._keys = (
            frozenset(p.key for p in self._patterns if p.key is not None)
            if all(p.key is not None for p in self._patterns)
            else None
        )
        self._validators = self._resolve_validators(context)
        self._hotwords = HotwordIndex(params.context)
        self._delete = str.maketrans("", "", params.separators)
        self._excluded = frozenset(self._key(value) for value in params.exclude)
        self._timeout = float(
            context.settings.get("regex_timeout_s", _DEFAULT_SETTINGS["regex_timeout_s"])
        )
        self._after = (
            params.context_window
            if params.context_window_after is None
            else params.context_window_after
        )

    def _compile(self, index: int, spec: PatternSpec, key: int | None) -> _Compiled:
        before, after = BOUNDARIES[self.p.boundary]
        flags = regex.IGNORECASE if spec.ignore_case else 0
        try:
            compiled = regex.compile(f"{before}(?:{spec.regex}){after}", flags)
        except regex.error as exc:
            raise ConfigError(
                f"params.patterns[{index}].regex: pattern {spec.id}: invalid regex: {exc}"
            ) from None
        needs = self.p.require_context if spec.require_context is None else spec.require_context
        return _Compiled(spec, compiled, needs, "value" in compiled.groupindex, key)

    def _resolve_validators(
        self, context: BuildContext
    ) -> tuple[tuple[str, Callable[[str], bool]], ...]:
        chosen: list[tuple[str, Callable[[str], bool]]] = []
        for index, ref in enumerate(self.p.validators):
            name = ref if isinstance(ref, str) else ref.name
            where = f"params.validators[{index}]"
            function = context.validators.get(name)
            if function is None:
                known = ", ".join(sorted(context.validators)) or "none registered"
                raise ConfigError(f"{where}: unknown validator {name!r} (known: {known})")
            if isinstance(ref, ValidatorRef):
                if ref.when_setting not in _DEFAULT_SETTINGS:
                    raise ConfigError(f"{where}.when_setting: unknown setting {ref.when_setting!r}")
                default = _DEFAULT_SETTINGS[ref.when_setting]
                if not isinstance(default, bool):
                    raise ConfigError(
                        f"{where}.when_setting: setting {ref.when_setting!r} is not true/false"
                    )
                if not bool(context.settings.get(ref.when_setting, default)):
                    continue
            if isinstance(function, PreparedValidator):
                function.prepare(context)
            chosen.append((name, function))
        return tuple(chosen)

    def _key(self, value: str) -> str:
        return value.translate(self._delete).casefold()

    def detect(self, part: Part, context: ScanContext) -> Iterable[Finding]:
        """Find this detector's entity in ``part.text``.

        :raises DetectionError: when a regex runs past ``regex_timeout_s`` (names the pattern).
        """
        text = part.text
        if not text:
            return []
        hits: TextContext | None = None  # hotwords found once, when first needed
        found: list[Finding] = []
        candidates = PREFILTER.candidates(text)
        if candidates is not None and self._keys is not None and candidates.isdisjoint(self._keys):
            return []  # none of the regexes can match: the common case, one set operation
        for pattern in self._patterns:
            if candidates is not None and pattern.key is not None and pattern.key not in candidates:
                continue  # cannot match anywhere in this text
            if pattern.require_context:
                hits = hits or self._hotwords.context(text)
                ranges = hits.reach(self.p.context_window, self._after, GATED_REACH)
            else:
                ranges = [(0, len(text))]
            spans = self._spans(pattern, text, ranges)
            if spans:
                hits = hits or self._hotwords.context(text)
            for start, end in spans:
                finding = self._judge(part, pattern, start, end, hits or _NO_CONTEXT)
                if finding is not None:
                    found.append(finding)
        return _best_of_overlapping(found) if len(found) > 1 else found

    def _spans(
        self, pattern: _Compiled, text: str, ranges: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """Spans of ``pattern`` whose match starts in one of ``ranges``: the whole text, or for
        a pattern that needs a hotword the stretches within reach of one (none: no scan)."""
        group = "value" if pattern.has_value_group else 0
        deadline = time.monotonic() + self._timeout
        spans: list[tuple[int, int]] = []
        try:
            for low, high in ranges:
                stop = min(len(text), high + GATED_REACH)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError
                for match in pattern.compiled.finditer(text, low, stop, timeout=remaining):
                    if match.start() > high:
                        break
                    spans.append(match.span(group))
        except TimeoutError:
            raise DetectionError(f"pattern {pattern.spec.id} timed out") from None
        return spans

    def _judge(
        self, part: Part, pattern: _Compiled, start: int, end: int, hits: TextContext
    ) -> Finding | None:
        value = part.text[start:end]
        key = value.translate(self._delete)
        if not key or key.casefold() in self._excluded:
            return None
        evidence: list[str] = []
        for name, function in self._validators:
            if not function(key):
                return None
            evidence.append("validator:" + name)
        hotwords = hits.near(start, end, self.p.context_window, self._after)
        if pattern.require_context and not hotwords:
            return None
        score = pattern.spec.score + (self.p.context_boost if hotwords else 0.0)
        score = round(min(1.0, score), 4)
        if score < self.p.min_score:
            return None
        return Finding(
            entity=self.p.entity,
            location=part.location,
            start=start,
            end=end,
            score=score,
            detector=self.id,
            pattern=pattern.spec.id,
            preview=redaction.preview(value, keep_last=self.p.preview_keep),
            digest=redaction.digest(value, self.context.salt),
            evidence=(*hotwords, *evidence),
        )


def _best_of_overlapping(findings: list[Finding]) -> list[Finding]:
    """Keep, of findings whose spans overlap, the highest-scoring (then the longest).

    Findings are cut into clusters of chained overlaps after one sort; only a cluster's own
    members are compared, so the cost stays ``O(k log k)`` for ``k`` findings.
    """
    ordered = sorted(findings, key=lambda f: (f.start, f.end))
    kept: list[Finding] = []
    cluster: list[Finding] = []
    reach = -1
    for finding in ordered:
        if cluster and finding.start >= reach:
            kept.extend(_resolve(cluster))
            cluster = []
        cluster.append(finding)
        reach = max(reach, finding.end) if len(cluster) > 1 else finding.end
    kept.extend(_resolve(cluster))
    return kept


def _resolve(cluster: list[Finding]) -> list[Finding]:
    """The best non-overlapping findings of one cluster, in text order."""
    if len(cluster) < 2:
        return cluster
    chosen: list[Finding] = []
    for finding in sorted(cluster, key=lambda f: (-f.score, f.start - f.end, f.start)):
        if all(finding.end <= c.start or c.end <= finding.start for c in chosen):
            chosen.append(finding)
    return sorted(chosen, key=lambda f: (f.start, f.end))
