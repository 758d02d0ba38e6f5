"""Normalization against evasion, and its offset map back to the input."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from dlpmilter.normalize import (
    _ASCII_SPECIAL,
    MIN_SPELLED_DIGITS,
    _has_ascii_control,
    compose,
    normalize,
)

# fmt: off
CASES = [
    # (input, expected output)
    ("SSN 123-45-6789", "SSN 123-45-6789"),
    ("１２３－４５－６７８９", "123-45-6789"),                        # full-width digits and hyphen
    ("12\u200b3-4\u00ad5-67\u202e89", "123-45-6789"),             # zero-width, soft hyphen, bidi
    ("1\u200c2\u200d3\u2060-45\ufeff-6789", "123-45-6789"),       # ZWNJ, ZWJ, word joiner, BOM
    ("\u2066123\u2069-45-6789", "123-45-6789"),                   # bidi isolates
    ("١٢٣-٤٥-٦٧٨٩", "123-45-6789"),                              # Arabic-Indic digits
    ("۱۲۳-۴۵-۶۷۸۹", "123-45-6789"),                              # extended Arabic-Indic digits
    ("१२३-४५-६७८९", "123-45-6789"),                              # Devanagari digits
    ("๑๒๓-๔๕-๖๗๘๙", "123-45-6789"),                              # Thai digits
    ("123‐45‑6789", "123-45-6789"),                              # hyphen, non-breaking hyphen
    ("123–45—6789", "123-45-6789"),                              # en and em dash
    ("123\u221245\u20126789", "123-45-6789"),                    # minus sign, figure dash
    ("4111\u00a01111\u202f1111\u20091111", "4111 1111 1111 1111"),  # NBSP, narrow NBSP, thin
    ("4111\u30001111", "4111 1111"),                             # ideographic space
    ("①②③", "123"),                                             # circled digits (NFKC)
    ("ﬁle", "file"),                                             # ligature (NFKC)
    ("Ｊｏｈｎ Ｄｏｅ", "John Doe"),                                  # full-width letters
    ("e\u0301", "é"),                                             # composed by NFKC
    ("line\u2028next\u2029end", "line\nnext\nend"),               # line/paragraph separators
    ("12\x0034\x07", "1234"),                                    # control characters dropped
    ("tab\tline\r\nend", "tab\tline\r\nend"),                    # whitespace controls kept
    ("one two three four five six seven eight nine", "123456789"),
    ("SSN: one two three - four five - six seven eight nine.", "SSN: 123-45-6789."),
    ("ONE Two thRee, four five, six seven eight nine", "123456789"),
    ("four one one one\nfour one one one", "41114111"),
    ("one two three four five", "one two three four five"),     # too short to be a number
    ("someone two three four five six seven", "someone 234567"),  # words, not parts of words
    ("", ""),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_normalize_output(text: str, expected: str) -> None:
    """Each evasion is undone."""
    assert normalize(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "needle", "original"),
    [
        ("１２３－４５－６７８９", "123-45-6789", "１２３－４５－６７８９"),
        ("x 12\u200b3-45-6789 y", "123-45-6789", "12\u200b3-45-6789"),
        ("SSN one two three - four five - six seven eight nine ok", "123-45-6789",
         "one two three - four five - six seven eight nine"),
        ("Name: Ｊｏｈｎ, SSN ٣٤٥", "345", "٣٤٥"),
    ],
)  # fmt: skip
def test_offsets_point_into_the_original(text: str, needle: str, original: str) -> None:
    """A match in the output maps back to the span of the original it came from."""
    out, offsets = normalize(text)
    if offsets is None:  # characters swapped one for one: the identity map
        offsets = range(len(text))
    start = out.index(needle)
    end = start + len(needle)
    orig_start = offsets[start]
    orig_end = offsets[end - 1] + 1
    # the last output character may come from a multi-character word ("nine")
    while orig_end < len(text) and text[orig_start:orig_end] != original:
        orig_end += 1
    assert text[orig_start:orig_end] == original


def test_unchanged_text_has_no_map() -> None:
    """Plain text costs nothing: same string back, no offset map."""
    text = "Plain ASCII text, 123-45-6789, one two three.\r\n"
    out, offsets = normalize(text)
    assert out is text
    assert offsets is None


def test_compose_maps() -> None:
    """Two maps compose: the second indexes the first's output."""
    assert compose(None, None) is None
    assert list(compose([0, 2, 4], None) or []) == [0, 2, 4]
    assert list(compose(None, [1, 2]) or []) == [1, 2]
    assert list(compose([0, 2, 4], [0, 2]) or []) == [0, 4]


def test_minimum_spelled_run() -> None:
    """Only runs of at least MIN_SPELLED_DIGITS words are turned into digits."""
    words = " ".join(["seven"] * MIN_SPELLED_DIGITS)
    assert normalize(words)[0] == "7" * MIN_SPELLED_DIGITS
    shorter = " ".join(["seven"] * (MIN_SPELLED_DIGITS - 1))
    assert normalize(shorter)[0] == shorter


@given(st.text())
def test_map_is_monotone_and_in_range(text: str) -> None:
    """For any text: one offset per output character, non-decreasing, within the input."""
    out, offsets = normalize(text)
    if offsets is None:
        assert len(out) == len(text)
        return
    assert len(offsets) == len(out)
    assert all(0 <= o < len(text) for o in offsets)
    assert all(a <= b for a, b in itertools.pairwise(offsets))


@given(st.text())
def test_output_is_clean(text: str) -> None:
    """No format characters and no non-ASCII decimal digits survive."""
    out, _ = normalize(text)
    for char in out:
        category = unicodedata.category(char)
        assert category != "Cf"
        assert category != "Nd" or char.isascii()
        assert category != "Zs" or char == " "


@given(st.text(alphabet=st.characters(codec="ascii")))
def test_idempotent_on_ascii(text: str) -> None:
    """Normalizing twice changes nothing more."""
    once, _ = normalize(text)
    assert normalize(once)[0] == once


def test_linear_on_large_mixed_text() -> None:
    """A large text with many changes keeps one offset per character (no blow-up)."""
    text = "Пациент １２３－４５－６７８９ e\u0301 " * 20000
    out, offsets = normalize(text)
    assert offsets is not None
    assert len(offsets) == len(out)
    assert out.count("123-45-6789") == 20000


@given(st.text())
@example("\u034f\u0345")  # an invisible character before a composing mark
@example("0\u034f\u0345")
@example("A\u200b\u0300")  # a removed character between a base and its mark
@example("\U0001ee00\uffd2")  # a halfwidth jamo after an astral letter
@example("\xa0\u1161\u3133")  # a compatibility jamo after a changed character
def test_fast_path_agrees_with_the_slow_path(text: str) -> None:
    """The C-translated path gives the same text and map as the character-by-character one."""
    from dlpmilter.normalize import _slow_pass, _unicode_pass

    fast, fast_map = _unicode_pass(text)
    slow, slow_map = _slow_pass(text)
    assert fast == slow
    assert list(fast_map or range(len(fast))) == list(slow_map or range(len(slow)))


def test_one_to_one_changes_need_no_map() -> None:
    """When every character keeps its index (digits, dashes, spaces swapped), there is no map."""
    out, offsets = normalize("１２３–４５\u00a06789")
    assert out == "123-45 6789"
    assert offsets is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5\u03363\u03366\u0336-2\u03362\u0336", "536-22"),  # strikethrough digits
        ("M\u0336a\u0336r\u0336i\u0336a\u0336", "Maria"),
        ("1\u20e3 2\u20dd", "1 2"),  # enclosing keycap and circle
        ("ẹ́ and ŋ\u0301", "ẹ́ and ŋ\u0301"),  # marks on non-ASCII letters stay
    ],
)
def test_marks_left_on_ascii_are_removed(text: str, expected: str) -> None:
    """A combining mark NFKC cannot compose away is dropped from ASCII letters and digits."""
    assert normalize(text)[0] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Раtіеnt МRΝ 40718823", "Patient MRN 40718823"),  # Cyrillic and Greek in Latin words
        ("diаbеtеs", "diabetes"),
        ("Пациент Иванов, МРТ", "Пациент Иванов, МРТ"),  # real Cyrillic text stays
        ("Ελληνικά κείμενο", "Ελληνικά κείμενο"),  # real Greek text stays
        ("ΡΑΤΙΕΝΤ", "ΡΑΤΙΕΝΤ"),  # a word wholly Greek is not folded
    ],
)
def test_confusables_in_mixed_words(text: str, expected: str) -> None:
    """Look-alike letters are folded only in words that mix scripts, one for one."""
    out, offsets = normalize(text)
    assert out == expected
    assert offsets is None


@given(st.text(st.characters(max_codepoint=0x7F)))
def test_ascii_control_check_agrees_with_the_class(text: str) -> None:
    assert _has_ascii_control(text) == (_ASCII_SPECIAL.search(text) is not None)
