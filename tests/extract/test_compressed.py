"""gzip, bzip2 and xz streams: one child each, named from the gzip header when it has a name."""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
from typing import Any

import pytest

from dlpmilter.extract.compressed import gzip_name

SSN = b"SSN 123-45-6789"


def _named_gzip(name: str, data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename=name, mode="wb", fileobj=buf) as stream:
        stream.write(data)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (gzip.compress(SSN), "application/gzip"),
        (bz2.compress(SSN), "application/x-bzip2"),
        (lzma.compress(SSN), "application/x-xz"),
        (gzip.compress(SSN[:8]) + gzip.compress(SSN[8:]), "application/gzip"),
    ],
)
def test_stream_becomes_one_child(run: Any, data: bytes, kind: str) -> None:
    """Each format inflates to one ``content`` child (multi-member gzip joined)."""
    result = run(data, name="x")
    assert result.part("attachment:x").content_type == kind
    assert result.part("attachment:x/content").text == SSN.decode()


def test_gzip_header_names_the_child(run: Any) -> None:
    """The FNAME field of the gzip header becomes the member name."""
    result = run(_named_gzip("patients.csv", b"name,ssn\nA,123-45-6789\n"), name="p.gz")
    assert "ssn: 123-45-6789" in result.part("attachment:p.gz/patients.csv").text
    assert gzip_name(_named_gzip("n.txt", b"")) == "n.txt"


def test_damaged_stream_is_corrupt(run: Any) -> None:
    """A gzip cut short is a ``corrupt`` fact."""
    result = run(gzip.compress(SSN * 1000)[:30], name="cut.gz")
    assert [(f.kind, f.detail) for f in result.facts] == [("corrupt", "compressed: EOFError")]
