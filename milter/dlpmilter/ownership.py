"""Whose data a finding is: the correspondents' and the organisation's, or possibly a patient's.

The sender's own name is never a patient name: PERSON findings whose salted digest equals the
digest of the From display name, of one of its words, or of its words reversed are dropped.
So are the sender's own address, addresses and URLs in the organisation's own domains (setting
``organisation_domains``) and the organisation's own phone numbers (``organisation_phones``).
Everything else is kept, with the kinds of the zones (:mod:`dlpmilter.zones`) it lies in, for
``zone_exclude`` to weigh; a name made only of words of a person listed as staff elsewhere in
the message (a ``roster`` or ``provider`` zone) is in the ``staff`` zone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from email.utils import getaddresses

from dlpmilter.message import Message, Zone
from dlpmilter.policy import Policy
from dlpmilter.redaction import digest
from dlpmilter.verdict import Finding
from dlpmilter.zones import find_zones, kinds_at

#: Zones whose names are staff: a later mention of the same name is staff too.
_STAFF_SOURCES = frozenset({"roster", "provider"})
_TITLES = frozenset(
    {"dr", "mr", "mrs", "ms", "miss", "prof", "md", "rn", "np", "pa", "do", "phd", "jr", "sr"}
)
_WORD = re.compile(r"[^\W\d_][\w'.-]*", re.UNICODE)
_DOMAIN = re.compile(
    r"@([A-Za-z0-9.-]+)|^(?:[a-z]+://)?(?:www\.)?([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)", re.IGNORECASE
)


def _name_words(display: str) -> list[str]:
    words = [w.strip(".'-") for w in _WORD.findall(display)]
    return [w for w in words if len(w) > 1 and w.lower() not in _TITLES]


def _name_digests(display: str, salt: bytes) -> frozenset[str]:
    words = _name_words(display)
    if not words:
        return frozenset()
    forms = {" ".join(words), " ".join(reversed(words)), *words}
    if len(words) > 2:
        forms.add(f"{words[0]} {words[-1]}")
    return frozenset(digest(form, salt) for form in forms)


def _phone_key(value: str) -> str:
    digits = "".join(ch for ch in value if ch.isdigit())
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def _in_domains(domain: str, domains: Sequence[str]) -> bool:
    domain = domain.lower().rstrip(".")
    return any(domain == d or domain.endswith("." + d) for d in domains)


@dataclass(frozen=True, slots=True, kw_only=True)
class Ownership:
    """What belongs to the correspondents of one message, and the zones of its parts (computed
    only for parts with findings)."""

    texts: Mapping[str, str]
    zones: Mapping[str, tuple[Zone, ...]]
    sender_names: frozenset[str]
    sender_address: str
    domains: tuple[str, ...]
    phones: frozenset[str]
    recipient_names: frozenset[str] = frozenset()
    sender_words: frozenset[str] = frozenset()
    salt: bytes = b""
    _zone_cache: dict[str, tuple[Zone, ...]] = field(default_factory=dict)

    @classmethod
    def of(cls, message: Message, policy: Policy) -> Ownership:
        """Compute zones of every part and the sender's identity (digests only)."""
        senders = getaddresses([message.header("From") or ""])
        display, address = senders[0] if senders else ("", "")
        address = (message.envelope.sender or address).lower()
        recipients = getaddresses([v for k, v in message.headers if k.lower() in {"to", "cc"}])
        return cls(
            texts={p.location: p.text for p in message.parts},
            zones={p.location: p.zones for p in message.parts},
            sender_names=_name_digests(display, policy.salt),
            sender_address=address,
            domains=policy.organisation_domains,
            phones=frozenset(_phone_key(p) for p in policy.organisation_phones),
            recipient_names=frozenset(
                w.lower() for name, _ in recipients for w in _name_words(name)
            ),
            sender_words=frozenset(w.lower() for w in _name_words(display)),
            salt=policy.salt,
        )

    def owned(self, finding: Finding) -> bool:
        """Whether a finding is the sender's or the organisation's own data."""
        if finding.entity == "PERSON":
            if finding.digest and finding.digest in self.sender_names:
                return True
            span = self.texts.get(finding.location, "")[finding.start : finding.end]
            words = _name_words(span)
            return bool(words) and all(digest(w, self.salt) in self.sender_names for w in words)
        if finding.entity not in {"EMAIL_ADDRESS", "URL", "PHONE_NUMBER"}:
            return False
        value = self.texts.get(finding.location, "")[finding.start : finding.end]
        if finding.entity == "PHONE_NUMBER":
            return bool(self.phones) and _phone_key(value) in self.phones
        if (
            finding.entity == "EMAIL_ADDRESS"
            and self.sender_address
            and value.lower() == self.sender_address
        ):
            return True
        match = _DOMAIN.search(value)
        domain = (match.group(1) or match.group(2)) if match else ""
        return bool(domain and self.domains and _in_domains(domain, self.domains))

    def part_zones(self, location: str) -> tuple[Zone, ...]:
        """The zones of one part: those the parser gave plus :func:`~dlpmilter.zones.find_zones`."""
        given = self.zones.get(location, ())
        found = self._zone_cache.get(location)
        if found is None:
            found = (*given, *find_zones(self.texts.get(location, ""), names=self.sender_words))
            self._zone_cache[location] = found
        return found

    def greets_recipient(self) -> bool:
        """Whether a greeting in a top-level body names a recipient (``Dear <To: name>,``)."""
        if not self.recipient_names:
            return False
        for location in self.texts:
            if location != "body" and not location.startswith("body["):
                continue
            text = self.texts[location]
            for zone in self.part_zones(location):
                if zone.kind == "greeting":
                    words = {w.lower() for w in _name_words(text[zone.start : zone.end])}
                    if words & self.recipient_names:
                        return True
        return False

    def split(self, findings: Sequence[Finding]) -> tuple[list[Finding], list[frozenset[str]]]:
        """The findings that may be a patient's, and for each the kinds of the zones that hold its
        first or its last character (a name span that runs into a signature counts as in it)."""
        kept = [f for f in findings if not self.owned(f)]
        by_part: dict[str, list[int]] = defaultdict(list)
        for i, finding in enumerate(kept):
            by_part[finding.location].append(i)
        zones: list[frozenset[str]] = [frozenset()] * len(kept)
        for location, indexes in by_part.items():
            part_zones = self.part_zones(location)
            if not part_zones:
                continue
            firsts = kinds_at(part_zones, [kept[i].start for i in indexes])
            lasts = kinds_at(part_zones, [max(kept[i].start, kept[i].end - 1) for i in indexes])
            for i, first, last in zip(indexes, firsts, lasts, strict=True):
                zones[i] = first | last
        return kept, self._staff(kept, zones)

    def staff_words(self) -> frozenset[str]:
        """The name words, lower case, of the people listed as staff (``roster`` and ``provider``
        zones) anywhere in the message's parts."""
        words: set[str] = set()
        for location, text in self.texts.items():
            for zone in self.part_zones(location):
                if zone.kind in _STAFF_SOURCES:
                    words.update(
                        w.lower()
                        for w in _name_words(text[zone.start : zone.end])
                        if w[:1].isupper()
                    )
        return frozenset(words)

    def _staff(self, kept: Sequence[Finding], zones: list[frozenset[str]]) -> list[frozenset[str]]:
        """Mark ``staff`` the names made only of words of a staff name elsewhere in the message
        ("Attendees: ... Lucia Rossi" then "Lucia will confirm the room")."""
        people = [
            i for i, f in enumerate(kept) if f.entity == "PERSON" and not zones[i] & _STAFF_SOURCES
        ]
        if not people:
            return zones
        staff = self.staff_words()
        if not staff:
            return zones
        for i in people:
            finding = kept[i]
            words = {
                w.lower()
                for w in _name_words(
                    self.texts.get(finding.location, "")[finding.start : finding.end]
                )
            }
            if words and words <= staff:
                zones[i] = zones[i] | {"staff"}
        return zones
