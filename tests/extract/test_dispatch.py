"""The dispatcher: sniffing order, locations, recursion, facts instead of exceptions, budgets."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dlpmilter.extract.base import Budget, Extracted, Extractor
from dlpmilter.extract.dispatch import member_name

SSN = "SSN 123-45-6789"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
EML = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\n" + SSN.encode()


class Exploding(Extractor):
    """Claims everything starting with BOOM and then fails."""

    name = "exploding"
    priority = 99

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        return data.startswith(b"BOOM")

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        raise ValueError("secret 123-45-6789 in the message")


class FakeOcr(Extractor):
    """An image extractor a plugin could register (the OCR hook)."""

    name = "ocr"
    priority = 45

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        return data.startswith(b"\x89PNG")

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        return Extracted(text="recognised " + SSN, content_type="image/png")


def test_top_part_keeps_location_name_and_sizes(run: Any) -> None:
    """The attachment's own part carries its location, file name, declared type and size."""
    result = run(SSN.encode(), name="note.txt", declared_type="application/pdf")
    part = result.part("attachment:note.txt")
    assert (part.content_type, part.text, part.filename) == ("text/plain", SSN, "note.txt")
    assert (part.declared_type, part.size, part.depth) == ("application/pdf", len(SSN), 1)


def test_type_comes_from_bytes_not_from_declared_type_or_name(run: Any, samples: Any) -> None:
    """A ZIP called report.pdf and declared text/plain is still read as a ZIP."""
    data = samples.zip_bytes([("inner.txt", SSN)])
    result = run(data, name="report.pdf", declared_type="text/plain")
    assert result.part("attachment:report.pdf").content_type == "application/zip"
    assert result.part("attachment:report.pdf/inner.txt").text == SSN


@pytest.mark.parametrize(
    ("data", "kind", "detail"),
    [
        (PNG, "not_inspected", "image/png: no image extractor"),
        (b"\xff\xd8\xff\xe0" + b"\0" * 32, "not_inspected", "image/jpeg: no image extractor"),
        (b"P5\n2 2\n255\n\0\0\0\0", "not_inspected", "image/x-portable-anymap: no image extractor"),
        (bytes(range(256)) * 4, "unsupported_type", "no extractor recognises it"),
        (
            b"MZ\x90\x00" + bytes(range(256)),
            "unsupported_type",
            "application/x-msdownload: no extractor",
        ),
        (b".snd" + bytes(range(256)), "unsupported_type", "audio/basic: no extractor"),
        (
            b"RIFF\0\0\0\0WAVEfmt " + bytes(range(256)),
            "unsupported_type",
            "audio/wav: no extractor",
        ),
        (b"", "not_inspected", "empty"),
    ],
)
def test_unread_types_become_facts(run: Any, data: bytes, kind: str, detail: str) -> None:
    """Nothing claims images or random bytes: a fact says so, the text is empty."""
    part = run(data, name="x").part("attachment:x")
    assert part.text == ""
    assert [(f.kind, f.detail) for f in part.facts] == [(kind, detail)]


def test_a_plugin_extractor_reads_images(run: Any, samples: Any) -> None:
    """The OCR hook: a registered image extractor takes over from the not_inspected fact."""
    limits = samples.ExtractLimits(extractors=samples.builtin_instances(FakeOcr()))
    part = run(PNG, name="scan.png", limits=limits).part("attachment:scan.png")
    assert part.text == "recognised " + SSN
    assert part.facts == ()


def test_a_failing_extractor_becomes_a_corrupt_fact_without_its_message(
    run: Any, samples: Any
) -> None:
    """An exception never escapes, and the fact names the type, never the content."""
    limits = samples.ExtractLimits(extractors=samples.builtin_instances(Exploding()))
    part = run(b"BOOM " + SSN.encode(), name="b", limits=limits).part("attachment:b")
    assert [(f.kind, f.detail) for f in part.facts] == [("corrupt", "exploding: ValueError")]
    assert "123-45-6789" not in str(part.facts)


def test_declared_mail_goes_to_the_message_parser(run: Any) -> None:
    """Attached mail declared ``message/rfc822`` is parsed by ``parse_nested``."""
    result = run(b"Just a body line, no headers", name="m", declared_type="message/rfc822")
    assert result.nested == [(b"Just a body line, no headers", "attachment:m", 1)]


def test_sniffed_mail_in_an_archive_goes_to_the_message_parser(run: Any, samples: Any) -> None:
    """An ``.eml`` member is recognised by its header block and parsed at its own location."""
    result = run(samples.zip_bytes([("fwd.eml", EML)]), name="a.zip")
    assert result.nested == [(EML, "attachment:a.zip/fwd.eml", 2)]
    assert result.part("attachment:a.zip/fwd.eml/body").text == "nested"


def test_nesting_past_max_depth_is_an_over_budget_fact(run: Any, samples: Any) -> None:
    """Members deeper than ``max_depth`` are not opened."""
    data = SSN.encode()
    for level in range(4):
        data = samples.zip_bytes([(f"level{level}.zip", data)])
    result = run(data, name="deep.zip", max_depth=3)
    deepest = [p for p in result.parts if any(f.kind == "over_budget" for f in p.facts)]
    assert [f.detail for p in deepest for f in p.facts] == ["depth 4 > 3"]
    assert "123-45-6789" not in result.text


def test_parts_budget_stops_adding_members(run: Any, samples: Any) -> None:
    """Past ``max_parts`` the rest of an archive's members are skipped with a fact."""
    data = samples.zip_bytes([(f"m{i}.txt", SSN) for i in range(10)])
    result = run(data, name="many.zip", max_parts=4)
    assert len([p for p in result.parts if p.location.startswith("attachment:many.zip/")]) == 4
    assert {(f.kind, f.location, f.detail) for f in result.facts} == {
        ("over_budget", "attachment:many.zip", "members > 4")
    }


def test_text_past_the_part_limit_is_truncated(run: Any) -> None:
    """The part keeps ``max_part_text_chars`` characters and a truncated fact."""
    part = run(b"x" * 5000, name="big.txt", max_part_text_chars=1000).part("attachment:big.txt")
    assert len(part.text) == 1000
    assert [f.kind for f in part.facts] == ["truncated"]


def test_expired_deadline_is_a_time_budget_fact(run: Any, samples: Any) -> None:
    """Past the message deadline nothing more is extracted."""
    limits = samples.ExtractLimits(time_budget_s=-1.0)
    part = run(SSN.encode(), name="late.txt", limits=limits).part("attachment:late.txt")
    assert part.text == ""
    assert [f.kind for f in part.facts] == ["time_budget"]


def test_duplicate_member_names_get_distinct_locations(run: Any, samples: Any) -> None:
    """Two members with one name are both inspected under distinct locations."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        data = samples.zip_bytes([("a.txt", "one 123-45-6789"), ("a.txt", "two 987-65-4321")])
    result = run(data, name="dup.zip")
    assert result.part("attachment:dup.zip/a.txt").text == "one 123-45-6789"
    assert result.part("attachment:dup.zip/a.txt[2]").text == "two 987-65-4321"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a.txt", "a.txt"),
        ("dir/b.txt", "dir/b.txt"),
        ("evil\x00\r\nname", "evilname"),
        ("", "unnamed"),
        ("x" * 300, "x" * 200),
    ],
)
def test_member_names_are_cleaned(raw: str, expected: str) -> None:
    """Control characters go, length is capped, empty names get a placeholder."""
    assert member_name(raw, {}) == expected


_SEEDS: list[bytes] = []


def _seeds(samples: Any) -> list[bytes]:
    """One real document of each container and document format (built once)."""
    if not _SEEDS:
        _SEEDS.extend(_build_seeds(samples))
    return _SEEDS


def _build_seeds(samples: Any) -> list[bytes]:
    import gzip
    import io
    import tarfile

    import py7zr

    tar = io.BytesIO()
    with tarfile.open(fileobj=tar, mode="w") as archive:
        info = tarfile.TarInfo("a.txt")
        info.size = len(SSN)
        archive.addfile(info, io.BytesIO(SSN.encode()))
    seven = io.BytesIO()
    with py7zr.SevenZipFile(seven, "w") as archive:
        archive.writestr(SSN.encode(), "a.txt")
    word = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    return [
        samples.zip_bytes([("a.txt", SSN), ("b.csv", "a,b\n1,2\n")]),
        samples.office_zip(
            {
                "word/document.xml": f"<w:document {word}><w:body><w:p><w:r><w:t>{SSN}</w:t></w:r></w:p></w:body></w:document>"
            }
        ),
        samples.minimal_pdf([SSN]),
        samples.tnef_blob(body=SSN, attachments=[("a.txt", SSN.encode())]),
        seven.getvalue(),
        gzip.compress(tar.getvalue()),
        rb"{\rtf1 " + SSN.encode() + rb"\par}",
        b"BEGIN:VCALENDAR\r\nDESCRIPTION:" + SSN.encode() + b"\r\nEND:VCALENDAR\r\n",
        samples.compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 64 + SSN.encode("utf-16-le")}),
    ]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    seed=st.integers(0, 8),
    cut=st.integers(0, 5000),
    flips=st.lists(st.tuples(st.integers(0, 5000), st.integers(0, 255)), max_size=4),
)
def test_damaged_documents_never_raise(
    run: Any, samples: Any, seed: int, cut: int, flips: list[tuple[int, int]]
) -> None:
    """Truncated or bit-flipped real documents give parts and facts, never an exception."""
    data = bytearray(_seeds(samples)[seed])
    for position, value in flips:
        if data:
            data[position % len(data)] = value
    data = data[: max(1, len(data) - cut % max(1, len(data)))]
    result = run(bytes(data), name="doc")
    assert result.parts[0].location == "attachment:doc"
    assert all(f.kind for f in result.facts)


def test_zip_appended_to_a_pdf_is_read_too(run: Any, samples: Any) -> None:
    """A PDF/ZIP polyglot: the PDF's text and the archive's members are both inspected."""
    data = samples.minimal_pdf(["Cover letter"]) + samples.zip_bytes([("list.txt", SSN)])
    result = run(data, name="letter.pdf")
    assert result.part("attachment:letter.pdf").content_type == "application/pdf"
    assert "Cover letter" in result.part("attachment:letter.pdf").text
    assert result.part("attachment:letter.pdf/list.txt").text == SSN


def test_zip_appended_to_an_image_is_read(run: Any, samples: Any) -> None:
    """An image carrying an archive after its data is read as the archive."""
    result = run(PNG + samples.zip_bytes([("list.txt", SSN)]), name="logo.png")
    assert result.part("attachment:logo.png/list.txt").text == SSN


def test_attachments_through_the_message_parser(samples: Any) -> None:
    """End to end: a mail with a zipped CSV, a zipped .eml and an image, parsed by
    ``message.parse`` with the registered extractors."""
    import email.message

    from dlpmilter import message as message_module
    from dlpmilter.plugins import load_registry
    from dlpmilter.settings import load_settings

    if not hasattr(message_module, "parse"):
        pytest.skip("message.parse is not available in this tree")
    inner = email.message.EmailMessage()
    inner["From"], inner["To"], inner["Subject"] = "c@example.org", "d@example.net", "fwd"
    inner.set_content("Inner SSN 987-65-4321")
    outer = email.message.EmailMessage()
    outer["From"], outer["To"], outer["Subject"] = "a@example.org", "b@example.net", "labs"
    outer.set_content("see attached")
    export = samples.zip_bytes(
        [("list.csv", "name,ssn\nAnn,123-45-6789\n"), ("fwd.eml", inner.as_bytes())]
    )
    outer.add_attachment(
        export, maintype="application", subtype="octet-stream", filename="export.zip"
    )
    outer.add_attachment(PNG, maintype="image", subtype="png", filename="logo.png")
    limits = message_module.Limits.from_settings(load_settings(environ={}), load_registry())
    parsed = message_module.parse(outer.as_bytes(), limits)
    texts = {p.location: p.text for p in parsed.parts}
    assert "ssn: 123-45-6789" in texts["attachment:export.zip/list.csv"]
    assert "987-65-4321" in texts["attachment:export.zip/fwd.eml/body"]
    assert ("not_inspected", "attachment:logo.png") in {(f.kind, f.location) for f in parsed.facts}


@pytest.mark.parametrize("limit", [50, 100, 1000])
def test_extractors_stopping_at_the_limit_still_leave_a_truncated_fact(
    run: Any, samples: Any, limit: int
) -> None:
    """A document whose text is cut inside the extractor is never silently short."""
    word = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f"<w:p><w:r><w:t>{'x' * 9}</w:t></w:r></w:p>" for _ in range(500))
    data = samples.office_zip(
        {"word/document.xml": f"<w:document {word}><w:body>{body}</w:body></w:document>"}
    )
    part = run(data, name="long.docx", max_part_text_chars=limit).part("attachment:long.docx")
    assert len(part.text) == limit
    assert [f.kind for f in part.facts] == ["truncated"]


def test_archive_labelled_as_mail_is_still_an_archive(run: Any, samples: Any) -> None:
    """Declaring ``message/rfc822`` does not stop a ZIP from being opened."""
    result = run(samples.zip_bytes([("list.txt", SSN)]), name="fwd", declared_type="message/rfc822")
    assert result.nested == []
    assert result.part("attachment:fwd/list.txt").text == SSN
