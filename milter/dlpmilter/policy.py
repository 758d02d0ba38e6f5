"""The compiled policy: everything the engine needs, built once from the rule packs.

:func:`dlpmilter.rules.load_policy` builds a :class:`Policy`; :func:`dlpmilter.engine.classify`
reads it. It holds built detector instances (regexes compiled, automata built), the enabled
classifications and policy rules in load order, the internal domains, the pack tests and a short
``version`` (SHA-256 of the bytes of every loaded pack), which every verdict and audit record
carries.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from dlpmilter.detectors.base import Detector
from dlpmilter.rulepack import ClassificationSpec, PackTest, PolicySpec

#: Facts the engine itself adds (beside the parser's :data:`~dlpmilter.message.FACT_KINDS`):
#: ``personal_recipient``: a recipient is at a consumer mailbox domain (``personal_domains``);
#: ``greets_recipient``: a greeting in the body names a recipient (``Dear <To: display name>,``);
#: ``bulk_mail``: a newsletter, press release or other broadcast (list headers, an unsubscribe
#: link, "for immediate release").
ENGINE_FACTS = ("personal_recipient", "greets_recipient", "bulk_mail")


@dataclass(frozen=True, slots=True, kw_only=True)
class PackInfo:
    """One loaded pack file, for ``dlpmilter rules list`` and explanations."""

    id: str
    version: str
    path: Path
    description: str = ""
    local: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Classification:
    """An enabled classification and the pack that defined it."""

    spec: ClassificationSpec
    pack: str

    @property
    def id(self) -> str:
        """The classification id."""
        return self.spec.id

    @property
    def label(self) -> str:
        """The label it gives (``PHI``...)."""
        return self.spec.label or ""


@dataclass(frozen=True, slots=True, kw_only=True)
class PolicyRule:
    """An enabled policy rule and the pack that defined it."""

    spec: PolicySpec
    pack: str

    @property
    def id(self) -> str:
        """The policy id."""
        return self.spec.id


@dataclass(frozen=True, slots=True, kw_only=True)
class PackCase:
    """A pack test with the directory its ``file`` is relative to."""

    spec: PackTest
    pack: str
    base_dir: Path

    @property
    def name(self) -> str:
        """``<pack>/<test name>``."""
        return f"{self.pack}/{self.spec.name}"


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """A loaded, validated policy. Immutable; a reload builds a new one.

    :param version: short SHA-256 of every loaded pack's bytes, in load order.
    :param detectors: enabled detector instances in load order (every stage).
    :param classifications: enabled classifications in load order.
    :param rules: enabled policy rules in load order.
    :param internal_domains: recipient domains whose mail passes (with their subdomains).
    :param organisation_domains: the organisation's own mail domains (never patient data).
    :param organisation_phones: the organisation's own phone numbers, digits only.
    :param personal_domains: consumer mailbox domains (a recipient there is an individual).
    :param salt: the salt detectors digest values with (compared against the sender's name).
    :param time_budget_s: seconds one message may take to inspect.
    """

    version: str
    detectors: tuple[Detector, ...] = ()
    classifications: tuple[Classification, ...] = ()
    rules: tuple[PolicyRule, ...] = ()
    internal_domains: tuple[str, ...] = ()
    organisation_domains: tuple[str, ...] = ()
    organisation_phones: tuple[str, ...] = ()
    personal_domains: tuple[str, ...] = ()
    packs: tuple[PackInfo, ...] = ()
    tests: tuple[PackCase, ...] = ()
    salt: bytes = b""
    time_budget_s: float = 20.0

    def stage(self, number: int) -> tuple[Detector, ...]:
        """The detectors of one stage, in load order."""
        return tuple(d for d in self.detectors if type(d).stage == number)

    @property
    def stages(self) -> tuple[int, ...]:
        """The stage numbers present, ascending."""
        return tuple(sorted({type(d).stage for d in self.detectors}))

    @property
    def labels(self) -> tuple[str, ...]:
        """Every label a classification can give, sorted."""
        return tuple(sorted({c.label for c in self.classifications}))
