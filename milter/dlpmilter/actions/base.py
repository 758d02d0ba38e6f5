"""The action contract: what happens to a message once the engine has decided.

An action type is registered through ``dlp_register_actions`` under the name of the
:class:`~dlpmilter.verdict.Action` it carries out (``deliver``, ``tag``, ``encrypt``, ``portal``,
``quarantine``, ``tempfail``, ``block``). It is built once at start-up with its validated
parameters and the settings; per message it gets an :class:`ActionRequest` (the verdict, the
envelope, the reference id, the raw message) and returns an :class:`Effect`: a value that says
what the MTA should do (accept, discard, reject, tempfail) and which edits to make. It never sees
detectors and never touches the milter: :mod:`dlpmilter.actions.adapter` applies effects.

Side effects that belong to the action itself (writing to the quarantine store) happen inside
:meth:`ActionHandler.apply`; a failure there raises :class:`~dlpmilter.errors.ActionError`, and the
message is tempfailed.
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from dlpmilter.message import Envelope
from dlpmilter.verdict import Verdict


class ActionParams(BaseModel):
    """Base of every action's parameter model: strict, frozen, no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Outcome(enum.Enum):
    """The MTA-level result of a decision."""

    ACCEPT = "accept"
    DISCARD = "discard"
    REJECT = "reject"
    TEMPFAIL = "tempfail"


@dataclass(frozen=True, slots=True, kw_only=True)
class Reply:
    """An SMTP reply: ``550 5.7.1 text``. The text is plain ASCII with no line breaks."""

    code: str
    xcode: str
    text: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AddHeader:
    """Append a header."""

    name: str
    value: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeHeader:
    """Replace the ``index``-th (1-based) header called ``name``; add it when absent."""

    name: str
    value: str
    index: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class RemoveHeader:
    """Remove the ``index``-th (1-based) header called ``name``. An effect that removes several
    headers of one name lists them from the highest index down, so that no removal renumbers
    one still to come."""

    name: str
    index: int = 1


@dataclass(frozen=True, slots=True, kw_only=True)
class ReplaceBody:
    """Replace the whole body (the text after the header block, CRLF line ends)."""

    data: bytes


@dataclass(frozen=True, slots=True, kw_only=True)
class AddRecipient:
    """Add an envelope recipient."""

    address: str


@dataclass(frozen=True, slots=True, kw_only=True)
class DeleteRecipient:
    """Remove an envelope recipient, as it was given in RCPT TO."""

    address: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Hold:
    """Put the message into the MTA's own quarantine (Postfix: the hold queue)."""

    reason: str


Edit = AddHeader | ChangeHeader | RemoveHeader | ReplaceBody | AddRecipient | DeleteRecipient | Hold

#: Every edit type, so the adapter can negotiate exactly the milter actions in use.
EDIT_TYPES: tuple[type[Edit], ...] = (
    AddHeader,
    ChangeHeader,
    RemoveHeader,
    ReplaceBody,
    AddRecipient,
    DeleteRecipient,
    Hold,
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Effect:
    """What to do with one message: the outcome, the edits, the reply and audit notes.

    :param notes: extra audit fields (``quarantine_id``, ``route``); never message content.
    """

    outcome: Outcome
    edits: tuple[Edit, ...] = ()
    reply: Reply | None = None
    notes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ActionRequest:
    """Everything an action may use about one message.

    :param reference: the id given to the sender and written to the audit (``DLP-...``).
    :param subject: the raw Subject header as received, ``None`` when the message has none.
    :param raw: the whole message as received (headers and body), or the path of the private
        spool file holding it (valid while the action runs); read it with :meth:`raw_bytes`.
    """

    verdict: Verdict
    envelope: Envelope
    reference: str
    subject: str | None = None
    raw: bytes | Path = b""

    def raw_bytes(self) -> bytes:
        """The whole message, read from the spool file when it is one."""
        return self.raw.read_bytes() if isinstance(self.raw, Path) else self.raw

    def param(self, name: str, default: str = "") -> str:
        """A per-message parameter the policy gave (``Verdict.action_params``)."""
        return dict(self.verdict.action_params).get(name, default)


class ActionHandler(abc.ABC):
    """Base class of every action type; see :mod:`dlpmilter.actions.builtin` for the built-ins.

    :param params: the validated parameters of this action type.
    :param settings: the loaded settings.
    """

    Params: ClassVar[type[ActionParams]] = ActionParams
    #: The edit types this action may return; the milter negotiates exactly these.
    edits: ClassVar[tuple[type[Edit], ...]] = ()

    def __init__(self, *, params: ActionParams, settings: Mapping[str, Any]) -> None:
        self.params = params
        self.settings = settings

    @abc.abstractmethod
    def apply(self, request: ActionRequest) -> Effect:
        """Decide the effect for one message; raise :class:`~dlpmilter.errors.ActionError`
        when a side effect fails."""


def clean_reply_text(text: str, *, limit: int = 200) -> str:
    """Reply text safe for SMTP and libmilter: printable ASCII, one line, ``%`` removed."""
    kept = "".join(ch if 32 <= ord(ch) < 127 and ch != "%" else " " for ch in text)
    return " ".join(kept.split())[:limit]
