"""Decoding one leaf entity: base64 as far as it goes, file names, locations."""

from __future__ import annotations

import base64

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.partdecode import PartNames, decode_base64


@given(st.binary())
def test_base64_round_trip(data: bytes) -> None:
    """Well-formed base64, folded at 76 columns, decodes exactly and cleanly."""
    assert decode_base64(base64.encodebytes(data)) == (data, "")


@pytest.mark.parametrize(
    ("raw", "data", "detail"),
    [
        (b"SGVs*bG8=", b"Hello", "base64: 1 invalid bytes"),
        (b"SGVsbG8", b"Hello", ""),  # missing padding is not damage
        (b"SGVsbG8=A", b"Hello", "base64: 1 truncated groups"),
        (b"SGk=SGk=", b"HiHi", ""),  # concatenated blocks
        (b"", b"", ""),
    ],
)
def test_broken_base64(raw: bytes, data: bytes, detail: str) -> None:
    """Junk is skipped and reported; the rest decodes."""
    assert decode_base64(raw) == (data, detail)


@given(st.binary())
def test_base64_never_raises(raw: bytes) -> None:
    """Any bytes decode to some bytes."""
    assert isinstance(decode_base64(raw)[0], bytes)


def test_part_names() -> None:
    """Bodies are numbered, names made safe and unique, unnamed parts counted."""
    names = PartNames("attachment:fwd.eml/")
    assert names.body() == "attachment:fwd.eml/body"
    assert names.body() == "attachment:fwd.eml/body[2]"
    assert names.attachment("a.pdf") == "attachment:fwd.eml/attachment:a.pdf"
    assert names.attachment("a.pdf") == "attachment:fwd.eml/attachment:a.pdf[2]"
    assert names.attachment("") == "attachment:fwd.eml/attachment:part3"
    assert names.attachment("../x\\y") == "attachment:fwd.eml/attachment:.._x_y"
