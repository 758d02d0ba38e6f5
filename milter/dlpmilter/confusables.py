"""Cyrillic and Greek letters that pass for Latin ones, folded inside mixed-script words.

An evader writes ``Раtіеnt МRΝ`` (Cyrillic Р, а, і, е, М and Greek Ν among Latin letters) so
that no hotword, vocabulary term or name list matches. Following the mixed-script detection of
Unicode Technical Standard #39 (Unicode Security Mechanisms), a *word* that mixes Latin letters
with Cyrillic or Greek ones is not real Cyrillic or Greek text, and its look-alike letters are
mapped to their Latin prototypes. Words entirely in Cyrillic or Greek are left alone, so real
Russian, Ukrainian or Greek text is never changed.

The table is the subset of the ``confusables.txt`` data file of UTS #39 (Unicode 15.1,
https://www.unicode.org/Public/security/latest/confusables.txt, Unicode licence) whose source is
a Cyrillic or Greek letter and whose prototype is a single ASCII letter, restricted to the
letters that look the same in common fonts. Every mapping is one character for one, so the
text keeps its length and offsets.
"""

from __future__ import annotations

import re
import unicodedata

import regex

#: Cyrillic or Greek letter -> the ASCII letter it is confusable with.
CONFUSABLES = {
    # Cyrillic capitals
    "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K",
    "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y",
    "Ӏ": "I", "Ԛ": "Q", "Ԝ": "W",
    # Cyrillic small letters
    "а": "a", "с": "c", "ԁ": "d", "е": "e", "һ": "h", "і": "i", "ј": "j", "ӏ": "l",
    "о": "o", "р": "p", "ԛ": "q", "ѕ": "s", "ԝ": "w", "х": "x", "у": "y", "ү": "y",
    # Greek capitals
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
    "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "Ϲ": "C",
    # Greek small letters
    "α": "a", "ι": "i", "ο": "o", "ρ": "p", "υ": "u", "ν": "v", "χ": "x", "ϲ": "c", "ϳ": "j",
}  # fmt: skip

_TABLE = str.maketrans(CONFUSABLES)
_LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff"
_FOREIGN_LETTERS = "\u0370-\u03ff\u0400-\u052f\u1c80-\u1c8f\u1f00-\u1fff"
_MARKS = "\u0300-\u036f"
#: A Latin letter next to a Cyrillic or Greek one (combining marks between allowed): every
#: word that mixes the scripts has such a seam, and ordinary Cyrillic or Greek text has none.
_SEAM = re.compile(
    f"[{_LATIN}][{_MARKS}]*[{_FOREIGN_LETTERS}]|[{_FOREIGN_LETTERS}][{_MARKS}]*[{_LATIN}]"
)
_FOREIGN = re.compile(f"[{_FOREIGN_LETTERS}]")
_WORD_REST = regex.compile(r"[\p{L}\p{M}]*")


def _in_word(char: str) -> bool:
    return char.isalpha() or unicodedata.category(char).startswith("M")


def fold_confusables(text: str) -> str:
    """``text`` with the look-alike letters of mixed-script words made Latin (same length)."""
    if text.isascii() or not _FOREIGN.search(text):
        return text
    pieces: list[str] = []
    done = 0
    seam = _SEAM.search(text)
    while seam is not None:
        start = seam.start()
        while start > done and _in_word(text[start - 1]):
            start -= 1
        end = _WORD_REST.match(text, seam.end()).end()
        pieces.append(text[done:start])
        pieces.append(text[start:end].translate(_TABLE))
        done = end
        seam = _SEAM.search(text, done)
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)
