"""Quote markers inside a wrapped number: one pass of :func:`dlpmilter.normalize.normalize`.

A reply quotes the text it answers with ``>`` at the start of every line (``> >`` or ``>>``
deeper down). When a quoted line wraps inside a number, the next line's marker sits between two
of its groups (``2223`` / ``> 0047 1156 0382``) and no identifier pattern matches. This pass
joins such a number as it would be joined unquoted. A *wrap* is a line break where the line
before, quoted at some depth, ends with a digit or a number word (perhaps followed by ``-``,
``.`` or ``/``), and the next line, quoted at the same depth, goes on with one. At a wrap:

* the next line's marker (every level, and the spaces after it) is removed;
* when the line before ends with ``-``, ``.`` or ``/`` (it wrapped after a hyphen:
  ``536-`` / ``> 22-8147``), the line break goes too: ``536-22-8147``;
* when both sides are digits and the next line goes on with a number in groups (``536`` /
  ``> 22-8147``, ``2223`` / ``> 0047 1156 0382``), the line break reads as the separator of
  those groups (``536-22-8147``, ``2223 0047 1156 0382``): a mail program wraps a line where a
  separator was;
* otherwise the line break stays (``4071`` / ``> 8823`` reads ``4071\\n8823``, as it would
  unquoted).

Every other quote marker stays: :mod:`dlpmilter.zones` reads them to tell quoted text from the
sender's own. Linear: one scan in C finds the candidates (a ``>`` must be in the text at all),
and each candidate looks back over its own line only.
"""

from __future__ import annotations

import re
from typing import TypeAlias

from dlpmilter.numerals import TEENS, TENS, UNITS

#: One replacement: ``(start, end, new, offsets)``, ``offsets`` the input index of each
#: character of ``new``.
Change: TypeAlias = "tuple[int, int, str, list[int] | None]"

_NUMBER_WORDS = frozenset((*UNITS, *TEENS, *TENS))
_LONGEST_WORD = max(len(w) for w in _NUMBER_WORDS)

#: A line break after what may end a number (a digit, a letter that ends a number word, or a
#: separator, space or carriage return before them), then a quote marker and what may start a
#: number (a digit, or a letter that starts a number word); the rest is checked in Python.
_WRAP = re.compile(
    r"\n(?<=[0-9oerxtnyOERXTNY \t\r./-]\n)(?P<mark>(?:[ \t]*>)+[ \t]*)(?=[0-9zotfsenZOTFSEN])"
)
_PREFIX = re.compile(r"(?:[ \t]*>)+")
#: The next line going on with a number in groups: its separator.
_GROUPED = re.compile(r"[0-9]+(?P<sep> - |[ ./-])[0-9]")


def _number_end(text: str, end: int) -> bool:
    """Whether ``text[:end]`` ends with a digit or a whole number word."""
    if text[end - 1].isdigit():
        return True
    start = end
    while start > 0 and end - start <= _LONGEST_WORD and text[start - 1].isalpha():
        start -= 1
    return text[start:end].lower() in _NUMBER_WORDS and not text[start - 1 : start].isalpha()


def _number_start(text: str, start: int) -> bool:
    """Whether ``text[start:]`` starts with a digit or a whole number word."""
    if text[start].isdigit():
        return True
    end = start
    while end < len(text) and end - start <= _LONGEST_WORD and text[end].isalpha():
        end += 1
    return text[start:end].lower() in _NUMBER_WORDS


def _depth(prefix: str) -> int:
    return prefix.count(">")


def _line_tail(text: str, brk: int) -> int:
    """Where the tail of the line ending at ``brk`` (a separator, spaces, ``\\r``) starts."""
    end = brk - 1 if brk > 0 and text[brk - 1] == "\r" else brk
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    return end - 1 if end > 1 and text[end - 1] in "-./" else end


def _quoted_alike(text: str, tail: int, mark: str) -> bool:
    """Whether the line ending at ``tail`` is quoted as deep as the next line's ``mark``."""
    line_start = text.rfind("\n", 0, tail) + 1
    prefix = _PREFIX.match(text, line_start, tail)
    return prefix is not None and _depth(prefix.group()) == _depth(mark)


def _wrap_change(text: str, tail: int, wrap: re.Match[str]) -> Change:
    """The rewrite of one wrap (see the module docstring)."""
    if text[tail] in "-./":
        return tail + 1, wrap.end(), "", []
    brk = wrap.start() - 1 if text[wrap.start() - 1] == "\r" else wrap.start()
    if text[tail - 1].isdigit():
        grouped = _GROUPED.match(text, wrap.end())
        if grouped is not None:
            sep = grouped.group("sep")
            return tail, wrap.end(), sep, [brk] * len(sep)
    return wrap.start("mark"), wrap.end(), "", []


def wrap_changes(text: str) -> list[Change]:
    """The rewrites of every quoted line that wraps inside a number (sorted, disjoint).

    :param text: normalized text (ASCII digits, ``-`` for every dash, ``" "`` for every space).
    :returns: one change per wrap; empty when there is none.
    """
    if ">" not in text:
        return []
    changes: list[Change] = []
    for wrap in _WRAP.finditer(text):
        tail = _line_tail(text, wrap.start())
        if (
            tail > 0
            and _number_end(text, tail)
            and _number_start(text, wrap.end())
            and _quoted_alike(text, tail, wrap.group("mark"))
        ):
            changes.append(_wrap_change(text, tail, wrap))
    return changes
