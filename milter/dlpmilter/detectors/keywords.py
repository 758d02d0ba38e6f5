"""The ``keywords`` detector: dictionaries of terms matched with one Aho-Corasick automaton.

An instance reports one entity (``MEDICAL_TERM`` by default) for every whole-word occurrence of
a term of its dictionaries. At build time every dictionary of the instance (files of one term a
line, optionally gzip-compressed, and inline terms) goes into **one** pyahocorasick automaton
whose values are ``(category, term id, length, score)``; stoplisted terms are left out. Per
part it:

1. folds the text once into a *view* of the same length (lower case unless ``case_sensitive``,
   typographic apostrophes and dashes made plain, every white-space character made a space),
   then collapses runs of spaces into one, keeping a sorted list of break points that maps a
   view offset back to the text (so a term matches across line breaks and double spaces);
2. runs the automaton once over the view (or, when the ``hyperscan`` package is installed, the
   same terms' Hyperscan literal database, which gives the same answers much faster:
   :mod:`dlpmilter.detectors.literals`);
3. keeps the matches that start and end at word boundaries (``HIV`` is not found inside
   ``archive``), and among overlapping matches the longest (``type 2 diabetes mellitus`` over
   ``diabetes``), ties going to the leftmost.

So a part costs one pass to fold it and one automaton pass: linear in its length. A finding
carries ``pattern = "<category>:<term id>"``, where the term id is a short hash of the term (an
audit record never names a diagnosis), a salted digest of the term and the category as its
preview.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

import ahocorasick
from pydantic import Field, model_validator

from dlpmilter import redaction
from dlpmilter.detectors.base import BuildContext, Detector, DetectorParams, ScanContext
from dlpmilter.detectors.literals import LiteralIndex
from dlpmilter.errors import ConfigError
from dlpmilter.message import Part
from dlpmilter.verdict import Finding

#: Same-length substitutions applied to the text and to the terms before matching.
_FOLD = str.maketrans(
    {
        **dict.fromkeys(
            "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000", " "
        ),
        **{chr(cp): " " for cp in range(0x2000, 0x200B)},
        **dict.fromkeys("\u2018\u2019\u02bc\u2032", "'"),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"),
    }
)
_SPACE_RUN = re.compile(r"  +")
_CATEGORY = r"^[a-z][a-z0-9_]*$"


class DictionarySpec(DetectorParams):
    """One dictionary of a keywords detector: a file or inline terms, under a category.

    :param category: reported in :attr:`Finding.pattern` (``condition``, ``drug``...), so rules
        and explanations can tell kinds of terms apart.
    :param file: one term a line (``#`` comments allowed), plain or ``.gz``; relative paths
        resolve against the pack's directory.
    :param terms: inline terms, instead of or besides ``file``.
    :param score: this dictionary's score; the detector's ``score`` when absent.
    """

    category: str = Field(pattern=_CATEGORY)
    file: str | None = None
    terms: tuple[str, ...] = ()
    score: float | None = Field(default=None, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _has_terms(self) -> DictionarySpec:
        if not self.file and not self.terms:
            raise ValueError(f"dictionary {self.category}: needs a file or terms")
        return self


class KeywordsParams(DetectorParams):
    """Parameters of the ``keywords`` detector.

    :param entity: the entity reported.
    :param dictionaries: the dictionaries, all matched in one pass; a term in several is
        reported under the first.
    :param terms: inline terms reported under ``category`` (a shortcut for one dictionary).
    :param category: the category of ``terms``.
    :param stoplist: files of terms never to report (same format as dictionaries).
    :param stop_terms: inline terms never to report.
    :param score: score of a match, unless its dictionary sets one.
    :param case_sensitive: match the case of the terms exactly (for abbreviations that are
        ordinary words in lower case, such as ``AIDS``).
    """

    entity: str = Field(default="MEDICAL_TERM", pattern=r"^[A-Z][A-Z0-9_]*$")
    dictionaries: tuple[DictionarySpec, ...] = ()
    terms: tuple[str, ...] = ()
    category: str = Field(default="term", pattern=_CATEGORY)
    stoplist: tuple[str, ...] = ()
    stop_terms: tuple[str, ...] = ()
    score: float = Field(default=0.6, ge=0.0, le=1.0)
    case_sensitive: bool = False

    @model_validator(mode="after")
    def _has_terms(self) -> KeywordsParams:
        if not self.dictionaries and not self.terms:
            raise ValueError("needs dictionaries or terms")
        return self


@dataclass(frozen=True, slots=True)
class _Entry:
    """The automaton's value for one term."""

    category: str
    term_id: str
    length: int
    score: float


@dataclass(frozen=True, slots=True)
class _View:
    """The folded, single-spaced text of a part and the map of its offsets back to the text.

    A view offset ``j`` is text offset ``j + deltas[k]`` for the last ``k`` with
    ``starts[k] <= j`` (``j`` itself before the first break point).
    """

    text: str
    starts: tuple[int, ...]
    deltas: tuple[int, ...]

    def original(self, index: int) -> int:
        """Map an offset of the view back to the part's text."""
        k = bisect.bisect_right(self.starts, index) - 1
        return index if k < 0 else index + self.deltas[k]


def term_id(term: str) -> str:
    """Stable short id of a normalized term: 10 hex digits of its BLAKE2b hash."""
    return hashlib.blake2b(term.encode("utf-8"), digest_size=5).hexdigest()


def fold(text: str, *, case_sensitive: bool = False) -> str:
    """The same-length matching form of ``text``: lower case (unless ``case_sensitive``),
    plain apostrophes and hyphens, and a plain space for every white-space character."""
    if not case_sensitive:
        lowered = text.lower()
        if len(lowered) != len(text):  # a few characters lower to two ("İ"): keep them as they are
            lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        text = lowered
    return text.translate(_FOLD)


def normalize_term(term: str, *, case_sensitive: bool = False) -> str:
    """A term as the automaton holds it: folded, single-spaced, trimmed."""
    return _SPACE_RUN.sub(" ", fold(term, case_sensitive=case_sensitive)).strip()


def make_view(text: str, *, case_sensitive: bool = False) -> _View:
    """Fold ``text`` and collapse its runs of spaces, keeping the offset map (one pass)."""
    folded = fold(text, case_sensitive=case_sensitive)
    pieces: list[str] = []
    starts: list[int] = []
    deltas: list[int] = []
    removed = pos = 0
    for run in _SPACE_RUN.finditer(folded):
        pieces.append(folded[pos : run.start() + 1])
        starts.append(run.start() + 1 - removed)
        removed += run.end() - run.start() - 1
        deltas.append(removed)
        pos = run.end()
    if not starts:
        return _View(folded, (), ())
    pieces.append(folded[pos:])
    return _View("".join(pieces), tuple(starts), tuple(deltas))


_VIEWS = threading.local()
#: Views kept per thread (the parts of the message being scanned) before the cache is emptied.
_VIEW_CACHE_SIZE = 64


def shared_view(text: str, *, case_sensitive: bool = False) -> _View:
    """:func:`make_view`, computed once per text for every instance that folds it alike (the
    instances scan the same part objects one after another; kept per thread)."""
    cache: dict[tuple[int, bool], tuple[str, _View]] | None = getattr(_VIEWS, "cache", None)
    if cache is None:
        cache = _VIEWS.cache = {}
    key = (id(text), case_sensitive)
    hit = cache.get(key)
    if hit is not None and hit[0] is text:
        return hit[1]
    view = make_view(text, case_sensitive=case_sensitive)
    if len(cache) >= _VIEW_CACHE_SIZE:
        cache.clear()
    cache[key] = (text, view)
    return view


def read_terms(path: Path) -> Iterator[str]:
    """The terms of a dictionary file: one a line, blank lines and ``#`` comments skipped.

    :raises ConfigError: when the file cannot be read (names the file).
    """
    try:
        if path.suffix == ".gz":
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                raw = fh.read()
        else:
            raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError, EOFError) as exc:
        raise ConfigError(f"{path}: cannot read dictionary: {exc}") from None
    for line in raw.splitlines():
        term = line.strip()
        if term and not term.startswith("#"):
            yield term


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class KeywordsDetector(Detector):
    """Whole-word dictionary matching with one Aho-Corasick automaton per instance."""

    Params: ClassVar[type[DetectorParams]] = KeywordsParams
    entities: ClassVar[tuple[str, ...]] = ("MEDICAL_TERM",)
    stage: ClassVar[int] = 0

    def __init__(self, *, id: str, params: DetectorParams, context: BuildContext) -> None:
        super().__init__(id=id, params=params, context=context)
        if not isinstance(params, KeywordsParams):
            raise ConfigError(f"detector {id}: params are not keywords parameters")
        self.spec = params
        self.automaton, self.size = self._build()
        pairs = list(self.automaton.items())
        self._entries: tuple[_Entry, ...] = tuple(entry for _, entry in pairs)
        self.literals = LiteralIndex.build([str(key) for key, _ in pairs])

    def _resolve(self, name: str) -> Path:
        path = Path(name)
        return path if path.is_absolute() else self.context.base_dir / path

    def _sources(self) -> Iterator[tuple[str, float, Iterable[str]]]:
        spec = self.spec
        for d in spec.dictionaries:
            score = spec.score if d.score is None else d.score
            if d.file:
                yield d.category, score, read_terms(self._resolve(d.file))
            yield d.category, score, d.terms
        yield spec.category, spec.score, spec.terms

    def _build(self) -> tuple[ahocorasick.Automaton, int]:
        cs = self.spec.case_sensitive
        stop = {normalize_term(t, case_sensitive=cs) for t in self.spec.stop_terms}
        for name in self.spec.stoplist:
            stop.update(
                normalize_term(t, case_sensitive=cs) for t in read_terms(self._resolve(name))
            )
        automaton = ahocorasick.Automaton()
        for category, score, terms in self._sources():
            for raw in terms:
                key = normalize_term(raw, case_sensitive=cs)
                if key and key not in stop and not automaton.exists(key):
                    automaton.add_word(key, _Entry(category, term_id(key), len(key), score))
        size = len(automaton)
        if size == 0:
            raise ConfigError(f"detector {self.id}: no terms left after the stoplist")
        automaton.make_automaton()
        return automaton, size

    def matches(self, text: str) -> list[tuple[int, int, _Entry, str]]:
        """Whole-word, longest, non-overlapping matches in ``text``, in text order.

        :returns: ``(start, end, entry, matched term)`` with offsets into ``text``.
        """
        view = shared_view(text, case_sensitive=self.spec.case_sensitive)
        folded = view.text
        # A sentinel space on each side makes every boundary check one index, no range test.
        padded = f" {folded} "
        hits: list[tuple[int, int, _Entry]] = []
        for end_at, entry in self._occurrences(folded):
            start = end_at - entry.length + 1
            # padded[i + 1] is folded[i]: check the characters just outside the match.
            if (padded[start].isalnum() or padded[start] == "_") and _is_word(padded[start + 1]):
                continue
            if (padded[end_at + 2].isalnum() or padded[end_at + 2] == "_") and _is_word(
                padded[end_at + 1]
            ):
                continue
            hits.append((start, end_at + 1, entry))
        kept = _longest_first(hits)
        original = view.original
        return [(original(s), original(e - 1) + 1, entry, folded[s:e]) for s, e, entry in kept]

    def _occurrences(self, folded: str) -> Iterable[tuple[int, _Entry]]:
        """Every term occurrence as ``(inclusive end, entry)``: from the literal index when
        Hyperscan is there (the same answers, far faster), else from the automaton."""
        if self.literals is None:
            return self.automaton.iter(folded)  # type: ignore[no-any-return]
        entries = self._entries
        return [(end, entries[term]) for end, term in self.literals.ends(folded)]

    def detect(self, part: Part, context: ScanContext) -> Iterable[Finding]:
        """Yield a finding for each dictionary term in ``part.text``."""
        if not part.text:
            return
        for start, end, entry, term in self.matches(part.text):
            yield Finding(
                entity=self.spec.entity,
                location=part.location,
                start=start,
                end=end,
                score=entry.score,
                detector=self.id,
                pattern=f"{entry.category}:{entry.term_id}",
                preview=f"[{entry.category}]",
                digest=redaction.digest(term, self.context.salt),
            )


def _by_start(hit: tuple[int, int, _Entry]) -> int:
    return hit[0]


def _longest_first(hits: list[tuple[int, int, _Entry]]) -> list[tuple[int, int, _Entry]]:
    """Of overlapping spans keep the longest (then the leftmost); return them in text order.

    One sort, then one sweep that cuts the hits into clusters of overlapping spans; the choice
    is made within each cluster, which real text keeps to a few hits, so the whole is linear
    after the sort.
    """
    hits.sort(key=_by_start)
    kept: list[tuple[int, int, _Entry]] = []
    cluster: list[tuple[int, int, _Entry]] = []
    reach = -1
    for hit in hits:
        if hit[0] >= reach and cluster:
            kept.extend(_choose(cluster))
            cluster = []
        cluster.append(hit)
        reach = max(reach, hit[1])
    kept.extend(_choose(cluster))
    return kept


def _choose(cluster: list[tuple[int, int, _Entry]]) -> list[tuple[int, int, _Entry]]:
    """Longest-first choice of non-overlapping spans within one cluster, in text order."""
    if len(cluster) == 1 or (len(cluster) == 2 and cluster[1][1] <= cluster[0][1]):
        # one hit, or a hit nested in the one before it (sorted by start, stable): the outer
        # one is at least as long and starts first, so it wins
        return cluster[:1]
    if len(cluster) == 1:
        return cluster
    chosen: list[tuple[int, int, _Entry]] = []
    for hit in sorted(cluster, key=lambda h: (h[0] - h[1], h[0])):
        if all(hit[1] <= c[0] or c[1] <= hit[0] for c in chosen):
            chosen.append(hit)
    chosen.sort(key=lambda h: h[0])
    return chosen
