"""Messages sealed at rest, one file each: the quarantine store's and the portal's.

``<directory>/<id>.bin`` is a 12-byte random nonce followed by the AES-256-GCM ciphertext of the
message under the store's key, with the id as associated data, so a file renamed to another id
does not open. A file is written with ``O_EXCL`` and mode 0600 and is durable (fsync) before
:meth:`SealedFiles.write` returns, so an index row written after it never points at nothing.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from dlpmilter.errors import ActionError


class SealedFiles:
    """The sealed message files of one store.

    :param directory: where the files live (created 0700 by the store).
    :param key: the store's 32-byte AES-256-GCM key.
    :param what: the store's name in error messages (``quarantine``, ``portal``).
    """

    def __init__(self, directory: Path, key: bytes, *, what: str) -> None:
        self.directory = directory
        self._aead = AESGCM(key)
        self.what = what

    def path(self, ident: str) -> Path:
        """The file of one id.

        :raises ActionError: for an id that is not letters, digits and dashes.
        """
        if not ident.replace("-", "").isalnum():
            raise ActionError(f"{self.what}: invalid id")
        return self.directory / f"{ident}.bin"

    def write(self, ident: str, data: bytes) -> Path:
        """Seal ``data`` into a new, durable file; return its path.

        :raises OSError: when it cannot be written (an existing file is never replaced, and a
            half-written one is removed).
        """
        path = self.path(ident)
        nonce = secrets.token_bytes(12)
        sealed = nonce + self._aead.encrypt(nonce, data, ident.encode())
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(sealed)
                fh.flush()
                os.fsync(fh.fileno())
        except OSError:
            path.unlink(missing_ok=True)  # ours, half written
            raise
        return path

    def read(self, ident: str) -> bytes:
        """Open one sealed file.

        :raises ActionError: when it is missing or does not decrypt under the key.
        """
        try:
            blob = self.path(ident).read_bytes()
        except OSError as exc:
            raise ActionError(f"{self.what}: message {ident} is not in the store") from exc
        try:
            return self._aead.decrypt(blob[:12], blob[12:], ident.encode())
        except InvalidTag as exc:
            raise ActionError(f"{self.what}: message {ident} does not decrypt") from exc

    def remove(self, ident: str) -> None:
        """Delete one file (nothing when it is already gone)."""
        self.path(ident).unlink(missing_ok=True)
