"""DOCX and PPTX: an SSN planted in every place a document can carry text is found."""

from __future__ import annotations

from typing import Any

import pytest

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
A = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'
P = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'


def _w(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}</w:body></w:document>'


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


DOCX_PLACES = {
    "body": ("word/document.xml", _w(_para("Body SSN 123-45-6701") + "<w:p><w:del><w:r><w:delText>Deleted 123-45-6702</w:delText></w:r></w:del></w:p>"
             "<w:tbl><w:tr><w:tc>" + _para("Cell") + "</w:tc><w:tc>" + _para("123-45-6703") + "</w:tc></w:tr></w:tbl>")),
    "header": ("word/header1.xml", f"<w:hdr {W}>{_para('Header 123-45-6704')}</w:hdr>"),
    "alt text": ("word/header3.xml", f'<w:hdr {W} xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="Photo of patient 123-45-6711"/></wp:inline></w:drawing></w:r></w:p></w:hdr>'),
    "footer": ("word/footer2.xml", f"<w:ftr {W}>{_para('Footer 123-45-6705')}</w:ftr>"),
    "comment": ("word/comments.xml", f'<w:comments {W}><w:comment w:id="0">{_para("Comment 123-45-6706")}</w:comment></w:comments>'),
    "footnote": ("word/footnotes.xml", f'<w:footnotes {W}><w:footnote w:id="1">{_para("Footnote 123-45-6707")}</w:footnote></w:footnotes>'),
    "endnote": ("word/endnotes.xml", f'<w:endnotes {W}><w:endnote w:id="1">{_para("Endnote 123-45-6708")}</w:endnote></w:endnotes>'),
    "properties": ("docProps/core.xml", '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
                   'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Title 123-45-6709</dc:title><dc:creator>Dr X</dc:creator></cp:coreProperties>'),
}  # fmt: skip


@pytest.fixture
def docx(samples: Any) -> bytes:
    """A DOCX with an SSN in each place of :data:`DOCX_PLACES` and an embedded text file."""
    parts = dict(DOCX_PLACES.values())
    parts["word/styles.xml"] = (
        f"<w:styles {W}><w:style><w:name w:val='Normal'/></w:style></w:styles>"
    )
    parts["word/embeddings/oleObject1.bin"] = "Embedded SSN 123-45-6710"
    parts["customXml/item1.xml"] = "<form><patient><ssn>123-45-6716</ssn></patient></form>"
    return samples.office_zip(parts)


@pytest.mark.parametrize("place", sorted(DOCX_PLACES))
def test_docx_reads_every_place(run: Any, docx: bytes, place: str) -> None:
    """Body, tracked deletions, tables, headers, footers, comments, notes and properties."""
    text = run(docx, name="letter.docx").part("attachment:letter.docx").text
    part_xml = DOCX_PLACES[place][1]
    for number in (*range(1, 10), 11):
        ssn = f"123-45-67{number:02d}"
        if ssn in part_xml:
            assert ssn in text


def test_docx_custom_xml_data_is_read(run: Any, docx: bytes) -> None:
    """Form data bound to content controls lives in customXml parts: it is read."""
    assert "123-45-6716" in run(docx, name="letter.docx").part("attachment:letter.docx").text


def test_docx_keeps_cells_and_paragraphs_apart(run: Any, docx: bytes) -> None:
    """Paragraphs end in newlines and table cells are separated, so values never glue."""
    text = run(docx, name="letter.docx").part("attachment:letter.docx").text
    assert "Cell | 123-45-6703" in text
    assert "Body SSN 123-45-6701\nDeleted 123-45-6702" in text


def test_docx_embeddings_are_children(run: Any, docx: bytes) -> None:
    """An embedded object is extracted as a member of the document."""
    result = run(docx, name="letter.docx")
    assert (
        result.part("attachment:letter.docx/word/embeddings/oleObject1.bin").text
        == "Embedded SSN 123-45-6710"
    )
    assert result.part("attachment:letter.docx").content_type.endswith("wordprocessingml.document")


def test_docx_with_entity_bomb_is_corrupt_not_expanded(run: Any, samples: Any) -> None:
    """A billion-laughs DTD in a part is refused by the defused parser: a ``corrupt`` fact."""
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        f"<w:document {W}><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    result = run(
        samples.office_zip(
            {
                "word/document.xml": bomb,
                "word/footer1.xml": f"<w:ftr {W}>{_para('Footer 123-45-6705')}</w:ftr>",
            }
        ),
        name="b.docx",
    )
    assert [(f.kind, f.location) for f in result.facts] == [
        ("corrupt", "attachment:b.docx/word/document.xml")
    ]
    assert "123-45-6705" in result.part("attachment:b.docx").text


def test_docx_external_entity_is_not_resolved(run: Any, samples: Any) -> None:
    """An external entity (XXE) never reads a local file."""
    xxe = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]><w:document {W}><w:body>{_para("&e;")}</w:body></w:document>'
    result = run(samples.office_zip({"word/document.xml": xxe}), name="x.docx")
    assert "corrupt" in result.kinds()
    assert result.part("attachment:x.docx").text == ""


PPTX_PLACES = {
    "ppt/slides/slide1.xml": f"<p:sld {P} {A}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Slide 123-45-6711</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>",
    "ppt/slides/slide10.xml": f"<p:sld {P} {A}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Later slide 123-45-6712</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>",
    "ppt/notesSlides/notesSlide1.xml": f"<p:notes {P} {A}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Speaker notes 123-45-6713</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:notes>",
    "ppt/comments/comment1.xml": f"<p:cmLst {P}><p:cm><p:text>Review comment 123-45-6714</p:text></p:cm></p:cmLst>",
    "ppt/slideMasters/slideMaster1.xml": f"<p:sldMaster {P} {A}><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>Footer on every slide 123-45-6717</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sldMaster>",
    "ppt/charts/chart1.xml": '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:v>Chart label 123-45-6715</c:v></c:chartSpace>',
}


def test_pptx_reads_slides_notes_comments_and_charts(run: Any, samples: Any) -> None:
    """Every slide (in natural order), speaker notes, comments and chart text."""
    parts = dict(PPTX_PLACES)
    parts["ppt/presentation.xml"] = f"<p:presentation {P}/>"
    result = run(samples.office_zip(parts), name="deck.pptx")
    text = result.part("attachment:deck.pptx").text
    for ssn in ("6711", "6712", "6713", "6714", "6715", "6717"):
        assert f"123-45-{ssn}" in text
    assert text.index("6711") < text.index("6712")
    assert result.facts == []
