"""Shared pieces of the portal tests: a settable clock, a store, a courier that keeps its mail."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes
from pathlib import Path

import pytest

from dlpmilter.errors import ActionError
from dlpmilter.portal.courier import Courier
from dlpmilter.portal.store import PortalStore
from dlpmilter.settings import Settings, load_settings

KEY = bytes(range(32))
RAW = (
    b"From: Dr Sender <sender@corp.test>\r\nTo: alice@example.com\r\n"
    b"Subject: Lab results for Jane Roe\r\nDate: Sun, 29 Nov 2026 10:00:00 +0000\r\n"
    b"\r\nMRN 12345678, diagnosis E11.9\r\n"
)


@dataclass
class Clock:
    """A clock the test moves by hand."""

    now: datetime = field(default_factory=lambda: datetime(2026, 11, 29, 12, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class KeptCourier(Courier):
    """A courier whose ``send`` keeps the mail (or fails, when told to)."""

    def __init__(self) -> None:
        super().__init__(sender="portal@corp.test", base_url="https://portal.test", host="", port=0)
        self.sent: list[tuple[str, bytes]] = []
        self.fail_after: int | None = None

    def send(self, raw: bytes, to: str) -> None:
        if self.fail_after is not None and len(self.sent) >= self.fail_after:
            raise ActionError("re-injection failed: ConnectionRefusedError")
        self.sent.append((to, raw))

    def texts(self, to: str) -> list[str]:
        """The plain-text bodies of the mail sent to ``to``."""
        found = []
        for rcpt, raw in self.sent:
            if rcpt == to:
                payload = message_from_bytes(raw).get_payload(decode=True)
                assert isinstance(payload, bytes)
                found.append(payload.decode())
        return found


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path, clock: Clock) -> PortalStore:
    return PortalStore(tmp_path / "portal", KEY, retention=timedelta(days=14), clock=clock)


@pytest.fixture
def courier() -> KeptCourier:
    return KeptCourier()


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    yield load_settings(
        overrides={
            "state_dir": str(tmp_path / "state"),
            "portal_url": "https://portal.test",
            "portal_address": "dlp-portal@corp.test",
        },
        environ={},
    )
