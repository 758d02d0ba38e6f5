"""The intake: the signed header must verify, the fallback path uses the envelope, failures 4xx."""

from __future__ import annotations

import re
import smtplib
import socket
import ssl
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest
from aiosmtpd.controller import Controller

from dlpmilter.actions.portal import PORTAL_HEADER, header_key, portal_header
from dlpmilter.portal.certificate import server_context
from dlpmilter.portal.courier import Courier
from dlpmilter.portal.intake import Intake, controller, parse_listen
from dlpmilter.portal.store import PortalStore
from dlpmilter.settings import Settings, load_settings

if TYPE_CHECKING:
    from conftest import KeptCourier

BODY = b"Subject: Lab results for Jane Roe\r\nFrom: sender@corp.test\r\n\r\nMRN 12345678\r\n"
RCPTS = ("alice@example.com", "bob@example.org")


def signed(settings: Settings, recipients: tuple[str, ...] = RCPTS, ref: str = "DLP-9") -> bytes:
    value = portal_header(recipients, ref, header_key(settings)).replace("\n", "\r\n")
    return f"{PORTAL_HEADER}: {value}\r\n".encode() + BODY


@pytest.fixture
def intake(settings: Settings, courier: KeptCourier) -> Intake:
    return Intake(
        store=PortalStore.from_settings(settings),
        courier=courier,
        key=header_key(settings),
        portal_address="dlp-portal@corp.test",
    )


def test_signed_header_names_the_recipients(intake: Intake, courier: KeptCourier) -> None:
    """Each header recipient gets a notice with its own link; the envelope does not count."""
    reply = intake.accept(signed(intake_settings(intake)), sender="<sender@corp.test>",
                          envelope=["dlp-portal@corp.test"])  # fmt: skip
    assert reply.startswith("250 ")
    assert [to for to, _ in courier.sent] == list(RCPTS)
    links = [re.findall(r"https://portal\.test/p/(\S+)", text)[0] for text in
             courier.texts("alice@example.com") + courier.texts("bob@example.org")]  # fmt: skip
    assert len(set(links)) == 2
    pickup = intake.store.pickup(links[0])
    assert pickup is not None and pickup.recipient == "alice@example.com"
    stored = intake.store.message(pickup.message)
    assert stored.reference == "DLP-9" and stored.sender == "sender@corp.test"
    kinds = [(e.pickup, e.kind) for e in intake.store.events(stored.id)]
    assert kinds == [(0, "deposited"), (1, "notified"), (2, "notified")]


def intake_settings(intake: Intake) -> Settings:
    return load_settings(overrides={"state_dir": str(intake.store.directory.parent)}, environ={})


def test_notice_holds_no_content(intake: Intake, courier: KeptCourier) -> None:
    """The notice names the sender, the reference and the expiry; never subject or body."""
    intake.accept(signed(intake_settings(intake)), sender="sender@corp.test", envelope=[])
    (to, raw), _ = courier.sent
    assert b"Jane" not in raw and b"MRN" not in raw and b"Lab results" not in raw
    text = courier.texts(to)[0]
    assert "sender@corp.test" in text and "DLP-9" in text
    assert "Available until:" in text


@pytest.mark.parametrize("change", ["recipients", "mac", "reference"])
def test_tampered_header_is_refused(intake: Intake, courier: KeptCourier, change: str) -> None:
    """A header whose recipients, MAC or reference was changed gets 554 and stores nothing."""
    raw = signed(intake_settings(intake))
    head, body = raw.split(b"\r\n\r\n", 1)
    if change == "recipients":
        other = portal_header(("mallory@evil.test",), "DLP-9", bytes(32))
        rcpt = re.search(rb"rcpt=([^;]+);", other.encode().replace(b"\n\t", b""))
        assert rcpt is not None
        head = re.sub(
            rb"rcpt=[^;]+;", b"rcpt=" + rcpt.group(1) + b";", head.replace(b"\r\n\t", b"")
        )
    elif change == "mac":
        head = re.sub(
            rb"mac=([0-9a-f])", lambda m: b"mac=" + (b"0" if m.group(1) != b"0" else b"1"), head
        )
    else:
        head = head.replace(b"ref=DLP-9", b"ref=DLP-8")
    reply = intake.accept(head + b"\r\n\r\n" + body, sender="s@corp.test", envelope=["x@y.test"])
    assert reply.startswith("554 5.7.1")
    assert courier.sent == []
    assert intake.store.messages() == []


def test_two_portal_headers_are_refused(intake: Intake, courier: KeptCourier) -> None:
    settings = intake_settings(intake)
    raw = signed(settings)
    value = portal_header(("mallory@evil.test",), "DLP-7", header_key(settings))
    forged = f"{PORTAL_HEADER}: {value}\r\n".encode().replace(b"\n\t", b"\r\n\t") + raw
    assert intake.accept(forged, sender="s@corp.test", envelope=[]).startswith("554 ")
    assert courier.sent == []


def test_fallback_path_uses_the_envelope(intake: Intake, courier: KeptCourier) -> None:
    """Without the header (the enforced-TLS fallback) the envelope recipients get pickups, never
    the portal's own address."""
    reply = intake.accept(BODY, sender="sender@corp.test",
                          envelope=["carol@example.net", "dlp-portal@corp.test", "carol@example.net"])  # fmt: skip
    assert reply.startswith("250 ")
    assert [to for to, _ in courier.sent] == ["carol@example.net"]
    (stored,) = intake.store.messages()
    assert stored.reference == "" and stored.recipients == ("carol@example.net",)
    assert stored.id in courier.texts("carol@example.net")[0]


def test_mail_only_for_the_portal_itself_is_refused(intake: Intake) -> None:
    assert intake.accept(BODY, sender="s@x.test", envelope=["DLP-Portal@corp.test"]).startswith(
        "550"
    )


def test_failed_notice_undoes_the_deposit_and_tempfails(
    intake: Intake, courier: KeptCourier
) -> None:
    """A notice that cannot be sent: 451, and nothing stays behind, so Postfix's retry starts clean."""
    courier.fail_after = 1
    reply = intake.accept(signed(intake_settings(intake)), sender="s@corp.test", envelope=[])
    assert reply.startswith("451 4.3.0")
    assert intake.store.messages() == []
    assert list((intake.store.directory / "msg").iterdir()) == []


def test_store_failure_tempfails(intake: Intake, courier: KeptCourier) -> None:
    """A store that cannot write (its message directory replaced by a file): 451, no notice."""
    msg = intake.store.directory / "msg"
    msg.rmdir()
    msg.write_text("not a directory")
    reply = intake.accept(BODY, sender="s@corp.test", envelope=["carol@example.net"])
    assert reply.startswith("451 ")
    assert courier.sent == []


def test_listen_values_parse() -> None:
    assert parse_listen("127.0.0.1:10027", "x") == ("127.0.0.1", 10027)
    assert parse_listen("[::1]:8080", "x") == ("::1", 8080)


# --- over real SMTP -----------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Sink:
    def __init__(self) -> None:
        self.mail: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.mail.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.original_content))
        return "250 2.0.0 kept"


@pytest.fixture
def live(tmp_path: Any) -> Iterator[tuple[Settings, _Sink]]:
    """The intake on a free port, its notices going to a capture listener standing in for the
    re-injection smtpd."""
    sink = _Sink()
    reinject = Controller(sink, hostname="127.0.0.1", port=_free_port())
    reinject.start()
    settings = load_settings(overrides={
        "state_dir": str(tmp_path / "state"), "portal_url": "https://portal.test",
        "portal_address": "dlp-portal@corp.test", "reinject_port": str(reinject.port),
        "portal_intake_listen": f"127.0.0.1:{_free_port()}",
    }, environ={})  # fmt: skip
    server = controller(Intake.from_settings(settings), settings, server_context(settings))
    server.start()
    try:
        yield settings, sink
    finally:
        server.stop()
        reinject.stop()


def _client(settings: Settings) -> smtplib.SMTP:
    host, port = parse_listen(str(settings["portal_intake_listen"]), "")
    return smtplib.SMTP(host, port, timeout=30)


def test_starttls_and_signed_mail_over_smtp(live: tuple[Settings, _Sink]) -> None:
    """STARTTLS is offered (self-signed, made once); a signed message is accepted and each
    recipient's notice leaves with a null sender through the re-injection listener."""
    settings, sink = live
    with _client(settings) as client:
        client.ehlo()
        assert client.has_extn("starttls")
        client.starttls(context=ssl._create_unverified_context())
        client.ehlo()
        refused = client.sendmail("sender@corp.test", ["dlp-portal@corp.test"], signed(settings))
    assert refused == {}
    assert (settings.state_dir / "portal" / "tls" / "cert.pem").exists()
    assert sorted(rcpts[0] for _, rcpts, _ in sink.mail) == sorted(RCPTS)
    assert all(sender in {"<>", ""} for sender, _, _ in sink.mail)
    assert all(b"/p/" in raw and b"MRN" not in raw for _, _, raw in sink.mail)


def test_tampered_mail_over_smtp_gets_554(live: tuple[Settings, _Sink]) -> None:
    settings, sink = live
    raw = signed(settings).replace(b"ref=DLP-9", b"ref=DLP-1")
    with _client(settings) as client, pytest.raises(smtplib.SMTPDataError) as refused:
        client.sendmail("sender@corp.test", ["dlp-portal@corp.test"], raw)
    assert refused.value.smtp_code == 554
    assert sink.mail == []


def test_unreachable_reinjection_gets_451(live: tuple[Settings, _Sink], tmp_path: Any) -> None:
    """With the re-injection listener gone, the intake answers 451: the MTA keeps the mail."""
    settings, _ = live
    broken = load_settings(overrides={**dict(settings), "reinject_port": str(_free_port()),
                                      "portal_intake_listen": f"127.0.0.1:{_free_port()}"},
                           environ={})  # fmt: skip
    server = controller(Intake.from_settings(broken), broken, server_context(broken))
    server.start()
    try:
        with _client(broken) as client, pytest.raises(smtplib.SMTPDataError) as refused:
            client.sendmail("s@corp.test", ["carol@example.net"], BODY)
    finally:
        server.stop()
    assert refused.value.smtp_code == 451
    assert PortalStore.from_settings(broken).messages() == []


def test_courier_default_sender(settings: Settings) -> None:
    courier = Courier.from_settings(settings)
    assert courier.sender.startswith("postmaster@")
    assert courier.link("abc") == "https://portal.test/p/abc"


def test_unexpected_failure_is_a_451_never_a_5xx(
    intake: Intake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever goes wrong inside (here the store's expiry), the MTA is told to retry."""
    import asyncio
    from types import SimpleNamespace

    from dlpmilter.portal.intake import IntakeHandler

    def broken() -> int:
        raise RuntimeError("database is locked")

    monkeypatch.setattr(intake.store, "expire", broken)
    handler = IntakeHandler(intake, ())
    envelope = SimpleNamespace(original_content=BODY, content=BODY, mail_from="s@corp.test",
                               rcpt_tos=["carol@example.net"])  # fmt: skip
    reply = asyncio.run(handler.handle_DATA(None, None, envelope))
    assert reply.startswith("451 ")


def test_only_allowed_client_networks(intake: Intake) -> None:
    import ipaddress

    from dlpmilter.portal.intake import IntakeHandler

    handler = IntakeHandler(intake, (ipaddress.ip_network("127.0.0.0/8"),))
    assert handler.allowed(("127.0.0.1", 40000))
    assert not handler.allowed(("192.0.2.7", 40000))
    assert not handler.allowed(None)
