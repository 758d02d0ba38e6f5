"""The literal index answers exactly as the Aho-Corasick automaton it stands in for."""

from __future__ import annotations

import ahocorasick
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.detectors.literals import LiteralIndex

#: A small alphabet makes overlapping and nested terms likely; the non-ASCII letters take two,
#: three and four bytes in UTF-8, and a lone surrogate goes through as well.
ALPHABET = "ab é—𝔸\ud800"
terms = st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12, unique=True)
texts = st.text(ALPHABET, max_size=80)


def index_of(words: list[str]) -> LiteralIndex:
    index = LiteralIndex.build(words)
    assert index is not None
    return index


def automaton_of(words: list[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for number, word in enumerate(words):
        automaton.add_word(word, number)
    automaton.make_automaton()
    return automaton


@settings(max_examples=300)
@given(words=terms, text=texts)
def test_ends_equal_the_automatons_matches(words: list[str], text: str) -> None:
    index = index_of(words)
    assert index.ends(text) == list(automaton_of(words).iter(text))


def test_known_answer() -> None:
    index = index_of(["he", "she", "hers", "é"])
    assert index.ends("ushers é") == [(3, 1), (3, 0), (5, 2), (7, 3)]


def test_no_terms_no_index() -> None:
    assert LiteralIndex.build([]) is None


def test_same_terms_share_one_scanner() -> None:
    assert index_of(["x", "y"])._scanner is index_of(["x", "y"])._scanner
    assert index_of(["x", "y"])._scanner is not index_of(["x", "z"])._scanner
