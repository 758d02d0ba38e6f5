"""Reviewer accounts of the quarantine console: one file of ``name:hash`` lines.

The file (setting ``quarantine_reviewers_file``, default ``<state_dir>/reviewers``) is written
0600 by ``dlpmilter quarantine reviewer add|remove`` and read by the console at start-up and at
every sign-in, so a reviewer added or removed takes effect without a restart. Each hash is
``scrypt$<log2 n>$<r>$<p>$<salt>$<key>`` (salt and key in base64url, no padding): scrypt with its
own random salt and the parameters it was made with, so stronger parameters later do not break
existing lines. Passwords are compared in constant time; an unknown name costs the same scrypt
as a known one. A line that cannot be read is a :class:`~dlpmilter.errors.ConfigError` naming
the file and the line.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from dlpmilter.errors import ConfigError
from dlpmilter.settings import Settings

#: Shortest password accepted for a reviewer.
MIN_PASSWORD = 12
#: A reviewer's name: what the audit log records as ``actor``.
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._@-]{0,63}")

_LOG2_N, _R, _P, _SALT, _KEY = 15, 8, 1, 16, 32
_HASH = re.compile(r"scrypt\$(\d{1,2})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]+)\$([A-Za-z0-9_-]+)")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _scrypt(password: str, salt: bytes, cost: tuple[int, int, int], length: int) -> bytes:
    """scrypt of ``password`` with ``cost`` = (log2 n, r, p)."""
    log2_n, r, p = cost
    n = 1 << log2_n
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
        maxmem=128 * r * n * p + 1024 * 1024,
    )  # fmt: skip


def hash_password(password: str) -> str:
    """The stored form of a password: scrypt with a fresh salt, parameters included."""
    salt = secrets.token_bytes(_SALT)
    key = _scrypt(password, salt, (_LOG2_N, _R, _P), _KEY)
    return f"scrypt${_LOG2_N}${_R}${_P}${_b64(salt)}${_b64(key)}"


def _parse_hash(text: str) -> tuple[int, int, int, bytes, bytes] | None:
    found = _HASH.fullmatch(text)
    if found is None:
        return None
    log2_n, r, p = (int(found.group(i)) for i in (1, 2, 3))
    try:
        salt, key = _unb64(found.group(4)), _unb64(found.group(5))
    except ValueError:
        return None
    if not (10 <= log2_n <= 20 and 1 <= r <= 32 and 1 <= p <= 16 and salt and len(key) >= 16):
        return None
    return log2_n, r, p, salt, key


@functools.cache
def _dummy() -> str:
    """What an unknown name is checked against, so that it costs as much as a known one."""
    return hash_password(secrets.token_urlsafe(16))


def check_password(stored: str, password: str) -> bool:
    """Whether ``password`` matches the stored hash (constant-time comparison)."""
    parsed = _parse_hash(stored)
    if parsed is None:
        return False
    log2_n, r, p, salt, key = parsed
    return hmac.compare_digest(_scrypt(password, salt, (log2_n, r, p), len(key)), key)


def check_name(name: str) -> str:
    """``name`` when it can be a reviewer's name.

    :raises ConfigError: when it cannot.
    """
    if not NAME.fullmatch(name):
        raise ConfigError(
            f"reviewer name {name!r}: use 1-64 letters, digits and . _ @ - (starting with a "
            "letter or digit)"
        )
    return name


def check_new_password(password: str) -> str:
    """``password`` when it is long enough.

    :raises ConfigError: when it is shorter than :data:`MIN_PASSWORD` characters.
    """
    if len(password) < MIN_PASSWORD:
        raise ConfigError(f"a reviewer's password needs at least {MIN_PASSWORD} characters")
    return password


@dataclass(frozen=True, slots=True)
class Reviewers:
    """The reviewers file at ``path``."""

    path: Path

    @classmethod
    def from_settings(cls, settings: Settings) -> Reviewers:
        """The file of setting ``quarantine_reviewers_file`` (default ``<state_dir>/reviewers``)."""
        return cls(settings.path("quarantine_reviewers_file", "reviewers"))

    def load(self) -> dict[str, str]:
        """Every reviewer's name and stored hash, in file order; none when there is no file.

        :raises ConfigError: naming the file and line of a malformed line or a repeated name.
        """
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{self.path}: cannot read reviewers: {type(exc).__name__}") from exc
        found: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            name, sep, stored = line.strip().partition(":")
            if not sep or not NAME.fullmatch(name) or _parse_hash(stored) is None:
                raise ConfigError(
                    f"{self.path}, line {number}: expected name:scrypt$<log2 n>$<r>$<p>$<salt>$<key>"
                )
            if name in found:
                raise ConfigError(f"{self.path}, line {number}: reviewer {name!r} appears twice")
            found[name] = stored
        return found

    def names(self) -> list[str]:
        """The reviewers' names, in file order."""
        return list(self.load())

    def verify(self, name: str, password: str) -> bool:
        """Whether ``name`` is a reviewer whose password is ``password``.

        An unknown name is checked against a dummy hash, so the answer takes as long either way.
        """
        stored = self.load().get(name)
        matched = check_password(stored or _dummy(), password)
        return stored is not None and matched

    def stamp(self, name: str) -> str:
        """A short digest of ``name``'s stored hash (empty for an unknown name): a session keeps
        it, so a changed password or a removed reviewer ends the sessions already open."""
        stored = self.load().get(name)
        return hashlib.sha256(stored.encode()).hexdigest()[:24] if stored else ""

    def add(self, name: str, password: str, *, replace: bool = False) -> None:
        """Add a reviewer (or, with ``replace``, set an existing one's password).

        :raises ConfigError: for a bad name, a short password, or a name already there.
        """
        check_name(name)
        check_new_password(password)
        entries = self.load()
        if name in entries and not replace:
            raise ConfigError(
                f"{self.path}: reviewer {name!r} exists (--replace sets a new password)"
            )
        entries[name] = hash_password(password)
        self._write(entries)

    def remove(self, name: str) -> None:
        """Remove a reviewer.

        :raises ConfigError: when there is no such reviewer.
        """
        entries = self.load()
        if entries.pop(name, None) is None:
            raise ConfigError(f"{self.path}: no reviewer {name!r}")
        self._write(entries)

    def _write(self, entries: dict[str, str]) -> None:
        """Replace the file (0600) with ``entries``: written aside, made durable, renamed."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        aside = self.path.with_name(f".{self.path.name}.{secrets.token_hex(4)}")
        fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.writelines(f"{name}:{stored}\n" for name, stored in entries.items())
                fh.flush()
                os.fsync(fh.fileno())
            aside.replace(self.path)
        except BaseException:
            aside.unlink(missing_ok=True)
            raise
        self.path.chmod(0o600)
