"""HTML to text: identifiers survive markup, hidden text is kept, hostile HTML stays linear."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.htmltext import html_to_text, meta_charset

# fmt: off
CONTAINS = [
    # (html, text that must appear in the output)
    ("<p>SSN <b>123</b>-45-<span>6789</span></p>", "SSN 123-45-6789"),
    ("<font color=red>4111</font><i>1111</i>1111<u>1111</u>", "4111111111111111"),
    ('<div style="display:none">MRN 00123456</div>', "MRN 00123456"),
    ('<span style="color:#fff;font-size:1px">hidden 555-12-3456</span>', "hidden 555-12-3456"),
    ("<!-- DOB 01/02/1980 -->visible", "DOB 01/02/1980"),
    ("<!--[if mso]><p>MSO only 42</p><![endif]-->", "MSO only 42"),
    ('<img src="x.png" alt="Patient Jane Roe">', "Patient Jane Roe"),
    ('<a href="#" title="SSN 123-45-6789">x</a>', "SSN 123-45-6789"),
    ('<input type="text" value="MRN 778899">', "MRN 778899"),
    ('<a href="mailto:jane@example.org">mail</a>', "mailto:jane@example.org"),
    ('<a href="tel:+1-555-0100">call</a>', "tel:+1-555-0100"),
    ("John &amp; Jane&nbsp;Roe &#x31;&#50;3 &lt;tag&gt;", "John & Jane\u00a0Roe 123 <tag>"),
    ("<style>p:after{content:\"987-65-4321\"} /* note 111-22-3333 */</style>x", "987-65-4321"),
    ("<style>p{} /* note 111-22-3333 */</style>x", "note 111-22-3333"),
    ('<script>var ssn = "222-33-4444";</script>x', '"222-33-4444"'),
    ("<![CDATA[cdata 42]]>", "cdata 42"),
    ("<pre>a   b\n  c</pre>", "a   b\nc"),                        # line starts are trimmed
    ("<P>upper<BR>CASE</P>", "upper\nCASE"),
]
# fmt: on


@pytest.mark.parametrize(("html", "expected"), CONTAINS)
def test_text_is_kept(html: str, expected: str) -> None:
    """Visible and hidden text both reach the output."""
    assert expected in html_to_text(html)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>one</p><p>two</p>", "one\n\ntwo"),
        ("a<br>b<br/>c", "a\nb\nc"),
        ("<ul><li>x</li><li>y</li></ul>", "x\n\ny"),
        ("<table><tr><td>Name</td><td>Jane</td></tr></table>", "Name\tJane"),
        ("<b>bold</b> <i>and</i>   <u>spaced</u>\n\n text", "bold and spaced text"),
        ("", ""),
        ("no markup at all", "no markup at all"),
    ],
)
def test_layout(html: str, expected: str) -> None:
    """Blocks become line breaks, cells tabs, whitespace collapses; inline tags add nothing."""
    assert html_to_text(html) == expected


def test_hidden_text_does_not_split_the_flow() -> None:
    """A comment between digit groups is moved after the text, so the groups stay joined."""
    text = html_to_text("SSN 123<!-- x -->-45-<img alt='y'>6789")
    assert text.startswith("SSN 123-45-6789")
    assert text.endswith("x\ny")


def test_unclosed_markup_is_text() -> None:
    """Markup that never closes is kept as text rather than lost."""
    assert "SSN 123-45-6789" in html_to_text("<p>SSN 123-45-6789 <a href='")
    assert "123-45-6789" in html_to_text("x <!-- 123-45-6789")


@pytest.mark.parametrize(
    "html",
    [
        "<" * 400_000,
        "<!--" * 200_000,
        "<!" * 400_000,
        "<a" * 400_000,
        "<a" * 400_000 + ">",
        "<![CDATA[" * 100_000,
        "<script>" * 100_000,
        "<style>/*" * 100_000 + ">",
        '<a href="' + "x" * 800_000,
        "&" * 800_000,
        "<b>1</b>" * 100_000,
    ],
    ids=["lt", "comments", "bang", "open-tags", "one-huge-tag", "cdata", "script", "style",
         "unclosed-attr", "ampersands", "dense-tags"],
)  # fmt: skip
def test_hostile_html_finishes(html: str) -> None:
    """Inputs that make html.parser quadratic finish here (the whole file runs in seconds)."""
    assert isinstance(html_to_text(html), str)


def test_dense_tags_keep_digits() -> None:
    """Tag-split digits stay together even in very long input."""
    assert html_to_text("<b>1</b>" * 10_000) == "1" * 10_000


@given(st.text())
def test_never_raises(html: str) -> None:
    """Any string is accepted."""
    assert isinstance(html_to_text(html), str)


@given(st.text(alphabet=st.characters(blacklist_characters="<>&", codec="utf-8")))
def test_plain_text_survives(text: str) -> None:
    """Text without markup keeps all its words."""
    assert html_to_text(text).split() == text.split()


@pytest.mark.parametrize(
    ("html", "charset"),
    [
        (b'<meta charset="windows-1252">', "windows-1252"),
        (b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">', "koi8-r"),
        (b"<p>none</p>", None),
    ],
)
def test_meta_charset(html: bytes, charset: str | None) -> None:
    """The charset declared in a meta tag is found."""
    assert meta_charset(html) == charset


# fmt: off
LINKS = [
    ('<a href="https://x.example/f?ssn=123-45-6789&n=Jane%20Roe#mrn=555">go</a>',
     "go\n\nssn=123-45-6789 n=Jane Roe mrn=555"),
    ('<img src="https://t.example/p.gif?u=MRN%2000123456">', "u=MRN 00123456"),
    ('<a href="https://x.example/plain/path">go</a>', "go"),
    ('<img src="data:image/png;base64,AAAA?x=1">', ""),
    ('<meta name="description" content="Patient Jane Roe">', "Patient Jane Roe"),
    ('<meta property="og:title" content="SSN 123-45-6789">', "SSN 123-45-6789"),
    ('<meta name="viewport" content="width=device-width">', ""),
    ('<meta http-equiv="Content-Type" content="text/html; charset=utf-8">', ""),
    ('<div data-patient="MRN 00123456" data-empty="">x</div>', "x\n\nMRN 00123456"),
    ('<a href="mailto:a@example.org?subject=SSN%20123-45-6789">m</a>',
     "m\n\nmailto:a@example.org?subject=SSN 123-45-6789"),
    ('<a href="tel:+1-555-0100">call</a>', "call\n\ntel:+1-555-0100"),
]
# fmt: on


@pytest.mark.parametrize(("html", "expected"), LINKS)
def test_links_meta_and_data_attributes(html: str, expected: str) -> None:
    """Query strings, meta content and data-* values are hidden text; rendering advice is not."""
    assert html_to_text(html) == expected
