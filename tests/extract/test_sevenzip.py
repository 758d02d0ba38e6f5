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
    """A member declaring more than the member cap is refused before decoding."""
    result = run(
        _7z([("z.bin", b"\0" * (2 * samples.MIB))]),
        name="b.7z",
        max_part_expanded_bytes=samples.MIB,
    )
    assert [f.kind for f in result.facts] == ["over_budget"]
    assert result.state.expanded_bytes == 0


def test_decoder_is_stopped_when_declared_sizes_pass(
    run: Any, monkeypatch: Any, samples: Any
) -> None:
    """With the header checks bypassed, the counting writer still refuses a member past the
    cap after its first block (py7zr itself never inflates more than a member declares)."""
    import dlpmilter.extract.sevenzip as module

    monkeypatch.setattr(module, "_precheck", lambda *args: None)
    data = _7z([("z.bin", b"\0" * (3 * samples.MIB)), ("ok.txt", SSN)])
    result = run(data, name="b.7z", max_part_expanded_bytes=samples.MIB)
    assert [(f.kind, f.detail) for f in result.facts] == [
        ("over_budget", "inflated > 1048576 bytes")
    ]
    assert not any(p.location.endswith("z.bin") for p in result.parts)
    assert result.state.expanded_bytes <= 3 * samples.MIB
