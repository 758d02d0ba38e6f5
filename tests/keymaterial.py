"""Test key material made on the spot: S/MIME certificates (``cryptography``) and OpenPGP keys
(the real ``gpg``), and independent decryption with ``openssl smime`` and ``gpg``."""

from __future__ import annotations

import datetime
import email
import email.policy
import subprocess
from email.message import Message
from pathlib import Path
from typing import Any, cast

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

NOW = datetime.datetime.now(datetime.UTC)


def make_certificate(
    address: str, *, days: int = 30, start_days: int = -1, rsa_key: bool = True
) -> tuple[x509.Certificate, Any]:
    """A self-signed certificate for ``address`` and its private key."""
    key: Any = (
        rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if rsa_key
        else ec.generate_private_key(ec.SECP256R1())
    )
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, address)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW + datetime.timedelta(days=start_days))
        .not_valid_after(NOW + datetime.timedelta(days=days))
        .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(address)]), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def write_pem(path: Path, cert: x509.Certificate) -> Path:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return path


def smime_identity(base: Path, address: str) -> tuple[Path, Path, Path]:
    """``(certificate directory, certificate file, key file)`` for one recipient."""
    certs = base / "certs"
    certs.mkdir(parents=True, exist_ok=True)
    cert, key = make_certificate(address)
    local = address.partition("@")[0]
    cert_path = write_pem(certs / f"{local}.pem", cert)
    key_path = base / f"{local}.key"
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certs, cert_path, key_path


def gpg(home: Path, *args: str, data: bytes | None = None) -> bytes:
    done = subprocess.run(
        ["gpg", "--homedir", str(home), "--batch", "--no-tty", "--quiet", *args],
        input=data, capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout


def openpgp_homes(base: Path, address: str) -> tuple[Path, Path]:
    """``(site keyring with the recipient's public key, the recipient's own home)``."""
    owner, site = base / "owner", base / "site"
    for home in (owner, site):
        home.mkdir(mode=0o700, parents=True)
    gpg(owner, "--passphrase", "", "--quick-gen-key", f"Owner <{address}>", "ed25519", "cert", "1y")
    fpr = gpg(owner, "--with-colons", "--list-keys").decode().split("fpr:::::::::")[1][:40]
    gpg(owner, "--passphrase", "", "--quick-add-key", fpr, "cv25519", "encr", "1y")
    gpg(site, "--import", data=gpg(owner, "--armor", "--export", address))
    return site, owner


def stop_agents(*homes: Path) -> None:
    for home in homes:
        subprocess.run(
            ["gpgconf", "--homedir", str(home), "--kill", "all"], check=False, capture_output=True
        )


def openssl_decrypt(message: bytes, cert: Path, key: Path) -> bytes:
    """The entity inside an S/MIME enveloped-data message, opened by OpenSSL."""
    done = subprocess.run(
        ["openssl", "smime", "-decrypt", "-recip", str(cert), "-inkey", str(key), "-binary"],
        input=message, capture_output=True, check=True, timeout=60,
    )  # fmt: skip
    return done.stdout


def pgp_decrypt(message: bytes, home: Path) -> bytes:
    """The entity inside a PGP/MIME message (RFC 3156 structure checked), opened by gpg."""
    parsed = email.message_from_bytes(message, policy=email.policy.compat32)
    assert parsed.get_content_type() == "multipart/encrypted"
    assert parsed.get_param("protocol") == "application/pgp-encrypted"
    control, payload = cast(list[Message], parsed.get_payload())
    assert str(control.get_payload()).strip() == "Version: 1"
    return gpg(home, "--decrypt", data=str(payload.get_payload()).encode())
