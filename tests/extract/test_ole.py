"""OLE2 compound files: password-protected Office, Outlook messages, legacy binary Office."""

from __future__ import annotations

import io
import struct
from typing import Any

import pytest
from msoffcrypto.format.ooxml import OOXMLFile

from dlpmilter.extract.ole import packaged_file

TYPES = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
#: An attachment of at least 4096 bytes (the test compound files have no mini stream).
LAB_REPORT = b"Lab result 123-45-6763\n" + b"Potassium 4.1 mmol/L within range\n" * 130
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def test_password_protected_docx_is_encrypted(run: Any, samples: Any) -> None:
    """An ECMA-376 encrypted document (EncryptionInfo + EncryptedPackage): a fact, no text."""
    plain = samples.office_zip(
        {
            "word/document.xml": f"<w:document {W}><w:body><w:p><w:r><w:t>SSN 123-45-6789</w:t></w:r></w:p></w:body></w:document>"
        },
        content_types=TYPES,
    )
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt("secret", out)
    part = run(out.getvalue(), name="locked.docx").part("attachment:locked.docx")
    assert [(f.kind, f.detail) for f in part.facts] == [
        ("encrypted_attachment", "office: password protected")
    ]
    assert part.text == ""


def test_encrypted_legacy_doc_is_encrypted(run: Any, samples: Any) -> None:
    """A ``.doc`` whose FIB has fEncrypted set."""
    fib = struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0, 0, 0x0100)
    data = samples.compound_file({"WordDocument": fib + b"\x01" * 200, "1Table": b"\0" * 100})
    part = run(data, name="old.doc").part("attachment:old.doc")
    assert [(f.kind, f.detail) for f in part.facts] == [
        ("encrypted_attachment", "doc: password protected")
    ]


def test_encrypted_legacy_xls_is_encrypted(run: Any, samples: Any) -> None:
    """An ``.xls`` whose workbook globals hold a FILEPASS record."""
    bof = struct.pack("<HH", 0x0809, 4) + b"\0" * 4
    filepass = struct.pack("<HH", 0x002F, 2) + b"\x01\x00"
    data = samples.compound_file({"Workbook": bof + filepass + struct.pack("<HH", 0x000A, 0)})
    assert [f.detail for f in run(data, name="old.xls").facts] == ["xls: password protected"]


def test_legacy_doc_is_read_as_text_runs_and_marked_unsupported(run: Any, samples: Any) -> None:
    """Plain legacy ``.doc``: best-effort text and ``unsupported_type`` so the policy knows."""
    fib = struct.pack("<HHHHHH", 0xA5EC, 0xC1, 0, 0, 0, 0)
    text = "Patient SSN 123-45-6789".encode("utf-16-le")
    part = run(
        samples.compound_file({"WordDocument": fib + b"\0" * 64 + text}), name="old.doc"
    ).part("attachment:old.doc")
    assert "123-45-6789" in part.text
    assert [(f.kind, f.detail) for f in part.facts] == [
        ("unsupported_type", "msword: binary format, read as text runs only")
    ]


def test_outlook_msg_subject_body_and_attachments(run: Any, samples: Any) -> None:
    """A ``.msg``: subject and body are text, an attachment is a child extracted in turn."""
    attach = "__attach_version1.0_#00000000"
    data = samples.compound_file(
        {
            "__properties_version1.0": b"\0" * 32,
            "__substg1.0_0037001F": "Subject 123-45-6761".encode("utf-16-le"),
            "__substg1.0_1000001F": "Body 123-45-6762".encode("utf-16-le"),
            f"{attach}/__substg1.0_3707001F": "labs.txt".encode("utf-16-le"),
            f"{attach}/__substg1.0_37010102": LAB_REPORT,
        }
    )
    result = run(data, name="fwd.msg")
    top = result.part("attachment:fwd.msg")
    assert top.content_type == "application/vnd.ms-outlook"
    assert "123-45-6761" in top.text and "123-45-6762" in top.text
    assert result.part("attachment:fwd.msg/labs.txt").text == LAB_REPORT.decode()


def _packager(name: str, data: bytes) -> bytes:
    """Packager native data: signature, label, source path, 8 bytes, temp path, size, data."""
    label = name.encode() + b"\0"
    source = b"C:\\Users\\x\\" + label
    return (
        b"\x02\x00"
        + label
        + source
        + b"\x00\x00\x03\x00"
        + b"\0" * 4
        + source
        + struct.pack("<I", len(data))
        + data
    )


def test_embedded_packager_object_yields_its_file(run: Any, samples: Any) -> None:
    """An ``\\x01Ole10Native`` stream (a file dropped into a document) becomes its file."""
    payload = b"name,ssn\nAnn,123-45-6765\n"
    native = _packager("patients.csv", payload)
    data = samples.compound_file({"\x01Ole10Native": struct.pack("<I", len(native)) + native})
    result = run(data, name="oleObject1.bin")
    assert result.part("attachment:oleObject1.bin").content_type == "application/x-ole-object"
    assert "ssn: 123-45-6765" in result.part("attachment:oleObject1.bin/patients.csv").text


def test_embedded_ooxml_package_is_read(run: Any, samples: Any) -> None:
    """A workbook embedded in a document (OLE ``Package`` stream) is read as a workbook part."""
    inner = samples.office_zip(
        {
            "word/document.xml": f"<w:document {W}><w:body><w:p><w:r><w:t>Inner 123-45-6766</w:t></w:r></w:p></w:body></w:document>"
        }
    )
    result = run(samples.compound_file({"Package": inner}), name="oleObject2.bin")
    assert "123-45-6766" in result.part("attachment:oleObject2.bin/package").text


def test_garbled_packager_stream_is_unsupported(run: Any, samples: Any) -> None:
    """A Packager stream that does not parse leaves the object unsupported, not silent."""
    data = samples.compound_file({"\x01Ole10Native": b"\x10\x00\x00\x00\x02\x00no terminator"})
    assert [f.kind for f in run(data, name="o.bin").facts] == ["unsupported_type"]


@pytest.mark.parametrize(
    "native",
    [
        b"",
        b"\x02\x00label-without-end",
        b"\x02\x00a\0b\0" + b"\0" * 8 + b"c\0" + struct.pack("<I", 50) + b"short",
        b"\x02\x00a\0b\0" + b"\0" * 8 + b"c\0" + struct.pack("<I", 0),
    ],
)
def test_packaged_file_rejects_malformed_data(native: bytes) -> None:
    """Missing terminators, short data and empty packages parse to nothing."""
    assert packaged_file(native) is None
