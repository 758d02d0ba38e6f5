"""The message model: what every detector sees.

``parse(raw, limits)`` turns raw RFC 5322 bytes into an immutable :class:`Message`: the envelope,
the headers, the decoded subject and a flat tuple of inspectable :class:`Part` objects (subject,
bodies, attachments, and the parts of attached mail and archives, depth first), each with its
decoded, normalized text. Whatever could not be inspected is recorded as a :class:`Fact`, never
raised: parsing does not fail on malformed input.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

#: Fact kinds that rule packs act on. ``not_inspected`` covers images and other types with no
#: extractor; the others explain why a part could not be read in full.
FACT_KINDS = (
    "charset_guessed",
    "corrupt",
    "encrypted_attachment",
    "not_inspected",
    "over_budget",
    "truncated",
    "unsupported_type",
    "time_budget",
    "ner_skipped",
)

#: The facts that mean part of the message was not inspected: the policy decides what to do.
UNINSPECTED_FACTS = frozenset(
    {"corrupt", "encrypted_attachment", "over_budget", "truncated", "unsupported_type", "time_budget"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Fact:
    """Something true about a message or part that the policy may act on.

    :param kind: one of :data:`FACT_KINDS`.
    :param location: the part it concerns, or ``message``.
    :param detail: a short reason with no message content (``depth 12 > 10``, ``zip: AES``).
    """

    kind: str
    location: str = "message"
    detail: str = ""

    def __str__(self) -> str:
        text = f"{self.kind}@{self.location}"
        return f"{text}: {self.detail}" if self.detail else text


@dataclass(frozen=True, slots=True, kw_only=True)
class Zone:
    """A structural region of a part's text: ``signature``, ``quoted``, ``greeting``,
    ``forwarded``, ``reply_header``, ``disclaimer``. Offsets are into :attr:`Part.text`."""

    kind: str
    start: int
    end: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """One inspectable piece of a message.

    :param location: stable path, e.g. ``subject``, ``body``, ``body[2]``, ``attachment:a.pdf``,
        ``attachment:fwd.eml/body``, ``attachment:x.zip/list.csv``.
    :param content_type: the sniffed type actually extracted (``text/plain``, ``application/pdf``).
    :param text: decoded, normalized text the detectors scan.
    :param offsets: for each character of ``text`` (an ``array`` or tuple), its offset in the decoded text before
        normalization; ``None`` when normalization changed nothing.
    :param filename: the decoded attachment file name, if any.
    :param declared_type: the Content-Type the sender declared.
    :param size: bytes of the part before decoding.
    :param depth: nesting depth (0 for the top-level message's own parts).
    :param zones: signature, quoted text and similar regions of ``text``.
    :param facts: what is true about this part (charset guessed, truncated...).
    """

    location: str
    content_type: str
    text: str
    offsets: Sequence[int] | None = None
    filename: str | None = None
    declared_type: str = ""
    size: int = 0
    depth: int = 0
    zones: tuple[Zone, ...] = ()
    facts: tuple[Fact, ...] = ()

    def original_offset(self, index: int) -> int:
        """Map an offset in :attr:`text` back to the decoded text before normalization."""
        if self.offsets is None or not self.offsets:
            return index
        if index >= len(self.offsets):
            return self.offsets[-1] + 1
        return self.offsets[index]


@dataclass(frozen=True, slots=True, kw_only=True)
class Envelope:
    """SMTP envelope and connection facts. When scanning files, taken from the headers."""

    sender: str = ""
    recipients: tuple[str, ...] = ()
    queue_id: str = ""
    client_address: str = ""
    authenticated_user: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Message:
    """An immutable, fully decoded message.

    :param headers: (name, decoded value) pairs in order; values are capped in length.
    :param parts: every inspectable part, depth first; the subject is the first.
    :param facts: every fact of the message and of its parts.
    :param size: bytes of the raw message.
    :param message_id: the Message-ID header, as found (hashed before any audit record).
    """

    envelope: Envelope
    headers: tuple[tuple[str, str], ...] = ()
    subject: str = ""
    message_id: str = ""
    parts: tuple[Part, ...] = ()
    facts: tuple[Fact, ...] = ()
    size: int = 0
    elapsed_ms: float = field(default=0.0, compare=False)

    def header(self, name: str) -> str | None:
        """The first header of that name (case-insensitive), or ``None``."""
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None

    @property
    def fully_inspected(self) -> bool:
        """False when any fact says part of the message was not inspected."""
        return not any(f.kind in UNINSPECTED_FACTS for f in self.facts)
