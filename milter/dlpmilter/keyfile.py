"""Site secrets kept in files: the finding-digest salt, the quarantine key, the header HMAC key.

Each is created on first use with random bytes and mode 0600, and read as-is afterwards. A file
that exists but has the wrong size is a :class:`~dlpmilter.errors.ConfigError`, never silently
replaced: replacing a key would make stored quarantine unreadable.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from dlpmilter.errors import ConfigError
from dlpmilter.settings import Settings


def load_or_create(path: Path, nbytes: int = 32) -> bytes:
    """Read ``nbytes`` of secret from ``path``, creating it (0600) when it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = secrets.token_bytes(nbytes)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return load_or_create(path, nbytes)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return data
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read key file: {exc.strerror}") from exc
    if len(data) != nbytes:
        raise ConfigError(f"{path}: key file holds {len(data)} bytes, expected {nbytes}")
    return data


def site_salt(settings: Settings) -> bytes:
    """The salt for finding digests and Message-ID hashes (setting ``salt_file``)."""
    return load_or_create(settings.path("salt_file", "salt"), 32)
