"""The literal index answers exactly as the Aho-Corasick automaton it stands in for."""

from __future__ import annotations

import copy
from pathlib import Path

import ahocorasick
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.detectors.base import BuildContext
from dlpmilter.detectors.keywords import KeywordsDetector, KeywordsParams, shared_view
from dlpmilter.detectors.literals import LiteralIndex

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"

#: A small alphabet makes overlapping and nested terms likely; the non-ASCII letters take two,
#: three and four bytes in UTF-8, and a lone surrogate goes through as well.
ALPHABET = "ab é—𝔸\ud800"
terms = st.lists(st.text(ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12, unique=True)
texts = st.text(ALPHABET, max_size=80)


def automaton_of(words: list[str]) -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for number, word in enumerate(words):
        automaton.add_word(word, number)
    automaton.make_automaton()
    return automaton


@settings(max_examples=300)
@given(words=terms, text=texts)
def test_ends_equal_the_automatons_matches(words: list[str], text: str) -> None:
    index = LiteralIndex(words)
    assert index.ends(text) == list(automaton_of(words).iter(text))


def test_known_answer() -> None:
    index = LiteralIndex(["he", "she", "hers", "é"])
    assert index.ends("ushers é") == [(3, 1), (3, 0), (5, 2), (7, 3)]


def test_no_terms_no_index() -> None:
    assert LiteralIndex.build([]) is None


def test_same_terms_share_one_database() -> None:
    assert LiteralIndex(["x", "y"])._database is LiteralIndex(["x", "y"])._database
    assert LiteralIndex(["x", "y"])._database is not LiteralIndex(["x", "z"])._database


@pytest.fixture(scope="module")
def shipped() -> list[KeywordsDetector]:
    pack = yaml.safe_load((RULES / "medical.yaml").read_text(encoding="utf-8"))
    return [
        KeywordsDetector(
            id=d["id"],
            params=KeywordsParams.model_validate(d["params"]),
            context=BuildContext(base_dir=RULES, salt=b"test"),
        )
        for d in pack["detectors"]
    ]


SAMPLES = (
    "Pt with type 2 diabetes mellitus and CHF, on metformin 500 mg; HbA1c 8.2. Hx of MI.",
    "Dx: non-Hodgkin lymphoma. Started R-CHOP. Café visit—no fever; ÉCG normal; 𝔸 HIV neg.",
    "archive of shivers; the patient's asthma worsened over the week, albuterol prn.",
)


@pytest.mark.parametrize("text", SAMPLES)
def test_shipped_dictionaries_match_as_with_the_automaton(
    shipped: list[KeywordsDetector], text: str
) -> None:
    for detector in shipped:
        assert detector.literals is not None
        plain = copy.copy(detector)
        plain.literals = None
        assert detector.matches(text) == plain.matches(text)
        assert detector.matches(text) or detector.id != "medical_terms"
        folded = shared_view(text, case_sensitive=detector.spec.case_sensitive).text
        assert [(e, detector._entries[t]) for e, t in detector.literals.ends(folded)] == list(
            detector.automaton.iter(folded)
        )
