"""``tag``: deliver with a subject prefix and/or a header (settings ``tag_subject_prefix``,
``tag_header``). Neither names rules or findings; the site chooses the words."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dlpmilter.actions.base import (
    ActionHandler,
    ActionParams,
    ActionRequest,
    AddHeader,
    ChangeHeader,
    Edit,
    Effect,
    Outcome,
)
from dlpmilter.errors import ConfigError


def parse_header_setting(value: str) -> tuple[str, str] | None:
    """Split a ``Name: value`` setting; ``None`` for an empty one.

    :raises ConfigError: when it is not a valid header line.
    """
    if not value.strip():
        return None
    name, sep, text = value.partition(":")
    name = name.strip()
    if not sep or not name or not name.isascii() or any(c in name for c in " \t\r\n"):
        raise ConfigError(f"setting 'tag_header': expected 'Name: value', got {value!r}")
    return name, " ".join(text.split())


class TagParams(ActionParams):
    """Parameters of ``tag`` (per policy: ``params: {subject_prefix: "[SECURE] "}``)."""

    #: The subject prefix; unset means the setting ``tag_subject_prefix``.
    subject_prefix: str | None = None


class TagAction(ActionHandler):
    """Prefix the subject and/or add a header, then accept."""

    Params = TagParams
    edits = (AddHeader, ChangeHeader)

    def __init__(self, *, params: ActionParams, settings: Mapping[str, Any]) -> None:
        super().__init__(params=params, settings=settings)
        self.prefix = str(self.settings.get("tag_subject_prefix", ""))
        self.header = parse_header_setting(str(self.settings.get("tag_header", "")))

    def apply(self, request: ActionRequest) -> Effect:
        """The subject prefix (once: an already prefixed subject is left alone) and header."""
        edits: list[Edit] = []
        prefix = request.param("subject_prefix", self.prefix)
        if prefix:
            subject = request.subject
            if subject is None:
                edits.append(AddHeader(name="Subject", value=prefix.strip()))
            elif not subject.startswith(prefix.strip()):
                edits.append(ChangeHeader(name="Subject", value=prefix + _valid_text(subject)))
        if self.header is not None:
            edits.append(AddHeader(name=self.header[0], value=self.header[1]))
        return Effect(outcome=Outcome.ACCEPT, edits=tuple(edits))


def _valid_text(value: str) -> str:
    """Header text the milter library can encode: bytes that were not UTF-8 (kept as
    surrogates when received) become U+FFFD."""
    return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
