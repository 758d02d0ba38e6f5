"""PDF: page text, annotations, form fields, metadata, embedded files; encrypted and scanned."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Text


def _rewrite(data: bytes, change: Any) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture
def base_pdf(samples: Any) -> bytes:
    """Two pages with an SSN each."""
    return samples.minimal_pdf(["Page one SSN 123-45-6741", "Page two 123-45-6742"])


def test_page_text_is_read(run: Any, base_pdf: bytes) -> None:
    """Every page's text layer."""
    part = run(base_pdf, name="r.pdf").part("attachment:r.pdf")
    assert part.content_type == "application/pdf"
    assert "123-45-6741" in part.text and "123-45-6742" in part.text
    assert part.facts == ()


def test_annotations_metadata_and_attachments(run: Any, base_pdf: bytes) -> None:
    """A sticky-note comment, the document title and an embedded file are all read."""

    def change(writer: PdfWriter) -> None:
        writer.add_annotation(0, Text(rect=(50, 550, 200, 650), text="Comment 123-45-6743"))
        writer.add_metadata({"/Title": "Title 123-45-6744"})
        writer.add_attachment("labs.txt", b"Embedded 123-45-6745")

    result = run(_rewrite(base_pdf, change), name="r.pdf")
    text = result.part("attachment:r.pdf").text
    assert "123-45-6743" in text and "123-45-6744" in text
    assert result.part("attachment:r.pdf/labs.txt").text == "Embedded 123-45-6745"


def test_form_field_values_are_read(run: Any, samples: Any) -> None:
    """AcroForm field values (filled-in forms) are text too."""
    field = b"<< /FT /Tx /T (ssn) /V (123-45-6746) /Type /Annot /Subtype /Widget /Rect [0 0 10 10] /P 4 0 R >>"
    form = samples.minimal_pdf(["Form"], extra_objects=[field], annots="/Annots [6 0 R]")
    form = form.replace(
        b"/Type /Catalog /Pages 2 0 R",
        b"/Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] >>",
    )
    assert "ssn: 123-45-6746" in run(form, name="f.pdf").part("attachment:f.pdf").text


def test_password_protected_pdf_is_encrypted(run: Any, base_pdf: bytes) -> None:
    """A user password: ``encrypted_attachment``, no text."""
    result = run(
        _rewrite(base_pdf, lambda w: w.encrypt("secret", algorithm="AES-256")), name="e.pdf"
    )
    part = result.part("attachment:e.pdf")
    assert [(f.kind, f.detail) for f in part.facts] == [
        ("encrypted_attachment", "pdf: password required")
    ]
    assert part.text == ""


def test_owner_password_only_pdf_is_read(run: Any, base_pdf: bytes) -> None:
    """Encrypted with an empty user password (copy/print restrictions): opened and read."""
    data = _rewrite(base_pdf, lambda w: w.encrypt("", owner_password="owner", algorithm="AES-128"))
    part = run(data, name="r.pdf").part("attachment:r.pdf")
    assert "123-45-6741" in part.text
    assert part.facts == ()


def test_pdf_without_text_layer_is_not_inspected(run: Any, samples: Any) -> None:
    """A page with no text (a scan) is flagged: its content is in images."""
    part = run(samples.minimal_pdf([""]), name="scan.pdf").part("attachment:scan.pdf")
    assert [f.kind for f in part.facts] == ["not_inspected"]


def test_garbage_after_header_is_corrupt(run: Any) -> None:
    """``%PDF-`` followed by junk is a ``corrupt`` fact, never an exception."""
    part = run(b"%PDF-1.7\n" + bytes(range(256)) * 8, name="bad.pdf").part("attachment:bad.pdf")
    assert {f.kind for f in part.facts} <= {"corrupt", "not_inspected"}
    assert part.facts


def _stream(body: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(body), extra) + body + b"\nendstream"


def test_file_attachment_annotations_are_children(run: Any, samples: Any) -> None:
    """A file attached with the paper-clip annotation (not in the embedded-files list) is read."""
    annot = b"<< /Type /Annot /Subtype /FileAttachment /Rect [0 0 10 10] /FS 7 0 R >>"
    spec = b"<< /Type /Filespec /F (labs.txt) /EF << /F 8 0 R >> >>"
    data = samples.minimal_pdf(
        ["Cover"],
        extra_objects=[annot, spec, _stream(b"Labs 123-45-6747", b"/Type /EmbeddedFile ")],
        annots="/Annots [6 0 R]",
    )
    assert run(data, name="c.pdf").part("attachment:c.pdf/labs.txt").text == "Labs 123-45-6747"


def test_xfa_form_data_is_read(run: Any, samples: Any) -> None:
    """What was typed into a dynamic (XFA) form lives in its datasets packet: it is read."""
    datasets = b'<xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><patient><ssn>123-45-6748</ssn></patient></xfa:data></xfa:datasets>'
    data = samples.minimal_pdf(["Form"], extra_objects=[_stream(datasets)])
    data = data.replace(
        b"/Type /Catalog /Pages 2 0 R",
        b"/Type /Catalog /Pages 2 0 R /AcroForm << /Fields [] /XFA [(datasets) 6 0 R] >>",
    )
    assert "123-45-6748" in run(data, name="f.pdf").part("attachment:f.pdf/xfa-datasets.xml").text
