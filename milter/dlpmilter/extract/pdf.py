"""PDF: the text layer of every page, annotations (comments), form field values, document
information, and as children the embedded files, the files attached to pages (paper-clip
annotations) and the data of dynamic XFA forms, with pypdf.

An encrypted PDF is first opened with the empty user password (PDFs that only restrict printing
or copying open that way, and are read); one that needs a real password gets an
``encrypted_attachment`` fact. A PDF with pages but no text at all (a scan) gets a
``not_inspected`` fact: its text is in images. pypdf's own limits cap every decompressed stream
(75 MB by default); pages are read one at a time and the deadline is checked between them.
"""

from __future__ import annotations

import io
import logging
import time
from collections.abc import Iterator
from typing import Any

from pypdf import PasswordType, PdfReader

from dlpmilter.extract.allowance import Allowance
from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.message import Fact

_CONTENT_TYPE = "application/pdf"
_INFO_KEYS = ("/Title", "/Subject", "/Author", "/Keywords", "/Creator")
_ANNOTATION_KEYS = ("/Contents", "/T", "/Subj")
#: XFA packets that hold what was typed into a dynamic form (the rest is layout and script).
_XFA_DATA_PACKETS = frozenset({"datasets", "form"})

# pypdf logs details of malformed files (object ids, sometimes strings) at WARNING.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _strings(values: Iterator[Any]) -> Iterator[str]:
    for value in values:
        if isinstance(value, str) and value.strip():
            yield value.strip()


def _annotations(page: Any) -> list[Any]:
    annots = page.get("/Annots")
    if annots is None:
        return []
    found = (ref.get_object() for ref in annots.get_object() or ())
    return [annot for annot in found if hasattr(annot, "get")]


def _annotation_text(page: Any) -> list[str]:
    return [
        text for a in _annotations(page) for text in _strings(a.get(k) for k in _ANNOTATION_KEYS)
    ]


def _annotation_files(page: Any) -> list[tuple[str, bytes]]:
    """Files attached to the page as ``/FileAttachment`` annotations (the paper-clip icon),
    which the document's embedded-files list does not show."""
    files: list[tuple[str, bytes]] = []
    for annot in _annotations(page):
        if annot.get("/Subtype") != "/FileAttachment" or "/FS" not in annot:
            continue
        spec = annot["/FS"].get_object()
        streams = spec.get("/EF", {})
        stream = streams.get("/UF") or streams.get("/F") if hasattr(streams, "get") else None
        if stream is not None:
            name = str(spec.get("/UF") or spec.get("/F") or "attachment")
            files.append((name, stream.get_object().get_data()))
    return files


class _PdfRead:
    """One PDF being read: text chunks, facts and children."""

    def __init__(self, reader: PdfReader, location: str, budget: Budget) -> None:
        self.reader = reader
        self.location = location
        self.budget = budget
        self.chunks: list[str] = []
        self.size = 0
        self.facts: list[Fact] = []
        self.children: list[Child] = []
        #: (name, bytes) of files found on pages, added as children with the embedded files.
        self.files: list[tuple[str, bytes]] = []

    def add(self, text: str) -> None:
        if text and self.size < self.budget.max_text_chars:
            self.chunks.append(text)
            self.size += len(text) + 1

    def pages(self) -> int:
        count = 0
        for number, page in enumerate(self.reader.pages, start=1):
            if time.monotonic() > self.budget.deadline:
                self.facts.append(
                    Fact(
                        kind="time_budget",
                        location=self.location,
                        detail=f"pdf: stopped at page {number}",
                    )
                )
                break
            if self.size >= self.budget.max_text_chars:
                break
            count += 1
            try:
                self.add(page.extract_text() or "")
                for text in _annotation_text(page):
                    self.add(text)
                self.files.extend(_annotation_files(page))
            except Exception as exc:  # noqa: BLE001 - pypdf raises many types on hostile pages
                self.facts.append(
                    Fact(
                        kind="corrupt",
                        location=self.location,
                        detail=f"pdf page {number}: {type(exc).__name__}",
                    )
                )
        return count

    def extras(self) -> None:
        info = self.reader.metadata
        if info is not None:
            for text in _strings(info.get(key) for key in _INFO_KEYS):
                self.add(text)
        fields = self.reader.get_fields() or {}
        for name, field in fields.items():
            value = field.get("/V") if hasattr(field, "get") else None
            if isinstance(value, str) and value.strip():
                self.add(f"{name}: {value}")
        for packet, content in (self.reader.xfa or {}).items():
            if packet in _XFA_DATA_PACKETS and content:
                self.files.append((f"xfa-{packet}.xml", content))

    def attachments(self) -> None:
        allowance = Allowance(self.budget)
        embedded = ((str(e.name), e.content) for e in self.reader.attachment_list)
        for name, content in (*self.files, *embedded):
            where = f"{self.location}/{name}"
            refused = allowance.take_member(self.location)
            if refused is not None:
                self.facts.append(refused)
                return
            allowance.expanded += len(content)
            if allowance.remaining <= 0 or len(content) > self.budget.max_member_bytes:
                self.facts.append(
                    Fact(
                        kind="over_budget",
                        location=where,
                        detail=f"embedded file {len(content)} bytes",
                    )
                )
                continue
            self.children.append(Child(name=name, data=content))


class PdfExtractor(Extractor):
    """Portable Document Format."""

    name = "pdf"
    priority = 50

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True when ``%PDF-`` appears in the first kilobyte (as readers accept)."""
        return b"%PDF-" in data[:1024]

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Text, annotations, fields, metadata; embedded files as children."""
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except Exception:  # noqa: BLE001 - unknown security handlers raise assorted errors
                opened = False
            if not opened:
                fact = Fact(
                    kind="encrypted_attachment", location=location, detail="pdf: password required"
                )
                return Extracted(content_type=_CONTENT_TYPE, facts=(fact,))
        read = _PdfRead(reader, location, budget)
        pages = read.pages()
        page_text = read.size
        for step in (read.extras, read.attachments):
            try:
                step()
            except Exception as exc:  # noqa: BLE001 - a broken catalogue must not lose the pages
                read.facts.append(
                    Fact(kind="corrupt", location=location, detail=f"pdf: {type(exc).__name__}")
                )
        if pages and not page_text:
            read.facts.append(
                Fact(
                    kind="not_inspected",
                    location=location,
                    detail="pdf: no text layer (scanned image?)",
                )
            )
        return Extracted(
            text="\n".join(read.chunks),
            content_type=_CONTENT_TYPE,
            children=tuple(read.children),
            facts=tuple(read.facts),
            expanded_bytes=sum(len(c.data) for c in read.children),
        )
