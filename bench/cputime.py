"""CPU time from ``/proc``: the whole machine's busy time and one process tree's.

The Postfix benchmark reads both just before ``smtp-source`` starts and again once every
message is delivered, so it can say how many milliseconds of CPU each message cost the
machine, the milter process and its inspection workers.
"""

from __future__ import annotations

import os
from pathlib import Path

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


def tree_seconds(root: int) -> tuple[float, float]:
    """CPU seconds of ``root`` itself and of all its living descendants."""
    pids = (int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit())
    stats = {pid: s for pid in pids if (s := _stat(pid))}
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in stats.items():
        children.setdefault(parent, []).append(pid)
    own = stats[root][1] if root in stats else 0.0
    below, todo = 0.0, list(children.get(root, ()))
    while todo:
        pid = todo.pop()
        below += stats[pid][1]
        todo.extend(children.get(pid, ()))
    return own, below
