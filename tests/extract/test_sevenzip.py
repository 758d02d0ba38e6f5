"""7z archives: members, encrypted archives, declared bombs."""

from __future__ import annotations

import io
from typing import Any

import py7zr

SSN = b"SSN 123-45-6789"


def _7z(
    members: list[tuple[str, bytes]],
    password: str | None = None,
    *,
    header_encryption: bool = False,
) -> bytes:
    buf = io.BytesIO()
    with py7zr.SevenZipFile(
        buf, "w", password=password, header_encryption=header_encryption
    ) as archive:
        for name, data in members:
            archive.writestr(data, name)
    return buf.getvalue()


def test_members_are_children(run: Any) -> None:
    """Each file becomes a child; names are text."""
    result = run(_7z([("list.txt", SSN), ("b/other.txt", b"x")]), name="a.7z")
    assert result.part("attachment:a.7z/list.txt").text == SSN.decode()
    assert "b/other.txt" in result.part("attachment:a.7z").text


def test_password_protected_archive_is_encrypted(run: Any) -> None:
    """Encrypted content: ``encrypted_attachment``, member names still listed."""
    result = run(_7z([("list.txt", SSN)], "pw"), name="a.7z")
    assert [f.kind for f in result.facts] == ["encrypted_attachment"]
    assert "list.txt" in result.part("attachment:a.7z").text


def test_encrypted_headers_are_encrypted(run: Any) -> None:
    """Encrypted headers: ``encrypted_attachment`` too (nothing can be listed)."""
    result = run(_7z([("list.txt", SSN)], "pw", header_encryption=True), name="a.7z")
    assert [f.kind for f in result.facts] == ["encrypted_attachment"]


def test_declared_bomb_is_refused(run: Any, samples: Any) -> None:
    """A member declaring 60 MiB of zeros is refused before decoding."""
    result = run(_7z([("z.bin", b"\0" * (60 * samples.MIB))]), name="b.7z")
    assert [f.kind for f in result.facts] == ["over_budget"]
    assert result.state.expanded_bytes == 0
