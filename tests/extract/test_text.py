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


def test_base64_text_hiding_a_document_is_decoded(run: Any, samples: Any) -> None:
    """A .txt holding a base64 ZIP: the archive is decoded and read."""
    import base64

    blob = base64.encodebytes(samples.zip_bytes([("list.csv", "name,ssn\nAnn,123-45-6789\n")]))
    result = run(blob, name="notes.txt")
    assert "ssn: 123-45-6789" in result.part("attachment:notes.txt/base64-decoded/list.csv").text


def test_base64_of_text_is_decoded(run: Any) -> None:
    """Plain text in base64 becomes a readable child."""
    import base64

    blob = base64.b64encode(b"Patient SSN 123-45-6789, follow-up in two weeks. " * 3)
    assert "123-45-6789" in run(blob, name="x").part("attachment:x/base64-decoded").text


def test_digest_list_is_not_turned_into_garbage(run: Any) -> None:
    """Hex digests are valid base64 but decode to noise: no child, the text is kept."""
    digests = b"\n".join(b"d41d8cd98f00b204e9800998ecf8427e%02d" % i for i in range(10))
    result = run(digests, name="sums.txt")
    assert [p.location for p in result.parts] == ["attachment:sums.txt"]
    assert result.facts == []
    assert "d41d8cd98f00b204" in result.parts[0].text


@pytest.mark.parametrize(
    "text", ["A" * 4000 + "!", "AAAA " * 800 + "!", "QUJD\nREVG\n" * 300 + "!"]
)
def test_base64_sniff_rejects_near_misses(text: str) -> None:
    """Almost-base64 text is rejected (and the pattern has no nested ambiguity to backtrack)."""
    from dlpmilter.extract.encoded import Base64TextExtractor

    assert not Base64TextExtractor().sniff(text.encode(), "", "")
