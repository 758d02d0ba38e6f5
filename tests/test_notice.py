"""Notices: content-free, to the sender and a copy address, only for the notified actions."""

from __future__ import annotations

import email
import email.policy
from typing import Any

import pytest

from dlpmilter import notice as module
from dlpmilter.actions.base import Effect, Outcome
from dlpmilter.errors import ConfigError
from dlpmilter.message import Envelope
from dlpmilter.notice import Notices, compose
from dlpmilter.settings import load_settings
from dlpmilter.verdict import Action, RuleHit, Verdict

ENVELOPE = Envelope(sender="nurse@clinic.example", recipients=("a@x.example", "b@y.example"))
VERDICT = Verdict(
    action=Action.QUARANTINE,
    labels=("PHI", "gen:1"),
    hits=(RuleHit(rule="phi-strong-id", label="PHI", action=Action.QUARANTINE),),
)
HELD = Effect(outcome=Outcome.DISCARD)


def notices(**settings: Any) -> Notices:
    return Notices.from_settings({"notify_from": "dlp@clinic.example", **settings})


def test_a_notice_says_what_happened_and_nothing_of_the_message() -> None:
    raw = compose(
        verdict=VERDICT, reference="DLP-20261129-ABCDEF0123", to=["nurse@clinic.example"],
        sender="dlp@clinic.example", recipients=2,
    )  # fmt: skip
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert msg["Subject"] == "Your message was held for review [DLP-20261129-ABCDEF0123]"
    assert msg["Auto-Submitted"] == "auto-generated"
    text = msg.get_content()
    assert "2 recipient(s)" in text and "phi-strong-id" in text and "PHI" in text
    assert "gen:1" not in text  # only classification labels
    assert "a@x.example" not in raw.decode()


def test_sent_to_the_sender_and_the_copy_with_a_null_envelope_sender(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sent: list[tuple[str, list[str], int]] = []

    def fake(
        raw: bytes, *, sender: str, recipients: list[str], host: str, port: int, **_: Any
    ) -> None:
        sent.append((sender, recipients, port))

    monkeypatch.setattr(module, "reinject", fake)
    n = notices(notify_copy_to="compliance@clinic.example", reinject_port=12345)
    future = n.send(ENVELOPE, VERDICT, HELD, "DLP-1")
    assert future is not None
    future.result(timeout=10)
    assert sent == [("", ["nurse@clinic.example", "compliance@clinic.example"], 12345)]
    n.close()


def test_only_notified_actions_that_were_carried_out() -> None:
    n = notices()
    block = Verdict(action=Action.BLOCK, labels=("PCI",))
    assert n.send(ENVELOPE, block, Effect(outcome=Outcome.REJECT), "DLP-2") is None
    assert n.send(ENVELOPE, VERDICT, Effect(outcome=Outcome.TEMPFAIL), "DLP-3") is None
    bounce = Envelope(sender="", recipients=("a@x.example",))
    assert n.send(bounce, VERDICT, HELD, "DLP-4") is None  # no null-sender notices
    assert notices(notify_on=[]).send(ENVELOPE, VERDICT, HELD, "DLP-5") is None
    n.close()


def test_a_notice_that_cannot_be_sent_is_logged_by_reference(
    caplog: pytest.LogCaptureFixture,
) -> None:
    n = notices(reinject_port=1)  # nothing listens there
    future = n.send(ENVELOPE, VERDICT, HELD, "DLP-20261129-0000000001")
    assert future is not None
    future.result(timeout=60)
    assert "DLP-20261129-0000000001: notice not sent: ActionError" in caplog.text
    assert "nurse@clinic.example" not in caplog.text
    n.close()


def test_an_unknown_action_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"notify_on.*'hold'"):
        notices(notify_on=["hold"])
    comma_separated = load_settings(overrides={"notify_on": "block, quarantine"}, environ={})
    assert Notices.from_settings(comma_separated).actions == {Action.BLOCK, Action.QUARANTINE}


def test_the_default_sender_is_this_hosts_postmaster() -> None:
    assert Notices.from_settings({}).sender.startswith("postmaster@")
