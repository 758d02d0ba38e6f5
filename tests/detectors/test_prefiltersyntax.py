"""The prefilter's reading of ``regex`` patterns: what is kept, dropped, rewritten or refused."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.detectors.prefiltersyntax import admissible, translate

# fmt: off
TRANSLATIONS = [
    # kept as written (punctuation escaped, which both engines read literally)
    ("[0-9]{3}-[0-9]{2}-[0-9]{4}", False, r"[0-9]{3}\-[0-9]{2}\-[0-9]{4}"),
    ("x[a-z]{0,2047}y", False, "x[a-z]{0,}y"),                 # wide repeat widened
    ("x[a-z]{2,64}y", False, "x[a-z]{2,64}y"),
    ("[0-9]{4}(?P<s>[ ./-])[0-9]{4}(?P=s)", False, r"[0-9]{4}(?P<s>[ \.\/\-])[0-9]{4}(?P=s)"),
    ("(a)b\\1", False, "(a)b\\1"),
    ("(?<name>[A-Z]{2})[0-9]{2,}?", False, "(?<name>[A-Z]{2})[0-9]{2,}?"),
    ("a.b", False, r"a.b"),
    # dropped: they only remove matches
    (r"(?<![0-9] )[0-9]{3}(?! [0-9])", False, "[0-9]{3}"),
    (r"\bMRN\b", False, "MRN"),
    ("^[0-9]{5}$", False, "[0-9]{5}"),
    ("(?m:^)[ \t]*x", False, "(?:)[ \\x{9}]*x"),
    (r"(?<=\p{Lu}[\p{Ll}'-]+ )[0-9]{2}", False, "[0-9]{2}"),
    (r"[^\s<>]+", False, r"[^\<\>]+"),                 # the negated set only grows
    (r"[^\d]", False, "[\\x{0}-\\x{10ffff}]"),
    # code points
    (r"[a-z\u2019']", False, r"[a-z\x{2019}\']"),
    ("[uµ]mol", False, r"[u\x{b5}]mol"),
    (r"\x41\x{42}", False, "AB"),
    # refused
    (r"\d{9}", False, None),                           # Unicode digits: tables may differ
    (r"[\s<>]+", False, None),                         # Unicode white space in a positive set
    (r"\p{L}+", False, None),                          # Unicode property
    ("[µ]", True, None),                               # non-ASCII under ignore_case
    ("(?i)mrn", False, None),                          # inline flags
    ("(?i:mrn)", False, None),
    ("(?:mrn){e<=1}", False, None),                    # fuzzy matching (a literal in Hyperscan)
    ("a{,3}", False, None),                            # {0,3} in regex, a literal in PCRE
    ("a++", False, None),                              # possessive
    ("a{2}+", False, None),
    ("(?>ab)", False, None),                           # atomic group
    (r"(a)\10", False, None),                          # group 10 or octal
    ("[[:digit:]]", False, None),                      # POSIX class
    ("[a-z--aeiou]", False, None),                     # set operation
    (r"x\b+", False, None),                            # a quantifier would bind to x
    ("x(?=a){2}", False, None),
    (r"\Ax", False, None),
    ("(?#note)x", False, None),
]
# fmt: on


@pytest.mark.parametrize(("pattern", "ignore_case", "expected"), TRANSLATIONS)
def test_translate(pattern: str, ignore_case: bool, expected: str | None) -> None:
    """Each construct is kept, dropped, rewritten or refused as documented."""
    assert translate(pattern, ignore_case=ignore_case) == expected
    assert admissible(pattern, ignore_case=ignore_case) is (expected is not None)


#: Pieces of patterns, combined at random below.
PIECES = [
    "[0-9]", "[A-Z]", "[^ x]", "a", "-", r"\.", " ", "(?:ab|c)", "(?<![0-9])", "(?!x)", r"\b",
    "^", "$", "{2}", "{1,3}", "?", "*", "+", "+?", "(x)", r"\1", "[uµ]", r"[a-z\u2019]", ".",
    r"[^\s<>]",
]  # fmt: skip
ALPHABET = "0123456789 xabcAZ-.µ’\n<>é"
_CODE_POINT = regex.compile(r"\\x\{([0-9a-f]+)\}")


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), min_size=1, max_size=8), text=st.text(ALPHABET))
def test_the_translation_matches_wherever_the_pattern_does(pieces: list[str], text: str) -> None:
    """Whatever the translation keeps, it finds a match (with ``regex``, same semantics)
    wherever the pattern finds one, in the whole text and in any stretch of it."""
    pattern = "".join(pieces)
    try:
        original = regex.compile(pattern)
    except regex.error:
        return
    form = translate(pattern)
    if form is None:
        return
    # regex writes a code point \\U0000xxxx where Hyperscan writes \\x{xxxx}
    wide = regex.compile(_CODE_POINT.sub(lambda m: f"\\U{int(m[1], 16):08x}", form))
    for low, high in ((0, len(text)), (1, max(1, len(text) - 1))):
        if original.search(text, low, high):
            assert wide.search(text, low, high), (pattern, form)
