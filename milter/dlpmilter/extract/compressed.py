"""Single compressed streams: gzip, bzip2 and xz (each a container of one child).

The stream is read through the standard library's file objects (which inflate with a bounded
output per call and follow multi-member files), chunk by chunk, and after every chunk the
inflated size is checked against the budget and the ratio against the compressed bytes
consumed so far, so a gzip of 1 GiB of zeros is stopped after a few megabytes. The gzip
header's original file name, when present, names the child.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import zlib
from collections.abc import Callable
from typing import BinaryIO

from dlpmilter.extract.allowance import Allowance, OverBudget
from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.message import Fact

_Stream = gzip.GzipFile | bz2.BZ2File | lzma.LZMAFile


def _gzip(source: BinaryIO) -> _Stream:
    return gzip.GzipFile(fileobj=source, mode="rb")


def _bzip2(source: BinaryIO) -> _Stream:
    return bz2.BZ2File(source, mode="rb")


def _xz(source: BinaryIO) -> _Stream:
    return lzma.LZMAFile(source, mode="rb")


_FORMATS: tuple[tuple[bytes, str, Callable[[BinaryIO], _Stream]], ...] = (
    (b"\x1f\x8b", "application/gzip", _gzip),
    (b"BZh", "application/x-bzip2", _bzip2),
    (b"\xfd7zXZ\x00", "application/x-xz", _xz),
)
_ERRORS = (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError)


def gzip_name(data: bytes) -> str | None:
    """The original file name stored in a gzip header (FNAME), if any."""
    if len(data) < 10 or not data[3] & 0x08:
        return None
    start = 10
    if data[3] & 0x04:
        start += 2 + int.from_bytes(data[10:12], "little")
    end = data.find(b"\x00", start, start + 1024)
    return data[start:end].decode("latin-1") if end > start else None


class CompressedExtractor(Extractor):
    """gzip, bzip2 and xz streams."""

    name = "compressed"
    priority = 40

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for the gzip, bzip2 or xz magic."""
        return any(data.startswith(magic) for magic, _, _ in _FORMATS)

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """The inflated stream as one child."""
        magic, kind, opener = next(f for f in _FORMATS if data.startswith(f[0]))
        allowance = Allowance(budget)
        name = (gzip_name(data) if magic == b"\x1f\x8b" else None) or "content"
        source = io.BytesIO(data)
        out: list[bytes] = []
        try:
            with opener(source) as stream:
                allowance.pump(
                    stream, out.append, location=f"{location}/{name}", stored=source.tell
                )
        except OverBudget as stop:
            return Extracted(
                content_type=kind, facts=(stop.fact,), expanded_bytes=allowance.expanded
            )
        except _ERRORS as exc:
            fact = Fact(
                kind="corrupt", location=location, detail=f"{self.name}: {type(exc).__name__}"
            )
            return Extracted(content_type=kind, facts=(fact,), expanded_bytes=allowance.expanded)
        child = Child(name=name, data=b"".join(out))
        return Extracted(content_type=kind, children=(child,), expanded_bytes=allowance.expanded)
