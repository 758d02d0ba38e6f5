"""From labels and facts to an action: policy rules, monitor mode, and the explanation.

A policy rule is *triggered* by any of its ``labels``, by ``uninspected`` (some part was not
fully inspected), by any of its ``facts``, or, when it names none of these, by its match
conditions alone (a subject keyword, a sender). It then applies when its ``direction`` holds
(``outbound``: some recipient is outside ``internal_domains``), every given match condition
holds, and no exception holds. The most protective applying rule wins (block > tempfail >
quarantine > portal > encrypt > tag > deliver); rules in ``monitor`` mode are listed in the
verdict but never change its action. A message that was not fully inspected and that no rule
covers gets the built-in ``uninspected`` rule: quarantine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from dlpmilter.evidence import Scored
from dlpmilter.message import UNINSPECTED_FACTS, Fact, Message
from dlpmilter.policy import Classification, Policy, PolicyRule
from dlpmilter.rulepack import Match
from dlpmilter.verdict import Action, RuleHit

#: Id of the engine's own fail-closed rule for messages that were not fully inspected.
BUILTIN_UNINSPECTED = "builtin-uninspected"
#: Most findings listed per rule in an explanation.
MAX_LISTED = 20


@dataclass(frozen=True, slots=True, kw_only=True)
class ClassificationHit:
    """A classification that held, with the scored findings that made it."""

    classification: Classification
    items: tuple[Scored, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    """The action and every hit (classification hits first, then policy hits)."""

    action: Action
    hits: tuple[RuleHit, ...]
    reply: str = ""
    params: tuple[tuple[str, str], ...] = ()
    winner: str = ""


def _domain(address: str) -> str:
    return address.rpartition("@")[2].strip().strip(">").lower()


def _domain_in(domain: str, domains: Sequence[str]) -> bool:
    return bool(domain) and any(
        domain == d.lower() or domain.endswith("." + d.lower()) for d in domains
    )


def _matches(match: Match, message: Message) -> bool:
    """Every non-empty condition of ``match`` holds for the message."""
    sender = message.envelope.sender.lower()
    recipients = [r.lower() for r in message.envelope.recipients]
    subject = message.subject.casefold()
    if match.senders and sender not in {s.lower() for s in match.senders}:
        return False
    if match.sender_domains and not _domain_in(_domain(sender), match.sender_domains):
        return False
    if match.recipients and not {r.lower() for r in match.recipients} & set(recipients):
        return False
    if match.recipient_domains and not any(
        _domain_in(_domain(r), match.recipient_domains) for r in recipients
    ):
        return False
    return not match.subject_keywords or any(
        k.casefold() in subject for k in match.subject_keywords
    )


def _outbound(message: Message, policy: Policy) -> bool:
    recipients = message.envelope.recipients
    if not recipients or not policy.internal_domains:
        return True
    return any(not _domain_in(_domain(r), policy.internal_domains) for r in recipients)


def _triggers(rule: PolicyRule, labels: set[str], facts: Sequence[Fact]) -> list[str]:
    """What triggered a rule: labels, ``UNINSPECTED``, fact kinds, or ``MATCH``; empty if nothing."""
    spec = rule.spec
    found = [label for label in spec.labels if label in labels]
    kinds = {f.kind for f in facts}
    if spec.uninspected and kinds & UNINSPECTED_FACTS:
        found.append("UNINSPECTED")
    found.extend(k.upper() for k in spec.facts if k in kinds)
    if not (spec.labels or spec.uninspected or spec.facts):
        found.append("MATCH")
    return found


def _applies(rule: PolicyRule, message: Message, policy: Policy) -> bool:
    spec = rule.spec
    direction = "outbound" if _outbound(message, policy) else "internal"
    if spec.direction not in ("any", direction):
        return False
    return _matches(spec, message) and not any(_matches(e, message) for e in spec.exceptions)


def _policy_hits(
    message: Message, policy: Policy, labelled: Sequence[ClassificationHit], facts: Sequence[Fact]
) -> list[RuleHit]:
    by_label: dict[str, list[Scored]] = {}
    for hit in labelled:
        by_label.setdefault(hit.classification.label, []).extend(hit.items)
    hits = []
    for rule in policy.rules:
        triggers = _triggers(rule, set(by_label), facts)
        if not triggers or not _applies(rule, message, policy):
            continue
        assert rule.spec.action is not None
        for trigger in triggers:
            hits.append(
                RuleHit(
                    rule=rule.id,
                    label=trigger,
                    action=Action.parse(rule.spec.action),
                    findings=tuple(s.finding for s in by_label.get(trigger, ())),
                    pack=rule.pack,
                    monitor=rule.spec.monitor,
                )
            )
    return hits


def decide(
    message: Message, policy: Policy, labelled: Sequence[ClassificationHit], facts: Sequence[Fact]
) -> Decision:
    """Apply the policy rules to a labelled message."""
    hits = _policy_hits(message, policy, labelled, facts)
    uninspected = any(f.kind in UNINSPECTED_FACTS for f in facts)
    if uninspected and not any(h.label == "UNINSPECTED" for h in hits):
        hits.append(
            RuleHit(
                rule=BUILTIN_UNINSPECTED,
                label="UNINSPECTED",
                action=Action.QUARANTINE,
                pack="engine",
            )
        )
    enforced = [h for h in hits if not h.monitor]
    action = max((h.action for h in enforced), default=Action.DELIVER)
    winner = next((h for h in enforced if h.action == action), None)
    rule = next((r for r in policy.rules if winner is not None and r.id == winner.rule), None)
    label_action = {
        label: max((h.action for h in enforced if h.label == label), default=Action.DELIVER)
        for label in {h.classification.label for h in labelled}
    }
    class_hits = [
        RuleHit(
            rule=h.classification.id,
            label=h.classification.label,
            action=label_action[h.classification.label],
            findings=tuple(s.finding for s in h.items),
            pack=h.classification.pack,
        )
        for h in labelled
    ]
    return Decision(
        action=action,
        hits=(*class_hits, *hits),
        reply=rule.spec.reply if rule is not None and action == Action.BLOCK else "",
        params=tuple(sorted(rule.spec.params.items())) if rule is not None else (),
        winner=winner.rule if winner is not None else "",
    )


def _describe(item: Scored) -> str:
    f = item.finding
    why = [*f.evidence, *item.support]
    zones = f" zones {','.join(sorted(item.zones))}" if item.zones else ""
    text = (
        f"{f.entity} in {f.location} [{f.start}:{f.end}] {f.preview or '(no preview)'} "
        f"score {f.score:.2f}->{item.score:.2f} {item.confidence.name.lower()} by {f.detector}"
    )
    if f.pattern:
        text += f"/{f.pattern}"
    return text + zones + (f"; evidence: {', '.join(why)}" if why else "")


def explain(
    decision: Decision, labelled: Sequence[ClassificationHit], facts: Sequence[Fact]
) -> str:
    """Human text: the action and why, each rule with its findings (redacted), and the facts."""
    lines = [
        f"action {decision.action.label}"
        + (f" by policy {decision.winner}" if decision.winner else "")
    ]
    for hit in labelled:
        c = hit.classification
        lines.append(f"{c.label} by rule {c.id} (pack {c.pack}):")
        lines.extend(f"  {_describe(item)}" for item in hit.items[:MAX_LISTED])
        if len(hit.items) > MAX_LISTED:
            lines.append(f"  ... and {len(hit.items) - MAX_LISTED} more")
    for rule_hit in decision.hits[len(labelled) :]:
        mode = "monitor: would " if rule_hit.monitor else ""
        lines.append(
            f"policy {rule_hit.rule} (pack {rule_hit.pack}): {rule_hit.label} -> {mode}{rule_hit.action.label}"
        )
    lines.extend(f"fact {fact}" for fact in facts)
    return "\n".join(lines)
