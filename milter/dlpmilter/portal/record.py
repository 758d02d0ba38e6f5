"""The portal store's values: a message's index row, a pickup, an event, a deposit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import Enum


@dataclass(frozen=True, slots=True, kw_only=True)
class Stored:
    """One message's index row."""

    id: str
    reference: str
    time: str
    expires: str
    sender: str
    recipients: tuple[str, ...]
    size: int
    state: str

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> Stored:
        """Build from a row of the store's ``messages`` table (its column order)."""
        mid, reference, time, expires, sender, rcpts, size, state = row
        return cls(id=str(mid), reference=str(reference), time=str(time), expires=str(expires),
                   sender=str(sender), recipients=tuple(json.loads(str(rcpts))),
                   size=int(str(size)), state=str(state))  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Pickup:
    """One recipient's pickup of one message (``token`` is the token's digest)."""

    token: str
    message: str
    number: int
    recipient: str
    code: str = ""
    code_expires: str = ""
    code_attempts: int = 0

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> Pickup:
        """Build from a row of the store's ``pickups`` table (its column order)."""
        token, message, number, recipient, code, code_expires, attempts = row
        return cls(token=str(token), message=str(message), number=int(str(number)),
                   recipient=str(recipient), code=str(code), code_expires=str(code_expires),
                   code_attempts=int(str(attempts)))  # fmt: skip


@dataclass(frozen=True, slots=True, kw_only=True)
class Event:
    """One line of a message's trail."""

    time: str
    message: str
    pickup: int
    kind: str
    detail: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Deposit:
    """A stored message and the token of each recipient's pickup (only here in clear)."""

    message: Stored
    tokens: tuple[tuple[str, str], ...]


class CodeCheck(Enum):
    """What entering a one-time code did."""

    ACCEPTED = "accepted"
    WRONG = "wrong"
    SPENT = "spent"  # no valid code (expired, used up or never sent): ask for a new one
