"""The catalogue of evasion techniques: each a small function from a
:class:`~specimens.Specimen` to the raw bytes of an outbound message that hides it.

Techniques register themselves with :func:`technique`; :mod:`techniques` (characters,
separators, words, HTML, headers, transfer encodings and charsets) and :mod:`containers`
(attachments, archives, documents, attached mail, declared types) fill :data:`TECHNIQUES`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from specimens import Specimen

Build = Callable[[Specimen], bytes]


@dataclass(frozen=True, slots=True, kw_only=True)
class Technique:
    """One way of hiding a specimen in a message.

    :param name: unique id, used in test ids and in the miss report.
    :param family: ``control``, ``characters`` (the value's own characters), ``letters``
        (look-alike letters in the words), ``separators``, ``words``, ``html``, ``headers``,
        ``encodings`` or ``attachments``.
    :param build: makes the raw message for a specimen.
    :param numeric_only: only meaningful for identifiers made of digits.
    :param description: one line, from the builder's docstring.
    """

    name: str
    family: str
    build: Build
    numeric_only: bool = False
    description: str = ""

    def applies(self, specimen: Specimen) -> bool:
        """True when this technique can hide ``specimen``."""
        return specimen.numeric or not self.numeric_only


#: Every registered technique, in registration order.
TECHNIQUES: list[Technique] = []


def register(
    name: str, family: str, build: Build, *, numeric_only: bool = False, description: str = ""
) -> None:
    """Add a technique; names are unique."""
    assert all(t.name != name for t in TECHNIQUES), f"duplicate technique {name}"
    doc = description or (build.__doc__ or "").strip().splitlines()[0]
    TECHNIQUES.append(
        Technique(name=name, family=family, build=build, numeric_only=numeric_only, description=doc)
    )


def technique(family: str, *, numeric_only: bool = False) -> Callable[[Build], Build]:
    """Decorator: register the function as a technique named after it."""

    def decorate(build: Build) -> Build:
        register(build.__name__, family, build, numeric_only=numeric_only)
        return build

    return decorate
