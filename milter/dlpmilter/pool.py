"""The inspection pool: worker processes that parse, detect and classify, started once.

Each worker is a ``forkserver`` child with its own pipe. It builds its inspector once (rule
packs compiled, detectors and models loaded) through a factory named ``module:attribute``
(default :data:`DEFAULT_FACTORY`), then answers one message at a time. The milter threads call
:meth:`InspectionPool.inspect`, which:

* fails at once with :class:`PoolError` (``queue_full``) when ``workers + queue_size``
  messages are already in the pool, so Postfix gets a 451 and retries later;
* kills and replaces a worker that passes the per-message time limit (``timeout``);
* replaces a worker that died (``worker_died``) and reports inspection errors
  (``inspection_error``); every one of these means TEMPFAIL, never accept;
* recycles a worker after ``max_messages`` messages.

:meth:`InspectionPool.reload` bumps a generation number, optionally with new settings: each
worker rebuilds its inspector before its next message (with those settings) and keeps the old
one if the rebuild fails. The caller validates the new settings first
(:meth:`InspectionPool.validate`).

Signals: the pool must be started from the main thread with SIGTERM, SIGINT and SIGHUP blocked,
so the forkserver inherits that mask; workers unblock them, ignore SIGINT and SIGHUP, and exit
when their pipe closes, so no worker outlives the service.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import logging
import multiprocessing
import os
import queue
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from dlpmilter import logs
from dlpmilter.errors import ConfigError, DetectionError, DlpError
from dlpmilter.message import Envelope
from dlpmilter.verdict import Verdict

log = logging.getLogger(__name__)

#: The inspector factory workers use unless told otherwise.
DEFAULT_FACTORY = "dlpmilter.inspector:Inspector"

#: The signals the service handles itself; the pool's processes must not die of them.
SIGNALS = frozenset({signal.SIGTERM, signal.SIGINT, signal.SIGHUP})


class PoolError(DetectionError):
    """The pool could not give a verdict; the message must be tempfailed.

    :param reason: ``queue_full``, ``timeout``, ``worker_died``, ``inspection_error``,
        ``no_worker`` (none became free in time, e.g. replacements cannot start) or
        ``shutting_down``.
    :param detail: the error's type and safe text (never message content).
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"inspection unavailable: {reason}" + (f" ({detail})" if detail else ""))


@dataclass(frozen=True, slots=True, kw_only=True)
class InspectionResult:
    """What a worker sends back: the verdict plus what the audit needs about the message."""

    verdict: Verdict
    message_id: str = ""
    size: int = 0
    elapsed_ms: float = 0.0


class Inspecting(Protocol):
    """What a factory builds: ``inspect(raw, envelope)`` returning an object with ``verdict``
    and ``message`` (see :class:`dlpmilter.inspector.Inspection`)."""

    def inspect(self, raw: bytes, envelope: Envelope | None = None) -> Any: ...


def worker_count(setting: int, cores: int | None = None) -> int:
    """The number of workers for the ``workers`` setting: itself when positive; for 0, one per
    core less one (the MTA and the milter process need CPU too), at least one.

    :param cores: the machine's cores (default: ``os.cpu_count()``).
    :raises ConfigError: for a negative setting.
    """
    if setting < 0:
        raise ConfigError(
            f"setting 'workers': expected 0 (one per core less one) or more, got {setting}"
        )
    if setting:
        return setting
    return max(1, (cores if cores is not None else os.cpu_count() or 2) - 1)


def resolve_factory(spec: str) -> Callable[[Any], Inspecting]:
    """Import ``module:attribute`` and return it.

    :raises ConfigError: when it cannot be imported or is not callable.
    """
    module_name, _, attribute = spec.partition(":")
    try:
        target = getattr(importlib.import_module(module_name), attribute or "Inspector")
    except (ImportError, AttributeError) as exc:
        raise ConfigError(f"inspector factory {spec!r}: {type(exc).__name__}: {exc}") from exc
    if not callable(target):
        raise ConfigError(f"inspector factory {spec!r} is not callable")
    return target  # type: ignore[no-any-return]


def describe(exc: BaseException) -> str:
    """An error's type, plus its text for dlpmilter's own errors (which never hold content)."""
    if isinstance(exc, DlpError):
        return f"{type(exc).__name__}: {str(exc)[:300]}"
    return type(exc).__name__


def _worker_main(
    conn: Connection, spec: str, settings: Mapping[str, Any], generation: int, log_level: int
) -> None:
    """The body of one worker process (logging as the parent does, foreign text withheld)."""
    logs.configure(log_level)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        build = resolve_factory(spec)
        inspector = build(settings)
    except Exception as exc:  # noqa: BLE001 - whatever start-up raises is reported to the parent
        conn.send(("failed", describe(exc)))
        return
    gc.freeze()  # the inspector's objects live as long as the worker: keep them out of GC passes
    conn.send(("ready", ""))
    current = generation
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        wanted, new_settings, raw, envelope = request
        if wanted != current:
            settings = new_settings if new_settings is not None else settings
            inspector = _rebuild(build, settings, inspector)
            gc.freeze()
            current = wanted
        conn.send(_inspect_one(inspector, raw, envelope))


def _rebuild(build: Callable[[Any], Inspecting], settings: Any, old: Inspecting) -> Inspecting:
    try:
        return build(settings)
    except Exception as exc:  # noqa: BLE001 - a failed reload keeps the policy in force
        log.error("reload failed in worker, keeping the previous policy: %s", describe(exc))
        return old


def _inspect_one(
    inspector: Inspecting, content: bytes | Path, envelope: Envelope
) -> tuple[str, Any]:
    started = time.monotonic()
    try:
        raw = content.read_bytes() if isinstance(content, Path) else content
        inspection = inspector.inspect(raw, envelope)
    except Exception as exc:  # noqa: BLE001 - any failure becomes a tempfail in the parent
        return ("error", describe(exc))
    message = getattr(inspection, "message", None)
    return (
        "ok",
        InspectionResult(
            verdict=inspection.verdict,
            message_id=str(getattr(message, "message_id", "") or ""),
            size=len(raw),
            elapsed_ms=(time.monotonic() - started) * 1000,
        ),
    )


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(
        self, context: Any, spec: str, settings: Mapping[str, Any], generation: int
    ) -> None:
        parent, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child, spec, settings, generation, logging.getLogger().getEffectiveLevel()),
            name="dlpmilter-worker",
            daemon=True,
        )
        self.process.start()
        child.close()
        self.conn: Connection = parent
        self.count = 0
        self.generation = generation

    def wait_ready(self, timeout: float) -> None:
        """Block until the worker has built its inspector.

        :raises ConfigError: when it failed to, or did not answer in time.
        """
        if not self.conn.poll(timeout):
            self.kill()
            raise ConfigError(f"inspection worker did not start within {timeout:g} s")
        try:
            kind, detail = self.conn.recv()
        except (EOFError, OSError):
            kind, detail = "failed", "worker exited during start-up"
        if kind != "ready":
            self.kill()
            raise ConfigError(f"inspection worker failed to start: {detail}")

    def stop(self, timeout: float = 5.0) -> None:
        """Ask the worker to exit; kill it if it does not."""
        with contextlib.suppress(OSError, ValueError):
            self.conn.send(None)
        self.process.join(timeout)
        self.kill()

    def kill(self) -> None:
        """Kill the process (if alive), reap it and close the pipe."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5.0)
        self.conn.close()


class InspectionPool:
    """A fixed number of inspection workers behind a bounded queue.

    :param settings: passed to the factory in each worker.
    :param factory: ``module:attribute`` of the inspector factory.
    :param workers: worker processes.
    :param queue_size: messages that may wait for a worker before new ones are refused.
    :param max_messages: messages a worker inspects before it is replaced.
    :param timeout_s: seconds a worker may spend on one message before it is killed.
    :param start_timeout_s: seconds a worker may take to build its inspector.
    """

    def __init__(
        self,
        settings: Mapping[str, Any],
        *,
        factory: str = DEFAULT_FACTORY,
        workers: int = 2,
        queue_size: int = 64,
        max_messages: int = 1000,
        timeout_s: float = 60.0,
        start_timeout_s: float = 300.0,
    ) -> None:
        if workers < 1 or queue_size < 0 or max_messages < 1 or timeout_s <= 0:
            raise ConfigError("pool: workers, worker_max_messages and timeouts must be positive")
        self.settings = settings
        self.factory = factory
        self.size = workers
        self.queue_size = queue_size
        self.max_messages = max_messages
        self.timeout_s = timeout_s
        self.start_timeout_s = start_timeout_s
        self.generation = 0
        #: Workers retired so far: killed (time limit, crash) or at ``worker_max_messages``.
        self.replaced = 0
        self._slots = threading.BoundedSemaphore(workers + queue_size)
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._closed = threading.Event()
        self._context: Any = None

    @classmethod
    def from_settings(
        cls, settings: Mapping[str, Any], *, factory: str = DEFAULT_FACTORY
    ) -> InspectionPool:
        """A pool sized by ``workers``, ``queue_size``, ``worker_max_messages`` and
        ``inspection_timeout_s``."""
        return cls(
            settings,
            factory=factory,
            workers=worker_count(int(settings["workers"])),
            queue_size=int(settings["queue_size"]),
            max_messages=int(settings["worker_max_messages"]),
            timeout_s=float(settings["inspection_timeout_s"]),
        )

    def start(self) -> None:
        """Start every worker and wait until each has built its inspector.

        :raises ConfigError: when a worker cannot build its inspector.
        """
        self._context = multiprocessing.get_context("forkserver")
        module = self.factory.partition(":")[0]
        self._context.set_forkserver_preload([module])
        started = [self._spawn() for _ in range(self.size)]
        try:
            for worker in started:
                worker.wait_ready(self.start_timeout_s)
        except ConfigError:
            self.shutdown()
            raise
        for worker in started:
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        with self._lock:
            settings, generation = self.settings, self.generation
        worker = _Worker(self._context, self.factory, settings, generation)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _forget(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)

    def validate(self, settings: Mapping[str, Any] | None = None) -> None:
        """Build an inspector here, in the caller, to prove the packs load (under ``settings``,
        default the current ones).

        :raises ConfigError: (or whatever the factory raises) when they do not.
        """
        resolve_factory(self.factory)(settings if settings is not None else self.settings)

    def reload(self, settings: Mapping[str, Any] | None = None) -> int:
        """Make every worker rebuild its inspector (with ``settings`` when given) before its next
        message; new workers start with them too. Returns the new generation."""
        with self._lock:
            if settings is not None:
                self.settings = settings
            self.generation += 1
            return self.generation

    def inspect(self, raw: bytes | Path, envelope: Envelope) -> InspectionResult:
        """Inspect one message in a worker: its bytes, or the path of a file the worker reads
        (a spooled message is not copied through this process).

        :raises PoolError: queue full, time limit passed, worker died, inspection failed,
            or the pool is shutting down.
        """
        if self._closed.is_set():
            raise PoolError("shutting_down")
        if not self._slots.acquire(blocking=False):
            raise PoolError("queue_full")
        try:
            worker = self._take()
            return self._run(worker, raw, envelope)
        finally:
            self._slots.release()

    def _take(self) -> _Worker:
        """A free worker, waiting at most as long as the messages ahead could take."""
        patience = self.timeout_s * (2 + self.queue_size // self.size)
        deadline = time.monotonic() + patience
        while True:
            try:
                return self._idle.get(timeout=0.5)
            except queue.Empty:
                if self._closed.is_set():
                    raise PoolError("shutting_down") from None
                if time.monotonic() > deadline:
                    raise PoolError("no_worker", f"none free within {patience:g} s") from None

    def _run(self, worker: _Worker, raw: bytes | Path, envelope: Envelope) -> InspectionResult:
        try:
            with self._lock:
                generation, settings = self.generation, self.settings
            update = settings if worker.generation != generation else None
            worker.conn.send((generation, update, raw, envelope))
            worker.generation = generation
            answered = worker.conn.poll(self.timeout_s)
            reply = worker.conn.recv() if answered else None
        except (EOFError, OSError):
            self._replace(worker)
            raise PoolError("worker_died") from None
        if reply is None:
            log.error(
                "inspection worker %s passed %.1f s; killed", worker.process.pid, self.timeout_s
            )
            self._replace(worker)
            raise PoolError("timeout", f"over {self.timeout_s:g} s")
        worker.count += 1
        if worker.count >= self.max_messages:
            self._replace(worker, graceful=True)
        else:
            self._idle.put(worker)
        kind, payload = reply
        if kind != "ok":
            raise PoolError("inspection_error", str(payload))
        assert isinstance(payload, InspectionResult)
        return payload

    def _replace(self, worker: _Worker, *, graceful: bool = False) -> None:
        """Retire a worker and start its successor in the background."""
        self._forget(worker)
        with self._lock:
            self.replaced += 1
        thread = threading.Thread(
            target=self._succeed, args=(worker, graceful), name="dlpmilter-respawn", daemon=True
        )
        thread.start()

    def _succeed(self, old: _Worker, graceful: bool) -> None:
        if graceful:
            old.stop()
        else:
            old.kill()
        while not self._closed.is_set():
            worker = self._spawn()
            try:
                worker.wait_ready(self.start_timeout_s)
            except ConfigError as exc:
                self._forget(worker)
                log.error("cannot start a replacement worker, retrying: %s", describe(exc))
                self._closed.wait(5.0)
                continue
            if self._closed.is_set():
                worker.stop()
                return
            self._idle.put(worker)
            return

    @property
    def alive(self) -> int:
        """Worker processes currently running."""
        with self._lock:
            return sum(1 for w in self._workers if w.process.is_alive())

    def pids(self) -> tuple[int, ...]:
        """Process ids of the current workers."""
        with self._lock:
            return tuple(w.process.pid for w in self._workers if w.process.pid is not None)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop every worker (killing those that do not exit within ``timeout``)."""
        self._closed.set()
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.stop(timeout)
