"""OLE2 compound files (CDFV2): password-protected Office documents, Outlook ``.msg`` files,
and legacy binary Word, Excel and PowerPoint, with olefile.

* An ``EncryptionInfo`` + ``EncryptedPackage`` pair is an encrypted DOCX/XLSX/PPTX: an
  ``encrypted_attachment`` fact. So is a ``.doc`` whose FIB has ``fEncrypted`` set and an
  ``.xls`` with a ``FILEPASS`` record.
* An Outlook message (``.msg``): subject and bodies (plain, HTML) become the text and its
  attachments children (an attached ``.msg`` is itself a storage and is read as text here).
* Legacy ``.doc`` / ``.xls`` / ``.ppt``: no parser; the printable runs of their streams
  (UTF-16 and 8-bit) are kept as best-effort text and the part gets ``unsupported_type``, so
  the policy still knows it was not fully read.
"""

from __future__ import annotations

import io
import re
import struct

import olefile

from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.extract.html import html_to_text
from dlpmilter.message import Fact

_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_UTF16_RUN = re.compile(rb"(?:[\x20-\x7e\xa0-\xff]\x00){4,}")
_BYTE_RUN = re.compile(rb"[\x20-\x7e\xa0-\xff\t]{6,}")
_LEGACY = {
    "WordDocument": "msword",
    "Workbook": "ms-excel",
    "Book": "ms-excel",
    "PowerPoint Document": "ms-powerpoint",
}
_MSG_TEXT = (
    "__substg1.0_0037001F",
    "__substg1.0_0037001E",
    "__substg1.0_1000001F",
    "__substg1.0_1000001E",
)
_MSG_HTML = ("__substg1.0_10130102", "__substg1.0_1013001F")
_ATTACH_DATA = "__substg1.0_37010102"
_ATTACH_MESSAGE = "__substg1.0_3701000D"
_ATTACH_NAMES = ("__substg1.0_3707001F", "__substg1.0_3704001F")
_FILEPASS = 0x002F
_EOF_RECORD = 0x000A


def printable_runs(raw: bytes, max_chars: int) -> str:
    """UTF-16LE and 8-bit printable runs of ``raw``: a best-effort reading of binary text."""
    out = [m.group().decode("utf-16-le") for m in _UTF16_RUN.finditer(raw)]
    out += [m.group().decode("cp1252", errors="replace") for m in _BYTE_RUN.finditer(raw)]
    return "\n".join(out)[:max_chars]


def _cstring(raw: bytes, start: int) -> tuple[str, int]:
    end = raw.index(b"\0", start)
    return raw[start:end].decode("cp1252", errors="replace"), end + 1


def packaged_file(native: bytes) -> tuple[str, bytes] | None:
    """The file inside Packager native data (an ``\\x01Ole10Native`` stream without its size
    prefix, or an OLE1 ``Package`` object): ``(name, data)``, or ``None`` if it does not parse.

    Layout: a 2-byte signature, the label and the source path (NUL-terminated), 8 bytes, the
    temporary path (NUL-terminated), the data size (4 bytes) and the data.
    """
    try:
        label, pos = _cstring(native, 2)
        _source, pos = _cstring(native, pos)
        _temp, pos = _cstring(native, pos + 8)
        (size,) = struct.unpack_from("<I", native, pos)
    except (ValueError, struct.error):
        return None
    data = native[pos + 4 : pos + 4 + size]
    if not size or len(data) != size:
        return None
    return label.rsplit("\\", 1)[-1] or "package", data


def _length_prefixed(raw: bytes, pos: int) -> tuple[bytes, int]:
    (size,) = struct.unpack_from("<I", raw, pos)
    end = pos + 4 + size
    if end > len(raw):
        raise ValueError("length past the end")
    return raw[pos + 4 : end], end


def ole1_object(raw: bytes) -> tuple[str, bytes] | None:
    """The content of an embedded OLE1 object (as in RTF ``\\objdata``): ``(name, data)``.

    Layout: version and format (2: embedded) as 4-byte integers, then the class, topic and item
    names and the native data, each prefixed with its 4-byte length. A ``Package`` object holds
    a file (see :func:`packaged_file`); any other class holds its document, usually an OLE2
    compound file that the ``ole`` extractor reads in turn. ``None`` when it does not parse.
    """
    try:
        _version, kind = struct.unpack_from("<II", raw, 0)
        class_name, pos = _length_prefixed(raw, 8)
        _topic, pos = _length_prefixed(raw, pos)
        _item, pos = _length_prefixed(raw, pos)
        native, _ = _length_prefixed(raw, pos)
    except (ValueError, struct.error):
        return None
    if kind != 2 or not native:
        return None
    name = class_name.rstrip(b"\0").decode("ascii", errors="replace") or "object"
    return packaged_file(native) if name == "Package" else (name, native)


def _xls_has_filepass(stream: bytes) -> bool:
    offset = 0
    while offset + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, offset)
        if kind == _FILEPASS:
            return True
        if kind == _EOF_RECORD:
            return False
        offset += 4 + size
    return False


def _decode_prop(raw: bytes, name: str) -> str:
    if name.endswith("1F"):
        return raw.decode("utf-16-le", errors="replace").rstrip("\x00")
    return raw.decode("cp1252", errors="replace").rstrip("\x00")


class _Compound:
    """One open compound file."""

    def __init__(self, data: bytes, location: str, budget: Budget) -> None:
        self.ole = olefile.OleFileIO(io.BytesIO(data))
        self.location = location
        self.budget = budget

    def read(self, *path: str) -> bytes:
        return bytes(self.ole.openstream(list(path)).read(self.budget.max_member_bytes))

    def encrypted(self) -> str | None:
        """Why the file is password-protected, or ``None``."""
        if self.ole.exists("EncryptionInfo") and self.ole.exists("EncryptedPackage"):
            return "office: password protected"
        if self.ole.exists("WordDocument"):
            fib = self.read("WordDocument")[:12]
            if len(fib) >= 12 and struct.unpack_from("<H", fib, 10)[0] & 0x0100:
                return "doc: password protected"
        for name in ("Workbook", "Book"):
            if self.ole.exists(name) and _xls_has_filepass(self.read(name)):
                return "xls: password protected"
        return None

    def message(self) -> Extracted:
        """An Outlook ``.msg``: subject, bodies, attachments."""
        texts = [_decode_prop(self.read(n), n) for n in _MSG_TEXT if self.ole.exists(n)]
        for name in _MSG_HTML:
            if self.ole.exists(name):
                html = self.read(name).decode("utf-8", errors="replace")
                texts.append(html_to_text(html, self.budget.max_text_chars))
        children: list[Child] = []
        facts: list[Fact] = []
        for number, storage in enumerate(self._attachment_storages(), start=1):
            if len(children) >= self.budget.max_members:
                detail = f"members > {self.budget.max_members}"
                facts.append(Fact(kind="over_budget", location=self.location, detail=detail))
                break
            if self.ole.exists(f"{storage}/{_ATTACH_DATA}"):
                name = self._attachment_name(storage) or f"attachment{number}"
                children.append(Child(name=name, data=self.read(storage, _ATTACH_DATA)))
            elif self.ole.exists(f"{storage}/{_ATTACH_MESSAGE}"):
                texts.append(self._embedded_message_text(storage))
        text = "\n".join(t for t in texts if t.strip())[: self.budget.max_text_chars]
        return Extracted(
            text=text,
            content_type="application/vnd.ms-outlook",
            children=tuple(children),
            facts=tuple(facts),
            expanded_bytes=sum(len(c.data) for c in children),
        )

    def _attachment_storages(self) -> list[str]:
        entries = self.ole.listdir(storages=True)
        return sorted({e[0] for e in entries if e[0].startswith("__attach_version1.0_")})

    def _attachment_name(self, storage: str) -> str | None:
        for prop in _ATTACH_NAMES:
            if self.ole.exists(f"{storage}/{prop}"):
                return _decode_prop(self.read(storage, prop), prop) or None
        return None

    def _embedded_message_text(self, storage: str) -> str:
        """An attached ``.msg`` is a storage, not bytes: its printable runs, best effort."""
        streams = [p for p in self.ole.listdir() if p[:2] == [storage, _ATTACH_MESSAGE]]
        raw = b"".join(self.read(*path) for path in streams)
        return printable_runs(raw, self.budget.max_text_chars)

    def embedded_object(self) -> Extracted | None:
        """An embedded OLE object (``word/embeddings/oleObject1.bin``, an RTF ``\\objdata``):
        the OOXML document in its ``Package`` stream, or the file in its ``\\x01Ole10Native``
        Packager stream, as a child. ``None`` when it holds neither."""
        child: Child | None = None
        if self.ole.exists("Package"):
            child = Child(name="package", data=self.read("Package"))
        elif self.ole.exists("\x01Ole10Native"):
            found = packaged_file(self.read("\x01Ole10Native")[4:])
            child = Child(name=found[0], data=found[1]) if found else None
        if child is None:
            return None
        return Extracted(
            content_type="application/x-ole-object",
            children=(child,),
            expanded_bytes=len(child.data),
        )

    def legacy(self) -> Extracted:
        """Legacy binary Office: printable runs and an ``unsupported_type`` fact."""
        kind = next((k for s, k in _LEGACY.items() if self.ole.exists(s)), "x-ole-storage")
        runs = [
            printable_runs(self.read(*path), self.budget.max_text_chars)
            for path in self.ole.listdir()
            if path[0] in _LEGACY
        ]
        fact = Fact(
            kind="unsupported_type",
            location=self.location,
            detail=f"{kind}: binary format, read as text runs only",
        )
        return Extracted(
            text="\n".join(runs)[: self.budget.max_text_chars],
            content_type=f"application/{kind}",
            facts=(fact,),
        )


class OleExtractor(Extractor):
    """OLE2 compound files: encrypted Office, Outlook messages, legacy Office."""

    name = "ole"
    priority = 50

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for the compound-file signature."""
        return data.startswith(_MAGIC)

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Facts for encrypted documents; text and children where the format allows."""
        compound = _Compound(data, location, budget)
        try:
            reason = compound.encrypted()
            if reason is not None:
                fact = Fact(kind="encrypted_attachment", location=location, detail=reason)
                return Extracted(content_type="application/x-ole-storage", facts=(fact,))
            if compound.ole.exists("__properties_version1.0"):
                return compound.message()
            embedded = compound.embedded_object()
            return embedded if embedded is not None else compound.legacy()
        finally:
            compound.ole.close()
