"""OpenPGP encryption (PGP/MIME, RFC 3156) to recipients' public keys, with GnuPG.

The site keeps its correspondents' public keys in a GnuPG home directory of its own (setting
``openpgp_home``; ``gpg --homedir DIR --import key.asc``). Importing a key there is the site's
decision to trust it for that address, so encryption uses ``--trust-model always``. A key serves
the addresses of its user ids that are not revoked; a key that GnuPG does not mark usable for
encryption (expired, revoked, disabled, no encryption subkey) is left out. ``gpg`` never looks
keys up on the network (``--no-auto-key-retrieve``, ``--auto-key-locate local``). The keyring is
listed at start-up and on reload.
"""

from __future__ import annotations

import os
import secrets
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parseaddr
from pathlib import Path

from dlpmilter.errors import ActionError, ConfigError

#: The ``gpg`` executable (``GPG`` in the environment overrides it).
GPG = os.environ.get("GPG", "gpg")

#: Seconds one ``gpg`` call may take.
GPG_TIMEOUT_S = 30.0


def _gpg(home: Path, *args: str) -> list[str]:
    return [
        GPG, "--homedir", str(home), "--batch", "--no-tty", "--quiet", "--no-greeting",
        "--no-auto-key-retrieve", "--auto-key-locate", "local", *args,
    ]  # fmt: skip


def parse_key_listing(listing: str) -> dict[str, tuple[str, ...]]:
    """Fingerprints by lower-case address from ``gpg --with-colons --list-keys``: keys whose
    capabilities (field 12) include a usable encryption capability (``E``), through user ids
    that are not revoked (validity ``r``) or expired (``e``)."""
    found: dict[str, list[str]] = {}
    usable = False
    primary = ""
    want_fpr = False
    for line in listing.splitlines():
        fields = line.split(":")
        kind = fields[0]
        if kind == "pub":
            usable = len(fields) > 11 and "E" in fields[11] and fields[1] not in {"r", "e", "d"}
            primary, want_fpr = "", True
        elif kind == "fpr" and want_fpr and len(fields) > 9:
            primary, want_fpr = fields[9], False
        elif kind in {"sub", "ssb", "sec"}:
            want_fpr = False
        elif kind == "uid" and usable and primary and len(fields) > 9:
            if fields[1] in {"r", "e"}:
                continue
            address = parseaddr(fields[9].replace("\\x3a", ":"))[1].strip().lower()
            if "@" in address and primary not in found.get(address, []):
                found.setdefault(address, []).append(primary)
    return {address: tuple(fprs) for address, fprs in found.items()}


@dataclass(frozen=True, slots=True)
class Keyring:
    """Recipients' OpenPGP keys in one GnuPG home, by lower-case address."""

    home: Path | None
    by_address: dict[str, tuple[str, ...]]

    @classmethod
    def empty(cls) -> Keyring:
        """A keyring with no keys (no home configured)."""
        return cls(home=None, by_address={})

    @classmethod
    def load(cls, home: Path) -> Keyring:
        """List the keys in ``home``.

        :raises ConfigError: when the directory is missing or ``gpg`` cannot list it.
        """
        if not home.is_dir():
            raise ConfigError(f"openpgp_home: {home} is not a directory")
        try:
            done = subprocess.run(
                _gpg(home, "--with-colons", "--fixed-list-mode", "--list-keys"),
                capture_output=True, text=True, timeout=GPG_TIMEOUT_S, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ConfigError(f"openpgp_home: cannot run {GPG} ({type(exc).__name__})") from None
        if done.returncode != 0:
            raise ConfigError(f"openpgp_home: {GPG} --list-keys failed in {home}")
        return cls(home=home, by_address=parse_key_listing(done.stdout))

    def lookup(self, address: str) -> str | None:
        """The fingerprint to encrypt to for ``address``, if any (the first listed)."""
        found = self.by_address.get(address.lower())
        return found[0] if found else None

    def encrypt(self, data: bytes, fingerprints: Iterable[str]) -> bytes:
        """``data`` encrypted to every fingerprint, ASCII-armoured.

        :raises ActionError: when ``gpg`` fails (its message is not passed on: it may quote
            user ids).
        """
        wanted = list(fingerprints)
        if self.home is None or not wanted:
            raise ActionError("openpgp: no recipient key")
        args = ["--trust-model", "always", "--armor", "--encrypt"]
        for fpr in wanted:
            args += ["--recipient", fpr]
        try:
            done = subprocess.run(
                _gpg(self.home, *args), input=data, capture_output=True,
                timeout=GPG_TIMEOUT_S, check=False,
            )  # fmt: skip
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ActionError(f"openpgp: {GPG} failed ({type(exc).__name__})") from exc
        if done.returncode != 0 or not done.stdout:
            raise ActionError(f"openpgp: {GPG} exited with status {done.returncode}")
        return done.stdout.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")

    def __len__(self) -> int:
        return len(self.by_address)


def pgp_mime(armored: bytes) -> tuple[list[tuple[str, str]], bytes]:
    """The content fields and body of a PGP/MIME encrypted message (RFC 3156 section 4)."""
    boundary = "dlp-" + secrets.token_hex(12)
    fields = [
        (
            "Content-Type",
            f'multipart/encrypted; protocol="application/pgp-encrypted"; boundary="{boundary}"',
        ),
        ("Content-Description", "OpenPGP encrypted message"),
    ]
    marker = f"--{boundary}\r\n".encode()
    body = (
        b"This is an OpenPGP/MIME encrypted message (RFC 3156).\r\n"
        + marker
        + b"Content-Type: application/pgp-encrypted\r\n"
        + b"Content-Description: PGP/MIME version identification\r\n\r\n"
        + b"Version: 1\r\n\r\n"
        + marker
        + b'Content-Type: application/octet-stream; name="encrypted.asc"\r\n'
        + b"Content-Description: OpenPGP encrypted message\r\n"
        + b'Content-Disposition: inline; filename="encrypted.asc"\r\n\r\n'
        + armored.rstrip(b"\r\n")
        + b"\r\n"
        + f"--{boundary}--\r\n".encode()
    )
    return fields, body
