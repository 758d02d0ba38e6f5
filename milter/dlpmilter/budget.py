"""The running budget of one message's inspection.

:func:`dlpmilter.message.parse` creates one :class:`ExpansionState` per message and passes it to
everything that adds parts or text: the MIME walk, the extractor dispatch and the recursion into
attached mail and archive members. Each of them *charges* what it spends before spending it;
a ``False`` (or a short allowance) means the budget is exhausted, and the caller records an
``over_budget`` / ``truncated`` / ``time_budget`` fact and stops that work, so the rest of the
message is still inspected as far as the budget allows.

The state is deliberately mutable and single-threaded: one message, one state, one worker.
It records each over-budget fact once in :attr:`ExpansionState.facts`, so callers never
emit the same ``parts 1001 > 1000`` fact a thousand times; ``parse`` adds them to the
message's facts.
"""

from __future__ import annotations

import time

from dlpmilter.message import Fact


class ExpansionState:
    """Counters of one message's inspection against its limits.

    :param max_parts: most parts (MIME parts and archive members) inspected.
    :param max_expanded_bytes: most bytes expanded from archives and compressed streams.
    :param max_total_text_chars: most characters of text kept from the whole message.
    :param deadline: :func:`time.monotonic` value after which inspection stops.
    """

    __slots__ = (
        "_fact_kinds",
        "deadline",
        "expanded_bytes",
        "facts",
        "max_expanded_bytes",
        "max_parts",
        "max_total_text_chars",
        "parts_seen",
        "text_chars",
    )

    def __init__(
        self,
        *,
        max_parts: int,
        max_expanded_bytes: int,
        max_total_text_chars: int,
        deadline: float,
    ) -> None:
        self.max_parts = max_parts
        self.max_expanded_bytes = max_expanded_bytes
        self.max_total_text_chars = max_total_text_chars
        self.deadline = deadline
        #: Parts charged so far (including refused ones).
        self.parts_seen = 0
        #: Bytes charged so far (including the refused charge).
        self.expanded_bytes = 0
        #: Characters of text kept so far.
        self.text_chars = 0
        #: Message-level facts recorded by :meth:`note` (each reason once).
        self.facts: list[Fact] = []
        self._fact_kinds: set[tuple[str, str, str]] = set()

    @classmethod
    def starting_now(
        cls,
        *,
        max_parts: int,
        max_expanded_bytes: int,
        max_total_text_chars: int,
        time_budget_s: float,
    ) -> ExpansionState:
        """A fresh state whose deadline is ``time_budget_s`` seconds from now."""
        return cls(
            max_parts=max_parts,
            max_expanded_bytes=max_expanded_bytes,
            max_total_text_chars=max_total_text_chars,
            deadline=time.monotonic() + time_budget_s,
        )

    def charge_part(self) -> bool:
        """Count one more part. ``False`` (and an ``over_budget`` fact) past ``max_parts``."""
        self.parts_seen += 1
        if self.parts_seen > self.max_parts:
            self.note(
                "over_budget", detail=f"parts {self.parts_seen} > {self.max_parts}", key="parts"
            )
            return False
        return True

    def charge_bytes(self, n: int) -> bool:
        """Count ``n`` more expanded bytes. ``False`` (and a fact) when that passes the limit."""
        self.expanded_bytes += max(0, n)
        if self.expanded_bytes > self.max_expanded_bytes:
            self.note(
                "over_budget",
                detail=f"expanded bytes {self.expanded_bytes} > {self.max_expanded_bytes}",
                key="bytes",
            )
            return False
        return True

    def charge_text(self, n: int) -> int:
        """Ask to keep ``n`` more characters of text; returns how many may be kept (0..n).

        A short allowance records a ``truncated`` fact; the caller cuts its text to the
        allowance and records its own part-level ``truncated`` fact too.
        """
        allowed = max(0, min(n, self.max_total_text_chars - self.text_chars))
        self.text_chars += allowed
        if allowed < n:
            self.note("truncated", detail=f"total text > {self.max_total_text_chars} chars")
        return allowed

    def remaining_text(self) -> int:
        """Characters of text the message may still keep."""
        return max(0, self.max_total_text_chars - self.text_chars)

    def remaining_bytes(self) -> int:
        """Bytes that may still be expanded."""
        return max(0, self.max_expanded_bytes - self.expanded_bytes)

    def remaining_time(self) -> float:
        """Seconds left before the deadline (never negative)."""
        return max(0.0, self.deadline - time.monotonic())

    def expired(self) -> bool:
        """True past the deadline; the first time, records a ``time_budget`` fact."""
        if time.monotonic() <= self.deadline:
            return False
        self.note("time_budget", detail="message time budget exceeded")
        return True

    def note(
        self, kind: str, *, location: str = "message", detail: str = "", key: str | None = None
    ) -> None:
        """Record a message-level fact once per (kind, location, key).

        :param key: what makes two facts the same; defaults to ``detail``. The budget methods
            use ``parts`` / ``bytes`` so a counter that keeps growing is reported once.
        """
        ident = (kind, location, detail if key is None else key)
        if ident in self._fact_kinds:
            return
        self._fact_kinds.add(ident)
        self.facts.append(Fact(kind=kind, location=location, detail=detail))
