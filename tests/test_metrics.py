"""The metrics: counters, the histogram, the text format, and the file written aside."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from dlpmilter.errors import ConfigError
from dlpmilter.metrics import EOM_BUCKETS_MS, Metrics, MetricsFile, Sample

#: One sample line of the Prometheus text format: name, optional labels, a number.
SAMPLE = re.compile(
    r'^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?[0-9.e+]+$|^[a-z_]+\{le="\+Inf"\} [0-9]+$'
)


def samples(text: str) -> dict[str, float]:
    out = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            out[name] = float(value)
    return out


def test_decisions_tempfails_and_reloads_are_counted() -> None:
    metrics = Metrics(clock=lambda: 1700000000.0)
    metrics.decision(action="deliver", mta="accept", reason="", eom_ms=3.0)
    metrics.decision(action="deliver", mta="accept", reason="", eom_ms=40.0)
    metrics.decision(action="block", mta="reject", reason="", eom_ms=7.0)
    metrics.decision(action="tempfail", mta="tempfail", reason="timeout", eom_ms=60000.0)
    metrics.decision(action="tempfail", mta="tempfail", reason="timeout", eom_ms=90000.0)
    metrics.reload(ok=True)
    metrics.reload(ok=False)
    got = samples(metrics.render())
    assert got['dlpmilter_messages_total{action="deliver",mta="accept"}'] == 2
    assert got['dlpmilter_messages_total{action="block",mta="reject"}'] == 1
    assert got['dlpmilter_tempfails_total{reason="timeout"}'] == 2
    assert got['dlpmilter_reloads_total{result="ok"}'] == 1
    assert got['dlpmilter_reloads_total{result="failed"}'] == 1
    assert got["dlpmilter_start_time_seconds"] == 1700000000.0


def test_histogram_buckets_are_cumulative() -> None:
    metrics = Metrics()
    for ms in (1.0, 5.0, 5.1, 99.0, 100.0, 10_000.0, 10_000_000.0):
        metrics.decision(action="deliver", mta="accept", reason="", eom_ms=ms)
    got = samples(metrics.render())
    assert got['dlpmilter_eom_seconds_bucket{le="0.005"}'] == 2  # 1 and 5 ms
    assert got['dlpmilter_eom_seconds_bucket{le="0.01"}'] == 3
    assert got['dlpmilter_eom_seconds_bucket{le="0.1"}'] == 5
    assert got['dlpmilter_eom_seconds_bucket{le="10"}'] == 6
    assert got['dlpmilter_eom_seconds_bucket{le="60"}'] == 6
    assert got['dlpmilter_eom_seconds_bucket{le="+Inf"}'] == 7  # the 10,000 s one only here
    assert got["dlpmilter_eom_seconds_count"] == 7
    assert got["dlpmilter_eom_seconds_sum"] == pytest.approx(10_010.2101)
    buckets = [got[f'dlpmilter_eom_seconds_bucket{{le="{b / 1000:g}"}}'] for b in EOM_BUCKETS_MS]
    assert buckets == sorted(buckets)


def test_every_line_is_the_text_format_and_every_family_is_typed() -> None:
    metrics = Metrics()
    metrics.decision(action="encrypt", mta="accept", reason="", eom_ms=12.0)
    text = metrics.render({"dlpmilter_workers": Sample("gauge", "Workers running.", 2)})
    families = set()
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            families.add(line.split()[2])
        elif not line.startswith("# HELP "):
            assert SAMPLE.match(line), line
            name = line.split("{")[0].split()[0]
            assert re.sub(r"_(bucket|sum|count)$", "", name) in families, name
    assert "dlpmilter_workers 2" in text.splitlines()


def test_counts_from_many_threads_add_up() -> None:
    metrics = Metrics()

    def work() -> None:
        for _ in range(1000):
            metrics.decision(action="deliver", mta="accept", reason="", eom_ms=1.0)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    got = samples(metrics.render())
    assert got['dlpmilter_messages_total{action="deliver",mta="accept"}'] == 8000
    assert got["dlpmilter_eom_seconds_count"] == 8000


def test_file_is_written_aside_and_renamed(tmp_path: Path) -> None:
    metrics = Metrics()
    path = tmp_path / "dlpmilter.prom"
    writer = MetricsFile(
        path,
        metrics,
        gauges=lambda: {"dlpmilter_workers": Sample("gauge", "w", 3)},
        interval_s=0.05,
    )
    writer.start()
    metrics.decision(action="block", mta="reject", reason="", eom_ms=2.0)
    try:
        for _ in range(200):
            if 'action="block"' in path.read_text(encoding="utf-8"):
                break
            threading.Event().wait(0.02)
        assert 'dlpmilter_messages_total{action="block",mta="reject"} 1' in path.read_text()
    finally:
        writer.stop()
    assert [p.name for p in tmp_path.iterdir()] == ["dlpmilter.prom"]  # nothing left aside
    assert oct(path.stat().st_mode & 0o777) == "0o644"
    assert "dlpmilter_workers 3" in path.read_text()


def test_a_bad_directory_or_interval_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"metrics_file.*not a writable directory"):
        MetricsFile(tmp_path / "missing" / "m.prom", Metrics())
    with pytest.raises(ConfigError, match="metrics_interval_s"):
        MetricsFile(tmp_path / "m.prom", Metrics(), interval_s=0)


def test_a_write_failure_does_not_stop_the_writer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "m.prom"
    writer = MetricsFile(path, Metrics(), interval_s=0.05)
    writer.start()
    path.unlink()
    path.mkdir()  # the rename now fails: a directory sits where the file goes
    threading.Event().wait(0.3)
    assert writer._thread is not None and writer._thread.is_alive()
    writer.stop()
    assert "metrics file" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.prom"]  # the aside file removed
