"""Re-injection errors say what failed, never which addresses."""

from __future__ import annotations

import smtplib
from typing import Any

import pytest

from dlpmilter import reinject as module
from dlpmilter.errors import ActionError


class RefusingSMTP:
    """An SMTP client whose server refuses every recipient."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __enter__(self) -> RefusingSMTP:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def sendmail(self, sender: str, recipients: list[str], raw: bytes) -> dict[str, Any]:
        raise smtplib.SMTPRecipientsRefused(dict.fromkeys(recipients, (550, b"5.1.1 unknown")))


def test_a_refused_recipient_is_not_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module.smtplib, "SMTP", RefusingSMTP)
    with pytest.raises(ActionError) as caught:
        module.reinject(
            b"Subject: x\r\n\r\nx\r\n",
            sender="a@clinic.example",
            recipients=["patient@home.example"],
            host="127.0.0.1",
            port=10026,
        )
    assert "SMTPRecipientsRefused" in str(caught.value)
    assert "patient@home.example" not in str(caught.value)
