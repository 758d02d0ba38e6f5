"""Places in a message a reader's client never shows but that leave with it all the same: the
MIME preamble and epilogue, link targets, attributes no renderer displays, SVG text, and
encodings that are legal but unusual (base64 in concatenated blocks, every digit
quoted-printable encoded, UTF-16 without a byte-order mark)."""

from __future__ import annotations

import base64
import html
import urllib.parse
import zlib

from carriers import (
    COVER,
    CRLF,
    attachment,
    b64_lines,
    crlf,
    entity,
    mail,
    text_part,
    with_attachments,
)
from repertoire import technique
from specimens import Specimen
from techniques import body_text, html_mail


def _multipart_with(specimen: Specimen, *, where: str) -> bytes:
    """multipart/mixed with a bland text part, the statement in the preamble or epilogue."""
    boundary = f"=_hideout_{zlib.crc32(specimen.sentence().encode()):08x}"
    hidden = crlf(specimen.sentence() + "\n")
    body = (hidden if where == "preamble" else b"") + b"--" + boundary.encode() + CRLF
    body += text_part(COVER) + CRLF + b"--" + boundary.encode() + b"--" + CRLF
    if where == "epilogue":
        body += hidden
    return mail(entity(f'multipart/mixed; boundary="{boundary}"', body))


@technique("attachments")
def multipart_preamble(specimen: Specimen) -> bytes:
    """The statement only in the preamble of a multipart (before the first boundary)."""
    return _multipart_with(specimen, where="preamble")


@technique("attachments")
def multipart_epilogue(specimen: Specimen) -> bytes:
    """The statement only in the epilogue of a multipart (after the closing boundary)."""
    return _multipart_with(specimen, where="epilogue")


@technique("attachments")
def attached_message_twice(specimen: Specimen) -> bytes:
    """The statement in mail attached to mail attached to the message."""
    inner = mail(text_part(body_text(specimen.sentence())), subject="Details")
    middle = mail(
        entity("multipart/mixed; boundary=inner", b"--inner\r\n" + text_part("See attached.")
               + b"\r\n--inner\r\n" + entity("message/rfc822", inner) + b"\r\n--inner--\r\n"),
        subject="Fwd: Details",
    )  # fmt: skip
    return with_attachments(entity("message/rfc822", middle, disposition="attachment"))


@technique("html")
def html_link_url(specimen: Specimen) -> bytes:
    """The statement only in the query string of a link target."""
    query = urllib.parse.urlencode({"note": specimen.sentence()})
    inner = f'<p>Details are in <a href="https://forms.partner-services.example/r?{query}">the form</a>.</p>'
    return html_mail(inner)


@technique("html")
def html_hidden_input(specimen: Specimen) -> bytes:
    """The statement only in the value of a hidden form field."""
    value = html.escape(specimen.sentence(), quote=True)
    return html_mail(f'<form><input type="hidden" name="note" value="{value}"></form>')


@technique("html")
def html_meta_content(specimen: Specimen) -> bytes:
    """The statement only in a ``<meta name="description">`` of the HTML body."""
    value = html.escape(specimen.sentence(), quote=True)
    return html_mail(f'<meta name="description" content="{value}">')


@technique("html")
def html_data_attribute(specimen: Specimen) -> bytes:
    """The statement only in a ``data-*`` attribute of an element."""
    value = html.escape(specimen.sentence(), quote=True)
    return html_mail(f'<p data-note="{value}">See the portal for details.</p>')


@technique("attachments")
def svg_text_attachment(specimen: Specimen) -> bytes:
    """An SVG image whose ``<text>`` element holds the statement."""
    svg = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="40">'
        f'<text x="4" y="24" font-size="12">{html.escape(specimen.sentence())}</text></svg>'
    )
    part = attachment(svg.encode(), content_type="image/svg+xml", filename="chart.svg")
    return with_attachments(part)


@technique("encodings")
def base64_concatenated_blocks(specimen: Specimen) -> bytes:
    """A base64 body made of two separately padded blocks, cut inside the value."""
    text = crlf(body_text(specimen.sentence()))
    cut = text.find(specimen.value.encode("utf-8")) + 2
    blocks = base64.b64encode(text[:cut]) + CRLF + base64.b64encode(text[cut:]) + CRLF
    return mail(entity('text/plain; charset="utf-8"', blocks, cte="base64"))


@technique("encodings")
def quoted_printable_encoded_digits(specimen: Specimen) -> bytes:
    """Quoted-printable with every character of the value hex-encoded (``=35=33=36``)."""
    before, after = body_text(specimen.sentence("\0")).split("\0")
    value = "".join(f"={ord(c):02X}" for c in specimen.value).encode("ascii")
    return mail(
        entity(
            'text/plain; charset="utf-8"',
            crlf(before) + value + crlf(after),
            cte="quoted-printable",
        )
    )


@technique("encodings")
def utf16be_attachment_without_bom(specimen: Specimen) -> bytes:
    """A UTF-16BE text attachment with no byte-order mark, declared application/octet-stream."""
    data = body_text(specimen.sentence()).replace("\n", "\r\n").encode("utf-16-be")
    return with_attachments(
        entity(
            'application/octet-stream; name="notes.txt"',
            b64_lines(data),
            cte="base64",
            disposition='attachment; filename="notes.txt"',
        )
    )
