"""The MIME walk behind :func:`dlpmilter.message.parse`.

The stdlib parser runs with ``policy.compat32`` (see :mod:`dlpmilter.mailfeed`): about ten
times faster than ``policy.default`` on ordinary mail, and it never decodes anything on its
own, so every decoding step (RFC 2047 words, charsets, transfer encodings) is ours and cannot
raise.

The tree is walked depth first: the subject, bodies (``text/plain`` and ``text/html``
parts that are not attachments), attachments (text ones decoded here; ``message/rfc822`` and
blobs that look like mail parsed again, recursively; everything else handed to
:func:`dlpmilter.extract.dispatch.expand`). Every part is charged to the message's
:class:`~dlpmilter.budget.ExpansionState` and its text normalized
(:func:`dlpmilter.normalize.normalize`).
"""

from __future__ import annotations

import email.message
from dataclasses import replace

from dlpmilter.budget import ExpansionState
from dlpmilter.charset import decode_header, decode_text, header_bytes
from dlpmilter.mailfeed import feed
from dlpmilter.message import Fact, Limits, Part
from dlpmilter.normalize import normalize
from dlpmilter.partdecode import (
    PartNames,
    content_type_of,
    decode_body,
    encoded_message,
    filename_of,
    is_boilerplate,
    looks_binary,
    payload_bytes,
    peek_bytes,
    raw_header,
)

try:  # the extractor dispatch is optional: without it attachments are recorded, not read
    from dlpmilter.extract import dispatch as _dispatch
    from dlpmilter.extract.magic import looks_like_mail
except ImportError:  # pragma: no cover - only while the extract package is absent
    _dispatch = None  # type: ignore[assignment]

    def looks_like_mail(data: bytes) -> bool:
        """Fallback sniff: never mail."""
        return False


#: Charset guesses by content per message; later guesses go from UTF-8 straight to cp1252.
MAX_DEEP_GUESSES = 16

_TEXT_BODY_TYPES = frozenset({"text/plain", "text/html", "text/enriched", "text/richtext"})
_SIGNATURE_TYPES = frozenset(
    {"application/pkcs7-signature", "application/x-pkcs7-signature", "application/pgp-signature"}
)
_ENCRYPTED_TYPES = frozenset({"application/pgp-encrypted", "multipart/encrypted"})
_PKCS7_MIME = frozenset({"application/pkcs7-mime", "application/x-pkcs7-mime"})
_PGP_ARMOR = "-----BEGIN PGP MESSAGE-----"


class Walker:
    """Walks one message tree (and the mail nested in it) into parts.

    :param limits: the message's budgets and extractors.
    :param state: the running budget, shared with the extractor dispatch.
    """

    def __init__(self, limits: Limits, state: ExpansionState) -> None:
        self.limits = limits
        self.state = state
        self.stopped = False
        #: Parts that may still ask charset-normalizer for a guess (it is slow).
        self.deep_guesses = MAX_DEEP_GUESSES
        self._own: set[int] = set()

    # --- messages --------------------------------------------------------------------------

    def message(self, msg: email.message.Message, *, prefix: str, depth: int) -> list[Part]:
        """Parts of one (top-level or attached) message: subject, bodies, attachments."""
        parts: list[Part] = []
        subject = decode_header(raw_header(msg, "subject", self.limits.max_part_text_chars))
        if subject:
            parts.append(self.text_part(prefix + "subject", "text/plain", subject, depth=depth))
        self.entity(msg, parts, names=PartNames(prefix), depth=depth, level=0)
        return parts

    def nested_bytes(self, data: bytes, location: str, depth: int) -> list[Part]:
        """``parse_nested`` for the dispatch: attached mail given as bytes."""
        if depth + 1 > self.limits.max_depth:
            detail = f"depth {depth + 1} > {self.limits.max_depth}"
            return [self.bare(location, "message/rfc822", "over_budget", detail, depth=depth)]
        try:
            inner = feed(data, self.state)
        except RecursionError:
            return [self.bare(location, "message/rfc822", "corrupt", "too deep", depth=depth)]
        parts = self.message(inner, prefix=location + "/", depth=depth + 1)
        self._own.update(id(p) for p in parts)
        return parts

    # --- the tree --------------------------------------------------------------------------

    def entity(
        self,
        ent: email.message.Message,
        parts: list[Part],
        *,
        names: PartNames,
        depth: int,
        level: int,
    ) -> None:
        """Walk one MIME entity into ``parts``."""
        if self.stopped:
            return
        ctype = content_type_of(ent)
        if ctype.startswith("multipart/") or ent.is_multipart():
            self.container(ent, ctype, parts, names=names, depth=depth, level=level)
            return
        if not self.state.charge_part() or self.state.expired():
            self.stopped = True
            return
        filename = filename_of(ent)
        disposition = str(ent.get("content-disposition") or "").split(";", 1)[0].strip().lower()
        is_body = ctype in _TEXT_BODY_TYPES and not filename and disposition != "attachment"
        # A "text" body whose bytes are a PDF, an archive... goes to the extractors.
        is_body = is_body and not looks_binary(peek_bytes(ent))
        if is_body:
            parts.append(self.body(ent, ctype, names.body(), depth=depth))
        else:
            parts.extend(self.attachment(ent, ctype, filename, names, depth=depth))

    def container(
        self,
        ent: email.message.Message,
        ctype: str,
        parts: list[Part],
        *,
        names: PartNames,
        depth: int,
        level: int,
    ) -> None:
        """A multipart, or a ``message/*`` entity the parser already opened."""
        payload = ent.get_payload() if ent.is_multipart() else None
        if ctype in _ENCRYPTED_TYPES:
            location = names.attachment(filename_of(ent))
            parts.append(self.bare(location, ctype, "encrypted_attachment", ctype, depth=depth))
            return
        if not isinstance(payload, list):
            # A multipart whose boundary never appears: read its body as text.
            if not self.state.charge_part():
                self.stopped = True
                return
            part = self.body(ent, "text/plain", names.body(), depth=depth)
            if part.text.strip():
                fact = Fact(
                    kind="corrupt", location=part.location, detail="multipart without parts"
                )
                part = replace(part, facts=(*part.facts, fact))
            parts.append(part)
            return
        if ctype.startswith("message/"):
            self.attached_message(ent, payload, parts, names=names, depth=depth)
            return
        if level + 1 > self.limits.max_depth:
            self.state.note(
                "over_budget",
                location=names.prefix.rstrip("/") or "message",
                detail=f"multipart depth {level + 1} > {self.limits.max_depth}",
            )
            return
        self.outside_parts(ent.preamble, "preamble", parts, names=names, depth=depth)
        for child in payload:
            if isinstance(child, email.message.Message):
                self.entity(child, parts, names=names, depth=depth, level=level + 1)
        self.outside_parts(ent.epilogue, "epilogue", parts, names=names, depth=depth)

    def outside_parts(
        self, text: str | None, kind: str, parts: list[Part], *, names: PartNames, depth: int
    ) -> None:
        """A multipart's preamble or epilogue: no client shows it, but it leaves with the
        message, so any text in it (beyond the usual MIME notice) is a part."""
        if not text or is_boilerplate(text) or self.stopped:
            return
        if not self.state.charge_part():
            self.stopped = True
            return
        decoded = decode_text(header_bytes(text), None)
        location = names.outside(kind)
        facts = [Fact(kind="charset_guessed", location=location, detail=decoded.guessed)]
        parts.append(
            self.text_part(
                location,
                "text/plain",
                decoded.text.replace("\r\n", "\n"),
                depth=depth,
                facts=facts if decoded.guessed else [],
            )
        )

    def attached_message(
        self,
        ent: email.message.Message,
        payload: list[email.message.Message | str],
        parts: list[Part],
        *,
        names: PartNames,
        depth: int,
    ) -> None:
        """``message/rfc822`` (and ``message/global``...) already parsed: recurse."""
        filename = filename_of(ent)
        location = names.attachment(filename)
        if filename:
            parts.append(self.name_part(location, filename, depth=depth))
        if depth + 1 > self.limits.max_depth:
            detail = f"depth {depth + 1} > {self.limits.max_depth}"
            parts.append(self.bare(location, "message/rfc822", "over_budget", detail, depth=depth))
            return
        if not self.state.charge_part():
            self.stopped = True
            return
        encoded = encoded_message(ent)
        if encoded is not None:
            nested = self.nested_bytes(encoded[0], location, depth)
            if encoded[1] and nested:
                fact = Fact(kind="corrupt", location=location, detail=encoded[1])
                nested[0] = replace(nested[0], facts=(*nested[0].facts, fact))
            parts.extend(nested)
            return
        for inner in payload[:1]:
            if isinstance(inner, email.message.Message):
                parts.extend(self.message(inner, prefix=location + "/", depth=depth + 1))

    # --- leaves ----------------------------------------------------------------------------

    def body(
        self,
        ent: email.message.Message,
        ctype: str,
        location: str,
        *,
        depth: int,
        filename: str = "",
    ) -> Part:
        """A text body (or text attachment): decoded, HTML turned to text, normalized."""
        decoded = decode_body(
            ent, ctype, self.limits.max_part_text_chars, deep_guess=self.deep_guesses > 0
        )
        if decoded.facts and any(kind == "charset_guessed" for kind, _ in decoded.facts):
            self.deep_guesses -= 1
        facts = [Fact(kind=k, location=location, detail=d) for k, d in decoded.facts]
        if _PGP_ARMOR in decoded.text:
            facts.append(Fact(kind="encrypted_attachment", location=location, detail="pgp"))
        return self.text_part(
            location,
            ctype,
            decoded.text,
            depth=depth,
            facts=facts,
            declared_type=ctype,
            size=decoded.size,
            filename=filename or None,
        )

    def attachment(
        self,
        ent: email.message.Message,
        ctype: str,
        filename: str,
        names: PartNames,
        *,
        depth: int,
    ) -> list[Part]:
        """An attachment: its name as a part, then its content."""
        location = names.attachment(filename)
        out: list[Part] = []
        if filename:
            out.append(self.name_part(location, filename, depth=depth))
        if ctype in _SIGNATURE_TYPES:
            out.append(self.bare(location, ctype, "not_inspected", "signature", depth=depth))
            return out
        if ctype in _ENCRYPTED_TYPES or (
            ctype in _PKCS7_MIME and "signed" not in str(ent.get_param("smime-type") or "")
        ):
            out.append(self.bare(location, ctype, "encrypted_attachment", ctype, depth=depth))
            return out
        data, corrupt = payload_bytes(ent)
        extracting = _dispatch is not None and bool(self.limits.extractors)
        textual = ctype in _TEXT_BODY_TYPES or (ctype.startswith("text/") and not extracting)
        if textual and not looks_binary(data) and not looks_like_mail(data):
            out.append(self.body(ent, ctype, location, depth=depth, filename=filename))
            return out
        content = self.expand(data, ctype, filename, location, depth=depth)
        if corrupt and content:
            first = content[0]
            fact = Fact(kind="corrupt", location=location, detail=corrupt)
            content[0] = replace(first, facts=(*first.facts, fact))
        out.extend(content)
        return out

    def expand(
        self, data: bytes, ctype: str, filename: str, location: str, *, depth: int
    ) -> list[Part]:
        """Hand a non-text blob to the extractor dispatch (or record it as not read)."""
        if ctype == "message/rfc822" or (not self.limits.extractors and looks_like_mail(data)):
            return self.nested_bytes(data, location, depth)
        if _dispatch is None or not self.limits.extractors:
            return [self.unread(data, ctype, filename, location, depth=depth)]
        try:
            found = _dispatch.expand(
                data,
                declared_type=ctype,
                filename=filename,
                location=location,
                depth=depth,
                limits=self.limits,
                state=self.state,
                parse_nested=self.nested_bytes,
            )
        except Exception as exc:  # noqa: BLE001 - extraction never stops inspection
            detail = f"extraction failed: {type(exc).__name__}"
            return [self.bare(location, ctype, "corrupt", detail, depth=depth)]
        return [p if id(p) in self._own else self.normalized(p) for p in found]

    def unread(self, data: bytes, ctype: str, filename: str, location: str, *, depth: int) -> Part:
        """A blob nobody extracts: an image is not inspected, anything else unsupported."""
        if ctype.startswith("image/"):
            kind, detail = "not_inspected", ctype
        elif not data:
            kind, detail = "not_inspected", "empty"
        else:
            kind, detail = "unsupported_type", ctype
        part = self.bare(location, ctype, kind, detail, depth=depth, size=len(data))
        return replace(part, filename=filename or None)

    # --- part builders ---------------------------------------------------------------------

    def text_part(
        self,
        location: str,
        ctype: str,
        text: str,
        *,
        depth: int,
        facts: list[Fact] | None = None,
        declared_type: str = "",
        size: int = 0,
        filename: str | None = None,
    ) -> Part:
        """A part with normalized text, charged to the message's text budget."""
        facts = list(facts or ())
        text, offsets = normalize(text)
        limit = self.limits.max_part_text_chars
        if len(text) > limit:
            facts.append(Fact(kind="truncated", location=location, detail=f"text > {limit} chars"))
            text, offsets = text[:limit], offsets[:limit] if offsets is not None else None
        allowed = self.state.charge_text(len(text))
        if allowed < len(text):
            facts.append(Fact(kind="truncated", location=location, detail="message text budget"))
            text, offsets = text[:allowed], offsets[:allowed] if offsets is not None else None
        part = Part(
            location=location,
            content_type=ctype,
            text=text,
            offsets=offsets,
            filename=filename,
            declared_type=declared_type,
            size=size or len(text),
            depth=depth,
            facts=tuple(dict.fromkeys(facts)),
        )
        self._own.add(id(part))
        return part

    def name_part(self, location: str, filename: str, *, depth: int) -> Part:
        """The attachment's file name as text of its own (data hides in names too)."""
        return self.text_part(location + "#filename", "text/x-filename", filename, depth=depth)

    def normalized(self, part: Part) -> Part:
        """A dispatch part with normalized text (its text is already charged)."""
        if not part.text or part.offsets is not None:
            return part
        text, offsets = normalize(part.text)
        if offsets is None:
            return part
        return replace(part, text=text, offsets=offsets)

    def bare(
        self, location: str, ctype: str, kind: str, detail: str, *, depth: int, size: int = 0
    ) -> Part:
        """A part with no text and one fact."""
        fact = Fact(kind=kind, location=location, detail=detail[:80])
        return Part(
            location=location,
            content_type=ctype,
            text="",
            declared_type=ctype,
            size=size,
            depth=depth,
            facts=(fact,),
        )
