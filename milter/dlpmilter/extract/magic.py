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
_NETPBM = re.compile(rb"P[1-7][ \t\r\n]")
#: (magic prefix, MIME type) of binary formats no built-in extractor reads: named in facts.
_OTHER_BINARIES: tuple[tuple[bytes, str], ...] = (
    (b"MZ", "application/x-msdownload"),
    (b"\x7fELF", "application/x-executable"),
    (b"\xca\xfe\xba\xbe", "application/java-vm"),
    (b".snd", "audio/basic"),
    (b"ID3", "audio/mpeg"),
    (b"\xff\xfb", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"\x1aE\xdf\xa3", "video/webm"),
    (b"Rar!\x1a\x07", "application/vnd.rar"),
    (b"MSCF", "application/vnd.ms-cab-compressed"),
    (b"\x28\xb5\x2f\xfd", "application/zstd"),
    (b"-----BEGIN PGP MESSAGE", "application/pgp-encrypted"),
)
_RIFF_MEDIA = {b"WAVE": "audio/wav", b"AVI ": "video/x-msvideo"}
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
    if _NETPBM.match(data[:3]):
        return "image/x-portable-anymap"
    return None


def binary_type(data: bytes) -> str | None:
    """The MIME type of a known binary format that no built-in extractor reads, else ``None``."""
    for magic, mime in _OTHER_BINARIES:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] in _RIFF_MEDIA:
        return _RIFF_MEDIA[data[8:12]]
    if data[4:8] == b"ftyp":
        return "video/mp4"
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
