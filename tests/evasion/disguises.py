"""More text-level disguises: look-alike letters in the words around the value, circled and
superscript digits, text that only CSS would render, format=flowed soft breaks and data deep in a
quoted reply."""

from __future__ import annotations

import html

from carriers import crlf, entity, mail, text_part
from repertoire import Build, register, technique
from specimens import Specimen
from techniques import body_text, html_mail, plain_mail

#: Latin letters and the Cyrillic or Greek letters that look the same.
HOMOGLYPHS = str.maketrans(
    {
        "A": "\u0410",
        "B": "\u0392",
        "C": "\u0421",
        "E": "\u0415",
        "H": "\u041d",
        "I": "\u0406",
        "K": "\u039a",
        "M": "\u041c",
        "N": "\u039d",
        "O": "\u041e",
        "P": "\u0420",
        "S": "\u0405",
        "T": "\u0422",
        "X": "\u0425",
        "a": "\u0430",
        "c": "\u0441",
        "e": "\u0435",
        "i": "\u0456",
        "o": "\u043e",
        "p": "\u0440",
        "s": "\u0455",
        "x": "\u0445",
        "y": "\u0443",
    }
)
_CIRCLED = {"0": "\u24ea", **{str(d): chr(0x2460 + d - 1) for d in range(1, 10)}}
_SUPERSCRIPT = dict(
    zip("0123456789", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079", strict=True)
)


@technique("letters")
def homoglyph_words(specimen: Specimen) -> bytes:
    """Cyrillic and Greek look-alike letters in every word: the hotword, the name, the
    diagnosis and the drugs (the digits stay ASCII)."""
    before = specimen.before.translate(HOMOGLYPHS)
    after = specimen.after.translate(HOMOGLYPHS)
    value = specimen.value.translate(HOMOGLYPHS)
    return mail(text_part(body_text(f"{before}{value}{after}")))


def _mapped(table: dict[str, str]) -> Build:
    def build(specimen: Specimen) -> bytes:
        value = "".join(table.get(c, c) for c in specimen.value)
        return plain_mail(specimen, value, name=specimen.name)

    return build


register("circled_digits", "characters", _mapped(_CIRCLED), numeric_only=True,
         description="circled digits (⓪ ① ② ...)")  # fmt: skip
register("superscript_digits", "characters", _mapped(_SUPERSCRIPT), numeric_only=True,
         description="superscript digits (⁰ ¹ ² ...)")  # fmt: skip


@technique("html")
def html_css_generated_content(specimen: Specimen) -> bytes:
    """The statement only in a style sheet's ``content:`` string, shown by a pseudo-element."""
    sentence = html.escape(specimen.sentence(), quote=True)
    inner = f'<style>.ref::after {{ content: "{sentence}"; }}</style><p class="ref"></p>'
    return html_mail(inner)


@technique("encodings")
def format_flowed_soft_breaks(specimen: Specimen) -> bytes:
    """format=flowed with DelSp=yes, a soft line break inside the value."""
    value = specimen.value
    cut = max(1, len(value) // 2)
    flowed = specimen.sentence(f"{value[:cut]} \n{value[cut:]}")
    return mail(
        entity(
            'text/plain; charset="utf-8"; format=flowed; delsp=yes',
            crlf(body_text(flowed)),
            cte="8bit",
        )
    )


@technique("attachments")
def quoted_reply(specimen: Specimen) -> bytes:
    """The statement only in the quoted text of a reply, two levels deep."""
    quoted = "\n".join(
        f"> > {line}" if line else "> >" for line in body_text(specimen.sentence()).split("\n")
    )
    text = (
        "Thanks Sam, noted.\n\nJordan\n\n"
        "On Mon, 16 Nov 2026 at 09:10, Sam Carter <billing@partner-services.example> wrote:\n"
        "> Forwarding the earlier note.\n>\n"
        "> On Fri, 13 Nov 2026, Jordan Lee wrote:\n"
        f"{quoted}\n"
    )
    return mail(text_part(text), subject="Re: Fwd: follow-up")


def _between(mark: str) -> Build:
    def build(specimen: Specimen) -> bytes:
        return plain_mail(specimen, mark.join(specimen.value), name=specimen.name)

    return build


def _after_each(mark: str) -> Build:
    def build(specimen: Specimen) -> bytes:
        value = "".join(c + mark if c.isalnum() else c for c in specimen.value)
        return plain_mail(specimen, value, name=specimen.name)

    return build


register("tag_characters", "characters", _between("\U000e0020"),
         description="an invisible Unicode tag character between every character")  # fmt: skip
register("combining_strikethrough", "characters", _after_each("\u0336"),
         description="a combining long stroke overlay on every letter and digit (s\u0336t\u0336r\u0336u\u0336c\u0336k\u0336)")  # fmt: skip


@technique("html")
def html_table_cells(specimen: Specimen) -> bytes:
    """Each group of the value in its own table cell, the hotword in the row's first cell."""
    cells = "".join(f"<td>{html.escape(group)}</td>" for group in specimen.groups)
    inner = (
        f"<p>{html.escape(specimen.sentence('(see the table)'))}</p>"
        f"<table><tr><td>{html.escape(specimen.before.strip())}</td>{cells}</tr></table>"
    )
    return html_mail(inner, plain="Hi Sam, see the HTML version. Thanks, Jordan")


_WORD_OF = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def _spelled(group: str, joiner: str) -> str:
    return joiner.join(_WORD_OF[int(d)] for d in group)


register("spaced_dashes", "separators",
         lambda s: plain_mail(s, " - ".join(s.groups), name=s.name), numeric_only=True,
         description="groups joined by a dash with a space on each side (536 - 22 - 8147)")  # fmt: skip
register("spelled_hyphenated", "words",
         lambda s: plain_mail(s, "-".join(_spelled(g, "-") for g in s.groups), name=s.name),
         numeric_only=True,
         description="every digit a word, all joined by hyphens (five-three-six-...)")  # fmt: skip
register("spelled_mixed", "words",
         lambda s: plain_mail(s, s.sep.join(g if i % 2 else _spelled(g, " ") for i, g in enumerate(s.groups)), name=s.name),
         numeric_only=True,
         description="groups alternately in words and in digits (five three six-22-eight one four seven)")  # fmt: skip


_TENS_OF = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_TEENS_OF = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
             "eighteen", "nineteen")  # fmt: skip


def _pair(pair: str) -> str:
    """Two digits as one read-aloud number (``53`` fifty-three, ``14`` fourteen); a pair that
    starts or ends with zero, and a lone digit, digit by digit (``07`` zero seven)."""
    if len(pair) == 1 or "0" in pair:
        return _spelled(pair, " ")
    if pair[0] == "1":
        return _TEENS_OF[int(pair[1])]
    return f"{_TENS_OF[int(pair[0])]}-{_WORD_OF[int(pair[1])]}"


def _in_pairs(group: str) -> str:
    return " ".join(_pair(group[i : i + 2]) for i in range(0, len(group), 2))


register("spelled_pairs", "words",
         lambda s: plain_mail(s, (s.sep or " ").join(_in_pairs(g) for g in s.groups), name=s.name),
         numeric_only=True,
         description="digits read aloud two at a time (fifty-three six-twenty-two-eighty-one forty-seven)")  # fmt: skip


@technique("attachments")
def quoted_reply_wrapped(specimen: Specimen) -> bytes:
    """The statement in a quoted reply whose line wraps inside the value: the next line starts
    with the quote marker, so ``> `` sits between two groups."""
    first, *rest = specimen.groups
    value = first + "\n> " + specimen.sep.join(rest) if rest else first
    text = (
        "Thanks, noted.\n\nJordan\n\n"
        "On Mon, 16 Nov 2026 at 09:10, Sam Carter <billing@partner-services.example> wrote:\n"
        f"> {specimen.before}{value}{specimen.after}\n>\n> Sam\n"
    )
    return mail(text_part(text), subject="Re: follow-up")
