"""Text-level evasion techniques: look-alike and invisible characters, odd separators, numbers
in words, HTML that splits or hides text, data only in the subject or a file name, and transfer
encodings and charsets that garble the bytes on the wire.

Each technique is a small function registered in :data:`repertoire.TECHNIQUES`; the value
rewriters of :data:`VALUE_REWRITES` each become a technique that puts the rewritten value in an
otherwise ordinary plain-text body.
"""

from __future__ import annotations

import base64
import html
import urllib.parse
from collections.abc import Callable

from carriers import (
    COVER,
    CRLF,
    b64_lines,
    crlf,
    entity,
    mail,
    multipart,
    text_part,
)
from repertoire import register, technique
from specimens import Specimen

ZWSP = "\u200b"
SOFT_HYPHEN = "\u00ad"
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
FULLWIDTH = {c: chr(c - 0x21 + 0xFF01) for c in range(0x21, 0x7F)} | {0x20: "\u3000"}


def body_text(sentence: str) -> str:
    """An ordinary short note around ``sentence``."""
    return f"Hi Sam,\n\n{sentence}\n\nThanks,\nJordan Lee"


def plain_mail(specimen: Specimen, value: str, *, name: str) -> bytes:
    """A plain-text UTF-8 message whose body holds the statement with ``value``."""
    return mail(text_part(body_text(specimen.sentence(value))), message_id=name)


def _digits(groups: tuple[str, ...], zero: int) -> tuple[str, ...]:
    """Re-write ASCII digits with the decimal digits starting at code point ``zero``."""
    table = {ord(d): chr(zero + int(d)) for d in "0123456789"}
    return tuple(g.translate(table) for g in groups)


def _sep(specimen: Specimen, sep: str) -> str:
    return sep.join(specimen.groups)


def _spelled(specimen: Specimen, between: str) -> str:
    return between.join(" ".join(_WORDS[int(d)] for d in g) for g in specimen.groups)


def _sep_for(specimen: Specimen) -> str:
    return specimen.sep or ""


#: name -> (family, numeric only, description, rewriter of the value)
VALUE_REWRITES: dict[str, tuple[str, bool, str, Callable[[Specimen], str]]] = {
    "plain": ("control", False, "the value as ordinarily written", lambda s: s.value),
    "zero_width": (
        "characters",
        False,
        "a zero-width space between every character",
        lambda s: ZWSP.join(s.value),
    ),
    "soft_hyphen": (
        "characters",
        False,
        "a soft hyphen between every character",
        lambda s: SOFT_HYPHEN.join(s.value),
    ),
    "bidi_controls": (
        "characters",
        False,
        "each group in a left-to-right isolate, marks between, inside an override",
        lambda s: (
            "\u202d"
            + (_sep_for(s) + "\u200e").join(f"\u2066{g}\u2069" for g in s.groups)
            + "\u202c"
        ),
    ),
    "fullwidth": (
        "characters",
        False,
        "full-width forms (digits, letters, separators)",
        lambda s: s.value.translate(FULLWIDTH),
    ),
    "arabic_indic_digits": (
        "characters",
        True,
        "Arabic-Indic digits",
        lambda s: _sep_for(s).join(_digits(s.groups, 0x660)),
    ),
    "devanagari_digits": (
        "characters",
        True,
        "Devanagari digits",
        lambda s: _sep_for(s).join(_digits(s.groups, 0x966)),
    ),
    "math_monospace_digits": (
        "characters",
        True,
        "mathematical monospace digits",
        lambda s: _sep_for(s).join(_digits(s.groups, 0x1D7F6)),
    ),
    "nbsp_separators": ("separators", True, "no-break spaces", lambda s: _sep(s, "\u00a0")),
    "thin_space_separators": ("separators", True, "thin spaces", lambda s: _sep(s, "\u2009")),
    "narrow_nbsp_separators": (
        "separators",
        True,
        "narrow no-break spaces",
        lambda s: _sep(s, "\u202f"),
    ),
    "en_dash_separators": ("separators", True, "en dashes", lambda s: _sep(s, "\u2013")),
    "nonbreaking_hyphen_separators": (
        "separators",
        True,
        "non-breaking hyphens",
        lambda s: _sep(s, "\u2011"),
    ),
    "minus_sign_separators": ("separators", True, "minus signs", lambda s: _sep(s, "\u2212")),
    "dot_separators": ("separators", True, "dots", lambda s: _sep(s, ".")),
    "slash_separators": ("separators", True, "slashes", lambda s: _sep(s, "/")),
    "space_separators": (
        "separators",
        True,
        "spaces (two where the ordinary form already has one)",
        lambda s: _sep(s, "  " if s.sep == " " else " "),
    ),
    "spaced_digits": (
        "separators",
        True,
        "a space after every digit",
        lambda s: " ".join(s.value.replace(s.sep, "") if s.sep else s.value),
    ),
    "line_break_separators": ("separators", True, "one group per line", lambda s: _sep(s, "\n")),
    "spelled_grouped": (
        "words",
        True,
        "digits as English words, groups joined by ' - '",
        lambda s: _spelled(s, " - "),
    ),
    "spelled_run": (
        "words",
        True,
        "digits as English words separated by spaces only",
        lambda s: _spelled(s, " "),
    ),
}


def _register_rewrites() -> None:
    for name, (family, numeric_only, description, rewrite) in VALUE_REWRITES.items():

        def build(
            specimen: Specimen, rewrite: Callable[[Specimen], str] = rewrite, name: str = name
        ) -> bytes:
            return plain_mail(specimen, rewrite(specimen), name=f"{name}.{specimen.name}")

        register(name, family, build, numeric_only=numeric_only, description=description)


_register_rewrites()


# --- HTML -------------------------------------------------------------------------------------


def html_mail(
    inner: str, *, plain: str = "Hi Sam, please see the note below. Thanks, Jordan"
) -> bytes:
    """multipart/alternative: a bland text part and an HTML part with ``inner`` in its body."""
    document = (
        '<html><head><meta charset="utf-8"></head><body>'
        "<p>Hi Sam,</p><p>Please see the note below.</p>"
        f"{inner}<p>Thanks,<br>Jordan Lee</p></body></html>"
    )
    return mail(multipart("alternative", text_part(plain), text_part(document, subtype="html")))


def _hide(template: str) -> Callable[[Specimen], bytes]:
    def build(specimen: Specimen) -> bytes:
        return html_mail(template.format(html.escape(specimen.sentence(), quote=True)))

    return build


_HIDDEN = {
    "html_display_none": ('<div style="display:none">{}</div>', "a display:none block"),
    "html_visibility_hidden": ('<span style="visibility:hidden">{}</span>', "visibility:hidden"),
    "html_white_on_white": (
        '<p style="color:#ffffff;background-color:#ffffff">{}</p>',
        "white text on a white background",
    ),
    "html_font_size_zero": ('<span style="font-size:0">{}</span>', "font-size:0"),
    "html_font_size_1px": ('<span style="font-size:1px;line-height:1px">{}</span>', "1px text"),
    "html_comment": ("<!-- {} -->", "an HTML comment"),
    "html_img_alt": ('<img src="cid:logo@clinic" width="1" height="1" alt="{}">', "an image alt"),
    "html_title_attribute": (
        '<p><a href="https://portal.clinic.example/" title="{}">Portal</a></p>',
        "a link title attribute",
    ),
}
for _name, (_template, _description) in _HIDDEN.items():
    register(_name, "html", _hide(_template), description=f"the statement only in {_description}")


@technique("html")
def html_tag_split(specimen: Specimen) -> bytes:
    """Each group of the value split by inline tags: ``<b>53</b><span>6</span>-...``."""
    tags = ("b", "span", "i", "font", "u")
    pieces = []
    for index, group in enumerate(specimen.groups):
        half = max(1, len(group) // 2)
        a, b = tags[index % len(tags)], tags[(index + 1) % len(tags)]
        pieces.append(f"<{a}>{group[:half]}</{a}><{b}>{group[half:]}</{b}>")
    value = specimen.sep.join(pieces)
    inner = f"<p>{html.escape(specimen.before)}{value}{html.escape(specimen.after)}</p>"
    return html_mail(inner, plain="Hi Sam, see the HTML version. Thanks, Jordan")


@technique("html")
def html_character_references(specimen: Specimen) -> bytes:
    """Every character of the value as a numeric character reference (``&#53;&#x33;``)."""
    value = "".join(
        f"&#{ord(c)};" if i % 2 else f"&#x{ord(c):x};" for i, c in enumerate(specimen.value)
    )
    inner = f"<p>{html.escape(specimen.before)}{value}{html.escape(specimen.after)}</p>"
    return html_mail(inner, plain="Hi Sam, see the HTML version. Thanks, Jordan")


# --- Headers: subject and file names ------------------------------------------------------------

_CLEAN_BODY = "Hi Sam,\n\nAs discussed on the phone, details in the subject.\n\nThanks,\nJordan Lee"


def encoded_words(text: str, encoding: str, chunk: int = 24) -> str:
    """``text`` as RFC 2047 encoded-words of ``chunk`` characters, folded onto new lines."""
    words = []
    for start in range(0, len(text), chunk):
        piece = text[start : start + chunk].encode("utf-8")
        if encoding == "B":
            payload = base64.b64encode(piece).decode("ascii")
        else:
            payload = "".join(
                "_" if b == 0x20 else chr(b) if chr(b).isalnum() else f"={b:02X}" for b in piece
            )
        words.append(f"=?utf-8?{encoding}?{payload}?=")
    return "\r\n ".join(words)


@technique("headers")
def subject_rfc2047_base64(specimen: Specimen) -> bytes:
    """The statement only in the Subject, as base64 encoded-words split mid-value."""
    return mail(text_part(_CLEAN_BODY), subject=encoded_words(specimen.sentence(), "B"))


@technique("headers")
def subject_rfc2047_q(specimen: Specimen) -> bytes:
    """The statement only in the Subject, as Q encoded-words split mid-value."""
    return mail(text_part(_CLEAN_BODY), subject=encoded_words(specimen.sentence(), "Q"))


_NOTE = crlf("Scanned form attached as requested.\n")


@technique("headers")
def filename_rfc2231(specimen: Specimen) -> bytes:
    """The short statement only in an attachment file name, RFC 2231 encoded in two sections."""
    quoted = urllib.parse.quote(specimen.short + ".txt", safe="")
    half = len(quoted) // 2
    while "%" in quoted[half - 2 : half]:
        half += 1
    disposition = (
        f"attachment;\r\n filename*0*=utf-8''{quoted[:half]};\r\n filename*1*={quoted[half:]}"
    )
    part = entity('text/plain; charset="us-ascii"', _NOTE, cte="7bit", disposition=disposition)
    return mail(multipart("mixed", text_part(COVER), part), subject="Form")


@technique("headers")
def filename_rfc2047(specimen: Specimen) -> bytes:
    """The short statement only in an attachment name given as an RFC 2047 encoded-word."""
    name = encoded_words(specimen.short + ".txt", "B", chunk=40).replace("\r\n ", " ")
    part = entity(
        f'text/plain; charset="us-ascii"; name="{name}"',
        _NOTE,
        cte="7bit",
        disposition=f'attachment; filename="{name}"',
    )
    return mail(multipart("mixed", text_part(COVER), part), subject="Form")


# --- Transfer encodings and charsets -----------------------------------------------------------


@technique("encodings")
def base64_ragged_lines(specimen: Specimen) -> bytes:
    """A base64 body whose lines have irregular lengths (5, 61, 17, 3, 76, ...)."""
    encoded = base64.b64encode(crlf(body_text(specimen.sentence())))
    widths, lines, start = (5, 61, 17, 3, 76, 40, 9), [], 0
    while start < len(encoded):
        width = widths[len(lines) % len(widths)]
        lines.append(encoded[start : start + width])
        start += width
    return mail(entity('text/plain; charset="utf-8"', CRLF.join(lines) + CRLF, cte="base64"))


@technique("encodings")
def quoted_printable_soft_breaks(specimen: Specimen) -> bytes:
    """Quoted-printable with a soft line break after every character of the value."""
    before, after = body_text(specimen.sentence("\0")).split("\0")
    value = "=\r\n".join(specimen.value)
    text = crlf(before) + value.encode("ascii") + crlf(after)
    return mail(entity('text/plain; charset="utf-8"', text, cte="quoted-printable"))


@technique("encodings")
def utf16_attachment_with_bom(specimen: Specimen) -> bytes:
    """A UTF-16LE text attachment with a byte-order mark and no declared charset."""
    data = b"\xff\xfe" + body_text(specimen.sentence()).replace("\n", "\r\n").encode("utf-16-le")
    part = entity(
        'text/plain; name="notes.txt"',
        b64_lines(data),
        cte="base64",
        disposition='attachment; filename="notes.txt"',
    )
    return mail(multipart("mixed", text_part(COVER), part))


@technique("encodings")
def utf7_body(specimen: Specimen) -> bytes:
    """A UTF-7 body with the value written as a modified-base64 run (``+ADUAMwA2-``)."""
    run = base64.b64encode(specimen.value.encode("utf-16-be")).decode("ascii").rstrip("=")
    before, after = body_text(specimen.sentence("\0")).split("\0")
    text = crlf(before) + f"+{run}-".encode("ascii") + crlf(after)
    return mail(entity('text/plain; charset="utf-7"', text, cte="7bit"))


@technique("encodings", numeric_only=True)
def charset_lie_latin1(specimen: Specimen) -> bytes:
    """UTF-8 bytes (no-break spaces between groups) declared as ISO-8859-1."""
    text = crlf(body_text(specimen.sentence("\u00a0".join(specimen.groups))))
    return mail(entity('text/plain; charset="iso-8859-1"', text, cte="8bit"))


@technique("encodings")
def charset_lie_utf16_as_ascii(specimen: Specimen) -> bytes:
    """A UTF-16LE body with a byte-order mark declared as US-ASCII."""
    data = b"\xff\xfe" + body_text(specimen.sentence()).replace("\n", "\r\n").encode("utf-16-le")
    return mail(entity('text/plain; charset="us-ascii"', b64_lines(data), cte="base64"))


@technique("encodings")
def unknown_charset(specimen: Specimen) -> bytes:
    """A UTF-8 body (with accented words) declared in a charset nobody knows."""
    text = crlf(body_text(specimen.sentence()) + "\n\nRésumé of the café meeting to follow.")
    return mail(entity('text/plain; charset="x-unknown-charset"', text, cte="8bit"))
