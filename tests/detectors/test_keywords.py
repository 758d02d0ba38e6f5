"""The ``keywords`` detector and the shipped medical pack (rules/medical.yaml)."""

from __future__ import annotations

import copy
import gzip
import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from dlpmilter.detectors.base import BuildContext, ScanContext
from dlpmilter.detectors.keywords import (
    KeywordsDetector,
    KeywordsParams,
    _Entry,
    _longest_first,
    make_view,
    normalize_term,
    shared_view,
    term_id,
)
from dlpmilter.errors import ConfigError
from dlpmilter.message import Envelope, Message, Part
from dlpmilter.plugins import load_registry

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"


def build(
    params: dict[str, Any], *, base_dir: Path = RULES, salt: bytes = b"s"
) -> KeywordsDetector:
    """A keywords detector built as the rule loader builds it."""
    return KeywordsDetector(
        id="kw",
        params=KeywordsParams.model_validate(params),
        context=BuildContext(base_dir=base_dir, salt=salt),
    )


@pytest.fixture(scope="module")
def shipped() -> list[KeywordsDetector]:
    """Every detector of rules/medical.yaml, built once for the module."""
    pack = yaml.safe_load((RULES / "medical.yaml").read_text(encoding="utf-8"))
    return [
        KeywordsDetector(
            id=d["id"],
            params=KeywordsParams.model_validate(d["params"]),
            context=BuildContext(base_dir=RULES, salt=b"test"),
        )
        for d in pack["detectors"]
    ]


def found(detectors: list[KeywordsDetector], text: str) -> list[tuple[str, str]]:
    """(matched text, category) of every finding, in text order."""
    part = Part(location="body", content_type="text/plain", text=text)
    ctx = ScanContext(message=Message(envelope=Envelope(), parts=(part,)))
    out = [
        (f.start, text[f.start : f.end], f.pattern.split(":")[0])
        for d in detectors
        for f in d.detect(part, ctx)
    ]
    return [(t, c) for _, t, c in sorted(out)]


# fmt: off
CLINICAL = [
    ("Pt has type 2 diabetes, started metformin.", [("type 2 diabetes", "condition"), ("metformin", "drug")]),
    ("Dx: COPD exacerbation; on albuterol and prednisone.", [("COPD", "condition"), ("albuterol", "drug"), ("prednisone", "drug")]),
    ("She was diagnosed with breast cancer and is scheduled for a lumpectomy.",
     [("breast cancer", "condition"), ("lumpectomy", "procedure")]),
    ("HIV viral load undetectable, continue Biktarvy.", [("HIV viral load", "lab"), ("Biktarvy", "drug")]),
    ("History of major depressive disorder and schizophrenia.",
     [("major depressive disorder", "condition"), ("schizophrenia", "condition")]),
    ("Recent HbA1c 8.1, eGFR 52; colonoscopy next month.", [("HbA1c", "lab"), ("eGFR", "lab"), ("colonoscopy", "procedure")]),
    ("Patient with T2DM and hypertension on lisinopril 10 mg.",
     [("T2DM", "condition"), ("hypertension", "condition"), ("lisinopril", "drug")]),
    ("Admitted for an acute myocardial infarction, CABG planned.",
     [("acute myocardial infarction", "condition"), ("CABG", "procedure")]),
    ("Her Crohn\u2019s disease flared; Humira was restarted.", [("Crohn\u2019s disease", "condition"), ("Humira", "drug")]),
    ("MRI scan of the lumbar spine shows a herniated disc.", [("MRI scan", "procedure"), ("herniated disc", "condition")]),
    ("He has AIDS and hepatitis C.", [("AIDS", "condition"), ("hepatitis C", "condition")]),
    ("Started Ozempic; lipid panel and TSH ordered.", [("Ozempic", "drug"), ("lipid panel", "lab"), ("TSH", "lab")]),
    ("Post-traumatic stress disorder, on sertraline.", [("Post-traumatic stress disorder", "condition"), ("sertraline", "drug")]),
    ("Serum potassium rose overnight; anion gap normal.", [("Serum potassium", "lab"), ("anion gap", "lab")]),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CLINICAL)
def test_clinical_text_is_found_with_its_category(
    shipped: list[KeywordsDetector], text: str, expected: list[tuple[str, str]]
) -> None:
    """Conditions, drugs, procedures and labs in clinical snippets, each under its category."""
    assert found(shipped, text) == expected


BUSINESS = [
    "Please review the invoice and release the hold on the shipment.",
    "Hi team, the quarterly newsletter is out: new hires, the office move and the summer party.",
    "Meeting notes: discussed the Q3 budget, the vendor contract and the lead times for parts. "
    "Action items: Sam to follow up with procurement; Lee to draft the release plan.",
    "Your order #48213 has shipped. Track your package with the link below. Thank you for shopping with us.",
    "Reminder: the fall conference registration closes Friday. Iron out travel details with your manager.",
    "The cold storage unit at the warehouse needs a service visit; please discharge the old stock first.",
    "Attached is the archive of last year's statements and the bank reconciliation.",
    "We had a stroke of luck with the new supplier: they can deliver by Monday.",
    "The shipment contains lithium batteries and must be labelled for air freight.",
    "Please sign the NDA and return it by end of day. Best regards, Jordan, Account Manager, +1 555 0100",
    "Our support desk is closed on Monday for the holiday. For urgent issues call the on-call engineer.",
    "Mole removal? No - the pest control vendor will handle the moles in the garden next week.",
    "Can you send the CAD drawings and the BOM for the new enclosure?",
    "Payment of CHF 12,400 is due on the 30th; see the attached statement.",
    "The cafeteria's new menu is low in sodium and rich in potassium and calcium.",
    "The AML and KYC checks for the new account are complete.",
    "PCI compliance audit: all card data stays in the tokenization vault.",
    "Use ALT text on every image in the newsletter, and keep the subject under 60 characters.",
    "Please release the purchase order and confirm the delivery window with the carrier.",
    "We will plan b if the venue falls through; the keynote speaker is confirmed.",
    "Let's grab a coffee and discuss the pipeline, the forecast and the headcount plan.",
    "This quarter's volatility is a headache for the treasury team; fatigue is setting in.",
]


@pytest.mark.parametrize("text", BUSINESS)
def test_business_mail_yields_no_medical_term(shipped: list[KeywordsDetector], text: str) -> None:
    """Hard negatives: ordinary business mail, including words with a medical sense."""
    assert found(shipped, text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Please archive the file.", []),  # "hiv" inside "archive"
        ("HIV.", ["HIV"]),
        ("(COPD)", ["COPD"]),
        ("copdx and xcopd", []),
        ("anti-HIV therapy", ["HIV"]),
        ("metformin500", []),
        ("diabetes_mellitus", []),
        ("on metformin, daily", ["metformin"]),
    ],
)
def test_matches_start_and_end_at_word_boundaries(text: str, expected: list[str]) -> None:
    """A term is found only as a whole word."""
    det = build(
        {
            "dictionaries": [
                {"category": "condition", "terms": ["hiv", "copd", "diabetes"]},
                {"category": "drug", "terms": ["metformin"]},
            ]
        }
    )
    assert [text[s:e] for s, e, _, _ in det.matches(text)] == expected


@pytest.mark.parametrize(
    ("case_sensitive", "text", "expected"),
    [
        (False, "DIABETES and Diabetes and diabetes", ["DIABETES", "Diabetes", "diabetes"]),
        (True, "AIDS, aids, Aids", ["AIDS"]),
        (True, "hearing aids", []),
        (False, "hearing aids", ["aids"]),
    ],
)
def test_case(case_sensitive: bool, text: str, expected: list[str]) -> None:
    """Case-insensitive by default; case-sensitive matches the term's case only."""
    det = build({"terms": ["diabetes", "AIDS"], "case_sensitive": case_sensitive})
    assert [text[s:e] for s, e, _, _ in det.matches(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "history of type 2\ndiabetes mellitus",
        "history of type 2\r\n   diabetes\tmellitus",
        "history of type\u00a02 diabetes  mellitus",
        "history of TYPE 2\n\n\nDIABETES MELLITUS",
    ],
)
def test_multi_word_terms_match_across_line_breaks_and_space_runs(text: str) -> None:
    """White-space runs in the text match one space in the term; offsets point at the text."""
    det = build({"terms": ["type 2 diabetes mellitus", "diabetes"]})
    (hit,) = det.matches(text)
    start, end, _, term = hit
    assert text[start:end].lower().split() == ["type", "2", "diabetes", "mellitus"]
    assert term == "type 2 diabetes mellitus"


def test_longest_of_overlapping_terms_wins() -> None:
    """Nested and overlapping terms give one finding, the longest."""
    det = build(
        {"terms": ["diabetes", "diabetes mellitus", "type 2 diabetes mellitus", "mellitus"]}
    )
    text = "Dx type 2 diabetes mellitus; diabetes"
    assert [text[s:e] for s, e, _, _ in det.matches(text)] == [
        "type 2 diabetes mellitus",
        "diabetes",
    ]


def test_overlap_keeps_longest_even_when_it_starts_later() -> None:
    """Of two overlapping terms the longer wins, even when the shorter starts first."""
    det = build({"terms": ["heart failure", "failure to thrive in infants"]})
    text = "heart failure to thrive in infants"
    assert [text[s:e] for s, e, _, _ in det.matches(text)] == ["failure to thrive in infants"]


@pytest.mark.parametrize(
    ("params", "text", "expected"),
    [
        (
            {"terms": ["fall", "fracture"], "stop_terms": ["FALL"]},
            "a fall caused a fracture",
            ["fracture"],
        ),
        (
            {"terms": ["fall", "fracture"], "stoplist": ["stop.txt"]},
            "a fall caused a fracture",
            ["fracture"],
        ),
        (
            {"dictionaries": [{"category": "condition", "file": "terms.txt"}]},
            "a fall caused a fracture",
            ["fall", "fracture"],
        ),
        (
            {
                "dictionaries": [{"category": "condition", "file": "terms.txt.gz"}],
                "stoplist": ["stop.txt"],
            },
            "a fall caused a fracture",
            ["fracture"],
        ),
    ],
)
def test_stoplist_removes_terms(
    tmp_path: Path, params: dict[str, Any], text: str, expected: list[str]
) -> None:
    """Stoplisted terms (files or inline, any case) are never reported."""
    (tmp_path / "stop.txt").write_text("# everyday words\nFall\n", encoding="utf-8")
    (tmp_path / "terms.txt").write_text("fall\n\n# comment\nfracture\n", encoding="utf-8")
    (tmp_path / "terms.txt.gz").write_bytes(gzip.compress(b"fall\nfracture\n"))
    det = build(params, base_dir=tmp_path)
    assert [text[s:e] for s, e, _, _ in det.matches(text)] == expected


def test_depression_is_kept_in_every_sense(shipped: list[KeywordsDetector]) -> None:
    """A decision, not an accident: "depression" stays in the vocabulary although it has an
    economic sense, because the clinical sense is common PHI. Rules weigh it by proximity to
    identifiers; the dictionary cannot tell the senses apart."""
    assert found(shipped, "the depression in commodity prices") == [("depression", "condition")]


def test_shipped_stoplist_terms_are_not_found(shipped: list[KeywordsDetector]) -> None:
    """Everyday words of the curated stoplist give nothing on their own."""
    text = "fall cold lead iron mole discharge stroke headache fever cough fatigue lithium alli allegra"
    assert found(shipped, text) == []


def test_finding_fields_hold_ids_not_text(shipped: list[KeywordsDetector]) -> None:
    """pattern is category:term id, preview the category, digest salted; no matched text."""
    text = "Patient has Schizophrenia."
    part = Part(location="attachment:note.txt", content_type="text/plain", text=text)
    ctx = ScanContext(message=Message(envelope=Envelope(), parts=(part,)))
    (finding,) = [f for d in shipped for f in d.detect(part, ctx)]
    assert finding.entity == "MEDICAL_TERM"
    assert finding.location == "attachment:note.txt"
    assert finding.detector == "medical_terms"
    assert finding.pattern == f"condition:{term_id('schizophrenia')}"
    assert re.fullmatch(r"condition:[0-9a-f]{10}", finding.pattern)
    assert finding.preview == "[condition]"
    assert (
        "schizo"
        not in (
            finding.preview + finding.digest + finding.pattern + "".join(finding.evidence)
        ).lower()
    )
    assert text[finding.start : finding.end] == "Schizophrenia"
    assert finding.score == 0.7


def test_digest_is_per_term_and_per_salt() -> None:
    """Same term in any case or spacing: same digest; another salt: another digest."""
    part1 = Part(location="body", content_type="text/plain", text="Type 2  Diabetes")
    part2 = Part(location="body", content_type="text/plain", text="type 2 diabetes")
    ctx = ScanContext(message=Message(envelope=Envelope()))
    det = build({"terms": ["type 2 diabetes"]}, salt=b"a")
    other = build({"terms": ["type 2 diabetes"]}, salt=b"b")
    (f1,), (f2,), (f3,) = (
        list(d.detect(p, ctx)) for d, p in ((det, part1), (det, part2), (other, part2))
    )
    assert f1.digest == f2.digest != f3.digest


def test_dictionary_score_overrides_detector_score() -> None:
    """A dictionary's own score wins over the detector's."""
    det = build(
        {
            "score": 0.4,
            "dictionaries": [
                {"category": "lab", "terms": ["cbc"], "score": 0.9},
                {"category": "drug", "terms": ["aspirin"]},
            ],
        }
    )
    assert [(e.category, e.score) for _, _, e, _ in det.matches("cbc aspirin")] == [
        ("lab", 0.9),
        ("drug", 0.4),
    ]


def test_term_in_two_dictionaries_is_reported_under_the_first() -> None:
    """Dictionary order decides the category of a term listed twice."""
    det = build(
        {
            "dictionaries": [
                {"category": "drug", "terms": ["insulin"]},
                {"category": "lab", "terms": ["insulin"]},
            ]
        }
    )
    assert [e.category for _, _, e, _ in det.matches("insulin")] == ["drug"]


@pytest.mark.parametrize(
    "params",
    [
        {"terms": ["x"], "unknown": 1},
        {},
        {"dictionaries": [{"category": "condition"}]},
        {"dictionaries": [{"category": "Bad Category", "terms": ["x"]}]},
        {"terms": ["x"], "score": 1.5},
        {"terms": ["x"], "entity": "medical term"},
    ],
)
def test_bad_params_are_rejected_at_load(params: dict[str, Any]) -> None:
    """Params are validated by the pydantic model (extra keys forbidden)."""
    with pytest.raises(ValidationError):
        KeywordsParams.model_validate(params)


def test_missing_dictionary_file_names_the_file(tmp_path: Path) -> None:
    """A dictionary that cannot be read stops the load with its path."""
    with pytest.raises(ConfigError, match=r"nope\.txt\.gz"):
        build({"dictionaries": [{"category": "drug", "file": "nope.txt.gz"}]}, base_dir=tmp_path)


def test_everything_stoplisted_is_an_error() -> None:
    """An instance left with no terms is a configuration error, not a silent no-op."""
    with pytest.raises(ConfigError, match="no terms"):
        build({"terms": ["fall"], "stop_terms": ["fall"]})


def test_registered_as_keywords() -> None:
    """The built-in plugin registers the type under the name packs use."""
    assert load_registry().detectors["keywords"] is KeywordsDetector


def test_shipped_vocabularies_build_one_automaton(shipped: list[KeywordsDetector]) -> None:
    """Load budget: the whole shipped vocabulary goes into one automaton, built once at load.

    Timing is not asserted here (about 0.35 s on one core for about 23,000 terms, see
    docs/detectors.md); only the build itself is checked.
    """
    main = next(d for d in shipped if d.id == "medical_terms")
    total = sum(
        len(gzip.decompress((RULES / "vocab" / f"{name}.txt.gz").read_bytes()).splitlines())
        for name in ("conditions", "drugs", "procedures", "labs")
    )
    assert main.size == total > 15_000


def test_view_collapses_space_runs_with_an_offset_map() -> None:
    """The view is single-spaced, lower case, and maps every offset back to the text."""
    text = "A  B\n\n\tC D"
    view = make_view(text)
    assert view.text == "a b c d"
    assert [view.original(i) for i in range(len(view.text))] == [0, 1, 3, 4, 7, 8, 9]


def test_length_changing_lower_case_keeps_offsets() -> None:
    """Characters whose lower case is longer ("İ") do not shift the offsets."""
    det = build({"terms": ["asthma"]})
    text = "İİİ asthma"
    ((start, end, _, _),) = det.matches(text)
    assert text[start:end] == "asthma"


_WORDS = st.sampled_from(["the", "patient", "note", "Re:", "and", "follow-up", "42", "today"])
_SPACE = st.text(alphabet=" \t\n\r\u00a0", min_size=1, max_size=4)


@given(
    before=st.lists(st.tuples(_WORDS, _SPACE), max_size=6),
    gap=_SPACE,
    after=st.lists(st.tuples(_SPACE, _WORDS), max_size=6),
)
def test_offsets_point_at_the_term_whatever_the_spacing(
    before: list[tuple[str, str]], gap: str, after: list[tuple[str, str]]
) -> None:
    """Property: with any white space around and inside it, the span is exactly the term."""
    det = _PROPERTY_DETECTOR
    head = "".join(w + s for w, s in before)
    term_text = f"Heart{gap}Failure"
    text = head + term_text + "".join(s + w for s, w in after)
    ((start, end, entry, term),) = det.matches(text)
    assert (start, end) == (len(head), len(head) + len(term_text))
    assert term == "heart failure" and entry.category == "condition"


_PROPERTY_DETECTOR = build(
    {"dictionaries": [{"category": "condition", "terms": ["heart failure"]}]}
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Crohn\u2019s   Disease ", "crohn's disease"),
        ("Beta\u2013blocker", "beta-blocker"),
        ("AIDS", "aids"),
    ],
)
def test_normalize_term(raw: str, expected: str) -> None:
    """Terms are folded the same way as the text."""
    assert normalize_term(raw) == expected


@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12)), max_size=40, unique=True))
def test_overlap_resolution_keeps_disjoint_longest_spans(spans: list[tuple[int, int]]) -> None:
    """Property: kept spans are disjoint and in order; every dropped span overlaps a kept one at
    least as long."""
    entry = _Entry("c", "0", 1, 0.5)
    hits = [(s, s + n, entry) for s, n in spans]
    kept = [(s, e) for s, e, _ in _longest_first(list(hits))]
    assert kept == sorted(kept)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(kept))
    for s, e, _ in hits:
        if (s, e) not in kept:
            assert any(ks < e and s < ke and ke - ks >= e - s for ks, ke in kept)


def test_shared_view_is_computed_once_per_text_and_folding() -> None:
    """Instances folding alike get the very same view of a part; the other folding its own."""
    text = "Patient  with\nType 2 Diabetes"
    view = shared_view(text)
    assert shared_view(text) is view and view == make_view(text)
    exact = shared_view(text, case_sensitive=True)
    assert exact is not view and exact == make_view(text, case_sensitive=True)
    other = "".join(["Patient  with\nType 2 ", "Diabetes"])  # equal text, another object
    assert shared_view(other) == view


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
