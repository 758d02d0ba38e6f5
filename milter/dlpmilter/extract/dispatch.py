"""From one attachment's bytes to inspectable parts, recursively and within budget.

:func:`expand` sniffs the bytes with every extractor (highest priority first), extracts under a
:class:`~dlpmilter.extract.base.Budget` cut from the message's
:class:`~dlpmilter.budget.ExpansionState`, turns the result into a :class:`Part`, and recurses
into the children of containers (``<location>/<member name>``, depth + 1). Members that are
mail go back to the message parser through ``parse_nested``. Nothing raises out of here: an
extractor that fails gives its part a ``corrupt`` fact; an image gets ``not_inspected``
(unless a plugin registered an extractor that reads images, such as OCR); any other type
nobody reads gets ``unsupported_type``.

Charging: the caller has already charged the top-level blob as a part; :func:`expand` charges
every child it accepts, the bytes each extraction inflated and the text it keeps.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from dlpmilter.budget import ExpansionState
from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.extract.magic import binary_type, image_type, looks_like_mail
from dlpmilter.message import Fact, Part

#: Extractors below this priority read text-like formats; mail is recognised before them.
MAIL_PRIORITY = 20
#: Name of the extractor that reads ZIP archives (also asked for appended archives).
ZIP_EXTRACTOR = "zip"
#: Longest member name kept in a location.
MAX_NAME_CHARS = 200

ParseNested = Callable[[bytes, str, int], list[Part]]


class ExpansionLimits(Protocol):
    """What :func:`expand` reads from :class:`dlpmilter.message.Limits`."""

    @property
    def max_depth(self) -> int:
        """Deepest nesting inspected."""
        ...

    @property
    def max_part_text_chars(self) -> int:
        """Most characters kept from one part."""
        ...

    @property
    def max_compression_ratio(self) -> float:
        """Largest inflated/stored ratio."""
        ...

    @property
    def max_expanded_bytes(self) -> int:
        """Most bytes inflated per message."""
        ...

    @property
    def max_part_expanded_bytes(self) -> int:
        """Most bytes one member or stream may inflate to."""
        ...

    @property
    def extractors(self) -> Sequence[Extractor]:
        """The extractor instances, highest priority first."""
        ...


class _Mail:
    """Marker: the blob is a message for the message parser."""


_MAIL = _Mail()


@dataclass(frozen=True, slots=True, kw_only=True)
class _Blob:
    data: bytes
    declared_type: str
    filename: str
    location: str
    depth: int


class _Walk:
    """One call of :func:`expand`: the shared limits, state and output."""

    __slots__ = ("limits", "out", "parse_nested", "state")

    def __init__(
        self, limits: ExpansionLimits, state: ExpansionState, parse_nested: ParseNested
    ) -> None:
        self.limits = limits
        self.state = state
        self.parse_nested = parse_nested
        self.out: list[Part] = []


def expand(
    data: bytes,
    *,
    declared_type: str,
    filename: str,
    location: str,
    depth: int,
    limits: ExpansionLimits,
    state: ExpansionState,
    parse_nested: ParseNested,
) -> list[Part]:
    """Extract one attachment and everything inside it into parts, depth first.

    :param data: the decoded bytes of the attachment.
    :param declared_type: the Content-Type the sender declared (only ``message/rfc822`` is
        believed; everything else is sniffed).
    :param filename: the decoded file name, kept on the part.
    :param location: the part's location, e.g. ``attachment:report.zip``.
    :param depth: nesting depth of this attachment.
    :param limits: the message limits and the extractor instances.
    :param state: the message's running budget; charged here.
    :param parse_nested: parses attached mail ``(data, location, depth) -> parts``.
    :returns: the part of the attachment itself, then the parts of its members.
    """
    walk = _Walk(limits, state, parse_nested)
    blob = _Blob(
        data=data, declared_type=declared_type, filename=filename, location=location, depth=depth
    )
    _expand(walk, blob)
    return walk.out


def _expand(walk: _Walk, blob: _Blob) -> None:
    if blob.depth > walk.limits.max_depth:
        detail = f"depth {blob.depth} > {walk.limits.max_depth}"
        walk.out.append(
            _bare(blob, Fact(kind="over_budget", location=blob.location, detail=detail))
        )
        return
    if walk.state.expired():
        walk.out.append(
            _bare(blob, Fact(kind="time_budget", location=blob.location, detail="not extracted"))
        )
        return
    chosen = _choose(walk.limits.extractors, blob)
    if isinstance(chosen, _Mail):
        _nested_mail(walk, blob)
    elif chosen is None:
        walk.out.append(_bare(blob, _unread_fact(blob)))
    else:
        _extract(walk, blob, chosen)


def _choose(extractors: Sequence[Extractor], blob: _Blob) -> Extractor | _Mail | None:
    """The extractor for ``blob``, :data:`_MAIL` for a message, or ``None``.

    Binary formats are sniffed first, even for a declared ``message/rfc822`` (a ZIP labelled as
    mail is still a ZIP); then a declared or sniffed message; then the text formats.
    """
    declared_mail = blob.declared_type.lower().startswith("message/rfc822")
    mail_checked = False
    for extractor in extractors:
        if not mail_checked and extractor.priority < MAIL_PRIORITY:
            mail_checked = True
            if declared_mail or looks_like_mail(blob.data):
                return _MAIL
        try:
            if extractor.sniff(blob.data, blob.declared_type, blob.filename):
                return extractor
        except Exception:  # noqa: BLE001, S112 - a plugin's broken sniff must not stop the others
            continue
    if not mail_checked and (declared_mail or looks_like_mail(blob.data)):
        return _MAIL
    return None


def _unread_fact(blob: _Blob) -> Fact:
    image = image_type(blob.data)
    if image is not None:
        return Fact(
            kind="not_inspected", location=blob.location, detail=f"{image}: no image extractor"
        )
    if not blob.data:
        return Fact(kind="not_inspected", location=blob.location, detail="empty")
    known = binary_type(blob.data)
    detail = f"{known}: no extractor" if known else "no extractor recognises it"
    return Fact(kind="unsupported_type", location=blob.location, detail=detail)


def _bare(blob: _Blob, fact: Fact, content_type: str = "application/octet-stream") -> Part:
    """A part with no text, only a fact."""
    return Part(
        location=blob.location,
        content_type=image_type(blob.data) or binary_type(blob.data) or content_type,
        text="",
        filename=blob.filename or None,
        declared_type=blob.declared_type,
        size=len(blob.data),
        depth=blob.depth,
        facts=(fact,),
    )


def _nested_mail(walk: _Walk, blob: _Blob) -> None:
    try:
        walk.out.extend(walk.parse_nested(blob.data, blob.location, blob.depth))
    except Exception as exc:  # noqa: BLE001 - parsing never raises, but a failure must not escape
        detail = f"message/rfc822: {type(exc).__name__}"
        walk.out.append(
            _bare(
                blob, Fact(kind="corrupt", location=blob.location, detail=detail), "message/rfc822"
            )
        )


def _budget(walk: _Walk) -> Budget:
    limits, state = walk.limits, walk.state
    return Budget(
        # One more than may be kept: an extractor that stops at its limit overshoots, and the
        # cut below records the truncated fact.
        max_text_chars=min(limits.max_part_text_chars, state.remaining_text()) + 1,
        max_expanded_bytes=state.remaining_bytes(),
        max_ratio=limits.max_compression_ratio,
        deadline=state.deadline,
        max_members=max(0, state.max_parts - state.parts_seen),
        max_member_bytes=limits.max_part_expanded_bytes,
    )


def _run(extractor: Extractor, blob: _Blob, budget: Budget) -> Extracted:
    try:
        return extractor.extract(blob.data, location=blob.location, budget=budget)
    except Exception as exc:  # noqa: BLE001 - any failure of an extractor is a fact, never a crash
        detail = f"{extractor.name}: {type(exc).__name__}"
        return Extracted(facts=(Fact(kind="corrupt", location=blob.location, detail=detail),))


def _appended_archive(walk: _Walk, blob: _Blob, extractor: Extractor) -> Extracted | None:
    """A ZIP appended to another format (a PDF/ZIP polyglot): its members, or ``None``.

    Readers of the first format show the document; any unzip tool opens the archive. The ZIP
    extractor is asked too whenever the chosen extractor is not a ZIP-based one.
    """
    if blob.data[:2] == b"PK" or extractor.name == ZIP_EXTRACTOR:
        return None
    zip_extractor = next((e for e in walk.limits.extractors if e.name == ZIP_EXTRACTOR), None)
    if zip_extractor is None or not zip_extractor.sniff(
        blob.data, blob.declared_type, blob.filename
    ):
        return None
    return _run(zip_extractor, blob, _budget(walk))


def _extract(walk: _Walk, blob: _Blob, extractor: Extractor) -> None:
    result = _run(extractor, blob, _budget(walk))
    facts = list(result.facts)
    children = result.children
    appended = _appended_archive(walk, blob, extractor)
    if appended is not None:
        facts.extend(appended.facts)
        children = (*children, *appended.children)
        result = replace(result, expanded_bytes=result.expanded_bytes + appended.expanded_bytes)
    expanded = max(result.expanded_bytes, sum(len(c.data) for c in children))
    if not walk.state.charge_bytes(expanded):
        facts.append(
            Fact(kind="over_budget", location=blob.location, detail="message expanded bytes")
        )
        children = ()
    text = _keep_text(walk, blob, result.text, facts)
    accepted = _accept_children(walk, blob, children, facts)
    walk.out.append(
        Part(
            location=blob.location,
            content_type=result.content_type,
            text=text,
            filename=blob.filename or None,
            declared_type=blob.declared_type,
            size=len(blob.data),
            depth=blob.depth,
            facts=tuple(facts),
        )
    )
    for child in accepted:
        _expand(walk, child)


def _keep_text(walk: _Walk, blob: _Blob, text: str, facts: list[Fact]) -> str:
    limit = walk.limits.max_part_text_chars
    if len(text) > limit:
        facts.append(Fact(kind="truncated", location=blob.location, detail=f"text > {limit} chars"))
        text = text[:limit]
    allowed = walk.state.charge_text(len(text))
    if allowed < len(text):
        facts.append(Fact(kind="truncated", location=blob.location, detail="message text budget"))
        text = text[:allowed]
    return text


def _accept_children(
    walk: _Walk, blob: _Blob, children: Sequence[Child], facts: list[Fact]
) -> list[_Blob]:
    accepted: list[_Blob] = []
    seen: dict[str, int] = {}
    for index, child in enumerate(children):
        if not walk.state.charge_part():
            skipped = len(children) - index
            facts.append(
                Fact(
                    kind="over_budget",
                    location=blob.location,
                    detail=f"{skipped} members over the parts budget",
                )
            )
            break
        name = member_name(child.name, seen)
        accepted.append(
            _Blob(
                data=child.data,
                declared_type=child.declared_type,
                filename=child.name.rsplit("/", 1)[-1],
                location=f"{blob.location}/{name}",
                depth=blob.depth + 1,
            )
        )
    return accepted


def member_name(name: str, seen: dict[str, int]) -> str:
    """A member name fit for a location: control characters dropped, length capped, unique.

    :param seen: names used so far in this container (updated).
    """
    clean = "".join(ch for ch in name if ch.isprintable()).strip() or "unnamed"
    clean = clean[:MAX_NAME_CHARS]
    count = seen.get(clean, 0) + 1
    seen[clean] = count
    return clean if count == 1 else f"{clean}[{count}]"
