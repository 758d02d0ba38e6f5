"""More document carriers: RTF, OpenDocument text, 7z, a compressed PDF with kerned text, a
Word comment and a very hidden worksheet."""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

import py7zr
from carriers import (
    attachment,
    csv_bytes,
    pdf_document,
    pdf_string,
    with_attachments,
    xlsx_bytes,
    zip_bytes,
)
from containers import DOCX, XLSX, split_value
from openpyxl import load_workbook
from repertoire import technique
from specimens import Specimen

_ODT = "application/vnd.oasis.opendocument.text"
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _rtf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")


@technique("attachments")
def rtf_split_groups(specimen: Specimen) -> bytes:
    """An RTF document with the value split over formatting groups."""
    first, second = split_value(specimen)
    body = (
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0\\fswiss Helvetica;}}\\f0\\pard Referral note\\par "
        f"{_rtf_escape(specimen.before)}{{\\b {_rtf_escape(first)}}}{{\\i {_rtf_escape(second)}}}"
        f"{_rtf_escape(specimen.after)}\\par}}"
    )
    part = attachment(body.encode("latin-1"), content_type="application/rtf", filename="note.rtf")
    return with_attachments(part)


@technique("attachments")
def odt_split_spans(specimen: Specimen) -> bytes:
    """An OpenDocument text with the value split over two spans."""
    first, second = split_value(specimen)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        "<office:body><office:text><text:p>Referral note</text:p>"
        f"<text:p>{escape(specimen.before)}<text:span>{escape(first)}</text:span>"
        f"<text:span>{escape(second)}</text:span>{escape(specimen.after)}</text:p>"
        "</office:text></office:body></office:document-content>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype", (2026, 11, 16, 9, 30, 0)), _ODT)
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return with_attachments(attachment(out.getvalue(), content_type=_ODT, filename="note.odt"))


@technique("attachments")
def csv_in_7z(specimen: Specimen) -> bytes:
    """The record as a CSV inside a 7z archive."""
    out = io.BytesIO()
    with py7zr.SevenZipFile(out, "w") as archive:
        archive.writestr(csv_bytes(specimen.record), "export/list.csv")
    part = attachment(out.getvalue(), content_type="application/x-7z-compressed", filename="e.7z")
    return with_attachments(part)


@technique("attachments")
def pdf_flate_kerned(specimen: Specimen) -> bytes:
    """A PDF with a compressed content stream showing the value through a kerned ``TJ`` array."""
    first, second = split_value(specimen)
    shown = f"[{pdf_string(specimen.before + first)} -15 {pdf_string(second + specimen.after)}] TJ"
    content = f"BT /F1 10 Tf 72 720 Td (Referral summary) Tj 0 -14 Td {shown} ET"
    data = pdf_document(content.encode("latin-1"), flate=True)
    return with_attachments(attachment(data, content_type="application/pdf", filename="ref.pdf"))


@technique("attachments")
def docx_comment_only(specimen: Specimen) -> bytes:
    """A Word document whose body is bland; the statement is only in a reviewer comment."""
    document = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body>'
        "<w:p><w:r><w:t>Draft agenda for Thursday.</w:t></w:r></w:p></w:body></w:document>"
    )
    comments = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:comments xmlns:w="{_W}">'
        '<w:comment w:id="0" w:author="JL"><w:p><w:r>'
        f"<w:t>{escape(specimen.sentence())}</w:t></w:r></w:p></w:comment></w:comments>"
    )
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    data = zip_bytes(
        [
            ("[Content_Types].xml", types.encode()),
            ("word/document.xml", document.encode()),
            ("word/comments.xml", comments.encode()),
        ]
    )
    return with_attachments(attachment(data, content_type=DOCX, filename="agenda.docx"))


@technique("attachments")
def xlsx_very_hidden_sheet(specimen: Specimen) -> bytes:
    """A workbook whose data sheet is 'very hidden' (only a macro or XML edit shows it)."""
    workbook = load_workbook(io.BytesIO(xlsx_bytes(specimen.record, visible_note="Totals.")))
    workbook["Data"].sheet_state = "veryHidden"
    out = io.BytesIO()
    workbook.save(out)
    return with_attachments(attachment(out.getvalue(), content_type=XLSX, filename="totals.xlsx"))
