"""The shared regex prefilter: what it admits, and that it never skips a regex that matches."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import regex
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlpmilter.detectors import prefilter
from dlpmilter.detectors.base import BuildContext, ScanContext
from dlpmilter.detectors.pattern import BOUNDARIES, PatternDetector, PatternParams
from dlpmilter.detectors.prefilter import ASCII_CASE_TWINS, Prefilter, admissible
from dlpmilter.message import Envelope, Message, Part
from dlpmilter.plugins import load_registry
from dlpmilter.verdict import Finding

pytestmark = pytest.mark.skipif(
    not Prefilter().available, reason="the hyperscan package is not installed"
)

RULES = Path(__file__).resolve().parents[2] / "rules"
PACK = RULES / "identifiers.yaml"
#: Every pattern detector of the shipped packs.
ENTRIES: list[dict[str, Any]] = [
    entry
    for path in sorted(RULES.glob("*.yaml"))
    for entry in yaml.safe_load(path.read_text(encoding="utf-8")).get("detectors") or []
    if entry.get("type") == "pattern"
]
#: (detector id, pattern spec, boundary) of every regex of the shipped packs.
SPECS = [
    (e["id"], p, e["params"].get("boundary", "word"))
    for e in ENTRIES
    for p in e["params"]["patterns"]
]
#: The identifier regexes the prefilter must keep in its fast path (written with ASCII sets,
#: groups and counted repeats); others may be added to the pack with any syntax.
FAST_PATH = [
    "ssn_dashed",
    "ssn_spaced",
    "ssn_bare",
    "ssn_digit_by_digit",
    "card_4x4",
    "card_amex",
    "card_diners",
    "card_plain",
    "card_wrapped",
    "card_digit_by_digit",
    "npi",
    "dea",
    "mbi",
    "aba",
    "bank_account",
    "iban",
    "passport_digits",
    "passport_next_gen",
    "dl_alnum",
    "dl_digits",
    "dl_grouped_fl",
    "dl_grouped",
    "dl_mixed",
    "dl_wa",
    "dl_spaced",
    "med_license",
    "med_license_digits",
    "mrn",
    "mrn_prefixed",
    "mrn_grouped",
    "mrn_digit_by_digit",
    "mrn_dashed",
    "plan_id",
    "plan_grouped",
    "icd10_dotted",
    "icd10_bare",
    "ndc_442",
    "ndc_532",
    "ndc_541",
    "ndc_11",
    "dob_numeric",
    "dob_iso",
    "dob_month_day",
    "dob_day_month",
    "phone_nanp",
    "phone_paren",
    "phone_nanp_1",
    "phone_intl",
    "phone_bare",
    "email",
    "ipv4",
    "ipv6",
    "url",
]


@pytest.mark.parametrize("pattern_id", FAST_PATH)
def test_shipped_identifier_regexes_are_admitted(pattern_id: str) -> None:
    """The catalogue's identifier regexes go through the prefilter."""
    regexes = [
        (spec["regex"], spec.get("ignore_case", False))
        for _, spec, _ in SPECS
        if spec["id"] == pattern_id
    ]
    assert regexes and all(admissible(r, ignore_case=i) for r, i in regexes)


def test_case_twins_are_every_non_ascii_letter_regex_folds_to_ascii() -> None:
    """The characters that make case-insensitive regexes always run are exactly those."""
    letters = regex.compile("[A-Za-z]", regex.IGNORECASE)
    others = "".join(chr(c) for c in range(0x80, 0x30000) if not 0xD800 <= c < 0xE000)
    assert "".join(m.group() for m in letters.finditer(others)) == ASCII_CASE_TWINS


def test_answer_is_cached_per_text_and_renewed_on_registration() -> None:
    """Same text object: same answer; a new registration: asked again; keys are kept."""
    pf = Prefilter()
    (key,) = pf.register([("[0-9]{3}-[0-9]{4}", False)])
    assert key is not None
    text = "call 555-1234 now"
    first = pf.candidates(text)
    assert first == frozenset({key}) and pf.candidates(text) is first
    other, again = pf.register([("now", False), ("[0-9]{3}-[0-9]{4}", False)])
    assert other is not None and again == key
    assert pf.candidates(text) == frozenset({key, other})
    assert pf.candidates("no digits here") == frozenset()


def test_what_it_cannot_vouch_for_always_runs() -> None:
    """Unadmitted regexes get no key; no registrations, or lone surrogates: None."""
    pf = Prefilter()
    assert pf.candidates("anything") is None
    assert pf.register([(r"\d+", False), ("[0-9]+", False)])[0] is None
    assert pf.candidates("12 \udcff") is None


def test_a_regex_hyperscan_rejects_always_runs_and_the_others_keep_their_keys() -> None:
    """A repeat too large for Hyperscan leaves only that regex out of the detector's group."""
    pf = Prefilter()
    first, huge, last = pf.register(
        [("[0-9]{3}y", False), ("[0-9]{70000}x", False), ("z[0-9]", False)]
    )
    assert admissible("[0-9]{70000}x") and huge is None
    assert first is not None and last is not None
    assert pf.candidates("123y z1") == frozenset({first, last})


def test_case_twins_let_caseless_regexes_through() -> None:
    """A Kelvin sign is a k for a case-insensitive regex: the prefilter lets it run."""
    pf = Prefilter()
    caseless, exact = pf.register([("mrn[0-9]{2}k", True), ("zz[0-9]", False)])
    text = "mrn12\u212a"
    assert regex.search("mrn[0-9]{2}k", text, regex.IGNORECASE)
    assert pf.candidates(text) == frozenset({caseless}) and exact is not None


def test_without_hyperscan_everything_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """No package: nothing is admitted."""
    monkeypatch.setattr(prefilter, "hyperscan", None)
    pf = Prefilter()
    assert not pf.available and pf.register([("[0-9]+", False)]) == (None,)


#: Characters identifiers are made of and hidden among, with the case twins and other letters.
ALPHABET = (
    "0123456789" * 4
    + "ABCDEMRNXZabcdemrnxz -./\t\n\r()+@:#|"
    + "LgImolTCfr<>µ’'"
    + ASCII_CASE_TWINS
    + "é\u00a0Ж٣"
)
COMPILED = [
    (
        spec["id"],
        regex.compile(
            BOUNDARIES[boundary][0] + f"(?:{spec['regex']})" + BOUNDARIES[boundary][1],
            regex.IGNORECASE if spec.get("ignore_case") else 0,
        ),
        prefilter.SHARED.register([(spec["regex"], bool(spec.get("ignore_case")))])[0],
    )
    for _, spec, boundary in SPECS
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(alphabet=ALPHABET, max_size=120), cut=st.integers(0, 120), data=st.data())
def test_a_skipped_regex_matches_nowhere(text: str, cut: int, data: st.DataObject) -> None:
    """When the prefilter leaves a regex out, it matches neither the text nor any stretch of
    it (the detectors scan stretches near hotwords)."""
    low = data.draw(st.integers(0, max(0, min(cut, len(text)))))
    candidates = prefilter.SHARED.candidates(text)
    assert candidates is not None
    for name, compiled, key in COMPILED:
        if key is None or key in candidates:
            continue
        assert compiled.search(text) is None, name
        assert compiled.search(text, low, cut) is None, name


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_generated_identifier_is_a_candidate(data: st.DataObject) -> None:
    """A string of a regex's own language, among noise, is always let through."""
    name, _, key = data.draw(st.sampled_from(GENERATABLE))
    value = data.draw(st.from_regex(_spec(name), fullmatch=True))
    text = data.draw(st.text(alphabet=ALPHABET, max_size=40)) + " " + value + " "
    candidates = prefilter.SHARED.candidates(text)
    assert candidates is not None and key in candidates


def _spec(pattern_id: str) -> str:
    return next(s["regex"] for _, s, _ in SPECS if s["id"] == pattern_id)


def _generatable(pattern: str) -> bool:
    """Hypothesis generates from the standard library's syntax only."""
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


GENERATABLE = [c for c in COMPILED if c[2] is not None and _generatable(_spec(c[0]))]


DETECTORS = [
    PatternDetector(
        id=e["id"],
        params=PatternParams.model_validate(e["params"]),
        context=BuildContext(
            base_dir=PACK.parent, salt=b"t", settings={"rules_dir": str(PACK.parent)},
            validators=load_registry().validators,
        ),
    )
    for e in ENTRIES
]  # fmt: skip
FRAGMENTS = [
    "SSN", "ssn:", "MRN", "DOB", "card", "acct", "routing", "NPI", "DEA", "Medicare", "passport",
    "123-45-6789", "4111 1111 1111 1111", "5555555555554444", "1234567893", "AB1234563",
    "1EG4-TE5-MK73", "GB82 WEST 1234 5698 7654 32", "E11.9", "0777-3105-02", "03/14/1962",
    "(212) 555-0147", "a.b@example.org", "10.0.0.1", " | ", "\n", " ", "-", "7", "42",
    "TC from Maria Gonzalez", "Ana Ruiz msg: ", "Potassium 6.0 mmol/L", "1.4 µmol/L",
    "www.example.org/a", "Lopez, Ana (03/14/1962)",
]  # fmt: skip


def _findings(text: str) -> list[Finding]:
    part = Part(location="body", content_type="text/plain", text=text)
    ctx = ScanContext(message=Message(envelope=Envelope(), parts=(part,)))
    return [f for d in DETECTORS for f in d.detect(part, ctx)]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(st.sampled_from(FRAGMENTS) | st.text(ALPHABET, max_size=6), max_size=25))
def test_detectors_find_the_same_with_and_without_it(pieces: list[str]) -> None:
    """The catalogue's findings are identical when every regex runs."""
    text = "".join(pieces)
    gated = _findings(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prefilter.SHARED, "candidates", lambda text: None)
        assert _findings(text) == gated


@given(st.text(st.sampled_from("0123456789-abc XYZ:/"), max_size=60))
def test_consolidated_database_gives_the_same_candidates(text: str) -> None:
    separate = Prefilter()
    merged = Prefilter()
    groups = ([("[0-9]{3}-[0-9]{2}-[0-9]{4}", False), ("abc", True)], [("xyz:[0-9]+", True)],
              [("[0-9]{9}", False), ("/[a-c]{2}/", False)])  # fmt: skip
    keys = [merged.register(g) for g in groups]
    assert keys == [separate.register(g) for g in groups]
    merged.consolidate()
    assert len(merged._databases) == 1 < len(separate._databases)
    assert merged.candidates(text) == separate.candidates(text)
