"""Deterministic MIME composition for the corpus.

Every boundary, Message-ID and date comes from the caller's seeded random generator, so that
running the build twice gives byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import hashlib
import html
import random
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import format_datetime, formataddr

#: LF line endings keep the committed files readable; parsers accept both.
POLICY = email.policy.default.clone(linesep="\n", max_line_length=78)

MAILERS = (
    "Microsoft Outlook 16.0", "Apple Mail (2.3731.700.6)", "Mozilla Thunderbird 115.8.0",
    "Epic In Basket Relay", "Zimbra 9.0.0_GA", "",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment: bytes with a type, or a text (``str``) sent as ``text/<subtype>``."""

    filename: str
    content_type: str
    data: bytes | str | EmailMessage
    inline: bool = False
    cid: str = ""


@dataclass(slots=True)
class Draft:
    """Everything needed to compose one message."""

    sender: tuple[str, str]
    to: list[tuple[str, str]]
    subject: str
    date: dt.datetime
    text: str
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    cc: list[tuple[str, str]] = field(default_factory=list)
    headers: list[tuple[str, str]] = field(default_factory=list)


def compose(draft: Draft, rng: random.Random) -> EmailMessage:
    """Build the message: text (and HTML alternative), then attachments, with fixed boundaries."""
    msg = EmailMessage(policy=POLICY)
    msg["From"] = formataddr(draft.sender)
    msg["To"] = ", ".join(formataddr(a) for a in draft.to)
    if draft.cc:
        msg["Cc"] = ", ".join(formataddr(a) for a in draft.cc)
    msg["Subject"] = draft.subject
    msg["Date"] = format_datetime(draft.date)
    token = hashlib.sha256(f"{rng.random()}".encode()).hexdigest()[:20]
    domain = draft.sender[1].rsplit("@", 1)[-1]
    msg["Message-ID"] = f"<{token}@{domain}>"
    mailer = rng.choice(MAILERS)
    if mailer:
        msg["X-Mailer"] = mailer
    for name, value in draft.headers:
        msg[name] = value
    msg.set_content(draft.text)
    if draft.html is not None:
        msg.add_alternative(draft.html, subtype="html")
    inline = [a for a in draft.attachments if a.inline]
    if inline and draft.html is not None:
        html_part = msg.get_payload()[-1] if msg.is_multipart() else msg
        for att in inline:
            maintype, subtype = att.content_type.split("/", 1)
            assert isinstance(att.data, bytes)
            html_part.add_related(
                att.data,
                maintype,
                subtype,
                cid=f"<{att.cid}>",
                filename=att.filename,
                disposition="inline",
            )
    for att in draft.attachments:
        if not att.inline:
            _attach(msg, att)
    for n, part in enumerate(msg.walk()):
        if part.is_multipart():
            part.set_boundary(f"----=_Part_{n}_{token[:12]}")
    return msg


def _attach(msg: EmailMessage, att: Attachment) -> None:
    if isinstance(att.data, EmailMessage):
        msg.add_attachment(att.data, filename=att.filename)
        return
    maintype, subtype = att.content_type.split("/", 1)
    if isinstance(att.data, str):
        msg.add_attachment(att.data, subtype=subtype, filename=att.filename)
    else:
        msg.add_attachment(att.data, maintype=maintype, subtype=subtype, filename=att.filename)


def to_bytes(msg: EmailMessage) -> bytes:
    """Serialize with the corpus policy."""
    return msg.as_bytes(policy=POLICY)


def html_of(text: str, rng: random.Random, *, preheader: str = "") -> str:
    """An HTML rendering of a plain-text body, in one of a few mail-client styles."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    style = rng.choice(
        (
            "font-family:Calibri,Arial,sans-serif;font-size:11pt",
            "font-family:Helvetica,Arial;font-size:14px;color:#222",
            "font-family:'Segoe UI',sans-serif;font-size:10.5pt",
        )
    )
    body = "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in p.split("\n")) + "</p>"
        for p in paragraphs
    )
    hidden = (
        f'<div style="display:none;max-height:0;overflow:hidden">{html.escape(preheader)}</div>\n'
        if preheader
        else ""
    )
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>\n'
        f'<body>\n{hidden}<div style="{style}">\n{body}\n</div>\n</body></html>\n'
    )


def html_table(rows: list[list[str]], header: list[str]) -> str:
    """An HTML table (lab results, order lines) for HTML bodies."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>\n" for row in rows
    )
    return f'<table border="1" cellpadding="4" style="border-collapse:collapse">\n<tr>{head}</tr>\n{body}</table>'


def text_table(rows: list[list[str]], header: list[str]) -> str:
    """The same rows as a fixed-width text table."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
        for r in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def quote(text: str) -> str:
    """Quote a previous message the way replies do."""
    return "\n".join("> " + line if line else ">" for line in text.split("\n"))


def forward_block(sender: str, to: str, date: dt.datetime, subject: str, body: str) -> str:
    """A Gmail/Outlook style forwarded-message block."""
    return (
        "---------- Forwarded message ---------\n"
        f"From: {sender}\nDate: {format_datetime(date)}\nSubject: {subject}\nTo: {to}\n\n{body}"
    )


def reply_header(name: str, address: str, date: dt.datetime) -> str:
    """The attribution line above a quoted message."""
    return f"On {date:%a}, {date:%b} {date.day}, {date.year} at {date:%I:%M %p}, {name} <{address}> wrote:"
