"""Decoding text of unknown encoding, and telling text from binary."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.extract.charset import decode, head_text

TEXT = "Patient Zoë, SSN 123-45-6789"

# fmt: off
CASES = [
    (codecs.BOM_UTF8 + TEXT.encode(), "utf-8", False),
    (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", False),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", False),
    (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", False),
    (TEXT.encode("utf-16-le"), "utf-16-le", False),
    (TEXT.encode("utf-16-be"), "utf-16-be", False),
    (TEXT.encode("utf-7"), "utf-7", False),
    (TEXT.encode("utf-8"), "utf-8", False),
]
# fmt: on


@pytest.mark.parametrize(("data", "encoding", "guessed"), CASES)
def test_decode_table(data: bytes, encoding: str, guessed: bool) -> None:
    """Marks, the UTF-16 zero pattern, UTF-7 and UTF-8 are told apart without guessing."""
    result = decode(data)
    assert (result.text, result.encoding, result.guessed) == (TEXT, encoding, guessed)


def test_utf7_hidden_digits_are_revealed() -> None:
    """``+ADE-`` style UTF-7 that hides the digits of an SSN decodes to them."""
    assert (
        decode("SSN 123-45-6789".encode("utf-7").replace(b"123", b"+ADEAMgAz-")).text
        == "SSN 123-45-6789"
    )


@pytest.mark.parametrize("text", ["Call +15551234567 now", "C++ and a+b", "x +AAAA- y"])
def test_plus_signs_are_not_utf7(text: str) -> None:
    """Phone numbers and plus signs are not mistaken for UTF-7 (the digits must survive)."""
    assert decode(text.encode()).text == text


def test_legacy_8bit_is_guessed_with_a_flag() -> None:
    """Neither a mark nor UTF-8: the guesser decides and says it guessed."""
    result = decode(("Der Patient hat Schmerzen. Größe und Gewicht notiert. " * 5).encode("cp1252"))
    assert result.guessed
    assert "Größe" in result.text


@pytest.mark.parametrize(
    ("data", "is_text"),
    [
        (TEXT.encode(), True),
        (TEXT.encode("utf-16-le"), True),
        (bytes(range(256)) * 4, False),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 100, False),
        (b"", False),
        ("é".encode() * 2000 + "é".encode()[:1], True),
    ],
)
def test_head_text(data: bytes, is_text: bool) -> None:
    """Text has no NUL and at most 1 % control characters; a cut UTF-8 tail is still text."""
    assert (head_text(data) is not None) is is_text


@given(st.binary(max_size=2048))
def test_decode_never_raises(data: bytes) -> None:
    """Any bytes decode to some text."""
    assert isinstance(decode(data).text, str)


@given(st.text(max_size=500))
def test_utf8_round_trips(text: str) -> None:
    """Valid UTF-8 text that is not plausible UTF-7 decodes to itself."""
    data = text.encode()
    if (
        b"+" not in data
        and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
        and "\0" not in text
    ):
        result = decode(data)
        if result.encoding == "utf-8":
            assert result.text == text
