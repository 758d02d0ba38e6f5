"""``encrypt`` per recipient through a real Postfix: S/MIME and OpenPGP in place (the milter
replaces the body) and as re-injected copies, beside the enforced-TLS route."""

from __future__ import annotations

import signal
import uuid
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from keymaterial import openssl_decrypt, pgp_decrypt, smime_identity

pytestmark = pytest.mark.postfix

DOCTOR = "doctor@partner.example"  # has an S/MIME certificate (see conftest's crypto_stack)
NURSE = "nurse@clinic.example"  # has an OpenPGP key
ALICE = "alice@example.com"  # has neither: the TLS route

Stack = Any


def body_of(captured: bytes) -> bytes:
    """The message the sink received, without its own envelope lines."""
    return captured.split(b"X-Sink-TLS: ", 1)[1].split(b"\r\n", 1)[1]


def rcpts_of(captured: bytes) -> list[str]:
    return [line.decode() for line in captured.split(b"\r\n") if line.startswith(b"X-Rcpt-Args:")]


def test_smime_recipient_receives_only_ciphertext(
    crypto_stack: tuple[Stack, dict[str, Path]],
) -> None:
    """The milter replaces the body in flight: what leaves is enveloped-data that OpenSSL opens
    with the doctor's key, holding the body as sent."""
    stack, keys = crypto_stack
    tag = uuid.uuid4().hex
    secret = f"ENCRYPTME biopsy result {uuid.uuid4().hex}"
    stack.send(stack.message(f"results {tag}", secret, to=(DOCTOR,)))
    [captured] = stack.wait_captured(tag)
    assert rcpts_of(captured) == [f"X-Rcpt-Args: <{DOCTOR}>"]
    message = body_of(captured)
    assert secret.encode() not in captured
    parsed = message_from_bytes(message)
    assert parsed.get_content_type() == "application/pkcs7-mime"
    assert parsed["Subject"] == f"results {tag}"
    inner = openssl_decrypt(message, keys["cert"], keys["key"])
    assert secret.encode() in inner
    assert message_from_bytes(inner).get_content_type() == "text/plain"


def test_mixed_recipients_each_get_their_own_protection(
    crypto_stack: tuple[Stack, dict[str, Path]],
) -> None:
    """One message to three recipients: Alice over the TLS route, the doctor an S/MIME copy, the
    nurse a PGP/MIME copy (both through the re-injection listener); nobody gets cleartext
    over a plain connection, and the audit counts each route."""
    stack, keys = crypto_stack
    tag = uuid.uuid4().hex
    secret = f"ENCRYPTME pathology {uuid.uuid4().hex}"
    stack.send(stack.message(f"mixed {tag}", secret, to=(ALICE, DOCTOR, NURSE)))
    [tls] = stack.wait_captured(tag, port="tls")
    assert rcpts_of(tls) == [f"X-Rcpt-Args: <{ALICE}>"]
    assert b"X-Sink-TLS: yes" in tls and secret.encode() in tls
    plain = stack.wait_captured(tag, count=2)
    by_rcpt = {tuple(rcpts_of(c)): body_of(c) for c in plain}
    assert set(by_rcpt) == {(f"X-Rcpt-Args: <{DOCTOR}>",), (f"X-Rcpt-Args: <{NURSE}>",)}
    assert all(secret.encode() not in c for c in plain)
    smime = by_rcpt[(f"X-Rcpt-Args: <{DOCTOR}>",)]
    assert secret.encode() in openssl_decrypt(smime, keys["cert"], keys["key"])
    pgp = by_rcpt[(f"X-Rcpt-Args: <{NURSE}>",)]
    assert secret.encode() in pgp_decrypt(pgp, keys["nurse"])
    assert "postfix/reinject" in stack.maillog()
    [record] = [r for r in stack.audit() if r.get("route") == "tls+smime+openpgp"]
    assert (record["recipients_tls"], record["recipients_smime"]) == ("1", "1")
    assert record["recipients_openpgp"] == "1"


def test_sighup_reads_new_certificates_and_a_bad_one_keeps_the_old(
    crypto_stack: tuple[Stack, dict[str, Path]],
) -> None:
    """A certificate added to the directory serves after SIGHUP; a broken file makes the reload
    fail and the certificates in force stay in force."""
    stack, keys = crypto_stack
    _, cert, key = smime_identity(keys["certs"].parent / "radiology", "radiology@partner.example")
    (keys["certs"] / "radiology.pem").write_bytes(cert.read_bytes())
    assert stack.milter is not None
    stack.milter.send_signal(signal.SIGHUP)
    stack.wait(lambda: "generation 1" in stack.log.read_text(), "the reload")
    tag = uuid.uuid4().hex
    stack.send(stack.message(f"scan {tag}", f"ENCRYPTME {tag}", to=("radiology@partner.example",)))
    [captured] = stack.wait_captured(tag)
    assert b"application/pkcs7-mime" in captured
    assert tag.encode() in openssl_decrypt(body_of(captured), cert, key)

    broken = keys["certs"] / "broken.pem"
    broken.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    stack.milter.send_signal(signal.SIGHUP)
    stack.wait(lambda: "broken.pem" in stack.log.read_text(), "the failed reload")
    assert "reload failed" in stack.log.read_text()
    tag = uuid.uuid4().hex
    stack.send(stack.message(f"again {tag}", f"ENCRYPTME {tag}", to=(DOCTOR,)))
    [captured] = stack.wait_captured(tag)
    assert tag.encode() in openssl_decrypt(body_of(captured), keys["cert"], keys["key"])
    broken.unlink()
