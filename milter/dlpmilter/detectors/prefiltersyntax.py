"""The prefilter's reading of a ``regex`` pattern: a Hyperscan expression matching a superset.

:func:`translate` rewrites a pattern for Hyperscan's prefilter mode, or refuses it. It keeps
only syntax on which the two engines agree, and widens, never narrows:

- zero-width assertions are dropped (lookarounds with whatever they hold, ``\\b``, ``\\B``,
  ``^``, ``$``, and the ``(?m:`` that only changes anchors): each only removes matches, so the
  rest matches a superset, in the whole text and in any stretch of it;
- inside a negated set, ``\\s``, ``\\d`` and ``\\w`` are dropped (the set only grows);
- ASCII literals and escapes of punctuation, ``\\t \\n \\r \\f \\v``, code points (``\\uXXXX``,
  ``\\xHH``, ``\\x{..}``, ``\\UXXXXXXXX`` and non-ASCII literals, written ``\\x{..}``; not
  under ``ignore_case``, whose folding of non-ASCII letters differs), sets of those and
  ranges, ``.``, groups, named groups and their back-references, alternation, ``* + ?`` and
  counted quantifiers (lazy or not) are kept as they are, except that a bounded repeat wider
  than 64 becomes unbounded (``{0,2047}`` → ``{0,}``: a superset, and it spares Hyperscan
  seconds of compilation).

Anything else is refused, so the caller always runs that regex: ``\\d``, ``\\s``, ``\\w`` and
``\\p{..}`` outside negated sets (their Unicode tables differ between engines), inline flags,
fuzzy matching, possessive and atomic forms, POSIX classes, set operations, ``\\A``,
``\\Z``, ``{,n}`` and a quantifier right after a dropped assertion.
"""

from __future__ import annotations

#: Escapes of one character that mean that character in both engines.
_CONTROL_ESCAPES = frozenset("tnrfv")
_HEX = frozenset("0123456789abcdefABCDEF")
_SHORTHANDS = frozenset("sdwSDW")
_QUANTIFIERS = ("*", "+", "?", "{")
#: Bounded repeats wider than this are widened to unbounded (see ``counted``).
_WIDE_REPEAT = 64


class _RefusedError(Exception):
    """The pattern uses syntax the prefilter does not vouch for (internal: never escapes
    :func:`translate`)."""


def translate(pattern: str, *, ignore_case: bool = False) -> str | None:
    """The Hyperscan expression for ``pattern``, or ``None`` when it is refused."""
    try:
        return _Reader(pattern, ignore_case).read()
    except _RefusedError:
        return None


def admissible(pattern: str, *, ignore_case: bool = False) -> bool:
    """Whether the prefilter can vouch for ``pattern``."""
    return translate(pattern, ignore_case=ignore_case) is not None


def _code_point(value: int, ignore_case: bool) -> str:
    if value > 0x10FFFF or 0xD800 <= value < 0xE000 or (value >= 0x80 and ignore_case):
        raise _RefusedError
    char = chr(value)
    if value < 0x80 and char.isprintable() and not char.isalnum() and char != " ":
        return "\\" + char
    if value < 0x80 and (char.isalnum() or char == " "):
        return char
    return f"\\x{{{value:x}}}"


class _Reader:
    """One left-to-right pass over a pattern, writing the expression as it goes."""

    def __init__(self, pattern: str, ignore_case: bool) -> None:
        self.p = pattern
        self.i = 0
        self.ignore_case = ignore_case
        self.out: list[str] = []

    def peek(self, size: int = 1) -> str:
        return self.p[self.i : self.i + size]

    def read(self) -> str:
        while self.i < len(self.p):
            self.token()
        return "".join(self.out)

    def token(self) -> None:
        char = self.p[self.i]
        if char == "\\":
            self.escape()
        elif char == "[":
            self.out.append(self.char_set())
        elif char == "(":
            self.group()
        elif char in ")|.":
            self.out.append(char)
            self.i += 1
        elif char in "^$":
            self.i += 1
            self.dropped()
        elif char in "*+?":
            self.i += 1
            self.out.append(char + self.lazy())
        elif char == "{":
            self.out.append(self.counted() + self.lazy())
        else:
            self.out.append(_code_point(ord(char), self.ignore_case))
            self.i += 1

    def dropped(self) -> None:
        """After a dropped assertion: a quantifier would now bind to the atom before it."""
        if self.peek() in _QUANTIFIERS and self.i < len(self.p):
            raise _RefusedError

    def lazy(self) -> str:
        if self.peek() == "?":
            self.i += 1
            return "?"
        if self.peek() in _QUANTIFIERS and self.i < len(self.p):
            raise _RefusedError  # possessive or stacked
        return ""

    def counted(self) -> str:
        close = self.p.find("}", self.i)
        if close < 0:
            raise _RefusedError
        low, comma, high = self.p[self.i + 1 : close].partition(",")
        if not (low.isascii() and low.isdigit()) or (high and not high.isascii()):
            raise _RefusedError
        if high and not high.isdigit():
            raise _RefusedError
        self.i = close + 1
        if high and int(high) > _WIDE_REPEAT:
            # A wide bounded repeat ({0,2047}) costs Hyperscan seconds to compile; unbounded
            # matches everything it did, which is all a prefilter needs.
            return "{" + low + ",}"
        return "{" + low + comma + high + "}"

    def escape(self, *, in_set: bool = False) -> str:
        """Read the escape at ``i``; returns its text (appends it outside sets)."""
        char = self.p[self.i + 1 : self.i + 2]
        self.i += 2
        if not char:
            raise _RefusedError
        if char in "bB" and not in_set:
            self.dropped()
            return ""
        if char in _CONTROL_ESCAPES:
            text = "\\" + char
        elif char in "uxU":
            text = _code_point(self.hex_value(char), self.ignore_case)
        elif (char.isascii() and char.isprintable() and not char.isalnum()) or (
            char in "123456789" and not in_set and not self.peek().isdigit()
        ):
            text = "\\" + char  # punctuation, or a back-reference to groups 1-9
        else:
            raise _RefusedError
        if not in_set:
            self.out.append(text)
        return text

    def hex_value(self, kind: str) -> int:
        if kind == "x" and self.peek() == "{":
            close = self.p.find("}", self.i)
            digits = self.p[self.i + 1 : close] if close > 0 else ""
            self.i = close + 1
        else:
            size = {"x": 2, "u": 4, "U": 8}[kind]
            digits = self.p[self.i : self.i + size]
            self.i += size
            if len(digits) != size:
                raise _RefusedError
        if not digits or not set(digits) <= _HEX:
            raise _RefusedError
        return int(digits, 16)

    def char_set(self) -> str:
        start = self.i
        self.i += 1
        negated = self.peek() == "^"
        self.i += negated
        items: list[str] = []
        while self.i < len(self.p):
            char = self.p[self.i]
            if char == "]" and (items or self.i > start + 1 + negated):
                self.i += 1
                body = "".join(items)
                if any(op in self.p[start : self.i] for op in ("--", "&&", "||", "~~")):
                    raise _RefusedError
                if negated:
                    return f"[^{body}]" if body else "[\\x{0}-\\x{10ffff}]"
                return f"[{body}]"
            if char == "[":
                raise _RefusedError
            if char == "\\":
                shorthand = self.p[self.i + 1 : self.i + 2]
                if shorthand in _SHORTHANDS:
                    if not negated:
                        raise _RefusedError
                    self.i += 2  # dropped: the negated set only grows
                    items.append("")
                    continue
                items.append(self.escape(in_set=True))
            elif char == "-":
                items.append("\\-" if not items or self.peek(2) == "-]" else "-")
                self.i += 1
            else:
                items.append(_code_point(ord(char), self.ignore_case))
                self.i += 1
        raise _RefusedError

    def group(self) -> None:
        rest = self.p[self.i + 1 :]
        for opening in ("?=", "?!", "?<=", "?<!"):
            if rest.startswith(opening):
                self.i = _group_close(self.p, self.i)
                self.dropped()
                return
        if not rest.startswith("?"):
            self.out.append("(")
            self.i += 1
            return
        if rest.startswith(("?:", "?m:")):
            self.out.append("(?:")
            self.i += 4 if rest.startswith("?m:") else 3
            return
        for opening, closing in (("?P<", ">"), ("?<", ">"), ("?P=", ")")):
            if rest.startswith(opening):
                close = rest.find(closing, len(opening))
                name = rest[len(opening) : close]
                if close < 0 or not (name.isidentifier() and name.isascii()):
                    raise _RefusedError
                self.out.append("(" + rest[: close + 1])
                self.i += close + 2
                return
        raise _RefusedError


def _group_close(pattern: str, start: int) -> int:
    """Index after the ``)`` closing the group opened at ``start`` (escapes and sets skipped)."""
    depth = 0
    i = start
    in_set = False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise _RefusedError
