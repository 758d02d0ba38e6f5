"""The message model: what every detector sees.

``parse(raw, limits)`` turns raw RFC 5322 bytes into an immutable :class:`Message`: the envelope,
the headers, the decoded subject and a flat tuple of inspectable :class:`Part` objects (subject,
bodies, attachments, and the parts of attached mail and archives, depth first), each with its
decoded, normalized text. Whatever could not be inspected is recorded as a :class:`Fact`, never
raised: parsing does not fail on malformed input.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dlpmilter.errors import ConfigError, PluginError
from dlpmilter.settings import SETTINGS

if TYPE_CHECKING:
    from dlpmilter.extract.base import Extractor
    from dlpmilter.plugins import Registry

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
    {
        "corrupt",
        "encrypted_attachment",
        "over_budget",
        "truncated",
        "unsupported_type",
        "time_budget",
    }
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
        # a file name may hold ": "; rendered ":_", the location ends at the first ": "
        text = f"{self.kind}@{self.location.replace(': ', ':_')}"
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
        normalization; ``None`` when every character kept its index.
    :param filename: the decoded attachment file name, if any.
    :param declared_type: the Content-Type the sender declared.
    :param size: bytes of the part after transfer decoding (base64, quoted-printable).
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


_DEFAULTS = {s.name: s.default for s in SETTINGS}
_INT_LIMITS = (
    "max_message_bytes",
    "max_parts",
    "max_depth",
    "max_part_text_chars",
    "max_total_text_chars",
    "max_expanded_bytes",
    "max_part_expanded_bytes",
)
_FLOAT_LIMITS = ("max_compression_ratio", "message_time_budget_s")


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Every budget of one message's inspection, and the extractors, built once at start-up.

    The fields are the settings of the same names (see ``docs/settings.md``).

    :param extractors: extractor instances, highest :attr:`~dlpmilter.extract.base.Extractor.
        priority` first; empty means non-text attachments are recorded, not extracted.
    """

    max_message_bytes: int = _DEFAULTS["max_message_bytes"]
    max_parts: int = _DEFAULTS["max_parts"]
    max_depth: int = _DEFAULTS["max_depth"]
    max_part_text_chars: int = _DEFAULTS["max_part_text_chars"]
    max_total_text_chars: int = _DEFAULTS["max_total_text_chars"]
    max_expanded_bytes: int = _DEFAULTS["max_expanded_bytes"]
    max_part_expanded_bytes: int = _DEFAULTS["max_part_expanded_bytes"]
    max_compression_ratio: float = _DEFAULTS["max_compression_ratio"]
    message_time_budget_s: float = _DEFAULTS["message_time_budget_s"]
    extractors: tuple[Extractor, ...] = ()

    def __post_init__(self) -> None:
        for name in (*_INT_LIMITS, *_FLOAT_LIMITS):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ConfigError(f"setting {name!r}: must be a positive number, got {value!r}")

    @classmethod
    def default(cls, *, extractors: Sequence[Extractor] = (), **overrides: Any) -> Limits:
        """The shipped defaults (for tests and tools), with no extractors unless given.

        :param overrides: limits to change, by field name.
        """
        return cls(extractors=_by_priority(extractors), **overrides)

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any], registry: Registry | None = None) -> Limits:
        """Limits from loaded settings, with one instance of each registered extractor type.

        :raises ConfigError: when a limit is not a positive number.
        :raises PluginError: when an extractor type cannot be built, naming it.
        """
        values: dict[str, Any] = {}
        for name in _INT_LIMITS:
            values[name] = int(settings.get(name, _DEFAULTS[name]))
        for name in _FLOAT_LIMITS:
            values[name] = float(settings.get(name, _DEFAULTS[name]))
        instances: list[Extractor] = []
        for name, extractor_type in registry.extractors.items() if registry else ():
            try:
                instances.append(extractor_type())
            except Exception as exc:
                raise PluginError(
                    f"extractor {name!r} cannot be built: {type(exc).__name__}: {exc}",
                    plugin=name,
                ) from exc
        from dlpmilter.normalize import prepare

        prepare()  # the normalization table, built once per process before the first message
        return cls(extractors=_by_priority(instances), **values)


def _by_priority(extractors: Sequence[Extractor]) -> tuple[Extractor, ...]:
    return tuple(sorted(extractors, key=lambda e: -getattr(e, "priority", 0)))


def parse(raw: bytes, limits: Limits, *, envelope: Envelope | None = None) -> Message:
    """Parse raw RFC 5322 bytes into a :class:`Message`. Never raises for any input.

    Whatever could not be inspected (over a budget, corrupt, encrypted, unsupported) is a
    :class:`Fact` on the message and on the part concerned. See ``docs/message-model.md``.

    :param raw: the message as received.
    :param limits: the budgets and extractors.
    :param envelope: the SMTP envelope; ``None`` takes sender and recipients from the headers.
    """
    from dlpmilter.mailparser import parse_message

    return parse_message(raw, limits, envelope=envelope)
