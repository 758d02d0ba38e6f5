"""The running allowance of one extraction: how much more it may inflate, and until when.

Containers and compressed streams never trust what a file says about itself. Before a member
is read, its *declared* size and ratio are checked against the :class:`~dlpmilter.extract.base.
Budget`; while it is read, in chunks of :data:`CHUNK_BYTES`, the bytes actually produced are
counted against the same limits, so a member that lies about its size is stopped after at most
one chunk past the limit. Nothing is ever inflated in one call: a 1 GiB member of zeros costs
about one megabyte of work before it becomes an ``over_budget`` fact.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from dlpmilter.extract.base import Budget
from dlpmilter.message import Fact

#: Bytes read from a member stream at a time.
CHUNK_BYTES = 64 * 1024
#: Below this many inflated bytes the ratio is not checked: small, very regular files (a page
#: of spaces, a tiny CSV) compress far better than 100:1 and are not bombs.
RATIO_FLOOR_BYTES = 1024 * 1024


class Readable(Protocol):
    """A binary stream: what ``zipfile``, ``tarfile`` and the decompressors hand out."""

    def read(self, n: int = -1, /) -> bytes:
        """Read at most ``n`` bytes."""
        ...


class OverBudget(Exception):  # noqa: N818 - a signal inside this package, not an error
    """Raised inside a read loop to stop it; carries the fact that explains why."""

    def __init__(self, fact: Fact) -> None:
        super().__init__(fact.kind)
        self.fact = fact


class Allowance:
    """Counters of one extraction against its :class:`Budget` (mutable, single use).

    :param budget: the limits of this extraction.
    """

    __slots__ = ("budget", "expanded", "members")

    def __init__(self, budget: Budget) -> None:
        self.budget = budget
        #: Bytes inflated so far (kept or not).
        self.expanded = 0
        #: Children accepted so far.
        self.members = 0

    @property
    def remaining(self) -> int:
        """Bytes this extraction may still inflate."""
        return max(0, self.budget.max_expanded_bytes - self.expanded)

    def expired(self) -> bool:
        """True once the deadline has passed."""
        return time.monotonic() > self.budget.deadline

    def take_member(self, location: str) -> Fact | None:
        """Count one more child; a fact when the container has too many."""
        self.members += 1
        if self.members > self.budget.max_members:
            return Fact(
                kind="over_budget",
                location=location,
                detail=f"members > {self.budget.max_members}",
            )
        return None

    def precheck(self, *, location: str, declared: int | None, stored: int | None) -> Fact | None:
        """Refuse a member from its declared sizes alone, before reading a byte of it.

        :param declared: the size the container declares for the inflated member.
        :param stored: the bytes the member occupies in the container.
        """
        if declared is None:
            return None
        cap = min(self.remaining, self.budget.max_member_bytes)
        if declared > cap:
            return Fact(
                kind="over_budget", location=location, detail=f"declared {declared} bytes > {cap}"
            )
        if stored is not None and declared > RATIO_FLOOR_BYTES:
            ratio = declared / max(stored, 1)
            if ratio > self.budget.max_ratio:
                return Fact(
                    kind="over_budget",
                    location=location,
                    detail=f"declared ratio {ratio:.0f} > {self.budget.max_ratio:.0f}",
                )
        return None

    def read(self, stream: Readable, *, location: str, stored: int | None) -> bytes:
        """Read ``stream`` to its end in chunks, within the budget.

        :param stored: compressed bytes behind the stream, for the ratio check; ``None`` when
            the stream is not compressed (a tar member).
        :raises OverBudget: as soon as a limit is passed; what was read is discarded.
        """
        chunks: list[bytes] = []
        self.pump(stream, chunks.append, location=location, stored=lambda: stored)
        return b"".join(chunks)

    def pump(
        self,
        stream: Readable,
        sink: Callable[[bytes], object],
        *,
        location: str,
        stored: Callable[[], int | None],
    ) -> int:
        """Copy ``stream`` to ``sink`` chunk by chunk, checking the budget after each chunk.

        :param stored: returns the compressed bytes consumed so far (or in all), for the ratio.
        :returns: bytes copied.
        :raises OverBudget: when a limit is passed.
        """
        cap = min(self.remaining, self.budget.max_member_bytes)
        total = 0
        while True:
            chunk = stream.read(CHUNK_BYTES)
            if not chunk:
                return total
            total += len(chunk)
            self.expanded += len(chunk)
            self.check(location=location, total=total, cap=cap, stored=stored())
            sink(chunk)

    def check(self, *, location: str, total: int, cap: int, stored: int | None) -> None:
        """Raise :class:`OverBudget` when ``total`` inflated bytes pass a limit.

        :param cap: most bytes this member may inflate to.
        :param stored: compressed bytes behind ``total`` (``None``: no ratio check).
        """
        if total > cap:
            raise OverBudget(
                Fact(kind="over_budget", location=location, detail=f"inflated > {cap} bytes")
            )
        if stored is not None and total > RATIO_FLOOR_BYTES:
            ratio = total / max(stored, 1)
            if ratio > self.budget.max_ratio:
                raise OverBudget(
                    Fact(
                        kind="over_budget",
                        location=location,
                        detail=f"ratio {ratio:.0f} > {self.budget.max_ratio:.0f}",
                    )
                )
        if self.expired():
            raise OverBudget(
                Fact(kind="time_budget", location=location, detail="extraction deadline")
            )


class BoundedStream:
    """A read-only view of ``stream`` that enforces an :class:`Allowance` on every read.

    Parsers that pull from a stream (SAX, ``tarfile``) get one of these, so a part that
    inflates past the budget or the ratio stops the parser with :class:`OverBudget`.
    """

    __slots__ = ("_allowance", "_cap", "_location", "_stored", "_stream", "total")

    def __init__(
        self, stream: Readable, allowance: Allowance, *, location: str, stored: int | None
    ) -> None:
        self._stream = stream
        self._allowance = allowance
        self._location = location
        self._stored = stored
        self._cap = min(allowance.remaining, allowance.budget.max_member_bytes)
        #: Bytes read so far.
        self.total = 0

    def close(self) -> None:
        """Close the underlying stream when it can be closed."""
        close = getattr(self._stream, "close", None)
        if callable(close):
            close()

    def __enter__(self) -> BoundedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, n: int = -1, /) -> bytes:
        """Read at most ``n`` bytes (all that is left, within the budget, when negative)."""
        if n is None or n < 0:
            chunks: list[bytes] = []
            while chunk := self.read(CHUNK_BYTES):
                chunks.append(chunk)
            return b"".join(chunks)
        chunk = self._stream.read(min(n, CHUNK_BYTES))
        self.total += len(chunk)
        self._allowance.expanded += len(chunk)
        self._allowance.check(
            location=self._location, total=self.total, cap=self._cap, stored=self._stored
        )
        return chunk
