"""Calendars (``.ics``, RFC 5545) and vCards (``.vcf``, RFC 6350 and 2.1).

Both are lines of ``NAME;PARAM=...:VALUE``. Folded lines are unfolded, quoted-printable and
base64 values decoded, text escapes (``\\n``, ``\\,``) undone, and each property is written as
``NAME: value`` so a detector sees ``DESCRIPTION: ...`` or ``TEL: ...``. Binary values (photos,
logos, keys) are skipped; a calendar attachment carried inline (``ATTACH;ENCODING=BASE64``)
becomes a child.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re

from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.extract.charset import head_text
from dlpmilter.extract.text import decode_budgeted
from dlpmilter.message import Fact

_BEGIN = re.compile(r"\s*BEGIN:(VCALENDAR|VCARD)\s*$", re.IGNORECASE | re.MULTILINE)
_FOLD = re.compile(r"\r?\n[ \t]")
_ESCAPES = {"n": "\n", "N": "\n", ",": ",", ";": ";", "\\": "\\"}
_ESCAPE = re.compile(r"\\(.)")
_BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_STRUCTURE = frozenset({"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD"})


def _split_line(line: str) -> tuple[str, dict[str, str], str] | None:
    """``NAME;A=B;C=D:value`` -> (NAME, {A: B, C: D}, value); ``None`` if not a property."""
    quoted = False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            head, value = line[:index], line[index + 1 :]
            break
    else:
        return None
    name, *raw_params = head.split(";")
    params: dict[str, str] = {}
    for raw in raw_params:
        key, _, val = raw.partition("=")
        params[key.strip().upper()] = val.strip().strip('"') if val else key.strip().upper()
    return name.strip().upper().rsplit(".", 1)[-1], params, value


def _decode_value(params: dict[str, str], value: str) -> str | bytes:
    encoding = params.get("ENCODING", "").upper()
    charset = params.get("CHARSET", "utf-8")
    if encoding in {"QUOTED-PRINTABLE", "QP"}:
        raw = quopri.decodestring(value.encode("latin-1", errors="replace"))
        try:
            return raw.decode(charset, errors="replace")
        except LookupError:
            return raw.decode("utf-8", errors="replace")
    if encoding in {"B", "BASE64"} or params.get("VALUE", "").upper() == "BINARY":
        try:
            return base64.b64decode("".join(value.split()), validate=False)
        except (binascii.Error, ValueError):
            return b""
    return _ESCAPE.sub(lambda m: _ESCAPES.get(m.group(1), m.group(1)), value)


def _unfold(text: str) -> list[str]:
    """Content lines: RFC folding undone, and vCard 2.1 quoted-printable soft breaks joined
    (only in quoted-printable properties: a base64 value may end in ``=`` too)."""
    lines: list[str] = []
    joining = False
    for line in _FOLD.sub("", text).splitlines():
        if joining:
            lines[-1] = lines[-1][:-1] + line
        else:
            lines.append(line)
        current = lines[-1]
        head = current.split(":", 1)[0].upper()
        joining = current.endswith("=") and "QUOTED-PRINTABLE" in head
    return lines


class CalendarExtractor(Extractor):
    """iCalendar invitations and vCard contacts."""

    name = "vcalendar"
    priority = 9

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for text whose first content line is ``BEGIN:VCALENDAR`` or ``BEGIN:VCARD``."""
        head = head_text(data)
        return head is not None and _BEGIN.match(head.lstrip("\ufeff")) is not None

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Every text property as ``NAME: value``; inline attachments as children."""
        text, facts = decode_budgeted(data, location=location, budget=budget)
        kind = "text/vcard" if "BEGIN:VCARD" in text[:4096].upper() else "text/calendar"
        lines, children = _properties(text)
        fact_list = list(facts)
        if len(children) > budget.max_members:
            detail = f"members > {budget.max_members}"
            fact_list.append(Fact(kind="over_budget", location=location, detail=detail))
            children = children[: budget.max_members]
        return Extracted(
            text="\n".join(lines),
            content_type=kind,
            children=tuple(children),
            facts=tuple(fact_list),
        )


def _properties(text: str) -> tuple[list[str], list[Child]]:
    """``NAME: value`` lines of the text properties, and inline attachments as children."""
    lines: list[str] = []
    children: list[Child] = []
    for line in _unfold(text):
        parsed = _split_line(line)
        if parsed is None:
            if line.strip():
                lines.append(line)
            continue
        name, params, raw = parsed
        if name in _STRUCTURE or name in _BINARY:
            continue
        value = _decode_value(params, raw)
        if not isinstance(value, bytes):
            lines.append(f"{name}: {value}")
        elif name == "ATTACH" and value:
            label = (
                params.get("X-FILENAME") or params.get("FILENAME") or f"attach{len(children) + 1}"
            )
            children.append(Child(name=label, data=value, declared_type=params.get("FMTTYPE", "")))
    return lines, children
