"""A message as its outer header fields and its MIME entity, for encryption.

S/MIME (RFC 8551) and PGP/MIME (RFC 3156) encrypt the message's MIME entity: its ``Content-*``
header fields and its body. The other header fields (From, To, Subject, Received...) stay
outside. :func:`split` cuts a raw message (CRLF line ends, as the milter spools it) that way,
keeping every field byte for byte, folding included.
"""

from __future__ import annotations

from dataclasses import dataclass

CRLF = b"\r\n"

#: What a message without a Content-Type is (RFC 2045 section 5.2).
DEFAULT_CONTENT_TYPE = b"Content-Type: text/plain; charset=us-ascii"


@dataclass(frozen=True, slots=True)
class Field:
    """One header field as received: its name and its whole raw text (name, colon, value,
    continuation lines), without the final CRLF."""

    name: str
    raw: bytes

    @property
    def is_content(self) -> bool:
        """Whether the field belongs to the MIME entity (``Content-*``, RFC 2045 section 9)."""
        return self.name.lower().startswith("content-")


@dataclass(frozen=True, slots=True)
class SplitMessage:
    """A message cut into its header fields and its body."""

    fields: tuple[Field, ...]
    body: bytes

    @property
    def outer(self) -> tuple[Field, ...]:
        """The fields that stay outside the encrypted entity."""
        return tuple(f for f in self.fields if not f.is_content)

    @property
    def has_mime_version(self) -> bool:
        """Whether the message has a MIME-Version field (an encrypted one needs it)."""
        return any(f.name.lower() == "mime-version" for f in self.fields)

    def entity(self) -> bytes:
        """The MIME entity to encrypt: the ``Content-*`` fields, a blank line, the body."""
        content = [f.raw for f in self.fields if f.is_content]
        if not any(f.name.lower() == "content-type" for f in self.fields):
            content.insert(0, DEFAULT_CONTENT_TYPE)
        return b"".join(line + CRLF for line in content) + CRLF + self.body

    def content_removals(self) -> list[tuple[str, int]]:
        """``(name, index)`` of every ``Content-*`` field, 1-based among the fields of that
        name, highest index first within a name: the removals that take the entity's fields
        off the message in place."""
        seen: dict[str, int] = {}
        found: list[tuple[str, int]] = []
        for field in self.fields:
            key = field.name.lower()
            seen[key] = seen.get(key, 0) + 1
            if field.is_content:
                found.append((field.name, seen[key]))
        return sorted(found, key=lambda item: (item[0].lower(), -item[1]))

    def rebuilt(
        self, fields: list[tuple[str, str]], body: bytes, *, without: frozenset[str] = frozenset()
    ) -> bytes:
        """The whole message with the entity replaced: the outer fields (less those named, in
        lower case, in ``without``), then ``fields``, then ``body``."""
        head = [f.raw + CRLF for f in self.outer if f.name.lower() not in without]
        head += [f"{name}: {value}".encode("ascii") + CRLF for name, value in fields]
        return b"".join(head) + CRLF + body


def split(raw: bytes) -> SplitMessage:
    """Cut a raw message at its first empty line into fields and body.

    A line that starts with a space or tab continues the field before it. A line without a colon
    (a stray ``From `` line) is kept as an outer field with an empty name: nothing is dropped.
    """
    data = raw.replace(CRLF, b"\n").replace(b"\n", CRLF)
    end = data.find(CRLF + CRLF)
    if data.startswith(CRLF):
        head, body = b"", data[2:]
    elif end < 0:
        head, body = data.removesuffix(CRLF), b""
    else:
        head, body = data[:end], data[end + 4 :]
    fields: list[list[bytes]] = []
    for line in head.split(CRLF) if head else []:
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1].append(line)
        else:
            fields.append([line])
    out: list[Field] = []
    for lines in fields:
        first = lines[0]
        colon = first.find(b":")
        name = first[:colon].strip().decode("ascii", "replace") if colon > 0 else ""
        out.append(Field(name=name, raw=CRLF.join(lines)))
    return SplitMessage(fields=tuple(out), body=body)
