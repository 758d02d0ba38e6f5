"""The milter callbacks: one :class:`DlpMilter` per MTA connection, and nothing else.

They record the envelope and macros, spool the headers and body into a
:class:`~dlpmilter.spool.Transaction`, and at end of message hand it to the :class:`Gateway`
(:mod:`dlpmilter.service`), whose :class:`~dlpmilter.actions.base.Effect` is applied through
:func:`~dlpmilter.actions.adapter.apply_effect`. No policy decision is made here.
"""

from __future__ import annotations

from typing import ClassVar, Protocol

import Milter

from dlpmilter.actions.adapter import apply_effect
from dlpmilter.actions.base import Effect
from dlpmilter.spool import Transaction


class Gateway(Protocol):
    """What the callbacks need from the service."""

    def begin(self, sender: str, *, client_address: str, authenticated_user: str) -> Transaction:
        """Start a transaction at MAIL FROM."""

    def finish(self, transaction: Transaction, *, queue_id: str) -> Effect:
        """Decide a finished transaction (and release its spool)."""


def _macro(milter: Milter.Base, name: str) -> str:
    value = milter.getsymval(name)
    return str(value) if value else ""


class DlpMilter(Milter.Base):  # type: ignore[misc]
    """Per-connection milter state: the client address and the current transaction."""

    #: Set by the service before the milter starts.
    gateway: ClassVar[Gateway]

    def __init__(self) -> None:
        self.client_address = ""
        self.transaction: Transaction | None = None

    def _reset(self) -> None:
        if self.transaction is not None:
            self.transaction.close()
            self.transaction = None

    @Milter.noreply  # type: ignore[untyped-decorator]
    def connect(self, hostname: str, family: int, hostaddr: object) -> int:
        """Remember the client address."""
        if isinstance(hostaddr, tuple) and hostaddr:
            self.client_address = str(hostaddr[0])
        elif hostaddr:
            self.client_address = str(hostaddr)
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def envfrom(self, sender: str, *params: str) -> int:
        """MAIL FROM starts a new transaction (an earlier one was aborted or finished)."""
        self._reset()
        self.transaction = self.gateway.begin(
            sender,
            client_address=self.client_address or _macro(self, "{client_addr}"),
            authenticated_user=_macro(self, "{auth_authen}"),
        )
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def envrcpt(self, recipient: str, *params: str) -> int:
        """Record one recipient and its ``{rcpt_mailer}``."""
        if self.transaction is not None:
            self.transaction.add_recipient(recipient, _macro(self, "{rcpt_mailer}"))
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def header(self, name: str, value: str) -> int:
        """Spool one header."""
        if self.transaction is not None:
            self.transaction.add_header(name, value)
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def eoh(self) -> int:
        """End of headers."""
        if self.transaction is not None:
            self.transaction.end_headers()
        return Milter.CONTINUE  # type: ignore[no-any-return]

    @Milter.noreply  # type: ignore[untyped-decorator]
    def body(self, chunk: bytes) -> int:
        """Spool one body chunk."""
        if self.transaction is not None:
            self.transaction.add_body(chunk)
        return Milter.CONTINUE  # type: ignore[no-any-return]

    def eom(self) -> int:
        """Hand the message to the gateway and apply its effect."""
        transaction, self.transaction = self.transaction, None
        if transaction is None:
            return Milter.TEMPFAIL  # type: ignore[no-any-return]
        effect = self.gateway.finish(transaction, queue_id=_macro(self, "i"))
        return apply_effect(effect, self)

    def abort(self) -> int:
        """The transaction was aborted (RSET, client gone): drop its spool."""
        self._reset()
        return Milter.CONTINUE  # type: ignore[no-any-return]

    def close(self) -> int:
        """The connection closed."""
        self._reset()
        return Milter.CONTINUE  # type: ignore[no-any-return]

    def negotiate(self, opts: list[int]) -> int:
        """Negotiate as pymilter does, but request only the actions set with ``set_flags``."""
        rc: int = super().negotiate(opts)
        opts[0] &= self.flags
        self._actions = opts[0]
        return rc

    #: The milter actions requested; set by the service from the action handlers' edits.
    flags: ClassVar[int] = 0
