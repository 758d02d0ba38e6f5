"""The shipped vocabularies of rules/vocab/ and the script that builds them."""

from __future__ import annotations

import gzip
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
VOCAB = ROOT / "rules" / "vocab"
CURATED = ROOT / "scripts" / "vocab"
CATEGORIES = ("conditions", "drugs", "procedures", "labs")


def lines(name: str) -> list[str]:
    """The lines of a compressed vocabulary file."""
    return gzip.decompress((VOCAB / f"{name}.txt.gz").read_bytes()).decode("utf-8").splitlines()


def curated(name: str) -> set[str]:
    """The terms of a curated list (comments and blank lines skipped)."""
    text = (CURATED / name).read_text(encoding="utf-8")
    return {line.split("#", 1)[0].strip() for line in text.splitlines()} - {""}


@pytest.mark.parametrize("name", ("icd10cm_codes", *CATEGORIES))
def test_files_are_sorted_unique_and_normalized(name: str) -> None:
    """Sorted, no duplicates, no blank lines, single-spaced lower case (codes upper case)."""
    body = lines(name)
    assert body == sorted(set(body))
    for line in body:
        assert line and line == line.strip() and "  " not in line
        assert line == (line.upper() if name == "icd10cm_codes" else line.lower())


def test_icd10cm_codes_are_the_whole_code_set() -> None:
    """Every ICD-10-CM code, without the dot: categories and billable codes."""
    codes = lines("icd10cm_codes")
    assert len(codes) > 90_000
    assert all(re.fullmatch(r"[A-Z][0-9][0-9A-Z]{1,5}", c) for c in codes)
    assert {"E11", "E119", "I10", "F329", "J449", "S72001A", "Z370"} <= set(codes)
    assert "E11.9" not in codes


@pytest.mark.parametrize(
    ("category", "terms"),
    [
        (
            "conditions",
            [
                "type 2 diabetes",
                "t2dm",
                "copd",
                "hiv",
                "breast cancer",
                "depression",
                "schizophrenia",
                "acute myocardial infarction",
                "crohn's disease",
                "herpes zoster",
                "duodenal ulcers",
                "seizures",
            ],
        ),
        (
            "drugs",
            [
                "metformin",
                "lisinopril",
                "atorvastatin",
                "lipitor",
                "humira",
                "insulin",
                "aspirin",
                "oxycodone",
                "sertraline",
                "ozempic",
            ],
        ),
        (
            "procedures",
            ["colonoscopy", "colonoscopies", "mastectomy", "mri", "chemotherapy", "dialysis"],
        ),
        ("labs", ["hemoglobin a1c", "lipid panel", "hiv viral load", "tsh"]),
    ],
)
def test_expected_terms_are_present(category: str, terms: list[str]) -> None:
    """Terms people write in clinical mail are in the right list."""
    assert set(terms) <= set(lines(category))


def test_no_term_is_in_two_categories() -> None:
    """Each term has one category (conditions first, then drugs, procedures, labs)."""
    seen: dict[str, str] = {}
    for category in CATEGORIES:
        for term in lines(category):
            assert term not in seen, f"{term!r} in {seen.get(term)} and {category}"
            seen[term] = category


def test_stoplist_terms_are_absent() -> None:
    """No curated stoplist term survived into any vocabulary."""
    stop = curated("stoplist.txt")
    assert {
        "fall",
        "cold",
        "lead",
        "iron",
        "mole",
        "discharge",
        "stroke",
        "alli",
        "allegra",
    } <= stop
    for category in CATEGORIES:
        assert not stop & set(lines(category)), category


@pytest.mark.parametrize(
    "word",
    [
        "the",
        "and",
        "head",
        "pain",
        "hand",
        "light",
        "blood",
        "attention",
        "face",
        "men",
        "all",
        "simple",
        "voice",
        "foot",
        "structure",
        "labor",
        "shock",
        "burn",
        "ibm",
        "ada",
        "plan b",
        "medical care",
    ],
)
def test_everyday_words_are_absent(word: str) -> None:
    """Everyday words and business acronyms that sources list as medical are left out."""
    for category in CATEGORIES:
        assert word not in set(lines(category))


def test_short_terms_are_curated() -> None:
    """Terms under four characters come only from the curated lists."""
    allowed = set().union(*(curated(f"{c}.txt") for c in CATEGORIES), curated("keep.txt"))
    for category in CATEGORIES:
        short = {t for t in lines(category) if len(t) < 4}
        assert short <= allowed, (category, sorted(short - allowed))


def test_readme_states_the_current_counts() -> None:
    """rules/vocab/README.md gives the line count of every file it documents."""
    readme = (VOCAB / "README.md").read_text(encoding="utf-8")
    for name in ("icd10cm_codes", *CATEGORIES):
        count = len(lines(name))
        assert f"`{name}.txt.gz` | {count:,} |" in readme, name


def _build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_vocab", ROOT / "scripts" / "build_vocab.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_vocab"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("Type 2 diabetes mellitus without complications", ["type 2 diabetes mellitus"]),
        ("Zoster [herpes zoster]", ["herpes zoster", "zoster"]),
        ("Essential (primary) hypertension", ["essential hypertension"]),
        ("Acute myocardial infarction, unspecified", ["acute myocardial infarction"]),
        ("Malignant neoplasm of upper-outer quadrant of right female breast", []),
        ("Other specified disorders of bone density", []),
        ("Typhoid and paratyphoid fevers", ["paratyphoid fevers", "typhoid"]),
    ],
)
def test_icd_descriptions_reduce_to_written_forms(description: str, expected: list[str]) -> None:
    """The reduction keeps the disease name and drops boilerplate and laterality."""
    module = _build_module()
    assert sorted(module.condition_candidates(description)) == expected


def test_rebuild_reproduces_the_committed_files(tmp_path: Path) -> None:
    """The script, the curated lists and the pinned sources give byte-identical files.

    Skipped where the build-time sources (the ``vocab`` extra) are not installed.
    """
    for module in ("icd10", "drug_named_entity_recognition", "names", "wordfreq"):
        if importlib.util.find_spec(module) is None:
            pytest.skip(f"{module} not installed (pip install -e '.[vocab]')")
    _build_module().build(tmp_path)
    for name in ("icd10cm_codes", *CATEGORIES):
        assert (tmp_path / f"{name}.txt.gz").read_bytes() == (
            VOCAB / f"{name}.txt.gz"
        ).read_bytes(), name
