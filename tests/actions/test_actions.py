"""The built-in actions, the dispatcher and the milter adapter, with a fake milter context."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import Milter
import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.actions.adapter import BODY_CHUNK, apply_effect, milter_flags
from dlpmilter.actions.base import (
    ActionRequest,
    AddHeader,
    AddRecipient,
    ChangeHeader,
    DeleteRecipient,
    Effect,
    Hold,
    Outcome,
    RemoveHeader,
    ReplaceBody,
    Reply,
    clean_reply_text,
)
from dlpmilter.actions.block import tempfail_effect
from dlpmilter.actions.dispatcher import SCANNED_HEADER, Dispatcher
from dlpmilter.actions.portal import PORTAL_HEADER, portal_header, read_portal_header
from dlpmilter.actions.tag import parse_header_setting
from dlpmilter.errors import ActionError, ConfigError
from dlpmilter.keyfile import load_or_create
from dlpmilter.message import Envelope
from dlpmilter.plugins import load_registry
from dlpmilter.quarantine.store import QuarantineStore
from dlpmilter.settings import Settings, load_settings
from dlpmilter.verdict import Action, RuleHit, Verdict

ENVELOPE = Envelope(
    sender="sender@corp.test",
    recipients=("alice@example.com", "bob@example.org"),
    queue_id="4AB12",
)


class FakeContext:
    """Records every milter call, like libmilter's context would receive them."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def addheader(self, field: str, value: str, idx: int = -1) -> None:
        self.calls.append(("addheader", field, value))

    def chgheader(self, field: str, idx: int, value: str | None) -> None:
        self.calls.append(("chgheader", field, idx, value))

    def replacebody(self, body: bytes) -> None:
        self.calls.append(("replacebody", body))

    def addrcpt(self, rcpt: str, params: str | None = None) -> None:
        self.calls.append(("addrcpt", rcpt))

    def delrcpt(self, rcpt: str) -> None:
        self.calls.append(("delrcpt", rcpt))

    def quarantine(self, reason: str) -> None:
        self.calls.append(("quarantine", reason))

    def setreply(self, rcode: str, xcode: str | None = None, msg: str | None = None) -> None:
        self.calls.append(("setreply", rcode, xcode, msg))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings(
        overrides={"state_dir": str(tmp_path), "portal_address": "intake@portal.test"},
        environ={},
    )


def dispatcher(settings: Settings) -> Dispatcher:
    return Dispatcher.from_registry(load_registry().actions, settings)


def request(action: Action, **kw: Any) -> ActionRequest:
    verdict = Verdict(
        action=action,
        labels=("PHI",),
        hits=(RuleHit(rule="hipaa-phi", label="PHI", action=action),),
        reply=kw.pop("reply", ""),
        action_params=kw.pop("params", ()),
    )
    return ActionRequest(
        verdict=verdict,
        envelope=ENVELOPE,
        reference="DLP-20260101-0123456789",
        subject=kw.pop("subject", "Lab results"),
        raw=kw.pop("raw", b"Subject: Lab results\r\n\r\nbody\r\n"),
    )


# fmt: off
OUTCOMES = [
    (Action.DELIVER,    Outcome.ACCEPT,   Milter.ACCEPT),
    (Action.TAG,        Outcome.ACCEPT,   Milter.ACCEPT),
    (Action.ENCRYPT,    Outcome.ACCEPT,   Milter.ACCEPT),
    (Action.PORTAL,     Outcome.ACCEPT,   Milter.ACCEPT),
    (Action.QUARANTINE, Outcome.DISCARD,  Milter.DISCARD),
    (Action.TEMPFAIL,   Outcome.TEMPFAIL, Milter.TEMPFAIL),
    (Action.BLOCK,      Outcome.REJECT,   Milter.REJECT),
]
# fmt: on


@pytest.mark.parametrize(("action", "outcome", "code"), OUTCOMES)
def test_each_action_has_its_outcome(
    settings: Settings, action: Action, outcome: Outcome, code: int
) -> None:
    """Every verdict action maps to the expected MTA outcome and callback code."""
    effect = dispatcher(settings).decide(request(action))
    assert effect.outcome is outcome
    assert apply_effect(effect, FakeContext()) == code


def test_block_replies_550_with_policy_text_and_reference(settings: Settings) -> None:
    """The policy's text and the reference id, nothing about rules or findings."""
    effect = dispatcher(settings).decide(
        request(Action.BLOCK, reply="Card data may not be e-mailed")
    )
    ctx = FakeContext()
    apply_effect(effect, ctx)
    assert ctx.calls == [
        ("setreply", "550", "5.7.1", "Card data may not be e-mailed (ref DLP-20260101-0123456789)")
    ]


def test_block_reply_defaults_and_is_made_safe(settings: Settings) -> None:
    """No text gives the default; '%' and line breaks never reach libmilter."""
    d = dispatcher(settings)
    assert d.decide(request(Action.BLOCK)).reply == Reply(
        code="550",
        xcode="5.7.1",
        text="Message blocked by DLP policy (ref DLP-20260101-0123456789)",
    )
    reply = d.decide(request(Action.BLOCK, reply="100% blocked\r\nsecond line")).reply
    assert reply is not None
    assert "%" not in reply.text and "\n" not in reply.text


@given(st.text())
def test_clean_reply_text_is_always_one_safe_line(text: str) -> None:
    """Whatever a policy says, the reply is printable ASCII without '%' or line breaks."""
    cleaned = clean_reply_text(text)
    assert all(32 <= ord(c) < 127 for c in cleaned)
    assert "%" not in cleaned
    assert len(cleaned) <= 200


def test_tempfail_effect_is_451_with_reason() -> None:
    """Pool full and friends: 451 4.7.1 with the reference; the reason goes to the audit."""
    effect = tempfail_effect("DLP-1", reason="queue_full")
    assert effect.outcome is Outcome.TEMPFAIL
    assert effect.reply == Reply(
        code="451", xcode="4.7.1", text=effect.reply.text if effect.reply else ""
    )
    assert effect.reply is not None and effect.reply.text.endswith("(ref DLP-1)")
    assert dict(effect.notes) == {"reason": "queue_full"}


def test_encrypt_adds_only_the_route_header(settings: Settings) -> None:
    """Enforced TLS is a routing header and nothing else."""
    ctx = FakeContext()
    apply_effect(dispatcher(settings).decide(request(Action.ENCRYPT)), ctx)
    assert ctx.calls == [("addheader", "X-DLP-Route", "tls")]


def test_encrypt_refuses_an_unknown_method(settings: Settings) -> None:
    """A method that does not exist fails (and is tempfailed), it does not go out in clear."""
    with pytest.raises(ActionError, match="rot13"):
        dispatcher(settings).decide(request(Action.ENCRYPT, params=(("method", "rot13"),)))


def test_remove_header_and_replace_body_reach_libmilter(settings: Settings) -> None:
    """Removals call chgheader with no value (libmilter deletes); a long body goes in chunks."""
    body = b"x" * (BODY_CHUNK + 10)
    effect = Effect(
        outcome=Outcome.ACCEPT,
        edits=(RemoveHeader(name="Content-Type", index=2), ReplaceBody(data=body)),
    )
    ctx = FakeContext()
    apply_effect(effect, ctx)
    assert ctx.calls == [
        ("chgheader", "Content-Type", 2, None),
        ("replacebody", body[:BODY_CHUNK]),
        ("replacebody", body[BODY_CHUNK:]),
    ]
    assert milter_flags([RemoveHeader, ReplaceBody]) == Milter.CHGHDRS | Milter.MODBODY


def test_portal_swaps_recipients_and_signs_them(settings: Settings) -> None:
    """Every recipient removed, the intake added, the originals in a header that verifies."""
    ctx = FakeContext()
    apply_effect(dispatcher(settings).decide(request(Action.PORTAL)), ctx)
    assert ctx.calls[:3] == [
        ("delrcpt", "<alice@example.com>"),
        ("delrcpt", "<bob@example.org>"),
        ("addrcpt", "<intake@portal.test>"),
    ]
    name, value = ctx.calls[3][1:]
    assert name == PORTAL_HEADER
    key = load_or_create(settings.state_dir / "header.key")
    assert read_portal_header(value, key) == ("DLP-20260101-0123456789", ENVELOPE.recipients)


def test_portal_header_rejects_tampering() -> None:
    """Changing the recipients or using another key breaks the MAC."""
    key = b"k" * 32
    value = portal_header(("a@x.test",), "DLP-1", key)
    forged = portal_header(("evil@x.test",), "DLP-1", b"z" * 32)
    with pytest.raises(ActionError):
        read_portal_header(value, b"q" * 32)
    with pytest.raises(ActionError):
        read_portal_header(forged, key)
    with pytest.raises(ActionError):
        read_portal_header("v=1; ref=DLP-1", key)


@given(st.lists(st.emails(), min_size=1, max_size=40))
def test_portal_header_round_trips_and_lines_stay_short(recipients: list[str]) -> None:
    """Any recipient list survives the header; folded lines stay well under 998 characters."""
    value = portal_header(tuple(recipients), "DLP-20260101-0123456789", b"k" * 32)
    assert all(len(line) < 100 for line in value.split("\n"))
    assert read_portal_header(value, b"k" * 32)[1] == tuple(recipients)


# fmt: off
TAGGED = [
    ("Lab results",          [("chgheader", "Subject", 1, "[SECURE] Lab results")]),
    ("[SECURE] Lab results", []),
    (None,                   [("addheader", "Subject", "[SECURE]")]),
    ("caf\udce9 r\u00e9sultats",  [("chgheader", "Subject", 1, "[SECURE] caf\ufffd r\u00e9sultats")]),
]
# fmt: on


@pytest.mark.parametrize(("subject", "expected"), TAGGED)
def test_tag_prefixes_the_subject_once(
    settings: Settings, subject: str | None, expected: list[tuple[Any, ...]]
) -> None:
    """The prefix is added once, and a message without a subject gets one."""
    ctx = FakeContext()
    apply_effect(dispatcher(settings).decide(request(Action.TAG, subject=subject)), ctx)
    assert ctx.calls == expected


def test_tag_header_setting(tmp_path: Path) -> None:
    """``tag_header`` adds a header; a malformed one fails at start-up."""
    settings = load_settings(
        overrides={
            "state_dir": str(tmp_path),
            "tag_header": "X-Classification: confidential",
            "tag_subject_prefix": "",
        },
        environ={},
    )
    ctx = FakeContext()
    apply_effect(dispatcher(settings).decide(request(Action.TAG)), ctx)
    assert ctx.calls == [("addheader", "X-Classification", "confidential")]
    assert parse_header_setting("") is None
    with pytest.raises(ConfigError, match="tag_header"):
        parse_header_setting("no colon here")


def test_quarantine_store_mode_stores_encrypted_then_discards(settings: Settings) -> None:
    """The message is in the store under the reference id, with its envelope and labels."""
    effect = dispatcher(settings).decide(
        request(Action.QUARANTINE, raw=b"Subject: x\r\n\r\nsecret 123\r\n")
    )
    assert effect.outcome is Outcome.DISCARD
    assert dict(effect.notes)["quarantine_id"] == "DLP-20260101-0123456789"
    store = QuarantineStore.from_settings(settings)
    entry = store.get("DLP-20260101-0123456789")
    assert entry.recipients == ENVELOPE.recipients
    assert entry.labels == ("PHI",)
    assert entry.rules == ("hipaa-phi",)
    assert store.read(entry.id) == b"Subject: x\r\n\r\nsecret 123\r\n"


def test_quarantine_stores_a_spooled_message_from_its_file(
    settings: Settings, tmp_path: Path
) -> None:
    """A message handed over as its spool file is stored byte for byte."""
    spooled = tmp_path / "tx.eml"
    spooled.write_bytes(b"Subject: big\r\n\r\n" + b"y" * 100_000)
    dispatcher(settings).decide(request(Action.QUARANTINE, raw=spooled))
    store = QuarantineStore.from_settings(settings)
    assert store.read("DLP-20260101-0123456789") == spooled.read_bytes()


def test_quarantine_hold_mode_uses_the_mta_hold_queue(tmp_path: Path) -> None:
    """``hold``: milter quarantine() then ACCEPT; nothing is stored by dlpmilter."""
    settings = load_settings(
        overrides={"state_dir": str(tmp_path), "quarantine_mode": "hold"}, environ={}
    )
    ctx = FakeContext()
    code = apply_effect(dispatcher(settings).decide(request(Action.QUARANTINE)), ctx)
    assert code == Milter.ACCEPT
    assert ctx.calls == [("quarantine", "DLP quarantine DLP-20260101-0123456789")]
    assert not (tmp_path / "quarantine").exists()


def test_quarantine_mode_is_validated_at_start_up(tmp_path: Path) -> None:
    """An unknown mode stops start-up, naming the setting."""
    settings = load_settings(
        overrides={"state_dir": str(tmp_path), "quarantine_mode": "bin"}, environ={}
    )
    with pytest.raises(ConfigError, match="quarantine_mode"):
        dispatcher(settings)


def test_scanned_header_only_when_configured(tmp_path: Path) -> None:
    """``add_headers`` adds the reference and the action to accepted mail, never labels or rules."""
    on = load_settings(overrides={"state_dir": str(tmp_path), "add_headers": True}, environ={})
    ctx = FakeContext()
    apply_effect(dispatcher(on).decide(request(Action.DELIVER)), ctx)
    assert ctx.calls == [
        ("addheader", SCANNED_HEADER, "ref=DLP-20260101-0123456789; action=deliver")
    ]
    assert "PHI" not in str(ctx.calls) and "hipaa" not in str(ctx.calls)
    ctx = FakeContext()
    apply_effect(dispatcher(on).decide(request(Action.BLOCK)), ctx)
    assert [c[0] for c in ctx.calls] == ["setreply"]


def test_edits_are_not_applied_to_refused_mail() -> None:
    """Edits only apply to accepted messages."""
    effect = Effect(outcome=Outcome.REJECT, edits=(AddHeader(name="X", value="y"),))
    ctx = FakeContext()
    assert apply_effect(effect, ctx) == Milter.REJECT
    assert ctx.calls == []


def test_flags_are_exactly_the_edits_in_use(settings: Settings) -> None:
    """The milter negotiates the actions the handlers can use, and no others."""
    assert milter_flags([]) == 0
    assert milter_flags([AddHeader, Hold]) == Milter.ADDHDRS | Milter.QUARANTINE
    flags = milter_flags(dispatcher(settings).edit_types)
    # MODBODY: encrypt replaces the body with the S/MIME or PGP/MIME entity
    expected = (
        Milter.ADDHDRS
        | Milter.CHGHDRS
        | Milter.MODBODY
        | Milter.ADDRCPT
        | Milter.DELRCPT
        | Milter.QUARANTINE
    )
    assert flags == expected


def test_every_verdict_action_needs_a_handler(settings: Settings) -> None:
    """A registry missing an action fails at start-up, naming it."""
    actions = dict(load_registry().actions)
    del actions["portal"]
    with pytest.raises(ConfigError, match="portal"):
        Dispatcher.from_registry(actions, settings)


def test_edit_values_are_frozen() -> None:
    """Effects are values."""
    edit = AddRecipient(address="<a@b>")
    with pytest.raises(AttributeError):
        edit.address = "<c@d>"  # type: ignore[misc]
    assert DeleteRecipient(address="<a@b>") != edit
    assert ChangeHeader(name="Subject", value="x").index == 1
