"""TNEF (``winmail.dat``, ``application/ms-tnef``), with tnefparse.

Outlook wraps a message's body and attachments in TNEF when it sends "rich text". The text
body, the HTML body and the compressed-RTF body (inflated with ``compressed-rtf``, then read
by :mod:`dlpmilter.extract.rtf`) become the text, message properties such as the subject are
added, and every attachment becomes a child.
"""

from __future__ import annotations

from typing import Any

from tnefparse import TNEF

from dlpmilter.extract.allowance import Allowance
from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.extract.html import html_to_text
from dlpmilter.extract.rtf import rtf_to_text
from dlpmilter.message import Fact

_MAGIC = b"\x78\x9f\x3e\x22"


def _as_text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace").rstrip("\x00")
    return value.rstrip("\x00") if isinstance(value, str) else ""


def _bodies(tnef: TNEF, max_chars: int, location: str) -> tuple[list[str], list[Fact]]:
    texts = [_as_text(tnef.body)]
    facts: list[Fact] = []
    if tnef.htmlbody:
        texts.append(html_to_text(_as_text(tnef.htmlbody), max_chars))
    if tnef._rtfbody:
        try:
            rtf = tnef.rtfbody
            texts.append(rtf_to_text(rtf if isinstance(rtf, bytes) else b"", max_chars))
        except Exception as exc:  # noqa: BLE001 - compressed-rtf raises bare Exception on bad data
            facts.append(
                Fact(
                    kind="corrupt", location=location, detail=f"tnef rtf body: {type(exc).__name__}"
                )
            )
    for prop in tnef.msgprops:
        value = prop.data
        if isinstance(value, str) and value.strip():
            texts.append(value)
    return [t for t in texts if t.strip()], facts


class TnefExtractor(Extractor):
    """Transport Neutral Encapsulation Format."""

    name = "tnef"
    priority = 50

    def sniff(self, data: bytes, declared_type: str, filename: str) -> bool:
        """True for the TNEF signature."""
        return data.startswith(_MAGIC)

    def extract(self, data: bytes, *, location: str, budget: Budget) -> Extracted:
        """Bodies and properties as text; attachments as children."""
        tnef = TNEF(data, do_checksum=False)
        texts, facts = _bodies(tnef, budget.max_text_chars, location)
        allowance = Allowance(budget)
        children: list[Child] = []
        for number, attachment in enumerate(tnef.attachments, start=1):
            refused = allowance.take_member(location)
            if refused is not None:
                facts.append(refused)
                break
            name = (
                _as_text(attachment.long_filename())
                or _as_text(attachment.name)
                or f"attachment{number}"
            )
            payload = attachment.data if isinstance(attachment.data, bytes) else b""
            allowance.expanded += len(payload)
            if len(payload) > min(budget.max_member_bytes, budget.max_expanded_bytes):
                facts.append(
                    Fact(
                        kind="over_budget",
                        location=f"{location}/{name}",
                        detail=f"{len(payload)} bytes",
                    )
                )
                continue
            children.append(Child(name=name, data=payload))
        return Extracted(
            text="\n".join(texts)[: budget.max_text_chars],
            content_type="application/ms-tnef",
            children=tuple(children),
            facts=tuple(facts),
        )
