"""``classify(message, policy) -> Verdict``: detect, weigh, label, decide. Pure and deterministic.

1. **Detect.** Every stage-0 detector runs on every part; then each later-stage detector (NER)
   whose ``wanted(message, prior)`` is true, with the earlier findings in ``ScanContext.prior``.
   The message's time budget is the ``ScanContext.deadline``; a detector that fails
   (:class:`~dlpmilter.errors.DetectionError`) or a budget that runs out becomes a
   ``time_budget`` fact, and the policy decides. A later-stage detector (NER) that overruns
   gives ``ner_skipped`` instead: its findings so far are kept, the cheap detectors ran in full,
   and the shipped policy encrypts such mail rather than hold it.
2. **Whose data.** Zones (:mod:`dlpmilter.zones`) are computed per part; the sender's own name
   (compared by salted digest), address, and the organisation's own phones and domains are
   dropped before anything is counted. A model's name that nothing else supports is capped at
   medium confidence (:mod:`dlpmilter.corroboration`).
3. **Label.** Each classification scores the findings under its evidence rules
   (:mod:`dlpmilter.evidence`) and evaluates its condition (:mod:`dlpmilter.expression`).
4. **Decide.** Policies turn labels and facts into actions (:mod:`dlpmilter.decision`); the most
   protective wins. A message that was not fully inspected and that no policy covers is
   quarantined: the engine fails closed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from dlpmilter.corroboration import corroborate
from dlpmilter.decision import ClassificationHit, decide, explain
from dlpmilter.detectors.base import ScanContext
from dlpmilter.errors import DetectionError
from dlpmilter.evidence import MessageEvidence
from dlpmilter.expression import Evaluator
from dlpmilter.message import Fact, Message
from dlpmilter.ownership import Ownership
from dlpmilter.policy import Policy
from dlpmilter.verdict import Finding, Verdict

__all__ = ["Policy", "classify", "detect"]


def detect(
    message: Message, policy: Policy, *, clock: Callable[[], float] = time.monotonic
) -> tuple[list[Finding], list[Fact]]:
    """Run the policy's detectors, stage by stage, on every part of the message.

    :returns: the findings (sorted by part order and offset) and the facts detection added.
    """
    deadline = clock() + policy.time_budget_s
    findings: list[Finding] = []
    facts: list[Fact] = []
    for stage in policy.stages:
        prior = tuple(findings)
        for detector in policy.stage(stage):
            if stage > 0 and not detector.wanted(message, prior):
                continue
            context = ScanContext(message=message, prior=prior, deadline=deadline)
            for part in message.parts:
                if clock() > deadline:
                    facts.append(
                        Fact(kind="time_budget", detail=f"stopped before detector {detector.id}")
                    )
                    return _ordered(message, findings), facts
                try:
                    findings.extend(detector.detect(part, context))
                except DetectionError as exc:
                    kind = "ner_skipped" if stage > 0 else "time_budget"
                    facts.append(
                        Fact(
                            kind=kind,
                            location=part.location,
                            detail=f"detector {detector.id}: {type(exc).__name__}",
                        )
                    )
    return _ordered(message, findings), facts


def _ordered(message: Message, findings: Sequence[Finding]) -> list[Finding]:
    rank = {part.location: i for i, part in enumerate(message.parts)}
    return sorted(
        findings, key=lambda f: (rank.get(f.location, len(rank)), f.start, f.end, f.entity)
    )


def _recipient_facts(message: Message, policy: Policy, owned: Ownership) -> list[Fact]:
    """The engine's own facts about who the mail is for (see :data:`~dlpmilter.policy.ENGINE_FACTS`)."""
    domains = set(policy.personal_domains)
    personal = sum(
        1 for r in message.envelope.recipients if r.rpartition("@")[2].lower() in domains
    )
    facts = []
    if personal:
        facts.append(
            Fact(
                kind="personal_recipient",
                detail=f"{personal} recipient(s) at consumer mailbox domains",
            )
        )
    if owned.greets_recipient():
        facts.append(Fact(kind="greets_recipient", detail="a greeting names a recipient"))
    bulk = _bulk_reason(message)
    if bulk:
        facts.append(Fact(kind="bulk_mail", detail=bulk))
    return facts


#: Phrases of broadcast mail: newsletters, marketing, press releases.
_BULK_PHRASES = (
    "unsubscribe", "for immediate release", "view this email in your browser", "view in browser",
    "manage your email preferences", "media contact", "update your subscription",
)  # fmt: skip


def _bulk_reason(message: Message) -> str:
    """Why the message is a broadcast (a header or a phrase id), or ``""``."""
    for name in ("List-Unsubscribe", "List-Id"):
        if message.header(name) is not None:
            return f"header {name}"
    if (message.header("Precedence") or "").strip().lower() in {"bulk", "list", "junk"}:
        return "header Precedence"
    for part in message.parts:
        if part.location == "body" or part.location.startswith("body["):
            lowered = part.text.casefold()
            for index, phrase in enumerate(_BULK_PHRASES):
                if phrase in lowered:
                    return f"phrase {index}"
    return ""


def _label(
    evidence: MessageEvidence, facts: frozenset[str], policy: Policy
) -> list[ClassificationHit]:
    hits = []
    for classification in policy.classifications:
        spec = classification.spec
        assert spec.condition is not None
        scored = evidence.scored(spec.evidence, spec.window)
        result = Evaluator(scored, facts, spec.window).evaluate(spec.condition)
        if result.ok:
            hits.append(ClassificationHit(classification=classification, items=result.items))
    return hits


def classify(
    message: Message, policy: Policy, *, clock: Callable[[], float] = time.monotonic
) -> Verdict:
    """Classify one message under a policy and decide what happens to it.

    :param clock: a monotonic clock (tests pass a fake to exercise the time budget).
    """
    findings, detection_facts = detect(message, policy, clock=clock)
    owned = Ownership.of(message, policy)
    all_facts = (*message.facts, *detection_facts, *_recipient_facts(message, policy, owned))
    kept, zones = owned.split(findings)
    evidence = MessageEvidence(corroborate(kept, owned.texts), zones)
    fact_kinds = frozenset(f.kind for f in all_facts)
    labelled = _label(evidence, fact_kinds, policy)
    decision = decide(message, policy, labelled, all_facts)
    labels = tuple(sorted({h.classification.label for h in labelled}))
    return Verdict(
        action=decision.action,
        labels=labels,
        hits=decision.hits,
        findings=tuple(findings),
        facts=tuple(str(f) for f in all_facts),
        explanation=explain(decision, labelled, all_facts),
        policy_version=policy.version,
        reply=decision.reply,
        action_params=decision.params,
    )
