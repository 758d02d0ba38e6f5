"""Plain text attachments in any encoding."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"])
def test_plain_text_in_unicode_encodings(run: Any, encoding: str) -> None:
    """Every Unicode encoding reads back the same text, with no fact."""
    part = run("Patient SSN 123-45-6789".encode(encoding), name="n.txt").part("attachment:n.txt")
    assert (part.text, part.content_type, part.facts) == (
        "Patient SSN 123-45-6789",
        "text/plain",
        (),
    )


def test_guessed_encoding_is_a_fact(run: Any) -> None:
    """Legacy 8-bit text is read with a ``charset_guessed`` fact."""
    data = ("Der Patient klagt über Schmerzen; Größe notiert. " * 4).encode("cp1252")
    part = run(data, name="n.txt").part("attachment:n.txt")
    assert "Größe" in part.text
    assert [f.kind for f in part.facts] == ["charset_guessed"]
