"""Reading the parts of a ZIP-based office document (Office Open XML, OpenDocument) safely.

:class:`OfficePackage` opens the package once, reads XML parts through bounded streams into
the defused SAX reader (see :mod:`dlpmilter.extract.xmltext`), and collects the text, the
facts and the embedded files (children) of one document under one
:class:`~dlpmilter.extract.allowance.Allowance`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from xml.sax import SAXException
from xml.sax.handler import ContentHandler

from dlpmilter.extract.allowance import Allowance, OverBudget
from dlpmilter.extract.base import Budget, Child, Extracted
from dlpmilter.extract.xmltext import ALT_TEXT, MarkupText, TextFull, parse_into
from dlpmilter.extract.ziparchive import (
    MEMBER_ERRORS,
    member_problem,
    open_member,
    open_zip,
    read_member,
)
from dlpmilter.message import Fact

_DIGITS = re.compile(r"(\d+)")


def natural_key(name: str) -> tuple[object, ...]:
    """Sort ``slide2.xml`` before ``slide10.xml``."""
    return tuple(int(p) if p.isdigit() else p for p in _DIGITS.split(name))


class OfficePackage:
    """One office document being read.

    :param data: the package bytes.
    :param location: the document's location (facts name its parts below it).
    :param budget: the extraction budget.
    """

    def __init__(self, data: bytes, *, location: str, budget: Budget) -> None:
        self.zip = open_zip(data)
        self.location = location
        self.budget = budget
        self.allowance = Allowance(budget)
        self.infos = {info.filename: info for info in self.zip.infolist() if not info.is_dir()}
        self.chunks: list[str] = []
        self.size = 0
        self.facts: list[Fact] = []
        self.children: list[Child] = []

    @property
    def full(self) -> bool:
        """True once the text limit is reached."""
        return self.size >= self.budget.max_text_chars

    def names(self, pattern: str) -> list[str]:
        """Part names matching the regular expression ``pattern``, in natural order."""
        compiled = re.compile(pattern)
        return sorted((n for n in self.infos if compiled.fullmatch(n)), key=natural_key)

    def add(self, text: str) -> None:
        """Append text (a part's or a label)."""
        text = text.strip()
        if text and not self.full:
            self.chunks.append(text)
            self.size += len(text) + 1

    def fact(self, kind: str, part: str, detail: str) -> None:
        """Record a fact about one part of the document."""
        self.facts.append(Fact(kind=kind, location=f"{self.location}/{part}", detail=detail))

    def handle(self, name: str, handler: ContentHandler) -> bool:
        """Run ``handler`` over part ``name``; facts for every failure. ``True`` on success."""
        info = self.infos.get(name)
        if info is None or self.allowance.expired():
            return False
        problem = member_problem(info, f"{self.location}/{name}")
        if problem is not None:
            self.facts.append(problem)
            return False
        failure: Fact | None = None
        try:
            with open_member(self.zip, info, self.allowance, f"{self.location}/{name}") as stream:
                parse_into(stream, handler)
        except TextFull:
            pass
        except OverBudget as stop:
            failure = stop.fact
        except SAXException as exc:
            failure = Fact(
                kind="corrupt",
                location=f"{self.location}/{name}",
                detail=f"xml: {type(exc).__name__}",
            )
        except MEMBER_ERRORS as exc:
            failure = Fact(
                kind="corrupt",
                location=f"{self.location}/{name}",
                detail=f"zip member: {type(exc).__name__}",
            )
        if failure is not None:
            self.facts.append(failure)
        return failure is None

    def read_text(
        self,
        names: Iterable[str],
        *,
        on_start: Mapping[str, str],
        on_end: Mapping[str, str],
        attributes: Mapping[str, tuple[str, ...]] = ALT_TEXT,
    ) -> None:
        """Append the text of each XML part in ``names`` (in that order).

        :param attributes: local name -> attributes whose values are text too.
        """
        for name in names:
            if self.full:
                return
            handler = MarkupText(
                on_start=on_start,
                on_end=on_end,
                max_chars=self.budget.max_text_chars - self.size,
                attributes=attributes,
            )
            self.handle(name, handler)
            self.add(handler.text())

    def embed(self, names: Iterable[str]) -> None:
        """Embedded files (OLE objects, nested workbooks) become children."""
        for name in names:
            refused = self.allowance.take_member(self.location)
            if refused is not None:
                self.facts.append(refused)
                return
            info = self.infos[name]
            where = f"{self.location}/{name}"
            problem = member_problem(info, where)
            if problem is not None:
                self.facts.append(problem)
                continue
            try:
                self.children.append(
                    Child(name=name, data=read_member(self.zip, info, self.allowance, where))
                )
            except OverBudget as stop:
                self.facts.append(stop.fact)
            except MEMBER_ERRORS as exc:
                self.fact("corrupt", name, f"zip member: {type(exc).__name__}")

    def result(self, content_type: str) -> Extracted:
        """What was read."""
        self.zip.close()
        return Extracted(
            text="\n".join(self.chunks),
            content_type=content_type,
            children=tuple(self.children),
            facts=tuple(self.facts),
            expanded_bytes=self.allowance.expanded,
        )


def has_parts(data: bytes, marker: bytes, required: str) -> bool:
    """Cheap sniff: ZIP magic, ``marker`` somewhere in the bytes, then ``required`` listed."""
    if data[:4] != b"PK\x03\x04" or marker not in data:
        return False
    try:
        with open_zip(data) as zf:
            return required in zf.NameToInfo
    except MEMBER_ERRORS:
        return False
