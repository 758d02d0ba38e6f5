"""One inspection: raw bytes in, ``(Message, Verdict)`` out.

The CLI ``scan``, the milter's workers and the benchmarks all inspect through an
:class:`Inspector`, built once from the settings: it holds the plugin registry, the extractors
and the compiled policy, so nothing is loaded per message.
"""

from __future__ import annotations

from dataclasses import dataclass

from dlpmilter.engine import Policy, classify
from dlpmilter.message import Envelope, Limits, Message, parse
from dlpmilter.plugins import Registry, load_registry
from dlpmilter.rules import load_policy
from dlpmilter.settings import Settings, load_settings
from dlpmilter.verdict import Verdict


@dataclass(frozen=True, slots=True, kw_only=True)
class Inspection:
    """The result of inspecting one message."""

    message: Message
    verdict: Verdict


class Inspector:
    """Parses, detects and classifies messages under one loaded policy."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        registry: Registry | None = None,
        policy: Policy | None = None,
    ) -> None:
        self.settings = settings if settings is not None else load_settings()
        self.registry = registry if registry is not None else load_registry()
        self.limits = Limits.from_settings(self.settings, self.registry)
        self.policy = policy if policy is not None else load_policy(self.settings, self.registry)

    def inspect(self, raw: bytes, envelope: Envelope | None = None) -> Inspection:
        """Inspect one raw message. Never raises for bad input: that becomes facts."""
        message = parse(raw, self.limits, envelope=envelope)
        return Inspection(message=message, verdict=classify(message, self.policy))
