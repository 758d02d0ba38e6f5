"""Attachment documents written byte-for-byte deterministically: CSV, iCalendar, PDF, XLSX, DOCX,
ZIP (plain and ZipCrypto-encrypted) and a tiny PNG.

The OOXML and PDF writers are minimal but valid: pypdf and openpyxl read them back (the corpus
self-tests check that).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import struct
import zipfile
import zlib
from xml.sax.saxutils import escape

_ZIP_TIME = (2026, 3, 2, 9, 0, 0)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    """A CSV file with CRLF rows, as spreadsheets export."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def ics(
    *, uid: str, summary: str, start: dt.datetime, minutes: int, organizer: str,
    attendees: list[str], location: str, description: str,
) -> str:  # fmt: skip
    """An iCalendar REQUEST with one event."""
    end = start + dt.timedelta(minutes=minutes)
    stamp = "20260302T090000Z"
    lines = [
        "BEGIN:VCALENDAR", "PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN",
        "VERSION:2.0", "METHOD:REQUEST", "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}",
        f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DTEND:{end:%Y%m%dT%H%M%S}",
        f"SUMMARY:{summary}", f"LOCATION:{location}",
        "DESCRIPTION:" + description.replace("\n", "\\n").replace(",", "\\,"),
        f"ORGANIZER:mailto:{organizer}",
        *[f"ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:{a}" for a in attendees],
        "END:VEVENT", "END:VCALENDAR",
    ]  # fmt: skip
    return "\r\n".join(lines) + "\r\n"


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines: list[str], title: str = "") -> bytes:
    """A one-page PDF with Helvetica text lines (latin-1 only)."""
    content = ["BT", "/F1 10 Tf", "12 TL", "50 770 Td"]
    for line in lines:
        safe = line.encode("latin-1", "replace").decode("latin-1")
        content.append(f"({_pdf_escape(safe)}) Tj T*")
    content.append("ET")
    stream = "\n".join(content).encode("latin-1")
    info = f"<< /Title ({_pdf_escape(title)}) /Producer (Riverbend Reports 4.2) >>".encode(
        "latin-1"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info,
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def zip_archive(members: list[tuple[str, bytes]]) -> bytes:
    """A plain deflated ZIP with fixed timestamps."""
    return _zip(members)


_XLSX_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{target}"/>'
    "</Relationships>"
)
_NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _col(n: int) -> str:
    name = ""
    n += 1
    while n:
        n, rem = divmod(n - 1, 26)
        name = chr(65 + rem) + name
    return name


def xlsx(sheet: str, header: list[str], rows: list[list[str]]) -> bytes:
    """A one-sheet workbook with inline strings."""
    xml_rows = []
    for r, row in enumerate([header, *rows], start=1):
        cells = "".join(
            f'<c r="{_col(c)}{r}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
            for c, v in enumerate(row)
        )
        xml_rows.append(f'<row r="{r}">{cells}</row>')
    worksheet = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_NS_MAIN}">'
        f"<sheetData>{''.join(xml_rows)}</sheetData></worksheet>"
    )
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{_NS_MAIN}" xmlns:r="{_NS_REL}"><sheets>'
        f'<sheet name="{escape(sheet)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    wb_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        "</Relationships>"
    )
    return _zip(
        [
            ("[Content_Types].xml", _XLSX_CT.encode()),
            ("_rels/.rels", _RELS.format(target="xl/workbook.xml").encode()),
            ("xl/workbook.xml", workbook.encode()),
            ("xl/_rels/workbook.xml.rels", wb_rels.encode()),
            ("xl/worksheets/sheet1.xml", worksheet.encode()),
        ]
    )


_DOCX_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)


def docx(paragraphs: list[str]) -> bytes:
    """A Word document with one run per paragraph."""
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(
        f'<w:p><w:r><w:t xml:space="preserve">{escape(p)}</w:t></w:r></w:p>' for p in paragraphs
    )
    document = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
    )
    return _zip(
        [
            ("[Content_Types].xml", _DOCX_CT.encode()),
            ("_rels/.rels", _RELS.format(target="word/document.xml").encode()),
            ("word/document.xml", document.encode()),
        ]
    )


class _ZipCrypto:
    """The traditional PKWARE stream cipher (what "password-protected zip" usually means)."""

    def __init__(self, password: bytes) -> None:
        self.keys = [0x12345678, 0x23456789, 0x34567890]
        for byte in password:
            self._update(byte)

    @staticmethod
    def _crc(crc: int, byte: int) -> int:
        return zlib.crc32(bytes([byte]), crc ^ 0xFFFFFFFF) ^ 0xFFFFFFFF

    def _update(self, byte: int) -> None:
        k0, k1, k2 = self.keys
        k0 = self._crc(k0, byte)
        k1 = ((k1 + (k0 & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
        k2 = self._crc(k2, (k1 >> 24) & 0xFF)
        self.keys = [k0, k1, k2]

    def encrypt(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            temp = (self.keys[2] | 2) & 0xFFFF
            out.append(byte ^ (((temp * (temp ^ 1)) >> 8) & 0xFF))
            self._update(byte)
        return bytes(out)


def encrypted_zip(name: str, data: bytes, password: bytes, seed: bytes) -> bytes:
    """A ZIP with one stored member encrypted with ZipCrypto (readable with the password)."""
    crc = zlib.crc32(data)
    header = seed[:11].ljust(11, b"\0") + bytes([(crc >> 24) & 0xFF])
    payload = _ZipCrypto(password).encrypt(header + data)
    dos_time = (_ZIP_TIME[3] << 11) | (_ZIP_TIME[4] << 5)
    dos_date = ((_ZIP_TIME[0] - 1980) << 9) | (_ZIP_TIME[1] << 5) | _ZIP_TIME[2]
    fname = name.encode()
    common = struct.pack("<HHHHHIII", 20, 1, 0, dos_time, dos_date, crc, len(payload), len(data))
    local = b"PK\x03\x04" + common + struct.pack("<HH", len(fname), 0) + fname + payload
    central = (
        b"PK\x01\x02" + struct.pack("<H", 20) + common
        + struct.pack("<HHHHHII", len(fname), 0, 0, 0, 0, 0, 0) + fname
    )  # fmt: skip
    end = b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, 1, 1, len(central), len(local), 0)
    return local + central + end


def png(width: int = 4, height: int = 4, rgb: tuple[int, int, int] = (20, 90, 160)) -> bytes:
    """A tiny solid-colour PNG (logos, inline images)."""
    raw = b"".join(b"\0" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )
