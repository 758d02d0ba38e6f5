"""The ``ner`` detector: offline model resolution, the cascade, windows, time budget, scores.

Unit tests swap the loaded backend for a fake or a spy; the tests marked ``ner`` run the
committed model (models/dlp_ner) through Presidio with no mock.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.detectors import ner as ner_module
from dlpmilter.detectors.base import BuildContext, Detector, ScanContext
from dlpmilter.detectors.ner import NerDetector, NerParams
from dlpmilter.detectors.nerbackend import Hit, resolve_model
from dlpmilter.engine import detect as engine_detect
from dlpmilter.errors import ConfigError, DetectionError
from dlpmilter.message import Part
from dlpmilter.plugins import load_registry
from dlpmilter.policy import Policy
from dlpmilter.testing import build_detector, make_message
from dlpmilter.verdict import Finding

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
MODEL = ROOT / "models" / "dlp_ner"


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Proxies at a dead loopback port, and any non-loopback connection fails the test."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(address, tuple) and host not in {"127.0.0.1", "::1", "localhost"}:
            raise AssertionError(f"network access attempted: {host}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def build(**params: Any) -> NerDetector:
    """A ner detector on the committed model, as rules/ner.yaml builds it."""
    params.setdefault("model", str(MODEL))
    detector = build_detector(NerDetector, id="ner_model", params=params, base_dir=RULES)
    assert isinstance(detector, NerDetector)
    return detector


class FakeBackend:
    """Returns fixed hits and records every text it was given."""

    def __init__(self, hits: list[Hit] | None = None) -> None:
        self.hits = hits or []
        self.calls: list[str] = []

    def analyze(self, text: str) -> list[Hit]:
        self.calls.append(text)
        return [h for h in self.hits if h.end <= len(text)]


def finding(entity: str, start: int, end: int, location: str = "body") -> Finding:
    """A stage-0 finding as the pattern or keywords detectors would report it."""
    return Finding(
        entity=entity, location=location, start=start, end=end, score=0.7, detector="stage0"
    )


@pytest.fixture(scope="module")
def detector() -> NerDetector:
    """One detector on the committed model (loaded once for the module)."""
    return build()


# ---------------------------------------------------------------- offline model resolution


@pytest.mark.parametrize("name", ["en_core_web_nonexistent", "xx_bogus_model_sm", "dlp_ner"])
def test_unknown_model_name_is_a_quick_config_error(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A name that is neither a package nor a directory fails at start-up, never downloads."""
    import spacy.cli

    def no_download(*_args: Any, **_kwargs: Any) -> None:
        raise AssertionError("spacy.cli.download called")

    monkeypatch.setattr(spacy.cli, "download", no_download)
    started = time.monotonic()
    with pytest.raises(ConfigError, match="pip install") as info:
        build(model=name)
    assert name in str(info.value)
    assert time.monotonic() - started < 10  # generous: no network wait is possible here


def test_path_that_is_not_a_pipeline_is_a_config_error(tmp_path: Path) -> None:
    """An existing directory without a spaCy pipeline is refused with the install hint."""
    with pytest.raises(ConfigError, match="not a spaCy pipeline"):
        resolve_model(str(tmp_path) + "/")


def test_relative_model_path_resolves_against_the_pack() -> None:
    """``model: ../models/dlp_ner`` in a pack under rules/ finds the committed pipeline."""
    ref = resolve_model("../models/dlp_ner", RULES)
    assert Path(ref.target) == MODEL.resolve()
    assert ref.label.startswith("dlp_ner-")


def test_model_comes_from_the_setting_by_default() -> None:
    """Without a ``model`` param the ``ner_model`` setting is used."""
    detector = build_detector(
        NerDetector, params={}, settings={"ner_model": str(MODEL)}, base_dir=RULES
    )
    assert isinstance(detector, NerDetector)
    assert Path(detector.model.target) == MODEL.resolve()


def test_unknown_entity_is_a_config_error() -> None:
    """Only PERSON, DATE_TIME and LOCATION come from NER."""
    with pytest.raises(ConfigError, match="unknown entities"):
        build(entities=["PERSON", "US_SSN"])


# ------------------------------------------------------------------------------ cascade

# fmt: off
WANTED = [
    # prior entities, wanted
    ((), False),
    (("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER"), False),
    (("MEDICAL_TERM",), True),
    (("ICD10_CODE", "PHONE_NUMBER"), True),
    (("NDC_CODE",), True),
    (("MEDICAL_TERM", "US_SSN"), False),
    (("MEDICAL_TERM", "MEDICAL_RECORD_NUMBER"), False),
    (("ICD10_CODE", "DATE_OF_BIRTH"), False),
    (("MEDICAL_TERM", "HEALTH_PLAN_ID"), False),
    (("MEDICAL_TERM", "US_MBI"), False),
]
# fmt: on


@pytest.mark.parametrize(("entities", "wanted"), WANTED)
def test_wanted_only_with_health_information_and_no_strong_identifier(
    detector: NerDetector, entities: tuple[str, ...], wanted: bool
) -> None:
    """NER runs only where a name can change the verdict."""
    prior = [finding(e, i, i + 1) for i, e in enumerate(entities)]
    assert detector.wanted(make_message("x"), prior) is wanted


HEALTH = {"MEDICAL_TERM", "ICD10_CODE", "NDC_CODE"}
OTHER = ["PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "CREDIT_CARD", "URL", "IP_ADDRESS"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(OTHER), max_size=6))
def test_no_health_information_never_wanted(detector: NerDetector, entities: list[str]) -> None:
    """Whatever else was found, without health information NER is not wanted."""
    prior = [finding(e, i, i + 1) for i, e in enumerate(entities)]
    assert not detector.wanted(make_message("x"), prior)


def test_health_entity_lists_are_params() -> None:
    """Sites can choose which findings open and close the gate."""
    detector = build(health_entities=["US_NPI"], strong_entities=[])
    assert detector.wanted(make_message("x"), [finding("US_NPI", 0, 1)])
    assert not detector.wanted(make_message("x"), [finding("MEDICAL_TERM", 0, 1)])


class Stage0(Detector):
    """Reports MEDICAL_TERM on the word ``tamoxifen``, as the keywords detector would."""

    def detect(self, part: Part, context: ScanContext) -> Iterator[Finding]:
        at = part.text.find("tamoxifen")
        if at >= 0:
            yield finding("MEDICAL_TERM", at, at + 9, part.location)


@pytest.mark.parametrize(
    ("body", "calls"),
    [
        ("Maria Gonzalez will join the budget call on Monday.", 0),
        ("Maria Gonzalez starts tamoxifen on Monday.", 2),  # subject and body parts
    ],
)
def test_engine_runs_ner_only_on_messages_with_health_information(
    detector: NerDetector, monkeypatch: pytest.MonkeyPatch, body: str, calls: int
) -> None:
    """Through the engine: a spy on the analyzer sees no call for a message without health
    information, and one per non-empty part for a message with it."""
    spy = FakeBackend()
    monkeypatch.setattr(detector, "backend", spy)
    stage0 = Stage0(id="stage0", params=Stage0.Params(), context=BuildContext(base_dir=RULES))
    policy = Policy(version="t", detectors=(stage0, detector))
    engine_detect(make_message(body, subject="Update"), policy)
    assert len(spy.calls) == calls


# ---------------------------------------------------------------------- windows, chunks


def test_short_part_is_analysed_whole(detector: NerDetector) -> None:
    """Below ner_max_chars the whole text is one chunk, evidence or not."""
    text = "word " * 100
    assert detector.segments(Part(location="body", content_type="text/plain", text=text), []) == [
        (0, len(text))
    ]


def test_long_part_is_analysed_around_evidence_only() -> None:
    """Above max_chars: windows of window_chars around health findings, merged, word-aligned."""
    detector = build(max_chars=1000, window_chars=100)
    text = ("lorem ipsum " * 500)[:6000]
    part = Part(location="body", content_type="text/plain", text=text)
    prior = [
        finding("MEDICAL_TERM", 1000, 1009),
        finding("MEDICAL_TERM", 1100, 1109),
        finding("MEDICAL_TERM", 5000, 5009),
        finding("MEDICAL_TERM", 3000, 3009, "subject"),
        finding("PERSON", 2000, 2010),
    ]
    segments = detector.segments(part, prior)
    assert len(segments) == 2
    (a, b), (c, d) = segments
    assert a <= 900 and b >= 1209 and b - a < 400
    assert c <= 4900 and d >= 5109 and d - c < 300
    for lo, hi in segments:
        assert lo == 0 or text[lo - 1] == " "
        assert hi == len(text) or text[hi] == " "


def test_long_part_without_evidence_is_skipped() -> None:
    """A long part with no health finding of its own is not analysed."""
    detector = build(max_chars=100)
    part = Part(location="attachment:a.txt", content_type="text/plain", text="x " * 500)
    assert detector.segments(part, [finding("MEDICAL_TERM", 0, 5, "body")]) == []


@settings(max_examples=40, deadline=None)
@given(
    size=st.integers(min_value=0, max_value=20_000),
    chunk=st.integers(min_value=200, max_value=5000),
    spots=st.lists(st.integers(min_value=0, max_value=19_990), max_size=8),
)
def test_segments_are_sorted_disjoint_bounded_and_cover_evidence(
    size: int, chunk: int, spots: list[int]
) -> None:
    """Chunks lie inside the text, in order, never overlap, respect chunk_chars, and cover
    every health finding of the part."""
    detector = build(max_chars=2000, chunk_chars=chunk)
    text = ("ab cd\nef " * (size // 9 + 1))[:size]
    part = Part(location="body", content_type="text/plain", text=text)
    prior = [finding("MEDICAL_TERM", s, s + 5) for s in spots if s + 5 <= size]
    segments = detector.segments(part, prior)
    last = 0
    for lo, hi in segments:
        assert last <= lo < hi <= size
        assert hi - lo <= chunk
        last = hi
    for f in prior if size > 2000 else [finding("X", 0, size)] if size else []:
        assert any(lo <= f.start and f.end <= hi for lo, hi in _merged(segments))


def _merged(segments: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in segments:
        if out and lo == out[-1][1]:
            out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return out


# ------------------------------------------------------------------------------ budget


def test_deadline_passed_raises_before_any_work(
    detector: NerDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A message whose deadline has passed gets no NER, and the engine is told."""
    spy = FakeBackend()
    monkeypatch.setattr(detector, "backend", spy)
    part = Part(location="body", content_type="text/plain", text="Maria starts tamoxifen")
    context = ScanContext(message=make_message(part.text), deadline=time.monotonic() - 1)
    with pytest.raises(DetectionError, match="time budget spent after 0 of 1"):
        list(detector.detect(part, context))
    assert spy.calls == []


def test_overrun_yields_partial_findings_then_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a clock that moves one second per look, the second chunk is past the 1.5 s
    budget: the first chunk's findings come out, then DetectionError."""
    detector = build(chunk_chars=200, time_budget_s=1.5)
    monkeypatch.setattr(
        detector, "backend", FakeBackend([Hit(start=0, end=5, entity="PERSON", label="PERSON")])
    )
    ticks = iter(range(1000))
    monkeypatch.setattr(ner_module.time, "monotonic", lambda: float(next(ticks)))
    text = "Maria " + "x " * 400
    part = Part(location="body", content_type="text/plain", text=text)
    found: list[Finding] = []
    with pytest.raises(DetectionError, match="after 1 of"):
        found.extend(detector.detect(part, ScanContext(message=make_message(text))))
    assert [(f.entity, f.start, f.end) for f in found] == [("PERSON", 0, 5)]


def test_budget_is_per_message_not_per_part(monkeypatch: pytest.MonkeyPatch) -> None:
    """Parts of one message share one budget: the clock keeps running from the first part."""
    detector = build(time_budget_s=1.5)
    spy = FakeBackend()
    monkeypatch.setattr(detector, "backend", spy)
    ticks = iter(range(1000))
    monkeypatch.setattr(ner_module.time, "monotonic", lambda: float(next(ticks)))
    message = make_message("short one", subject="short two")
    context = ScanContext(message=message)
    list(detector.detect(message.parts[0], context))  # budget until t=1.5; checked at t=1
    with pytest.raises(DetectionError):
        list(detector.detect(message.parts[1], context))  # checked at t=2 > 1.5
    assert len(spy.calls) == 1
    list(detector.detect(message.parts[1], ScanContext(message=message)))  # a new message
    assert len(spy.calls) == 2


# ------------------------------------------------------------------------------ scores

# fmt: off
SCORES = [
    # text, span, expected score, evidence contains
    ("Seen by Dr. Okafor today", (12, 18), 0.95, "cue:context"),
    ("Patient: Maria Gonzalez", (9, 23), 0.95, "cue:context"),
    ("then Maria Gonzalez called", (5, 19), 0.85, "gazetteer:first"),
    ("then Xyzzy Qwertz called", (5, 17), 0.6, "model:"),
]
# fmt: on


@pytest.mark.parametrize("case", SCORES)
def test_person_scores_follow_cues_and_gazetteer(
    detector: NerDetector,
    monkeypatch: pytest.MonkeyPatch,
    case: tuple[str, tuple[int, int], float, str],
) -> None:
    """A cue raises a person, gazetteer support keeps the base score, neither lowers it."""
    text, span, score, evidence = case
    hit = Hit(start=span[0], end=span[1], entity="PERSON", label="PERSON")
    monkeypatch.setattr(detector, "backend", FakeBackend([hit]))
    part = Part(location="body", content_type="text/plain", text=text)
    (found,) = detector.detect(part, ScanContext(message=make_message(text)))
    assert found.score == score
    assert any(e.startswith(evidence) for e in found.evidence)
    assert found.preview.count("*") == sum(ch.isalnum() for ch in text[span[0] : span[1]])


def test_person_with_digits_or_at_sign_is_dropped(
    detector: NerDetector, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 'person' spanning a number or an address is a model error, not a name."""
    text = "John Smith 123 and maria@example.org"
    hits = [
        Hit(start=0, end=14, entity="PERSON", label="PERSON"),
        Hit(start=19, end=36, entity="PERSON", label="PERSON"),
    ]
    monkeypatch.setattr(detector, "backend", FakeBackend(hits))
    part = Part(location="body", content_type="text/plain", text=text)
    assert list(detector.detect(part, ScanContext(message=make_message(text)))) == []


def test_registered_and_declared_in_the_ner_pack() -> None:
    """``ner`` is a registered stage-1 type and rules/ner.yaml's params validate."""
    assert load_registry().detectors["ner"] is NerDetector
    assert NerDetector.stage == 1
    pack = yaml.safe_load((RULES / "ner.yaml").read_text(encoding="utf-8"))
    (entry,) = [d for d in pack["detectors"] if d["type"] == "ner"]
    NerParams.model_validate(entry["params"])


# ------------------------------------------------------------- the committed model, no mock

EXAMPLES = [
    (
        "Maria Gonzalez's biopsy came back positive; she starts tamoxifen Monday.",
        {("PERSON", "Maria Gonzalez"), ("DATE_TIME", "Monday")},
    ),
    (
        "Patient: GONZALEZ, MARIA\nDOB: 03/14/1961\nDiagnosis: type 2 diabetes",
        {("PERSON", "GONZALEZ, MARIA"), ("DATE_TIME", "03/14/1961")},
    ),
    (
        "Dear Dr. Okafor,\n\nI am referring Mr. Tran to Cardiology for atrial fibrillation. He lives"
        " at 12 Oak St, Springfield, IL 62704.",
        {
            ("PERSON", "Okafor"),
            ("PERSON", "Tran"),
            ("LOCATION", "12 Oak St, Springfield, IL 62704"),
        },
    ),
]


@pytest.mark.ner
@pytest.mark.parametrize(("text", "expected"), EXAMPLES)
@pytest.mark.parametrize("backend", ["presidio", "spacy"])
def test_committed_model_finds_people_dates_places(
    text: str, expected: set[tuple[str, str]], backend: str
) -> None:
    """The committed model, through Presidio (and directly), finds the patient's name."""
    detector = build(backend=backend)
    part = Part(location="body", content_type="text/plain", text=text)
    found = {
        (f.entity, text[f.start : f.end])
        for f in detector.detect(part, ScanContext(message=make_message(text)))
    }
    assert expected <= found


@pytest.mark.ner
@pytest.mark.parametrize(
    "text",
    [
        "Johnson & Johnson recalled the product; Parkinson's disease patients should call Mercy Hospital.",
        "Aspen Dental and Wells Fargo sponsor the walk for Crohn's disease.",
    ],
)
def test_committed_model_ignores_hard_negatives(detector: NerDetector, text: str) -> None:
    """Companies, hospitals and eponymous diseases are not people."""
    part = Part(location="body", content_type="text/plain", text=text)
    found = [
        f
        for f in detector.detect(part, ScanContext(message=make_message(text)))
        if f.entity == "PERSON"
    ]
    assert found == [], [text[f.start : f.end] for f in found]


def test_person_spans_of_function_words_or_digits_are_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whatever the model says, "She" and "Room 12" are not reported as people; Maria is."""
    detector = build()
    text = "She said Maria is in Room 12"
    hits = [
        Hit(start=0, end=3, entity="PERSON", label="PERSON"),
        Hit(start=9, end=14, entity="PERSON", label="PERSON"),
        Hit(start=21, end=28, entity="PERSON", label="PERSON"),
    ]
    monkeypatch.setattr(detector, "backend", FakeBackend(hits))
    part = Part(location="body", content_type="text/plain", text=text)
    found = list(detector.detect(part, ScanContext(message=make_message(text))))
    assert [text[f.start : f.end] for f in found] == ["Maria"]
