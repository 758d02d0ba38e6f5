"""Which model PERSON spans the ner detector keeps."""

from __future__ import annotations

import pytest

from dlpmilter.detectors.personspan import function_words, kept_person


@pytest.mark.parametrize(
    "value",
    ["She", "Per", "Already", "Meanwhile", "Yours", "MYSELF", "he", "Their", "per our"],
)
def test_function_words_alone_are_never_a_person(value: str) -> None:
    """A span of only pronouns, prepositions, determiners or such adverbs is dropped."""
    assert not kept_person(value)


@pytest.mark.parametrize(
    "value",
    ["Maria Gonzalez", "Will", "May", "Will Smith", "Mom", "Anna", "GONZALEZ, MARIA", "Mary Ann"],
)
def test_names_are_kept(value: str) -> None:
    """Names, the everyday-word names of the gazetteer among them, stay."""
    assert kept_person(value)


@pytest.mark.parametrize("value", ["J0hn", "ana@clinic.org", "Room 12", "", "--"])
def test_spans_with_digits_at_signs_or_no_letters_are_dropped(value: str) -> None:
    """A digit or an @ is never part of a name; nor is a span without a letter."""
    assert not kept_person(value)


def test_function_words_are_spacys_less_the_everyday_names() -> None:
    """The list is spaCy's English stop words without will and may."""
    from spacy.lang.en.stop_words import STOP_WORDS

    words = function_words()
    assert {"she", "per", "already", "yours"} <= words
    assert "will" not in words and "may" not in words
    assert words <= STOP_WORDS
