"""Part locations and facts without the names a sender gave: what an audit record keeps.

A location names the part a finding or fact concerns (``body``, ``attachment:labs.csv``,
``attachment:export.zip/2024/Gonzalez_Maria.csv``). Attachment and member names are message
content, and often hold exactly what DLP protects (a patient's name, a record number), so an
audit record keeps a location's shape and drops its names: every name becomes ``~`` and a
salted digest of the name, with its file extension kept when it looks like one
(``attachment:~3f9a1c2b7d.csv``). The structural parts (``body``, ``subject``, ``preamble``,
``epilogue``, ``[2]``, ``#filename``) stay, so a compliance officer still sees that the
finding was in the second body or in a zip member's CSV, and whoever holds the message can
compute the digests of its names and match them (:func:`dlpmilter.redaction.digest`).
"""

from __future__ import annotations

import re

from dlpmilter.redaction import digest

_ATTACHMENT = "attachment:"
#: Location segments that are structure, never a sender's name.
_STRUCTURE = re.compile(r"(?:body|subject|preamble|epilogue|part\d+)(?:\[\d+\])?")
_REPEAT = re.compile(r"\[\d+\]$")
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def content_free_location(location: str, salt: bytes) -> str:
    """``location`` with every attachment and member name replaced by its salted digest."""
    if _ATTACHMENT not in location:
        return location
    head, marker, rest = location.partition(_ATTACHMENT)
    return head + marker + "/".join(_segment(part, salt) for part in rest.split("/"))


def _segment(segment: str, salt: bytes) -> str:
    if segment.startswith(_ATTACHMENT):  # attached mail's own attachment
        return _ATTACHMENT + _segment(segment[len(_ATTACHMENT) :], salt)
    if _STRUCTURE.fullmatch(segment):
        return segment
    name, hash_mark, fragment = segment.partition("#")
    if fragment != "filename":  # only the parser's own fragment is structure
        name, hash_mark, fragment = segment, "", ""
    repeat = _REPEAT.search(name)
    suffix = repeat.group() if repeat else ""
    name = name[: len(name) - len(suffix)]
    extension = _EXTENSION.search(name)
    kept = extension.group().lower() if extension else ""
    return f"~{digest(name, salt)[:10]}{kept}{suffix}{hash_mark}{fragment}"


def content_free_fact(fact: str, salt: bytes) -> str:
    """A fact (``kind@location: detail``) with its location made content-free.

    Fact locations never hold ``": "`` (:class:`~dlpmilter.message.Fact` renders it as
    ``":_"``), so the location ends at the first ``": "``; the detail is dlpmilter's own text.
    """
    kind, at, rest = fact.partition("@")
    if not at:
        return fact
    location, separator, detail = rest.partition(": ")
    return f"{kind}@{content_free_location(location, salt)}{separator}{detail}"
