"""The inspection pool with real worker processes and the trigger inspector."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from dlpmilter.errors import ConfigError
from dlpmilter.message import Envelope
from dlpmilter.pool import InspectionPool, PoolError, resolve_factory, worker_count
from dlpmilter.verdict import Action

HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:  # the forkserver copies sys.path when it starts: set it first
    sys.path.insert(0, HERE)

FACTORY = "trigger_inspector:TriggerInspector"
ENVELOPE = Envelope(sender="a@corp.test", recipients=("b@example.com",), queue_id="Q1")


def make_pool(state: Path, **kw: int | float) -> InspectionPool:
    options: dict[str, int | float] = {
        "workers": 1,
        "queue_size": 0,
        "max_messages": 100,
        "timeout_s": 5.0,
    }
    options.update(kw)
    return InspectionPool(
        {"state_dir": str(state)},
        factory=FACTORY,
        workers=int(options["workers"]),
        queue_size=int(options["queue_size"]),
        max_messages=int(options["max_messages"]),
        timeout_s=float(options["timeout_s"]),
        start_timeout_s=60,
    )


@pytest.fixture
def pool(tmp_path: Path) -> Iterator[InspectionPool]:
    p = make_pool(tmp_path, timeout_s=2.0)
    p.start()
    yield p
    p.shutdown()


def label(pool: InspectionPool, body: bytes, prefix: str) -> str:
    verdict = pool.inspect(b"Subject: t\r\n\r\n" + body, ENVELOPE).verdict
    return next(x for x in verdict.labels if x.startswith(prefix))


def wait_until(predicate: object, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, "condition not reached"
        time.sleep(0.05)


# fmt: off
VERDICTS = [
    (b"hello",                  Action.DELIVER),
    (b"BLOCKME",                Action.BLOCK),
    (b"QUARANTINEME ENCRYPTME", Action.QUARANTINE),
    (b"PORTALME",               Action.PORTAL),
]
# fmt: on


def test_verdicts_come_back_from_the_worker(pool: InspectionPool) -> None:
    """The worker's verdict, message id and size reach the caller."""
    for body, action in VERDICTS:
        raw = b"Message-ID: <m1@corp.test>\r\nSubject: t\r\n\r\n" + body
        result = pool.inspect(raw, ENVELOPE)
        assert result.verdict.action is action
        assert result.message_id == "<m1@corp.test>"
        assert result.size == len(raw)


def test_a_spooled_message_is_read_by_the_worker(pool: InspectionPool, tmp_path: Path) -> None:
    """Given a path, the worker reads the file itself."""
    spooled = tmp_path / "tx.eml"
    spooled.write_bytes(b"Subject: t\r\n\r\nBLOCKME\r\n")
    result = pool.inspect(spooled, ENVELOPE)
    assert result.verdict.action is Action.BLOCK
    assert result.size == spooled.stat().st_size


def test_an_exception_is_reported_and_the_worker_lives_on(pool: InspectionPool) -> None:
    """An inspection error is a PoolError naming the type only; the same worker goes on."""
    before = pool.pids()
    with pytest.raises(PoolError) as caught:
        pool.inspect(b"\r\nCRASHME", ENVELOPE)
    assert caught.value.reason == "inspection_error"
    assert caught.value.detail == "RuntimeError"
    assert pool.inspect(b"\r\nfine", ENVELOPE).verdict.action is Action.DELIVER
    assert pool.pids() == before


def test_a_slow_message_gets_the_worker_killed_and_replaced(pool: InspectionPool) -> None:
    """Past the time limit: PoolError('timeout'), the worker is killed, a new one serves."""
    [old] = pool.pids()
    with pytest.raises(PoolError) as caught:
        pool.inspect(b"\r\nSLEEPME30", ENVELOPE)
    assert caught.value.reason == "timeout"
    assert pool.inspect(b"\r\nfine", ENVELOPE).verdict.action is Action.DELIVER
    assert old not in pool.pids()


def test_a_dead_worker_is_replaced(pool: InspectionPool) -> None:
    """A worker that dies mid-message: PoolError('worker_died'), then a replacement."""
    with pytest.raises(PoolError) as caught:
        pool.inspect(b"\r\nEXITME", ENVELOPE)
    assert caught.value.reason == "worker_died"
    assert pool.inspect(b"\r\nfine", ENVELOPE).verdict.action is Action.DELIVER


def test_no_worker_left_means_a_bounded_wait(tmp_path: Path) -> None:
    """If replacements cannot start (packs broken on disk), callers give up instead of hanging."""
    pool = make_pool(tmp_path, timeout_s=1.0)
    pool.start()
    try:
        (tmp_path / "trigger-generation").write_text("BROKEN")
        with pytest.raises(PoolError):
            pool.inspect(b"\r\nEXITME", ENVELOPE)
        with pytest.raises(PoolError) as caught:
            pool.inspect(b"\r\nhello", ENVELOPE)
        assert caught.value.reason == "no_worker"
    finally:
        pool.shutdown()


def test_a_full_queue_refuses_at_once(tmp_path: Path) -> None:
    """One worker, no waiting room: a second message while the first runs is refused."""
    pool = make_pool(tmp_path)
    pool.start()
    try:
        first = threading.Thread(target=pool.inspect, args=(b"\r\nSLEEPME1", ENVELOPE))
        first.start()
        wait_until((tmp_path / "trigger-sleeping").exists)
        with pytest.raises(PoolError) as caught:
            pool.inspect(b"\r\nsecond", ENVELOPE)
        assert caught.value.reason == "queue_full"
        first.join()
        assert pool.inspect(b"\r\nthird", ENVELOPE).verdict.action is Action.DELIVER
    finally:
        pool.shutdown()


def test_waiting_room_holds_messages_until_a_worker_is_free(tmp_path: Path) -> None:
    """With queue_size 1, a second message waits instead of being refused."""
    pool = make_pool(tmp_path, queue_size=1)
    pool.start()
    try:
        first = threading.Thread(target=pool.inspect, args=(b"\r\nSLEEPME0.5", ENVELOPE))
        first.start()
        wait_until((tmp_path / "trigger-sleeping").exists)
        assert pool.inspect(b"\r\nBLOCKME", ENVELOPE).verdict.action is Action.BLOCK
        first.join()
    finally:
        pool.shutdown()


def test_workers_are_recycled_after_max_messages(tmp_path: Path) -> None:
    """After N messages a worker is replaced by a fresh process."""
    pool = make_pool(tmp_path, max_messages=2)
    pool.start()
    try:
        first = {label(pool, b"x", "pid:") for _ in range(2)}
        second = {label(pool, b"x", "pid:") for _ in range(2)}
        assert len(first) == 1 and len(second) == 1
        assert first != second
    finally:
        pool.shutdown()


def test_reload_rebuilds_and_a_failed_rebuild_keeps_the_old_policy(tmp_path: Path) -> None:
    """A new generation is picked up before the next message; a broken one is refused by
    validate() and, if forced, the worker keeps what it had."""
    marker = tmp_path / "trigger-generation"
    marker.write_text("1")
    pool = make_pool(tmp_path)
    pool.start()
    try:
        assert label(pool, b"x", "gen:") == "gen:1"
        marker.write_text("2")
        pool.validate()
        pool.reload()
        assert label(pool, b"x", "gen:") == "gen:2"
        marker.write_text("BROKEN")
        with pytest.raises(ConfigError):
            pool.validate()
        pool.reload()
        assert label(pool, b"x", "gen:") == "gen:2"
    finally:
        pool.shutdown()


def test_reload_can_carry_new_settings(tmp_path: Path) -> None:
    """reload(settings): workers rebuild with those settings; new workers start with them."""
    old, new = tmp_path / "old", tmp_path / "new"
    for directory, text in ((old, "old"), (new, "new")):
        directory.mkdir()
        (directory / "trigger-generation").write_text(text)
    pool = make_pool(old, max_messages=2)
    pool.start()
    try:
        assert label(pool, b"x", "gen:") == "gen:old"
        pool.reload({"state_dir": str(new)})
        assert label(pool, b"x", "gen:") == "gen:new"  # rebuilt in place, then recycled
        assert label(pool, b"x", "gen:") == "gen:new"  # a fresh worker, started with them
    finally:
        pool.shutdown()


def test_a_worker_that_cannot_build_stops_start_up(tmp_path: Path) -> None:
    """Broken packs at start: ConfigError, and no process left running."""
    (tmp_path / "trigger-generation").write_text("BROKEN")
    pool = make_pool(tmp_path)
    with pytest.raises(ConfigError, match="does not load"):
        pool.start()
    assert pool.alive == 0


def test_shutdown_stops_every_worker_and_refuses_new_work(tmp_path: Path) -> None:
    """After shutdown no worker runs and inspect() says so."""
    pool = make_pool(tmp_path, workers=2)
    pool.start()
    processes = list(pool._workers)
    pool.shutdown()
    assert all(not w.process.is_alive() for w in processes)
    with pytest.raises(PoolError) as caught:
        pool.inspect(b"\r\nx", ENVELOPE)
    assert caught.value.reason == "shutting_down"


@pytest.mark.parametrize(
    "spec", ["no_such_module:X", "dlpmilter.pool:NoSuchThing", "dlpmilter.pool:DEFAULT_FACTORY"]
)
def test_bad_factories_are_config_errors(spec: str) -> None:
    """An inspector factory that cannot be imported or called is a start-up error."""
    with pytest.raises(ConfigError, match="inspector factory"):
        resolve_factory(spec)


def test_bad_sizes_are_config_errors(tmp_path: Path) -> None:
    """Zero workers is refused at construction."""
    with pytest.raises(ConfigError):
        make_pool(tmp_path, workers=0)


@pytest.mark.parametrize(
    ("setting", "cores", "expected"),
    [(3, 16, 3), (1, 1, 1), (0, 2, 1), (0, 1, 1), (0, 8, 7)],
)
def test_worker_count(setting: int, cores: int, expected: int) -> None:
    assert worker_count(setting, cores) == expected


def test_negative_worker_count_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="workers"):
        worker_count(-1)
