"""One compiled Hyperscan database in block mode, scanned from any thread.

Several passes find things with Hyperscan where a Python loop or ``re`` would walk the text
character by character: the regex prefilter of the pattern detectors
(:mod:`dlpmilter.detectors.prefilter`), the keyword dictionaries
(:mod:`dlpmilter.detectors.literals`), the cue words of the ``names`` detector and the
number-word count of normalization. Each holds :class:`BlockScanner` objects: the database is
compiled once, Hyperscan's scratch space is allocated once per thread (as Hyperscan requires),
and :meth:`BlockScanner.matches` returns every match as ``(expression id, start, end)`` byte
offsets, :meth:`BlockScanner.keys` only which expressions matched. Without the ``hyperscan``
package :meth:`BlockScanner.build` returns ``None`` and the callers keep their pure-Python path.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

hyperscan: Any
try:  # the wheels bundle the library; without it callers use their pure-Python path
    import hyperscan
except ImportError:  # pragma: no cover - hyperscan is a dependency
    hyperscan = None

__all__ = ["BlockScanner", "hyperscan"]

#: A match: the expression's id (its index), its start and its end, in bytes.
Match = tuple[int, int, int]


class BlockScanner:
    """Expressions compiled into one block-mode database.

    :param expressions: the expressions (regexes, or byte strings with ``literal``).
    :param starts: report each match's leftmost start (``HS_FLAG_SOM_LEFTMOST``); without it
        a match's start is not meaningful.
    :param literal: compile with Hyperscan's pure-literal compiler.
    :param ids: each expression's id; by default its index.
    :param flags: Hyperscan flags of each expression, added to those ``starts`` sets.
    :raises hyperscan.error: an expression Hyperscan cannot compile.
    """

    def __init__(
        self,
        expressions: Sequence[bytes],
        *,
        starts: bool = False,
        literal: bool = False,
        ids: Sequence[int] | None = None,
        flags: Sequence[int] | None = None,
    ) -> None:
        base = hyperscan.HS_FLAG_SOM_LEFTMOST if starts else 0
        self._database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        self._database.compile(
            expressions=list(expressions),
            ids=list(range(len(expressions))) if ids is None else list(ids),
            elements=len(expressions),
            flags=base if flags is None else [base | f for f in flags],
            literal=literal,
        )
        self._local = threading.local()

    @classmethod
    def build(
        cls, expressions: Sequence[bytes], *, starts: bool = False, literal: bool = False
    ) -> BlockScanner | None:
        """A scanner, or ``None`` without Hyperscan (or with no expressions)."""
        if hyperscan is None or not expressions:
            return None
        return cls(expressions, starts=starts, literal=literal)

    def matches(self, data: bytes) -> list[Match]:
        """Every match in ``data``, in the order Hyperscan reports them."""
        found: list[Match] = []
        self._scan(data, _collect, found)
        return found

    def keys(self, data: bytes) -> set[int]:
        """The ids of the expressions that match somewhere in ``data``."""
        found: set[int] = set()
        self._scan(data, _collect_key, found)
        return found

    def _scan(self, data: bytes, handler: Any, context: Any) -> None:
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        self._database.scan(data, match_event_handler=handler, context=context, scratch=scratch)


def _collect(key: int, start: int, end: int, flags: int, found: list[Match]) -> None:
    found.append((key, start, end))


def _collect_key(key: int, start: int, end: int, flags: int, found: set[int]) -> None:
    found.add(key)
