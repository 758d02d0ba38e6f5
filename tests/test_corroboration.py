"""Corroboration of a model's names: a capitalised word is not a patient's name on its own."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.corroboration import UNCORROBORATED, UNCORROBORATED_SCORE, corroborate, corroborated
from dlpmilter.verdict import Finding

MODEL = "model:dlp_ner-1.0.0"


def finding(text: str, span: str, score: float, *evidence: str, entity: str = "PERSON") -> Finding:
    start = text.index(span)
    return Finding(
        entity=entity, location="body", start=start, end=start + len(span), score=score,
        detector="ner", pattern="m:PERSON", evidence=evidence,
    )  # fmt: skip


# fmt: off
CASES = [
    # (text, span, evidence, corroborated?)
    ("Maria Gonzalez's biopsy came back", "Maria Gonzalez", (MODEL, "gazetteer:first", "gazetteer:last"), True),
    ("Anjali Farouk asked about insulin", "Anjali Farouk", (MODEL, "gazetteer:first"), True),
    ("Ji-woo Morales is on warfarin", "Ji-woo Morales", (MODEL, "gazetteer:last"), True),
    ("Maria started tamoxifen", "Maria", (MODEL, "gazetteer:first"), True),
    ("Dear Kofi Rivera, your", "Kofi Rivera", (MODEL, "cue:dear", "gazetteer:last"), True),
    ("Patient: Xochitl Tlapa", "Xochitl Tlapa", (MODEL, "cue:strong"), True),
    # a single word that is only a surname is an ordinary word as often as a name
    ("Register at https://example.org/cme", "Register", (MODEL, "gazetteer:last"), False),
    ("Sharps container 2 gal", "Sharps", (MODEL, "gazetteer:last"), False),
    ("Reason for visit: chest pain", "Reason", (MODEL, "gazetteer:last"), False),
    # a name ends in a capitalised word, whatever the name lists say of the first one
    ("Sharps container 2 gal", "Sharps container", (MODEL, "gazetteer:last"), False),
    ("Purchase order 4410023", "Purchase order", (MODEL, "gazetteer:last"), False),
    ("Job posting - RN", "Job posting", (MODEL, "gazetteer:first", "gazetteer:last"), False),
    ("approved transfer Darnell Kaur to rehab", "transfer Darnell Kaur", (MODEL, "gazetteer:first"), True),
    # the model's own look-back is not a cue of its own
    ("No patient-level data is included.", "level data", (MODEL, "cue:context"), False),
    ("9:15 - Ms: what's new in 2026", "what", (MODEL, "cue:context"), False),
    ("Ergonomic chair, mesh", "Ergonomic chair", (MODEL,), False),
]
# fmt: on


@pytest.mark.parametrize(("text", "span", "evidence", "expected"), CASES)
def test_corroborated(text: str, span: str, evidence: tuple[str, ...], expected: bool) -> None:
    assert corroborated(finding(text, span, 0.85, *evidence), span) is expected


@pytest.mark.parametrize(("text", "span", "evidence", "expected"), CASES)
def test_corroborate_caps_only_uncorroborated_model_names(
    text: str, span: str, evidence: tuple[str, ...], expected: bool
) -> None:
    (out,) = corroborate([finding(text, span, 0.95, *evidence)], {"body": text})
    if expected:
        assert out.score == 0.95 and UNCORROBORATED not in out.evidence
    else:
        assert out.score == UNCORROBORATED_SCORE and out.evidence[-1] == UNCORROBORATED


def test_rule_based_findings_are_left_alone() -> None:
    """Names found by cues or patterns, and other entities, keep their own scores."""
    text = "TC from Register Sharps, SSN 219-45-6789"
    cue = finding(text, "Register Sharps", 0.85, "cue:phone")
    ssn = finding(text, "219-45-6789", 0.9, entity="US_SSN")
    assert corroborate([cue, ssn], {"body": text}) == [cue, ssn]


@given(
    st.floats(min_value=0.0, max_value=1.0),
    st.lists(
        st.sampled_from([MODEL, "gazetteer:first", "gazetteer:last", "cue:context", "cue:title"]),
        max_size=4,
    ),
)
def test_never_raises_a_score(score: float, evidence: list[str]) -> None:
    text = "Word Other"
    (out,) = corroborate([finding(text, text, score, *evidence)], {"body": text})
    assert out.score <= score


def test_the_model_and_a_cued_name_agree() -> None:
    """An unusual name the names detector found after a title is a name for the model too."""
    text = "Mrs. Xochitl Tlapa reports chest pain; no patient-level data."
    model = finding(text, "Xochitl Tlapa", 0.95, MODEL, "cue:context")
    cue = finding(text, "Xochitl Tlapa", 0.6, "cue:title")
    junk = finding(text, "level data", 0.95, MODEL, "cue:context")
    pair = finding(text, "Xochitl Tlapa", 0.35, "gazetteer:first", "gazetteer:last")
    out = corroborate([model, cue, junk], {"body": text})
    assert out[0].score == 0.95 and out[2].score == UNCORROBORATED_SCORE
    (alone,) = corroborate([model], {"body": text})
    assert alone.score == UNCORROBORATED_SCORE
    assert corroborate([model, pair], {"body": text})[0].score == UNCORROBORATED_SCORE
