"""Re-injection: hand a message back to the MTA through its loopback listener without milters.

Released quarantine, notices and the encrypted copies of a message split by recipient
(:mod:`dlpmilter.actions.encrypt`) go to ``reinject_host`` and
``reinject_port`` (see ``contrib/postfix/master.cf``: an smtpd on 127.0.0.1 with
``-o smtpd_milters=``), so it is not inspected a second time. :func:`automatic_message`
writes the mail dlpmilter sends itself (notices, the portal's pickup notices and codes).
"""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from dlpmilter.errors import ActionError


def reinject(
    raw: bytes,
    *,
    sender: str,
    recipients: Sequence[str],
    host: str,
    port: int,
    timeout: float = 60.0,
) -> None:
    """Send ``raw`` from ``sender`` to every recipient, or fail without partial success hidden.

    :raises ActionError: when the listener cannot be reached or refuses any recipient.
    """
    if not recipients:
        raise ActionError("re-injection: no recipients")
    try:
        with smtplib.SMTP(host, port, timeout=timeout) as client:
            refused: dict[str, Any] = client.sendmail(sender, list(recipients), raw)
    except (OSError, smtplib.SMTPException) as exc:
        # the type only: smtplib's texts can hold the refused addresses
        raise ActionError(f"re-injection to {host}:{port} failed: {type(exc).__name__}") from exc
    if refused:
        raise ActionError(f"re-injection: {len(refused)} of {len(recipients)} recipients refused")


def automatic_message(*, sender: str, to: str, subject: str, text: str) -> bytes:
    """A message dlpmilter writes itself (a notice to a sender, a portal pickup notice or
    code): plain text, marked ``Auto-Submitted: auto-generated`` (RFC 3834); send it with a null
    envelope sender so that it never bounces back into a loop."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    return msg.as_bytes()


def sender_address(configured: str) -> str:
    """The From address of automatic mail: ``configured``, else ``postmaster@<host name>``."""
    return configured or f"postmaster@{socket.getfqdn()}"
