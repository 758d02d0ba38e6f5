"""Attachments of a chosen size for the scaling benchmark: PDF, XLSX and ZIP."""

from __future__ import annotations

import io
import zipfile
from email.message import EmailMessage

ROW = "Maria Gonzalez,MRN 4829301,type 2 diabetes,metformin 500 mg,follow-up in 3 months"


def _rows(size: int) -> list[str]:
    return [f"{i},{ROW}" for i in range(max(1, size // (len(ROW) + 6)))]


def pdf_bytes(size: int) -> bytes:
    """A PDF with a text layer of about ``size`` bytes, 50 lines a page."""
    rows = _rows(size)
    pages = [rows[i : i + 50] for i in range(0, len(rows), 50)]
    objects: list[bytes] = []
    kids = []
    font_id = 3 + 2 * len(pages)
    for n, lines in enumerate(pages):
        page_id, content_id = 3 + 2 * n, 4 + 2 * n
        kids.append(f"{page_id} 0 R")
        text = "BT /F1 8 Tf 20 800 Td 10 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
        stream = text.encode("latin-1")
        objects.append(
            f"{page_id} 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] "
            f"/Contents {content_id} 0 R /Resources << /Font << /F1 {font_id} 0 R >> >> >> endobj\n".encode()
        )
        objects.append(
            f"{content_id} 0 obj << /Length {len(stream)} >> stream\n".encode()
            + stream
            + b"\nendstream endobj\n"
        )
    head = [
        b"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n",
        f"2 0 obj << /Type /Pages /Kids [{' '.join(kids)}] /Count {len(pages)} >> endobj\n".encode(),
    ]
    tail = [
        f"{font_id} 0 obj << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> endobj\n".encode()
    ]
    body = head + objects + tail
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for obj in body:
        offsets.append(out.tell())
        out.write(obj)
    xref = out.tell()
    out.write(f"xref\n0 {len(body) + 1}\n0000000000 65535 f \n".encode())
    for off in offsets:
        out.write(f"{off:010d} 00000 n \n".encode())
    out.write(
        f"trailer << /Size {len(body) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()


def xlsx_bytes(size: int) -> bytes:
    """A workbook whose cells hold about ``size`` bytes of text."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in _rows(size):
        sheet.append(row.split(","))
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def zip_bytes(size: int) -> bytes:
    """A ZIP holding one CSV of about ``size`` bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(
            zipfile.ZipInfo("patients.csv", date_time=(2026, 1, 1, 0, 0, 0)),
            "\n".join(_rows(size)) + "\n",
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buf.getvalue()


MAKERS = {
    "pdf": ("application/pdf", "report.pdf", pdf_bytes),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "list.xlsx",
        xlsx_bytes,
    ),
    "zip": ("application/zip", "export.zip", zip_bytes),
}


def message_with(kind: str, size: int) -> bytes:
    """A short message carrying one attachment of ``kind`` with about ``size`` bytes of text."""
    ctype, name, make = MAKERS[kind]
    msg = EmailMessage()
    msg["From"] = "staff@clinic.example"
    msg["To"] = "contact@partner-clinic.example"
    msg["Subject"] = "Export"
    msg.set_content("Please find the export attached.\n")
    maintype, subtype = ctype.split("/")
    msg.add_attachment(make(size), maintype=maintype, subtype=subtype, filename=name)
    return bytes(msg)
