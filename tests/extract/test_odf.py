"""OpenDocument: text, tables, annotations, headers and footers, metadata; encrypted packages."""

from __future__ import annotations

from typing import Any

OFFICE = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)
CONTENT = (
    f"<office:document-content {OFFICE}><office:body><office:text>"
    "<text:p>Body 123-45-6731<office:annotation><dc:creator>Dr</dc:creator><text:p>Note 123-45-6732</text:p></office:annotation></text:p>"
    "<text:p>Spaced<text:s/>word<text:tab/>tab</text:p>"
    "<table:table><table:table-row><table:table-cell><text:p>MRN</text:p></table:table-cell>"
    "<table:table-cell><text:p>123-45-6733</text:p></table:table-cell></table:table-row></table:table>"
    "</office:text></office:body></office:document-content>"
)
STYLES = (
    f"<office:document-styles {OFFICE}><office:master-styles><style:master-page>"
    "<style:header><text:p>Header 123-45-6734</text:p></style:header>"
    "<style:footer><text:p>Footer 123-45-6735</text:p></style:footer>"
    "</style:master-page></office:master-styles></office:document-styles>"
)
META = f"<office:document-meta {OFFICE}><office:meta><dc:title>Title 123-45-6736</dc:title></office:meta></office:document-meta>"
SHEET = (
    f"<office:document-content {OFFICE}><office:body><office:spreadsheet><table:table table:name='Hidden'>"
    "<table:table-row><table:table-cell><text:p>Sheet 123-45-6737</text:p></table:table-cell></table:table-row>"
    "</table:table></office:spreadsheet></office:body></office:document-content>"
)


def test_odt_every_place(run: Any, samples: Any) -> None:
    """Body, annotation, table cells, header, footer, title, embedded object content."""
    data = samples.odf_zip(
        "application/vnd.oasis.opendocument.text",
        {
            "content.xml": CONTENT,
            "styles.xml": STYLES,
            "meta.xml": META,
            "Object 1/content.xml": SHEET,
        },
    )
    part = run(data, name="letter.odt").part("attachment:letter.odt")
    assert part.content_type == "application/vnd.oasis.opendocument.text"
    for n in range(31, 38):
        assert f"123-45-67{n}" in part.text
    assert "MRN | 123-45-6733" in part.text
    assert "Spaced word\ttab" in part.text


def test_ods_is_sniffed_from_its_mimetype(run: Any, samples: Any) -> None:
    """A spreadsheet is recognised by the stored ``mimetype`` member."""
    data = samples.odf_zip("application/vnd.oasis.opendocument.spreadsheet", {"content.xml": SHEET})
    part = run(data, name="x.bin").part("attachment:x.bin")
    assert part.content_type == "application/vnd.oasis.opendocument.spreadsheet"
    assert "123-45-6737" in part.text


def test_encrypted_odf_is_a_fact(run: Any, samples: Any) -> None:
    """A manifest with encryption data: ``encrypted_attachment``, the ciphertext unread."""
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/></manifest:file-entry>'
        "</manifest:manifest>"
    )
    data = samples.odf_zip(
        "application/vnd.oasis.opendocument.text",
        {"META-INF/manifest.xml": manifest, "content.xml": "\x8a\x01garbage"},
    )
    result = run(data, name="locked.odt")
    assert [(f.kind, f.detail) for f in result.facts] == [
        ("encrypted_attachment", "odf: password protected")
    ]


def test_foreign_embedded_object_is_a_child(run: Any, samples: Any) -> None:
    """An object stored as a file at the package root (``Object 2``) is extracted in turn."""
    data = samples.odf_zip(
        "application/vnd.oasis.opendocument.text",
        {
            "content.xml": CONTENT,
            "Object 2": "name,ssn\nAnn,123-45-6738\n",
            "ObjectReplacements/Object 2": "\x89PNG",
        },
    )
    result = run(data, name="e.odt")
    assert "ssn: 123-45-6738" in result.part("attachment:e.odt/Object 2").text
    assert not any("ObjectReplacements" in p.location for p in result.parts)
