"""HTML to text for inspection: everything a reader could see, and everything hidden.

:func:`html_to_text` is not a renderer. It keeps all text, including what a sender may hide
from a human reader but not from a recipient's software: ``display:none`` blocks, white-on-white
and tiny text (CSS is ignored, so all of it is kept), comments (also MSO conditional comments),
``alt`` / ``title`` / ``value`` / ``placeholder`` / ``aria-label`` and ``data-*`` attributes,
``<meta>`` content (but for rendering advice such as ``viewport``), ``mailto:`` and ``tel:``
links whole, the query string and fragment of every other ``href`` and ``src`` (percent-decoded,
parameters apart), ``<script>`` text and the comments and strings of ``<style>`` sheets.

Layout rules, so that identifiers survive and unrelated text does not run together:

* inline elements (``b``, ``span``, ``font``, ``a``...) add nothing: ``<b>123</b>-45-6789``
  reads ``123-45-6789``;
* block elements (``p``, ``div``, ``tr``, ``li``, headings, ``br``...) become line breaks;
  table cells are separated by a tab;
* runs of whitespace in text collapse to one space, except inside ``pre`` and ``textarea``
  (where only spaces at the start and end of each line are trimmed);
* entities and character references are decoded (in text and attributes);
* hidden text from comments and attributes is not spliced into the flow, where it could split
  an identifier; it follows the visible text, one item per line, after a blank line.

It is a single-pass tokenizer over compiled regular expressions rather than
:class:`html.parser.HTMLParser`, which is quadratic on some hostile input (thousands of
unclosed ``<!--``) and slow on tag-dense input. Time is linear in the input: a tag must close
before the last ``>`` of the document, and anything after that is text.
"""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import unquote, unquote_plus

_BLOCKS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "br", "caption", "center"),
        *("dd", "details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure"),
        *("footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr"),
        *("html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section"),
        *("summary", "table", "tbody", "tfoot", "thead", "title", "tr", "ul"),
    }
)
_CELLS = frozenset({"td", "th"})
_PREFORMATTED = frozenset({"pre", "textarea", "plaintext", "xmp", "listing"})
_RAW_TEXT = frozenset({"script", "style"})
_TEXT_ATTRIBUTES = frozenset(
    {"alt", "title", "value", "placeholder", "aria-label", "aria-description", "summary", "label"}
)
_LINK_SCHEMES = ("mailto:", "tel:", "sms:", "callto:")

_TOKEN = re.compile(
    r"<!--(?P<comment>.*?)(?:--!?>|\Z)"
    r"|<!\[CDATA\[(?P<cdata>.*?)(?:\]\]>|\Z)"
    r"|<(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9:_-]*)(?P<attrs>[^>]*)>"
    r"|<[!?][^>]*>",
    re.DOTALL,
)
_ATTR_HINT = re.compile(
    r"(?:alt|title|value|placeholder|label|summary|description|href|src|content|data-[\w.:-]*)"
    r"\s*=",
    re.IGNORECASE,
)
#: ``<meta name=...>`` whose content is rendering advice, not text.
_META_SKIP = frozenset(
    {
        *("viewport", "format-detection", "x-apple-disable-message-reformatting", "robots"),
        *("color-scheme", "supported-color-schemes", "generator", "referrer", "theme-color"),
    }
)
_URL_TAIL = re.compile(r"[?#]")
_URL_PARAMS = re.compile(r"[&;#?]+")
_ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?""")
_SPACES = re.compile(r"[ \t\r\n\f\v]+")
_TAGS = re.compile(r"<[^>]{0,2000}>")
_CSS_TEXT = re.compile(r"/\*(.*?)(?:\*/|\Z)|\"([^\"\n]{0,2000})\"|'([^'\n]{0,2000})'", re.DOTALL)
_BLANK_LINES = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?([A-Za-z0-9._:-]{1,40})", re.I)


class _Collector:
    """Visible text in :attr:`flow`, hidden text in :attr:`hidden`."""

    __slots__ = ("flow", "hidden", "preformatted")

    def __init__(self) -> None:
        self.flow: list[str] = []
        self.hidden: list[str] = []
        self.preformatted = 0

    def data(self, text: str) -> None:
        if not text:
            return
        text = unescape(text)
        self.flow.append(text if self.preformatted else _SPACES.sub(" ", text))

    def tag(self, name: str, attrs: str, *, close: bool) -> None:
        if attrs and _ATTR_HINT.search(attrs):
            self.attributes(name, attrs)
        if name in _BLOCKS:
            self.flow.append("\n")
        elif name in _CELLS and not close:
            self.flow.append("\t")
        if name in _PREFORMATTED and not attrs.endswith("/"):
            self.preformatted = max(0, self.preformatted + (-1 if close else 1))

    def attributes(self, tag: str, attrs: str) -> None:
        found: dict[str, str] = {}
        for match in _ATTR.finditer(attrs):
            value = next((g for g in match.groups()[1:] if g is not None), "")
            if value:
                found.setdefault(match.group(1).lower(), unescape(value))
        for name, value in found.items():
            if name in _TEXT_ATTRIBUTES or name.startswith("data-"):
                self.hidden.append(value)
            elif name in {"href", "src"}:
                self.link(value)
        meta_name = found.get("name", found.get("property", "")).lower()
        if tag == "meta" and "http-equiv" not in found and meta_name not in _META_SKIP:
            self.hidden.append(found.get("content", ""))

    def link(self, url: str) -> None:
        """``mailto:`` and ``tel:`` targets whole; of other URLs the query and fragment,
        percent-decoded, parameters apart (data leaves in query strings too)."""
        lowered = url.lstrip().lower()
        if lowered.startswith(_LINK_SCHEMES):
            self.hidden.append(unquote(url))
            return
        if lowered.startswith(("data:", "cid:")):
            return
        tail = _URL_TAIL.search(url)
        if tail is not None:
            self.hidden.append(_URL_PARAMS.sub(" ", unquote_plus(url[tail.end() :])))

    def raw_text(self, tag: str, text: str) -> None:
        """Content of ``script`` (kept whole) or ``style`` (its comments and strings)."""
        if tag == "script":
            self.hidden.append(text)
            return
        for match in _CSS_TEXT.finditer(text):
            self.hidden.append(next(g for g in match.groups() if g is not None))

    def comment(self, text: str) -> None:
        self.hidden.append(unescape(_TAGS.sub(" ", text)))


def _walk(html: str, out: _Collector) -> None:
    """Tokenize ``html`` into ``out`` in one pass."""
    limit = html.rfind(">") + 1
    pos = 0
    while pos < limit:
        match = _TOKEN.search(html, pos, limit)
        if match is None:
            break
        out.data(html[pos : match.start()])
        pos = match.end()
        name = match.group("tag")
        if name is not None:
            name = name.lower()
            close = bool(match.group("close"))
            out.tag(name, match.group("attrs"), close=close)
            if name in _RAW_TEXT and not close:
                end = re.compile(rf"</{name}\s*>", re.IGNORECASE).search(html, pos)
                stop = end.start() if end else len(html)
                out.raw_text(name, html[pos:stop])
                pos = end.end() if end else len(html)
        elif match.group("comment") is not None:
            out.comment(match.group("comment"))
        elif match.group("cdata") is not None:
            out.comment(match.group("cdata"))
    out.data(html[pos:])


def html_to_text(html: str) -> str:
    """Text of an HTML document or fragment: visible text first, then hidden text.

    Never raises on malformed HTML: whatever is not a well-formed tag is text.

    :param html: decoded HTML.
    :returns: the text, with block structure as line breaks.
    """
    out = _Collector()
    _walk(html, out)
    visible = _tidy("".join(out.flow))
    hidden = [_tidy(_SPACES.sub(" ", item)) for item in out.hidden]
    hidden = [item for item in hidden if item]
    if not hidden:
        return visible
    return (visible + "\n\n" if visible else "") + "\n".join(hidden)


def _tidy(text: str) -> str:
    """Collapse runs of blank lines to one blank line and trim spaces at line ends."""
    lines = _BLANK_LINES.sub("\n\n", text)
    return "\n".join(line.strip(" ") for line in lines.split("\n")).strip()


def meta_charset(html: bytes) -> str | None:
    """The charset an HTML document declares in a ``<meta>`` tag near its start, if any."""
    match = _META_CHARSET.search(html, 0, 4096)
    return match.group(1).decode("ascii").lower() if match else None
