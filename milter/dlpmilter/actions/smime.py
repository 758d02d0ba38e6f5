"""S/MIME encryption (RFC 8551 enveloped-data) to recipients' certificates.

The site keeps its correspondents' certificates in one directory (setting
``smime_certificates_dir``): PEM files (``.pem``, ``.crt``, ``.cer``; several certificates per
file are fine) or DER files. A certificate serves the addresses in its subjectAltName
``rfc822Name`` entries and its subject's ``emailAddress``. Only RSA keys can receive (the CMS
key transport the ``cryptography`` package implements); a certificate outside its validity
period, or whose key usage forbids key encipherment, is skipped when a message is encrypted.
The directory is read at start-up and on reload: a file that is not a certificate is a
configuration error naming the file.
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from dlpmilter.errors import ActionError, ConfigError

#: File names read from the certificate directory.
SUFFIXES = frozenset({".pem", ".crt", ".cer", ".der"})

#: The content headers of an enveloped-data message.
CONTENT_FIELDS = (
    ("Content-Type", 'application/pkcs7-mime; smime-type=enveloped-data; name="smime.p7m"'),
    ("Content-Disposition", 'attachment; filename="smime.p7m"'),
    ("Content-Transfer-Encoding", "base64"),
    ("Content-Description", "S/MIME Encrypted Message"),
)


def _addresses(cert: x509.Certificate) -> set[str]:
    found = {
        str(attr.value).strip().lower()
        for attr in cert.subject.get_attributes_for_oid(NameOID.EMAIL_ADDRESS)
    }
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    except x509.ExtensionNotFound:
        return found
    found.update(name.strip().lower() for name in san.value.get_values_for_type(x509.RFC822Name))
    return found


def _can_receive(cert: x509.Certificate, now: datetime.datetime) -> bool:
    if not isinstance(cert.public_key(), rsa.RSAPublicKey):
        return False
    if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
        return False
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return True
    return bool(usage.key_encipherment)


def _read(path: Path) -> list[x509.Certificate]:
    data = path.read_bytes()
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise ConfigError(f"{path}: not an X.509 certificate ({exc})") from None


@dataclass(frozen=True, slots=True)
class CertificateStore:
    """Recipients' certificates by lower-case address (several per address: renewals)."""

    by_address: dict[str, tuple[x509.Certificate, ...]]

    @classmethod
    def empty(cls) -> CertificateStore:
        """A store with no certificates (no directory configured)."""
        return cls(by_address={})

    @classmethod
    def load(cls, directory: Path) -> CertificateStore:
        """Read every certificate file in ``directory``.

        :raises ConfigError: when the directory is missing or a file is not a certificate.
        """
        if not directory.is_dir():
            raise ConfigError(f"smime_certificates_dir: {directory} is not a directory")
        found: dict[str, list[x509.Certificate]] = {}
        for path in sorted(directory.iterdir()):
            if path.suffix.lower() not in SUFFIXES or not path.is_file():
                continue
            for cert in _read(path):
                for address in _addresses(cert):
                    found.setdefault(address, []).append(cert)
        return cls(by_address={a: tuple(c) for a, c in found.items()})

    def lookup(self, address: str, now: datetime.datetime) -> x509.Certificate | None:
        """The certificate to encrypt to for ``address`` now (the one valid longest), if any."""
        usable = [c for c in self.by_address.get(address.lower(), ()) if _can_receive(c, now)]
        return max(usable, key=lambda c: c.not_valid_after_utc) if usable else None

    def __len__(self) -> int:
        return len(self.by_address)


def envelope(entity: bytes, certificates: Iterable[x509.Certificate]) -> bytes:
    """The base64 body (76-character CRLF lines) of an enveloped-data message holding
    ``entity`` for every certificate, content encrypted with AES-256-CBC.

    :raises ActionError: when there is no certificate or the encryption fails.
    """
    builder = pkcs7.PKCS7EnvelopeBuilder().set_data(entity)
    count = 0
    for cert in certificates:
        builder = builder.add_recipient(cert)
        count += 1
    if not count:
        raise ActionError("smime: no recipient certificate")
    try:
        der = builder.set_content_encryption_algorithm(algorithms.AES256).encrypt(
            serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary]
        )
    except (ValueError, TypeError) as exc:
        raise ActionError(f"smime: encryption failed ({type(exc).__name__})") from exc
    text = base64.b64encode(der)
    return b"".join(text[i : i + 76] + b"\r\n" for i in range(0, len(text), 76))
