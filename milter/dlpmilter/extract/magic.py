"""Recognising content by its bytes: images (for the ``not_inspected`` fact) and attached mail.

Extractors sniff their own formats; this module holds the few recognisers the dispatcher needs
itself, because no built-in extractor claims those types.
"""

from __future__ import annotations

import re

#: (magic prefix, offset, MIME type) of image formats. Checked in order.
_IMAGES: tuple[tuple[bytes, int, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"BM", 0, "image/bmp"),
    (b"II*\x00", 0, "image/tiff"),
    (b"MM\x00*", 0, "image/tiff"),
    (b"\x00\x00\x01\x00", 0, "image/vnd.microsoft.icon"),
    (b"8BPS", 0, "image/vnd.adobe.photoshop"),
    (b"\x00\x00\x00\x0cjP  ", 0, "image/jp2"),
)
_RIFF_IMAGES = {b"WEBP": "image/webp"}
_FTYP_IMAGES = {
    b"heic": "image/heic",
    b"heix": "image/heic",
    b"mif1": "image/heif",
    b"avif": "image/avif",
}

#: Header names that start real messages; two of them in the first lines make a blob mail.
_MAIL_HEADERS = frozenset(
    {
        "received", "return-path", "from", "to", "cc", "subject", "date", "message-id",
        "mime-version", "content-type", "delivered-to", "reply-to", "sender", "x-mailer",
        "dkim-signature", "authentication-results", "in-reply-to", "references", "x-sender",
        "user-agent", "thread-topic", "x-ms-exchange-organization-authas", "arc-seal",
    }
)  # fmt: skip
_HEADER_LINE = re.compile(rb"([A-Za-z][A-Za-z0-9-]{0,75}):[ \t]*\S?")
_MAIL_HEAD_BYTES = 8192


def image_type(data: bytes) -> str | None:
    """The MIME type of an image recognised by its magic bytes, else ``None``."""
    for magic, offset, mime in _IMAGES:
        if data[offset : offset + len(magic)] == magic:
            return mime
    if data[:4] == b"RIFF" and data[8:12] in _RIFF_IMAGES:
        return _RIFF_IMAGES[data[8:12]]
    if data[4:8] == b"ftyp" and data[8:12] in _FTYP_IMAGES:
        return _FTYP_IMAGES[data[8:12]]
    return None


def looks_like_mail(data: bytes) -> bool:
    """True when ``data`` starts with an RFC 5322 header block (an ``.eml`` file).

    The first line must be a header (or an mbox ``From `` line) and at least two well-known
    header names must appear before the first blank line.
    """
    head = data[:_MAIL_HEAD_BYTES]
    if head.startswith(b"From "):
        head = head.split(b"\n", 1)[1] if b"\n" in head else b""
    known = 0
    for number, raw in enumerate(head.split(b"\n")):
        line = raw.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t") and number > 0:
            continue
        match = _HEADER_LINE.match(line)
        if match is None:
            return False
        if match.group(1).decode("ascii").lower() in _MAIL_HEADERS:
            known += 1
    return known >= 2
