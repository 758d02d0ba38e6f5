"""Review operations on the quarantine store: release (re-inject) and delete, each audited with
who did it and why."""

from __future__ import annotations

from typing import Any

from dlpmilter.audit.log import AuditLog
from dlpmilter.audit.record import record_time
from dlpmilter.errors import ActionError
from dlpmilter.plugins import load_registry
from dlpmilter.quarantine.store import Entry, QuarantineStore
from dlpmilter.reinject import reinject
from dlpmilter.settings import Settings


def review_record(entry: Entry, event: str, actor: str, reason: str) -> dict[str, Any]:
    """The audit record of one review (``quarantine_release`` or ``quarantine_delete``); its
    ``reference`` is the decision's, which ``dlpmilter audit report`` joins on."""
    return {
        "event": event,
        "time": record_time(),
        "reference": entry.id,
        "queue_id": entry.queue_id,
        "sender": entry.sender,
        "recipients": list(entry.recipients),
        "labels": list(entry.labels),
        "actor": actor,
        "reason": reason,
    }


class Review:
    """Release and delete quarantined messages under one set of settings."""

    def __init__(self, settings: Settings, *, audit: AuditLog | None = None) -> None:
        self.settings = settings
        self.store = QuarantineStore.from_settings(settings)
        self._audit = audit

    @property
    def audit(self) -> AuditLog:
        """The audit log (built on first use)."""
        if self._audit is None:
            self._audit = AuditLog.from_settings(self.settings, load_registry())
        return self._audit

    def release(self, qid: str, *, actor: str, reason: str) -> Entry:
        """Re-inject a held message to its original recipients, then record who and why.

        :raises ActionError: when it is not held, or re-injection fails (it then stays held).
        """
        entry = self.store.get(qid)
        if entry.state != "held":
            raise ActionError(f"quarantine: {qid} is {entry.state}, not held")
        reinject(
            self.store.read(qid),
            sender=entry.sender,
            recipients=entry.recipients,
            host=str(self.settings["reinject_host"]),
            port=int(self.settings["reinject_port"]),
        )
        entry = self.store.mark(qid, state="released", actor=actor, note=reason)
        self.audit.record(review_record(entry, "quarantine_release", actor, reason))
        return entry

    def delete(self, qid: str, *, actor: str, reason: str) -> Entry:
        """Destroy a stored message (the index row stays), then record who and why."""
        entry = self.store.delete(qid, actor=actor, note=reason)
        self.audit.record(review_record(entry, "quarantine_delete", actor, reason))
        return entry
