"""TAR archives, alone and inside gzip."""

from __future__ import annotations

import io
import tarfile
from typing import Any

from dlpmilter.extract.tararchive import is_tar

SSN = b"SSN 123-45-6789"


def _tar(
    members: list[tuple[str, bytes]], *, fmt: int = tarfile.PAX_FORMAT, mode: str = "w"
) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode, format=fmt) as tar:  # type: ignore[call-overload]
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("link")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tar.addfile(link)
    return buf.getvalue()


def test_tar_members_are_children(run: Any) -> None:
    """Regular files become children; links are names only."""
    result = run(_tar([("a/notes.txt", SSN)]), name="x.tar")
    assert result.part("attachment:x.tar/a/notes.txt").text == SSN.decode()
    assert "link" in result.part("attachment:x.tar").text
    assert not any(p.location.endswith("/link") for p in result.parts)


def test_tar_gz_is_read_through_the_gzip_child(run: Any) -> None:
    """A ``.tar.gz`` is gzip -> tar -> members."""
    result = run(_tar([("notes.txt", SSN)], mode="w:gz"), name="x.tgz")
    assert result.part("attachment:x.tgz/content/notes.txt").text == SSN.decode()


def test_old_tar_without_magic_is_recognised_by_checksum() -> None:
    """Pre-POSIX (v7) headers have no ``ustar`` magic but a valid checksum."""
    data = _tar([("a.txt", SSN)], fmt=tarfile.GNU_FORMAT)
    v7 = data[:257] + b"\0" * 8 + data[265:]
    header = bytearray(v7[:512])
    header[148:156] = b" " * 8
    header[148:156] = b"%06o\0 " % sum(header)
    assert is_tar(bytes(header) + v7[512:])
    assert not is_tar(b"hello world" * 100)
