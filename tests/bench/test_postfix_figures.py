"""The Postfix benchmark's arithmetic and its CPU reader (the runs themselves are too slow for
the suite: ``make bench`` does them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import cputime  # noqa: E402
import postfix  # noqa: E402
import render  # noqa: E402


def _run(rate: float, *, error: str = "") -> dict[str, object]:
    return {"messages_per_s": rate, "error": error} if error else {"messages_per_s": rate}


def test_ratio_is_the_median_of_each_rounds_own_ratio() -> None:
    bare = [_run(400.0), _run(200.0), _run(300.0)]
    full = [_run(200.0), _run(160.0), _run(150.0)]  # 0.5, 0.8, 0.5
    assert postfix._median_ratio(full, bare) == 0.5


def test_a_failed_round_does_not_count() -> None:
    bare = [_run(400.0), _run(400.0)]
    full = [_run(0.0, error="451 4.7.1"), _run(300.0)]
    assert postfix._median_ratio(full, bare) == 0.75


def test_median_run_keeps_every_rate() -> None:
    runs = [{"messages_per_s": r, "seconds": i} for i, r in enumerate((3.0, 1.0, 2.0))]
    middle = postfix._median_run(runs)
    assert middle["messages_per_s"] == 2.0
    assert middle["seconds"] == 2
    assert middle["rates"] == [3.0, 1.0, 2.0]


def test_budget_is_what_the_goal_leaves_a_milter() -> None:
    runs = {
        "bare Postfix": {"messages_per_s": 500.0, "cpu_ms_per_message": {"machine": 3.5}},
        "with a milter": {"messages_per_s": 300.0, "cpu_ms_per_message": {"machine": 6.0}},
    }
    (line,) = render._budget({"runs": runs}, cores=2)
    assert "kept 1.75 of the 2 cores busy" in line
    assert "**1.50 ms**" in line  # (1/0.7 - 1) x 3.5
    assert "with a milter 2.50 ms" in line


def test_budget_left_after_the_python_floor() -> None:
    def cpu(machine: float, milter: float, workers: float) -> dict[str, object]:
        return {
            "messages_per_s": 300.0,
            "cpu_ms_per_message": {"machine": machine, "milter": milter, "workers": workers},
        }

    runs = {
        "bare Postfix": {"messages_per_s": 500.0, "cpu_ms_per_message": {"machine": 3.5}},
        postfix.SETUPS["py-noop"]: cpu(4.3, 0.7, 0.0),
        postfix.SETUPS["noop"]: cpu(5.5, 1.6, 0.2),
        postfix.SETUPS["full"]: cpu(7.0, 1.5, 1.4),
    }
    lines = render._budget({"runs": runs}, cores=2)
    floor = lines[-1]
    assert "pays 0.80 ms" in floor
    assert "**0.70 ms**" in floor  # 1.50 - 0.80
    assert "uses 1.10 ms per message more" in floor  # 1.8 - 0.7
    assert "inspection 1.10 ms more" in floor  # 2.9 - 1.8


def test_a_floor_over_the_budget_leaves_nothing() -> None:
    runs = {
        "bare Postfix": {"messages_per_s": 500.0, "cpu_ms_per_message": {"machine": 3.5}},
        **{
            postfix.SETUPS[setup]: {
                "messages_per_s": 300.0,
                "cpu_ms_per_message": {"machine": machine, "milter": 1.0, "workers": 0.5},
            }
            for setup, machine in (("py-noop", 5.5), ("noop", 6.0), ("full", 7.0))
        },
    }
    floor = render._budget({"runs": runs}, cores=2)[-1]
    assert "pays 2.00 ms" in floor
    assert "nothing is left for dlpmilter's own work" in floor


def test_no_floor_paragraph_without_the_floor_runs() -> None:
    runs = {
        "bare Postfix": {"messages_per_s": 500.0, "cpu_ms_per_message": {"machine": 3.5}},
        postfix.SETUPS["full"]: {"messages_per_s": 300.0, "cpu_ms_per_message": {"machine": 6.0}},
    }
    assert len(render._budget({"runs": runs}, cores=2)) == 1


def test_no_budget_without_a_bare_run() -> None:
    runs = {"with a milter": {"messages_per_s": 300.0, "cpu_ms_per_message": {"machine": 6.0}}}
    assert render._budget({"runs": runs}, cores=2) == []


def test_tree_cpu_counts_a_busy_child() -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", "import time\nend = time.process_time() + 0.3\n"
         "while time.process_time() < end: pass\nimport sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
    )  # fmt: skip
    try:
        for _ in range(400):
            own, below = cputime.tree_seconds(os.getpid())
            if below >= 0.25:
                break
            time.sleep(0.05)
        assert below >= 0.25
        assert own > 0
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=30)


def test_machine_seconds_grow() -> None:
    busy, total = cputime.machine_seconds()
    assert 0 < busy <= total


@pytest.mark.skipif(not Path("/usr/include/libmilter/mfapi.h").exists(), reason="no libmilter-dev")
def test_the_c_milter_compiles(tmp_path: Path) -> None:
    binary = postfix.build_c_milter(tmp_path)
    usage = subprocess.run([str(binary)], capture_output=True, text=True, check=False)
    assert usage.returncode == 2
    assert "usage" in usage.stderr


def test_tree_rss_sees_children_and_grandchildren() -> None:
    script = (
        "import subprocess, sys\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import sys; sys.stdin.read()'],"
        " stdin=subprocess.PIPE)\n"
        "print('ready', flush=True)\n"
        "sys.stdin.read()\n"
        "child.stdin.close(); child.wait()\n"
    )
    parent = subprocess.Popen(
        [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        assert parent.stdout.readline().strip() == "ready"
        rss = cputime.tree_rss(os.getpid())
        assert rss["own"] > 0
        assert any(r > 0 for r in rss["helpers"])
        assert any(r > 0 for r in rss["workers"])
    finally:
        assert parent.stdin is not None
        parent.stdin.close()
        parent.wait(timeout=30)


@pytest.mark.skipif(shutil.which("miltertest") is None, reason="no miltertest")
def test_the_python_noop_milter_accepts(tmp_path: Path) -> None:
    """The pymilter floor speaks the protocol and accepts, as the C one does."""
    sock = tmp_path / "noop.sock"
    milter = subprocess.Popen(
        [sys.executable, str(ROOT / "bench" / "noop_pymilter.py"), f"unix:{sock}"]
    )
    try:
        for _ in range(200):
            if sock.exists():
                break
            time.sleep(0.05)
        script = tmp_path / "accept.lua"
        script.write_text(
            f'local conn = mt.connect("unix:{sock}", 5, 1)\n'
            "assert(conn, 'no connection')\n"
            "assert(mt.negotiate(conn, nil, nil, nil) == nil)\n"
            "assert(mt.mailfrom(conn, '<a@example.com>') == nil)\n"
            "assert(mt.rcptto(conn, '<b@example.com>') == nil)\n"
            "assert(mt.header(conn, 'Subject', 'hi') == nil)\n"
            "assert(mt.eoh(conn) == nil)\n"
            "assert(mt.bodystring(conn, 'text\\r\\n') == nil)\n"
            "assert(mt.eom(conn) == nil)\n"
            "assert(mt.getreply(conn) == SMFIR_ACCEPT, 'expected ACCEPT')\n"
            "mt.disconnect(conn)\n",
            encoding="ascii",
        )
        result = subprocess.run(
            ["miltertest", "-s", str(script)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
    finally:
        milter.terminate()
        milter.wait(timeout=30)
