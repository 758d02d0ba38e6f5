"""Names, dates and places from a spaCy NER model through Presidio: the ``ner`` detector type.

**What it reports.** ``PERSON``, ``DATE_TIME`` and ``LOCATION`` (the model's ``PERSON``,
``DATE``/``TIME`` and ``LOC``/``GPE`` labels). NER alone never makes PHI: rule packs combine a
person with health information nearby, and the engine drops the sender's own name and
signature (zones).

**Which model.** The ``ner_model`` setting (or the ``model`` param): an installed spaCy package
name (``en_core_web_lg``) or a pipeline directory; the default is the project's own small
``models/dlp_ner``. The model is resolved here, before Presidio sees it, so nothing can start a
download: a name that is neither an installed package nor a directory is a start-up
:class:`~dlpmilter.errors.ConfigError` that says how to install one.

**Backends.** ``presidio`` (default): Presidio's ``AnalyzerEngine`` with a registry holding only
its spaCy recognizer (its pattern recognizers stay off: ours are better and faster). ``spacy``:
the same model called directly, without Presidio's per-call overhead (tokens, lemmas, context
enhancement). Both give the same spans.

**Cascade.** Stage 1: :meth:`NerDetector.wanted` is true only when earlier findings hold health
information (``health_entities``) and no strong identifier (``strong_entities``), that is, only
where a name can change the verdict. Then a part shorter than ``ner_max_chars`` is analysed
whole; a longer one only in windows of ``window_chars`` around its health findings (merged).

**Time.** The work is cut into chunks of at most ``chunk_chars``; before each chunk the clock is
checked against the earlier of ``ScanContext.deadline`` and ``ner_time_budget_s`` from the first
part of the message (one budget per message: the engine builds one ``ScanContext`` per detector
and message; an instance scans one message at a time, as the inspection workers do). On overrun the detector **yields what it has found so far and then raises**
:class:`~dlpmilter.errors.DetectionError`; the engine keeps the partial findings and records a
``time_budget`` fact naming this detector, and the policy decides (fail closed).

**Scores.** The model gives no probabilities; a span starts at ``base_score``. A ``PERSON`` is
raised to ``cue_score`` after a title or label (``Dr.``, ``Patient:``), kept at ``base_score``
when one of its words is in the name gazetteer, and lowered to ``unknown_person_score``
otherwise. A ``PERSON`` span with a digit or ``@`` in it, or made only of function words
(``She``, ``Per``), is dropped (:mod:`dlpmilter.detectors.personspan`).
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

import regex
from pydantic import Field

from dlpmilter.detectors.base import BuildContext, Detector, DetectorParams, ScanContext
from dlpmilter.detectors.gazetteer import NameGazetteer, load_gazetteer
from dlpmilter.detectors.nerbackend import Backend, Hit, load_backend, resolve_model
from dlpmilter.detectors.personspan import kept_person
from dlpmilter.errors import DetectionError
from dlpmilter.message import Message, Part
from dlpmilter.redaction import digest, preview
from dlpmilter.verdict import Finding

#: Entity names of earlier findings that mean health information.
HEALTH_ENTITIES = ("MEDICAL_TERM", "ICD10_CODE", "NDC_CODE")
#: Entity names of earlier findings that already identify the individual.
STRONG_ENTITIES = (
    "US_SSN",
    "US_MBI",
    "MEDICAL_RECORD_NUMBER",
    "HEALTH_PLAN_ID",
    "DATE_OF_BIRTH",
    "US_PASSPORT",
    "US_DRIVER_LICENSE",
)
_CUE_BEFORE = regex.compile(
    r"(?i:\b(?:mr|mrs|ms|miss|mx|dr|prof|nurse|dear|patient(?:\s+name)?|pt|name|re|"
    r"member|subscriber|guarantor)\b\.?\s*[:\-#]?\s*)$"
)


class NerParams(DetectorParams):
    """Parameters of a ``ner`` detector (``None`` means: take the setting).

    :param model: spaCy package name or pipeline directory (relative to the pack); default the
        ``ner_model`` setting.
    :param backend: ``presidio`` or ``spacy``.
    :param entities: entities to report.
    :param health_entities: earlier findings that make NER worth running.
    :param strong_entities: earlier findings that make it unnecessary.
    :param window_chars: characters on each side of a health finding analysed in a long part.
    :param max_chars: parts up to this length are analysed whole (setting ``ner_max_chars``).
    :param time_budget_s: seconds per part (setting ``ner_time_budget_s``).
    :param chunk_chars: most characters given to the model at once (the clock is checked
        between chunks).
    """

    model: str | None = None
    backend: Literal["presidio", "spacy"] = "presidio"
    entities: tuple[str, ...] = ("PERSON", "DATE_TIME", "LOCATION")
    health_entities: tuple[str, ...] = HEALTH_ENTITIES
    strong_entities: tuple[str, ...] = STRONG_ENTITIES
    window_chars: int = Field(default=300, ge=20, le=5000)
    max_chars: int | None = Field(default=None, ge=0)
    time_budget_s: float | None = Field(default=None, gt=0)
    chunk_chars: int = Field(default=4000, ge=200, le=100_000)
    base_score: float = Field(default=0.85, ge=0, le=1)
    cue_score: float = Field(default=0.95, ge=0, le=1)
    unknown_person_score: float = Field(default=0.6, ge=0, le=1)
    first_names: str = "vocab/names_first.txt.gz"
    last_names: str = "vocab/names_last.txt.gz"


class NerDetector(Detector):
    """PERSON, DATE_TIME and LOCATION from a spaCy model, gated by health evidence."""

    Params = NerParams
    entities = ("PERSON", "DATE_TIME", "LOCATION")
    stage = 1

    def __init__(self, *, id: str, params: DetectorParams, context: BuildContext) -> None:
        super().__init__(id=id, params=params, context=context)
        assert isinstance(params, NerParams)
        self.p = params
        settings = context.settings
        name = params.model or str(settings.get("ner_model", "")) or "dlp_ner"
        self.model = resolve_model(name, context.base_dir)
        self.max_chars = _pick(params.max_chars, settings.get("ner_max_chars"), 20_000)
        self.time_budget_s = _pick(params.time_budget_s, settings.get("ner_time_budget_s"), 2.0)
        self.backend: Backend = load_backend(self.model, params.backend, params.entities)
        self.gazetteer: NameGazetteer = load_gazetteer(
            (context.base_dir / params.first_names).resolve(),
            (context.base_dir / params.last_names).resolve(),
        )
        self._health = frozenset(params.health_entities)
        self._strong = frozenset(params.strong_entities)
        #: The context being scanned and its deadline (held, so identity cannot be reused).
        self._last: tuple[ScanContext, float] | None = None

    def wanted(self, message: Message, prior: Sequence[Finding]) -> bool:
        """Health information found, and no strong identifier yet."""
        entities = {f.entity for f in prior}
        return bool(entities & self._health) and not entities & self._strong

    def detect(self, part: Part, context: ScanContext) -> Iterable[Finding]:
        """Findings in the part's windows; on overrun, partial findings then DetectionError."""
        spans = self.segments(part, context.prior)
        deadline = self._deadline(context)
        for done, (start, end) in enumerate(spans):
            if time.monotonic() > deadline:
                raise DetectionError(
                    f"ner detector {self.id}: time budget spent after {done} of {len(spans)}"
                    f" chunks of {part.location}"
                )
            for hit in self.backend.analyze(part.text[start:end]):
                finding = self._finding(part, hit, start)
                if finding is not None:
                    yield finding

    def _deadline(self, context: ScanContext) -> float:
        """The NER deadline of the message being scanned: the engine builds one ScanContext per
        detector and message, so the budget starts with the first part of that context."""
        last = self._last
        if last is None or last[0] is not context:
            budget = time.monotonic() + float(self.time_budget_s)
            last = (context, min(context.deadline, budget))
            self._last = last
        return last[1]

    def segments(self, part: Part, prior: Sequence[Finding]) -> list[tuple[int, int]]:
        """The ``(start, end)`` chunks of the part's text the model will see."""
        text = part.text
        if len(text) <= int(self.max_chars):
            return list(_chunks(text, 0, len(text), self.p.chunk_chars))
        window = self.p.window_chars
        evidence = sorted(
            (f.start, f.end)
            for f in prior
            if f.location == part.location and f.entity in self._health
        )
        merged: list[tuple[int, int]] = []
        for a, b in evidence:
            lo, hi = _snap(text, max(0, a - window), min(len(text), b + window))
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
            else:
                merged.append((lo, hi))
        return [c for lo, hi in merged for c in _chunks(text, lo, hi, self.p.chunk_chars)]

    def _finding(self, part: Part, hit: Hit, offset: int) -> Finding | None:
        start, end = hit.start + offset, hit.end + offset
        value = part.text[start:end]
        score = self.p.base_score
        evidence: tuple[str, ...] = (f"model:{self.model.label}",)
        if hit.entity == "PERSON":
            if not kept_person(value):
                return None
            score, extra = self._person_score(part.text, start, end)
            evidence += extra
        return Finding(
            entity=hit.entity,
            location=part.location,
            start=start,
            end=end,
            score=score,
            detector=self.id,
            pattern=f"{self.model.label}:{hit.entity}",
            preview=preview(value, keep_last=0),
            digest=digest(value, self.context.salt),
            evidence=evidence,
        )

    def _person_score(self, text: str, start: int, end: int) -> tuple[float, tuple[str, ...]]:
        support = self.gazetteer.support(text, start, end)
        if _CUE_BEFORE.search(text, max(0, start - 24), start):
            return self.p.cue_score, ("cue:context", *support)
        if support:
            return self.p.base_score, support
        return self.p.unknown_person_score, ()


def _pick(param: float | None, setting: object, default: float) -> float:
    if param is not None:
        return param
    if isinstance(setting, int | float) and not isinstance(setting, bool):
        return setting
    return default


def _snap(text: str, lo: int, hi: int) -> tuple[int, int]:
    """Widen ``[lo, hi)`` to the nearest whitespace (at most 40 characters each way)."""
    floor, ceiling = max(0, lo - 40), min(len(text), hi + 40)
    while lo > floor and not text[lo - 1].isspace():
        lo -= 1
    while hi < ceiling and not text[hi].isspace():
        hi += 1
    return lo, hi


def _chunks(text: str, lo: int, hi: int, size: int) -> Iterator[tuple[int, int]]:
    """Cut ``[lo, hi)`` into pieces of at most ``size``, at a line break or space if possible."""
    while hi - lo > size:
        cut = text.rfind("\n", lo + size // 2, lo + size)
        if cut < 0:
            cut = text.rfind(" ", lo + size // 2, lo + size)
        cut = cut + 1 if cut >= 0 else lo + size
        yield lo, cut
        lo = cut
    if hi > lo:
        yield lo, hi
