"""End to end through a private Postfix: every action, asserted at the sink, queue, store, audit."""

from __future__ import annotations

import re
import smtplib
import subprocess
import uuid
from email import message_from_bytes
from typing import Any

import pytest

from dlpmilter.actions.portal import PORTAL_HEADER, read_portal_header
from dlpmilter.keyfile import load_or_create
from dlpmilter.quarantine.store import QuarantineStore
from dlpmilter.settings import load_settings

pytestmark = pytest.mark.postfix

Stack = Any  # the conftest's Stack


def token() -> str:
    return uuid.uuid4().hex


def split(captured: bytes) -> tuple[list[str], bytes]:
    """The sink's envelope lines and the message that follows them."""
    lines = captured.split(b"\r\n")
    envelope = [line.decode() for line in lines if line.startswith(b"X-Rcpt-Args:")]
    return envelope, captured.split(b"X-Sink-TLS: ", 1)[1].split(b"\r\n", 1)[1]


def test_clean_mail_is_delivered_unchanged(stack: Stack) -> None:
    """A clean message reaches the sink with its headers and body as sent, and no X-DLP header."""
    tag = token()
    msg = stack.message(f"lunch {tag}", f"See you at noon.\nref {tag}\n")
    stack.send(msg)
    [captured] = stack.wait_captured(tag)
    envelope, data = split(captured)
    assert envelope == ["X-Rcpt-Args: <alice@example.com>"]
    delivered = message_from_bytes(data)
    assert delivered["Subject"] == f"lunch {tag}"
    assert delivered.get_payload().replace("\r\n", "\n") == msg.get_content()
    assert not [k for k in delivered if k.lower().startswith("x-dlp")]
    assert b"X-Sink-TLS: no" in captured


def test_phi_goes_through_the_tls_route(stack: Stack) -> None:
    """ENCRYPT: Postfix routes the message to the dlp_tls transport, which will not talk to the
    next hop without STARTTLS, falls back to the TLS-capable intake, and strips the header."""
    tag = token()
    stack.send(stack.message(f"results {tag}", f"ENCRYPTME {tag}"))
    [captured] = stack.wait_captured(tag, port="tls")
    assert b"X-Sink-TLS: yes" in captured
    assert b"X-DLP-Route" not in captured
    assert not stack.captured(tag, port="sink")
    queue_id = str(message_from_bytes(split(captured)[1])["Received"]).split(" id ")[1].split()[0]
    log = stack.maillog()
    assert re.search(
        rf"postfix/dlp_tls/smtp\[\d+\]: {queue_id}: to=<alice@example.com>.*status=sent", log
    )
    assert re.search(rf"{queue_id}: .*TLS is required, but was not offered", log)


def test_pci_is_rejected_with_550_and_a_reference(stack: Stack) -> None:
    """BLOCK: 550 5.7.1 with the policy text and a reference id that the audit record carries."""
    tag = token()
    with pytest.raises(smtplib.SMTPDataError) as caught:
        stack.send(stack.message(f"card {tag}", f"BLOCKME {tag}"))
    assert caught.value.smtp_code == 550
    text = caught.value.smtp_error.decode()
    assert text.startswith("5.7.1 Message blocked by DLP policy")
    reference = re.search(r"ref (DLP-\d{8}-[0-9A-F]{10})", text)
    assert reference
    record = stack.audit_for(reference.group(1))
    assert record["action"] == "block"
    assert record["mta"] == "reject"
    assert record["queue_id"]
    assert "card" not in str(record)  # no subject or content in the audit record
    assert not stack.captured(tag)


def test_swaks_sees_the_rejection_after_data(stack: Stack) -> None:
    """swaks exits 26 (rejected after DATA) for a blocked message and 0 for a clean one."""

    def swaks(body: str) -> int:
        return subprocess.run(
            ["swaks", "--server", f"127.0.0.1:{stack.ports['smtp']}", "--from", "sender@corp.test",
             "--to", "alice@example.com", "--body", body],
            capture_output=True, timeout=60, check=False,
        ).returncode  # fmt: skip

    assert swaks(f"BLOCKME {token()}") == 26
    tag = token()
    assert swaks(f"fine {tag}") == 0
    stack.wait_captured(tag)


def test_quarantined_mail_is_stored_then_released(stack: Stack) -> None:
    """QUARANTINE: accepted then discarded by Postfix, encrypted in the store, and delivered to
    the original recipients after ``dlpmilter quarantine release``, which is audited."""
    tag = token()
    stack.send(
        stack.message(f"list {tag}", f"QUARANTINEME {tag}"),
        to=("alice@example.com", "bob@example.org"),
    )
    listing = stack.dlpmilter("quarantine", "--state-dir", str(stack.state), "list")
    assert listing.returncode == 0, listing.stderr
    store = QuarantineStore.from_settings(load_settings(overrides={"state_dir": str(stack.state)}))
    [entry] = [e for e in store.entries(state="held") if tag.encode() in store.read(e.id)]
    qid = entry.id
    assert qid in listing.stdout
    assert entry.recipients == ("alice@example.com", "bob@example.org")
    assert stack.audit_for(qid)["quarantine_id"] == qid
    stored = next((stack.state / "quarantine" / "msg").glob(f"{qid}.bin")).read_bytes()
    assert tag.encode() not in stored  # encrypted at rest
    shown = stack.dlpmilter("quarantine", "--state-dir", str(stack.state), "show", qid, "--message")
    assert tag in shown.stdout
    assert not stack.captured(tag)
    assert "milter-discard" in stack.maillog()
    released = stack.dlpmilter(
        "quarantine", "--state-dir", str(stack.state), "release", qid,
        "--reason", "false positive: test data", "--by", "reviewer1",
    )  # fmt: skip
    assert released.returncode == 0, released.stderr
    [captured] = stack.wait_captured(tag)
    envelope, _ = split(captured)
    assert envelope == ["X-Rcpt-Args: <alice@example.com>", "X-Rcpt-Args: <bob@example.org>"]
    events = [
        r
        for r in stack.audit()
        if r.get("event") == "quarantine_release" and r.get("reference") == qid
    ]
    assert events and events[0]["actor"] == "reviewer1"
    assert events[0]["reason"] == "false positive: test data"
    again = stack.dlpmilter(
        "quarantine", "--state-dir", str(stack.state), "release", qid, "--reason", "x"
    )
    assert again.returncode != 0  # released once only
    verified = stack.dlpmilter("audit", "verify", str(stack.state / "audit.jsonl"))
    assert verified.returncode == 0, verified.stdout  # the milter and the CLI share one chain


def test_a_quarantined_message_gets_its_sender_a_notice(stack: Stack) -> None:
    """The sender of a quarantined message is told, through Postfix's re-injection listener,
    with the reference id and nothing of the message: not its subject, body or recipients."""
    tag = token()
    stack.send(stack.message(f"labs {tag}", f"QUARANTINEME {tag}"), to=("alice@example.com",))
    store = QuarantineStore.from_settings(load_settings(overrides={"state_dir": str(stack.state)}))
    [entry] = [e for e in store.entries(state="held") if tag.encode() in store.read(e.id)]

    def notice() -> list[bytes]:
        return [
            p.read_bytes() for p in stack.sink_files() if f"[{entry.id}]".encode() in p.read_bytes()
        ]

    [captured] = stack.wait(notice, "the notice to reach the sink")  # type: ignore[misc]
    envelope, message = split(captured)
    assert envelope == ["X-Rcpt-Args: <sender@corp.test>"]
    assert b"Auto-Submitted: auto-generated" in message
    assert tag.encode() not in captured
    assert b"alice@example.com" not in captured


def test_portal_mail_reaches_the_intake_with_signed_recipients(stack: Stack) -> None:
    """PORTAL: only the portal intake receives it; the header names the original recipients and
    verifies under the site's header key."""
    tag = token()
    rcpts = ("alice@example.com", "bob@example.org", "carol@example.net")
    stack.send(stack.message(f"records {tag}", f"PORTALME {tag}", to=rcpts))
    [captured] = stack.wait_captured(tag)
    envelope, data = split(captured)
    assert envelope == ["X-Rcpt-Args: <dlp-portal@portal.test>"]
    header = message_from_bytes(data)[PORTAL_HEADER]
    key = load_or_create(stack.state / "header.key")
    reference, recipients = read_portal_header(str(header), key)
    assert recipients == rcpts
    assert stack.audit_for(reference)["action"] == "portal"


def test_tag_prefixes_the_subject(stack: Stack) -> None:
    """TAG: delivered with the configured subject prefix."""
    tag = token()
    stack.send(stack.message(f"notes {tag}", f"TAGME {tag}"))
    [captured] = stack.wait_captured(tag)
    assert message_from_bytes(split(captured)[1])["Subject"] == f"[SECURE] notes {tag}"


def test_many_recipients(stack: Stack) -> None:
    """300 recipients: every one delivered for clean mail, every one moved to the header for
    portal mail."""
    rcpts = tuple(f"user{i}@example.com" for i in range(300))
    tag = token()
    stack.send(stack.message(f"all hands {tag}", f"agenda {tag}", to=rcpts[:1]), to=rcpts)

    def delivered() -> list[str]:
        return [line for c in stack.captured(tag) for line in split(c)[0]]

    stack.wait(lambda: len(delivered()) >= len(rcpts), "300 deliveries")
    assert sorted(delivered()) == sorted(f"X-Rcpt-Args: <{r}>" for r in rcpts)
    tag = token()
    stack.send(stack.message(f"export {tag}", f"PORTALME {tag}", to=rcpts[:1]), to=rcpts)
    [captured] = stack.wait_captured(tag)
    key = load_or_create(stack.state / "header.key")
    _, recipients = read_portal_header(
        str(message_from_bytes(split(captured)[1])[PORTAL_HEADER]), key
    )
    assert recipients == rcpts


def test_several_messages_per_connection(stack: Stack) -> None:
    """One SMTP session, four messages and a RSET: each is decided on its own."""
    tags = [token() for _ in range(3)]
    with smtplib.SMTP("127.0.0.1", stack.ports["smtp"], timeout=60) as client:
        client.send_message(stack.message("one", f"first {tags[0]}"))
        with pytest.raises(smtplib.SMTPDataError):
            client.send_message(stack.message("two", f"BLOCKME {token()}"))
        client.mail("sender@corp.test")
        client.rcpt("zed@example.com")
        client.rset()
        client.send_message(stack.message("three", f"ENCRYPTME {tags[1]}"))
        client.send_message(stack.message("four", f"last {tags[2]}"))
    stack.wait_captured(tags[0])
    stack.wait_captured(tags[1], port="tls")
    [last] = stack.wait_captured(tags[2])
    assert split(last)[0] == ["X-Rcpt-Args: <alice@example.com>"]


def test_sendmail_command_is_inspected(stack: Stack) -> None:
    """Mail submitted with the sendmail command passes non_smtpd_milters: ENCRYPT routes it."""
    tag = token()
    message = (
        f"From: sender@corp.test\nTo: alice@example.com\nSubject: local {tag}\n\nENCRYPTME {tag}\n"
    )
    subprocess.run(
        ["sendmail", "-C", str(stack.etc), "-f", "sender@corp.test", "alice@example.com"],
        input=message.encode(), check=True, timeout=60,
    )  # fmt: skip
    [captured] = stack.wait_captured(tag, port="tls")
    assert b"X-Sink-TLS: yes" in captured
