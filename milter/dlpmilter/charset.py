"""Bytes to text: declared charsets, guessed ones, and RFC 2047 encoded words.

:func:`decode_text` decodes a body or attachment with the charset its sender declared, mapped
through the aliases mail clients really use (``iso-8859-1`` is read as ``cp1252``, ``gb2312``
as ``gb18030``, ``ks_c_5601-1987`` as ``cp949``...). When the declared charset is missing,
unknown to Python, not a text encoding, or does not fit the bytes, it guesses: UTF-8 when the
bytes are valid UTF-8, else what charset-normalizer finds on a sample, else cp1252. A guess is
reported so the part gets a ``charset_guessed`` fact. Bytes that are valid UTF-8 (and not plain
ASCII) under a declared single-byte charset are read as UTF-8, also with a fact: that mislabel
is common, and the other reading turns a UTF-8 no-break space into ``Â`` plus a space, which
splits numbers. Decoding never fails: undecodable bytes become U+FFFD.

:func:`decode_header` decodes a raw header value: unfolding, RFC 2047 encoded words (adjacent
words of one charset are joined before decoding, so a multi-byte character split across two
words survives), raw 8-bit bytes (UTF-8, else cp1252) and NUL bytes dropped.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from dataclasses import dataclass

#: Bytes of a body that charset-normalizer looks at when it has to guess.
GUESS_SAMPLE_BYTES = 16384

#: Shorter samples are too short to guess from: they are read as cp1252.
MIN_GUESS_BYTES = 256

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "ascii",
    "ansi_x3.4-1968": "ascii",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "iso-8859-8-i": "iso-8859-8",
    "iso-8859-6-i": "iso-8859-6",
    "x-sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "windows-874": "cp874",
    "x-mac-roman": "mac_roman",
    "macintosh": "mac_roman",
    "utf8": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
}
#: Python names of single-byte codecs. Any byte string decodes in them, so valid multi-byte
#: UTF-8 declared as one of them (a common mislabel) is read as UTF-8 instead, with a fact:
#: non-ASCII text in a single-byte charset is almost never valid UTF-8 by accident.
_SINGLE_BYTE = ("cp125", "iso8859", "latin", "koi8", "mac-", "cp437", "cp850", "cp866", "cp874")
#: Declared names that mean "I don't know".
_UNKNOWN = frozenset({"", "unknown-8bit", "x-unknown", "unknown", "x-user-defined", "default"})
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._:-]")


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoded:
    """Decoded text and, when the charset was guessed, why (for a ``charset_guessed`` fact).

    :param text: the text.
    :param charset: the Python codec used.
    :param guessed: empty when the declared charset was used; otherwise a short reason with
        no message content, e.g. ``declared x-foo unknown; used utf-8``.
    """

    text: str
    charset: str
    guessed: str = ""


def safe_label(name: str) -> str:
    """A charset name fit for a fact: safe characters only, at most 40 of them."""
    return _SAFE_NAME.sub("?", name[:40]) or "none"


def codec_for(declared: str | None) -> str | None:
    """The Python text codec for a declared charset name, or ``None`` if there is none."""
    name = (declared or "").strip().strip("\"'").lower()
    if name in _UNKNOWN:
        return None
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def guess_codec(data: bytes, *, deep: bool = True) -> str:
    """A byte-order mark's codec, else UTF-8 when ``data`` is valid UTF-8, else
    charset-normalizer's guess on a sample of at least :data:`MIN_GUESS_BYTES` (never UTF-16
    or UTF-32 without a BOM), else cp1252."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    if deep and len(data) >= MIN_GUESS_BYTES:
        try:
            from charset_normalizer import from_bytes

            best = from_bytes(data[:GUESS_SAMPLE_BYTES]).best()
        except Exception:  # noqa: BLE001 - a guessing library must never stop inspection
            best = None
        guess = codec_for(best.encoding) if best is not None else None
        if guess is not None and not guess.startswith(("utf-16", "utf-32")):
            return guess
    return "cp1252"


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_text(data: bytes, declared: str | None, *, deep_guess: bool = True) -> Decoded:
    """Decode a body or attachment; guess (and say so) when the declaration does not serve.

    :param data: the bytes after transfer decoding.
    :param declared: the ``charset`` parameter as sent, or ``None``.
    :param deep_guess: ask charset-normalizer when guessing (5 to 15 ms a call); ``False``
        goes straight from UTF-8 to cp1252.
    """
    codec = codec_for(declared)
    label = safe_label((declared or "").strip().strip("\"'").lower())
    if codec is not None and codec.startswith(_SINGLE_BYTE) and not data.isascii():
        utf8 = _strict_utf8(data)
        if utf8 is not None:
            return Decoded(text=utf8, charset="utf-8", guessed=f"utf-8 declared as {label}")
    if codec is not None:
        try:
            return Decoded(text=data.decode(codec), charset=codec)
        except UnicodeDecodeError:
            pass
        except Exception:  # noqa: BLE001 - some codecs raise other errors on bad bytes
            codec = None
    if data.isascii():
        return Decoded(text=data.decode("ascii"), charset="ascii")
    guess = guess_codec(data, deep=deep_guess)
    if codec is None:
        reason = f"declared {label} unknown" if declared else "no charset declared"
    else:
        reason = f"bytes invalid for declared {label}"
    text = data.decode(guess, errors="replace")
    return Decoded(text=text, charset=guess, guessed=f"{reason}; used {guess}")


_ENCODED_WORD = re.compile(rb"=\?([^?\s*]{1,64})(?:\*[^?\s]{0,32})?\?([BbQq])\?([^?\s]*)\?=")
_NEEDS_WORK = re.compile(r"=\?|[\r\n\x00]")
_FOLD = re.compile(rb"\r?\n(?=[ \t])|\r(?=[ \t])")
_Q_HEX = re.compile(rb"=([0-9A-Fa-f]{2})")


def _decode_word_payload(encoding: bytes, payload: bytes) -> bytes:
    if encoding in b"Bb":
        cleaned = payload.rstrip(b"=")
        cleaned = cleaned[: len(cleaned) - (len(cleaned) % 4 == 1)]
        try:
            return base64.b64decode(cleaned + b"=" * (-len(cleaned) % 4))
        except (binascii.Error, ValueError):
            return payload
    return _Q_HEX.sub(lambda m: bytes([int(m.group(1), 16)]), payload.replace(b"_", b" "))


def decode_8bit(data: bytes) -> str:
    """Raw 8-bit header text: UTF-8 when valid (or valid but for a character cut at the very
    end, after other multi-byte UTF-8 characters), else cp1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for cut in (1, 2, 3):
        head = data[:-cut]
        try:
            text = head.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if not text.isascii():
            return text + "\ufffd"
        break
    return data.decode("cp1252", errors="replace")


def _decode_run(charset: bytes, data: bytes) -> str:
    codec = codec_for(charset.decode("ascii", "replace")) or guess_codec(data)
    try:
        return data.decode(codec, errors="replace")
    except Exception:  # noqa: BLE001 - some codecs raise other errors on bad bytes
        return decode_8bit(data)


def header_bytes(value: str) -> bytes:
    """The raw bytes of a header value as the stdlib parser (surrogate-escaped) holds it."""
    try:
        return value.encode("ascii", "surrogateescape")
    except UnicodeEncodeError:
        return value.encode("utf-8", "surrogateescape")


def decode_header(value: str | bytes) -> str:
    """Decode a raw header value: unfold, decode RFC 2047 words and 8-bit bytes, drop NULs."""
    if isinstance(value, str) and value.isascii() and not _NEEDS_WORK.search(value):
        return value  # plain one-line ASCII: most headers
    raw = header_bytes(value) if isinstance(value, str) else value
    raw = _FOLD.sub(b"", raw).replace(b"\x00", b"")
    pieces: list[str] = []
    run_charset: bytes | None = None
    run: list[bytes] = []
    pos = 0
    for match in _ENCODED_WORD.finditer(raw):
        between = raw[pos : match.start()]
        if run_charset is not None and between.strip(b" \t"):
            pieces.append(_decode_run(run_charset, b"".join(run)))
            run_charset, run = None, []
        if run_charset is None:
            pieces.append(decode_8bit(between))
        charset = match.group(1).lower()
        if run_charset is not None and charset != run_charset:
            pieces.append(_decode_run(run_charset, b"".join(run)))
            run = []
        run_charset = charset
        run.append(_decode_word_payload(match.group(2), match.group(3)))
        pos = match.end()
    if run_charset is not None:
        pieces.append(_decode_run(run_charset, b"".join(run)))
    pieces.append(decode_8bit(raw[pos:]))
    return "".join(pieces)
