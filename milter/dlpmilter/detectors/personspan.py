"""Which of a model's ``PERSON`` spans the ``ner`` detector keeps.

A statistical model tags an unfamiliar capitalized word at the start of a sentence as a person
now and then. Two kinds of span are never a person's name and are dropped, whatever the model:

* a span with a digit or an ``@`` in it (``J0hn``, ``ana@clinic.org``);
* a span made only of function words: spaCy's English stop words (pronouns, determiners,
  prepositions, conjunctions, auxiliaries and a few adverbs: ``She``, ``Per``, ``Already``,
  ``Yours``), less those the name gazetteer knows as everyday-word names (``Will``, ``May``).

``models/train.py`` scores the committed model both as it is and through this filter, so the
figures it reports are those of the spans the detector can report.
"""

from __future__ import annotations

from functools import cache

import regex

from dlpmilter.detectors.gazetteer import AMBIGUOUS

_BAD_PERSON = regex.compile(r"[\d@]")
_WORD = regex.compile(r"[^\W\d_]+")


@cache
def function_words() -> frozenset[str]:
    """spaCy's English stop words, less the everyday-word names (empty without spaCy)."""
    try:
        from spacy.lang.en.stop_words import STOP_WORDS
    except ImportError:  # pragma: no cover - the ner detector cannot run without spaCy
        return frozenset()
    return frozenset(STOP_WORDS) - AMBIGUOUS


def kept_person(value: str) -> bool:
    """Whether a model's ``PERSON`` span with this text is kept."""
    if _BAD_PERSON.search(value):
        return False
    words = [w.lower() for w in _WORD.findall(value)]
    return bool(words) and not all(w in function_words() for w in words)
