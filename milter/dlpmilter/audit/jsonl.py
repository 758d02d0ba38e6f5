"""The default audit sink: an append-only, hash-chained JSON Lines file.

Every record is sealed (:mod:`dlpmilter.audit.chain`) and appended under an exclusive
``flock``, so the milter's threads and a ``dlpmilter quarantine release`` run by an operator can
write to the same file without breaking the chain. The file is fsynced every
``audit_fsync_every`` records (1 by default: every record is durable before the message is
answered). fsyncs are group commits: threads that appended while another thread's fsync ran
are covered by the next single fsync, so a slow disk costs one fsync per burst, not one per
message in a queue behind a lock.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dlpmilter.audit.base import AuditSink
from dlpmilter.audit.chain import canonical_json, read_head, seal
from dlpmilter.errors import AuditError


class JsonlSink(AuditSink):
    """Hash-chained JSONL file sink (type name ``jsonl``)."""

    def __init__(self, *, settings: Mapping[str, Any], path: Path | None = None) -> None:
        super().__init__(settings=settings)
        if path is None:
            configured = str(settings.get("audit_file", "") or "")
            path = Path(configured) if configured else Path(settings["state_dir"]) / "audit.jsonl"
        self.path = path
        self.fsync_every = max(1, int(settings.get("audit_fsync_every", 1)))
        self._lock = threading.Lock()
        self._sync_lock = threading.Lock()
        self._written = 0  # records this sink appended
        self._synced = 0  # of those, how many an fsync has covered
        self._known: tuple[int, int, str] | None = None  # (size, seq, hash) after our last write
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
        except OSError as exc:
            raise AuditError(f"{self.path}: cannot open audit file: {exc.strerror}") from exc
        self._fd = fd

    def _head(self) -> tuple[int, str]:
        size = os.fstat(self._fd).st_size
        if self._known is not None and self._known[0] == size:
            return self._known[1], self._known[2]
        return read_head(self.path)

    def record(self, record: Mapping[str, Any]) -> None:
        """Seal and append one record; return once an fsync covers it (per the batching setting)."""
        try:
            ticket = self._append(record)
            if ticket - self._synced >= self.fsync_every:
                self._sync(ticket)
        except OSError as exc:
            raise AuditError(f"{self.path}: cannot append audit record: {exc.strerror}") from exc

    def _append(self, record: Mapping[str, Any]) -> int:
        with self._lock:
            fcntl.flock(self._fd, fcntl.LOCK_EX)
            try:
                seq, prev = self._head()
                sealed = seal(record, seq=seq + 1, prev=prev)
                os.write(self._fd, (canonical_json(sealed) + "\n").encode("utf-8"))
                self._known = (os.fstat(self._fd).st_size, seq + 1, sealed["hash"])
            finally:
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            self._written += 1
            return self._written

    def _sync(self, ticket: int) -> None:
        with self._sync_lock:
            if self._synced >= ticket:
                return  # another thread's fsync already covered this record
            covered = self._written
            os.fsync(self._fd)
            self._synced = covered

    def close(self) -> None:
        """fsync what is pending and close the file."""
        with self._lock:
            if self._fd >= 0:
                os.fsync(self._fd)
                os.close(self._fd)
                self._fd = -1
