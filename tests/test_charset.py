"""Charset decoding with guessing, and RFC 2047 header decoding."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.charset import MIN_GUESS_BYTES, codec_for, decode_header, decode_text, safe_label

# fmt: off
HEADERS = [
    ("=?utf-8?B?UGF0aWVudCBKb2hu?=", "Patient John"),
    ("=?UTF-8?Q?Patient_=C3=A9?= x", "Patient é x"),
    ("=?utf-8?B?w6k=?= =?utf-8?B?w6k=?=", "éé"),                   # whitespace between words goes
    ("=?utf-8?B?4oK=?==?utf-8?B?rA==?=", "€"),                     # a character split over words
    ("a =?iso-8859-1?q?caf=E9?=\r\n =?iso-8859-1?q?_ok?= b", "a café ok b"),  # folded
    ("=?utf-8*en?Q?hi?=", "hi"),                                   # RFC 2231 language tag
    ("=?koi8-r?B?8NLJ18XU?=", "Привет"),
    ("=?bogus-charset?B?SGk=?=", "Hi"),                            # unknown charset: guessed
    ("=?utf-8?B?!!!?=", ""),                                       # broken base64: nothing
    ("plain\x00 text", "plain text"),                              # NUL dropped
    ("caf\udce9", "café"),                                         # raw 8-bit (cp1252)
    ("caf\udcc3\udca9", "café"),                                   # raw 8-bit (UTF-8)
    ("=?utf-8?Q?a?= b =?utf-8?Q?c?=", "a b c"),                    # text between words kept
    ("not =? an encoded word", "not =? an encoded word"),
]
# fmt: on


@pytest.mark.parametrize(("raw", "expected"), HEADERS)
def test_decode_header(raw: str, expected: str) -> None:
    """Encoded words, folding, raw bytes and NULs are all handled."""
    assert decode_header(raw) == expected


@given(st.text())
def test_decode_header_never_raises(raw: str) -> None:
    """Any header value decodes to some text."""
    assert isinstance(decode_header(raw), str)


@pytest.mark.parametrize(
    ("declared", "codec"),
    [
        ("utf-8", "utf-8"),
        ("UTF8", "utf-8"),
        ('"iso-8859-1"', "cp1252"),
        ("gb2312", "gb18030"),
        ("ks_c_5601-1987", "cp949"),
        ("x-unknown", None),
        ("unknown-8bit", None),
        ("no-such-charset", None),
        ("zlib", None),  # a bytes codec, not a text encoding
        ("", None),
        (None, None),
    ],
)
def test_codec_for(declared: str | None, codec: str | None) -> None:
    """Declared names map to Python text codecs, or to nothing."""
    assert codec_for(declared) == codec


def test_declared_charset_is_used() -> None:
    """A fitting declared charset decodes without a guess."""
    result = decode_text("Привет".encode("koi8-r"), "koi8-r")
    assert (result.text, result.guessed) == ("Привет", "")


@pytest.mark.parametrize(
    ("data", "declared", "text", "reason"),
    [
        (b"caf\xc3\xa9", "x-unknown", "café", "declared x-unknown unknown; used utf-8"),
        (b"caf\xe9", None, "café", "no charset declared; used cp1252"),
        (b"caf\xe9", "utf-8", "café", "bytes invalid for declared utf-8; used cp1252"),
        (b"\xff\xfeh\x00i\x00", None, "hi", "no charset declared; used utf-16"),
    ],
)
def test_guesses_are_reported(data: bytes, declared: str | None, text: str, reason: str) -> None:
    """When the declaration does not serve, the guess is said, with a content-free reason."""
    result = decode_text(data, declared)
    assert result.text == text
    assert result.guessed == reason


def test_long_unknown_text_is_guessed_by_content() -> None:
    """With enough bytes, charset-normalizer finds a single-byte Cyrillic charset."""
    text = "Пациент Иванов, номер полиса и диагноз в приложении к письму. " * 8
    data = text.encode("koi8-r")
    assert len(data) >= MIN_GUESS_BYTES
    result = decode_text(data, "x-unknown")
    assert result.text == text
    assert result.guessed.endswith("used koi8-r")


def test_ascii_needs_no_guess() -> None:
    """Pure ASCII is read as is whatever was declared."""
    assert decode_text(b"plain", "no-such-charset").guessed == ""


def test_safe_label() -> None:
    """Charset names in facts are cut and stripped of anything odd."""
    assert safe_label("utf-8") == "utf-8"
    assert safe_label("a b<c>" + "x" * 100) == "a?b?c?" + "x" * 34


@given(st.binary(), st.sampled_from(["utf-8", "us-ascii", "x-foo", "utf-16", "utf-7", ""]))
def test_decode_text_never_raises(data: bytes, declared: str) -> None:
    """Any bytes decode to some text under any declaration."""
    assert isinstance(decode_text(data, declared).text, str)


@pytest.mark.parametrize("declared", ["iso-8859-1", "windows-1252", "koi8-r", "iso-8859-15"])
def test_utf8_declared_as_single_byte_is_read_as_utf8(declared: str) -> None:
    """Valid UTF-8 under a single-byte label is UTF-8 (a no-break space must not become Â)."""
    result = decode_text("SSN 123\u00a045\u00a06789 café".encode(), declared)
    assert result.text == "SSN 123\u00a045\u00a06789 café"
    assert result.guessed == f"utf-8 declared as {declared}"


@pytest.mark.parametrize(
    ("text", "declared"),
    [("café résumé", "iso-8859-1"), ("Привет", "koi8-r"), ("Grüße", "windows-1252")],
)
def test_real_single_byte_text_keeps_its_charset(text: str, declared: str) -> None:
    """Text really in the declared single-byte charset is not mistaken for UTF-8."""
    result = decode_text(text.encode(declared), declared)
    assert (result.text, result.guessed) == (text, "")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("Картинка".encode(), "Картинка"),
        ("Картинка".encode()[:-1], "Картинк\ufffd"),  # cut mid-character: still UTF-8
        ("café".encode("cp1252"), "café"),
        (b"plain", "plain"),
    ],
)
def test_decode_8bit(data: bytes, text: str) -> None:
    """Raw 8-bit header text is UTF-8 unless it is mostly not."""
    from dlpmilter.charset import decode_8bit

    assert decode_8bit(data) == text
