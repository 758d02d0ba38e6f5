"""What the web app shows of a stored message: a few header fields, the body as text, and the
attachments as a list of downloads.

Nothing here is rendered as HTML: an HTML body is turned into text with
:func:`dlpmilter.htmltext.html_to_text`, and the page escapes it like any other text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.message import EmailMessage, Message

from dlpmilter.htmltext import html_to_text

#: Characters never kept in a download's file name.
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


@dataclass(frozen=True, slots=True, kw_only=True)
class Attachment:
    """One downloadable part: its number in the message (1-based), a safe name, its size."""

    number: int
    filename: str
    size: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Display:
    """A message as the recipient reads it."""

    sender: str
    to: str
    cc: str
    date: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...]


def _parse(raw: bytes) -> EmailMessage:
    parsed = message_from_bytes(raw, policy=policy.default)
    assert isinstance(parsed, EmailMessage)  # policy.default builds EmailMessage
    return parsed


def _header(msg: EmailMessage, name: str) -> str:
    try:
        value = msg.get(name, "")
        return " ".join(str(value).split())
    except (ValueError, IndexError, TypeError):  # a header the parser cannot make sense of
        raw = msg.get_all(name) or []
        return " ".join(" ".join(str(v) for v in raw).split())


def _text(part: Message) -> str:
    try:
        content = part.get_content()  # type: ignore[attr-defined]
    except (LookupError, ValueError, AssertionError):
        payload = part.get_payload(decode=True)
        content = payload.decode("utf-8", "replace") if isinstance(payload, bytes) else ""
    text = str(content) if not isinstance(content, bytes) else content.decode("utf-8", "replace")
    return html_to_text(text) if part.get_content_type() == "text/html" else text


def _body(msg: EmailMessage) -> Message | None:
    try:
        return msg.get_body(preferencelist=("plain", "html"))
    except (KeyError, ValueError):
        return None


def safe_filename(name: str, number: int) -> str:
    """A download name without path or control characters; ``part-N`` when nothing is left."""
    cleaned = _UNSAFE_NAME.sub("_", name).strip(" ._")[:150]
    return cleaned or f"part-{number}"


def _leaves(msg: EmailMessage) -> list[Message]:
    return [part for part in msg.walk() if not part.is_multipart()]


def _is_attachment(part: Message, body: Message | None) -> bool:
    if part is body:
        return False
    if part.get_content_disposition() == "attachment" or part.get_filename():
        return True
    return not part.get_content_type().startswith("text/")  # inline images and the like


def _attachment(part: Message, number: int) -> tuple[Attachment, bytes]:
    data = part.get_payload(decode=True)
    content = data if isinstance(data, bytes) else b""
    name = safe_filename(part.get_filename() or "", number)
    return Attachment(number=number, filename=name, size=len(content)), content


def read_display(raw: bytes) -> Display:
    """The display of one raw message."""
    msg = _parse(raw)
    body = _body(msg)
    attachments = tuple(
        _attachment(part, number)[0]
        for number, part in enumerate(_leaves(msg), start=1)
        if _is_attachment(part, body)
    )
    return Display(
        sender=_header(msg, "From"),
        to=_header(msg, "To"),
        cc=_header(msg, "Cc"),
        date=_header(msg, "Date"),
        subject=_header(msg, "Subject"),
        body=_text(body) if body is not None else "",
        attachments=attachments,
    )


def attachment_data(raw: bytes, number: int) -> tuple[Attachment, bytes] | None:
    """The decoded bytes of attachment ``number`` of a message, or None when there is none
    (the message is parsed once and only that part decoded)."""
    msg = _parse(raw)
    leaves = _leaves(msg)
    if not 1 <= number <= len(leaves) or not _is_attachment(leaves[number - 1], _body(msg)):
        return None
    return _attachment(leaves[number - 1], number)
