"""``dlpmilter serve``: the daemon that puts the inspection pool behind a milter socket.

:class:`Gateway` decides one message: pool → verdict → action effect → audit record, and turns
every failure (pool full, time limit, crash, action or audit error) into a ``451 4.7.1``
tempfail with a reference id, never an accept. :class:`Service` owns the process: state
directories, the pool, the socket, and the signals:

* the pool is started first, from the main thread, with SIGTERM/SIGINT/SIGHUP blocked, so the
  forkserver and workers never die of them (they exit when the service closes their pipes);
* libmilter runs in its own thread (its signal thread and connection threads block those
  signals), and the main thread, which keeps them unblocked, receives them: SIGTERM and SIGINT
  stop the milter and then the pool; SIGHUP validates the packs and, only if they load, tells
  the workers to rebuild (a failed reload is logged and the old policy stays);
* with ``metrics_file`` set, a thread of its own rewrites the counters (:mod:`dlpmilter.metrics`)
  every ``metrics_interval_s`` seconds, and once more at shut-down.
"""

from __future__ import annotations

import gc
import grp
import logging
import os
import secrets
import signal
import threading
import time
from datetime import UTC, datetime
from multiprocessing import resource_tracker
from pathlib import Path
from types import FrameType

import Milter

from dlpmilter.actions.adapter import milter_flags
from dlpmilter.actions.base import ActionRequest, Effect, Outcome
from dlpmilter.actions.block import tempfail_effect
from dlpmilter.actions.dispatcher import Dispatcher
from dlpmilter.audit.log import AuditLog
from dlpmilter.callbacks import DlpMilter
from dlpmilter.errors import ConfigError, DlpError
from dlpmilter.message import Envelope, Message
from dlpmilter.metrics import Metrics, MetricsFile, Sample
from dlpmilter.notice import Notices
from dlpmilter.plugins import load_registry
from dlpmilter.pool import DEFAULT_FACTORY, SIGNALS, InspectionPool, InspectionResult, PoolError
from dlpmilter.settings import Settings
from dlpmilter.snapshots import PolicySnapshots
from dlpmilter.spool import Spool, Transaction
from dlpmilter.verdict import Action, Verdict

log = logging.getLogger(__name__)

#: The name the MTA knows the milter by.
MILTER_NAME = "dlpmilter"


def new_reference() -> str:
    """A reference id for one decision: ``DLP-<yyyymmdd>-<10 hex>``, unique and sortable."""
    return f"DLP-{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(5).upper()}"


class Gateway:
    """Decides one message at a time, from many milter threads at once.

    :param on_error: ``tempfail`` or ``quarantine``: what an inspection failure leads to.
    """

    def __init__(
        self,
        *,
        pool: InspectionPool,
        dispatcher: Dispatcher,
        audit: AuditLog,
        spool_dir: Path,
        spool_memory_bytes: int,
        on_error: str = "tempfail",
        notices: Notices | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        if on_error not in ("tempfail", "quarantine"):
            raise ConfigError(
                f"setting 'on_error': expected tempfail or quarantine, got {on_error!r}"
            )
        self.pool = pool
        self.dispatcher = dispatcher
        self.audit = audit
        self.spool_dir = spool_dir
        self.spool_memory_bytes = spool_memory_bytes
        self.on_error = on_error
        self.notices = notices
        self.metrics = metrics

    def begin(self, sender: str, *, client_address: str, authenticated_user: str) -> Transaction:
        """A new transaction with its own spool."""
        spool = Spool(memory_limit=self.spool_memory_bytes, directory=self.spool_dir)
        return Transaction(
            spool,
            sender=sender,
            client_address=client_address,
            authenticated_user=authenticated_user,
        )

    def finish(self, transaction: Transaction, *, queue_id: str) -> Effect:
        """Inspect, act, audit; any failure gives a tempfail. Releases the spool."""
        reference = new_reference()
        envelope = transaction.envelope(queue_id)
        started = time.perf_counter()
        try:
            result, effect = self._decide(transaction, transaction.content(), envelope, reference)
        finally:
            transaction.close()
        eom_ms = (time.perf_counter() - started) * 1000
        try:
            self._audit(envelope, result, effect, reference, eom_ms=eom_ms)
        except Exception as exc:  # noqa: BLE001 - no record, no decision: tempfail
            log.error(
                "queue %s ref %s: audit failed, tempfail: %s", queue_id, reference, _describe(exc)
            )
            effect = tempfail_effect(reference, reason="audit_error")
            self._count(result, effect, eom_ms)
            return effect
        self._count(result, effect, eom_ms)
        log.info(
            "queue %s ref %s: %s -> %s",
            queue_id or "-",
            reference,
            result.verdict.action.label,
            effect.outcome.value,
        )
        if self.notices is not None:
            self.notices.send(envelope, result.verdict, effect, reference)
        return effect

    def _count(self, result: InspectionResult, effect: Effect, eom_ms: float) -> None:
        if self.metrics is not None:
            self.metrics.decision(
                action=result.verdict.action.label,
                mta=effect.outcome.value,
                reason=str(dict(effect.notes).get("reason", "")),
                eom_ms=eom_ms,
            )

    def _decide(
        self, transaction: Transaction, raw: bytes | Path, envelope: Envelope, reference: str
    ) -> tuple[InspectionResult, Effect]:
        try:
            result = self.pool.inspect(raw, envelope)
        except PoolError as exc:
            log.warning("queue %s ref %s: %s", envelope.queue_id or "-", reference, exc)
            if exc.reason == "queue_full" or self.on_error == "tempfail":
                return _failed(exc, transaction.spool.size), tempfail_effect(
                    reference, reason=exc.reason
                )
            result = InspectionResult(
                verdict=Verdict(
                    action=Action.QUARANTINE, facts=(f"inspection_failed: {exc.reason}",)
                ),
                size=transaction.spool.size,
            )
        request = ActionRequest(
            verdict=result.verdict,
            envelope=envelope,
            reference=reference,
            subject=transaction.subject,
            raw=raw,
        )
        try:
            return result, self.dispatcher.decide(request)
        except Exception as exc:  # noqa: BLE001 - any action failure must tempfail, never accept
            # the type only: a library's exception text may hold addresses or content
            log.error(
                "ref %s: action %s failed: %s",
                reference,
                result.verdict.action.label,
                _describe(exc),
            )
            return result, tempfail_effect(reference, reason="action_error")

    def _audit(
        self,
        envelope: Envelope,
        result: InspectionResult,
        effect: Effect,
        reference: str,
        *,
        eom_ms: float = 0.0,
    ) -> None:
        """Write the decision record (the one place the milter talks to the audit log).

        ``eom_ms`` is the milter's own end-of-message time (inspection and action, before the
        audit write); the benchmarks read its percentiles from the audit log.
        """
        message = Message(envelope=envelope, message_id=result.message_id, size=result.size)
        notes = dict(effect.notes)
        failed = effect.outcome is Outcome.TEMPFAIL and result.verdict.action is not Action.TEMPFAIL
        self.audit.record_decision(
            message,
            result.verdict,
            queue_id=envelope.queue_id,
            outcome="tempfail" if failed else "",
            reason=notes.pop("reason", ""),
            reference=reference,
            extra={"mta": effect.outcome.value, "eom_ms": round(eom_ms, 2), **notes},
        )


def _failed(exc: PoolError, size: int) -> InspectionResult:
    verdict = Verdict(action=Action.TEMPFAIL, explanation=f"inspection unavailable: {exc.reason}")
    return InspectionResult(verdict=verdict, size=size)


def parse_socket(spec: str) -> tuple[str, Path | None]:
    """The libmilter connection string and, for a unix socket, its path.

    ``unix:/path``, ``local:/path`` and a bare ``/path`` are unix sockets; ``inet:port@host`` is
    TCP (which costs 40-90 ms per message on one host: libmilter sets no TCP_NODELAY).

    :raises ConfigError: for anything else.
    """
    if spec.startswith("/"):
        spec = "unix:" + spec
    kind, _, rest = spec.partition(":")
    if kind in ("unix", "local") and rest.startswith("/"):
        return f"unix:{rest}", Path(rest)
    if kind in ("inet", "inet6") and rest.partition("@")[0].isdigit():
        return spec, None
    raise ConfigError(f"setting 'socket': expected unix:/path or inet:port@host, got {spec!r}")


class Service:
    """The ``serve`` process: pool, milter thread, signals, clean shut-down.

    :param factory: the inspector factory the workers use (``module:attribute``).
    """

    def __init__(self, settings: Settings, *, factory: str = DEFAULT_FACTORY) -> None:
        self.settings = settings
        self.connection, self.socket_path = parse_socket(str(settings["socket"]))
        try:
            self.socket_mode = int(str(settings["socket_mode"]), 8)
        except ValueError:
            raise ConfigError(
                f"setting 'socket_mode': not an octal mode: {settings['socket_mode']!r}"
            ) from None
        self.socket_gid = _group_id(str(settings["socket_group"]))
        self.registry = load_registry()
        self.dispatcher = Dispatcher.from_registry(self.registry.actions, settings)
        self.audit = AuditLog.from_settings(settings, self.registry)
        self.snapshots = PolicySnapshots(settings)
        self.policy_settings = self.snapshots.take()
        self.snapshots.activate(self.policy_settings)
        self.pool = InspectionPool.from_settings(self.policy_settings, factory=factory)
        self.metrics = Metrics()
        self.gateway = Gateway(
            pool=self.pool,
            dispatcher=self.dispatcher,
            audit=self.audit,
            spool_dir=settings.state_dir / "spool",
            spool_memory_bytes=int(settings["spool_memory_bytes"]),
            on_error=str(settings["on_error"]),
            notices=Notices.from_settings(settings),
            metrics=self.metrics,
        )
        self.metrics_file = self._metrics_file(settings)
        self._stop = threading.Event()
        self._reload = threading.Event()
        self._failure: BaseException | None = None

    def _metrics_file(self, settings: Settings) -> MetricsFile | None:
        configured = str(settings["metrics_file"])
        if not configured:
            return None
        return MetricsFile(
            Path(configured),
            self.metrics,
            gauges=self._gauges,
            interval_s=float(settings["metrics_interval_s"]),
        )

    def _gauges(self) -> dict[str, Sample]:
        return {
            "dlpmilter_workers": Sample("gauge", "Inspection workers running.", self.pool.alive),
            "dlpmilter_workers_configured": Sample(
                "gauge", "Inspection workers wanted.", self.pool.size
            ),
            "dlpmilter_worker_replacements_total": Sample(
                "counter",
                "Workers retired: killed at the time limit, crashed, or at worker_max_messages.",
                self.pool.replaced,
            ),
            "dlpmilter_policy_generation": Sample(
                "gauge",
                "Policy reloads the workers were told of since start.",
                self.pool.generation,
            ),
        }

    def check(self) -> None:
        """Load everything ``run`` would (the packs in this process), start nothing.

        :raises ConfigError: naming what does not load.
        """
        try:
            self.pool.validate()
        except ConfigError as exc:
            raise ConfigError(self.snapshots.explain(str(exc), self.policy_settings)) from exc
        finally:
            self.audit.close()
            self.snapshots.close()

    def run(self) -> int:
        """Run until SIGTERM or SIGINT; 0 after a clean stop, 1 when the milter failed."""
        (self.settings.state_dir / "spool").mkdir(mode=0o700, parents=True, exist_ok=True)
        resource_tracker.ensure_running()
        signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
        try:
            self._start_pool()
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, self._on_stop)
            signal.signal(signal.SIGHUP, self._on_hup)
            _freeze_heap()
            thread = self._start_milter()
            if self.metrics_file is not None:
                self.metrics_file.start()
            signal.pthread_sigmask(signal.SIG_UNBLOCK, SIGNALS)
            self._supervise(thread)
        finally:
            signal.pthread_sigmask(signal.SIG_BLOCK, SIGNALS)
            if self.metrics_file is not None:
                self.metrics_file.stop()
            self.pool.shutdown()
            if self.gateway.notices is not None:
                self.gateway.notices.close()
            self.audit.close()
            self.snapshots.close()
            if self.socket_path is not None:
                self.socket_path.unlink(missing_ok=True)
        if self._failure is not None:
            log.error("milter stopped on error: %s", self._failure)
            return 1
        log.info("stopped")
        return 0

    def _start_pool(self) -> None:
        try:
            self.pool.start()
        except ConfigError as exc:
            raise ConfigError(self.snapshots.explain(str(exc), self.policy_settings)) from exc

    def _start_milter(self) -> threading.Thread:
        DlpMilter.gateway = self.gateway
        DlpMilter.flags = milter_flags(self.dispatcher.edit_types)
        Milter.factory = DlpMilter
        Milter.set_flags(DlpMilter.flags)
        Milter.set_exception_policy(Milter.TEMPFAIL)
        previous = None
        if self.socket_path is not None:
            self.socket_path.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
            previous = os.umask(0o777 & ~self.socket_mode)
        thread = threading.Thread(target=self._run_milter, name="dlpmilter-libmilter", daemon=True)
        thread.start()
        if self.socket_path is not None:
            self._wait_socket(thread, previous)
        log.info("listening on %s with %d workers", self.connection, self.pool.size)
        return thread

    def _run_milter(self) -> None:
        try:
            Milter.runmilter(MILTER_NAME, self.connection, int(self.settings["milter_timeout_s"]))
        except BaseException as exc:  # noqa: BLE001 - reported by run() after the pool stops
            self._failure = exc
        finally:
            self._stop.set()

    def _wait_socket(self, thread: threading.Thread, umask: int | None) -> None:
        assert self.socket_path is not None
        try:
            deadline = time.monotonic() + 10
            while (
                not self.socket_path.exists() and thread.is_alive() and time.monotonic() < deadline
            ):
                time.sleep(0.02)
        finally:
            if umask is not None:
                os.umask(umask)
        if self.socket_path.exists():
            self.socket_path.chmod(self.socket_mode)
            if self.socket_gid is not None:
                os.chown(self.socket_path, -1, self.socket_gid)

    def _supervise(self, thread: threading.Thread) -> None:
        while thread.is_alive():
            thread.join(0.2)
            if self._reload.is_set():
                self._reload.clear()
                self.reload()

    def reload(self) -> bool:
        """Snapshot and validate the packs here; on success make the workers rebuild from the
        snapshot. False when the current policy was kept."""
        try:
            snapshot = self.snapshots.take()
        except ConfigError as exc:
            log.error("reload failed, keeping the current policy: %s", exc)
            self.metrics.reload(ok=False)
            return False
        try:
            self.pool.validate(snapshot)
            # the actions read their key material again (certificates, OpenPGP keys)
            dispatcher = Dispatcher.from_registry(self.registry.actions, self.settings)
        except Exception as exc:  # noqa: BLE001 - a failed reload keeps the policy in force
            self.snapshots.discard(snapshot)
            reason = self.snapshots.explain(_describe(exc), snapshot)
            log.error("reload failed, keeping the current policy: %s", reason)
            self.metrics.reload(ok=False)
            return False
        self.gateway.dispatcher = dispatcher
        generation = self.pool.reload(snapshot)
        self.snapshots.activate(snapshot)
        _freeze_heap()
        log.info("reloaded: workers rebuild their policy (generation %d)", generation)
        self.metrics.reload(ok=True)
        return True

    def _on_stop(self, signum: int, frame: FrameType | None) -> None:
        log.info("signal %d: stopping", signum)
        Milter.milter.stop()

    def _on_hup(self, signum: int, frame: FrameType | None) -> None:
        self._reload.set()


def _freeze_heap() -> None:
    """Move what start-up (or a reload) built into the collector's permanent generation: the
    modules, plugins and action handlers live as long as the process, and full collections
    then walk only what messages allocate (they took 3 % of the milter process's CPU)."""
    gc.collect()
    gc.freeze()


def _describe(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, DlpError) else type(exc).__name__


def _group_id(name: str) -> int | None:
    if not name:
        return None
    try:
        return grp.getgrnam(name).gr_gid
    except KeyError:
        raise ConfigError(f"setting 'socket_group': no group {name!r}") from None


def serve(settings: Settings, *, factory: str = DEFAULT_FACTORY) -> int:
    """Build the service and run it; see :class:`Service`."""
    return Service(settings, factory=factory).run()
