"""Built-in actions plugin: one action type per :class:`~dlpmilter.verdict.Action`."""

from __future__ import annotations

from collections.abc import Mapping

from dlpmilter.actions.base import ActionHandler
from dlpmilter.actions.block import BlockAction, TempfailAction
from dlpmilter.actions.deliver import DeliverAction
from dlpmilter.actions.encrypt import EncryptAction
from dlpmilter.actions.portal import PortalAction
from dlpmilter.actions.quarantine import QuarantineAction
from dlpmilter.actions.tag import TagAction
from dlpmilter.hookspecs import hookimpl


@hookimpl
def dlp_register_actions() -> Mapping[str, type[ActionHandler]]:
    """The shipped actions, keyed by the verdict action they carry out."""
    return {
        "deliver": DeliverAction,
        "tag": TagAction,
        "encrypt": EncryptAction,
        "portal": PortalAction,
        "quarantine": QuarantineAction,
        "tempfail": TempfailAction,
        "block": BlockAction,
    }
