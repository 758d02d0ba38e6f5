"""Notices: tell the sender (and a compliance mailbox) what the policy did with a message.

A quarantined message is discarded by the MTA, so without a notice its sender believes it was
delivered. After a decision is audited, :class:`Notices` mails a short notice for the actions
listed in ``notify_on`` (``quarantine`` by default) to the sender (``notify_sender``) and to
``notify_copy_to``. A notice holds the reference id, the action, the labels and rule ids, the
time and the number of recipients: never the subject, a body, an attachment name or an
address other than its own recipients', so it may go anywhere. It leaves with a null envelope
sender (``MAIL FROM:<>``, as automatic mail should, so it never bounces back into a loop)
through the loopback re-injection listener, which runs no milter. Notices are sent from one
background thread: a slow or absent listener never delays an answer to the MTA; a notice that
cannot be sent is logged with its reference id and dropped (the audit record stands).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from dlpmilter.actions.base import Effect, Outcome
from dlpmilter.errors import ConfigError
from dlpmilter.message import Envelope
from dlpmilter.reinject import automatic_message, reinject, sender_address
from dlpmilter.verdict import Action, Verdict

log = logging.getLogger(__name__)

#: What the notice says happened, per action.
DONE = {
    Action.QUARANTINE: "was held for review by a compliance officer and has not been delivered",
    Action.BLOCK: "was not sent",
    Action.PORTAL: "was delivered through the secure pickup portal, not as ordinary mail",
    Action.ENCRYPT: "was sent encrypted",
    Action.TAG: "was delivered with a marking",
}

#: The same, short, for the notice's subject.
SUBJECT = {
    Action.QUARANTINE: "was held for review",
    Action.BLOCK: "was not sent",
    Action.PORTAL: "went to the secure portal",
    Action.ENCRYPT: "was sent encrypted",
    Action.TAG: "was marked",
}


def compose(
    *, verdict: Verdict, reference: str, to: Sequence[str], sender: str, recipients: int
) -> bytes:
    """The notice about one decision, as a message to ``to`` from ``sender``."""
    action = verdict.action
    labels = ", ".join(label for label in verdict.labels if label.isupper()) or "none"
    rules = ", ".join(hit.rule for hit in verdict.hits) or "none"
    return automatic_message(
        sender=sender,
        to=", ".join(to),
        subject=f"Your message {SUBJECT.get(action, 'was handled')} [{reference}]",
        text=(
            f"Your message to {recipients} recipient(s) {DONE.get(action, 'was handled')}, "
            "because the data-loss-prevention policy found protected information in it.\n\n"
            f"Reference:       {reference}\n"
            f"Action:          {action.label}\n"
            f"Classification:  {labels}\n"
            f"Policy rules:    {rules}\n\n"
            "Quote the reference when you contact your compliance team.\n"
            "This notice holds none of the message's content.\n"
        ),
    )


class Notices:
    """Sends notices in the background, per the ``notify_*`` settings."""

    def __init__(
        self,
        *,
        actions: frozenset[Action],
        to_sender: bool,
        copy_to: str,
        sender: str,
        host: str,
        port: int,
    ) -> None:
        self.actions = actions
        self.to_sender = to_sender
        self.copy_to = copy_to
        self.sender = sender
        self.host = host
        self.port = port
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dlpmilter-notice")

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Notices:
        """:raises ConfigError: an unknown action in ``notify_on``."""
        actions = set()
        for name in settings.get("notify_on", ["quarantine"]):  # a list: settings split strings
            try:
                actions.add(Action.parse(str(name)))
            except ValueError:
                raise ConfigError(f"setting 'notify_on': unknown action {name!r}") from None
        sender = sender_address(str(settings.get("notify_from", "") or ""))
        return cls(
            actions=frozenset(actions),
            to_sender=bool(settings.get("notify_sender", True)),
            copy_to=str(settings.get("notify_copy_to", "") or ""),
            sender=sender,
            host=str(settings.get("reinject_host", "127.0.0.1")),
            port=int(settings.get("reinject_port", 10026)),
        )

    def recipients(self, envelope: Envelope) -> list[str]:
        """Who is told: the sender (not a null sender) and the copy address."""
        to = [envelope.sender] if self.to_sender and envelope.sender else []
        return to + ([self.copy_to] if self.copy_to else [])

    def send(
        self, envelope: Envelope, verdict: Verdict, effect: Effect, reference: str
    ) -> Future[None] | None:
        """Queue the notice of one decision, if its action is notified and it was carried out
        (a tempfailed message comes back: nothing to tell yet)."""
        to = self.recipients(envelope)
        if verdict.action not in self.actions or effect.outcome is Outcome.TEMPFAIL or not to:
            return None
        raw = compose(
            verdict=verdict,
            reference=reference,
            to=to,
            sender=self.sender,
            recipients=len(envelope.recipients),
        )
        return self._executor.submit(self._deliver, raw, to, reference)

    def _deliver(self, raw: bytes, to: list[str], reference: str) -> None:
        try:
            reinject(raw, sender="", recipients=to, host=self.host, port=self.port, timeout=30)
        except Exception as exc:  # noqa: BLE001 - a lost notice must not stop the service
            log.warning("ref %s: notice not sent: %s", reference, type(exc).__name__)

    def close(self) -> None:
        """Send what is queued, then stop."""
        self._executor.shutdown(wait=True)
