"""A one-pass prefilter for the regexes of every pattern detector: which could match this text?

Each pattern detector runs its regexes one after another, and on most parts none of them
matches. A :class:`Prefilter` compiles the regexes of the pattern detectors into Hyperscan
databases in prefilter mode (``HS_FLAG_PREFILTER``): one pass over a text tells which regexes
*may* match it, and a pattern detector runs only those with ``regex`` (with its timeout,
validators and hotwords, unchanged). A regex the prefilter cannot vouch for always runs.

Exactness: prefilter mode reports a superset of a regex's matches, and each regex is first
rewritten by :func:`~dlpmilter.detectors.prefiltersyntax.translate` into syntax on which
``regex`` and Hyperscan agree, dropping what only removes matches (lookarounds, ``\\b``,
anchors) and refusing what the engines read differently (``\\d``, ``\\s``, ``\\w``,
``\\p{..}`` outside negated sets, inline flags, fuzzy matching...). The boundary lookarounds a
detector wraps its regex in only remove matches, so the prefilter is given the regex without
them. Under ``ignore_case``, ``regex`` also matches four non-ASCII letters to ASCII ones
(:data:`ASCII_CASE_TWINS`): a text holding one runs every case-insensitive regex. A text that
is not valid UTF-8 once encoded (lone surrogates) runs every regex. So a regex the prefilter
skips cannot match anywhere in the text, nor in any stretch of it, and the detectors' findings
are exactly those of running every regex.

One prefilter (:data:`SHARED`) serves every detector of the process: each detector registers
its regexes when it is built, and they are compiled then into a database of their own (so a
regex Hyperscan rejects is found at once, and the first message pays nothing); once every
detector of a policy is built, the rule loader calls :meth:`Prefilter.consolidate`, which
compiles them all into one database, so a text is scanned once, not once per detector. Per text, every database is scanned once and the answer kept per
thread for the parts of the message being scanned, so the detectors that follow only look it
up. Keys are valid in the process that registered them: each worker builds its own detectors.
Each database is a :class:`~dlpmilter.blockscan.BlockScanner` (scratch space per thread).
Without the ``hyperscan`` package every regex runs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field

from dlpmilter.blockscan import BlockScanner, hyperscan
from dlpmilter.detectors.prefiltersyntax import admissible, translate

__all__ = ["ASCII_CASE_TWINS", "SHARED", "Prefilter", "admissible"]

#: Non-ASCII characters that ``regex`` matches to an ASCII letter under ``IGNORECASE``
#: (dotted and dotless i, long s, Kelvin sign).
ASCII_CASE_TWINS = "\u0130\u0131\u017f\u212a"

#: Text kept per thread before the cache of answers is emptied, in characters.
_CACHE_CHARS = 8_000_000


@dataclass(frozen=True, slots=True)
class _Entry:
    expression: str
    ignore_case: bool


@dataclass(slots=True)
class _ThreadState:
    """One thread's cached answers, valid for the databases they were found with."""

    databases: tuple[BlockScanner, ...] = ()
    cache: dict[int, tuple[str, frozenset[int]]] = field(default_factory=dict)
    cached_chars: int = 0


class Prefilter:
    """Regexes registered by detectors, one database per registration (compiled when it is
    registered, so the first message pays nothing), all tested in one go per text."""

    def __init__(self) -> None:
        self._keys: dict[_Entry, int] = {}
        self._caseless: frozenset[int] = frozenset()
        self._databases: tuple[BlockScanner, ...] = ()
        self._lock = threading.Lock()
        self._local = threading.local()

    @property
    def available(self) -> bool:
        """Whether the ``hyperscan`` package is installed (else every regex runs)."""
        return hyperscan is not None

    def register(self, patterns: Sequence[tuple[str, bool]]) -> tuple[int | None, ...]:
        """Admit one detector's regexes, given as ``(expression, ignore_case)``.

        :returns: each regex's key, or ``None`` for a regex the prefilter cannot vouch for (the
            caller always runs it). A regex registered before keeps its key.
        """
        if hyperscan is None:
            return tuple(None for _ in patterns)
        with self._lock:
            fresh: dict[_Entry, int] = {}
            entries: list[_Entry | None] = []
            for expression, ignore_case in patterns:
                entries.append(_entry(expression, ignore_case))
            for entry in entries:
                if entry is not None and entry not in self._keys and entry not in fresh:
                    fresh[entry] = len(self._keys) + len(fresh)
            if fresh:
                self._add(fresh)
            return tuple(None if e is None else self._keys.get(e) for e in entries)

    def _add(self, fresh: dict[_Entry, int]) -> None:
        """Compile ``fresh`` into a database of its own (a few regexes compile in milliseconds;
        all of them in one would take ten times as long); one Hyperscan rejects is left out."""
        try:
            database = _compile(fresh)
        except hyperscan.error:
            fresh = {e: k for e, k in fresh.items() if _compiles(e)}
            fresh = {e: len(self._keys) + i for i, e in enumerate(fresh)}
            if not fresh:
                return
            database = _compile(fresh)
        self._keys.update(fresh)
        self._caseless = self._caseless | {k for e, k in fresh.items() if e.ignore_case}
        self._databases = (*self._databases, database)

    def consolidate(self) -> None:
        """Recompile every registered regex into one database, once all the detectors of a
        policy are built: per text, one scan instead of one per registration (about 4 us each,
        twenty-odd registrations for the shipped packs). Called by the rule loader; a process
        that registers nothing new afterwards pays it once. Keys do not change."""
        if hyperscan is None:
            return
        with self._lock:
            if len(self._databases) < 2:
                return
            try:
                self._databases = (_compile(self._keys),)
            except hyperscan.error:  # pragma: no cover - each part compiled on its own
                return

    def candidates(self, text: str) -> frozenset[int] | None:
        """Keys of the registered regexes that may match somewhere in ``text``; ``None``
        when every regex must run."""
        state: _ThreadState | None = getattr(self._local, "state", None)
        if state is None or state.databases is not self._databases:
            state = self._local.state = _ThreadState(databases=self._databases)
        if not state.databases:
            return None
        cached = state.cache.get(id(text))
        if cached is not None and cached[0] is text:
            return cached[1]
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:
            return None
        found: set[int] = set()
        for database in state.databases:
            found |= database.keys(data)
        if not text.isascii() and any(twin in text for twin in ASCII_CASE_TWINS):
            found |= self._caseless
        answer = frozenset(found)
        if state.cached_chars + len(text) > _CACHE_CHARS:
            state.cache.clear()
            state.cached_chars = 0
        state.cache[id(text)] = (text, answer)
        state.cached_chars += len(text)
        return answer


def _entry(expression: str, ignore_case: bool) -> _Entry | None:
    form = translate(expression, ignore_case=ignore_case)
    return None if form is None else _Entry(form, ignore_case)


def _compiles(entry: _Entry) -> bool:
    try:
        _compile({entry: 0})
    except hyperscan.error:
        return False
    return True


def _compile(entries: dict[_Entry, int]) -> BlockScanner:
    """One block-mode database of ``entry: key`` pairs, each reported once at most."""
    base = (
        hyperscan.HS_FLAG_PREFILTER
        | hyperscan.HS_FLAG_UTF8
        | hyperscan.HS_FLAG_SINGLEMATCH
        | hyperscan.HS_FLAG_ALLOWEMPTY
    )
    return BlockScanner(
        [e.expression.encode("ascii") for e in entries],
        ids=list(entries.values()),
        flags=[base | (hyperscan.HS_FLAG_CASELESS if e.ignore_case else 0) for e in entries],
    )


#: The prefilter every pattern detector of the process registers with.
SHARED = Prefilter()
