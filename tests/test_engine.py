"""The engine: detection stages, the classification language, whose data, and the decision."""

from __future__ import annotations

import itertools
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.detectors.base import Detector, DetectorParams, ScanContext
from dlpmilter.engine import classify
from dlpmilter.errors import DetectionError
from dlpmilter.hookspecs import hookimpl
from dlpmilter.message import Fact, Message, Part
from dlpmilter.plugins import Registry, load_registry, make_plugin_manager
from dlpmilter.policy import Policy
from dlpmilter.redaction import digest, preview
from dlpmilter.rules import load_packs
from dlpmilter.testing import make_message
from dlpmilter.verdict import Action, Finding

SALT = b"engine-test-salt"


class LiteralParams(DetectorParams):
    entity: str
    terms: tuple[str, ...]
    score: float = 0.6


class LiteralDetector(Detector):
    """Finds fixed strings: a stand-in for the real detectors."""

    Params = LiteralParams

    def detect(self, part: Part, context: ScanContext) -> Iterable[Finding]:
        params = self.params
        assert isinstance(params, LiteralParams)
        for term in params.terms:
            start = part.text.find(term)
            while start >= 0:
                yield Finding(
                    entity=params.entity, location=part.location, start=start, end=start + len(term),
                    score=params.score, detector=self.id, pattern=f"lit:{len(term)}",
                    preview=preview(term), digest=digest(term, self.context.salt),
                )  # fmt: skip
                start = part.text.find(term, start + 1)


class FailingDetector(Detector):
    """Always fails, as a detector that hits its regex timeout does."""

    def detect(self, part: Part, context: ScanContext) -> Iterable[Finding]:
        raise DetectionError(f"{self.id}: timed out")


class GatedDetector(LiteralDetector):
    """A stage-1 detector that runs only when stage 0 found a MEDICAL_TERM."""

    stage = 1
    seen_prior: list[int] = []  # noqa: RUF012 - a test probe

    def wanted(self, message: Message, prior: Sequence[Finding]) -> bool:
        GatedDetector.seen_prior.append(len(prior))
        return any(f.entity == "MEDICAL_TERM" for f in prior)


class FailingGatedDetector(FailingDetector):
    """A stage-1 detector that overruns, as NER past its time budget does."""

    stage = 1


class FakePlugin:
    @hookimpl
    def dlp_register_detectors(self) -> dict[str, type[Detector]]:
        return {
            "literal": LiteralDetector, "failing": FailingDetector, "gated": GatedDetector,
            "failing_gated": FailingGatedDetector,
        }  # fmt: skip


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(make_plugin_manager(load_entrypoints=False, extra=(FakePlugin(),)))


DETECTORS = """
pack: fake
detectors:
  - {id: ssn, type: literal, params: {entity: US_SSN, terms: ["123-45-6789", "222-33-4444"], score: 0.9}}
  - {id: mrn, type: literal, params: {entity: MEDICAL_RECORD_NUMBER, terms: ["MRN0001"], score: 0.85}}
  - {id: dob, type: literal, params: {entity: DATE_OF_BIRTH, terms: ["DOB 1/2/1960"], score: 0.9}}
  - {id: med, type: literal, params: {entity: MEDICAL_TERM, terms: [diabetes, oncology], score: 0.7}}
  - {id: person, type: literal, params: {entity: PERSON, terms: [Maria Gonzalez, Alan Reyes, Anna], score: 0.6}}
  - {id: weakperson, type: literal, params: {entity: PERSON, terms: [Jo Bloggs], score: 0.3}}
  - {id: phone, type: literal, params: {entity: PHONE_NUMBER, terms: ["555-201-4400"], score: 0.5}}
  - {id: card, type: literal, params: {entity: CREDIT_CARD, terms: ["4556737586899855"], score: 0.95}}
"""


def build(
    tmp_path: Path,
    registry: Registry,
    rules: str,
    *,
    detectors: str = DETECTORS,
    **settings: object,
) -> Policy:
    (tmp_path / "a-detectors.yaml").write_text(detectors)
    (tmp_path / "b-rules.yaml").write_text(textwrap.dedent(rules))
    paths = [tmp_path / "a-detectors.yaml", tmp_path / "b-rules.yaml"]
    return load_packs(paths, registry, {"message_time_budget_s": 20.0, **settings}, salt=SALT)


def labels_of(policy: Policy, body: str, **kwargs: object) -> tuple[str, ...]:
    return classify(make_message(body, **kwargs), policy).labels  # type: ignore[arg-type]


ONE = """
pack: one
classifications:
  - id: c
    label: HIT
    condition: {cond}
"""

# fmt: off
CONDITIONS = [
    ("{entity: US_SSN}", "SSN 123-45-6789", True),
    ("{entity: US_SSN}", "nothing here", False),
    ("{entity: US_SSN, min_count: 2}", "123-45-6789 and 123-45-6789", True),
    ("{entity: US_SSN, min_count: 2, distinct: true}", "123-45-6789 and 123-45-6789", False),
    ("{entity: US_SSN, min_count: 2, distinct: true}", "123-45-6789 and 222-33-4444", True),
    ("{entity: PHONE_NUMBER, min_confidence: medium}", "555-201-4400", True),
    ("{entity: PERSON, min_confidence: medium}", "Jo Bloggs", False),
    ("{entity: PERSON, min_confidence: high}", "Maria Gonzalez", False),
    ("{any: [US_SSN, MEDICAL_TERM]}", "diabetes", True),
    ("{all: [US_SSN, MEDICAL_TERM]}", "diabetes", False),
    ("{all: [US_SSN, MEDICAL_TERM]}", "123-45-6789 with diabetes", True),
    ("{not: {entity: US_SSN}}", "diabetes", True),
    ("{not: {entity: US_SSN}}", "123-45-6789", False),
    ("{fact: corrupt}", "123-45-6789", False),
    ("{entity: US_SSN, location: subject}", "123-45-6789", False),
    ("{entity: US_SSN, location: body}", "123-45-6789", True),
    ("{near: {of: {entity: PERSON}, to: {entity: MEDICAL_TERM}, window: 20}}", "Maria Gonzalez has diabetes", True),
    ("{near: {of: {entity: PERSON}, to: {entity: MEDICAL_TERM}, window: 20}}", "Maria Gonzalez" + " x" * 30 + " diabetes", False),
    ("{near: {of: {entity: PERSON}, to: {entity: MEDICAL_TERM}, window: 20}}", "diabetes, said Maria Gonzalez", True),
    ("{near: {of: {entity: PERSON, min_count: 2}, to: {entity: MEDICAL_TERM}}}", "Maria Gonzalez has diabetes", False),
    ("{near: {of: {entity: PERSON}, to: {entity: MEDICAL_TERM, min_count: 2}}}", "Maria Gonzalez has diabetes", False),
    ("{near: {of: {entity: PERSON}, to: {entity: MEDICAL_TERM, min_count: 2}}}", "diabetes: Maria Gonzalez, oncology", True),
    ("{near: {of: {entity: PERSON}, to: {entity: MEDICAL_TERM, min_count: 2, distinct: true}}}",
     "diabetes: Maria Gonzalez, diabetes", False),
    ("{near: {of: {entity: PERSON}, to: {entity: MEDICAL_TERM, min_count: 2}}}", "diabetes: Maria Gonzalez, diabetes", True),
    ("{near: {of: {entity: PERSON, zone_exclude: [provider]}, to: {entity: MEDICAL_TERM}}}", "Dr. Alan Reyes on diabetes", False),
]
# fmt: on


@pytest.mark.parametrize(("cond", "body", "hit"), CONDITIONS)
def test_condition_language(
    tmp_path: Path, registry: Registry, cond: str, body: str, hit: bool
) -> None:
    """Each operator and modifier of the classification language."""
    policy = build(tmp_path, registry, ONE.format(cond=cond))
    assert labels_of(policy, body) == (("HIT",) if hit else ())


def test_location_subject_and_attachment(tmp_path: Path, registry: Registry) -> None:
    policy = build(
        tmp_path, registry, ONE.format(cond="{entity: US_SSN, location: [subject, attachment]}")
    )
    assert labels_of(policy, "", subject="re 123-45-6789") == ("HIT",)
    assert labels_of(policy, "", attachments={"a.csv": "123-45-6789"}) == ("HIT",)
    assert labels_of(policy, "123-45-6789") == ()


def test_facts_from_the_message(tmp_path: Path, registry: Registry) -> None:
    policy = build(tmp_path, registry, ONE.format(cond="{fact: [corrupt, encrypted_attachment]}"))
    message = make_message("hello")
    damaged = Message(
        envelope=message.envelope,
        parts=message.parts,
        facts=(Fact(kind="encrypted_attachment", location="attachment:x.zip"),),
    )
    verdict = classify(damaged, policy)
    assert verdict.labels == ("HIT",)
    assert verdict.facts == ("encrypted_attachment@attachment:x.zip",)


def test_evidence_raises_confidence(tmp_path: Path, registry: Registry) -> None:
    """A weak name becomes high with a date of birth beside it, not with one far away."""
    rules = """
    pack: ev
    classifications:
      - id: c
        label: HIT
        window: 30
        evidence: [{entity: DATE_OF_BIRTH, boost: 0.5}]
        condition: {entity: PERSON, min_confidence: high}
    """
    policy = build(tmp_path, registry, rules)
    assert labels_of(policy, "Jo Bloggs DOB 1/2/1960") == ("HIT",)
    assert labels_of(policy, "Jo Bloggs" + " ." * 40 + "DOB 1/2/1960") == ()
    verdict = classify(make_message("Jo Bloggs DOB 1/2/1960"), policy)
    assert "near:DATE_OF_BIRTH" in verdict.explanation


PHI_RULES = """
pack: phi
classifications:
  - id: person-near-health
    label: PHI
    condition:
      near:
        of: {entity: PERSON, min_confidence: medium, zone_exclude: [signature, greeting, reply_header]}
        to: {entity: MEDICAL_TERM, zone_exclude: [signature, disclaimer]}
policies:
  - {id: phi-encrypt, labels: [PHI], action: encrypt}
"""


def test_signature_and_greeting_are_not_patients(tmp_path: Path, registry: Registry) -> None:
    policy = build(tmp_path, registry, PHI_RULES)
    body = "Hi Anna,\n\nThe tumor board moved to Thursday.\n\nBest regards,\nAlan Reyes\noncology department\n"
    assert labels_of(policy, body) == ()
    assert labels_of(policy, "Hi Bob,\n\nAnna was diagnosed with diabetes.\n") == ("PHI",)


def test_sender_name_is_never_a_patient(tmp_path: Path, registry: Registry) -> None:
    policy = build(tmp_path, registry, PHI_RULES)
    body = "I, Maria Gonzalez, will talk about diabetes on Monday."
    assert labels_of(policy, body, sender="Maria Gonzalez <mg@clinic.example>") == ()
    assert labels_of(policy, body, sender="Alan Reyes <ar@clinic.example>") == ("PHI",)
    assert labels_of(policy, body, sender='"Dr. Gonzalez, Maria" <mg@clinic.example>') == ()


STAFF_RULES = """
pack: phi
classifications:
  - id: phi-person-near-health
    label: PHI
    condition:
      near:
        of: {entity: PERSON, min_confidence: medium, zone_exclude: [roster, provider, staff, organisation]}
        to: {entity: MEDICAL_TERM}
"""


def test_a_name_listed_as_staff_stays_staff(tmp_path: Path, registry: Registry) -> None:
    """A name whose words all belong to an attendee or a clinician named elsewhere is staff."""
    policy = build(tmp_path, registry, STAFF_RULES)
    body = "Attendees: Maria Gonzalez, Alan Reyes\n\n1. Maria Gonzalez will book the diabetes class room.\n"
    assert labels_of(policy, body) == ()
    assert labels_of(policy, "Present: Alan Reyes\n\nMaria Gonzalez has diabetes.\n") == ("PHI",)
    assert labels_of(policy, "Dr. Maria Gonzalez presents.\n\nAnna has diabetes.\n") == ("PHI",)


def test_an_organisation_name_is_not_a_person(tmp_path: Path, registry: Registry) -> None:
    detectors = DETECTORS + (
        "  - {id: org, type: literal, params: {entity: PERSON, terms: [Cedar Valley], score: 0.85}}\n"
    )
    policy = build(tmp_path, registry, STAFF_RULES, detectors=detectors)
    assert labels_of(policy, "Cedar Valley Cardiology is enrolling adults with diabetes.") == ()
    assert labels_of(policy, "Cedar Valley was seen for diabetes.") == ("PHI",)


def test_phi_deep_in_a_quoted_thread_counts(tmp_path: Path, registry: Registry) -> None:
    policy = build(tmp_path, registry, PHI_RULES)
    body = (
        "FYI below.\n\nThanks,\nBob\n\nOn Mon, Mar 2, 2026, Dr. Lee <lee@x.example> wrote:\n"
        "> Maria Gonzalez: diabetes is worse, please see her this week.\n"
    )
    assert labels_of(policy, body) == ("PHI",)


def test_organisation_phone_is_not_an_identifier(tmp_path: Path, registry: Registry) -> None:
    rules = ONE.format(cond="{entity: PHONE_NUMBER}")
    assert labels_of(build(tmp_path, registry, rules), "call 555-201-4400") == ("HIT",)
    policy = build(tmp_path, registry, rules, organisation_phones=["+1 (555) 201-4400"])
    assert labels_of(policy, "call 555-201-4400") == ()


POLICIES = """
pack: pol
internal_domains: [clinic.example]
classifications:
  - {id: phi, label: PHI, condition: {entity: MEDICAL_RECORD_NUMBER}}
  - {id: pci, label: PCI, condition: {entity: CREDIT_CARD}}
policies:
  - {id: phi-encrypt, labels: [PHI], action: encrypt}
  - id: pci-block
    labels: [PCI]
    action: block
    reply: No card numbers by mail.
    exceptions: [{recipient_domains: [bank.example]}]
  - {id: vip-watch, labels: [PHI], senders: [ceo@clinic.example], action: quarantine, monitor: true}
  - {id: secure-subject, subject_keywords: ["[secure]"], action: tag, params: {subject_prefix: "[SECURE] "}}
  - {id: uninspected-hold, uninspected: true, action: quarantine}
"""

# fmt: off
DECISIONS = [
    ("MRN0001", {}, Action.ENCRYPT, ["phi", "phi-encrypt"]),
    ("MRN0001 4556737586899855", {}, Action.BLOCK, ["phi", "pci", "phi-encrypt", "pci-block"]),
    ("4556737586899855", {"recipients": ["x@bank.example"]}, Action.DELIVER, ["pci"]),
    ("MRN0001", {"recipients": ["a@clinic.example", "b@sub.clinic.example"]}, Action.DELIVER, ["phi"]),
    ("MRN0001", {"recipients": ["a@clinic.example", "b@partner.example"]}, Action.ENCRYPT, ["phi", "phi-encrypt"]),
    ("MRN0001", {"sender": "ceo@clinic.example"}, Action.ENCRYPT, ["phi", "phi-encrypt", "vip-watch"]),
    ("hello", {"subject": "[SECURE] plans"}, Action.TAG, ["secure-subject"]),
    ("hello", {}, Action.DELIVER, []),
]
# fmt: on


@pytest.mark.parametrize("case", DECISIONS)
def test_policy_decision(
    tmp_path: Path, registry: Registry, case: tuple[str, dict[str, object], Action, list[str]]
) -> None:
    """The most protective hit wins; exceptions, internal domains, monitor mode, subject keywords."""
    body, kwargs, action, rules = case
    policy = build(tmp_path, registry, POLICIES)
    verdict = classify(make_message(body, **kwargs), policy)  # type: ignore[arg-type]
    assert verdict.action == action
    assert [h.rule for h in verdict.hits] == rules


def test_block_reply_params_and_monitor(tmp_path: Path, registry: Registry) -> None:
    policy = build(tmp_path, registry, POLICIES)
    verdict = classify(make_message("4556737586899855"), policy)
    assert verdict.reply == "No card numbers by mail."
    tagged = classify(make_message("hi", subject="[secure] x"), policy)
    assert tagged.action_params == (("subject_prefix", "[SECURE] "),)
    watched = classify(make_message("MRN0001", sender="ceo@clinic.example"), policy)
    monitor = [h for h in watched.hits if h.rule == "vip-watch"]
    assert monitor[0].monitor and monitor[0].action == Action.QUARANTINE
    assert "monitor: would quarantine" in watched.explanation


def test_detection_error_fails_closed(tmp_path: Path, registry: Registry) -> None:
    """A detector that fails gives a time_budget fact; with no rule for it, the engine quarantines."""
    detectors = DETECTORS + "  - {id: broken, type: failing}\n"
    policy = build(tmp_path, registry, ONE.format(cond="{entity: US_SSN}"), detectors=detectors)
    verdict = classify(make_message("hello"), policy)
    assert verdict.action == Action.QUARANTINE
    assert any(f.startswith("time_budget@body: detector broken") for f in verdict.facts)
    assert verdict.hits[-1].rule == "builtin-uninspected"


def test_a_later_stage_overrun_is_ner_skipped_not_uninspected(
    tmp_path: Path, registry: Registry
) -> None:
    """NER past its budget: a ``ner_skipped`` fact, which is not a reason to quarantine."""
    detectors = DETECTORS + "  - {id: slow_ner, type: failing_gated}\n"
    policy = build(tmp_path, registry, ONE.format(cond="{entity: US_SSN}"), detectors=detectors)
    verdict = classify(make_message("hello"), policy)
    assert any(f.startswith("ner_skipped@body: detector slow_ner") for f in verdict.facts)
    assert not any(f.startswith("time_budget") for f in verdict.facts)
    assert verdict.action == Action.DELIVER


def test_time_budget_stops_detection(tmp_path: Path, registry: Registry) -> None:
    policy = build(tmp_path, registry, POLICIES, message_time_budget_s=5.0)
    ticks = itertools.count(0.0, 1.0)
    verdict = classify(make_message("MRN0001"), policy, clock=lambda: next(ticks))
    assert any(f.startswith("time_budget") for f in verdict.facts)
    assert verdict.action == Action.QUARANTINE


def test_stage_one_runs_only_when_wanted(tmp_path: Path, registry: Registry) -> None:
    detectors = (
        DETECTORS
        + "  - {id: ner, type: gated, params: {entity: PERSON, terms: [Pat Doe], score: 0.9}}\n"
    )
    policy = build(
        tmp_path,
        registry,
        ONE.format(cond="{entity: PERSON, min_confidence: high}"),
        detectors=detectors,
    )
    assert labels_of(policy, "Pat Doe at the picnic") == ()
    assert labels_of(policy, "Pat Doe has diabetes") == ("HIT",)
    assert GatedDetector.seen_prior[-1] == 1  # the stage-0 finding (diabetes) was handed over


def test_explanation_is_redacted(tmp_path: Path, registry: Registry) -> None:
    policy = build(tmp_path, registry, POLICIES)
    verdict = classify(make_message("card 4556737586899855 for MRN0001"), policy)
    assert "4556737586899855" not in verdict.explanation
    assert "************9855" in verdict.explanation
    assert "pci-block" in verdict.explanation and "[5:21]" in verdict.explanation
    assert verdict.policy_version == policy.version


def test_personal_recipient_fact(tmp_path: Path, registry: Registry) -> None:
    rules = "pack: p\npersonal_domains: [gmail.com]\n" + ONE.format(
        cond="{fact: personal_recipient}"
    ).replace("pack: one\n", "")
    policy = build(tmp_path, registry, rules)
    assert labels_of(policy, "hi", recipients=["pat@gmail.com"]) == ("HIT",)
    assert labels_of(policy, "hi", recipients=["dr@partner.example"]) == ()


WORDS = st.sampled_from(
    ["Maria Gonzalez", "diabetes", "MRN0001", "x", "\n", "Regards,", "> ", "Hi Anna,"]
)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, max_size=40))
def test_classify_is_deterministic(
    tmp_path_factory: pytest.TempPathFactory, words: list[str]
) -> None:
    """Same input, same verdict; and the verdict never depends on anything but the input."""
    registry = load_registry(make_plugin_manager(load_entrypoints=False, extra=(FakePlugin(),)))
    policy = build(tmp_path_factory.mktemp("p"), registry, PHI_RULES)
    message = make_message(" ".join(words))
    assert classify(message, policy) == classify(message, policy)


def test_greets_recipient_fact(tmp_path: Path, registry: Registry) -> None:
    """A greeting that names a To: recipient, as in mail to a patient; not a greeting to anyone."""
    policy = build(tmp_path, registry, ONE.format(cond="{fact: greets_recipient}"))
    to_maria = [("To", "Maria Gonzalez <mg@gmail.com>")]
    assert labels_of(policy, "Dear Ms. Gonzalez,\n\nyour results are in.", headers=to_maria) == (
        "HIT",
    )
    assert labels_of(policy, "Hi Maria,\n\nsee you Monday.", headers=to_maria) == ("HIT",)
    assert labels_of(policy, "Dear Subscriber,\n\nnews.", headers=to_maria) == ()
    assert labels_of(policy, "Our news: Maria Gonzalez joined.", headers=to_maria) == ()


@pytest.mark.parametrize(
    ("body", "headers", "bulk"),
    [
        ("News for March. To unsubscribe, reply STOP.", [], True),
        ("FOR IMMEDIATE RELEASE\nRiverbend opens a new wing.", [], True),
        ("Monthly update.", [("List-Unsubscribe", "<mailto:leave@list.example>")], True),
        ("Monthly update.", [("Precedence", "bulk")], True),
        ("Maria's labs are back; she can subscribe to the portal.", [], False),
    ],
)
def test_bulk_mail_fact(
    tmp_path: Path, registry: Registry, body: str, headers: list[tuple[str, str]], bulk: bool
) -> None:
    policy = build(tmp_path, registry, ONE.format(cond="{fact: bulk_mail}"))
    assert labels_of(policy, body, headers=headers) == (("HIT",) if bulk else ())


def test_sender_name_inside_a_longer_span_is_the_sender(tmp_path: Path, registry: Registry) -> None:
    """A name span with a title or in another order is still the sender's, by word digests."""
    detectors = (
        DETECTORS
        + "  - {id: ner2, type: literal, params: {entity: PERSON, terms: [Dr. GONZALEZ Maria], score: 0.9}}\n"
    )
    policy = build(tmp_path, registry, PHI_RULES, detectors=detectors)
    body = "Dr. GONZALEZ Maria here: the diabetes clinic moved."
    assert labels_of(policy, body, sender="Maria Gonzalez <mg@clinic.example>") == ()
    assert labels_of(policy, body, sender="Alan Reyes <ar@clinic.example>") == ("PHI",)


def test_fact_triggers_and_internal_direction(tmp_path: Path, registry: Registry) -> None:
    rules = """
    pack: f
    internal_domains: [clinic.example]
    classifications:
      - {id: phi, label: PHI, condition: {entity: MEDICAL_RECORD_NUMBER}}
    policies:
      - {id: guessed-tag, facts: [charset_guessed], action: tag}
      - {id: internal-phi-tag, labels: [PHI], direction: internal, action: tag}
      - {id: outbound-phi, labels: [PHI], action: encrypt, exceptions: [{senders: [robot@clinic.example]}]}
    """
    policy = build(tmp_path, registry, rules)
    base = make_message("hello")
    guessed = Message(
        envelope=base.envelope,
        parts=base.parts,
        facts=(Fact(kind="charset_guessed", location="body"),),
    )
    verdict = classify(guessed, policy)
    assert (verdict.action, [h.label for h in verdict.hits]) == (Action.TAG, ["CHARSET_GUESSED"])
    inside = classify(make_message("MRN0001", recipients=["a@clinic.example"]), policy)
    assert [h.rule for h in inside.hits] == ["phi", "internal-phi-tag"]
    robot = classify(make_message("MRN0001", sender="robot@clinic.example"), policy)
    assert robot.action == Action.DELIVER and robot.labels == ("PHI",)
