"""Fixtures of the quarantine tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from sinks import Collect, smtp_sink


@pytest.fixture
def listener() -> Iterator[tuple[Collect, int]]:
    """A real SMTP listener on 127.0.0.1 standing in for the re-injection smtpd."""
    with smtp_sink() as sink:
        yield sink
