"""The one place an :class:`~dlpmilter.actions.base.Effect` meets the milter.

:func:`apply_effect` turns an effect into libmilter calls (``addheader``, ``chgheader``,
``replacebody``, ``delrcpt``, ``addrcpt``, ``quarantine``, ``setreply``) and the callback's return code;
:func:`milter_flags` gives the action flags to negotiate for the edit types in use.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

import Milter

from dlpmilter.actions.base import (
    AddHeader,
    AddRecipient,
    ChangeHeader,
    DeleteRecipient,
    Edit,
    Effect,
    Hold,
    Outcome,
    RemoveHeader,
    ReplaceBody,
)

#: libmilter sends a replaced body in chunks of at most this many bytes (MILTER_CHUNK_SIZE).
BODY_CHUNK = 65535

#: The milter action flag each edit type needs.
FLAGS: dict[type[Edit], int] = {
    AddHeader: Milter.ADDHDRS,
    ChangeHeader: Milter.CHGHDRS,
    RemoveHeader: Milter.CHGHDRS,
    ReplaceBody: Milter.MODBODY,
    AddRecipient: Milter.ADDRCPT,
    DeleteRecipient: Milter.DELRCPT,
    Hold: Milter.QUARANTINE,
}

#: The callback return code of each outcome.
CODES: dict[Outcome, int] = {
    Outcome.ACCEPT: Milter.ACCEPT,
    Outcome.DISCARD: Milter.DISCARD,
    Outcome.REJECT: Milter.REJECT,
    Outcome.TEMPFAIL: Milter.TEMPFAIL,
}


class MilterContext(Protocol):
    """The part of :class:`Milter.Base` an effect uses (a fake in tests)."""

    def addheader(self, field: str, value: str, idx: int = -1) -> object: ...

    def chgheader(self, field: str, idx: int, value: str | None) -> object: ...

    def replacebody(self, body: bytes) -> object: ...

    def addrcpt(self, rcpt: str, params: str | None = None) -> object: ...

    def delrcpt(self, rcpt: str) -> object: ...

    def quarantine(self, reason: str) -> object: ...

    def setreply(self, rcode: str, xcode: str | None = None, msg: str | None = None) -> object: ...


def milter_flags(edit_types: Iterable[type[Edit]]) -> int:
    """The milter action flags for these edit types (0 when none edit the message)."""
    flags = 0
    for kind in edit_types:
        flags |= FLAGS[kind]
    return flags


def _apply_edit(edit: Edit, ctx: MilterContext) -> None:
    match edit:
        case AddHeader(name=name, value=value):
            ctx.addheader(name, value)
        case ChangeHeader(name=name, value=value, index=index):
            ctx.chgheader(name, index, value)
        case RemoveHeader(name=name, index=index):
            ctx.chgheader(name, index, None)
        case ReplaceBody(data=data):
            for start in range(0, max(len(data), 1), BODY_CHUNK):
                ctx.replacebody(data[start : start + BODY_CHUNK])
        case AddRecipient(address=address):
            ctx.addrcpt(address)
        case DeleteRecipient(address=address):
            ctx.delrcpt(address)
        case Hold(reason=reason):
            ctx.quarantine(reason)


def apply_effect(effect: Effect, ctx: MilterContext) -> int:
    """Make the effect's edits (only when the message is accepted), set its reply, and return
    the callback code."""
    if effect.outcome is Outcome.ACCEPT:
        for edit in effect.edits:
            _apply_edit(edit, ctx)
    if effect.reply is not None:
        reply = effect.reply
        ctx.setreply(reply.code, reply.xcode, reply.text)
    return CODES[effect.outcome]
