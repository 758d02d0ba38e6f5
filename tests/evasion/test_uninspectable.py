"""The oldest evasion of all: encrypt the attachment and send the password by phone.

What cannot be read cannot be cleared: every carrier here holds the SSN statement behind a
password (7z with encrypted headers, PDF, Word, a ZIP with encrypted members) or is mail
encrypted by the sender (PGP armour, S/MIME). The message must be held for review (quarantine or
a stronger action), and the verdict must say why (an ``encrypted_attachment`` fact), so a reviewer knows what is held and where.
"""

from __future__ import annotations

import io
import struct
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

import py7zr  # noqa: E402
from carriers import (  # noqa: E402
    attachment,
    crlf,
    csv_bytes,
    docx_bytes,
    entity,
    mail,
    multipart,
    pdf_bytes,
    text_part,
    with_attachments,
    zip_bytes,
)
from containers import DOCX  # noqa: E402
from msoffcrypto.format.ooxml import OOXMLFile  # noqa: E402
from pypdf import PdfReader, PdfWriter  # noqa: E402
from specimens import SPECIMENS  # noqa: E402

from dlpmilter.inspector import Inspector  # noqa: E402
from dlpmilter.verdict import Action  # noqa: E402

PASSWORD = "Clinic2026!"
SSN_SPECIMEN = next(s for s in SPECIMENS if s.name == "ssn")
SENTENCE = SSN_SPECIMEN.sentence()


def seven_zip() -> bytes:
    """A 7z archive with encrypted contents and header (member names hidden too)."""
    out = io.BytesIO()
    with py7zr.SevenZipFile(out, "w", password=PASSWORD, header_encryption=True) as archive:
        archive.writestr(csv_bytes(SSN_SPECIMEN.record), "list.csv")
    return with_attachments(
        attachment(out.getvalue(), content_type="application/x-7z-compressed", filename="l.7z")
    )


def pdf() -> bytes:
    """A PDF encrypted with a user password (AES-256)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes([[SENTENCE]]))))
    writer.encrypt(user_password=PASSWORD, owner_password=PASSWORD, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return with_attachments(
        attachment(out.getvalue(), content_type="application/pdf", filename="form.pdf")
    )


def word() -> bytes:
    """A Word document encrypted with a password (an OLE2 container, as Office writes it)."""
    plain = io.BytesIO(docx_bytes([[SENTENCE]]))
    encrypted = io.BytesIO()
    OOXMLFile(plain).encrypt(PASSWORD, encrypted)
    return with_attachments(attachment(encrypted.getvalue(), content_type=DOCX, filename="f.docx"))


def zip_encrypted_flag() -> bytes:
    """A ZIP whose member is marked encrypted (general purpose bit 0), as ZipCrypto writes it;
    the stored bytes are noise to anyone without the password."""
    data = bytearray(zip_bytes([("list.csv", csv_bytes(SSN_SPECIMEN.record))]))
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        flags = struct.unpack_from("<H", data, at + flag_offset)[0]
        struct.pack_into("<H", data, at + flag_offset, flags | 1)
    return with_attachments(
        attachment(bytes(data), content_type="application/zip", filename="list.zip")
    )


def pgp_body() -> bytes:
    """A body that is an ASCII-armoured PGP message."""
    armour = (
        "-----BEGIN PGP MESSAGE-----\n\nhQEMA9Zl2bG4n1TWAQf/Uo7l0hAq2kq2Vx1p3Dk\n=Zq7p\n"
        "-----END PGP MESSAGE-----\n"
    )
    return mail(text_part(armour), subject="Details")


def smime_envelope() -> bytes:
    """An S/MIME enveloped message (application/pkcs7-mime)."""
    blob = entity(
        'application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"',
        crlf("MIAGCSqGSIb3DQEHA6CAMIACAQAxggFXMIIBUwIBADA7MDMxCzAJBgNVBAYTAlVT\n"),
        cte="base64",
        disposition='attachment; filename="smime.p7m"',
    )
    return mail(blob, subject="Encrypted")


CARRIERS: dict[str, Callable[[], bytes]] = {
    "7z_encrypted_header": seven_zip,
    "pdf_aes256": pdf,
    "word_password": word,
    "zip_encrypted_member": zip_encrypted_flag,
    "pgp_armoured_body": pgp_body,
    "smime_enveloped": smime_envelope,
}


@pytest.mark.parametrize("name", sorted(CARRIERS))
def test_encrypted_carrier_is_held(name: str, inspector: Inspector) -> None:
    """Held (quarantined or refused, never sent on, not even encrypted), with an
    ``encrypted_attachment`` fact saying where."""
    verdict = inspector.inspect(CARRIERS[name]()).verdict
    assert verdict.action >= Action.QUARANTINE, (verdict.action.name, verdict.facts)
    assert any(fact.startswith("encrypted_attachment@") for fact in verdict.facts), verdict.facts


def test_clean_multipart_is_not_held(inspector: Inspector) -> None:
    """The control: the same cover note with a readable, clean attachment is delivered."""
    clean = with_attachments(
        attachment(b"Agenda: budget review.\r\n", content_type="text/plain", filename="a.txt")
    )
    raw = mail(multipart("mixed", text_part("Hi Sam, agenda attached.")), subject="Agenda")
    for message in (clean, raw):
        verdict = inspector.inspect(message).verdict
        assert verdict.action == Action.DELIVER, verdict.facts
