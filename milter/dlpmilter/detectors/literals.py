"""Where the terms of a dictionary end in a text: Hyperscan's literal matcher, with the answers
of an Aho-Corasick automaton.

A :class:`LiteralIndex` holds a dictionary's terms in a Hyperscan database compiled with the
pure-literal compiler. :meth:`LiteralIndex.ends` scans a text's UTF-8 bytes once and returns
what ``pyahocorasick``'s ``Automaton.iter`` returns for the same terms: every occurrence of
every term, as ``(end offset, term number)`` with the end offset inclusive and in characters,
ordered by end offset and, at one end offset, longest term first. The keyword detectors use it
when the ``hyperscan`` package is installed and their automaton otherwise; a property test
keeps the two identical. The scan runs at memory speed on any text, where the automaton walks
the text one character at a time in Python's iterator protocol.

Offsets: a term's UTF-8 bytes can only match a UTF-8 text at character boundaries (the
encoding is self-synchronizing), so each byte end offset maps to one character offset. ASCII
text maps one to one; other text is decoded once, piece by piece between consecutive ends.
Lone surrogates go through as ``surrogatepass`` bytes on both sides.

Compiling a large dictionary takes a noticeable fraction of a second, so databases are kept
per process by their terms: a rebuilt policy (a reload, the next test) reuses them. Scratch
space is per thread, as Hyperscan requires.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import Any

hyperscan: Any
try:  # the wheels bundle the library; without it the detectors keep their automaton
    import hyperscan
except ImportError:  # pragma: no cover - hyperscan is a dependency
    hyperscan = None

__all__ = ["LiteralIndex"]

_ENCODING = "utf-8"
_ERRORS = "surrogatepass"

_DATABASES: dict[bytes, Any] = {}
_LOCK = threading.Lock()


class LiteralIndex:
    """The terms of one dictionary, ready to be found in texts.

    :param terms: the terms, each non-empty; term ``i`` is reported as ``i``.
    """

    def __init__(self, terms: Sequence[str]) -> None:
        self.terms = tuple(terms)
        self._lengths = tuple(len(t) for t in self.terms)
        self._database = _database(self.terms)
        self._local = threading.local()

    @classmethod
    def build(cls, terms: Sequence[str]) -> LiteralIndex | None:
        """An index of ``terms``, or ``None`` without Hyperscan (or with no terms)."""
        if hyperscan is None or not terms:
            return None
        return cls(terms)

    def ends(self, text: str) -> list[tuple[int, int]]:
        """Every occurrence of every term in ``text`` as ``(inclusive end, term number)``, in
        the order ``pyahocorasick``'s ``Automaton.iter`` gives them."""
        data = text.encode(_ENCODING, _ERRORS)
        found: list[tuple[int, int]] = []
        self._database.scan(
            data, match_event_handler=_collect, context=found, scratch=self._scratch()
        )
        if not found:
            return []
        lengths = self._lengths
        found.sort(key=lambda hit: (hit[0], -lengths[hit[1]]))
        if len(data) == len(text):  # ASCII: bytes are characters
            return [(end - 1, term) for end, term in found]
        return _to_characters(data, found)

    def _scratch(self) -> Any:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        return scratch


def _collect(term: int, start: int, end: int, flags: int, found: list[tuple[int, int]]) -> None:
    found.append((end, term))


def _to_characters(data: bytes, found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Byte end offsets (sorted) to inclusive character end offsets, decoding each stretch
    between consecutive ends once."""
    out: list[tuple[int, int]] = []
    chars, at = 0, 0
    for end, term in found:
        if end > at:
            chars += len(data[at:end].decode(_ENCODING, _ERRORS))
            at = end
        out.append((chars - 1, term))
    return out


def _database(terms: tuple[str, ...]) -> Any:
    """The compiled database of these terms, shared by every index of the same terms."""
    encoded = [t.encode(_ENCODING, _ERRORS) for t in terms]
    framed = b"".join(len(e).to_bytes(4, "little") + e for e in encoded)
    key = hashlib.blake2b(framed, digest_size=20).digest()
    with _LOCK:
        database = _DATABASES.get(key)
        if database is None:
            database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            database.compile(
                expressions=encoded,
                ids=list(range(len(encoded))),
                elements=len(encoded),
                flags=0,
                literal=True,
            )
            _DATABASES[key] = database
        return database
