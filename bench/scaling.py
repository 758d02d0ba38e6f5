"""Time per message as bodies and attachments grow: the curve must be linear."""

from __future__ import annotations

from typing import Any

from documents import message_with
from mailcorpus import sized_message
from measure import repeat_median, timed

from dlpmilter.inspector import Inspector

BODY_SIZES = (2_000, 10_000, 50_000, 200_000, 1_000_000, 10_000_000)
ATTACHMENT_SIZES = (10_000, 100_000, 1_000_000)
PRESIDIO_SIZES = (2_000, 10_000, 50_000, 200_000)


def _repeats(size: int) -> int:
    return 5 if size <= 50_000 else 3 if size <= 1_000_000 else 1


def bodies(inspector: Inspector, sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    """Median ms per message for plain bodies of each size."""
    rows = []
    for size in sizes:
        raw = sized_message(size)
        seconds = repeat_median(lambda raw=raw: inspector.inspect(raw), repeat=_repeats(size))
        rows.append({"bytes": len(raw), "target": size, "ms": round(seconds * 1000, 2)})
    return rows


def attachments(inspector: Inspector, sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    """Median ms per message for PDF, XLSX and ZIP attachments of each text size."""
    rows = []
    for kind in ("pdf", "xlsx", "zip"):
        for size in sizes:
            raw = message_with(kind, size)
            seconds = repeat_median(lambda raw=raw: inspector.inspect(raw), repeat=_repeats(size))
            rows.append(
                {
                    "kind": kind,
                    "text_bytes": size,
                    "bytes": len(raw),
                    "ms": round(seconds * 1000, 2),
                }
            )
    return rows


def presidio(baseline: Any, sizes: tuple[int, ...]) -> list[dict[str, Any]]:
    """Presidio on the same bodies (one run each: its large sizes take tens of seconds)."""
    rows = []
    for size in sizes:
        raw = sized_message(size)
        baseline.classify(sized_message(2_000))
        seconds, _ = timed(lambda raw=raw: baseline.classify(raw))
        rows.append({"bytes": len(raw), "target": size, "ms": round(seconds * 1000, 2)})
    return rows
