"""RTF to text: destinations skipped, hidden text kept, escapes and Unicode decoded."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.extract.rtf import rtf_to_text

# fmt: off
CASES = [
    (rb"{\rtf1\ansi Plain 123-45-6789\par}", "Plain 123-45-6789\n"),
    (rb"{\rtf1{\fonttbl{\f0 Arial 123-45-0000;}}{\colortbl;\red0;}Body}", "Body"),
    (rb"{\rtf1{\*\generator Writer 1.0;}{\*\unknown 123-45-0000}Body}", "Body"),
    (rb"{\rtf1 {\v Hidden 123-45-6789}}", "Hidden 123-45-6789"),
    (rb"{\rtf1\ansicpg1252 caf\'e9}", "caf\u00e9"),
    (rb"{\rtf1\uc1 \u8364?5}", "\u20ac5"),
    (rb"{\rtf1 a\tab b\line c\cell d\row}", "a\tb\nc | d\n"),
    (rb"{\rtf1{\pict\pngblip 89504e47 123456789}Text}", "Text"),
    (rb"{\rtf1 \{brace\}\\}", "{brace}\\"),
    (rb"{\rtf1 1\bin3 {}}23}", "123"),
    (rb"{\rtf1{\header Header 123-45-6789\par}Body}", "Header 123-45-6789\nBody"),
]
# fmt: on


@pytest.mark.parametrize(("rtf", "text"), CASES)
def test_rtf_to_text(rtf: bytes, text: str) -> None:
    """Table of RTF snippets and the text they hold."""
    assert rtf_to_text(rtf, 10_000) == text


def test_rtf_attachment_is_sniffed_and_read(run: Any) -> None:
    """An RTF file is recognised by ``{\\rtf`` whatever it is called."""
    part = run(rb"{\rtf1\ansi Letter SSN 123-45-6789\par}", name="letter.doc").part(
        "attachment:letter.doc"
    )
    assert part.content_type == "application/rtf"
    assert "123-45-6789" in part.text


def test_unbalanced_braces_do_not_fail() -> None:
    """Damaged RTF still yields its text."""
    assert rtf_to_text(rb"{\rtf1 a}}}}b{{{", 100) == "ab"


@given(st.binary(max_size=2000))
def test_any_bytes_give_text(data: bytes) -> None:
    """The reader never raises and never returns more than its limit allows (plus one token)."""
    assert len(rtf_to_text(b"{\\rtf1 " + data, 500)) <= 500 + 2000


@given(
    st.lists(
        st.sampled_from(
            [
                b"{",
                b"}",
                b"\\par ",
                b"\\'e9",
                b"\\u8364?",
                b"\\*\\x ",
                b"\\bin5 ",
                b"text",
                b"\\uc2 ",
            ]
        ),
        max_size=60,
    )
)
def test_token_soup(tokens: list[bytes]) -> None:
    """Random sequences of RTF constructs never fail."""
    assert isinstance(rtf_to_text(b"{\\rtf1" + b"".join(tokens), 10_000), str)
