"""RTF to text: destinations skipped, hidden text kept, escapes and Unicode decoded."""

from __future__ import annotations

import struct
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


def _ole1(class_name: bytes, native: bytes) -> bytes:
    def prefixed(value: bytes) -> bytes:
        return struct.pack("<I", len(value)) + value

    return (
        struct.pack("<II", 0x0501, 2)
        + prefixed(class_name + b"\0")
        + prefixed(b"")
        + prefixed(b"")
        + prefixed(native)
    )


def _packager(name: bytes, data: bytes) -> bytes:
    return (
        b"\x02\x00"
        + name
        + b"\0"
        + b"C:\\"
        + name
        + b"\0"
        + b"\0" * 8
        + b"C:\\t\\"
        + name
        + b"\0"
        + struct.pack("<I", len(data))
        + data
    )


def _rtf_with_object(obj: bytes) -> bytes:
    hexa = obj.hex().encode()
    lines = b"\r\n".join(hexa[i : i + 64] for i in range(0, len(hexa), 64))
    return (
        rb"{\rtf1\ansi Letter body\par{\object\objemb{\*\objclass Package}{\*\objdata "
        + lines
        + rb"}}\par}"
    )


def test_packaged_file_in_rtf_is_a_child(run: Any) -> None:
    """A file dropped into an RTF letter (OLE1 Package) is extracted and read."""
    data = _rtf_with_object(
        _ole1(b"Package", _packager(b"list.csv", b"name,ssn\nAnn,123-45-6791\n"))
    )
    result = run(data, name="letter.rtf")
    assert "Letter body" in result.part("attachment:letter.rtf").text
    assert "01050000" not in result.part("attachment:letter.rtf").text
    assert "ssn: 123-45-6791" in result.part("attachment:letter.rtf/list.csv").text


def test_embedded_document_in_rtf_goes_to_the_ole_reader(run: Any, samples: Any) -> None:
    """An embedded workbook (OLE1 Excel object holding a compound file) is read through it."""
    workbook = samples.office_zip(
        {
            "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Sheet 123-45-6792</w:t></w:r></w:p></w:body></w:document>'
        }
    )
    data = _rtf_with_object(_ole1(b"Excel.Sheet.12", samples.compound_file({"Package": workbook})))
    result = run(data, name="letter.rtf")
    assert "123-45-6792" in result.part("attachment:letter.rtf/Excel.Sheet.12/package").text


def test_unknown_object_data_is_unsupported(run: Any) -> None:
    """Object data that is not OLE1 is reported, not silently dropped."""
    result = run(_rtf_with_object(b"\x00\x01garbage"), name="x.rtf")
    assert [(f.kind, f.detail) for f in result.facts] == [
        ("unsupported_type", "rtf object 1: not an embedded OLE1 object")
    ]
