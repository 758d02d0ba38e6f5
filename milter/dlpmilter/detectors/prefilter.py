"""A one-pass prefilter for the regexes of every pattern detector: which could match this text?

Each pattern detector runs its regexes one after another, and on most parts none of them
matches. A :class:`Prefilter` compiles the regexes of all pattern detectors into one
Hyperscan database in prefilter mode (``HS_FLAG_PREFILTER``): one pass over a text tells which
regexes *may* match it, and a pattern detector runs only those with ``regex`` (with its timeout,
validators and hotwords, unchanged). A regex the prefilter cannot vouch for always runs.

Exactness: prefilter mode reports a superset of a regex's matches (lookarounds are dropped and
back-references approximated), and only regexes written entirely in a conservative subset of
the syntax on which ``regex`` and Hyperscan agree are admitted (:func:`admissible`): ASCII
literals, ``[...]`` sets of ASCII characters, groups, alternation, counted quantifiers,
lookarounds and back-references. Anything whose meaning depends on Unicode tables, flags or
anchors (``\\d``, ``\\s``, ``\\w``, ``\\b``, ``\\p{..}``, ``.``, ``^``, ``$``, inline flags,
fuzzy matching...) is not admitted. The boundary lookarounds a detector wraps its regex in only
remove matches, so the prefilter is given the regex without them. Under ``ignore_case``,
``regex`` also matches four non-ASCII letters to ASCII ones (:data:`ASCII_CASE_TWINS`): a text
holding one runs every case-insensitive regex. A text that is not valid UTF-8 once encoded
(lone surrogates) runs every regex. So a regex the prefilter skips cannot match anywhere in
the text, nor in any stretch of it, and the detectors' findings are exactly those of running
every regex.

One prefilter (:data:`SHARED`) serves every detector of the process: each detector registers
its regexes when it is built, and they are compiled then into one database (one database for
all would be a little faster to scan but takes ten times longer to compile, and would be paid
by the first message). Per text, every database is scanned once and the answer kept per
thread for the parts of the message being scanned, so the detectors that follow only look it
up. Keys are valid in the process that registered them: each worker builds its own detectors.
Without the ``hyperscan`` package every regex runs.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

hyperscan: Any
try:  # the wheels bundle the library; without it the prefilter lets everything through
    import hyperscan
except ImportError:  # pragma: no cover - hyperscan is a dependency
    hyperscan = None

#: Non-ASCII characters that ``regex`` matches to an ASCII letter under ``IGNORECASE``
#: (dotted and dotless i, long s, Kelvin sign).
ASCII_CASE_TWINS = "\u0130\u0131\u017f\u212a"

#: Escapes of one character that mean that character in both engines.
_CONTROL_ESCAPES = frozenset("tnrfv")
#: Group openings both engines read the same way (after ``(``).
_GROUP_OPENINGS = ("?:", "?=", "?!", "?<=", "?<!")
#: Text kept per thread before the cache of answers is emptied, in characters.
_CACHE_CHARS = 8_000_000


def _escape_ok(char: str, *, in_set: bool) -> bool:
    if char in _CONTROL_ESCAPES:
        return True
    if char.isascii() and not char.isalnum() and char.isprintable():
        return True
    return not in_set and char in "123456789"


def _set_end(pattern: str, start: int) -> int:
    """Index after the ``]`` closing the set opened at ``start``, or -1 when not admissible."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    first = True
    while i < len(pattern):
        char = pattern[i]
        if char == "]" and not first:
            body = pattern[start + 1 : i]
            return -1 if any(op in body for op in ("--", "&&", "||", "~~")) else i + 1
        if char == "[" or not (char.isascii() and char.isprintable()):
            return -1
        if char == "\\":
            if i + 1 >= len(pattern) or not _escape_ok(pattern[i + 1], in_set=True):
                return -1
            i += 1
        first = False
        i += 1
    return -1


def _group_end(pattern: str, start: int) -> int:
    """Index after an admissible group opening at ``start`` (``(``), or -1."""
    rest = pattern[start + 1 :]
    if not rest.startswith("?"):
        return start + 1
    for opening in _GROUP_OPENINGS:
        if rest.startswith(opening):
            return start + 1 + len(opening)
    for opening, closing in (("?P<", ">"), ("?<", ">"), ("?P=", ")")):
        if rest.startswith(opening):
            close = rest.find(closing, len(opening))
            name = rest[len(opening) : close]
            if close < 0 or not name.isidentifier() or not name.isascii():
                return -1
            return start + 1 + close + 1
    return -1


def _quantifier_end(pattern: str, start: int) -> int:
    """Index after the counted quantifier ``{m}``, ``{m,}`` or ``{m,n}`` at ``start``, or -1."""
    close = pattern.find("}", start)
    if close < 0:
        return -1
    low, _, high = pattern[start + 1 : close].partition(",")
    if not (low.isascii() and low.isdigit()) or (high and not (high.isascii() and high.isdigit())):
        return -1
    return close + 1


def _after_quantifier(pattern: str, end: int) -> int:
    """Index after a quantifier ending at ``end`` and its lazy ``?``; -1 when another
    quantifier follows (possessive or stacked: not admitted)."""
    if pattern[end : end + 1] == "?":
        end += 1
    return -1 if pattern[end : end + 1] in ("+", "*", "?", "{") and end < len(pattern) else end


def admissible(pattern: str) -> bool:
    """Whether ``pattern`` is written only in the syntax ``regex`` and Hyperscan read alike."""
    i = 0
    while 0 <= i < len(pattern):
        char = pattern[i]
        if char == "\\":
            following = pattern[i + 1 : i + 2]
            if not following or not _escape_ok(following, in_set=False):
                return False
            i += 2
            if following.isdigit() and pattern[i : i + 1].isdigit():
                return False  # \10: group 10 or octal, read differently
        elif char == "[":
            i = _set_end(pattern, i)
        elif char == "(":
            i = _group_end(pattern, i)
        elif char == "{":
            end = _quantifier_end(pattern, i)
            i = -1 if end < 0 else _after_quantifier(pattern, end)
        elif char in "*+?":
            i = _after_quantifier(pattern, i + 1)
        elif char in ".^$" or not (char.isascii() and char.isprintable()):
            return False
        else:
            i += 1
    return i >= 0


@dataclass(frozen=True, slots=True)
class _Entry:
    expression: str
    ignore_case: bool


@dataclass(slots=True)
class _ThreadState:
    """One thread's scratch space per database, and its cached answers."""

    databases: tuple[Any, ...] = ()
    scratches: tuple[Any, ...] = ()
    cache: dict[int, tuple[str, frozenset[int]]] = field(default_factory=dict)
    cached_chars: int = 0


class Prefilter:
    """Regexes registered by detectors, one database per registration (compiled when it is
    registered, so the first message pays nothing), all tested in one go per text."""

    def __init__(self) -> None:
        self._keys: dict[_Entry, int] = {}
        self._caseless: frozenset[int] = frozenset()
        self._databases: tuple[Any, ...] = ()
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
            for expression, ignore_case in patterns:
                entry = _Entry(expression, ignore_case)
                if entry not in self._keys and entry not in fresh and admissible(expression):
                    fresh[entry] = len(self._keys) + len(fresh)
            if fresh:
                self._add(fresh)
            return tuple(self._keys.get(_Entry(e, i)) for e, i in patterns)

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

    def candidates(self, text: str) -> frozenset[int] | None:
        """Keys of the registered regexes that may match somewhere in ``text``; ``None``
        when every regex must run."""
        state: _ThreadState | None = getattr(self._local, "state", None)
        if state is None or state.databases is not self._databases:
            state = self._state()
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
        for database, scratch in zip(state.databases, state.scratches, strict=True):
            database.scan(data, match_event_handler=_collect, context=found, scratch=scratch)
        if not text.isascii() and any(twin in text for twin in ASCII_CASE_TWINS):
            found |= self._caseless
        answer = frozenset(found)
        if state.cached_chars + len(text) > _CACHE_CHARS:
            state.cache.clear()
            state.cached_chars = 0
        state.cache[id(text)] = (text, answer)
        state.cached_chars += len(text)
        return answer

    def _state(self) -> _ThreadState:
        """This thread's state, with scratch space for every database registered so far."""
        databases = self._databases
        state = _ThreadState(
            databases=databases, scratches=tuple(hyperscan.Scratch(db) for db in databases)
        )
        self._local.state = state
        return state


def _collect(key: int, start: int, end: int, flags: int, found: set[int]) -> None:
    found.add(key)


def _compiles(entry: _Entry) -> bool:
    try:
        _compile({entry: 0})
    except hyperscan.error:
        return False
    return True


def _compile(entries: dict[_Entry, int]) -> Any:
    """One block-mode database of ``entry: key`` pairs, each reported once at most."""
    base = (
        hyperscan.HS_FLAG_PREFILTER
        | hyperscan.HS_FLAG_UTF8
        | hyperscan.HS_FLAG_SINGLEMATCH
        | hyperscan.HS_FLAG_ALLOWEMPTY
    )
    database = hyperscan.Database()
    database.compile(
        expressions=[e.expression.encode("ascii") for e in entries],
        ids=list(entries.values()),
        elements=len(entries),
        flags=[base | (hyperscan.HS_FLAG_CASELESS if e.ignore_case else 0) for e in entries],
    )
    return database


#: The prefilter every pattern detector of the process registers with.
SHARED = Prefilter()
