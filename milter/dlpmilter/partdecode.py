"""Decoding one leaf MIME entity: transfer encoding, charset, HTML, file name, location.

Every function here is total: broken base64, unknown charsets, malformed parameters and
hostile file names give text and ``(kind, detail)`` facts, never exceptions.
"""

from __future__ import annotations

import binascii
import email.message
import re
from dataclasses import dataclass

from dlpmilter.charset import decode_8bit, decode_header, decode_text, header_bytes
from dlpmilter.htmltext import html_to_text, meta_charset

#: Longest file name kept (on the part and in its location).
MAX_NAME_CHARS = 200
#: Bytes of a text part decoded per character of the part text budget (UTF-8 worst case).
BYTES_PER_CHAR = 4

_BASE64_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="
_WHITESPACE = b" \t\r\n\f\v"
_NOT_BASE64 = bytes(b for b in range(256) if b not in _BASE64_ALPHABET)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_TAG = re.compile(r"<[^>]{0,200}>")
_NAMED_HEADERS = ("content-disposition", "content-type")
#: The notices mail clients put in a multipart's preamble (nothing to inspect).
_BOILERPLATE = re.compile(
    r"(?:this is an? (?:(?:cryptographically|s/mime) )?(?:signed )?(?:multi-?part )?"
    r"(?:message|mime-encapsulated message)"
    r"(?: with multiple parts)?(?: in mime format)?[.!]*\s*)?",
    re.IGNORECASE,
)
#: Magic numbers of formats that are never text: PDF, ZIP (and OOXML, ODF), OLE2, RTF, gzip,
#: bzip2, xz, 7z, TNEF, and the common images.
_BINARY_MAGIC = (
    b"%PDF-",
    b"PK\x03\x04",
    b"\xd0\xcf\x11\xe0",
    b"{\\rtf",
    b"\x1f\x8b",
    b"BZh",
    b"\xfd7zXZ",
    b"7z\xbc\xaf",
    b"\x78\x9f\x3e\x22",
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
)
_UUENCODE = frozenset({"x-uuencode", "uuencode", "x-uue", "uue"})


@dataclass(frozen=True, slots=True, kw_only=True)
class DecodedBody:
    """The text of one entity and what went wrong reading it.

    :param text: decoded text (HTML already turned to text), line ends as ``\\n``.
    :param facts: ``(kind, detail)`` pairs: ``corrupt``, ``truncated``, ``charset_guessed``.
    :param size: bytes after transfer decoding.
    """

    text: str
    facts: tuple[tuple[str, str], ...] = ()
    size: int = 0


def decode_base64(raw: bytes) -> tuple[bytes, str]:
    """Decode base64 as far as it goes: junk is skipped, concatenated blocks are joined.

    :returns: the bytes and, if anything was wrong, a detail for a ``corrupt`` fact.
    """
    junk = len(raw.translate(None, _BASE64_ALPHABET + _WHITESPACE))
    cleaned = raw.translate(None, _NOT_BASE64)
    out: list[bytes] = []
    broken = 0
    for segment in cleaned.split(b"="):
        whole = segment[: len(segment) - (len(segment) % 4 == 1)]
        broken += len(whole) != len(segment)
        if whole:
            out.append(binascii.a2b_base64(whole + b"=" * (-len(whole) % 4)))
    problems = []
    if junk:
        problems.append(f"{junk} invalid bytes")
    if broken:
        problems.append(f"{broken} truncated groups")
    return b"".join(out), ("base64: " + ", ".join(problems)) if problems else ""


def payload_bytes(ent: email.message.Message) -> tuple[bytes, str]:
    """The entity's body after transfer decoding, and a ``corrupt`` detail if it was broken."""
    # The stored payload, not get_payload(): compat32 re-decodes 8-bit payloads with the
    # declared charset (and U+FFFD for unknown ones) before we could see the bytes.
    payload = vars(ent).get("_payload")
    if isinstance(payload, list) or payload is None:
        return b"", ""
    raw = header_bytes(payload) if isinstance(payload, str) else bytes(payload)
    cte = str(ent.get("content-transfer-encoding", "")).strip().lower()
    if cte == "base64":
        return decode_base64(raw)
    if cte == "quoted-printable":
        return binascii.a2b_qp(raw), ""
    if cte in _UUENCODE:
        return _uudecode(ent, raw)
    return raw, ""


def encoded_message(ent: email.message.Message) -> tuple[bytes, str] | None:
    """The bytes of a ``message/*`` entity sent base64 or quoted-printable encoded.

    RFC 2046 forbids encoding ``message/rfc822``, but clients do it, and the stdlib parser
    then reads the encoded text as a message without headers. ``None`` when not encoded.
    """
    cte = str(ent.get("content-transfer-encoding", "")).strip().lower()
    payload = ent.get_payload()
    if cte not in {"base64", "quoted-printable"} or not isinstance(payload, list):
        return None
    inner = payload[0] if payload else None
    text = inner.as_string() if isinstance(inner, email.message.Message) else ""
    raw = header_bytes(text)
    if cte == "base64":
        return decode_base64(raw)
    return binascii.a2b_qp(raw), ""


def peek_bytes(ent: email.message.Message, size: int = 4096) -> bytes:
    """About the first ``size`` bytes of the entity's body after transfer decoding (cheap)."""
    payload = vars(ent).get("_payload")
    if not isinstance(payload, str | bytes):
        return b""
    head = payload[: 2 * size]
    raw = header_bytes(head) if isinstance(head, str) else bytes(head)
    cte = str(ent.get("content-transfer-encoding", "")).strip().lower()
    if cte == "base64":
        return decode_base64(raw)[0][:size]
    if cte == "quoted-printable":
        return binascii.a2b_qp(raw)[:size]
    return raw[:size]


def _uudecode(ent: email.message.Message, raw: bytes) -> tuple[bytes, str]:
    if not raw.strip():
        return b"", ""
    try:
        decoded = ent.get_payload(decode=True)
    except Exception:  # noqa: BLE001 - the stdlib uudecoder raises on broken input
        decoded = None
    if isinstance(decoded, bytes) and decoded != raw:
        return decoded, ""
    return raw, "uuencode: undecodable"


def _charset(ent: email.message.Message) -> str | None:
    try:
        value = ent.get_content_charset()
    except Exception:  # noqa: BLE001 - malformed parameters must not stop decoding
        return None
    return str(value) if value else None


def decode_body(
    ent: email.message.Message, ctype: str, max_chars: int, *, deep_guess: bool = True
) -> DecodedBody:
    """Decode a text entity: transfer encoding, charset (guessed if need be), HTML to text.

    :param ctype: its content type (``text/plain``, ``text/html``...).
    :param max_chars: the part text budget; at most :data:`BYTES_PER_CHAR` times as many
        bytes are decoded, the rest is cut with a ``truncated`` fact.
    :param deep_guess: passed to :func:`dlpmilter.charset.decode_text`.
    """
    data, corrupt = payload_bytes(ent)
    size = len(data)
    facts: list[tuple[str, str]] = [("corrupt", corrupt)] if corrupt else []
    limit = max_chars * BYTES_PER_CHAR
    if len(data) > limit:
        data = data[:limit]
        facts.append(("truncated", f"part bytes > {limit}"))
    charset = _charset(ent)
    if ctype == "text/html" and not charset:
        charset = meta_charset(data)
    decoded = decode_text(data, charset, deep_guess=deep_guess)
    if decoded.guessed:
        facts.append(("charset_guessed", decoded.guessed))
    # Keep only what can survive the part budget; HTML keeps more, since its markup goes.
    keep = max_chars * BYTES_PER_CHAR if ctype == "text/html" else max_chars
    if len(decoded.text) > keep:
        facts.append(("truncated", f"text > {keep} chars"))
    text = decoded.text[:keep].replace("\r\n", "\n")
    if ctype == "text/html":
        text = html_to_text(text)
    elif ctype in {"text/enriched", "text/richtext"}:
        text = _TAG.sub("", text)
    elif "flowed" in str(ent.get("content-type", "")).lower() and (
        str(ent.get_param("format", "") or "").lower() == "flowed"
    ):
        delsp = str(ent.get_param("delsp", "") or "").lower() == "yes"
        text = text.replace(" \n", "" if delsp else " ")
    return DecodedBody(text=text, facts=tuple(facts), size=size)


def filename_of(ent: email.message.Message) -> str:
    """The decoded file name (RFC 2231 and RFC 2047), control characters dropped, or ``""``."""
    if not any("name" in str(ent.get(h, "")).lower() for h in _NAMED_HEADERS):
        return ""
    try:
        name = ent.get_filename()
        if name and "\ufffd" in name:
            name = _raw_filename(ent) or name
    except Exception:  # noqa: BLE001 - malformed parameters must not stop the walk
        return ""
    if not name:
        return ""
    return _CONTROL.sub("", decode_header(str(name))).strip().strip('"').strip()[:MAX_NAME_CHARS]


def _raw_filename(ent: email.message.Message) -> str | None:
    """The file name from headers sent as raw 8-bit bytes (see :func:`decode_8bit`).

    compat32 turns such headers into ``Header`` objects whose text has U+FFFD for every
    non-ASCII byte; the raw value still has the bytes.
    """
    named = email.message.Message()
    for key, value in ent.raw_items():
        if key.lower() in _NAMED_HEADERS:
            named[key] = decode_8bit(header_bytes(str(value)))
    return named.get_filename()


class PartNames:
    """Hands out the locations of one message's parts: ``body``, ``body[2]``,
    ``attachment:<name>`` (``attachment:<name>[2]`` when a name repeats) or
    ``attachment:part<N>`` for an unnamed one, all under ``prefix``.

    :param prefix: ``""`` for the top-level message, ``<location>/`` for attached mail.
    """

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._bodies = 0
        self._attachments = 0
        self._seen: dict[str, int] = {}

    def body(self) -> str:
        """The next body location."""
        self._bodies += 1
        suffix = "" if self._bodies == 1 else f"[{self._bodies}]"
        return f"{self.prefix}body{suffix}"

    def outside(self, kind: str) -> str:
        """A location of another kind (``preamble``, ``epilogue``), numbered when it repeats."""
        count = self._seen.get(f"\0{kind}", 0) + 1
        self._seen[f"\0{kind}"] = count
        return f"{self.prefix}{kind}" + ("" if count == 1 else f"[{count}]")

    def attachment(self, filename: str) -> str:
        """The next attachment location, from its decoded file name."""
        self._attachments += 1
        name = filename.replace("/", "_").replace("\\", "_").strip()
        name = name or f"part{self._attachments}"
        count = self._seen.get(name, 0) + 1
        self._seen[name] = count
        suffix = "" if count == 1 else f"[{count}]"
        return f"{self.prefix}attachment:{name}{suffix}"


def content_type_of(ent: email.message.Message) -> str:
    """The entity's content type; ``text/plain`` when the header cannot be read."""
    try:
        return ent.get_content_type()
    except Exception:  # noqa: BLE001 - a malformed header must not stop the walk
        return "text/plain"


def looks_binary(data: bytes) -> bool:
    """True when declared text is really binary: the magic of a format an extractor reads, or
    more than one NUL byte in eight near the start (NULs sprinkled into text stay text)."""
    if data.startswith(_BINARY_MAGIC):
        return True
    head = data[:4096]
    return head.count(b"\x00") * 8 > len(head) and not head.startswith((b"\xff\xfe", b"\xfe\xff"))


def raw_header(msg: email.message.Message, name: str, cap: int) -> str:
    """The first raw (undecoded) value of header ``name``, cut at ``cap`` characters."""
    for key, value in msg.raw_items():
        if key.lower() == name:
            return str(value)[:cap]
    return ""


def is_boilerplate(text: str) -> bool:
    """True for an empty preamble or the notice mail clients put there."""
    return _BOILERPLATE.fullmatch(text.strip()) is not None
