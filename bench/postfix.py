"""Messages per second through a real Postfix: smtp-source → private Postfix → smtp-sink,
bare, with ``dlpmilter serve`` on a unix socket with the shipped packs, and with the same milter
running a no-op inspector (:mod:`noop_inspector`), which shows what the milter framework costs
without inspection. Each run also reports CPU milliseconds per message: the whole machine's,
the milter process's and its inspection workers' (:mod:`cputime`).

Everything lives under a temporary base directory; nothing in /etc/postfix is used. Must run as
root (Postfix's master does). The end-of-message latency percentiles come from the milter's own
timing, which it writes into each audit record (``eom_ms``).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import cputime
from measure import percentile

SMTP_PORT, SINK_PORT = 2535, 2536
SESSIONS, SIZE = 10, 10_240
HERE = Path(__file__).resolve().parent
#: The inspector factory of the framework-only run.
NOOP = "noop_inspector:NoopInspector"


def _postfix_instance(base: Path, milter: str) -> Path:
    etc, spool, data = base / "pf" / "etc", base / "pf" / "spool", base / "pf" / "data"
    for d in (etc, spool, data):
        d.mkdir(parents=True, exist_ok=True)
    shutil.chown(data, "postfix", "postfix")
    shutil.copy("/etc/postfix/master.cf", etc / "master.cf")
    (etc / "main.cf").write_text("", encoding="ascii")
    settings = [
        "compatibility_level = 3.6", f"queue_directory = {spool}", f"data_directory = {data}",
        "myhostname = dlp-bench.localdomain", "mydomain = localdomain", "myorigin = $myhostname",
        "inet_interfaces = 127.0.0.1", "inet_protocols = ipv4", "mydestination =",
        "local_recipient_maps =", "local_transport = error:local delivery disabled",
        "alias_maps =", "alias_database =", "mynetworks = 127.0.0.0/8",
        "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
        f"relayhost = [127.0.0.1]:{SINK_PORT}", "smtp_dns_support_level = disabled",
        f"smtpd_milters = {milter}", "non_smtpd_milters =", "milter_default_action = tempfail",
        "milter_protocol = 6", f"maillog_file = {base / 'maillog'}",
        f"maillog_file_prefixes = /var, /dev/stdout, /tmp, {base}",
        "default_process_limit = 100",
    ]  # fmt: skip
    pc = ["postconf", "-c", str(etc)]
    subprocess.run([*pc, "-e", *settings], check=True)
    subprocess.run([*pc, "-F", "*/*/chroot = n"], check=True)
    subprocess.run([*pc, "-MX", "smtp/inet"], check=True)
    subprocess.run(
        [*pc, "-Me", f"127.0.0.1:{SMTP_PORT}/inet = 127.0.0.1:{SMTP_PORT} inet n - n - - smtpd"],
        check=True,
    )
    subprocess.run(["postfix", "-c", str(etc), "check"], check=True)
    return etc


def _wait_port(port: int, timeout: float = 30.0) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"port {port} not listening")


def _wait_listening(log: Path, sock: Path, timeout: float = 180.0) -> None:
    """Until the milter says it listens and its socket accepts a connection."""
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if "listening on" in log.read_text(encoding="utf-8", errors="replace") and sock.exists():
            with socket.socket(socket.AF_UNIX) as s:
                if s.connect_ex(str(sock)) == 0:
                    return
        time.sleep(0.2)
    raise RuntimeError(f"dlpmilter serve did not start; see {log}")


def _count(maillog: Path) -> tuple[int, int]:
    if not maillog.exists():
        return 0, 0
    text = maillog.read_text(encoding="utf-8", errors="replace")
    return text.count("status=sent"), text.count("milter-reject")


#: The setups measured, in the order each round runs them.
SETUPS = {
    "bare": "bare Postfix",
    "c-noop": "Postfix + a no-op C milter (libmilter; the floor of any milter)",
    "py-noop": "Postfix + a no-op Python milter (pymilter; the floor of any Python milter)",
    "noop": "Postfix + dlpmilter, no-op inspector (framework only)",
    "full": "Postfix + dlpmilter (unix socket)",
}


def build_c_milter(out: Path) -> Path:
    """Compile :file:`noop_milter.c` against the system's libmilter."""
    binary = out / "noop_milter"
    subprocess.run(
        ["cc", "-O2", "-o", str(binary), str(HERE / "noop_milter.c"), "-lmilter", "-lpthread"],
        check=True, capture_output=True,
    )  # fmt: skip
    return binary


def _start_milter(setup: str, base: Path, sock: Path, c_milter: Path) -> subprocess.Popen[bytes]:
    log = (base / "milter.log").open("wb")
    if setup in ("c-noop", "py-noop"):
        command = (
            [str(c_milter)]
            if setup == "c-noop"
            else [sys.executable, str(HERE / "noop_pymilter.py")]
        )
        proc = subprocess.Popen(
            [*command, f"unix:{sock}"],
            start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not sock.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        sock.chmod(0o666)
        return proc
    env = {
        **os.environ,
        "DLPMILTER_STATE_DIR": str(base / "state"),
        "DLPMILTER_SOCKET_GROUP": "",
        "DLPMILTER_SOCKET_MODE": "0666",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE), os.environ.get("PYTHONPATH")])),
    }
    extra = ["--inspector", NOOP] if setup == "noop" else []
    proc = subprocess.Popen(
        [sys.executable, "-m", "dlpmilter", "--log-level", "INFO", "serve", "--socket", f"unix:{sock}", *extra],
        env=env, start_new_session=True, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    _wait_listening(base / "milter.log", sock)
    return proc


def _one_run(base: Path, *, setup: str, messages: int, c_milter: Path) -> dict[str, Any]:
    base.mkdir(parents=True)
    procs: list[subprocess.Popen[bytes]] = []
    sock = base / "milter.sock"
    etc = _postfix_instance(base, "" if setup == "bare" else f"unix:{sock}")
    try:
        procs.append(
            subprocess.Popen(
                ["smtp-sink", "-u", "postfix", f"127.0.0.1:{SINK_PORT}", "256"],
                start_new_session=True,
            )
        )
        if setup != "bare":
            procs.append(_start_milter(setup, base, sock, c_milter))
        subprocess.run(["postfix", "-c", str(etc), "start"], check=True, capture_output=True)
        _wait_port(SMTP_PORT)
        _wait_port(SINK_PORT)
        milter_pid = procs[1].pid if setup != "bare" else 0
        cpu_before = _cpu(milter_pid)
        start = time.monotonic()
        source = subprocess.run(
            ["smtp-source", "-4", "-s", str(SESSIONS), "-m", str(messages), "-l", str(SIZE),
             "-f", "staff@clinic.example", "-t", "contact@partner.example", f"127.0.0.1:{SMTP_PORT}"],
            check=False, timeout=1800, capture_output=True, text=True,
        )  # fmt: skip
        if source.returncode != 0:
            # smtp-source stops at the first non-2xx reply (a 451 tempfail, say): report it.
            return {
                "messages": messages,
                "error": source.stderr.strip()[-300:],
                "messages_per_s": 0.0,
            }
        deadline = time.monotonic() + 600
        while sum(_count(base / "maillog")) < messages and time.monotonic() < deadline:
            time.sleep(0.05)
        seconds = time.monotonic() - start
        cpu_after = _cpu(milter_pid)
        sent, rejected = _count(base / "maillog")
        result: dict[str, Any] = {
            "messages": messages, "delivered": sent, "rejected": rejected,
            "seconds": round(seconds, 2), "messages_per_s": round(sent / seconds, 1),
        }  # fmt: skip
        result["cpu_ms_per_message"] = {
            key: round((cpu_after[key] - cpu_before[key]) * 1000 / max(sent, 1), 2)
            for key in cpu_before
        }
        if setup in ("noop", "full"):
            result["eom_ms"] = _eom_latency(base / "state" / "audit.jsonl")
            result["rss_mib"] = cputime.tree_rss(milter_pid)
        return result
    finally:
        subprocess.run(["postfix", "-c", str(etc), "stop"], check=False, capture_output=True)
        for proc in reversed(procs):
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)


def _cpu(milter_pid: int) -> dict[str, float]:
    busy, _ = cputime.machine_seconds()
    own, workers = cputime.tree_seconds(milter_pid) if milter_pid else (0.0, 0.0)
    return {"machine": busy, "milter": own, "workers": workers}


def _eom_latency(audit: Path) -> dict[str, float]:
    values = []
    if audit.exists():
        for line in audit.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if "eom_ms" in record:
                values.append(float(record["eom_ms"]))
    return {
        "count": len(values),
        "p50": round(percentile(values, 50), 2),
        "p99": round(percentile(values, 99), 2),
    }


def run(*, messages: int, rounds: int = 3) -> dict[str, Any]:
    """Every setup of :data:`SETUPS`, one after another, ``rounds`` times on the same machine.

    Each figure is the median over the rounds; each ratio is the median of the rounds' own
    ratios to that round's bare Postfix (the machines are shared: rates drift between rounds,
    ratios within a round hold).
    """
    runs: dict[str, list[dict[str, Any]]] = {setup: [] for setup in SETUPS}
    with tempfile.TemporaryDirectory(prefix="dlp-bench-") as tmp:
        Path(tmp).chmod(0o755)  # Postfix drops root: its daemons must reach the queue
        c_milter = build_c_milter(Path(tmp))
        for number in range(rounds):
            for setup in SETUPS:
                base = Path(tmp) / f"{setup}-{number}"
                runs[setup].append(
                    _one_run(base, setup=setup, messages=messages, c_milter=c_milter)
                )
    ratios = {setup: _median_ratio(runs[setup], runs["bare"]) for setup in SETUPS}
    return {
        "rounds": rounds,
        "runs": {SETUPS[setup]: _median_run(results) for setup, results in runs.items()},
        "ratio": ratios["full"],
        "framework_ratio": ratios["noop"],
        "floor_ratio": ratios["c-noop"],
        "python_floor_ratio": ratios["py-noop"],
        "eom_ms": _median_run(runs["full"]).get("eom_ms"),
        "command": f"smtp-source -4 -s {SESSIONS} -m {messages} -l {SIZE} ...",
    }


def _median_ratio(results: list[dict[str, Any]], bare: list[dict[str, Any]]) -> float | None:
    shares = [
        r["messages_per_s"] / b["messages_per_s"]
        for r, b in zip(results, bare, strict=True)
        if b["messages_per_s"] and not r.get("error")
    ]
    return round(statistics.median(shares), 2) if shares else None


def _median_run(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The run whose rate is the median (its own CPU and latency figures come with it)."""
    ordered = sorted(results, key=lambda r: float(r["messages_per_s"]))
    middle = dict(ordered[len(ordered) // 2])
    middle["rates"] = [r["messages_per_s"] for r in results]
    return middle
