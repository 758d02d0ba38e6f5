"""Hotwords ("context words") of the pattern detector: found once per text, looked up per match.

:class:`HotwordIndex` holds one Aho-Corasick automaton of an instance's hotwords, built once.
Per text, :meth:`HotwordIndex.context` runs it once over the lower-cased text and returns a
:class:`TextContext`: the sorted hotword offsets (a window check is a binary search, never a
rescan) and the table columns whose header names a hotword (:mod:`~dlpmilter.detectors.columns`).
"""

from __future__ import annotations

import bisect
import threading
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from dlpmilter.detectors.columns import ColumnIndex


@dataclass(frozen=True, slots=True)
class HotwordHits:
    """Hotword occurrences in one text, sorted by start offset."""

    starts: list[int]
    ends: list[int]
    ids: list[str]
    longest: int

    def reach(self, before: int, after: int, longest_match: int) -> list[tuple[int, int]]:
        """Merged ranges of offsets where a match that has one of these hotwords within
        ``before``/``after`` characters can start (matches at most ``longest_match`` long)."""
        ranges: list[tuple[int, int]] = []
        for start, end in zip(self.starts, self.ends, strict=True):
            low, high = max(0, start - after - longest_match), end + before
            if ranges and low <= ranges[-1][1]:
                ranges[-1] = (ranges[-1][0], max(ranges[-1][1], high))
            else:
                ranges.append((low, high))
        return ranges

    def near(self, start: int, end: int, before: int, after: int) -> tuple[str, ...]:
        """Ids of the hotwords that end at most ``before`` characters before ``start`` or
        begin at most ``after`` characters after ``end`` (or overlap the match)."""
        if not self.starts:
            return ()
        low, high = start - before, end + after
        first = bisect.bisect_left(self.starts, low - self.longest)
        last = bisect.bisect_right(self.starts, high)
        return tuple(sorted({self.ids[i] for i in range(first, last) if self.ends[i] >= low}))


class HotwordIndex:
    """An Aho-Corasick automaton of context words, matched case-insensitively on whole words.

    A word must not touch a letter or digit at an edge that is itself a letter or digit (so
    ``ssn`` is not found in ``lessons``, while ``ss#`` is found in ``SS#123``).
    """

    def __init__(self, words: Iterable[str]) -> None:
        self._automaton = ahocorasick.Automaton()
        self.longest = 0
        for word in words:
            key = " ".join(word.lower().split())
            hotword_id = "hotword:" + key.replace(" ", "_")
            edges = (_is_word_char(key[0]), _is_word_char(key[-1]))
            self._automaton.add_word(key, (len(key), hotword_id, edges))
            self.longest = max(self.longest, len(key))
        self.empty = self.longest == 0
        if not self.empty:
            self._automaton.make_automaton()

    def context(self, text: str) -> TextContext:
        """The hotwords of ``text``: occurrences, and table columns whose header names one."""
        hits = self.find(text)
        if not hits.starts:
            return TextContext(hits, None)
        return TextContext(hits, ColumnIndex(text, hits.starts, hits.ends, hits.ids))

    def find(self, text: str) -> HotwordHits:
        """Every whole-word occurrence in ``text``, in one pass."""
        if self.empty:
            return HotwordHits([], [], [], 0)
        lowered = _lowered(text)
        found: list[tuple[int, int, str]] = []
        size = len(text)
        for last, (length, hotword_id, (check_start, check_end)) in self._automaton.iter(lowered):
            start, end = last - length + 1, last + 1
            if check_start and start > 0 and _is_word_char(text[start - 1]):
                continue
            if check_end and end < size and _is_word_char(text[end]):
                continue
            found.append((start, end, hotword_id))
        found.sort()
        return HotwordHits(
            [f[0] for f in found], [f[1] for f in found], [f[2] for f in found], self.longest
        )


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


_LOWER_CACHE = threading.local()
#: Lower-case Cyrillic and Greek letters that look like Latin ones (after ``str.lower``, so the
#: capitals' look-alikes are covered too): ``МRN`` with a Cyrillic М still reads ``mrn``.
_LOOKALIKES = dict(
    zip(
        "аеорсухіјѕԁӏмнквтαβεζηικμνορτυχ",
        "aeopcyxijsdlmhkbtabezhikmnoptyx",
        strict=True,
    )
)

#: The view hotwords are matched in: line breaks, tabs and no-break spaces read as a space, so a
#: phrase wrapped across lines is still found, and look-alike letters as their Latin twins (one
#: character for one: offsets do not move).
_FOLD = str.maketrans({**dict.fromkeys("\t\n\r\x0b\x0c\xa0\u2007\u202f", " "), **_LOOKALIKES})


def _lowered(text: str) -> str:
    """``text`` lower-cased, white space made plain spaces and look-alike letters Latin, its
    length kept (cached for the last text, per thread)."""
    cached = getattr(_LOWER_CACHE, "pair", None)
    if cached is not None and cached[0] is text:
        return str(cached[1])
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    lowered = lowered.translate(_FOLD)
    _LOWER_CACHE.pair = (text, lowered)
    return lowered


@dataclass(frozen=True, slots=True)
class TextContext:
    """Where the hotwords are in one text: free-standing occurrences and table column headers."""

    hits: HotwordHits
    columns: ColumnIndex | None

    @classmethod
    def empty(cls) -> TextContext:
        """No hotwords at all."""
        return cls(HotwordHits([], [], [], 0), None)

    def reach(self, before: int, after: int, longest_match: int) -> list[tuple[int, int]]:
        """Merged ranges where a match supported by a hotword can start: within reach of an
        occurrence, or anywhere in a table whose header names one."""
        ranges = self.hits.reach(before, after, longest_match)
        if self.columns is None or not self.columns.blocks:
            return ranges
        merged: list[tuple[int, int]] = []
        for low, high in sorted(ranges + self.columns.ranges()):
            if merged and low <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], high))
            else:
                merged.append((low, high))
        return merged

    def near(self, start: int, end: int, before: int, after: int) -> tuple[str, ...]:
        """Ids of the hotwords within the window of ``[start, end)`` or heading its column."""
        found = self.hits.near(start, end, before, after)
        if self.columns is None:
            return found
        heading = self.columns.hotwords(start)
        return tuple(sorted(set(found) | set(heading))) if heading else found
