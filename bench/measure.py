"""Small measuring helpers shared by the benchmark sections."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds one call takes, and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def repeat_median(fn: Callable[[], Any], *, repeat: int) -> float:
    """Median seconds of ``repeat`` calls (after one warm-up call)."""
    fn()
    return statistics.median(timed(fn)[0] for _ in range(repeat))


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile (0-100) by nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def _status_mb(pid: int | str, field: str) -> float:
    with Path(f"/proc/{pid}/status").open(encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size of a process in MiB, from /proc."""
    return _status_mb(pid, "VmRSS")


def peak_rss_mb(pid: int | str = "self") -> float:
    """Peak resident set size (VmHWM) of a process in MiB."""
    return _status_mb(pid, "VmHWM")
