"""The portal's SMTP intake: where Postfix hands over mail for the portal.

Two kinds of message arrive:

* mail for ``portal_address`` (the ``portal`` action, the ``encrypt`` fallback) carries the
  signed ``X-DLP-Portal-Recipients`` header: it must verify under the site's header key (a
  tampered or forged one is refused with 554, and so are two of them), and its recipients are
  the header's;
* mail from the enforced-TLS transport's fallback (``dlp_tls``) carries no such header: it is
  for its envelope recipients.

Each message is expired-and-deposited in the store, then every recipient is mailed a pickup
notice. When the store or a notice fails, the deposit is undone and the answer is 451, so
Postfix keeps the message and retries: nothing is lost. Only clients from
``portal_intake_networks`` may send (550 otherwise). STARTTLS is offered (:mod:`.certificate`).
Logs name the portal id, the reference and counts, never an address or content.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import ssl
from collections.abc import Mapping
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Any

from aiosmtpd.controller import Controller

from dlpmilter.actions.portal import PORTAL_HEADER, bare_address, header_key, read_portal_header
from dlpmilter.errors import ActionError, ConfigError
from dlpmilter.portal.courier import Courier
from dlpmilter.portal.store import PortalStore
from dlpmilter.settings import Settings

log = logging.getLogger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_listen(value: str, setting: str) -> tuple[str, int]:
    """``host:port`` (``[v6]:port`` too) as a pair.

    :raises ConfigError: naming the setting when it is not one.
    """
    host, sep, port = value.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise ConfigError(f"setting {setting!r}: expected host:port, got {value!r}")
    return host.strip("[]"), int(port)


class Intake:
    """Accepts one message at a time: verify, deposit, notify.

    :param store: the portal store; :param courier: sends the pickup notices.
    :param key: the site's header HMAC key; :param portal_address: the portal's own address,
        never a recipient of a pickup.
    """

    def __init__(
        self, *, store: PortalStore, courier: Courier, key: bytes, portal_address: str
    ) -> None:
        self.store = store
        self.courier = courier
        self.key = key
        self.portal_address = portal_address.lower()

    @classmethod
    def from_settings(cls, settings: Settings) -> Intake:
        """From the portal, header-key and re-injection settings."""
        return cls(
            store=PortalStore.from_settings(settings),
            courier=Courier.from_settings(settings),
            key=header_key(settings),
            portal_address=str(settings["portal_address"]),
        )

    def recipients(self, raw: bytes, envelope: list[str]) -> tuple[str, tuple[str, ...]]:
        """``(reference, recipients)`` of a message: the signed header's, else the envelope's.

        :raises ActionError: when the header is repeated or does not verify.
        """
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw)
        values = headers.get_all(PORTAL_HEADER) or []
        if len(values) > 1:
            raise ActionError("portal header: more than one")
        if values:
            reference, listed = read_portal_header(str(values[0]), self.key)
        else:
            reference, listed = "", tuple(envelope)
        unique = dict.fromkeys(bare_address(r) for r in listed if r.strip())
        return reference, tuple(r for r in unique if r.lower() != self.portal_address)

    def accept(self, raw: bytes, *, sender: str, envelope: list[str]) -> str:
        """Handle one message; the SMTP reply to give."""
        try:
            reference, recipients = self.recipients(raw, envelope)
        except ActionError as exc:
            log.warning("portal intake: refused a message: %s", exc)
            return "554 5.7.1 Portal recipients header does not verify"
        if not recipients:
            return "550 5.1.1 No recipients for the portal"
        try:
            self.store.expire()
            deposit = self.store.deposit(
                raw, sender=bare_address(sender), recipients=recipients, reference=reference
            )
        except ActionError as exc:
            log.error("portal intake: cannot deposit: %s", exc)
            return "451 4.3.0 Portal store unavailable, try again later"
        stored = deposit.message
        shown = stored.reference or stored.id
        try:
            for number, (rcpt, token) in enumerate(deposit.tokens, start=1):
                notice = self.courier.notice(to=rcpt, token=token, sender=stored.sender,
                                             reference=shown, expires=stored.expires)  # fmt: skip
                self.courier.send(notice, rcpt)
                self.store.record(stored.id, number, "notified")
        except Exception as exc:  # noqa: BLE001 - whatever failed, undo and let the MTA retry
            self.store.discard(stored.id)
            why = str(exc) if isinstance(exc, ActionError) else type(exc).__name__
            log.error(
                "portal intake: %s (ref %s): notices not sent, undone: %s", stored.id, shown, why
            )
            return "451 4.3.0 Pickup notices could not be sent, try again later"
        log.info("portal intake: deposited %s (ref %s) for %d recipients",
                 stored.id, shown, len(recipients))  # fmt: skip
        return f"250 2.0.0 Deposited {stored.id}"


class IntakeHandler:
    """aiosmtpd handler around :class:`Intake`; the blocking work runs in a thread."""

    def __init__(self, intake: Intake, networks: tuple[Network, ...]) -> None:
        self.intake = intake
        self.networks = networks

    def allowed(self, peer: object) -> bool:
        """Whether a client (aiosmtpd's ``session.peer``) is in an allowed network."""
        host = peer[0] if isinstance(peer, tuple) and peer else ""
        try:
            address = ipaddress.ip_address(str(host))
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    async def handle_MAIL(  # noqa: N802 - aiosmtpd's hook name
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        """Refuse clients outside the allowed networks."""
        if not self.allowed(session.peer):
            return "550 5.7.1 Client not allowed to use the portal intake"
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's hook name
        """Deposit the message and notify its recipients (in a worker thread)."""
        raw = bytes(envelope.original_content or envelope.content or b"")
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(
                None,
                lambda: self.intake.accept(
                    raw, sender=str(envelope.mail_from or ""), envelope=list(envelope.rcpt_tos)
                ),
            )
        except Exception as exc:  # noqa: BLE001 - an unexpected failure must be a 4xx, never a 5xx
            log.error("portal intake: message not taken: %s", type(exc).__name__)
            return "451 4.3.0 Portal intake failure, try again later"


def networks(settings: Mapping[str, Any]) -> tuple[Network, ...]:
    """``portal_intake_networks`` parsed.

    :raises ConfigError: naming the entry that is not a network.
    """
    parsed = []
    for entry in settings["portal_intake_networks"]:
        try:
            parsed.append(ipaddress.ip_network(str(entry), strict=False))
        except ValueError:
            raise ConfigError(
                f"setting 'portal_intake_networks': not a network: {entry!r}"
            ) from None
    return tuple(parsed)


def controller(intake: Intake, settings: Mapping[str, Any], context: ssl.SSLContext) -> Controller:
    """An aiosmtpd controller for the intake on ``portal_intake_listen``, offering STARTTLS."""
    host, port = parse_listen(str(settings["portal_intake_listen"]), "portal_intake_listen")
    return Controller(
        IntakeHandler(intake, networks(settings)),
        hostname=host,
        port=port,
        tls_context=context,
        data_size_limit=int(settings["max_message_bytes"]),
        ident="dlpmilter portal intake",
        enable_SMTPUTF8=True,
    )
