"""The ``names`` detector: titles, greetings and labels, and the name-frequency gazetteer."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.detectors.gazetteer import (
    _CUE_START_LOWER,
    AMBIGUOUS,
    NameGazetteer,
    NamesDetector,
    NamesParams,
    cue_starts,
    load_gazetteer,
)
from dlpmilter.errors import ConfigError
from dlpmilter.plugins import load_registry
from dlpmilter.testing import build_detector, run_detector

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "rules"
VOCAB = RULES / "vocab"


@pytest.fixture(scope="module")
def names() -> NamesDetector:
    """The detector as rules/ner.yaml declares it."""
    detector = build_detector(NamesDetector, id="person_names", base_dir=RULES)
    assert isinstance(detector, NamesDetector)
    return detector


def spans(detector: NamesDetector, text: str) -> list[tuple[str, str, float]]:
    """(matched text, pattern, score) of every finding."""
    return [(text[f.start : f.end], f.pattern, f.score) for f in run_detector(detector, text)]


# fmt: off
CUED = [
    # text, expected name, cue, score
    ("Dear Mr. Gonzalez, thank you.", "Gonzalez", "cue:title", 0.85),
    ("Dear Dr. Xyzzy,", "Xyzzy", "cue:title", 0.6),
    ("Dear Maria,", "Maria", "cue:dear", 0.85),
    ("Seen today by Dr. Okafor in clinic.", "Okafor", "cue:title", 0.85),
    ("Mrs. Nguyen called back.", "Nguyen", "cue:title", 0.85),
    ("Patient: GONZALEZ, MARIA\nDOB: 01/02/1960", "GONZALEZ, MARIA", "cue:strong", 0.85),
    ("Patient Name: Maria Gonzalez\n", "Maria Gonzalez", "cue:strong", 0.85),
    ("Name: Xyzzy Qwertz\n", "Xyzzy Qwertz", "cue:strong", 0.6),
    ("Dr. Xyzzy will call.", "Xyzzy", "cue:title", 0.6),
    ("pt Jane Doe seen for follow-up", "Jane Doe", "cue:weak", 0.85),
    ("Re: John Smith", "John Smith", "cue:weak", 0.85),
    ("Next of kin: Robert O'Brien", "Robert O'Brien", "cue:weak", 0.85),
    ("Dear John Patient,", "John", "cue:dear", 0.85),
    ("Dr. Anne-Marie McDonald saw her.", "Anne-Marie McDonald", "cue:title", 0.85),
    # a table row as it renders: the label in its own cell, the name in the next ones
    ("Patient\tMaria\tGonzalez\tBreast cancer", "Maria\tGonzalez", "cue:cell", 0.85),
    ("Name \t Maria Gonzalez\n", "Maria Gonzalez", "cue:cell", 0.85),
]
NOT_CUED = [
    "Re: Follow Up Appointment",      # a weak label needs a known name
    "PT Monday at 10",                # physical therapy, and Monday is not a name
    "Will you call Mark tomorrow?",   # names that are everyday words, no cue
    "May we move it? Hope you are well. Grant access to Bill.",
    "the patient was seen",           # lower case after a label word
    "Johnson & Johnson recalled the product.",
    "Parkinson's disease and Crohn's disease",
    "Walk down Martin Luther King Jr. Blvd to the clinic.",
    "Dear Colleague,",
    "Patient\tDiagnosis\tMedication\tStatus",  # a header row: a cell cue needs a known name
    "Name\tDate\tAmount",
]
PAIRS = [
    ("Maria Gonzalez's biopsy came back positive.", "Maria Gonzalez"),
    ("We saw Robert J. Peterson today.", "Robert J. Peterson"),
    ("cc Linda Okafor", "Linda Okafor"),
]
# fmt: on


@pytest.mark.parametrize(("text", "name", "cue", "score"), CUED)
def test_cued_names(names: NamesDetector, text: str, name: str, cue: str, score: float) -> None:
    """A title, greeting or label followed by a name gives that name, scored by support."""
    assert (name, cue, score) in spans(names, text)


@pytest.mark.parametrize("text", NOT_CUED)
def test_not_names(names: NamesDetector, text: str) -> None:
    """Everyday words, companies, diseases and streets named after people are not persons."""
    found = spans(names, text)
    assert all(score < 0.5 for _, _, score in found), found
    assert not any(pattern.startswith("cue:") for _, pattern, _ in found), found


@pytest.mark.parametrize("text", NOT_CUED[2:4])
def test_ambiguous_words_never_pair(names: NamesDetector, text: str) -> None:
    """Will, May, Hope, Grant, Bill, Mark make no pair with no cue."""
    assert spans(names, text) == []


@pytest.mark.parametrize(("text", "name"), PAIRS)
def test_gazetteer_pairs_score_low(names: NamesDetector, text: str, name: str) -> None:
    """A known first name then a known surname, with no cue, is a low-score person."""
    assert (name, "gazetteer:pair", 0.35) in spans(names, text)


def test_pair_inside_a_cue_is_reported_once(names: NamesDetector) -> None:
    """The cued finding wins over the uncued pair on the same words."""
    found = spans(names, "Patient Name: Maria Gonzalez")
    assert found == [("Maria Gonzalez", "cue:strong", 0.85)]


def test_pairs_can_be_turned_off() -> None:
    """pair_score 0 disables uncued pairs."""
    detector = build_detector(NamesDetector, params={"pair_score": 0}, base_dir=RULES)
    assert run_detector(detector, "Maria Gonzalez's biopsy") == []


def test_findings_hold_no_name(names: NamesDetector) -> None:
    """Preview is masked, the digest is salted and evidence names only lists and cues."""
    (finding,) = run_detector(names, "Dear Mrs. Gonzalez,")
    assert finding.entity == "PERSON"
    assert "Gonzalez" not in finding.preview and finding.preview == "********"
    assert finding.digest and "gonzalez" not in finding.digest
    assert finding.evidence == ("cue:title", "gazetteer:last")


def test_scan_finds_whole_capitalized_words_only() -> None:
    """The automaton matches whole words, capitalized, and reports which list holds them."""
    gaz = load_gazetteer(
        (VOCAB / "names_first.txt.gz").resolve(), (VOCAB / "names_last.txt.gz").resolve()
    )
    text = "Annabelle met Johnson, not johnson, and Mjohnson."
    hits = [(text[h.start : h.end], h.first, h.last) for h in gaz.scan(text)]
    assert ("Annabelle", True, False) in hits
    assert ("Johnson", False, True) in [(w, False, last) for w, _, last in hits if w == "Johnson"]
    assert all(w not in {"johnson", "Mjohnson"} for w, _, _ in hits)


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_scan_offsets_are_words_of_the_text(text: str) -> None:
    """Every hit is a capitalized run of letters of the original text, at the right offsets."""
    gaz = load_gazetteer(
        (VOCAB / "names_first.txt.gz").resolve(), (VOCAB / "names_last.txt.gz").resolve()
    )
    for hit in gaz.scan(text):
        word = text[hit.start : hit.end]
        assert word[:1].isupper()
        assert word.casefold() in gaz.first | gaz.last or word.lower() in gaz.first | gaz.last


def test_ambiguous_list_holds_the_classic_cases() -> None:
    """The common-word names the brief names are all in the list."""
    assert {"will", "may", "rose", "mark", "bill", "grant", "hope"} <= AMBIGUOUS


def test_gazetteer_files_are_sorted_census_lists() -> None:
    """The shipped lists hold the Census names, lower-cased, one per line, with a frequency."""
    with gzip.open(VOCAB / "names_last.txt.gz", "rt", encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    keys = [line.split("\t")[0] for line in lines]
    assert keys == sorted(keys) and len(keys) > 88_000
    assert "smith\t1.006" in lines


def test_missing_list_is_a_config_error(tmp_path: Path) -> None:
    """A missing name list stops start-up with the file named."""
    with pytest.raises(ConfigError, match="names_first"):
        NameGazetteer(tmp_path / "names_first.txt.gz", tmp_path / "names_last.txt.gz")


def test_registered_and_declared_in_the_ner_pack() -> None:
    """``names`` is a registered type and rules/ner.yaml's params validate."""
    assert load_registry().detectors["names"] is NamesDetector
    pack = yaml.safe_load((RULES / "ner.yaml").read_text(encoding="utf-8"))
    (entry,) = [d for d in pack["detectors"] if d["type"] == "names"]
    NamesParams.model_validate(entry["params"])


def test_linear_in_text_size(names: NamesDetector) -> None:
    """Findings grow with the text, one per repeated name: no quadratic overlap check."""
    text = "Dear Mrs. Gonzalez, Maria Gonzalez called. " * 400
    found = run_detector(names, text)
    assert len(found) == 800


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet=st.characters(max_codepoint=127), max_size=200)
    | st.sampled_from(
        [
            "Dear Dr. Ann Lee",
            "PATIENT NAME: Mx Ray",
            "pt: ruiz\nRe: Maria Lopez",
            "NEXT of kin_x Son1",
        ]
    )
)
def test_ascii_fast_paths_agree_with_the_general_ones(text: str) -> None:
    """On ASCII text the lower-cased cue pass and the letter table give the general results."""
    from dlpmilter.detectors import gazetteer as g

    slow = [m.span() for m in g._CUE_START.finditer(text)]
    assert [m.span() for m in g._CUE_START_LOWER.finditer(text.lower())] == slow
    expected = g._NON_LETTER.sub(" ", g._lower_same_length(text))
    assert text.lower().translate(g._ASCII_NON_LETTER) == expected


_CUE_PIECES = st.sampled_from(
    ["dear", "mr", "mrs", "ms", "dr", "pt", "re", "name", "patient", "son", "are", "more", "x", "_",
     "1", " ", "\n", ".", "-", ":", "mrs.", "drs", "prefix", "name_", "9pt"]
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(_CUE_PIECES, max_size=40).map("".join))
def test_cue_starts_are_those_of_the_pattern(text: str) -> None:
    assert cue_starts(text) == [m.start() for m in _CUE_START_LOWER.finditer(text)]
