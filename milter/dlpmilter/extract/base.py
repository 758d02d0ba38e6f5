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
    """Limits one extraction must respect (bytes of text out, bytes expanded, ratio, time).

    :param max_text_chars: most characters of text to return.
    :param max_expanded_bytes: most bytes the extraction may inflate in all (children, XML
        parts, decompressed streams); more is an ``over_budget`` fact, never a bigger read.
    :param max_ratio: largest inflated/stored ratio of one member or stream (bomb guard).
    :param deadline: :func:`time.monotonic` value after which the extraction stops.
    :param max_members: most children one container may return.
    :param max_member_bytes: most bytes one child or stream may inflate to.
    """

    max_text_chars: int
    max_expanded_bytes: int
    max_ratio: float
    deadline: float
    max_members: int = 1000
    max_member_bytes: int = 50 * 1024 * 1024


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
    :param expanded_bytes: bytes inflated to get this result (charged to the message budget).
    """

    text: str = ""
    content_type: str = "application/octet-stream"
    children: tuple[Child, ...] = ()
    facts: tuple[Fact, ...] = ()
    expanded_bytes: int = 0


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
