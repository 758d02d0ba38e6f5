"""End-to-end evasion suite: every technique of the catalogue applied to every base message it
fits, through the whole pipeline (:class:`dlpmilter.inspector.Inspector`: parse, extract,
normalize, detect, classify), must not be delivered and must name the hidden entity; the same
carriers with nothing sensitive in them must be delivered.

A case the pipeline cannot catch yet is listed in :data:`KNOWN_GAPS` with the precise reason; it
is a strict xfail, so the day it is fixed the suite says so. :func:`test_caught_share` keeps the
overall bar (>= 95 % of cases caught) and names every miss.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import containers  # noqa: E402  registers the attachment techniques
import disguises  # noqa: E402  registers look-alike letters, CSS text, flowed text, quoted replies
import documents  # noqa: E402  registers RTF, ODT, 7z, compressed PDF, comments, very hidden sheets
import hideouts  # noqa: E402  registers preamble, epilogue, link targets, attributes, SVG, encodings
import techniques  # noqa: E402  registers the text-level techniques
from repertoire import TECHNIQUES, Technique  # noqa: E402
from specimens import (  # noqa: E402
    CARD_AMEX,
    CARD_MC,
    CLEAN,
    CLEAN_NUMBERS,
    SPECIMENS,
    SSN,
    Specimen,
    luhn_valid,
)

from dlpmilter.inspector import Inspector  # noqa: E402
from dlpmilter.verdict import Action  # noqa: E402

#: The modules whose import fills :data:`TECHNIQUES`.
REGISTERING_MODULES = (techniques, containers, disguises, documents, hideouts)

#: The share of (technique, base message) cases that must be caught.
TARGET = 0.95

#: ``technique.specimen`` -> why the pipeline misses it today (strict xfail). Each entry names
#: the file and function at fault and what it should do; docs/evasion.md keeps the history.
KNOWN_GAPS: dict[str, str] = {}


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What the pipeline made of one message (no message text)."""

    action: Action
    labels: tuple[str, ...]
    entities: frozenset[str]
    facts: tuple[str, ...]

    def caught(self, specimen: Specimen) -> bool:
        """Not delivered, labelled as expected, and every expected entity found."""
        return (
            self.action != Action.DELIVER
            and specimen.label in self.labels
            and set(specimen.entities) <= self.entities
        )


def case_id(technique: Technique, specimen: Specimen) -> str:
    """Stable id of a case: ``technique.specimen``."""
    return f"{technique.name}.{specimen.name}"


CASES = [(t, s) for t in TECHNIQUES for s in SPECIMENS if t.applies(s)]
CONTROLS = [(t, c) for c in (CLEAN, CLEAN_NUMBERS) for t in TECHNIQUES if t.applies(c)]


def _params() -> list[object]:
    params: list[object] = []
    for technique, specimen in CASES:
        key = case_id(technique, specimen)
        marks = (
            [pytest.mark.xfail(strict=True, reason=KNOWN_GAPS[key])] if key in KNOWN_GAPS else []
        )
        params.append(pytest.param(technique, specimen, id=key, marks=marks))
    return params


@pytest.fixture(scope="module")
def outcomes(inspector: Inspector) -> dict[str, Outcome]:
    """Every case and every control inspected once, keyed by case id."""
    results: dict[str, Outcome] = {}
    for technique, specimen in [*CASES, *CONTROLS]:
        verdict = inspector.inspect(technique.build(specimen)).verdict
        results[case_id(technique, specimen)] = Outcome(
            action=verdict.action,
            labels=verdict.labels,
            entities=frozenset(f.entity for f in verdict.findings),
            facts=verdict.facts,
        )
    return results


@pytest.mark.parametrize(("technique", "specimen"), _params())
def test_hidden_data_is_caught(
    technique: Technique, specimen: Specimen, outcomes: dict[str, Outcome]
) -> None:
    """The message is not delivered and the hidden entity is among the findings."""
    outcome = outcomes[case_id(technique, specimen)]
    assert outcome.action != Action.DELIVER, f"delivered; facts {outcome.facts}"
    missing = set(specimen.entities) - outcome.entities
    assert not missing, f"{outcome.action.name} without {sorted(missing)}; labels {outcome.labels}"
    assert specimen.label in outcome.labels, f"labels {outcome.labels}, facts {outcome.facts}"


@pytest.mark.parametrize(
    ("technique", "specimen"), CONTROLS, ids=[case_id(t, c) for t, c in CONTROLS]
)
def test_clean_carrier_is_delivered(
    technique: Technique, specimen: Specimen, outcomes: dict[str, Outcome]
) -> None:
    """The same carrier with nothing sensitive in it raises no alarm."""
    outcome = outcomes[case_id(technique, specimen)]
    assert outcome.action == Action.DELIVER, (
        f"{outcome.action.name}: labels {outcome.labels}, entities {sorted(outcome.entities)}, "
        f"facts {outcome.facts}"
    )


_ALLOWED_MISSES = int(len(CASES) * (1 - TARGET))


@pytest.mark.xfail(
    len(KNOWN_GAPS) > _ALLOWED_MISSES,
    strict=True,
    reason=f"{len(KNOWN_GAPS)} known gaps (see KNOWN_GAPS) exceed the {_ALLOWED_MISSES} misses"
    f" the target allows over {len(CASES)} cases",
)
def test_caught_share(outcomes: dict[str, Outcome]) -> None:
    """At least :data:`TARGET` of all cases are caught; the message lists every miss."""
    misses = [case_id(t, s) for t, s in CASES if not outcomes[case_id(t, s)].caught(s)]
    share = 1 - len(misses) / len(CASES)
    by_technique = Counter(key.rsplit(".", 1)[0] for key in misses)
    report = ", ".join(f"{name} x{count}" for name, count in sorted(by_technique.items()))
    assert share >= TARGET, f"caught {share:.1%} of {len(CASES)}; misses: {report}"


def test_known_gaps_name_real_cases() -> None:
    """Every recorded gap is a case the suite runs (a typo would silently drop the xfail)."""
    keys = {case_id(t, s) for t, s in CASES}
    assert set(KNOWN_GAPS) <= keys, sorted(set(KNOWN_GAPS) - keys)


# --- The generator itself -------------------------------------------------------------------


def test_specimens_hold_valid_identifiers() -> None:
    """Hiding an invalid number would prove nothing: check ranges, issuers and checksums."""
    area, group, serial = int(SSN[:3]), int(SSN[3:5]), int(SSN[5:])
    assert area not in {0, 666} and area < 900 and group and serial
    assert luhn_valid(CARD_MC) and 2221 <= int(CARD_MC[:4]) <= 2720 and len(CARD_MC) == 16
    assert luhn_valid(CARD_AMEX) and CARD_AMEX[:2] in {"34", "37"} and len(CARD_AMEX) == 15
    assert not luhn_valid(CARD_MC[:-1] + str((int(CARD_MC[-1]) + 1) % 10))


#: Techniques that really hide the written value from a naive byte scan of the raw message.
_OBFUSCATING = {"characters", "separators", "words", "encodings"}


@pytest.mark.parametrize(
    ("technique", "specimen"),
    [
        pytest.param(t, s, id=case_id(t, s))
        for t, s in CASES
        if t.family in _OBFUSCATING and t.name != "unknown_charset"
    ],
)
def test_technique_defeats_a_naive_scan(technique: Technique, specimen: Specimen) -> None:
    """The value, as ordinarily written, is nowhere in the raw bytes: the technique is real."""
    raw = technique.build(specimen)
    assert specimen.value.encode("utf-8") not in raw
    assert specimen.value.encode("utf-16-le") not in raw


def test_every_family_is_covered() -> None:
    """The catalogue covers every family of evasion the suite promises, for every specimen."""
    families = Counter(t.family for t in TECHNIQUES)
    assert set(families) == {
        "control",
        "characters",
        "letters",
        "separators",
        "words",
        "html",
        "headers",
        "encodings",
        "attachments",
    }
    for specimen in SPECIMENS:
        assert sum(1 for t in TECHNIQUES if t.applies(specimen)) >= 30, specimen.name


def test_every_technique_is_documented() -> None:
    """docs/evasion.md has a table row for every technique of the catalogue."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "evasion.md").read_text("utf-8")
    missing = [t.name for t in TECHNIQUES if f"| `{t.name}` |" not in doc]
    assert not missing, missing
