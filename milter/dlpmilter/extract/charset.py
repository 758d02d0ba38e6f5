"""Decoding bytes of unknown encoding into text, and telling text from binary.

The order is fixed and cheap: a byte-order mark (UTF-32, UTF-8, UTF-16), UTF-16 without a mark
(every other byte zero), UTF-7 (only when its shifted runs decode to plausible characters: a
phone number such as ``+15551234567`` is not UTF-7), strict UTF-8, then a guess by
``charset-normalizer`` on a sample (with a ``charset_guessed`` fact), and cp1252 as the last
resort. Nothing is guessed from the declared charset or the file name.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

#: Bytes looked at to decide whether a blob is text.
HEAD_BYTES = 4096
#: Bytes given to the encoding guesser.
GUESS_SAMPLE_BYTES = 64 * 1024

#: The 8-bit and East Asian encodings mail really uses; the guesser chooses among these only
#: (left free, it picks exotic code pages such as hp_roman8 for plain Western text).
GUESS_CANDIDATES = (
    "cp1252", "iso8859_15", "cp1250", "cp1251", "koi8_r", "cp1253", "cp1254", "cp1255", "cp1256",
    "cp1257", "cp874", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "big5", "euc_kr",
)  # fmt: skip
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_UTF7_RUN = re.compile(rb"\+([A-Za-z0-9+/]{2,})-?")
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v\x1b")


@dataclass(frozen=True, slots=True, kw_only=True)
class Decoded:
    """Text and how it was decoded.

    :param encoding: the codec used.
    :param guessed: ``True`` when no mark or strict decoding decided it.
    """

    text: str
    encoding: str
    guessed: bool = False


def sniff_encoding(head: bytes) -> tuple[str, int] | None:
    """The encoding told by a byte-order mark or a UTF-16 zero pattern, and the mark's length."""
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name, len(bom)
    sample = head[: HEAD_BYTES - HEAD_BYTES % 2]
    if len(sample) >= 8:
        even_zero = sample[0::2].count(0) / (len(sample) / 2)
        odd_zero = sample[1::2].count(0) / (len(sample) / 2)
        if odd_zero > 0.4 and even_zero < 0.05:
            return "utf-16-le", 0
        if even_zero > 0.4 and odd_zero < 0.05:
            return "utf-16-be", 0
    return None


def _plausible_utf7(data: bytes) -> bool:
    """True when ``data`` is ASCII with UTF-7 shifted runs that decode to plausible text."""
    if not data.isascii():
        return False
    runs = _UTF7_RUN.findall(data[:GUESS_SAMPLE_BYTES])
    if not runs:
        return False
    for run in runs:
        try:
            decoded = (b"+" + run + b"-").decode("utf-7")
        except UnicodeDecodeError:
            return False
        if not decoded or any(not ch.isprintable() or ord(ch) >= 0x2E80 for ch in decoded):
            return False
    return True


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode(data: bytes) -> Decoded:
    """Decode ``data`` as text in the encoding it most plausibly has. Never raises."""
    told = sniff_encoding(data[:HEAD_BYTES])
    if told is not None:
        name, skip = told
        return Decoded(text=data[skip:].decode(name, errors="replace"), encoding=name)
    if _plausible_utf7(data):
        return Decoded(text=data.decode("utf-7", errors="replace"), encoding="utf-7")
    text = _strict_utf8(data)
    if text is not None:
        return Decoded(text=text, encoding="utf-8")
    best = from_bytes(data[:GUESS_SAMPLE_BYTES], cp_isolation=list(GUESS_CANDIDATES)).best()
    name = best.encoding if best is not None else "cp1252"
    try:
        return Decoded(text=data.decode(name, errors="replace"), encoding=name, guessed=True)
    except LookupError:
        return Decoded(
            text=data.decode("cp1252", errors="replace"), encoding="cp1252", guessed=True
        )


def head_text(data: bytes) -> str | None:
    """The decoded start of ``data`` when it looks like text, else ``None``.

    Text means: after decoding (mark, UTF-16 pattern, UTF-8, or cp1252 as a lenient reading),
    no NUL and at most 1 % other control characters in the first :data:`HEAD_BYTES` bytes.
    """
    head = data[:HEAD_BYTES]
    if not head:
        return None
    told = sniff_encoding(head)
    if told is not None:
        name, skip = told
        cut = len(head) - (len(head) - skip) % 4
        text = head[skip:cut].decode(name, errors="replace")
    else:
        text = _lenient_head(head)
    if not text or "\x00" in text:
        return None
    controls = sum(1 for ch in text if ch < " " and ch not in _ALLOWED_CONTROLS)
    return text if controls <= len(text) // 100 else None


def _lenient_head(head: bytes) -> str:
    try:
        return head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3 and exc.reason == "unexpected end of data":
            return head[: exc.start].decode("utf-8", errors="replace")
    return head.decode("cp1252", errors="replace")
