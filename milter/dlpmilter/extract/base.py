"""The extractor contract.

An extractor type turns the bytes of one attachment into text and, for containers (archives,
attached mail, TNEF), into children that go through extraction again. Extractors are chosen by
sniffing the bytes (:meth:`Extractor.sniff`), not by the declared type or the file name.
Extractors never raise out of :meth:`Extractor.extract` for bad input: they return facts.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass

from dlpmilter.message import Fact


@dataclass(frozen=True, slots=True, kw_only=True)
class Budget:
    """Limits one extraction must respect (bytes of text out, bytes expanded, ratio, time)."""

    max_text_chars: int
    max_expanded_bytes: int
    max_ratio: float
    deadline: float


@dataclass(frozen=True, slots=True, kw_only=True)
class Child:
    """A member of a container (a file in a ZIP, an attachment in attached mail)."""

    name: str
    data: bytes
    declared_type: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Extracted:
    """What an extractor got out of one blob.

    :param text: the text to scan (may be empty for pure containers).
    :param content_type: the type the extractor recognised.
    :param children: members to extract recursively.
    :param facts: what could not be read and why.
    """

    text: str = ""
    content_type: str = "application/octet-stream"
    children: tuple[Child, ...] = ()
    facts: tuple[Fact, ...] = ()


class Extractor(abc.ABC):
    """Base class of every extractor type. Instances are built once at start-up."""

    #: Name used in settings and facts (``pdf``, ``zip``, ``docx``).
    name: str = ""
    #: Higher runs first when several sniff true (a DOCX is also a ZIP).
    priority: int = 0

    @abc.abstractmethod
    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True when this extractor handles ``data`` (look at magic bytes first)."""

    @abc.abstractmethod
    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Extract text and children; turn every failure into a fact."""
