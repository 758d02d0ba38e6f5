"""``quarantine``: keep the message from its recipients until someone reviews it.

Mode ``store`` (default, setting ``quarantine_mode``): the message goes into dlpmilter's own
encrypted store (:mod:`dlpmilter.quarantine.store`) under the reference id, then the MTA is told
to DISCARD it; ``dlpmilter quarantine release`` re-injects it later. Mode ``hold``: Postfix's
hold queue (milter ``quarantine()``, then ACCEPT); release it with ``postsuper -H``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dlpmilter.actions.base import ActionHandler, ActionParams, ActionRequest, Effect, Hold, Outcome
from dlpmilter.errors import ConfigError
from dlpmilter.quarantine.store import QuarantineStore
from dlpmilter.settings import Settings

MODES = ("store", "hold")


class QuarantineAction(ActionHandler):
    """Store and discard, or hold in the MTA's queue."""

    edits = (Hold,)

    def __init__(self, *, params: ActionParams, settings: Mapping[str, Any]) -> None:
        super().__init__(params=params, settings=settings)
        self.mode = str(settings.get("quarantine_mode", "store"))
        if self.mode not in MODES:
            raise ConfigError(
                f"setting 'quarantine_mode': expected store or hold, got {self.mode!r}"
            )
        self.store: QuarantineStore | None = None
        if self.mode == "store":
            if not isinstance(settings, Settings):
                raise ConfigError("quarantine: the store needs loaded settings")
            self.store = QuarantineStore.from_settings(settings)

    def apply(self, request: ActionRequest) -> Effect:
        """Store then discard (``store``), or hold then accept (``hold``)."""
        if self.store is None:
            hold = Hold(reason=f"DLP quarantine {request.reference}")
            return Effect(outcome=Outcome.ACCEPT, edits=(hold,), notes=(("quarantine", "hold"),))
        verdict = request.verdict
        self.store.put(
            request.raw_bytes(),
            qid=request.reference,
            queue_id=request.envelope.queue_id,
            sender=request.envelope.sender,
            recipients=request.envelope.recipients,
            labels=verdict.labels,
            rules=tuple(h.rule for h in verdict.hits),
        )
        notes = (("quarantine", "store"), ("quarantine_id", request.reference))
        return Effect(outcome=Outcome.DISCARD, notes=notes)
