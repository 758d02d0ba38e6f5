"""Operational metrics of ``dlpmilter serve``, as a Prometheus text file.

:class:`Metrics` counts decisions (by action and by what the MTA was told), tempfails by
reason, reloads, and the milter's end-of-message time as a histogram. :class:`MetricsFile`
writes them, with the pool's gauges, every ``metrics_interval_s`` seconds to ``metrics_file``
(written aside and renamed, so a reader never sees half a file): the layout node_exporter's
textfile collector reads, and plain enough for any monitoring agent or ``cat``. Nothing here
names a message, an address or a finding: action names, reasons, counts and times.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from dlpmilter.errors import ConfigError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Sample:
    """A figure read from elsewhere when the file is written (the pool's workers, say)."""

    kind: Literal["gauge", "counter"]
    help: str
    value: float


#: Upper bounds (milliseconds) of the end-of-message histogram's buckets.
EOM_BUCKETS_MS = (5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000)


class Metrics:
    """Counters and the end-of-message histogram; safe to update from many milter threads."""

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        self._decisions: Counter[tuple[str, str]] = Counter()
        self._tempfails: Counter[str] = Counter()
        self._reloads: Counter[str] = Counter()
        self._buckets = [0] * len(EOM_BUCKETS_MS)
        self._eom_count = 0
        self._eom_sum_ms = 0.0
        self.started = clock()

    def decision(self, *, action: str, mta: str, reason: str, eom_ms: float) -> None:
        """One message decided: the verdict's action, what the MTA was told, and the
        failure ``reason`` when it was tempfailed for one (``timeout``, ``queue_full``...)."""
        with self._lock:
            self._decisions[(action, mta)] += 1
            if reason:
                self._tempfails[reason] += 1
            self._eom_count += 1
            self._eom_sum_ms += eom_ms
            for index, bound in enumerate(EOM_BUCKETS_MS):
                if eom_ms <= bound:
                    self._buckets[index] += 1
                    break

    def reload(self, *, ok: bool) -> None:
        """A SIGHUP reload that took effect, or one that kept the old policy."""
        with self._lock:
            self._reloads["ok" if ok else "failed"] += 1

    def render(self, samples: Mapping[str, Sample] | None = None) -> str:
        """The Prometheus text exposition of everything counted, plus ``samples``."""
        with self._lock:
            decisions = sorted(self._decisions.items())
            tempfails = sorted(self._tempfails.items())
            reloads = sorted(self._reloads.items())
            buckets, count, total = list(self._buckets), self._eom_count, self._eom_sum_ms
        out: list[str] = []
        _family(out, "dlpmilter_messages_total", "counter",
                "Messages decided, by the verdict's action and what the MTA was told.")  # fmt: skip
        out += [
            f'dlpmilter_messages_total{{action="{a}",mta="{m}"}} {n}' for (a, m), n in decisions
        ]
        _family(out, "dlpmilter_tempfails_total", "counter",
                "Messages tempfailed because inspection, an action or the audit failed, by reason.")  # fmt: skip
        out += [f'dlpmilter_tempfails_total{{reason="{r}"}} {n}' for r, n in tempfails]
        _family(out, "dlpmilter_reloads_total", "counter",
                "SIGHUP reloads that took effect (ok) or kept the old policy (failed).")  # fmt: skip
        out += [f'dlpmilter_reloads_total{{result="{r}"}} {n}' for r, n in reloads]
        _family(out, "dlpmilter_eom_seconds", "histogram",
                "The milter's end-of-message time: inspection and action, before the audit write.")  # fmt: skip
        running = 0
        for bound, hits in zip(EOM_BUCKETS_MS, buckets, strict=True):
            running += hits
            out.append(f'dlpmilter_eom_seconds_bucket{{le="{bound / 1000:g}"}} {running}')
        out += [
            f'dlpmilter_eom_seconds_bucket{{le="+Inf"}} {count}',
            f"dlpmilter_eom_seconds_sum {total / 1000:.6f}",
            f"dlpmilter_eom_seconds_count {count}",
        ]
        _family(out, "dlpmilter_start_time_seconds", "gauge",
                "When this milter process started (Unix time).")  # fmt: skip
        out.append(f"dlpmilter_start_time_seconds {self.started:.3f}")
        for name, sample in sorted((samples or {}).items()):
            _family(out, name, sample.kind, sample.help)
            out.append(f"{name} {sample.value:g}")
        return "\n".join(out) + "\n"


def _family(out: list[str], name: str, kind: str, text: str) -> None:
    out += [f"# HELP {name} {text}", f"# TYPE {name} {kind}"]


class MetricsFile:
    """Writes :class:`Metrics` to a file now and then, from a thread of its own.

    :param gauges: called at each write for the figures read from elsewhere (by name).
    :raises ConfigError: when the file's directory does not exist or is not writable.
    """

    def __init__(
        self,
        path: Path,
        metrics: Metrics,
        *,
        gauges: Callable[[], Mapping[str, Sample]] = dict,
        interval_s: float = 15.0,
    ) -> None:
        if interval_s <= 0:
            raise ConfigError(f"setting 'metrics_interval_s': must be positive, got {interval_s}")
        if not path.parent.is_dir() or not os.access(path.parent, os.W_OK):
            raise ConfigError(f"setting 'metrics_file': {path.parent} is not a writable directory")
        self.path = path
        self.metrics = metrics
        self.gauges = gauges
        self.interval_s = interval_s
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def write(self) -> None:
        """Write the file once: aside, then renamed over the old one."""
        aside = self.path.with_name(f".{self.path.name}.{os.getpid()}")
        try:
            aside.write_text(self.metrics.render(self.gauges()), encoding="utf-8")
            aside.chmod(0o644)
            aside.replace(self.path)
        except OSError:
            aside.unlink(missing_ok=True)
            raise

    def start(self) -> None:
        """Write now and then every interval until :meth:`stop`."""
        self.write()
        self._thread = threading.Thread(target=self._run, name="dlpmilter-metrics", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.write()
            except OSError as exc:  # a full disk must not stop the milter
                log.warning("metrics file %s: %s", self.path, exc.strerror)

    def stop(self) -> None:
        """Stop the thread and write the final figures."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5.0)
        try:
            self.write()
        except OSError as exc:
            log.warning("metrics file %s: %s", self.path, exc.strerror)
