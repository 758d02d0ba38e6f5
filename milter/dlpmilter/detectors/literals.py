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

Compiling a large dictionary takes a noticeable fraction of a second, so scanners
(:class:`~dlpmilter.blockscan.BlockScanner`) are kept per process by their terms: a rebuilt
policy (a reload, the next test) reuses them.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence

from dlpmilter.blockscan import BlockScanner

__all__ = ["LiteralIndex"]

_ENCODING = "utf-8"
_ERRORS = "surrogatepass"

_SCANNERS: dict[bytes, BlockScanner] = {}
_LOCK = threading.Lock()


class LiteralIndex:
    """The terms of one dictionary, ready to be found in texts.

    :param terms: the terms, each non-empty; term ``i`` is reported as ``i``.
    :param scanner: their compiled scanner (see :meth:`build`).
    """

    def __init__(self, terms: Sequence[str], scanner: BlockScanner) -> None:
        self.terms = tuple(terms)
        self._lengths = tuple(len(t) for t in self.terms)
        self._scanner = scanner

    @classmethod
    def build(cls, terms: Sequence[str]) -> LiteralIndex | None:
        """An index of ``terms``, or ``None`` without Hyperscan (or with no terms)."""
        scanner = _scanner(tuple(terms))
        return None if scanner is None else cls(terms, scanner)

    def ends(self, text: str) -> list[tuple[int, int]]:
        """Every occurrence of every term in ``text`` as ``(inclusive end, term number)``, in
        the order ``pyahocorasick``'s ``Automaton.iter`` gives them."""
        data = text.encode(_ENCODING, _ERRORS)
        found = [(end, term) for term, _, end in self._scanner.matches(data)]
        if not found:
            return []
        lengths = self._lengths
        found.sort(key=lambda hit: (hit[0], -lengths[hit[1]]))
        if len(data) == len(text):  # ASCII: bytes are characters
            return [(end - 1, term) for end, term in found]
        return _to_characters(data, found)


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


def _scanner(terms: tuple[str, ...]) -> BlockScanner | None:
    """The scanner of these terms, shared by every index of the same terms (``None`` without
    Hyperscan or terms)."""
    encoded = [t.encode(_ENCODING, _ERRORS) for t in terms]
    framed = b"".join(len(e).to_bytes(4, "little") + e for e in encoded)
    key = hashlib.blake2b(framed, digest_size=20).digest()
    with _LOCK:
        scanner = _SCANNERS.get(key)
        if scanner is None:
            scanner = BlockScanner.build(encoded, literal=True)
            if scanner is not None:
                _SCANNERS[key] = scanner
        return scanner
