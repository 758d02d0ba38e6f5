"""The portal's mail to recipients: the pickup notice and the one-time code.

A pickup notice holds the link (``<portal_url>/p/<token>``), the sender's address, the
reference id and the expiry: never the subject, a body or an attachment name. A code mail holds
the code and how long it is valid. Both go to one recipient each, with a null envelope sender
(automatic mail never bounces back into a loop), through the loopback re-injection listener,
which runs no milter (:func:`dlpmilter.reinject.reinject`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from dlpmilter.reinject import automatic_message, reinject, sender_address


def portal_url(settings: Mapping[str, Any]) -> str:
    """The portal's public base URL, without a trailing slash."""
    url = str(settings.get("portal_url", "") or "")
    return (url or f"http://{settings.get('portal_web_listen', '127.0.0.1:8080')}").rstrip("/")


def _readable(iso_time: str) -> str:
    moment = datetime.strptime(iso_time, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    return moment.strftime("%d %B %Y, %H:%M UTC")


class Courier:
    """Composes and sends the portal's mail.

    :param sender: the From address.
    :param base_url: the portal's public base URL.
    :param host: the re-injection listener's host; :param port: its port.
    """

    def __init__(self, *, sender: str, base_url: str, host: str, port: int) -> None:
        self.sender = sender
        self.base_url = base_url
        self.host = host
        self.port = port

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> Courier:
        """From ``portal_from`` (else ``notify_from``), ``portal_url`` and ``reinject_*``."""
        sender = str(settings.get("portal_from", "") or settings.get("notify_from", "") or "")
        return cls(
            sender=sender_address(sender),
            base_url=portal_url(settings),
            host=str(settings.get("reinject_host", "127.0.0.1")),
            port=int(settings.get("reinject_port", 10026)),
        )

    def link(self, token: str) -> str:
        """The pickup link of a token."""
        return f"{self.base_url}/p/{token}"

    def notice(self, *, to: str, token: str, sender: str, reference: str, expires: str) -> bytes:
        """The pickup notice for one recipient."""
        text = (
            f"{sender or 'A sender'} has sent you a message through the secure\n"
            "message portal, because it holds protected information (for example\n"
            "health or payment data).\n\n"
            f"Open it here:\n\n{self.link(token)}\n\n"
            f"Reference:        {reference}\n"
            f"Available until:  {_readable(expires)}\n\n"
            "Before it shows the message, the portal mails a one-time code to this\n"
            "address. Do not forward this notice: the link is yours alone.\n"
        )
        subject = f"A secure message is waiting for you [{reference}]"
        return automatic_message(sender=self.sender, to=to, subject=subject, text=text)

    def code(self, *, to: str, code: str, reference: str, minutes: int) -> bytes:
        """The one-time code mail for one recipient."""
        text = (
            f"Your one-time code for the secure message portal is:\n\n    {code}\n\n"
            f"It is valid for {minutes} minutes, for message {reference} only.\n"
            "If you did not ask for it, you can ignore this mail.\n"
        )
        subject = f"Your secure portal code [{reference}]"
        return automatic_message(sender=self.sender, to=to, subject=subject, text=text)

    def send(self, raw: bytes, to: str) -> None:
        """Hand one message to the re-injection listener.

        :raises ActionError: when it is not accepted.
        """
        reinject(raw, sender="", recipients=[to], host=self.host, port=self.port, timeout=30)
