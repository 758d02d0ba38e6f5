"""The dispatcher: one built action handler per verdict action, chosen per message.

Built once at start-up from the action types plugins registered; a verdict action with no
registered type is a start-up :class:`~dlpmilter.errors.ConfigError`, never a per-message
surprise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dlpmilter.actions.base import ActionHandler, ActionRequest, AddHeader, Edit, Effect, Outcome
from dlpmilter.errors import ConfigError
from dlpmilter.verdict import Action

#: Header added to accepted mail when the ``add_headers`` setting is on: the reference id and
#: the action only, never labels, rules or findings.
SCANNED_HEADER = "X-DLP-Scanned"


class Dispatcher:
    """Maps each verdict action to its handler and applies it.

    :param handlers: a handler for every :class:`~dlpmilter.verdict.Action`.
    :param add_headers: add :data:`SCANNED_HEADER` to accepted mail.
    """

    def __init__(self, handlers: Mapping[Action, ActionHandler], *, add_headers: bool) -> None:
        missing = [a.label for a in Action if a not in handlers]
        if missing:
            raise ConfigError(f"no action type registered for: {', '.join(missing)}")
        self.handlers = dict(handlers)
        self.add_headers = add_headers

    @classmethod
    def from_registry(
        cls, actions: Mapping[str, type[Any]], settings: Mapping[str, Any]
    ) -> Dispatcher:
        """Build every handler with default parameters and the settings.

        :raises ConfigError: when an action has no registered type or a handler rejects the
            settings.
        """
        handlers: dict[Action, ActionHandler] = {}
        for action in Action:
            handler_type = actions.get(action.label)
            if handler_type is None:
                continue
            if not (isinstance(handler_type, type) and issubclass(handler_type, ActionHandler)):
                raise ConfigError(
                    f"action {action.label!r}: registered type is not an ActionHandler"
                )
            handlers[action] = handler_type(params=handler_type.Params(), settings=settings)
        return cls(handlers, add_headers=bool(settings.get("add_headers", False)))

    @property
    def edit_types(self) -> frozenset[type[Edit]]:
        """Every edit type a handler may return: what the milter must negotiate."""
        kinds: set[type[Edit]] = {e for h in self.handlers.values() for e in h.edits}
        if self.add_headers:
            kinds.add(AddHeader)
        return frozenset(kinds)

    def decide(self, request: ActionRequest) -> Effect:
        """The effect of the verdict's action on this message.

        :raises ActionError: when the handler's side effect fails.
        """
        effect = self.handlers[request.verdict.action].apply(request)
        if self.add_headers and effect.outcome is Outcome.ACCEPT:
            value = f"ref={request.reference}; action={request.verdict.action.label}"
            extra = AddHeader(name=SCANNED_HEADER, value=value)
            return Effect(
                outcome=effect.outcome,
                edits=(*effect.edits, extra),
                reply=effect.reply,
                notes=effect.notes,
            )
        return effect
