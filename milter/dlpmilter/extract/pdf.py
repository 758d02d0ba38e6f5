"""PDF: the text layer of every page, annotations (comments), form field values, document
information and embedded files (as children), with pypdf.

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

# pypdf logs details of malformed files (object ids, sometimes strings) at WARNING.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def _strings(values: Iterator[Any]) -> Iterator[str]:
    for value in values:
        if isinstance(value, str) and value.strip():
            yield value.strip()


def _annotation_text(page: Any) -> list[str]:
    annots = page.get("/Annots")
    if annots is None:
        return []
    out: list[str] = []
    for ref in annots.get_object() or ():
        annot = ref.get_object()
        if hasattr(annot, "get"):
            out.extend(_strings(annot.get(key) for key in _ANNOTATION_KEYS))
    return out


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

    def attachments(self) -> None:
        allowance = Allowance(self.budget)
        for entry in self.reader.attachment_list:
            where = f"{self.location}/{entry.name}"
            refused = allowance.take_member(self.location)
            if refused is not None:
                self.facts.append(refused)
                return
            content = entry.content
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
            self.children.append(Child(name=str(entry.name), data=content))


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
