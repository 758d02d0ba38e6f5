"""Numbers wrapped across quoted lines (:mod:`dlpmilter.quoting`), through :func:`normalize`."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.normalize import normalize
from dlpmilter.zones import find_zones

# fmt: off
CASES = [
    # (input, expected output)
    # the line break reads as the separator of the groups that follow
    ("> Mastercard 2223\n> 0047 1156 0382 exp", "> Mastercard 2223 0047 1156 0382 exp"),
    ("> Amex 3785\n> 940621 57140, expiry", "> Amex 3785 940621 57140, expiry"),
    ("> SSN 536\n> 22-8147, start", "> SSN 536-22-8147, start"),
    ("> SSN 536\n> 22 - 8147", "> SSN 536 - 22 - 8147"),
    ("> ref 2026\n> 11.16 ok", "> ref 2026.11.16 ok"),
    # one group follows: only the marker goes, the number wraps as it would unquoted
    ("> Patient MRN 4071\n> 8823 was", "> Patient MRN 4071\n8823 was"),
    # wrapped after a separator: the line break goes too
    ("> SSN 536-\n> 22-8147", "> SSN 536-22-8147"),
    # every depth and spelling of the marker, CRLF, trailing spaces
    ("> > card 2223\n> > 0047 1156 0382", "> > card 2223 0047 1156 0382"),
    (">> card 2223\n>> 0047 1156 0382", ">> card 2223 0047 1156 0382"),
    ("> > card 2223\r\n>> 0047 1156 0382", "> > card 2223 0047 1156 0382"),
    ("> card 2223 \r\n>   0047 1156 0382", "> card 2223 0047 1156 0382"),
    ("  > card 2223\n  > 0047 1156 0382", "  > card 2223 0047 1156 0382"),
    # number words wrap too (the spelled pass then joins them)
    ("> SSN five three six\n> two two eight one four seven", "> SSN 536228147"),
    ("> SSN 536\n> twenty-two 8147", "> SSN 536\ntwenty-two 8147"),
    # not a wrap inside a number: every marker stays
    ("> the total\n> 2223 0047", "> the total\n> 2223 0047"),
    ("> 2223\n> and 0047", "> 2223\n> and 0047"),
    ("> 2223.\n> Thanks", "> 2223.\n> Thanks"),
    ("> Sam, 2026\n> > 12 items", "> Sam, 2026\n> > 12 items"),              # deeper quote
    ("On 16 Nov 2026\n> 12 items", "On 16 Nov 2026\n> 12 items"),          # first quoted line
    ("> dated 2026\n>\n> 12 items", "> dated 2026\n>\n> 12 items"),        # a blank quoted line
    ("> someone\n> two", "> someone\n> two"),
    ("2223\n0047 1156", "2223\n0047 1156"),                                 # unquoted: unchanged
    ("a > b\n> 1", "a > b\n> 1"),
]
# fmt: on


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_quoted_wraps(text: str, expected: str) -> None:
    """A quoted line that wraps inside a number is joined; every other marker stays."""
    assert normalize(text)[0] == expected


def test_offsets_of_a_joined_number() -> None:
    """The joined number maps back onto the original span, the separator onto the break."""
    text = "> Mastercard 2223\r\n> 0047 1156 0382\n"
    out, offsets = normalize(text)
    assert offsets is not None
    start = out.index("2223 0047")
    assert text[offsets[start] : offsets[start + 4]] == "2223"
    assert text[offsets[start + 4]] == "\r"
    assert text[offsets[start + 5] : offsets[start + 5] + 14] == "0047 1156 0382"
    end = start + len("2223 0047 1156 0382")
    assert text[offsets[start] : offsets[end - 1] + 1] == "2223\r\n> 0047 1156 0382"


def test_quoted_zones_survive() -> None:
    """Zones are found on the normalized text: quoted lines other than a wrap stay quoted."""
    text = (
        "Thanks, noted.\n\nOn Mon, 16 Nov 2026, Sam wrote:\n"
        "> Please charge the card 2223\n> 0047 1156 0382 exp 08/28.\n>\n> Sam\n"
    )
    out, _ = normalize(text)
    quoted = [z for z in find_zones(out) if z.kind == "quoted"]
    assert quoted
    assert all(out[z.start : z.end].lstrip().startswith(">") for z in quoted)
    assert "2223 0047 1156 0382" in out


_GROUPS = st.lists(st.from_regex(r"[0-9]{2,6}", fullmatch=True), min_size=2, max_size=5)
_SEPS = st.sampled_from([" ", "-", ".", "/", " - "])
_MARKERS = st.sampled_from([">", "> ", ">>", "> > ", ">> ", " > "])


@given(_GROUPS, _SEPS, _MARKERS)
def test_joins_as_if_unwrapped(groups: list[str], sep: str, marker: str) -> None:
    """A number wrapped after its first group reads as the number written on one line."""
    wrapped = f"{marker}ref {groups[0]}\n{marker}{sep.join(groups[1:])} ok\n"
    out, _ = normalize(wrapped)
    if len(groups) > 2:
        assert out == f"{marker}ref {sep.join(groups)} ok\n"
    else:  # one group follows: the marker goes, the line break stays
        assert out == f"{marker}ref {groups[0]}\n{groups[1]} ok\n"


_LINES = st.lists(
    st.tuples(
        st.sampled_from(["", "> ", ">", "> > ", ">> "]),
        st.from_regex(r"[a-z0-9 ,.-]{0,12}", fullmatch=True),
    ),
    min_size=1,
    max_size=8,
)


@given(_LINES, st.sampled_from(["\n", "\r\n"]))
def test_map_is_exact(lines: list[tuple[str, str]], newline: str) -> None:
    """Any quoted text: each output character maps to the same character of the input, except
    a separator that stands for a line break, which maps to that break."""
    text = newline.join(marker + body for marker, body in lines)
    out, offsets = normalize(text)
    if offsets is None:
        assert out == text
        return
    assert len(offsets) == len(out)
    assert all(a <= b for a, b in itertools.pairwise(offsets))
    for index, char in enumerate(out):
        source = text[offsets[index]]
        assert source == char or (char.isdigit() and source.isalpha()) or source in "\r\n"


@given(_LINES)
def test_idempotent(lines: list[tuple[str, str]]) -> None:
    """A second pass changes nothing more."""
    once, _ = normalize("\n".join(marker + body for marker, body in lines))
    assert normalize(once)[0] == once


def test_long_quoted_text_is_linear() -> None:
    """Many wraps in a long quoted text: each joined, one offset per character."""
    text = "> card 2223\n> 0047 1156 0382 and\n> the rest\n" * 20000
    out, offsets = normalize(text)
    assert offsets is not None
    assert len(offsets) == len(out)
    assert out.count("2223 0047 1156 0382") == 20000
    assert out.count("\n> the rest") == 20000
