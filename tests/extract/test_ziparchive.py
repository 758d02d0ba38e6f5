"""ZIP archives: members as children, names as text, encrypted and damaged members as facts."""

from __future__ import annotations

import zipfile
from typing import Any

import pytest

from dlpmilter.extract.ziparchive import ZipExtractor

SSN = "SSN 123-45-6789"


@pytest.mark.parametrize(
    "method", [zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]
)
def test_members_of_every_method_are_read(run: Any, samples: Any, method: int) -> None:
    """Stored, deflate, bzip2 and LZMA members are all inflated."""
    data = samples.zip_bytes([("dir/list.txt", SSN)], method=method)
    result = run(data, name="a.zip")
    assert result.part("attachment:a.zip/dir/list.txt").text == SSN


def test_member_names_are_text(run: Any, samples: Any) -> None:
    """A file name can be the data: names are scanned too."""
    data = samples.zip_bytes([("Smith John 123-45-6789.txt", "x")])
    assert "123-45-6789" in run(data, name="a.zip").part("attachment:a.zip").text


def test_encrypted_member_is_a_fact_and_not_read(run: Any, samples: Any) -> None:
    """A ZipCrypto member (flag bit 0) gets ``encrypted_attachment``; others are still read."""
    data = samples.crafted_zip(
        [
            samples.Crafted(
                name="secret.txt", payload=b"\x01" * 24, declared_size=12, flags=1, method=0
            ),
            samples.Crafted(
                name="open.txt",
                payload=SSN.encode(),
                declared_size=len(SSN),
                method=0,
                crc=zipfile.crc32(SSN.encode()),
            ),
        ]
    )
    result = run(data, name="a.zip")
    assert [(f.kind, f.location) for f in result.facts] == [
        ("encrypted_attachment", "attachment:a.zip/secret.txt")
    ]
    assert result.part("attachment:a.zip/open.txt").text == SSN


def test_aes_member_is_a_fact(run: Any, samples: Any) -> None:
    """WinZip AES (method 99) is encryption too."""
    data = samples.crafted_zip(
        [
            samples.Crafted(
                name="aes.txt", payload=b"\x02" * 40, declared_size=10, method=99, flags=1
            )
        ]
    )
    assert [(f.kind, f.detail) for f in run(data, name="a.zip").facts] == [
        ("encrypted_attachment", "zip member: AES")
    ]


def test_unknown_method_is_unsupported(run: Any, samples: Any) -> None:
    """Deflate64 (method 9) cannot be inflated by Python: ``unsupported_type``."""
    data = samples.crafted_zip(
        [samples.Crafted(name="d64.txt", payload=b"\x03" * 20, declared_size=30, method=9)]
    )
    assert [(f.kind, f.detail) for f in run(data, name="a.zip").facts] == [
        ("unsupported_type", "zip method 9")
    ]


def test_damaged_member_is_corrupt_and_others_survive(run: Any, samples: Any) -> None:
    """A member whose CRC does not match is ``corrupt``; the archive is still read."""
    data = samples.crafted_zip(
        [
            samples.Crafted(name="bad.txt", payload=b"hello", declared_size=5, method=0, crc=1),
            samples.Crafted(
                name="good.txt",
                payload=SSN.encode(),
                declared_size=len(SSN),
                method=0,
                crc=zipfile.crc32(SSN.encode()),
            ),
        ]
    )
    result = run(data, name="a.zip")
    assert [(f.kind, f.location) for f in result.facts] == [("corrupt", "attachment:a.zip/bad.txt")]
    assert result.part("attachment:a.zip/good.txt").text == SSN


def test_truncated_archive_is_corrupt(run: Any, samples: Any) -> None:
    """A ZIP cut in half (no central directory) is a ``corrupt`` part, not a crash."""
    data = samples.zip_bytes([("a.txt", SSN * 100)])[:60]
    result = run(data, name="cut.zip")
    assert [(f.kind, f.detail) for f in result.facts] == [("corrupt", "zip: BadZipFile")]


def test_self_extractor_with_a_stub_is_still_a_zip(samples: Any) -> None:
    """Data before the first local header (an SFX stub) does not hide the archive."""
    data = b"MZ" + b"\0" * 200 + samples.zip_bytes([("a.txt", SSN)])
    assert ZipExtractor().sniff(data, "", "")
