"""The intake's STARTTLS certificate: the configured pair, or a self-signed one made once.

The enforced-TLS transport uses ``smtp_tls_security_level=encrypt``, which requires TLS but does
not verify the certificate, so a self-signed pair under ``<state_dir>/portal/tls/`` serves
unless the site configures ``portal_tls_cert_file`` and ``portal_tls_key_file``.
"""

from __future__ import annotations

import datetime
import os
import socket
import ssl
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from dlpmilter.errors import ConfigError
from dlpmilter.settings import Settings


def self_signed(directory: Path, hostname: str) -> tuple[Path, Path]:
    """``cert.pem`` and ``key.pem`` under ``directory``, made (ECDSA P-256, ten years) when
    they do not exist yet."""
    cert, key = directory / "cert.pem", directory / "key.pem"
    if cert.exists() and key.exists():
        return cert, key
    directory.mkdir(parents=True, exist_ok=True)
    directory.chmod(0o700)
    private = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, hostname)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(private.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(hostname)]), critical=False)
        .sign(private, hashes.SHA256())
    )
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(pem)
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return cert, key


def server_context(settings: Settings) -> ssl.SSLContext:
    """The intake's TLS context (TLS 1.2 or later).

    :raises ConfigError: when only one of the two files is set, or they do not load.
    """
    cert_file = str(settings["portal_tls_cert_file"])
    key_file = str(settings["portal_tls_key_file"])
    if bool(cert_file) != bool(key_file):
        raise ConfigError("settings 'portal_tls_cert_file' and 'portal_tls_key_file' go together")
    if cert_file:
        cert, key = Path(cert_file), Path(key_file)
    else:
        cert, key = self_signed(settings.state_dir / "portal" / "tls", socket.getfqdn())
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise ConfigError(f"{cert}: cannot load the intake's certificate and key") from exc
    return context
