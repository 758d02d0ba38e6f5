"""Builders of raw MIME and of the documents the evasion techniques hide data in.

Everything is written byte by byte (CRLF line ends, explicit boundaries) so a technique controls
exactly what goes on the wire: broken base64 line lengths, soft breaks inside digits, charsets
that lie. The documents (DOCX, XLSX, PDF, ZIP, gzip, calendar, vCard) are real files built here,
not mocks, and every builder is deterministic.
"""

from __future__ import annotations

import base64
import csv
import gzip
import io
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

from openpyxl import Workbook

CRLF = b"\r\n"
SENDER = "jordan.lee@clinic.example"
RECIPIENT = "billing@partner-services.example"
COVER = (
    "Hi Sam,\n\nPlease find the file attached, as discussed this morning.\n\nThanks,\nJordan Lee"
)


def crlf(text: str) -> bytes:
    """``text`` as UTF-8 with CRLF line ends."""
    return text.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")


def entity(
    content_type: str,
    body: bytes,
    *,
    cte: str | None = None,
    disposition: str | None = None,
) -> bytes:
    """One MIME entity: its headers, a blank line, and ``body`` as given."""
    lines = [f"Content-Type: {content_type}"]
    if cte:
        lines.append(f"Content-Transfer-Encoding: {cte}")
    if disposition:
        lines.append(f"Content-Disposition: {disposition}")
    return "\r\n".join(lines).encode("ascii") + CRLF + CRLF + body


def b64_lines(data: bytes, width: int = 76) -> bytes:
    """``data`` in base64, in lines of ``width`` characters."""
    encoded = base64.b64encode(data)
    return CRLF.join(encoded[i : i + width] for i in range(0, len(encoded), width)) + CRLF


def text_part(text: str, *, subtype: str = "plain") -> bytes:
    """A UTF-8 text part in quoted-printable-free 8bit."""
    return entity(f'text/{subtype}; charset="utf-8"', crlf(text), cte="8bit")


def attachment(data: bytes, *, content_type: str, filename: str) -> bytes:
    """A base64 attachment with a plain ASCII file name."""
    return entity(
        f'{content_type}; name="{filename}"',
        b64_lines(data),
        cte="base64",
        disposition=f'attachment; filename="{filename}"',
    )


def multipart(subtype: str, *children: bytes) -> bytes:
    """A ``multipart/<subtype>`` entity holding ``children``; the boundary is derived from them."""
    boundary = f"=_evasion_{zlib.crc32(b''.join(children)):08x}_{len(children)}"
    body = b"This is a multi-part message in MIME format." + CRLF
    for child in children:
        body += b"--" + boundary.encode("ascii") + CRLF + child + CRLF
    body += b"--" + boundary.encode("ascii") + b"--" + CRLF
    return entity(f'multipart/{subtype}; boundary="{boundary}"', body)


def mail(root: bytes, *, subject: str = "Follow-up", message_id: str = "evasion") -> bytes:
    """A complete outbound message around the entity ``root``.

    :param subject: the raw Subject header value (may be an RFC 2047 encoded-word).
    """
    head = (
        f"From: Jordan Lee <{SENDER}>\r\n"
        f"To: Sam Carter <{RECIPIENT}>\r\n"
        f"Subject: {subject}\r\n"
        "Date: Mon, 16 Nov 2026 09:30:00 +0000\r\n"
        f"Message-ID: <{message_id}@clinic.example>\r\n"
        "MIME-Version: 1.0\r\n"
    )
    return head.encode("ascii") + root


def with_attachments(*attachments: bytes, cover: str = COVER, subject: str = "Files") -> bytes:
    """A message with a clean cover note and ``attachments``."""
    return mail(multipart("mixed", text_part(cover), *attachments), subject=subject)


def csv_bytes(record: Sequence[tuple[str, str]]) -> bytes:
    """A two-line CSV: the column names, then the values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in record])
    writer.writerow([value for _, value in record])
    return out.getvalue().encode("utf-8")


def zip_bytes(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A deflated ZIP archive of ``members`` with fixed timestamps."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(2026, 11, 16, 9, 30, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


def gzip_bytes(data: bytes, *, name: str) -> bytes:
    """``data`` gzip-compressed, with the original file name in the header."""
    out = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=out, mtime=0) as stream:
        stream.write(data)
    return out.getvalue()


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(paragraphs: Sequence[Sequence[str]]) -> bytes:
    """A minimal Word document; each paragraph is a list of runs (Word splits text into runs
    wherever formatting or editing history changes, often inside a number)."""
    body = "".join(
        "<w:p>"
        + "".join(f'<w:r><w:t xml:space="preserve">{escape(run)}</w:t></w:r>' for run in runs)
        + "</w:p>"
        for runs in paragraphs
    )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>'
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", _DOCX_TYPES.encode()),
            ("_rels/.rels", _DOCX_RELS.encode()),
            ("word/document.xml", document.encode()),
        ]
    )


def xlsx_bytes(hidden: Sequence[tuple[str, str]], *, visible_note: str) -> bytes:
    """A workbook whose first sheet holds ``visible_note`` and whose second, hidden sheet holds
    ``hidden`` as a header row and a value row."""
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "Summary"
    summary["A1"] = visible_note
    data = workbook.create_sheet("Data")
    data.append([name for name, _ in hidden])
    data.append([value for _, value in hidden])
    data.sheet_state = "hidden"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def pdf_bytes(lines: Sequence[Sequence[str]]) -> bytes:
    """A one-page PDF with a real text layer, written by hand: each line is a list of strings
    shown one after another (``Tj`` per piece, as PDF producers often split numbers)."""
    ops = ["BT", "/F1 11 Tf", "72 720 Td", "14 TL"]
    for pieces in lines:
        ops.extend(f"{pdf_string(piece)} Tj" for piece in pieces)
        ops.append("T*")
    ops.append("ET")
    return pdf_document("\n".join(ops).encode("latin-1"))


def pdf_string(text: str) -> str:
    """A PDF literal string (Latin-1 text) with its delimiters escaped."""
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def pdf_document(content: bytes, *, flate: bool = False) -> bytes:
    """A one-page PDF around the content stream ``content`` (Helvetica as /F1), with a correct
    cross-reference table; ``flate`` compresses the stream as producers do."""
    stream = zlib.compress(content) if flate else content
    filters = b" /Filter /FlateDecode" if flate else b""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d%s >>\nstream\n" % (len(stream), filters) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def ical_text(value: str) -> str:
    """``value`` escaped as an iCalendar / vCard TEXT value."""
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str, cuts: Iterable[int]) -> str:
    """Fold a content line at the given character positions (CRLF + one space), as RFC 5545
    allows anywhere, including inside a word or a number."""
    pieces, prev = [], 0
    for cut in sorted(set(cuts)):
        if prev < cut < len(line):
            pieces.append(line[prev:cut])
            prev = cut
    pieces.append(line[prev:])
    return "\r\n ".join(pieces)


def ics_bytes(summary: str, description_line: str) -> bytes:
    """A one-event calendar request; ``description_line`` is the already folded DESCRIPTION."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Clinic//Scheduling//EN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:20261116T093000Z-4471@clinic.example",
        "DTSTAMP:20261116T093000Z",
        "DTSTART:20261119T150000Z",
        "DTEND:20261119T160000Z",
        f"SUMMARY:{ical_text(summary)}",
        description_line,
        f"ORGANIZER;CN=Jordan Lee:mailto:{SENDER}",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def vcard_bytes(name: str, note: str) -> bytes:
    """A vCard 3.0 with a formatted name and a note."""
    given, _, family = name.partition(" ")
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"FN:{ical_text(name)}",
        f"N:{ical_text(family)};{ical_text(given)};;;",
        "ORG:Partner Services",
        f"NOTE:{ical_text(note)}",
        "END:VCARD",
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")
