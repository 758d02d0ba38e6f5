"""``encrypt`` per recipient: S/MIME, OpenPGP, the fallback, copies, and the protected Subject.

Certificates are made with ``cryptography``; OpenPGP keys with the real ``gpg``; what the
action encrypts is decrypted by independent implementations (``openssl smime`` and ``gpg``).
"""

from __future__ import annotations

import email
import shutil
from collections.abc import Iterator
from email.message import Message
from pathlib import Path
from typing import Any, cast

import pytest
from cryptography import x509
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.actions import encrypt as encrypt_module
from dlpmilter.actions.base import (
    ActionRequest,
    AddHeader,
    ChangeHeader,
    DeleteRecipient,
    Edit,
    RemoveHeader,
    ReplaceBody,
)
from dlpmilter.actions.encrypt import EncryptAction, EncryptParams, plan
from dlpmilter.actions.entity import CRLF, split
from dlpmilter.actions.openpgp import Keyring, parse_key_listing
from dlpmilter.actions.portal import PORTAL_HEADER, header_key, read_portal_header
from dlpmilter.actions.smime import CertificateStore
from dlpmilter.errors import ActionError, ConfigError
from dlpmilter.message import Envelope
from dlpmilter.settings import load_settings
from dlpmilter.verdict import Action, Finding, RuleHit, Verdict
from keymaterial import (
    NOW,
    make_certificate,
    openpgp_homes,
    openssl_decrypt,
    pgp_decrypt,
    smime_identity,
    stop_agents,
    write_pem,
)

pytestmark = pytest.mark.skipif(
    shutil.which("gpg") is None or shutil.which("openssl") is None,
    reason="gpg and openssl are installed by scripts/bootstrap",
)

SMIME_RCPT = "doctor@partner.example"
PGP_RCPT = "nurse@clinic.example"
PLAIN_RCPT = "someone@elsewhere.example"

RAW = (
    b"Received: from client by mx; Mon, 2 Mar 2026 10:00:00 +0000\r\n"
    b"From: Staff <staff@hospital.example>\r\n"
    b"To: doctor@partner.example, nurse@clinic.example\r\n"
    b"Subject: Biopsy for Maria Gonzalez\r\n"
    b"MIME-Version: 1.0\r\n"
    b"Content-Type: text/plain;\r\n\tcharset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Maria Gonzalez's biopsy came back positive; MRN 40718823.\r\n"
)
ENTITY = (
    b"Content-Type: text/plain;\r\n\tcharset=utf-8\r\n"
    b"Content-Transfer-Encoding: 8bit\r\n"
    b"\r\n"
    b"Maria Gonzalez's biopsy came back positive; MRN 40718823.\r\n"
)


@pytest.fixture(scope="module")
def smime(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A certificate directory with the doctor's certificate; its key and cert on the side."""
    return smime_identity(tmp_path_factory.mktemp("smime"), SMIME_RCPT)


@pytest.fixture(scope="module")
def openpgp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The site keyring (the nurse's public key) and the nurse's own home (her secret key)."""
    site, nurse = openpgp_homes(tmp_path_factory.mktemp("gpg"), PGP_RCPT)
    yield site, nurse
    stop_agents(site, nurse)


def action(tmp_path: Path, **settings: Any) -> EncryptAction:
    values = {"state_dir": str(tmp_path), "portal_address": "intake@portal.test", **settings}
    return EncryptAction(
        params=EncryptParams(), settings=load_settings(overrides=values, environ={})
    )


def request(
    recipients: tuple[str, ...],
    *,
    raw: bytes = RAW,
    params: tuple[tuple[str, str], ...] = (),
    findings: tuple[Finding, ...] = (),
) -> ActionRequest:
    verdict = Verdict(
        action=Action.ENCRYPT,
        labels=("PHI",),
        hits=(RuleHit(rule="phi-encrypt", label="PHI", action=Action.ENCRYPT),),
        findings=findings,
        action_params=params,
    )
    envelope = Envelope(sender="staff@hospital.example", recipients=recipients)
    return ActionRequest(verdict=verdict, envelope=envelope, reference="DLP-1", raw=raw)


def apply_in_place(raw: bytes, edits: tuple[Edit, ...]) -> bytes:
    """What an MTA makes of the message with these header and body edits."""
    fields = list(split(raw).fields)
    body = split(raw).body
    for edit in edits:
        match edit:
            case RemoveHeader(name=name, index=index):
                same = [i for i, f in enumerate(fields) if f.name.lower() == name.lower()]
                del fields[same[index - 1]]
            case ChangeHeader(name=name, value=value):
                same = [i for i, f in enumerate(fields) if f.name.lower() == name.lower()]
                new = type(fields[0])(name=name, raw=f"{name}: {value}".encode())
                fields[same[0]] = new
            case AddHeader(name=name, value=value):
                fields.append(type(fields[0])(name=name, raw=f"{name}: {value}".encode()))
            case ReplaceBody(data=data):
                body = data
    return b"".join(f.raw + CRLF for f in fields) + CRLF + body


@pytest.fixture
def copies(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Every copy handed to the re-injection listener."""
    sent: list[dict[str, Any]] = []

    def capture(raw: bytes, **kw: Any) -> None:
        sent.append({"raw": raw, **kw})

    monkeypatch.setattr(encrypt_module, "reinject", capture)
    return sent


def test_without_keys_every_recipient_takes_the_tls_route(tmp_path: Path) -> None:
    """No certificate and no key: the enforced-TLS route header and nothing else."""
    effect = action(tmp_path).apply(request((PLAIN_RCPT,)))
    assert effect.edits == (AddHeader(name="X-DLP-Route", value="tls"),)
    assert dict(effect.notes) == {"route": "tls", "recipients_tls": "1"}


def test_smime_recipient_gets_the_message_encrypted_in_place(
    tmp_path: Path, smime: tuple[Path, Path, Path], copies: list[dict[str, Any]]
) -> None:
    """The Content-* fields and body go inside an enveloped-data entity that openssl opens."""
    certs, cert, key = smime
    effect = action(tmp_path, smime_certificates_dir=str(certs)).apply(request((SMIME_RCPT,)))
    assert copies == []
    assert dict(effect.notes) == {"route": "smime", "recipients_smime": "1"}
    assert not any(isinstance(e, DeleteRecipient) for e in effect.edits)
    out = apply_in_place(RAW, effect.edits)
    assert b"biopsy" not in out and b"40718823" not in out
    parsed = email.message_from_bytes(out)
    assert parsed.get_content_type() == "application/pkcs7-mime"
    assert parsed["Subject"] == "Biopsy for Maria Gonzalez"  # no finding in the subject
    assert len(parsed.get_all("Content-Type") or []) == 1
    assert openssl_decrypt(out, cert, key) == ENTITY


def test_mixed_recipients_are_split_by_method(
    tmp_path: Path,
    smime: tuple[Path, Path, Path],
    openpgp: tuple[Path, Path],
    copies: list[dict[str, Any]],
) -> None:
    """TLS for the plain recipient in flight; S/MIME and OpenPGP copies re-injected."""
    certs, cert, key = smime
    site, nurse = openpgp
    act = action(tmp_path, smime_certificates_dir=str(certs), openpgp_home=str(site))
    effect = act.apply(request((SMIME_RCPT, PGP_RCPT, PLAIN_RCPT)))
    assert effect.edits == (
        AddHeader(name="X-DLP-Route", value="tls"),
        DeleteRecipient(address=f"<{SMIME_RCPT}>"),
        DeleteRecipient(address=f"<{PGP_RCPT}>"),
    )
    assert dict(effect.notes) == {
        "route": "tls+smime+openpgp",
        "recipients_tls": "1",
        "recipients_smime": "1",
        "recipients_openpgp": "1",
    }
    by_rcpt = {tuple(c["recipients"]): c for c in copies}
    assert set(by_rcpt) == {(SMIME_RCPT,), (PGP_RCPT,)}
    for copy in copies:
        assert copy["sender"] == "staff@hospital.example"
        assert copy["port"] == 10026
        assert b"biopsy" not in copy["raw"]
        assert copy["raw"].startswith(b"Received: from client by mx")
    assert openssl_decrypt(by_rcpt[(SMIME_RCPT,)]["raw"], cert, key) == ENTITY
    assert pgp_decrypt(by_rcpt[(PGP_RCPT,)]["raw"], nurse) == ENTITY


def test_openpgp_only_message_is_encrypted_in_place(
    tmp_path: Path, openpgp: tuple[Path, Path], copies: list[dict[str, Any]]
) -> None:
    """PGP/MIME in place when every recipient has a key; gpg opens it."""
    site, nurse = openpgp
    effect = action(tmp_path, openpgp_home=str(site)).apply(request((PGP_RCPT,)))
    assert copies == []
    out = apply_in_place(RAW, effect.edits)
    assert b"40718823" not in out
    assert pgp_decrypt(out, nurse) == ENTITY


def test_method_param_narrows_the_choice(
    tmp_path: Path,
    smime: tuple[Path, Path, Path],
    openpgp: tuple[Path, Path],
) -> None:
    """method: openpgp skips S/MIME; method: tls sends everyone over the TLS route."""
    certs, _, _ = smime
    site, _ = openpgp
    store = CertificateStore.load(certs)
    keyring = Keyring.load(site)
    both = (SMIME_RCPT, PGP_RCPT)
    assert [r for r, _ in plan(both, "auto", store, keyring, NOW).smime] == [SMIME_RCPT]
    only_pgp = plan(both, "openpgp", store, keyring, NOW)
    assert only_pgp.smime == () and [r for r, _ in only_pgp.openpgp] == [PGP_RCPT]
    assert only_pgp.fallback == (SMIME_RCPT,)
    act = action(tmp_path, smime_certificates_dir=str(certs), openpgp_home=str(site))
    effect = act.apply(request(both, params=(("method", "tls"),)))
    assert effect.edits == (AddHeader(name="X-DLP-Route", value="tls"),)


def test_unknown_method_fails_rather_than_sending_in_clear(tmp_path: Path) -> None:
    """A method that does not exist is an action error (the message is tempfailed)."""
    with pytest.raises(ActionError, match="rot13"):
        action(tmp_path).apply(request((PLAIN_RCPT,), params=(("method", "rot13"),)))


def test_subject_with_a_finding_is_replaced_and_protected_inside(
    tmp_path: Path, smime: tuple[Path, Path, Path], copies: list[dict[str, Any]]
) -> None:
    """The outer Subject becomes encrypt_subject; the original is a protected header inside."""
    certs, cert, key = smime
    finding = Finding(
        entity="PERSON", location="subject", start=12, end=25, score=0.9, detector="ner"
    )
    effect = action(tmp_path, smime_certificates_dir=str(certs)).apply(
        request((SMIME_RCPT,), findings=(finding,))
    )
    out = apply_in_place(RAW, effect.edits)
    assert b"Gonzalez" not in out
    assert email.message_from_bytes(out)["Subject"] == "Encrypted message"
    inner = email.message_from_bytes(openssl_decrypt(out, cert, key))
    assert inner.get_content_type() == "multipart/mixed"
    assert inner.get_param("protected-headers") == "v1"
    assert inner["Subject"] == "Biopsy for Maria Gonzalez"
    [part] = cast(list[Message], inner.get_payload())
    assert part.get_payload() == "Maria Gonzalez's biopsy came back positive; MRN 40718823.\r\n"


def test_portal_fallback_keeps_copies_apart(
    tmp_path: Path, smime: tuple[Path, Path, Path], copies: list[dict[str, Any]]
) -> None:
    """With encrypt_fallback = portal, the message in flight goes to the intake, signed for the
    plain recipient only; the S/MIME recipient gets an encrypted copy."""
    certs, _, _ = smime
    act = action(tmp_path, smime_certificates_dir=str(certs), encrypt_fallback="portal")
    effect = act.apply(request((SMIME_RCPT, PLAIN_RCPT)))
    headers = [e for e in effect.edits if isinstance(e, AddHeader)]
    assert [h.name for h in headers] == [PORTAL_HEADER]
    key = header_key({"state_dir": str(tmp_path)})
    assert read_portal_header(headers[0].value, key) == ("DLP-1", (PLAIN_RCPT,))
    assert {e.address for e in effect.edits if isinstance(e, DeleteRecipient)} == {
        f"<{SMIME_RCPT}>",
        f"<{PLAIN_RCPT}>",
    }
    assert [c["recipients"] for c in copies] == [(SMIME_RCPT,)]


def test_failed_copy_fails_the_action(
    tmp_path: Path, smime: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A copy the listener refuses is an action error: the message is tempfailed, not sent."""
    certs, _, _ = smime

    def refuse(raw: bytes, **kw: Any) -> None:
        raise ActionError("re-injection to 127.0.0.1:10026 failed: ConnectionRefusedError")

    monkeypatch.setattr(encrypt_module, "reinject", refuse)
    with pytest.raises(ActionError, match="re-injection"):
        action(tmp_path, smime_certificates_dir=str(certs)).apply(request((PLAIN_RCPT, SMIME_RCPT)))


def test_unusable_certificates_are_skipped(tmp_path: Path) -> None:
    """Expired, not yet valid and non-RSA certificates serve nobody; the newest valid wins."""
    store_dir = tmp_path / "certs"
    store_dir.mkdir()
    write_pem(store_dir / "old.pem", make_certificate("a@x.example", days=-1, start_days=-30)[0])
    write_pem(store_dir / "later.pem", make_certificate("b@x.example", start_days=5)[0])
    write_pem(store_dir / "ec.pem", make_certificate("c@x.example", rsa_key=False)[0])
    short = write_pem(store_dir / "d1.crt", make_certificate("d@x.example", days=10)[0])
    long = write_pem(store_dir / "d2.crt", make_certificate("D@X.example", days=90)[0])
    store = CertificateStore.load(store_dir)
    for address in ("a@x.example", "b@x.example", "c@x.example"):
        assert store.lookup(address, NOW) is None
    chosen = store.lookup("d@x.example", NOW)
    assert chosen is not None
    assert chosen == x509.load_pem_x509_certificate(long.read_bytes())
    assert chosen != x509.load_pem_x509_certificate(short.read_bytes())


def test_bad_certificate_file_is_a_startup_error_naming_it(tmp_path: Path) -> None:
    """A file that is not a certificate stops start-up (and a reload) with its name."""
    (tmp_path / "broken.pem").write_text("-----BEGIN CERTIFICATE-----\nnope\n")
    with pytest.raises(ConfigError, match=r"broken\.pem"):
        action(tmp_path, smime_certificates_dir=str(tmp_path))
    with pytest.raises(ConfigError, match="not a directory"):
        action(tmp_path, openpgp_home=str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="encrypt_fallback"):
        action(tmp_path, encrypt_fallback="carrier-pigeon")
    with pytest.raises(ConfigError, match="portal_address"):
        action(tmp_path, encrypt_fallback="portal", portal_address="")


LISTING = """\
tru::1:1795973562:1827509562:3:1:5
pub:u:255:22:AAAA:1795973562:1827509562::u:::cEC:::::ed25519:::0:
fpr:::::::::1111111111111111111111111111111111111111:
uid:u::::1795973562::X::Nurse Ratched <Nurse@Clinic.example>::::::::::0:
uid:r::::1795973562::Y::Old Address <old@clinic.example>::::::::::0:
sub:u:255:18:BBBB:1795973562:1827509562:::::e:::::cv25519::
fpr:::::::::2222222222222222222222222222222222222222:
pub:e:255:22:CCCC:1695973562:1727509562::u:::sc:::::ed25519:::0:
fpr:::::::::3333333333333333333333333333333333333333:
uid:e::::1695973562::Z::Expired <gone@clinic.example>::::::::::0:
pub:u:255:22:DDDD:1795973562:1827509562::u:::scSC:::::ed25519:::0:
fpr:::::::::4444444444444444444444444444444444444444:
uid:u::::1795973562::W::Signing Only <sign@clinic.example>::::::::::0:
"""


def test_key_listing_keeps_usable_encryption_keys_by_address() -> None:
    """Primary fingerprints by lower-case address; revoked uids, expired and sign-only keys out."""
    assert parse_key_listing(LISTING) == {"nurse@clinic.example": ("1" * 40,)}


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Subject", "Content-Type", "content-ID", "X-Thing", "To"]),
            st.text(alphabet="abc ;=", max_size=20),
            st.booleans(),
        ),
        max_size=8,
    ),
    st.binary(max_size=200).map(lambda b: b.replace(b"\r", b"").replace(b"\n", b"\r\n")),
)
def test_split_loses_nothing(fields: list[tuple[str, str, bool]], body: bytes) -> None:
    """Every field is outer or in the entity, byte for byte; removals cover the entity's."""
    lines = [f"{n}: {v}" + ("\r\n\tmore" if folded else "") for n, v, folded in fields]
    raw = "".join(line + "\r\n" for line in lines).encode() + b"\r\n" + body
    message = split(raw)
    assert [f.raw.decode() for f in message.fields] == lines
    assert message.body == body
    entity = message.entity()
    assert entity.endswith(CRLF + body)
    removals = message.content_removals()
    assert len(removals) == sum(1 for n, _, _ in fields if n.lower().startswith("content-"))
    rebuilt = message.rebuilt([], body)
    assert all(
        line.encode() in rebuilt for line in lines if not line.lower().startswith("content-")
    )


def test_message_without_content_type_is_plain_text_inside() -> None:
    """RFC 2045's default goes into the entity when the message named no type."""
    entity = split(b"Subject: x\r\n\r\nhello\r\n").entity()
    assert entity == b"Content-Type: text/plain; charset=us-ascii\r\n\r\nhello\r\n"
