"""The audit record of one decision: what was decided, why, and about which message.

A record never holds matched text, subjects, bodies or attachment names: entity counts, best
scores, locations (names as salted digests) and rule ids, plus a salted hash of the Message-ID
so a record can be tied to a message by someone who holds the message.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from dlpmilter.audit.locations import content_free_fact, content_free_location
from dlpmilter.message import Message
from dlpmilter.verdict import Finding, Verdict

#: Bumped when the record layout changes.
RECORD_FORMAT = 1


@functools.cache
def engine_version() -> str:
    """The installed dlpmilter version (read from the package metadata once per process: the
    lookup reads and parses files, far too slow to repeat for every record)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("dlpmilter")
    except PackageNotFoundError:
        return "0+unknown"


def record_time(moment: datetime | None = None) -> str:
    """An audit record's ``time``: UTC to the millisecond, ``2026-11-29T10:00:00.000Z`` (one
    format for every kind of record, so their times sort and compare as text)."""
    moment = (moment or datetime.now(UTC)).astimezone(UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def hash_message_id(message_id: str, salt: bytes) -> str:
    """Salted SHA-256 of a Message-ID (angle brackets and case ignored); empty for none."""
    cleaned = message_id.strip().strip("<>").casefold()
    if not cleaned:
        return ""
    return hashlib.sha256(salt + cleaned.encode("utf-8", "replace")).hexdigest()[:32]


def summarize_findings(findings: Iterable[Finding], salt: bytes) -> dict[str, dict[str, Any]]:
    """Per entity: count, distinct values (by digest), best score and the sorted locations
    (attachment names as salted digests, :mod:`dlpmilter.audit.locations`)."""
    summary: dict[str, dict[str, Any]] = {}
    digests: dict[str, set[str]] = {}
    for f in findings:
        entry = summary.setdefault(f.entity, {"count": 0, "best_score": 0.0, "locations": set()})
        entry["count"] += 1
        entry["best_score"] = max(entry["best_score"], round(f.score, 3))
        entry["locations"].add(content_free_location(f.location, salt))
        if f.digest:
            digests.setdefault(f.entity, set()).add(f.digest)
    for entity, entry in summary.items():
        entry["locations"] = sorted(entry["locations"])
        entry["distinct"] = len(digests.get(entity, ())) or entry["count"]
    return dict(sorted(summary.items()))


def build_record(
    message: Message,
    verdict: Verdict,
    *,
    salt: bytes,
    queue_id: str = "",
    outcome: str = "",
    reason: str = "",
    reference: str = "",
    now: datetime | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON-ready audit record of one decision.

    :param outcome: what was actually done when it differs from the verdict (``tempfail``,
        ``monitor``); defaults to the verdict's action.
    :param reason: why, for outcomes the verdict does not explain (``pool full``).
    :param reference: the reference id given to the sender (in a 5xx/4xx reply).
    """
    record: dict[str, Any] = {
        "format": RECORD_FORMAT,
        "time": record_time(now),
        "queue_id": queue_id or message.envelope.queue_id,
        "reference": reference,
        "message_id_hash": hash_message_id(message.message_id, salt),
        "sender": message.envelope.sender,
        "recipients": list(message.envelope.recipients),
        "size": message.size,
        "action": verdict.action.label,
        "outcome": outcome or verdict.action.label,
        "reason": reason,
        "labels": list(verdict.labels),
        "rules": [
            {
                "id": h.rule,
                "label": h.label,
                "action": h.action.label,
                "findings": len(h.findings),
                **({"monitor": True} if h.monitor else {}),  # would have acted; did not
            }
            for h in verdict.hits
        ],
        "entities": summarize_findings(verdict.findings, salt),
        "facts": [content_free_fact(fact, salt) for fact in verdict.facts],
        "policy_version": verdict.policy_version,
        "engine_version": engine_version(),
    }
    if extra:
        record.update(extra)
    return record
