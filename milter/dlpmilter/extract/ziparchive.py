"""ZIP archives, and the bounded member reading every ZIP-based format shares.

Each member is checked before a byte is inflated (declared size against the budget, declared
ratio against ``max_compression_ratio``) and then read in chunks that are counted as they come
(a member that lies about its size is stopped one chunk past the limit). Encrypted members
(ZipCrypto or AES) get an ``encrypted_attachment`` fact and are not read; members with a
compression method Python cannot inflate get ``unsupported_type``. Member names are part of
the text: a file called ``Smith John 123-45-6789.pdf`` is data too.
"""

from __future__ import annotations

import io
import lzma
import zipfile
import zlib

from dlpmilter.extract.allowance import Allowance, BoundedStream, OverBudget
from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.message import Fact

_MAGICS = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
#: Stored, deflate, bzip2, LZMA: what :mod:`zipfile` inflates.
_METHODS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
_AES_METHOD = 99
#: Errors a damaged member raises while it is inflated.
MEMBER_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, NotImplementedError, ValueError,
)  # fmt: skip


def is_zip(data: bytes) -> bool:
    """True for a ZIP by its first local header or, for self-extractors, its end record."""
    return data[:4] in _MAGICS or (
        b"PK\x05\x06" in data[-65_558:] and zipfile.is_zipfile(io.BytesIO(data))
    )


def open_zip(data: bytes) -> zipfile.ZipFile:
    """Open ``data`` as a ZIP (reads only the central directory).

    :raises zipfile.BadZipFile: when it is not one.
    """
    return zipfile.ZipFile(io.BytesIO(data))


def member_problem(info: zipfile.ZipInfo, location: str) -> Fact | None:
    """A fact when a member cannot be read at all (encrypted, unknown method), else ``None``."""
    if info.flag_bits & 0x1 or info.compress_type == _AES_METHOD:
        method = "AES" if info.compress_type == _AES_METHOD else "ZipCrypto"
        return Fact(kind="encrypted_attachment", location=location, detail=f"zip member: {method}")
    if info.compress_type not in _METHODS:
        return Fact(
            kind="unsupported_type", location=location, detail=f"zip method {info.compress_type}"
        )
    return None


def read_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, allowance: Allowance, location: str
) -> bytes:
    """Inflate one member within the allowance.

    :raises OverBudget: declared or actual size or ratio past the limits, or the deadline.
    :raises zipfile.BadZipFile: and the other :data:`MEMBER_ERRORS` on damage.
    """
    refused = allowance.precheck(
        location=location, declared=info.file_size, stored=info.compress_size
    )
    if refused is not None:
        raise OverBudget(refused)
    with zf.open(info) as stream:
        return allowance.read(stream, location=location, stored=info.compress_size)


def open_member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, allowance: Allowance, location: str
) -> BoundedStream:
    """A bounded stream over one member, for parsers that pull (XML).

    :raises OverBudget: when the declared sizes are already past the limits.
    """
    refused = allowance.precheck(
        location=location, declared=info.file_size, stored=info.compress_size
    )
    if refused is not None:
        raise OverBudget(refused)
    return BoundedStream(zf.open(info), allowance, location=location, stored=info.compress_size)


class ZipExtractor(Extractor):
    """ZIP archives: every member becomes a child."""

    name = "zip"
    priority = 30

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for ZIP data (Office and OpenDocument files are claimed first by theirs)."""
        return is_zip(data)

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Members as children; member names as text."""
        allowance = Allowance(budget)
        facts: list[Fact] = []
        children: list[Child] = []
        names: list[str] = []
        with open_zip(data) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                names.append(info.filename)
                refused = allowance.take_member(location)
                if refused is not None:
                    facts.append(refused)
                    break
                outcome = _member(zf, info, allowance, f"{location}/{info.filename}")
                if isinstance(outcome, Child):
                    children.append(outcome)
                    continue
                facts.append(outcome)
                if outcome.kind == "time_budget":
                    break
        return Extracted(
            text="\n".join(names)[: budget.max_text_chars],
            content_type="application/zip",
            children=tuple(children),
            facts=tuple(facts),
            expanded_bytes=allowance.expanded,
        )


def _member(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, allowance: Allowance, where: str
) -> Child | Fact:
    """One member as a child, or the fact that explains why it was not read."""
    problem = member_problem(info, where)
    if problem is not None:
        return problem
    try:
        return Child(name=info.filename, data=read_member(zf, info, allowance, where))
    except OverBudget as stop:
        return stop.fact
    except MEMBER_ERRORS as exc:
        return Fact(kind="corrupt", location=where, detail=f"zip member: {type(exc).__name__}")
