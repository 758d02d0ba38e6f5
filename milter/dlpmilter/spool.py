"""Spooling one SMTP transaction: the envelope as it arrives and the message bytes.

A :class:`Spool` keeps bytes in memory up to a bound, then moves them to a 0600 temporary file
under ``<state_dir>/spool`` and keeps appending there; :meth:`Spool.close` removes the file.
A :class:`Transaction` records MAIL FROM, every RCPT TO and the headers and body chunks the
milter receives, and rebuilds the raw message (CRLF line ends) at end of message.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from dlpmilter.message import Envelope


class Spool:
    """Bytes in memory up to ``memory_limit``, then in a private temporary file.

    :param memory_limit: bytes kept in memory before spilling to disk.
    :param directory: where the temporary file goes (created 0700 when missing).
    """

    def __init__(self, *, memory_limit: int, directory: Path) -> None:
        self.memory_limit = memory_limit
        self.directory = directory
        self.size = 0
        self._buffer: BinaryIO = io.BytesIO()
        self.path: Path | None = None

    def write(self, data: bytes) -> None:
        """Append bytes, spilling to a file when the memory bound is passed."""
        if self.path is None and self.size + len(data) > self.memory_limit:
            self._spill()
        self._buffer.write(data)
        self.size += len(data)

    def _spill(self) -> None:
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix="tx-", suffix=".eml", dir=self.directory)
        os.fchmod(fd, 0o600)
        handle = os.fdopen(fd, "w+b")
        assert isinstance(self._buffer, io.BytesIO)
        handle.write(self._buffer.getvalue())
        self._buffer = handle
        self.path = Path(name)

    def getvalue(self) -> bytes:
        """Everything written so far."""
        if isinstance(self._buffer, io.BytesIO):
            return self._buffer.getvalue()
        self._buffer.flush()
        self._buffer.seek(0)
        data = self._buffer.read()
        self._buffer.seek(0, os.SEEK_END)
        return data

    def content(self) -> bytes | Path:
        """The bytes, or (once spilled) the path of the flushed file, so large messages are
        not read back into this process."""
        if self.path is None:
            return self.getvalue()
        self._buffer.flush()
        return self.path

    def close(self) -> None:
        """Drop the bytes and remove the temporary file, if any."""
        self._buffer.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


def _crlf(text: str) -> bytes:
    data = text.encode("utf-8", "surrogateescape")
    return data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


class Transaction:
    """One message's envelope and bytes as the milter receives them.

    :param sender: MAIL FROM, as given (angle brackets kept).
    :param client_address: the SMTP client's address.
    :param authenticated_user: the ``{auth_authen}`` macro, empty when not authenticated.
    """

    def __init__(
        self,
        spool: Spool,
        *,
        sender: str,
        client_address: str = "",
        authenticated_user: str = "",
    ) -> None:
        self.spool = spool
        self.sender = sender
        self.client_address = client_address
        self.authenticated_user = authenticated_user
        self.recipients: list[str] = []
        self.mailers: list[str] = []
        self.subject: str | None = None
        self._in_body = False

    def add_recipient(self, address: str, mailer: str = "") -> None:
        """Record one RCPT TO and the ``{rcpt_mailer}`` macro Postfix gave with it."""
        self.recipients.append(address)
        self.mailers.append(mailer)

    def add_header(self, name: str, value: str) -> None:
        """Append one header line (values are folded as received)."""
        if self.subject is None and name.lower() == "subject":
            self.subject = value
        self.spool.write(_crlf(f"{name}: {value}\n"))

    def end_headers(self) -> None:
        """The blank line between headers and body."""
        if not self._in_body:
            self.spool.write(b"\r\n")
            self._in_body = True

    def add_body(self, chunk: bytes) -> None:
        """Append a body chunk (already CRLF from the MTA)."""
        self.end_headers()
        self.spool.write(chunk)

    def raw(self) -> bytes:
        """The whole message as received."""
        self.end_headers()
        return self.spool.getvalue()

    def content(self) -> bytes | Path:
        """The whole message as received, or the path of its spool file (see
        :meth:`Spool.content`); valid until :meth:`close`."""
        self.end_headers()
        return self.spool.content()

    def envelope(self, queue_id: str = "") -> Envelope:
        """The envelope, with angle brackets removed from the addresses."""
        return Envelope(
            sender=_bare(self.sender),
            recipients=tuple(_bare(r) for r in self.recipients),
            queue_id=queue_id,
            client_address=self.client_address,
            authenticated_user=self.authenticated_user,
        )

    def close(self) -> None:
        """Release the spool (removes its file)."""
        self.spool.close()


def _bare(address: str) -> str:
    return address.strip().removeprefix("<").removesuffix(">")
