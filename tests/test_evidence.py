"""The evidence model: proximity queries and boosted confidence."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.evidence import MessageEvidence, Scored, Spans, Window
from dlpmilter.rulepack import Evidence
from dlpmilter.verdict import Confidence, Finding

SPAN = st.tuples(st.integers(0, 500), st.integers(0, 30)).map(lambda t: (t[0], t[0] + t[1]))


@settings(max_examples=300, deadline=None)
@given(st.lists(SPAN, max_size=30), SPAN, st.integers(0, 100))
def test_spans_near_agrees_with_brute_force(
    spans: list[tuple[int, int]], probe: tuple[int, int], window: int
) -> None:
    start, end = probe
    brute = any(s <= end + window and e >= start - window for s, e in spans)
    assert Spans(spans).near(start, end, window) is brute


@settings(max_examples=300, deadline=None)
@given(st.lists(SPAN, max_size=30), SPAN)
def test_window_count_and_within_agree_with_brute_force(
    spans: list[tuple[int, int]], probe: tuple[int, int]
) -> None:
    a, b = probe
    items = [
        Scored(
            finding=Finding(entity="X", location="body", start=s, end=e, score=0.5, detector="t"),
            score=0.5,
        )
        for s, e in spans
    ]
    inside = [(s, e) for s, e in spans if s <= b and e >= a]
    window = Window(items)
    assert window.count(a, b) == len(inside)
    assert sorted((i.finding.start, i.finding.end) for i in window.within(a, b)) == sorted(inside)


def finding(entity: str, start: int, score: float, location: str = "body") -> Finding:
    return Finding(
        entity=entity, location=location, start=start, end=start + 5, score=score, detector="t"
    )


def test_boost_from_nearby_evidence_only() -> None:
    findings = [
        finding("PERSON", 0, 0.4),
        finding("DATE_OF_BIRTH", 20, 0.9),
        finding("PERSON", 1000, 0.4),
        finding("PERSON", 10, 0.4, location="attachment:a.txt"),
    ]
    evidence = MessageEvidence(findings, [frozenset()] * len(findings))
    scored = evidence.scored([Evidence(entity="DATE_OF_BIRTH", boost=0.3)], 300)
    assert [s.confidence for s in scored] == [
        Confidence.MEDIUM,
        Confidence.HIGH,
        Confidence.LOW,
        Confidence.LOW,
    ]
    assert scored[0].support == ("near:DATE_OF_BIRTH",)
    assert scored[1].support == ()  # never its own evidence


def test_evidence_in_excluded_zones_does_not_count() -> None:
    findings = [finding("PERSON", 0, 0.4), finding("DATE_OF_BIRTH", 20, 0.9)]
    evidence = MessageEvidence(findings, [frozenset(), frozenset({"signature"})])
    rule = Evidence(entity="DATE_OF_BIRTH", boost=0.3, zone_exclude=["signature"])
    assert evidence.scored([rule], 300)[0].score == 0.4


def test_boost_is_capped_and_cached() -> None:
    findings = [
        finding("PERSON", 0, 0.9),
        finding("US_SSN", 10, 0.9),
        finding("DATE_OF_BIRTH", 20, 0.9),
    ]
    evidence = MessageEvidence(findings, [frozenset()] * 3)
    rules = [Evidence(entity="US_SSN", boost=0.5), Evidence(entity="DATE_OF_BIRTH", boost=0.5)]
    first = evidence.scored(rules, 300)
    assert first[0].score == 1.0
    assert evidence.scored(rules, 300) is first


ENTITY_FINDINGS = st.lists(
    st.tuples(
        st.sampled_from(["PERSON", "MEDICAL_TERM"]),
        st.integers(0, 400),
        st.integers(1, 12),
        st.integers(0, 3),
    ),
    max_size=25,
)


@settings(max_examples=200, deadline=None)
@given(ENTITY_FINDINGS, st.integers(1, 120), st.integers(1, 3), st.booleans())
def test_near_agrees_with_brute_force(
    raw: list[tuple[str, int, int, int]], window: int, need: int, distinct: bool
) -> None:
    """`near` with a count on `to` is what a pairwise check says, in linear-log time."""
    from dlpmilter.expression import Evaluator
    from dlpmilter.rulepack import Condition

    findings = [
        Finding(
            entity=e, location="body", start=s, end=s + n, score=0.9, detector="t", digest=f"v{d}"
        )
        for e, s, n, d in raw
    ]
    scored = MessageEvidence(findings, [frozenset()] * len(findings)).scored([], window)
    cond = Condition.model_validate(
        {"near": {"window": window, "of": {"entity": "PERSON"},
                  "to": {"entity": "MEDICAL_TERM", "min_count": need, "distinct": distinct}}}
    )  # fmt: skip

    def close(f: Finding, g: Finding) -> bool:
        return g.start <= f.end + window and g.end >= f.start - window

    people = [f for f in findings if f.entity == "PERSON"]
    terms = [f for f in findings if f.entity == "MEDICAL_TERM"]
    expected = False
    for person in people:
        near = [t for t in terms if close(person, t)]
        count = len({t.digest for t in near}) if distinct else len(near)
        expected = expected or count >= need
    assert Evaluator(scored, [], window).evaluate(cond).ok is expected
