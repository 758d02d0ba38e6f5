"""Shared fixtures of the extractor tests: limits, a runner for :func:`expand`, and builders of
real documents (ZIP-based office files, PDFs, TNEF, crafted ZIPs) made in the test itself."""

from __future__ import annotations

import io
import struct
import time
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from dlpmilter.budget import ExpansionState
from dlpmilter.extract.base import Budget, Extractor
from dlpmilter.extract.builtin import BUILTIN_EXTRACTORS
from dlpmilter.extract.dispatch import expand
from dlpmilter.message import Part

MIB = 1024 * 1024
GIB = 1024 * MIB


def builtin_instances(*extra: Extractor) -> tuple[Extractor, ...]:
    """The built-in extractors (plus ``extra``), highest priority first."""
    instances = [cls() for cls in BUILTIN_EXTRACTORS] + list(extra)
    return tuple(sorted(instances, key=lambda e: (-e.priority, e.name)))


@dataclass(frozen=True, slots=True, kw_only=True)
class ExtractLimits:
    """What :func:`expand` reads from the message limits."""

    max_depth: int = 10
    max_parts: int = 1000
    max_part_text_chars: int = 5_000_000
    max_total_text_chars: int = 20_000_000
    max_compression_ratio: float = 100.0
    max_expanded_bytes: int = 100 * MIB
    max_part_expanded_bytes: int = 50 * MIB
    time_budget_s: float = 60.0
    extractors: Sequence[Extractor] = field(default_factory=builtin_instances)

    def state(self) -> ExpansionState:
        """A fresh message budget under these limits."""
        return ExpansionState.starting_now(
            max_parts=self.max_parts,
            max_expanded_bytes=self.max_expanded_bytes,
            max_total_text_chars=self.max_total_text_chars,
            time_budget_s=self.time_budget_s,
        )


@dataclass(slots=True)
class Run:
    """The outcome of one :func:`expand` call."""

    parts: list[Part]
    state: ExpansionState
    nested: list[tuple[bytes, str, int]]

    def part(self, location: str) -> Part:
        """The part at ``location``."""
        found = [p for p in self.parts if p.location == location]
        assert found, f"no part at {location}: {[p.location for p in self.parts]}"
        return found[0]

    @property
    def text(self) -> str:
        """All text of all parts."""
        return "\n".join(p.text for p in self.parts)

    @property
    def facts(self) -> list[Any]:
        """All facts of all parts."""
        return [f for p in self.parts for f in p.facts]

    def kinds(self) -> set[str]:
        """The kinds of all facts."""
        return {f.kind for f in self.facts}


Runner = Callable[..., Run]


@pytest.fixture
def run() -> Runner:
    """Expand ``data`` as attachment ``name`` under (optionally changed) default limits."""

    def _run(
        data: bytes,
        *,
        name: str = "file",
        declared_type: str = "application/octet-stream",
        limits: ExtractLimits | None = None,
        state: ExpansionState | None = None,
        **changes: Any,
    ) -> Run:
        chosen = replace(limits or ExtractLimits(), **changes)
        budget_state = state or chosen.state()
        nested: list[tuple[bytes, str, int]] = []

        def parse_nested(raw: bytes, location: str, depth: int) -> list[Part]:
            nested.append((raw, location, depth))
            return [
                Part(
                    location=f"{location}/body",
                    content_type="text/plain",
                    text="nested",
                    depth=depth,
                )
            ]

        parts = expand(
            data,
            declared_type=declared_type,
            filename=name,
            location=f"attachment:{name}",
            depth=1,
            limits=chosen,
            state=budget_state,
            parse_nested=parse_nested,
        )
        return Run(parts=parts, state=budget_state, nested=nested)

    return _run


def budget(**changes: Any) -> Budget:
    """A generous budget for calling one extractor directly."""
    values: dict[str, Any] = {
        "max_text_chars": 1_000_000,
        "max_expanded_bytes": 100 * MIB,
        "max_ratio": 100.0,
        "deadline": time.monotonic() + 60,
    }
    values.update(changes)
    return Budget(**values)


@pytest.fixture
def make_budget() -> Callable[..., Budget]:
    """The :func:`budget` builder."""
    return budget


# --- builders ---------------------------------------------------------------------------------


def zip_bytes(
    members: Iterable[tuple[str, bytes | str]], *, method: int = zipfile.ZIP_DEFLATED
) -> bytes:
    """A ZIP of ``(name, content)`` members."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as zf:
        for name, content in members:
            zf.writestr(name, content)
    return buf.getvalue()


@dataclass(frozen=True, slots=True, kw_only=True)
class Crafted:
    """A ZIP member written byte by byte, with whatever sizes it claims."""

    name: str
    payload: bytes
    declared_size: int
    crc: int = 0
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0


def crafted_zip(members: Sequence[Crafted]) -> bytes:
    """A ZIP whose headers say what ``members`` claim, not what their payload holds."""
    out = bytearray()
    central = bytearray()
    for member in members:
        name = member.name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, member.flags, member.method, 0, 0x21,
            member.crc, len(member.payload), member.declared_size, len(name), 0,
        )  # fmt: skip
        out += name + member.payload
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, member.flags, member.method, 0, 0x21,
            member.crc, len(member.payload), member.declared_size, len(name), 0, 0, 0, 0, 0, offset,
        )  # fmt: skip
        central += name
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0
    )
    return bytes(out + central + end)


def deflated_zeros(size: int, *, block: int = MIB) -> bytes:
    """A raw deflate stream of ``size`` zero bytes, built from one compressed block repeated.

    After a full flush a deflate block does not refer back, so the same compressed block can
    be repeated: a gigabyte costs a megabyte and no gigabyte is ever in memory.
    """
    engine = zlib.compressobj(9, zlib.DEFLATED, -15)
    unit = engine.compress(b"\0" * block) + engine.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    return unit * (size // block) + final


def gzip_of_zeros(size: int) -> bytes:
    """A gzip file that inflates to ``size`` zero bytes (its trailer is never reached)."""
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + deflated_zeros(size) + struct.pack("<II", 0, size & 0xFFFFFFFF)


def office_zip(parts: dict[str, str], *, content_types: str = "") -> bytes:
    """An Office Open XML package of ``parts`` (name -> XML)."""
    types = content_types or (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    )
    return zip_bytes([("[Content_Types].xml", types), *parts.items()])


def odf_zip(mimetype: str, parts: dict[str, str]) -> bytes:
    """An OpenDocument package: ``mimetype`` first and stored, then ``parts``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        for name, content in parts.items():
            zf.writestr(name, content)
    return buf.getvalue()


def minimal_pdf(
    page_texts: Sequence[str], *, extra_objects: Sequence[bytes] = (), annots: str = ""
) -> bytes:
    """A hand-written PDF with one page per text (Helvetica, one line each)."""
    objects: list[bytes] = []
    n_pages = len(page_texts)
    first_page = 4
    kids = " ".join(f"{first_page + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    for i, text in enumerate(page_texts):
        content_ref = first_page + 2 * i + 1
        page = (
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents {content_ref} 0 R "
            f"/Resources << /Font << /F1 3 0 R >> >> {annots if i == 0 else ''}>>"
        )
        stream = f"BT /F1 12 Tf 72 712 Td ({text}) Tj ET".encode() if text else b""
        objects.append(page.encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.extend(extra_objects)
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def tnef_blob(*, body: str, attachments: Sequence[tuple[str, bytes]] = ()) -> bytes:
    """A TNEF stream with a text body and attachments, written attribute by attribute."""

    def attribute(level: int, ident: int, kind: int, data: bytes) -> bytes:
        name = (kind << 16) | ident
        return (
            struct.pack("<BII", level, name, len(data))
            + data
            + struct.pack("<H", sum(data) & 0xFFFF)
        )

    out = bytearray(struct.pack("<IH", 0x223E9F78, 0x0001))
    out += attribute(1, 0x9006, 0x0008, struct.pack("<I", 0x00010000))  # attTnefVersion
    out += attribute(1, 0x9007, 0x0006, struct.pack("<II", 1252, 0))  # attOemCodepage
    out += attribute(1, 0x800C, 0x0002, body.encode("cp1252") + b"\x00")  # attBody
    for name, payload in attachments:
        out += attribute(2, 0x9002, 0x0006, b"\x00" * 14)  # attAttachRendData starts one
        out += attribute(2, 0x8010, 0x0001, name.encode("cp1252") + b"\x00")  # attAttachTitle
        out += attribute(2, 0x800F, 0x0006, payload)  # attAttachData
    return bytes(out)


class Samples:
    """The builders above, for test modules (which cannot import this conftest)."""

    zip_bytes = staticmethod(zip_bytes)
    crafted_zip = staticmethod(crafted_zip)
    Crafted = Crafted
    deflated_zeros = staticmethod(deflated_zeros)
    gzip_of_zeros = staticmethod(gzip_of_zeros)
    office_zip = staticmethod(office_zip)
    odf_zip = staticmethod(odf_zip)
    minimal_pdf = staticmethod(minimal_pdf)
    tnef_blob = staticmethod(tnef_blob)
    budget = staticmethod(budget)
    ExtractLimits = ExtractLimits
    builtin_instances = staticmethod(builtin_instances)
    MIB = MIB
    GIB = GIB


@pytest.fixture
def samples() -> type[Samples]:
    """Builders of real test documents."""
    return Samples


_FREE, _END, _FATSECT, _NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE2 compound file (v3, 512-byte sectors) holding ``streams``.

    Keys are paths (``"__attach_version1.0_#00000000/__substg1.0_37010102"``); storages are
    made for the folders. Streams shorter than 4096 bytes are padded with NULs to that size, so
    that none lives in the mini stream (not written here). One FAT sector: 100 sectors of content.
    """
    padded = {
        path: data.ljust(-(-max(len(data), 4096) // 512) * 512, b"\0")
        for path, data in streams.items()
    }
    entries: list[dict[str, Any]] = [{"name": "Root Entry", "type": 5, "kids": [], "data": b""}]
    index: dict[str, int] = {"": 0}
    for path in sorted(padded):
        parts = path.split("/")
        for depth in range(1, len(parts) + 1):
            key = "/".join(parts[:depth])
            if key in index:
                continue
            is_stream = depth == len(parts)
            entries.append(
                {
                    "name": parts[depth - 1],
                    "type": 2 if is_stream else 1,
                    "kids": [],
                    "data": padded.get(key, b""),
                    "size": max(len(streams.get(key, b"")), 4096) if is_stream else 0,
                }
            )
            index[key] = len(entries) - 1
            entries[index["/".join(parts[: depth - 1])]]["kids"].append(index[key])
    sectors = bytearray()
    fat: list[int] = []
    for entry in entries:
        data = entry["data"]
        if not data:
            entry["start"] = _END if entry["type"] != 1 else 0
            continue
        entry["start"] = len(fat)
        count = len(data) // 512
        fat.extend([*list(range(len(fat) + 1, len(fat) + count)), _END])
        sectors += data
    directory = bytearray()
    for entry in entries:
        kids = entry["kids"]
        entry["child"] = kids[0] if kids else _NOSTREAM
        for left, right in zip(kids, [*kids[1:], _NOSTREAM], strict=False):
            entries[left]["right"] = right
    for entry in entries:
        name = entry["name"].encode("utf-16-le") + b"\0\0"
        directory += name.ljust(64, b"\0") + struct.pack(
            "<HBBIII16sIQQIII", len(name), entry["type"], 1, _NOSTREAM, entry.get("right", _NOSTREAM),
            entry["child"], b"\0" * 16, 0, 0, 0, entry["start"], entry.get("size", 0), 0,
        )  # fmt: skip
    directory = directory.ljust(-(-len(directory) // 512) * 512, b"\0")
    first_dir = len(fat)
    dir_count = len(directory) // 512
    fat.extend([*list(range(first_dir + 1, first_dir + dir_count)), _END])
    fat_sector = len(fat)
    fat.append(_FATSECT)
    assert len(fat) <= 128, "test compound files hold one FAT sector"
    fat.extend([_FREE] * (128 - len(fat)))
    header = struct.pack(
        "<8s16sHHHHH6sIIIIIIIII", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\0" * 16, 0x3E, 3, 0xFFFE, 9, 6,
        b"\0" * 6, 0, 1, first_dir, 0, 4096, _END, 0, _END, 0,
    ) + struct.pack("<I", fat_sector) + struct.pack("<I", _FREE) * 108  # fmt: skip
    return bytes(header + sectors + directory + struct.pack("<128I", *fat))


Samples.compound_file = staticmethod(compound_file)  # type: ignore[attr-defined]
