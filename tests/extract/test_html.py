"""HTML and SVG attachments: hidden text, comments and attributes are read."""

from __future__ import annotations

from typing import Any

import pytest

from dlpmilter.extract.html import html_to_text


@pytest.mark.parametrize(
    ("markup", "needle"),
    [
        (
            "<html><body><p style='display:none'>Hidden 123-45-6789</p></body></html>",
            "Hidden 123-45-6789",
        ),
        (
            "<html><body><font color=white>White 123-45-6789</font></body></html>",
            "White 123-45-6789",
        ),
        ("<html><!-- Comment 123-45-6789 --><body></body></html>", "Comment 123-45-6789"),
        (
            "<html><body><img alt='Alt 123-45-6789' title='Title 987-65-4321'></body></html>",
            "Alt 123-45-6789",
        ),
        ("<html><body>&#49;&#50;&#51;-45-6789</body></html>", "123-45-6789"),
        ("<table><tr><td>SSN</td><td>123-45-6789</td></tr></table>", "123-45-6789"),
        (
            '<svg xmlns="http://www.w3.org/2000/svg"><text>Svg 123-45-6789</text></svg>',
            "Svg 123-45-6789",
        ),
    ],
)
def test_html_text_keeps_hidden_content(run: Any, markup: str, needle: str) -> None:
    """What a reader cannot see is still inspected."""
    part = run(markup.encode(), name="page.htm").part("attachment:page.htm")
    assert part.content_type == "text/html"
    assert needle in part.text


def test_table_cells_are_not_glued(run: Any) -> None:
    """Neighbouring cells stay apart (no ``SSN123``, no ``123456789``)."""
    text = (
        run(b"<table><tr><td>SSN</td><td>123</td><td>45</td></tr></table>", name="t.html")
        .parts[0]
        .text
    )
    assert "SSN123" not in text and "12345" not in text


def test_style_content_is_skipped() -> None:
    """CSS is not text."""
    assert "color" not in html_to_text("<style>p {color: red}</style><p>x</p>", 100)


def test_data_uris_carrying_documents_are_children(run: Any, samples: Any) -> None:
    """A CSV or a ZIP inside a ``data:`` link of an HTML page is decoded and read; an image in
    a data URI is not turned into a part."""
    import base64

    csv = base64.b64encode(b"name,ssn\nAnn,123-45-6795\n").decode()
    archive = base64.b64encode(samples.zip_bytes([("n.txt", "Note 123-45-6796")])).decode()
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 40).decode()
    page = (
        f'<html><body><a href="data:text/csv;charset=utf-8;base64,{csv}">list</a>'
        f'<object data="data:application/zip;base64,{archive}"></object>'
        f'<img src="data:image/png;base64,{png}"></body></html>'
    )
    result = run(page.encode(), name="page.html")
    assert "ssn: 123-45-6795" in result.part("attachment:page.html/data-uri-1").text
    assert result.part("attachment:page.html/data-uri-2/n.txt").text == "Note 123-45-6796"
    assert len(result.parts) == 4
