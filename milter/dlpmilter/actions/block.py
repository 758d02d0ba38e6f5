"""``block`` and ``tempfail``: refuse the message with an SMTP reply that carries a reference id.

The reply never names rules, labels or findings: the sender gets the policy's text and the
reference id, which the audit record holds with everything else.
"""

from __future__ import annotations

from dlpmilter.actions.base import (
    ActionHandler,
    ActionRequest,
    Effect,
    Outcome,
    Reply,
    clean_reply_text,
)

#: Reply text when the policy gives none.
BLOCK_TEXT = "Message blocked by DLP policy"
TEMPFAIL_TEXT = "Message deferred by DLP policy, try again later"


def tempfail_effect(reference: str, *, reason: str = "") -> Effect:
    """The ``451 4.7.1`` effect for a message that cannot be decided now.

    :param reason: why, for the audit record (``queue_full``, ``timeout``...).
    """
    reply = Reply(code="451", xcode="4.7.1", text=f"{TEMPFAIL_TEXT} (ref {reference})")
    notes = (("reason", reason),) if reason else ()
    return Effect(outcome=Outcome.TEMPFAIL, reply=reply, notes=notes)


class BlockAction(ActionHandler):
    """Reject with ``550 5.7.1 <policy text> (ref <id>)``."""

    def apply(self, request: ActionRequest) -> Effect:
        """Reject, with the verdict's reply text or :data:`BLOCK_TEXT`."""
        text = clean_reply_text(request.verdict.reply) or BLOCK_TEXT
        reply = Reply(code="550", xcode="5.7.1", text=f"{text} (ref {request.reference})")
        return Effect(outcome=Outcome.REJECT, reply=reply)


class TempfailAction(ActionHandler):
    """Defer with ``451 4.7.1``: the policy wants the message retried later."""

    def apply(self, request: ActionRequest) -> Effect:
        """Tempfail with the reference id."""
        return tempfail_effect(request.reference, reason="policy")
