"""The ``pattern`` detector's mechanics: parameters, validators, hotwords, boundaries, timeouts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from dlpmilter.detectors.base import BuildContext, ScanContext
from dlpmilter.detectors.hotwords import HotwordIndex
from dlpmilter.detectors.pattern import PatternDetector, PatternParams
from dlpmilter.detectors.validators import CATALOGUE
from dlpmilter.errors import ConfigError, DetectionError
from dlpmilter.message import Envelope, Message, Part
from dlpmilter.plugins import load_registry
from dlpmilter.verdict import Finding

SSN: dict[str, Any] = {
    "entity": "US_SSN",
    "boundary": "number",
    "patterns": [
        {"id": "dashed", "regex": "[0-9]{3}-[0-9]{2}-[0-9]{4}", "score": 0.8},
        {"id": "bare", "regex": "[0-9]{9}", "score": 0.5, "require_context": True},
    ],
    "validators": ["us_ssn"],
    "context": ["ssn", "social security", "ss#"],
    "context_window": 20,
    "context_boost": 0.15,
}


def build(params: dict[str, Any], *, settings: dict[str, Any] | None = None) -> PatternDetector:
    """A detector built the way the rule loader builds one."""
    return PatternDetector(
        id="t",
        params=PatternParams.model_validate(params),
        context=BuildContext(
            base_dir=Path(), salt=b"salt", settings=settings or {}, validators=CATALOGUE
        ),
    )


def scan(detector: PatternDetector, text: str) -> list[Finding]:
    part = Part(location="body", content_type="text/plain", text=text)
    ctx = ScanContext(message=Message(envelope=Envelope(), parts=(part,)))
    return list(detector.detect(part, ctx))


def spans(detector: PatternDetector, text: str) -> list[tuple[str, float]]:
    return [(text[f.start : f.end], f.score) for f in scan(detector, text)]


def with_(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {**base, **changes}


# --- parameters are checked at load time -----------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (with_(SSN, colour="red"), "Extra inputs are not permitted"),
        (
            with_(SSN, patterns=[{"id": "x", "regex": "([0-9]", "score": 0.5}]),
            "pattern x: invalid regex",
        ),
        (
            with_(SSN, patterns=[{"id": "x", "regex": "[0-9]", "score": 1.5}]),
            "less than or equal to 1",
        ),
        (with_(SSN, patterns=[]), "at least 1 item"),
        (
            with_(SSN, patterns=[SSN["patterns"][0], SSN["patterns"][0]]),
            "pattern ids must be unique",
        ),
        (with_(SSN, context=[]), "require_context needs at least one context word"),
        (with_(SSN, context=["ssn", "  "]), "context words must not be empty"),
        (with_(SSN, entity="us ssn"), "String should match pattern"),
        (with_(SSN, boundary="line"), "Input should be 'word', 'number' or 'none'"),
    ],
)
def test_bad_params_are_load_errors(params: dict[str, Any], message: str) -> None:
    """Every malformed parameter is refused by the Params model, naming what is wrong."""
    with pytest.raises(ValidationError, match=message):
        PatternParams.model_validate(params)


def test_bad_regex_error_names_the_field() -> None:
    """The loader's field path reaches the regex of the faulty pattern."""
    bad = with_(SSN, patterns=[SSN["patterns"][0], {"id": "oops", "regex": "[", "score": 0.5}])
    with pytest.raises(ValidationError) as info:
        PatternParams.model_validate(bad)
    assert info.value.errors()[0]["loc"][:2] == ("patterns", 1)


def test_unknown_validator_is_a_load_error() -> None:
    """A validator name nobody registered stops the build, naming it."""
    with pytest.raises(ConfigError, match=r"validators\[0\]: unknown validator 'luhnn'"):
        build(with_(SSN, validators=["luhnn"]))


def test_unknown_switch_setting_is_a_load_error() -> None:
    """A validator switched by a setting that does not exist stops the build."""
    params = with_(SSN, validators=[{"name": "us_ssn", "when_setting": "no_such_setting"}])
    with pytest.raises(ConfigError, match="unknown setting 'no_such_setting'"):
        build(params)


def test_switch_setting_must_be_boolean() -> None:
    """Only a true/false setting can switch a validator."""
    params = with_(SSN, validators=[{"name": "us_ssn", "when_setting": "max_parts"}])
    with pytest.raises(ConfigError, match="'max_parts' is not true/false"):
        build(params)


CARD: dict[str, Any] = {
    "entity": "CREDIT_CARD",
    "patterns": [{"id": "plain", "regex": "[0-9]{13,19}", "score": 0.85}],
    "validators": [
        "credit_card",
        {"name": "not_test_card", "when_setting": "exclude_test_card_numbers"},
    ],
}


@pytest.mark.parametrize(
    ("settings", "found"),
    [
        ({}, []),
        ({"exclude_test_card_numbers": True}, []),
        ({"exclude_test_card_numbers": False}, ["4111111111111111"]),
    ],
)
def test_validator_switched_by_setting(settings: dict[str, Any], found: list[str]) -> None:
    """The test-card exclusion follows its setting (default: on)."""
    det = build(CARD, settings=settings)
    assert [v for v, _ in spans(det, "pay with 4111111111111111 today")] == found


def test_icd10_validator_is_prepared_at_build(tmp_path: Path) -> None:
    """A detector naming icd10cm loads the code list when it is built; a missing list fails."""
    params = {
        "entity": "ICD10_CODE",
        "separators": "",
        "patterns": [{"id": "icd", "regex": r"[A-Z][0-9]{2}\.[0-9]", "score": 0.5}],
        "validators": ["icd10cm"],
    }
    with pytest.raises(ConfigError, match="missing"):
        build(params, settings={"icd10_codes_file": str(tmp_path / "none.gz")})


# --- matching ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SSN 219-45-6789", [("219-45-6789", 0.95)]),
        ("id 219-45-6789", [("219-45-6789", 0.8)]),
        ("ssn: 219456789", [("219456789", 0.65)]),
        ("no hotword 219456789", []),  # bare numbers need a hotword
        ("SS#219456789", [("219456789", 0.65)]),  # hotword ending in '#' touches the number
        ("lessons 219456789", []),  # 'ssn' inside a word is no hotword
        ("SSN 000-45-6789", []),  # validator
        ("SSN 1-219-45-6789", []),  # inside a longer dashed run
        ("SSN 219-45-6789-1", []),
        ("SSN 219-45-6789.5", []),
        ("SSN 2219-45-6789", []),
        ("SSN x219-45-6789", []),  # touching a letter
        ("SSN 219-45-6789.", [("219-45-6789", 0.95)]),  # sentence end is fine
        ("(SSN 219-45-6789)", [("219-45-6789", 0.95)]),
    ],
)
def test_ssn_like_table(text: str, expected: list[tuple[str, float]]) -> None:
    """Base and boosted scores, hotword requirement, validators and number boundaries."""
    assert spans(build(SSN), text) == expected


@pytest.mark.parametrize(
    ("gap_before", "gap_after", "boosted"),
    [
        (1, None, True),
        (20, None, True),
        (21, None, False),
        (None, 1, True),
        (None, 20, True),
        (None, 21, False),
    ],
)
def test_window_edges(gap_before: int | None, gap_after: int | None, boosted: bool) -> None:
    """A hotword counts when at most ``context_window`` characters separate it from the match."""
    value = "219-45-6789"
    if gap_before is not None:
        text = "ssn" + " " * gap_before + value
    else:
        assert gap_after is not None
        text = value + " " * gap_after + "ssn"
    (finding,) = scan(build(SSN), text)
    assert (finding.score == 0.95) is boosted
    assert ("hotword:ssn" in finding.evidence) is boosted


def test_separate_after_window() -> None:
    """``context_window_after`` limits hotwords after the match independently."""
    det = build(with_(SSN, context_window_after=0))
    assert spans(det, "219456789 ssn") == []
    assert spans(det, "ssn 219456789") == [("219456789", 0.65)]


def test_evidence_lists_hotwords_and_validators_not_text() -> None:
    """Evidence holds ids; preview is masked; digest ignores separators."""
    (a,) = scan(build(SSN), "Social\nSecurity 219-45-6789")  # wrapped: still the phrase
    assert a.evidence == ("hotword:social_security", "validator:us_ssn")
    assert a.preview == "***-**-6789"
    assert a.pattern == "dashed" and a.detector == "t" and a.entity == "US_SSN"
    assert "219" not in a.preview + a.digest + "".join(a.evidence)
    (b,) = scan(build(SSN), "ssn 219456789")
    assert a.digest == b.digest


def test_exclude_list_ignores_separators() -> None:
    """Excluded literal values are compared with separators removed."""
    det = build(with_(SSN, exclude=["219 45 6789"]))
    assert spans(det, "SSN 219-45-6789 and 219-45-6788") == [("219-45-6788", 0.95)]


def test_value_group_narrows_the_span() -> None:
    """A named group ``value`` is what is reported."""
    det = build(
        {
            "entity": "MEDICAL_RECORD_NUMBER",
            "patterns": [{"id": "m", "regex": r"MRN[: ]+(?P<value>[0-9]{6,8})", "score": 0.7}],
        }
    )
    assert spans(det, "see MRN: 4829173 today") == [("4829173", 0.7)]


def test_overlapping_matches_keep_the_best() -> None:
    """Of overlapping matches of one detector, the higher score wins, ties to the longer."""
    det = build(
        {
            "entity": "US_BANK_NUMBER",
            "patterns": [
                {"id": "short", "regex": "[0-9]{8}", "score": 0.3},
                {"id": "long", "regex": "[0-9]{8}-[0-9]{2}", "score": 0.6},
            ],
            "boundary": "none",
        }
    )
    assert [(v, f) for v, f in spans(det, "acct 48291734-12")] == [("48291734-12", 0.6)]


def test_min_score_drops_weak_findings() -> None:
    """Findings below ``min_score`` are not reported."""
    det = build(with_(SSN, min_score=0.9))
    assert spans(det, "id 219-45-6789 and then, much later on, SSN 219-45-6780") == [
        ("219-45-6780", 0.95)
    ]


@pytest.mark.parametrize(
    ("boundary", "text", "found"),
    [
        ("word", "x 48291734 y", ["48291734"]),
        ("word", "A48291734", []),
        ("word", "1-48291734", ["48291734"]),
        ("number", "1-48291734", []),
        ("number", "48291734.5", []),
        ("number", "48291734. Next", ["48291734"]),
        ("none", "A48291734B", ["48291734"]),
    ],
)
def test_boundaries(boundary: str, text: str, found: list[str]) -> None:
    """``word`` keeps off letters and digits; ``number`` also off joined digit runs."""
    det = build(
        {
            "entity": "US_BANK_NUMBER",
            "boundary": boundary,
            "patterns": [{"id": "n", "regex": "[0-9]{8}", "score": 0.5}],
        }
    )
    assert [v for v, _ in spans(det, text)] == found


def test_ignore_case_flag() -> None:
    """``ignore_case`` is per pattern."""
    params = {
        "entity": "URL",
        "patterns": [{"id": "u", "regex": "www\\.[a-z]+\\.com", "score": 0.2, "ignore_case": True}],
    }
    assert [v for v, _ in spans(build(params), "WWW.EXAMPLE.COM")] == ["WWW.EXAMPLE.COM"]


def test_timeout_raises_detection_error_without_text() -> None:
    """A regex that runs past ``regex_timeout_s`` raises DetectionError naming only the pattern."""
    det = build(SSN, settings={"regex_timeout_s": 1e-9})
    # a candidate for the dashed regex, so the prefilter lets it run
    text = "219456789 " * 300_000 + "219-45-6789"
    with pytest.raises(DetectionError, match=r"^pattern (dashed|bare) timed out$") as info:
        scan(det, text)
    assert "219" not in str(info.value)


def test_offsets_survive_case_folding_that_changes_length() -> None:
    """Hotword offsets stay right when lower-casing would change the text's length."""
    text = "İİİİ SSN 219456789"
    (finding,) = scan(build(SSN), text)
    assert text[finding.start : finding.end] == "219456789"
    assert "hotword:ssn" in finding.evidence


def test_hotword_index_whole_words_and_phrases() -> None:
    """Whole words only, phrases with any run of spaces in the words list collapsed."""
    index = HotwordIndex(["date of birth", "dob", "ss#"])
    hits = index.find("DOB, Date of Birth; adobe; SS#12")
    assert hits.ids == ["hotword:dob", "hotword:date_of_birth", "hotword:ss#"]
    assert hits.starts == [0, 5, 27]


def test_registered_through_the_plugin_manager() -> None:
    """The built-in plugin registers the detector type and every catalogue validator."""
    registry = load_registry()
    assert registry.detectors["pattern"] is PatternDetector
    for name, function in CATALOGUE.items():
        assert registry.validators[name] is function


# --- the window check agrees with a naive scan ------------------------------------------------

TOKENS = st.sampled_from(["ssn", "219456789", "x", "  ", "SSN", "219-45-6789", "lessons", ","])


@settings(max_examples=200)
@given(st.lists(TOKENS, max_size=40))
def test_window_agrees_with_naive_scan(tokens: list[str]) -> None:
    """The bisect window gives the same boosts as checking every hotword for every match."""
    text = " ".join(tokens)
    found = scan(build(SSN), text)
    words = [i for i in range(len(text)) if text[i : i + 3].lower() == "ssn"]
    words = [
        i
        for i in words
        if (i == 0 or not text[i - 1].isalnum())
        and (i + 3 >= len(text) or not text[i + 3].isalnum())
    ]
    for finding in found:
        near = any(i + 3 >= finding.start - 20 and i <= finding.end + 20 for i in words)
        assert ("hotword:ssn" in finding.evidence) is near
    bare = [f for f in found if f.pattern == "bare"]
    assert all("hotword:ssn" in f.evidence for f in bare)


# --- patterns that need a hotword only run near one ------------------------------------------


@pytest.mark.parametrize(("gap", "found"), [(1, True), (20, True), (21, False)])
def test_gated_pattern_in_long_text(gap: int, found: bool) -> None:
    """A context-gated pattern finds its match at the window's edge inside a long text."""
    text = "word " * 500 + "ssn" + " " * gap + "219456789" + " more" * 500
    assert bool(spans(build(SSN), text)) is found


def test_reach_merges_overlapping_windows() -> None:
    """Hotword windows closer than the reach merge into one range; far ones stay apart."""
    hits = HotwordIndex(["ssn"]).find("ssn " + "x" * 10 + " ssn " + "y" * 500 + " ssn")
    assert hits.reach(20, 5, 80) == [(0, 38), (435, 543)]


def _finding(start: int, end: int, score: float) -> Finding:
    return Finding(entity="X", location="body", start=start, end=end, score=score, detector="t")


@pytest.mark.parametrize(
    ("spans", "kept"),
    [
        ([(0, 10, 0.5), (8, 20, 0.9), (18, 25, 0.5)], [(8, 20)]),
        ([(0, 10, 0.9), (8, 20, 0.5), (18, 25, 0.9)], [(0, 10), (18, 25)]),
        ([(0, 5, 0.5), (5, 9, 0.5), (20, 30, 0.1)], [(0, 5), (5, 9), (20, 30)]),
        ([(3, 9, 0.5), (0, 12, 0.5)], [(0, 12)]),  # same score: the longer
        ([], []),
    ],
)
def test_overlap_resolution_in_chains(
    spans: list[tuple[int, int, float]], kept: list[tuple[int, int]]
) -> None:
    """Chains of overlapping findings keep the best non-overlapping ones, in text order."""
    from dlpmilter.detectors.pattern import _best_of_overlapping

    result = _best_of_overlapping([_finding(s, e, sc) for s, e, sc in spans])
    assert [(f.start, f.end) for f in result] == kept


def test_dense_table_of_values_keeps_every_one() -> None:
    """Thousands of adjacent findings are all kept (non-overlapping spans never compete)."""
    text = "MRN | Name\n" + "".join(f"{4829173 + i} | P\n" for i in range(3000))
    det = build(
        {
            "entity": "MEDICAL_RECORD_NUMBER",
            "patterns": [{"id": "m", "regex": "[0-9]{7}", "score": 0.5}],
            "context": ["mrn"],
            "require_context": True,
            "context_window": 5,
        }
    )
    assert len(scan(det, text)) == 3000
