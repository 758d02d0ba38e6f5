"""Evasion by carrier: the statement only inside an attachment, an archive, a document, an
invitation, a contact card or attached mail, sometimes under a false Content-Type; the message
body itself is a bland cover note."""

from __future__ import annotations

import html
import io
import quopri
import tarfile

from carriers import (
    COVER,
    attachment,
    crlf,
    csv_bytes,
    docx_bytes,
    entity,
    fold,
    gzip_bytes,
    ical_text,
    ics_bytes,
    mail,
    multipart,
    pdf_bytes,
    text_part,
    vcard_bytes,
    with_attachments,
    xlsx_bytes,
    zip_bytes,
)
from repertoire import technique
from specimens import Specimen
from techniques import FULLWIDTH, body_text, html_mail

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def split_value(specimen: Specimen) -> tuple[str, str]:
    """The value cut in two near its middle (Word runs, PDF show operators)."""
    value = specimen.value
    return value[: len(value) // 2], value[len(value) // 2 :]


def inner_mail(specimen: Specimen) -> bytes:
    """A plain message carrying the statement, to be attached or forwarded."""
    return mail(text_part(body_text(specimen.sentence())), subject="Details", message_id="inner")


@technique("attachments")
def calendar_folded_description(specimen: Specimen) -> bytes:
    """An .ics invitation whose DESCRIPTION is folded inside the value."""
    line = "DESCRIPTION:" + ical_text(specimen.sentence())
    start = line.find(ical_text(specimen.value))
    cuts = [start + 2, start + len(specimen.value) // 2 + 1, *range(70, len(line), 70)]
    data = ics_bytes("Follow-up appointment", fold(line, cuts))
    part = attachment(data, content_type="text/calendar; method=REQUEST", filename="invite.ics")
    return with_attachments(part, subject="Invitation: follow-up")


@technique("attachments")
def vcard_note(specimen: Specimen) -> bytes:
    """A vCard attachment whose NOTE holds the statement."""
    data = vcard_bytes("Dana Whitfield", specimen.sentence())
    return with_attachments(attachment(data, content_type="text/vcard", filename="contact.vcf"))


@technique("attachments")
def csv_in_zip(specimen: Specimen) -> bytes:
    """The record as a CSV inside a ZIP archive."""
    data = zip_bytes([("export/list.csv", csv_bytes(specimen.record))])
    return with_attachments(attachment(data, content_type="application/zip", filename="export.zip"))


@technique("attachments")
def zip_in_zip(specimen: Specimen) -> bytes:
    """The record as a CSV in a ZIP inside another ZIP."""
    inner = zip_bytes([("list.csv", csv_bytes(specimen.record))])
    data = zip_bytes([("inner/archive.zip", inner), ("readme.txt", b"Quarterly export.\r\n")])
    return with_attachments(attachment(data, content_type="application/zip", filename="bundle.zip"))


@technique("attachments")
def gzipped_csv(specimen: Specimen) -> bytes:
    """The record as a gzip-compressed CSV."""
    data = gzip_bytes(csv_bytes(specimen.record), name="list.csv")
    return with_attachments(
        attachment(data, content_type="application/gzip", filename="list.csv.gz")
    )


@technique("attachments")
def docx_split_runs(specimen: Specimen) -> bytes:
    """A Word document with the value split across two runs."""
    first, second = split_value(specimen)
    data = docx_bytes([["Referral note"], [specimen.before, first, second, specimen.after]])
    return with_attachments(attachment(data, content_type=DOCX, filename="note.docx"))


@technique("attachments")
def xlsx_hidden_sheet(specimen: Specimen) -> bytes:
    """A workbook whose visible sheet is bland and whose hidden sheet holds the record."""
    data = xlsx_bytes(specimen.record, visible_note="Totals for the quarter are on this sheet.")
    return with_attachments(attachment(data, content_type=XLSX, filename="report.xlsx"))


@technique("attachments")
def pdf_text_layer(specimen: Specimen) -> bytes:
    """A hand-written PDF whose text layer shows the value in two pieces."""
    first, second = split_value(specimen)
    data = pdf_bytes([["Referral summary"], [specimen.before, first, second, specimen.after]])
    return with_attachments(
        attachment(data, content_type="application/pdf", filename="summary.pdf")
    )


@technique("attachments")
def attached_message(specimen: Specimen) -> bytes:
    """The statement in the body of attached mail (message/rfc822)."""
    part = entity("message/rfc822", inner_mail(specimen), disposition="attachment")
    return mail(multipart("mixed", text_part(COVER), part), subject="Fwd: details")


@technique("attachments")
def forwarded_eml_file(specimen: Specimen) -> bytes:
    """The statement in a forwarded .eml file declared application/octet-stream."""
    part = attachment(
        inner_mail(specimen), content_type="application/octet-stream", filename="FW details.eml"
    )
    return with_attachments(part, subject="FW: details")


@technique("attachments")
def zip_declared_as_png(specimen: Specimen) -> bytes:
    """A ZIP of the CSV declared image/png and named scan.png."""
    data = zip_bytes([("list.csv", csv_bytes(specimen.record))])
    return with_attachments(attachment(data, content_type="image/png", filename="scan.png"))


@technique("attachments")
def csv_declared_as_octet_stream(specimen: Specimen) -> bytes:
    """The CSV declared application/octet-stream and named export.dat."""
    data = csv_bytes(specimen.record)
    part = attachment(data, content_type="application/octet-stream", filename="export.dat")
    return with_attachments(part)


@technique("attachments")
def deep_multipart(specimen: Specimen) -> bytes:
    """The statement in a text part six multipart levels down, after a bland first part."""
    node = text_part(body_text(specimen.sentence()))
    for level in range(6):
        node = multipart("mixed", text_part(f"Level {level} of the thread."), node)
    return mail(node)


@technique("attachments")
def text_attachment_no_name(specimen: Specimen) -> bytes:
    """The statement in a second inline text part with no file name."""
    second = entity('text/plain; charset="utf-8"', crlf(specimen.sentence() + "\n"), cte="8bit")
    return mail(multipart("mixed", text_part(COVER), second))


@technique("attachments")
def eml_in_zip(specimen: Specimen) -> bytes:
    """Forwarded mail saved as an .eml file inside a ZIP archive."""
    data = zip_bytes([("mail/details.eml", inner_mail(specimen))])
    return with_attachments(attachment(data, content_type="application/zip", filename="mail.zip"))


@technique("attachments")
def tar_gz_csv(specimen: Specimen) -> bytes:
    """The record as a CSV inside a gzip-compressed TAR archive."""
    payload = csv_bytes(specimen.record)
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz", format=tarfile.USTAR_FORMAT) as archive:
        info = tarfile.TarInfo("export/list.csv")
        info.size, info.mtime = len(payload), 1_795_000_000
        archive.addfile(info, io.BytesIO(payload))
    return with_attachments(
        attachment(out.getvalue(), content_type="application/x-gtar", filename="export.tgz")
    )


@technique("attachments")
def html_attachment_hidden(specimen: Specimen) -> bytes:
    """An .html attachment that shows a bland page and hides the statement in display:none."""
    page = (
        "<html><body><h1>Quarterly summary</h1><p>Nothing to report.</p>"
        f'<div style="display:none">{html.escape(specimen.sentence())}</div></body></html>'
    )
    part = attachment(page.encode("utf-8"), content_type="text/html", filename="summary.html")
    return with_attachments(part)


@technique("attachments")
def calendar_inline_quoted_printable(specimen: Specimen) -> bytes:
    """An Outlook-style invitation: text/calendar as an alternative part, quoted-printable, with
    the DESCRIPTION folded and soft-broken inside the value."""
    line = "DESCRIPTION:" + ical_text(specimen.sentence())
    start = line.find(ical_text(specimen.value))
    data = ics_bytes("Follow-up appointment", fold(line, [start + 3, *range(74, len(line), 74)]))
    encoded = quopri.encodestring(data.replace(b"\r\n", b"\n")).replace(b"\n", b"\r\n")
    cut = encoded.find(specimen.value[-4:].encode("ascii"))
    if cut > 0:
        encoded = encoded[: cut + 2] + b"=\r\n" + encoded[cut + 2 :]
    calendar = entity(
        'text/calendar; charset="utf-8"; method=REQUEST', encoded, cte="quoted-printable"
    )
    plain = text_part("You are invited to a follow-up appointment on Thursday.")
    return mail(multipart("alternative", plain, calendar), subject="Invitation: follow-up")


@technique("characters")
def combined_html_fullwidth_zero_width(specimen: Specimen) -> bytes:
    """Full-width characters with zero-width spaces between them, split by inline tags."""
    value = "\u200b".join(specimen.value.translate(FULLWIDTH))
    half = len(value) // 2
    inner = (
        f"<p>{html.escape(specimen.before)}<b>{value[:half]}</b><span>{value[half:]}</span>"
        f"{html.escape(specimen.after)}</p>"
    )
    return html_mail(inner, plain="Hi Sam, see the HTML version. Thanks, Jordan")
