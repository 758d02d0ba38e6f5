"""``deliver``: let the message through unchanged."""

from __future__ import annotations

from dlpmilter.actions.base import ActionHandler, ActionRequest, Effect, Outcome


class DeliverAction(ActionHandler):
    """Accept the message as it is."""

    def apply(self, request: ActionRequest) -> Effect:
        """Accept."""
        return Effect(outcome=Outcome.ACCEPT)
