"""A real SMTP listener for tests that send mail: an aiosmtpd server on a free loopback port
whose handler keeps every message it is given (envelope sender, recipients, bytes).

``tests`` is on ``sys.path`` during a test run: ``from sinks import Collect, smtp_sink``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from aiosmtpd.controller import Controller

from netwait import free_ports


class Collect:
    """An SMTP listener's handler that keeps what it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            (envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content)
        )
        return "250 OK"


@contextmanager
def smtp_sink() -> Iterator[tuple[Collect, int]]:
    """A listening sink and its port, stopped on leaving."""
    handler = Collect()
    (port,) = free_ports(1)
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
