"""CPU time and memory from ``/proc``: the whole machine's busy time, one process tree's CPU
time and its processes' resident memory.

The Postfix benchmark reads both just before ``smtp-source`` starts and again once every
message is delivered, so it can say how many milliseconds of CPU each message cost the
machine, the milter process and its inspection workers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

_TICK = os.sysconf("SC_CLK_TCK")


def machine_seconds() -> tuple[float, float]:
    """``(busy, total)`` CPU seconds of every core since boot (``/proc/stat``)."""
    fields = [
        int(v) for v in Path("/proc/stat").read_text(encoding="ascii").split("\n")[0].split()[1:]
    ]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields) - idle) / _TICK, sum(fields) / _TICK


def _stat(pid: int) -> tuple[int, float] | None:
    """``(parent pid, user + system seconds)`` of one process, None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    fields = text.rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / _TICK


def _processes() -> tuple[dict[int, tuple[int, float]], dict[int, list[int]]]:
    """Every living process's ``(parent, CPU seconds)``, and each pid's children."""
    pids = (int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit())
    stats = {pid: s for pid in pids if (s := _stat(pid))}
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    return stats, children


def tree_seconds(root: int) -> tuple[float, float]:
    """CPU seconds of ``root`` itself and of all its living descendants."""
    stats, children = _processes()
    own = stats[root][1] if root in stats else 0.0
    below, todo = 0.0, list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        below += stats[pid][1]
        todo.extend(children.get(pid, ()))
    return own, below


def _rss_mib(pid: int) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii", errors="replace")
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree_rss(root: int) -> dict[str, Any]:
    """Resident memory (MiB) of ``root`` and of its descendants: ``own``, ``helpers`` (its
    children: the forkserver and resource tracker) and ``workers`` (their children)."""
    _, children = _processes()
    helpers = children.get(root, [])
    workers = [w for h in helpers for w in children.get(h, [])]
    return {
        "own": round(_rss_mib(root), 1),
        "helpers": sorted(round(_rss_mib(p), 1) for p in helpers),
        "workers": sorted(round(_rss_mib(p), 1) for p in workers),
    }
