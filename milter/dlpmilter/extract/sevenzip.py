"""7z archives, with py7zr (maintained, LGPL, codec wheels from PyPI; no external 7z binary).

Declared sizes are checked first: the sum of the members' uncompressed sizes against the
budget, and its ratio to the archive's size. Members are then inflated into an in-memory
writer that counts every write and stops the decoder (by raising) the moment a member or the
archive passes the budget or the ratio, so a lying header cannot expand a bomb. An archive that
needs a password (encrypted content or encrypted headers) gets ``encrypted_attachment``.
"""

from __future__ import annotations

import io

import py7zr
from py7zr.exceptions import (
    Bad7zFile,
    DecompressionBombError,
    PasswordRequired,
    UnsupportedCompressionMethodError,
)
from py7zr.io import Py7zIO, WriterFactory

from dlpmilter.extract.allowance import Allowance, OverBudget
from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.message import Fact

_MAGIC = b"7z\xbc\xaf\x27\x1c"
_KIND = "application/x-7z-compressed"
_ERRORS = (
    Bad7zFile,
    UnsupportedCompressionMethodError,
    EOFError,
    OSError,
    ValueError,
    KeyError,
    IndexError,
)


class _CountingWriter(Py7zIO):
    """Keeps one member's bytes and charges every write to the allowance."""

    def __init__(self, allowance: Allowance, location: str, stored: int) -> None:
        self._buffer = io.BytesIO()
        self._allowance = allowance
        self._location = location
        self._stored = stored
        self._cap = min(allowance.remaining, allowance.budget.max_member_bytes)

    def write(self, s: bytes | bytearray) -> int:
        total = self._buffer.tell() + len(s)
        self._allowance.expanded += len(s)
        self._allowance.check(
            location=self._location, total=total, cap=self._cap, stored=self._stored
        )
        return self._buffer.write(s)

    def read(self, size: int | None = None) -> bytes:
        return (
            self._buffer.getvalue() if size is None or size < 0 else self._buffer.getvalue()[:size]
        )

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._buffer.seek(offset, whence)

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return len(self._buffer.getbuffer())

    def value(self) -> bytes:
        return self._buffer.getvalue()


class _Factory(WriterFactory):
    def __init__(self, allowance: Allowance, location: str, stored: int) -> None:
        self.allowance = allowance
        self.location = location
        self.stored = stored
        self.products: dict[str, _CountingWriter] = {}

    def create(self, filename: str) -> Py7zIO:
        if filename not in self.products:
            refused = self.allowance.take_member(self.location)
            if refused is not None:
                raise OverBudget(refused)
        writer = _CountingWriter(self.allowance, f"{self.location}/{filename}", self.stored)
        self.products[filename] = writer
        return writer


def _precheck(
    allowance: Allowance, infos: list[py7zr.FileInfo], location: str, stored: int
) -> Fact | None:
    """Refuse from declared sizes: any member past the member cap, or the whole past the
    budget or the ratio."""
    for info in infos:
        fact = allowance.precheck(
            location=f"{location}/{info.filename}", declared=info.uncompressed or 0, stored=None
        )
        if fact is not None:
            return fact
    total = sum(i.uncompressed or 0 for i in infos)
    if total > allowance.remaining:
        return Fact(
            kind="over_budget",
            location=location,
            detail=f"declared {total} bytes > {allowance.remaining}",
        )
    return allowance.precheck(
        location=location, declared=min(total, allowance.budget.max_member_bytes), stored=stored
    )


class SevenZipExtractor(Extractor):
    """7z archives."""

    name = "7z"
    priority = 40

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for the 7z signature."""
        return data.startswith(_MAGIC)

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Members as children; member names as text."""
        allowance = Allowance(budget)
        try:
            with py7zr.SevenZipFile(
                io.BytesIO(data), mode="r", max_extract_size=max(1, allowance.remaining)
            ) as archive:
                return _read(archive, allowance, location, stored=len(data))
        except PasswordRequired:
            fact = Fact(
                kind="encrypted_attachment", location=location, detail="7z: encrypted headers"
            )
        except OverBudget as stop:
            fact = stop.fact
        except DecompressionBombError:
            detail = f"inflated > {allowance.remaining} bytes"
            fact = Fact(kind="over_budget", location=location, detail=detail)
        except _ERRORS as exc:
            fact = Fact(kind="corrupt", location=location, detail=f"7z: {type(exc).__name__}")
        return Extracted(content_type=_KIND, facts=(fact,), expanded_bytes=allowance.expanded)


def _read(
    archive: py7zr.SevenZipFile, allowance: Allowance, location: str, *, stored: int
) -> Extracted:
    """List, check and inflate an open archive.

    :raises OverBudget: when a member passes the budget while it is inflated.
    """
    if archive.needs_password():
        fact = Fact(kind="encrypted_attachment", location=location, detail="7z: password required")
        return Extracted(content_type=_KIND, text="\n".join(archive.getnames()), facts=(fact,))
    infos = [i for i in archive.list() if i.is_file]
    names = "\n".join(i.filename for i in infos)[: allowance.budget.max_text_chars]
    refused = _precheck(allowance, infos, location, stored)
    if refused is not None:
        return Extracted(content_type=_KIND, text=names, facts=(refused,))
    factory = _Factory(allowance, location, stored)
    archive.extractall(factory=factory)
    children = tuple(Child(name=n, data=w.value()) for n, w in factory.products.items())
    return Extracted(
        content_type=_KIND, text=names, children=children, expanded_bytes=allowance.expanded
    )
