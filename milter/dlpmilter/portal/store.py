"""The portal store: messages encrypted at rest, their pickups and their event trail, in SQLite.

Layout under ``<state_dir>/portal/`` (0700): ``index.sqlite`` and ``msg/<id>.bin`` (a 12-byte
nonce followed by the AES-256-GCM ciphertext of the raw message, with the id as associated data,
so a file renamed to another id does not decrypt; :mod:`dlpmilter.sealedfiles`). The key is a
32-byte file (setting ``portal_key_file``), created 0600 on first use.

The index has three tables:

* ``messages``: id, the DLP reference, time, expiry, sender, recipients, size, state
  (``available`` or ``expired``);
* ``pickups``: one per recipient: the SHA-256 of its token (never the token), the recipient's
  address (needed to mail codes), its number within the message, and the digest, expiry and
  wrong attempts of its current one-time code;
* ``events``: the trail a compliance officer reads (:data:`EVENTS`): time, message id, pickup
  number (0 for the message) and a detail made of counts, never content.

When a message expires (``portal_retention_days``), its file and its pickups are deleted; the
message row and its events stay. Every method opens its own connection, so one store can be
shared by threads and processes.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from pathlib import Path

from dlpmilter.errors import ActionError, ConfigError
from dlpmilter.keyfile import load_or_create
from dlpmilter.portal import credential
from dlpmilter.portal.record import CodeCheck, Deposit, Event, Pickup, Stored
from dlpmilter.sealedfiles import SealedFiles
from dlpmilter.settings import Settings

#: Kinds of event in the trail.
EVENTS = (
    "deposited", "notified", "code sent", "code failed", "code refused", "opened",
    "attachment downloaded", "expired",
)  # fmt: skip

_SCHEMA = (
    """CREATE TABLE IF NOT EXISTS messages (
        id TEXT PRIMARY KEY, reference TEXT NOT NULL, time TEXT NOT NULL, expires TEXT NOT NULL,
        sender TEXT NOT NULL, recipients TEXT NOT NULL, size INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'available')""",
    """CREATE TABLE IF NOT EXISTS pickups (
        token TEXT PRIMARY KEY, message TEXT NOT NULL, number INTEGER NOT NULL,
        recipient TEXT NOT NULL, code TEXT NOT NULL DEFAULT '',
        code_expires TEXT NOT NULL DEFAULT '', code_attempts INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE IF NOT EXISTS events (
        seq INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, message TEXT NOT NULL,
        pickup INTEGER NOT NULL, kind TEXT NOT NULL, detail TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS events_message ON events (message, seq)",
    "CREATE INDEX IF NOT EXISTS pickups_message ON pickups (message)",
)
_MESSAGE_COLUMNS = "id, reference, time, expires, sender, recipients, size, state"
_PICKUP_COLUMNS = "token, message, number, recipient, code, code_expires, code_attempts"

Clock = Callable[[], datetime]


def iso(moment: datetime) -> str:
    """A UTC time as the index stores it (sortable text)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _utcnow() -> datetime:
    return datetime.now(UTC)


class PortalStore:
    """Encrypted message files, pickups and events, indexed in SQLite.

    :param directory: the store directory (created 0700).
    :param key: the 32-byte AES-256-GCM key.
    :param retention: how long a message stays available.
    :param clock: the current time (tests pass their own).
    """

    def __init__(
        self, directory: Path, key: bytes, *, retention: timedelta, clock: Clock = _utcnow
    ) -> None:
        if len(key) != 32:
            raise ConfigError("portal key must be 32 bytes")
        self.directory = directory
        self.retention = retention
        self.clock = clock
        self._files = SealedFiles(directory / "msg", key, what="portal")
        self.code_key = credential.subkey(key, "code")
        (directory / "msg").mkdir(parents=True, exist_ok=True)
        directory.chmod(0o700)
        with self._db() as db:
            for statement in _SCHEMA:
                db.execute(statement)

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Clock = _utcnow) -> PortalStore:
        """The store under ``<state_dir>/portal`` with the configured key and retention."""
        key = load_or_create(settings.path("portal_key_file", "portal.key"), 32)
        days = int(settings["portal_retention_days"])
        if days < 1:
            raise ConfigError("setting 'portal_retention_days' must be at least 1")
        return cls(settings.state_dir / "portal", key, retention=timedelta(days=days), clock=clock)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.directory / "index.sqlite", timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()

    def now(self) -> str:
        """The current time as the index stores it."""
        return iso(self.clock())

    # --- messages ---------------------------------------------------------------------------
    def deposit(
        self, raw: bytes, *, sender: str, recipients: tuple[str, ...], reference: str = ""
    ) -> Deposit:
        """Encrypt and store one message with a pickup per recipient. The file is durable
        before the rows; the ``deposited`` event is written with them.

        :raises ActionError: when the file or the index cannot be written.
        """
        if not recipients:
            raise ActionError("portal: a message needs at least one recipient")
        now = self.clock()
        mid = f"P{now:%Y%m%d}-{secrets.token_hex(6)}"
        stored = Stored(id=mid, reference=reference, time=iso(now), sender=sender,
                        expires=iso(now + self.retention), recipients=recipients,
                        size=len(raw), state="available")  # fmt: skip
        tokens = tuple((rcpt, credential.new_token()) for rcpt in recipients)
        try:
            self._files.write(mid, raw)
        except OSError as exc:
            raise ActionError(f"portal: cannot store {mid}: {type(exc).__name__}") from exc
        try:
            with self._db() as db:
                self._insert(db, stored, tokens)
        except sqlite3.Error as exc:
            with suppress(OSError):  # the cause may also stop the clean-up
                self._files.remove(mid)
            raise ActionError(f"portal: cannot store {mid}: {type(exc).__name__}") from exc
        return Deposit(message=stored, tokens=tokens)

    def _insert(
        self, db: sqlite3.Connection, stored: Stored, tokens: tuple[tuple[str, str], ...]
    ) -> None:
        db.execute(
            f"INSERT INTO messages ({_MESSAGE_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",  # noqa: S608 - fixed column list
            (stored.id, stored.reference, stored.time, stored.expires, stored.sender,
             json.dumps(list(stored.recipients)), stored.size, stored.state),
        )  # fmt: skip
        db.executemany(
            "INSERT INTO pickups (token, message, number, recipient) VALUES (?,?,?,?)",
            [(credential.token_digest(token), stored.id, number, rcpt)
             for number, (rcpt, token) in enumerate(tokens, start=1)],
        )  # fmt: skip
        detail = f"recipients={len(tokens)} bytes={stored.size}"
        self._event(db, stored.id, 0, "deposited", detail)

    def discard(self, mid: str) -> None:
        """Undo a deposit whose notices could not all be sent: the sender's MTA will retry,
        so the message, its pickups and its events go, as if it had never arrived."""
        self._files.remove(mid)
        with self._db() as db:
            for table, column in (
                ("pickups", "message"),
                ("events", "message"),
                ("messages", "id"),
            ):
                db.execute(f"DELETE FROM {table} WHERE {column} = ?", (mid,))  # noqa: S608 - fixed names

    def messages(self) -> list[Stored]:
        """Every message row, oldest first."""
        with self._db() as db:
            rows = db.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages ORDER BY time, id"  # noqa: S608 - fixed column list
            ).fetchall()
        return [Stored.from_row(r) for r in rows]

    def message(self, key: str) -> Stored:
        """One message row, by portal id or by DLP reference (the newest with it).

        :raises ActionError: when there is none.
        """
        with self._db() as db:
            row = db.execute(
                f"SELECT {_MESSAGE_COLUMNS} FROM messages WHERE id = ? OR reference = ?"  # noqa: S608 - fixed column list
                " ORDER BY id = ? DESC, time DESC LIMIT 1",
                (key, key, key),
            ).fetchone()
        if row is None:
            raise ActionError("portal: no such message")
        return Stored.from_row(row)

    def read(self, mid: str) -> bytes:
        """Decrypt one stored message.

        :raises ActionError: when it is missing, expired, or does not decrypt under the key.
        """
        return self._files.read(mid)

    def expire(self) -> int:
        """Delete every message past its expiry, with its pickups; return how many."""
        now = self.now()
        with self._db() as db:
            due = [str(r[0]) for r in db.execute(
                "SELECT id FROM messages WHERE state = 'available' AND expires <= ?", (now,)
            )]  # fmt: skip
        for mid in due:
            self._files.remove(mid)
            with self._db() as db:
                gone = db.execute("DELETE FROM pickups WHERE message = ?", (mid,)).rowcount
                db.execute("UPDATE messages SET state = 'expired' WHERE id = ?", (mid,))
                self._event(db, mid, 0, "expired", f"pickups={gone}")
        return len(due)

    # --- pickups ----------------------------------------------------------------------------
    def pickup(self, token: str) -> Pickup | None:
        """The pickup a token opens, or None when it is unknown or its message has expired."""
        with self._db() as db:
            row = db.execute(
                f"SELECT {', '.join('p.' + c for c in _PICKUP_COLUMNS.split(', '))}"  # noqa: S608 - fixed column list
                " FROM pickups p JOIN messages m ON m.id = p.message"
                " WHERE p.token = ? AND m.state = 'available' AND m.expires > ?",
                (credential.token_digest(token), self.now()),
            ).fetchone()
        return None if row is None else Pickup.from_row(row)

    def pickups(self, mid: str) -> list[Pickup]:
        """The pickups of one message (none once it expired)."""
        with self._db() as db:
            rows = db.execute(
                f"SELECT {_PICKUP_COLUMNS} FROM pickups WHERE message = ? ORDER BY number",  # noqa: S608 - fixed column list
                (mid,),
            ).fetchall()
        return [Pickup.from_row(r) for r in rows]

    def issue_code(self, pickup: Pickup, *, ttl: timedelta, per_hour: int) -> str | None:
        """A new one-time code for ``pickup`` (replacing any earlier one), or None when
        ``per_hour`` codes were already sent for it in the last hour."""
        now = self.clock()
        with self._db() as db:
            (sent,) = db.execute(
                "SELECT COUNT(*) FROM events WHERE message = ? AND pickup = ? AND kind = ?"
                " AND time > ?",
                (pickup.message, pickup.number, "code sent", iso(now - timedelta(hours=1))),
            ).fetchone()
            if int(sent) >= per_hour:
                self._event(db, pickup.message, pickup.number, "code refused", f"sent={sent}")
                return None
            code = credential.new_code()
            db.execute(
                "UPDATE pickups SET code = ?, code_expires = ?, code_attempts = 0 WHERE token = ?",
                (credential.code_digest(self.code_key, pickup.token, code), iso(now + ttl),
                 pickup.token),
            )  # fmt: skip
            self._event(db, pickup.message, pickup.number, "code sent", f"sent={int(sent) + 1}")
        return code

    def check_code(self, pickup: Pickup, code: str, *, attempts: int) -> CodeCheck:
        """Check an entered code. A right one is used up and records ``opened``; a wrong one
        counts, and the ``attempts``-th wrong one (or an expired code) spends the code."""
        with self._db() as db:
            row = db.execute(
                "SELECT code, code_expires, code_attempts FROM pickups WHERE token = ?",
                (pickup.token,),
            ).fetchone()
            stored, expires, tried = (str(row[0]), str(row[1]), int(row[2])) if row else ("", "", 0)
            if not stored or expires <= self.now():
                self._spend(db, pickup, "no valid code")
                return CodeCheck.SPENT
            entered = credential.code_digest(self.code_key, pickup.token, code.strip())
            if credential.same(entered, stored):
                db.execute("UPDATE pickups SET code = '', code_attempts = 0 WHERE token = ?",
                           (pickup.token,))  # fmt: skip
                self._event(db, pickup.message, pickup.number, "opened", "")
                return CodeCheck.ACCEPTED
            tried += 1
            if tried >= attempts:
                self._spend(db, pickup, f"attempt {tried} of {attempts}, code spent")
                return CodeCheck.SPENT
            db.execute("UPDATE pickups SET code_attempts = ? WHERE token = ?",
                       (tried, pickup.token))  # fmt: skip
            self._event(db, pickup.message, pickup.number, "code failed",
                        f"attempt {tried} of {attempts}")  # fmt: skip
        return CodeCheck.WRONG

    def _spend(self, db: sqlite3.Connection, pickup: Pickup, detail: str) -> None:
        db.execute(
            "UPDATE pickups SET code = '', code_expires = '', code_attempts = 0 WHERE token = ?",
            (pickup.token,),
        )
        self._event(db, pickup.message, pickup.number, "code failed", detail)

    # --- events -----------------------------------------------------------------------------
    def record(self, mid: str, pickup: int, kind: str, detail: str = "") -> None:
        """Add one event to a message's trail (details are counts and numbers, never content)."""
        with self._db() as db:
            self._event(db, mid, pickup, kind, detail)

    def _event(self, db: sqlite3.Connection, mid: str, pickup: int, kind: str, detail: str) -> None:
        if kind not in EVENTS:
            raise ActionError(f"portal: unknown event kind {kind!r}")
        db.execute(
            "INSERT INTO events (time, message, pickup, kind, detail) VALUES (?,?,?,?,?)",
            (self.now(), mid, pickup, kind, detail),
        )

    def events(self, mid: str) -> list[Event]:
        """A message's trail, in order."""
        with self._db() as db:
            rows = db.execute(
                "SELECT time, message, pickup, kind, detail FROM events WHERE message = ?"
                " ORDER BY seq",
                (mid,),
            ).fetchall()
        return [Event(time=str(t), message=str(m), pickup=int(p), kind=str(k), detail=str(d))
                for t, m, p, k, d in rows]  # fmt: skip
