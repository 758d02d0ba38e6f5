"""dlpmilter's own quarantine: messages encrypted at rest, indexed in SQLite.

Layout under ``<state_dir>/quarantine/``: ``index.sqlite`` (one row per message: id, time,
sender, recipients, labels, rules, size, queue id, state, who released or deleted it and why)
and ``msg/<id>.bin`` (a 12-byte nonce followed by the AES-256-GCM ciphertext of the raw message,
with the id as associated data, so a file renamed to another id does not decrypt;
:mod:`dlpmilter.sealedfiles`). The key is a 32-byte file (setting ``quarantine_key_file``),
created 0600 on first use.

Every method opens its own SQLite connection, so one store can be shared by milter threads.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from dlpmilter.errors import ActionError, ConfigError
from dlpmilter.keyfile import load_or_create
from dlpmilter.sealedfiles import SealedFiles
from dlpmilter.settings import Settings

_SCHEMA = """
CREATE TABLE IF NOT EXISTS quarantine (
    id TEXT PRIMARY KEY,
    time TEXT NOT NULL,
    queue_id TEXT NOT NULL,
    sender TEXT NOT NULL,
    recipients TEXT NOT NULL,
    labels TEXT NOT NULL,
    rules TEXT NOT NULL,
    size INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'held',
    actor TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    changed TEXT NOT NULL DEFAULT ''
)
"""

_COLUMNS = (
    "id, time, queue_id, sender, recipients, labels, rules, size, state, actor, note, changed"
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Entry:
    """One quarantined message's index row.

    :param state: ``held``, ``released`` or ``deleted``.
    :param actor: who released or deleted it; :param note: why.
    """

    id: str
    time: str
    queue_id: str
    sender: str
    recipients: tuple[str, ...]
    labels: tuple[str, ...]
    rules: tuple[str, ...]
    size: int
    state: str = "held"
    actor: str = ""
    note: str = ""
    changed: str = ""

    @classmethod
    def from_row(cls, row: tuple[object, ...]) -> Entry:
        """Build an entry from a row selected with :data:`_COLUMNS`."""
        (qid, time, queue_id, sender, rcpts, labels, rules, size, state, actor, note, changed) = row
        return cls(
            id=str(qid),
            time=str(time),
            queue_id=str(queue_id),
            sender=str(sender),
            recipients=tuple(json.loads(str(rcpts))),
            labels=tuple(json.loads(str(labels))),
            rules=tuple(json.loads(str(rules))),
            size=int(str(size)),
            state=str(state),
            actor=str(actor),
            note=str(note),
            changed=str(changed),
        )


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


class QuarantineStore:
    """Encrypted message files plus an SQLite index.

    :param directory: the store directory (created 0700).
    :param key: the 32-byte AES-256-GCM key.
    """

    def __init__(self, directory: Path, key: bytes) -> None:
        if len(key) != 32:
            raise ConfigError("quarantine key must be 32 bytes")
        self.directory = directory
        self._files = SealedFiles(directory / "msg", key, what="quarantine")
        (directory / "msg").mkdir(parents=True, exist_ok=True)
        directory.chmod(0o700)
        with self._db() as db:
            db.execute(_SCHEMA)

    @classmethod
    def from_settings(cls, settings: Settings) -> QuarantineStore:
        """The store under ``<state_dir>/quarantine`` with the configured key file."""
        key = load_or_create(settings.path("quarantine_key_file", "quarantine.key"), 32)
        return cls(settings.state_dir / "quarantine", key)

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.directory / "index.sqlite", timeout=30)
        try:
            with db:
                yield db
        finally:
            db.close()

    def put(
        self,
        raw: bytes,
        *,
        qid: str,
        queue_id: str,
        sender: str,
        recipients: tuple[str, ...],
        labels: tuple[str, ...] = (),
        rules: tuple[str, ...] = (),
    ) -> Entry:
        """Encrypt and store one message, then index it. The file is durable before the row.

        :raises ActionError: when the file or the index cannot be written.
        """
        entry = Entry(id=qid, time=_now(), queue_id=queue_id, sender=sender,
                      recipients=recipients, labels=labels, rules=rules, size=len(raw))  # fmt: skip
        try:
            self._files.write(qid, raw)
        except OSError as exc:
            raise ActionError(f"quarantine: cannot store {qid}: {type(exc).__name__}") from exc
        try:
            with self._db() as db:
                db.execute(
                    f"INSERT INTO quarantine ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",  # noqa: S608 - fixed column list
                    (
                        entry.id, entry.time, entry.queue_id, entry.sender,
                        json.dumps(list(recipients)), json.dumps(list(labels)),
                        json.dumps(list(rules)), entry.size, "held", "", "", "",
                    ),
                )  # fmt: skip
        except sqlite3.Error as exc:
            self._files.remove(qid)
            raise ActionError(f"quarantine: cannot store {qid}: {type(exc).__name__}") from exc
        return entry

    def entries(self, *, state: str | None = None) -> list[Entry]:
        """Index rows, oldest first, optionally only those in ``state``."""
        query = f"SELECT {_COLUMNS} FROM quarantine"  # noqa: S608 - fixed column list
        args: tuple[str, ...] = ()
        if state:
            query += " WHERE state = ?"
            args = (state,)
        with self._db() as db:
            rows = db.execute(query + " ORDER BY time, id", args).fetchall()
        return [Entry.from_row(r) for r in rows]

    def get(self, qid: str) -> Entry:
        """One index row.

        :raises ActionError: when there is no such id.
        """
        with self._db() as db:
            row = db.execute(
                f"SELECT {_COLUMNS} FROM quarantine WHERE id = ?",  # noqa: S608 - fixed column list
                (qid,),
            ).fetchone()
        if row is None:
            raise ActionError(f"quarantine: no message {qid!r}")
        return Entry.from_row(row)

    def read(self, qid: str) -> bytes:
        """Decrypt one stored message.

        :raises ActionError: when it is missing, deleted, or does not decrypt under the key.
        """
        return self._files.read(qid)

    def mark(self, qid: str, *, state: str, actor: str, note: str) -> Entry:
        """Record a release or deletion: who did it and why."""
        self.get(qid)
        with self._db() as db:
            db.execute(
                "UPDATE quarantine SET state = ?, actor = ?, note = ?, changed = ? WHERE id = ?",
                (state, actor, note, _now(), qid),
            )
        return self.get(qid)

    def delete(self, qid: str, *, actor: str, note: str) -> Entry:
        """Remove the encrypted message; the index row stays, marked ``deleted``."""
        entry = self.mark(qid, state="deleted", actor=actor, note=note)
        self._files.remove(qid)
        return entry
