"""Unicode and separator normalization against evasion, with an offset map.

:func:`normalize` is applied to the decoded text of every :class:`~dlpmilter.message.Part`
before any detector sees it. It returns the normalized text and, when anything changed, an
offset map: for each character of the output, the index in the input of the character (or
spelled-out word, or grapheme cluster) it came from, so findings can be reported against the
original text. There is no map when every character kept its index.

What the output guarantees (detectors, and the pattern detector's regexes in particular, may
rely on this and need not handle the variants themselves):

* NFKC: compatibility forms are folded (full-width ``１２３`` and ``ＡＢＣ``, ligatures,
  circled and super/subscript digits, composed accents). NFKC is applied per grapheme cluster,
  so the map stays exact.
* Invisible characters are removed: every format character (``Cf``: zero-width space, joiner
  and non-joiner, word joiner, BOM, soft hyphen, bidi embeddings, overrides and isolates),
  the combining grapheme joiner, variation selectors, Hangul fillers, and C0/C1 control
  characters other than tab, line feed, vertical tab, form feed and carriage return
  (so ``123\\x0045`` reads ``12345``).
* Every Unicode decimal digit (``Nd``: Arabic-Indic, Devanagari, Thai, Bengali, ...) is
  the ASCII digit of the same value.
* Every dash (``Pd``: hyphen, non-breaking hyphen, figure dash, en and em dash, ...) and the
  minus sign are ASCII ``-``.
* Every space separator (``Zs``: NBSP, narrow NBSP, thin, figure, ideographic space, ...) is
  an ASCII space; the line and paragraph separators U+2028 / U+2029 are ``\\n``.
* Combining marks left on an ASCII letter or digit once NFKC has composed what it can are
  removed (the "strikethrough" ``5\u0336 3\u0336`` of text generators reads ``5 3``); marks on
  other letters stay.
* Inside a word that mixes Latin letters with Cyrillic or Greek ones, the look-alike letters
  are Latin (``Раtіеnt МRΝ`` reads ``Patient MRN``; see :mod:`dlpmilter.confusables`). Words
  wholly in Cyrillic or Greek are untouched.
* A quoted line that wraps inside a number (``2223`` / ``> 0047 1156 0382``) is joined as the
  number would be unquoted: the next line's quote marker is removed and the line break reads
  as the number's separator (``2223 0047 1156 0382``), see :mod:`dlpmilter.quoting`. Every
  other quote marker stays (the zones of a part are found from them).
* Numbers written in words (``one two three - four five - six seven eight nine``,
  ``five-three-six-two-two-eight-one-four-seven``, ``five thirty-six twenty-two ...``, or
  words and digit groups mixed: ``five three six-22-eight one four seven``) become digits
  when a run holds two words or more and six digits or more, at least half of them spelled;
  separators that are ``-``, ``.`` or ``/`` are kept unless the same one stands between every
  pair, the others dropped: the first example reads ``123-45-6789``, the second
  ``536228147``. See :mod:`dlpmilter.numerals`.

What it does **not** do (the pattern detector handles these in its regexes): it does not join
digit groups split by spaces, dots, slashes or line breaks (``123 45 6789``,
``4111\\n1111 1111 1111``), it does not change letter case, and it keeps ASCII punctuation and
line structure (``\\r`` and ``\\n`` included; only a number wrapped across quoted lines is
joined), so a match never spans more than the input did.
Text split by HTML tags is joined by :mod:`dlpmilter.htmltext` before this step.

Time is linear in the text: plain ASCII is checked in C and returned unchanged with no map.
Otherwise a table of every special character of the Basic Multilingual Plane (built once) is
applied with :meth:`str.translate`, and Python only walks the characters whose replacement is
not one character long (to build the map), composing marks and characters beyond the BMP.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from array import array
from collections.abc import Sequence
from typing import TypeAlias

import regex

from dlpmilter.confusables import fold_confusables
from dlpmilter.numerals import MIN_SPELLED_DIGITS, spelled_changes
from dlpmilter.quoting import wrap_changes

__all__ = ["MIN_SPELLED_DIGITS", "OFFSET_TYPECODE", "Offsets", "compose", "normalize", "prepare"]

#: Output offset maps are arrays of C unsigned ints (4 bytes per character).
OFFSET_TYPECODE = "I"

#: Removed outright, beyond the ``Cf`` category: combining grapheme joiner, Mongolian and
#: standard variation selectors, Hangul fillers.
_INVISIBLE = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u3164\ufe00-\ufe0f\uffa0"
#: C0 and C1 controls other than the whitespace controls.
_CONTROLS = "\x00-\x08\x0e-\x1f\x7f-\x9f"

_ASCII_SPECIAL = re.compile(f"[{_CONTROLS}]+")
#: The ASCII characters of ``_CONTROLS``, as bytes to delete: an ASCII text holds one exactly
#: when deleting them shortens it (a C pass, ~30x faster than searching with the class).
_ASCII_CONTROL_BYTES = bytes([*range(0x09), *range(0x0E, 0x20), 0x7F])
_SPECIAL = regex.compile(
    r"[[\p{NFKC_QC=N}\p{NFKC_QC=M}\p{Cf}\p{Nd}\p{Pd}\p{Zs}\u2212\u2028\u2029"
    f"{_INVISIBLE}{_CONTROLS}]--[0-9\\- ]]",
    regex.V1,
)
_SPECIAL_RUN = regex.compile(_SPECIAL.pattern + "+", regex.V1)
#: Combining marks still on an ASCII letter or digit once NFKC has composed what it can.
_ORPHAN_MARKS = regex.compile(r"(?<=[A-Za-z0-9])\p{M}+")
#: Characters that NFKC may compose with what precedes them (combining marks, jamo).
_MAYBE = regex.compile(r"\p{NFKC_QC=M}")

_REMOVED = (
    frozenset(
        chr(c)
        for lo, hi in ((0x34F, 0x34F), (0x115F, 0x1160), (0x17B4, 0x17B5), (0x180B, 0x180D))
        for c in range(lo, hi + 1)
    )
    | frozenset("\u3164\uffa0")
    | frozenset(chr(c) for c in range(0xFE00, 0xFE10))
)
_KEPT_CONTROLS = frozenset("\t\n\v\f\r")

#: An ``array('I')``: per output character, its index in the input.
Offsets: TypeAlias = "array[int]"


_CATEGORY_MAP = {"Pd": "-", "Zs": " "}
_CHAR_MAP = {"\u2212": "-", "\u2028": "\n", "\u2029": "\n"}


def _map_char(char: str) -> str:
    """The replacement of one character after NFKC: removed, a digit, ``-``, space or itself."""
    category = unicodedata.category(char)
    if category == "Nd":
        return str(unicodedata.decimal(char))
    if category in {"Cf", "Cc"} or char in _REMOVED:
        return char if char in _KEPT_CONTROLS else ""
    return _CATEGORY_MAP.get(category) or _CHAR_MAP.get(char, char)


_CACHE: dict[str, str] = {}


def _replacement(chunk: str) -> str:
    """NFKC of one character or cluster, then :func:`_map_char` on each resulting character."""
    cached = _CACHE.get(chunk)
    if cached is not None:
        return cached
    folded = unicodedata.normalize("NFKC", chunk)
    result = "".join(_map_char(c) for c in folded)
    if len(_CACHE) < 65536:
        _CACHE[chunk] = result
    return result


#: One replacement: ``(start, end, new, offsets)``; ``offsets`` is ``None`` when ``new``
#: maps one to one onto ``text[start:end]``, else the input index of each character of ``new``.
_Change: TypeAlias = "tuple[int, int, str, list[int] | None]"


def _rewrite(text: str, changes: Sequence[_Change]) -> tuple[str, Offsets]:
    """Apply sorted, disjoint replacements and build the offset map."""
    pieces: list[str] = []
    offsets = array(OFFSET_TYPECODE)
    prev = 0
    for start, end, new, new_offsets in changes:
        if start > prev:
            pieces.append(text[prev:start])
            offsets.extend(range(prev, start))
        pieces.append(new)
        offsets.extend(range(start, end) if new_offsets is None else new_offsets)
        prev = end
    pieces.append(text[prev:])
    offsets.extend(range(prev, len(text)))
    return "".join(pieces), offsets


def _cluster_start(text: str, index: int) -> int:
    """Start of the cluster ending at ``index``: back over combining marks, then the base."""
    start = index
    while start > 0 and unicodedata.category(text[start - 1]).startswith("M"):
        start -= 1
    return start - 1 if start > 0 else start


def _run_change(run: str, start: int) -> _Change | None:
    """A run of characters that NFKC never composes: translated in C, mapped per character."""
    table = {ord(c): _replacement(c) for c in set(run)}
    new = run.translate(table)
    if new == run:
        return None
    if len(new) == len(run) and all(len(v) == 1 for v in table.values()):
        return (start, start + len(run), new, None)
    positions = [start + i for i, c in enumerate(run) for _ in table[ord(c)]]
    return (start, start + len(run), new, positions)


def _cluster_change(text: str, first: int, last: int, changes: list[_Change]) -> None:
    """One character; a composing one joins the cluster before it (and a change there)."""
    chunk = text[first:last]
    if _MAYBE.match(chunk):
        first = _cluster_start(text, first)
        if changes and first < changes[-1][1]:
            first = min(first, changes.pop()[0])
        chunk = text[first:last]
    new = _replacement(chunk)
    if new != chunk:
        changes.append((first, last, new, [first] * len(new)))


def _slow_pass(text: str) -> tuple[str, Sequence[int] | None]:
    """The reference for :func:`_unicode_pass`, all in Python: the special characters that
    never compose replaced one at a time, then the clusters composed."""
    first, first_map = _char_pass(text)
    second, second_map = _cluster_pass(first)
    return second, compose(first_map, second_map)


def _alone(char: str) -> bool:
    """Whether ``char`` is special and NFKC never composes it with its neighbours, so it is
    replaced on its own (by the table in :func:`_fast_pass`, one by one in :func:`_char_pass`)."""
    return bool(_SPECIAL.match(char)) and not _MAYBE.match(char)


def _char_pass(text: str) -> tuple[str, Offsets | None]:
    """Each special character of the Basic Multilingual Plane that NFKC never composes with
    its neighbours replaced by itself (what :func:`_fast_pass` does with one C translation)."""
    pieces: list[str] = []
    offsets = array(OFFSET_TYPECODE)
    resized = False
    for index, char in enumerate(text):
        new = char
        if ord(char) < 0x10000 and _alone(char):
            new = _replacement(char)
        pieces.append(new)
        offsets.extend([index] * len(new))
        resized = resized or len(new) != 1
    return "".join(pieces), offsets if resized else None


def _cluster_pass(text: str) -> tuple[str, Offsets | None]:
    """Every special character found by a scan, handled in Python (clusters composed)."""
    finder = _ASCII_SPECIAL if text.isascii() else _SPECIAL_RUN
    changes: list[_Change] = []
    for match in finder.finditer(text):
        start, end = match.span()
        run = match.group()
        if end - start == 1:
            _cluster_change(text, start, end, changes)
        elif _MAYBE.search(run):
            for index in range(start, end):
                _cluster_change(text, index, index + 1, changes)
        else:
            change = _run_change(run, start)
            if change is not None:
                changes.append(change)
    if not changes:
        return text, None
    return _rewrite(text, changes)


def _char_class(codes: list[int]) -> str:
    """A compact regex character class of sorted code points (consecutive ones as ranges)."""
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    body = "".join(
        re.escape(chr(lo)) if lo == hi else f"{re.escape(chr(lo))}-{re.escape(chr(hi))}"
        for lo, hi in ranges
    )
    return f"[{body}]"


@functools.cache
def _bmp_table() -> tuple[dict[int, str], re.Pattern[str] | None]:
    """The replacement of every special character of the Basic Multilingual Plane that NFKC
    never composes with its neighbours, and a pattern of those whose replacement is not one
    character long (removed or expanded). Built once, in about 50 ms."""
    table: dict[int, str] = {}
    resizing: list[int] = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        if not _alone(char):
            continue
        new = _replacement(char)
        if new != char:
            table[code] = new
            if len(new) != 1:
                resizing.append(code)
    return table, re.compile(_char_class(resizing)) if resizing else None


def prepare() -> None:
    """Build the lookup table now (at start-up) rather than during the first message."""
    _bmp_table()


def _fast_pass(text: str) -> tuple[str, Offsets | None]:
    """Special BMP characters translated in C; Python only where the length changes."""
    table, resizing = _bmp_table()
    new = text.translate(table)
    if resizing is None or resizing.search(text) is None:
        return new, None  # every replacement one character long: the identity map
    offsets = array(OFFSET_TYPECODE)
    prev = 0
    for match in resizing.finditer(text):
        index = match.start()
        offsets.extend(range(prev, index))
        offsets.extend([index] * len(table[ord(match.group())]))
        prev = index + 1
    offsets.extend(range(prev, len(text)))
    return new, offsets


def _has_ascii_control(text: str) -> bool:
    """Whether an ASCII text holds a character ``_ASCII_SPECIAL`` matches."""
    data = text.encode("ascii")
    return len(data.translate(None, _ASCII_CONTROL_BYTES)) != len(data)


def _unicode_pass(text: str) -> tuple[str, Sequence[int] | None]:
    if text.isascii():
        return _cluster_pass(text) if _has_ascii_control(text) else (text, None)
    if not _SPECIAL.search(text):
        return text, None
    first, first_map = _fast_pass(text)
    if not _SPECIAL.search(first):
        return first, first_map
    second, second_map = _cluster_pass(first)  # composing marks, astral characters
    return second, compose(first_map, second_map)


def _marks_pass(text: str) -> tuple[str, Offsets | None]:
    """Drop combining marks left on an ASCII letter or digit after NFKC (``5\u0336``)."""
    changes: list[_Change] = [(m.start(), m.end(), "", []) for m in _ORPHAN_MARKS.finditer(text)]
    return _rewrite(text, changes) if changes else (text, None)


def _spelled_pass(text: str) -> tuple[str, Offsets | None]:
    """Turn runs of number words into digits (:mod:`dlpmilter.numerals`)."""
    changes = spelled_changes(text)
    return _rewrite(text, changes) if changes else (text, None)


def _quote_pass(text: str) -> tuple[str, Offsets | None]:
    """Join numbers wrapped across quoted lines (:mod:`dlpmilter.quoting`)."""
    changes = wrap_changes(text)
    return _rewrite(text, changes) if changes else (text, None)


def compose(first: Sequence[int] | None, second: Sequence[int] | None) -> Sequence[int] | None:
    """The map of two successive normalizations: ``second`` indexes ``first``'s output."""
    if first is None:
        return second
    if second is None:
        return first
    limit = len(first)
    return array(OFFSET_TYPECODE, (first[i] if i < limit else first[-1] + 1 for i in second))


def normalize(text: str) -> tuple[str, Sequence[int] | None]:
    """Normalize ``text`` against evasion (see the module docstring for the guarantees).

    :param text: decoded text.
    :returns: the normalized text and an ``array('I')`` giving for each output character its
        index in ``text``, or ``None`` when that index is its own (nothing was removed,
        expanded or joined: characters at most swapped one for one).
    """
    first, first_map = _unicode_pass(text)
    if not first.isascii():
        first, marks_map = _marks_pass(first)
        first_map = compose(first_map, marks_map)
        first = fold_confusables(first)
    first, quote_map = _quote_pass(first)
    first_map = compose(first_map, quote_map)
    second, second_map = _spelled_pass(first)
    return second, compose(first_map, second_map)
