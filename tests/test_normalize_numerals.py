"""Numbers written in words (:mod:`dlpmilter.numerals`), through :func:`normalize`."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter import numerals
from dlpmilter.normalize import normalize
from dlpmilter.numerals import MIN_SPELLED_DIGITS, TEENS, TENS, UNITS, spelled_changes

# fmt: off
CASES = [
    # (input, expected output)
    # one separator between every pair of words only strings them together
    ("SSN five-three-six-two-two-eight-one-four-seven.", "SSN 536228147."),
    ("five.three.six.two.two.eight", "536228"),
    ("Five - Three - Six - Two - Two - Eight", "536228"),
    # separators that group some digits and not others are kept
    ("five three six - two two - eight one four seven", "536-22-8147"),
    ("five three six-two two-eight one four seven", "536-22-8147"),
    # words and digit groups mixed
    ("SSN five three six-22-eight one four seven, start", "SSN 536-22-8147, start"),
    ("card two two two three 0047 one one five six 0382 exp", "card 2223004711560382 exp"),
    ("Amex three seven eight five 940621 five seven one four zero.", "Amex 378594062157140."),
    ("MRN four zero seven one8823 was", "MRN 40718823 was"),
    ("5 three 6 two 2 eight 1 four 7", "536228147"),
    ("five-three-six-22-eight-one-four-seven", "536228147"),
    # tens, teens and compounds
    ("SSN five thirty-six twenty-two eighty-one forty-seven.", "SSN 536228147."),
    ("fifty three six twenty two eighty one forty seven", "536228147"),
    ("SSN 536 twenty-two eighty-one forty-seven", "SSN 536228147"),
    ("twelve thirteen fourteen", "121314"),
    ("Twenty Thirty-One nineteen", "203119"),
    # ordinary prose stays prose
    ("one or two", "one or two"),
    ("twenty-four hours", "twenty-four hours"),
    ("a one-to-one meeting", "a one-to-one meeting"),
    ("5 or 6 days", "5 or 6 days"),
    ("one, two, three or four", "one, two, three or four"),
    ("ten, twenty, thirty", "ten, twenty, thirty"),
    ("twenty-four seven, three sixty-five", "twenty-four seven, three sixty-five"),
    ("take one or two 500 mg tablets", "take one or two 500 mg tablets"),
    ("one 500 mg tablet twice daily, two 250 mg at night", "one 500 mg tablet twice daily, two 250 mg at night"),
    ("Room 204, one two", "Room 204, one two"),
    ("between 1 and 2, one 2026 report", "between 1 and 2, one 2026 report"),
    ("ten twenty", "ten twenty"),
    # digits that are not spelled are not rewritten
    ("SSN 123-45-6789, one two three.", "SSN 123-45-6789, one two three."),
    ("4471-2290-18 one two", "4471-2290-18 one two"),
    ("1 2 3 4 one two", "1 2 3 4 one two"),
    ("SSN 536 two two 8147", "SSN 536 two two 8147"),
    # a long stretch of words beside digits is rewritten on its own
    ("SSN 123-45-6789, one two three four five six", "SSN 123-45-6789, 123456"),
    # words inside other words, and codes, are not number tokens
    ("someone two three four five six seven", "someone 234567"),
    ("oneself two three four five", "oneself two three four five"),
    ("A1234 one two", "A1234 one two"),
    ("twentyfour sixteen", "twentyfour sixteen"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_spelled_numbers(text: str, expected: str) -> None:
    """Runs long enough to be an identifier become digits; prose stays prose."""
    assert normalize(text)[0] == expected


def test_six_digits_from_compounds_are_enough() -> None:
    """The threshold counts digits, not words: three compounds make six digits."""
    assert normalize("forty-one fifty-two sixty-three")[0] == "415263"
    assert normalize("forty-one fifty-two")[0] == "forty-one fifty-two"


def _source_of(text: str, offset: int) -> str:
    """The digits the number word (or digit) at ``offset`` of ``text`` stands for."""
    rest = text[offset:].lower()
    if rest[:1].isdigit():
        return rest[0]
    for tens, digit in TENS.items():
        if rest.startswith(tens):
            after = rest[len(tens) + 1 :] if rest[len(tens) : len(tens) + 1] in {"-", " "} else ""
            units = [d for u, d in UNITS.items() if re.match(rf"{u}(?![a-z])", after)]
            return digit + (units[0] if units else "0")
    for word, digits in (*TEENS.items(), *UNITS.items()):
        if rest.startswith(word):
            return digits
    return ""


_WORDS = st.sampled_from(sorted((*UNITS, *TEENS, *TENS, "twenty-three", "sixty one", "Forty-Five")))
_GROUPS = st.from_regex(r"[0-9]{1,6}", fullmatch=True)
_SEPARATORS = st.sampled_from([" ", "-", ".", "/", ", ", " - ", "\n", ""])


@st.composite
def _runs(draw: st.DrawFn) -> str:
    """Number words and digit groups with assorted separators, inside a sentence."""
    tokens = draw(st.lists(st.one_of(_WORDS, _GROUPS), min_size=1, max_size=14))
    text = tokens[0]
    for before, token in itertools.pairwise(tokens):
        sep = draw(_SEPARATORS)
        if not sep and (before[-1].isdigit() == token[0].isdigit()):
            sep = " "  # two words, or two digit groups, never touch
        text += sep + token
    return f"Ref {text} ok"


@given(_runs())
def test_every_output_character_maps_to_its_source(text: str) -> None:
    """Exact map: a digit points at the digit or the number word it came from, any other
    character at the same character of the input."""
    out, offsets = normalize(text)
    if offsets is None:
        assert out == text
        return
    assert len(offsets) == len(out)
    for index, char in enumerate(out):
        source = offsets[index]
        if char.isdigit() and not text[source].isdigit():
            digits = _source_of(text, source)
            assert char in digits, (text, out, index)
        else:
            assert text[source] == char, (text, out, index)
    assert all(a <= b for a, b in itertools.pairwise(offsets))


@given(_runs())
def test_no_digit_is_lost(text: str) -> None:
    """Every digit of the input is in the output (rewriting only adds the spelled ones)."""
    out, offsets = normalize(text)
    kept = set(offsets if offsets is not None else range(len(out)))
    assert all(i in kept for i, c in enumerate(text) if c.isdigit())
    assert sum(c.isdigit() for c in out) >= sum(c.isdigit() for c in text)


@given(_runs())
def test_idempotent(text: str) -> None:
    """A second pass changes nothing more."""
    once, _ = normalize(text)
    assert normalize(once)[0] == once


def test_long_run_is_linear() -> None:
    """A very long run (every kind of token) is rewritten whole, one offset per character."""
    unit = "five thirty-six 22 eight one forty seven - "
    text = unit * 20000
    out, offsets = normalize(text)
    assert offsets is not None
    assert len(offsets) == len(out)
    assert out.count("536228147") == 20000


def test_long_prose_with_number_words_is_unchanged() -> None:
    """Long ordinary prose full of number words and numbers keeps its text and needs no map."""
    text = "Someone phoned: one or two of the 3 forms, twenty-four hours, 5 or 6 days. " * 20000
    out, offsets = normalize(text)
    assert out == text
    assert offsets is None


def test_minimum_is_the_shortest_identifier() -> None:
    """The digit threshold is six, the length of the shortest identifier."""
    assert MIN_SPELLED_DIGITS == 6


_NOISE = st.sampled_from(["someone", "often", "x", "a", "é", "_", "8", "Ten", "ONE", "-", ","])


@given(st.lists(st.one_of(_runs(), _NOISE, _WORDS), max_size=6).map(" ".join))
def test_word_count_gate_never_hides_a_run(text: str) -> None:
    gated = spelled_changes(text)
    scanner, numerals._WORD_SCANNER = numerals._WORD_SCANNER, None
    try:
        assert spelled_changes(text) == gated
    finally:
        numerals._WORD_SCANNER = scanner


def test_word_count_gate_skips_text_without_number_words() -> None:
    assert not numerals._enough_words("someone often phoned; 10 mg daily")
    assert numerals._enough_words("one two")
    assert numerals._enough_words("8823four five")
