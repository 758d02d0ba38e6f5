"""An inspector that looks at nothing and lets every message through (``DELIVER``).

The Postfix benchmark runs ``dlpmilter serve --inspector noop_inspector:NoopInspector`` beside
the real one: the same milter, pool, audit and actions with no inspection, so the report shows
how much of the cost is the milter framework and how much is inspection. Never for production.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dlpmilter.message import Envelope
from dlpmilter.verdict import Action, Verdict


@dataclass(frozen=True, slots=True)
class NoInspection:
    """What :meth:`NoopInspector.inspect` returns: a deliver verdict and no parsed message."""

    verdict: Verdict
    message: None = None


class NoopInspector:
    """Builds nothing; every verdict is ``DELIVER``.

    :param settings: accepted for the factory signature and ignored.
    """

    def __init__(self, settings: Mapping[str, Any]) -> None:
        self.verdict = Verdict(action=Action.DELIVER)

    def inspect(self, raw: bytes, envelope: Envelope | None = None) -> NoInspection:
        """Deliver, without reading ``raw``."""
        return NoInspection(verdict=self.verdict)
