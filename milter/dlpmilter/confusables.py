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
#: A word with at least one Latin letter and at least one Cyrillic or Greek letter.
_MIXED_WORD = regex.compile(
    r"\b(?=[\p{L}\p{M}]*\p{Latin})(?=[\p{L}\p{M}]*[\p{Cyrillic}\p{Greek}])[\p{L}\p{M}]+"
)
_FOREIGN = regex.compile(r"[\p{Cyrillic}\p{Greek}]")


def fold_confusables(text: str) -> str:
    """``text`` with the look-alike letters of mixed-script words made Latin (same length)."""
    if text.isascii() or not _FOREIGN.search(text):
        return text
    return str(_MIXED_WORD.sub(lambda m: m.group().translate(_TABLE), text))
