"""Numbers written in words, turned into digits: one pass of :func:`dlpmilter.normalize.normalize`.

A *run* is a sequence of number tokens, each a digit word (``five``), a teen (``twelve``), a
tens word alone or joined to a unit by a hyphen or a space (``forty``, ``twenty-three``,
``sixty one``), or a group of ASCII digits, separated by spaces, commas, line breaks or one of
``-`` ``.`` ``/`` (a digit group may also touch a word: ``one8823``). A run is rewritten only
when it holds at least :data:`MIN_SPELLED_WORDS` words and :data:`MIN_SPELLED_DIGITS` digits
(the length of the shortest identifier), at least two in five of them spelled (``5 three 6
two 2 eight 1 four 7`` is), so ``one or two``, ``twenty-four hours``, ``a one-to-one
meeting``, ``5 or 6 days`` or ``1 2 3 4 one two`` stay as they are; when a run that crosses
digit groups falls short, its stretches of words alone are still rewritten if long enough. A
comma beside a digit group cuts a run (``123-45-6789, one two three``), and so does every
comma in a run that holds a word of two digits: digits are dictated one by one or in pairs,
while ``ten, twenty, thirty`` or ``twenty-four seven, three sixty-five`` is prose. In a
rewritten run:

* every word becomes its digits;
* when one separator (``-``, ``.`` or ``/``) stands in every gap of the run, it only strings
  the words together and is dropped (``five-three-six-two-two-eight`` reads ``536228``);
* otherwise, beside a word, a ``-`` ``.`` or ``/`` is kept and spaces, commas and line breaks
  are dropped (``five three six - two two`` reads ``536-22``), while the gap between two digit
  groups is kept as written (``five three six-22-eight one four seven`` reads ``536-22-8147``).

Time is linear in the text: one Hyperscan scan counts the number words that could be part of a
run, and a text with fewer than :data:`MIN_SPELLED_WORDS` stops there (most mail); otherwise one
regular expression finds the candidate runs (three tokens or more) in C on a lower-case copy, and
Python only looks at the runs that hold a letter.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import TypeAlias

from dlpmilter.blockscan import BlockScanner

#: Fewest digits a run must hold to be rewritten (the shortest identifier has six).
MIN_SPELLED_DIGITS = 6
#: Fewest words a run must hold to be rewritten (a lone word beside digits stays a word).
MIN_SPELLED_WORDS = 2

UNITS = {
    "zero": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
TEENS = {
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
}
TENS = {
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}

_UNIT = "(?:" + "|".join(UNITS) + ")"
#: One number word in lower case: a tens word (with its unit, if one is joined to it), a teen or
#: a unit.
_WORD = (
    f"(?:(?P<tens>{'|'.join(TENS)})(?:[- ](?P<unit>{_UNIT}))?"
    f"|(?P<teen>{'|'.join(TEENS)})|(?P<digit>{_UNIT}))(?![a-z])"
)


def _by_first_letter() -> str:
    """:data:`_WORD` without groups, its words grouped by first letter: each alternative of the
    scan then starts with a literal, which the regex engine tests before entering it."""
    suffixes: dict[str, list[str]] = {}
    for word in TENS:
        suffixes.setdefault(word[0], []).append(f"{word[1:]}(?:[- ]{_UNIT})?")
    for word in (*TEENS, *UNITS):
        suffixes.setdefault(word[0], []).append(word[1:])
    alternatives = (f"{first}(?:{'|'.join(rest)})" for first, rest in suffixes.items())
    return f"(?:{'|'.join(alternatives)})(?![a-z])"


_BARE_WORD = _by_first_letter()
#: A group of ASCII digits that is not the start of a code such as ``123b`` (a number word may
#: touch it: ``8823four``).
_NUMBER = rf"[0-9]+(?![0-9])(?:(?![a-z_])|(?={_BARE_WORD}))"
_GAP = r"(?:[ \t\r\n,]*[-./][ \t\r\n,]*|[ \t\r\n,]+)"
_TOKEN = rf"(?:{_BARE_WORD}|{_NUMBER})"
#: Three number tokens or more (two never hold both two words and six digits with half of them
#: spelled), one gap between each (or none between a word and digits). The
#: first starts a word (``\\b``: not the tail of ``someone`` or of a code such as ``A123``);
#: that one cheap test rejects most positions of the scan.
_RUN = re.compile(
    rf"\b{_TOKEN}(?:{_GAP}{_TOKEN}|(?<=[a-z]){_NUMBER}|(?<=[0-9]){_BARE_WORD}){{2,}}", re.ASCII
)
_PIECE = re.compile(rf"{_WORD}|(?P<number>[0-9]+)", re.ASCII)
_PUNCT = re.compile(r"[-./]")
_LETTER = re.compile(r"[a-z]")
#: Upper-case ASCII letters to lower case, one for one (``str.lower`` may change the length).
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

#: One replacement: ``(start, end, new, offsets)``, ``offsets`` the input index of each
#: character of ``new``.
Change: TypeAlias = "tuple[int, int, str, list[int] | None]"
#: A token of a run: ``(start, end, digits, offsets, is_word)``.
_Numeral: TypeAlias = "tuple[int, int, str, Sequence[int], bool]"


def _token(match: re.Match[str]) -> _Numeral:
    """The digits of one token and, for each, the index of the word or digit it came from."""
    start, end = match.span()
    kind = match.lastgroup  # the group closed last: "unit" for a compound, else the only one
    if kind == "number":
        return start, end, match.group(), range(start, end), False
    if kind == "digit":
        return start, end, UNITS[match.group()], (start,), True
    if kind == "teen":
        return start, end, TEENS[match.group()], (start, start), True
    tens = TENS[match.group("tens")]
    if kind == "tens":
        return start, end, tens + "0", (start, start), True
    return start, end, tens + UNITS[match.group("unit")], (start, match.start("unit")), True


def _gap_punct(gap: str) -> str:
    """The ``-``, ``.`` or ``/`` of a gap, or ``""`` when it holds only spaces and commas."""
    found = _PUNCT.search(gap) if gap else None
    return found.group() if found else ""


def _segments(text: str, tokens: list[_Numeral]) -> Iterator[list[_Numeral]]:
    """The tokens of a run, cut at a comma beside a digit group (identifiers are not written
    with commas: ``123-45-6789, one two three``), and at every comma when a word of the run
    stands for two digits (digits are dictated one by one or in pairs, while ``ten, twenty,
    thirty`` or ``twenty-four seven, three sixty-five`` is prose)."""
    any_comma = any(t[4] and len(t[2]) > 1 for t in tokens)
    segment = tokens[:1]
    for before, token in itertools.pairwise(tokens):
        if "," in text[before[1] : token[0]] and (any_comma or not (before[4] and token[4])):
            yield segment
            segment = []
        segment.append(token)
    yield segment


def _segment_change(text: str, tokens: list[_Numeral]) -> Change | None:
    """The rewrite of the tokens of one run, or ``None`` when too short to be a number."""
    words = sum(1 for t in tokens if t[4])
    spelled = sum(len(t[2]) for t in tokens if t[4])
    total = sum(len(t[2]) for t in tokens)
    if words < MIN_SPELLED_WORDS or total < MIN_SPELLED_DIGITS or spelled * 5 < total * 2:
        return None
    gaps = [text[a[1] : b[0]] for a, b in itertools.pairwise(tokens)]
    puncts = {_gap_punct(g) for g in gaps}
    uniform = len(puncts) == 1 and "" not in puncts
    pieces: list[str] = [tokens[0][2]]
    offsets: list[int] = list(tokens[0][3])
    for gap, (before, token) in zip(gaps, itertools.pairwise(tokens), strict=True):
        if uniform:
            pass  # one separator everywhere only strings the words together
        elif not before[4] and not token[4]:
            pieces.append(gap)
            offsets.extend(range(before[1], token[0]))
        elif punct := _gap_punct(gap):
            pieces.append(punct)
            offsets.append(before[1] + gap.index(punct))
        pieces.append(token[2])
        offsets.extend(token[3])
    return tokens[0][0], tokens[-1][1], "".join(pieces), offsets


#: Number words that follow a non-letter or start the text (see :func:`_enough_words`).
_WORD_SCANNER = BlockScanner.build(
    [f"(?:^|[^a-z])(?:{'|'.join((*UNITS, *TEENS, *TENS))})".encode("ascii")]
)


def _enough_words(lowered: str) -> bool:
    """Whether a lower-cased text holds :data:`MIN_SPELLED_WORDS` number words that each follow
    a non-letter (or start the text), from one Hyperscan scan; False only when it cannot hold a
    run worth rewriting. Every word token of a run does (the run starts at ``\\b``; later words
    follow a gap or a digit), so a text with fewer has no run to rewrite and skips the run scan,
    which costs 15-30 ns a character in ``re``. Without Hyperscan every text is scanned."""
    if _WORD_SCANNER is None:
        return True
    matches = _WORD_SCANNER.matches(lowered.encode("utf-8", "surrogatepass"))
    return len({end for _, _, end in matches}) >= MIN_SPELLED_WORDS


def spelled_changes(text: str) -> list[Change]:
    """The rewrites of every run of number words in ``text`` (sorted, disjoint).

    :param text: normalized text (ASCII digits, ``-`` for every dash, ``" "`` for every space).
    :returns: one change per run rewritten; empty when there is none.
    """
    lowered = text.lower() if text.isascii() else text.translate(_ASCII_LOWER)
    if not _enough_words(lowered):
        return []
    changes: list[Change] = []
    for run in _RUN.finditer(lowered):
        start, end = run.span()
        if _LETTER.search(lowered, start, end) is None:
            continue  # digit groups only: left to the pattern detector
        tokens = [_token(m) for m in _PIECE.finditer(lowered, start, end)]
        for segment in _segments(lowered, tokens):
            change = _segment_change(lowered, segment)
            if change is not None:
                changes.append(change)
                continue
            for _, words in itertools.groupby(segment, key=lambda t: t[4]):
                change = _segment_change(lowered, list(words))
                if change is not None:
                    changes.append(change)
    return changes
