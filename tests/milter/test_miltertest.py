"""miltertest (OpenDKIM's milter client) drives ``dlpmilter serve`` over its socket, without an
MTA, and checks each action at protocol level (``lua/actions.lua``)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.mark.parametrize("mode", ["store", "hold"])
def test_every_action_at_protocol_level(mode: str) -> None:
    """The Lua cases all pass: accept, 550 reply, route header, recipient swap, subject tag,
    discard (store) or quarantine request (hold), tempfail, two messages on one connection."""
    if shutil.which("miltertest") is None:
        pytest.fail("miltertest is missing (make test installs it)")
    base = Path(tempfile.mkdtemp(prefix="dlp-mt-", dir="/tmp"))
    sock = base / "milter.sock"
    env = dict(
        os.environ,
        PYTHONPATH=str(HERE),
        DLPMILTER_PORTAL_ADDRESS="dlp-portal@portal.test",
        DLPMILTER_SOCKET_GROUP="",
        DLPMILTER_QUARANTINE_MODE=mode,
    )
    log = base / "milter.log"
    milter = subprocess.Popen(
        [sys.executable, "-m", "dlpmilter", "--log-level", "INFO", "serve", "--socket", f"unix:{sock}",
         "--state-dir", str(base / "state"), "--inspector", "trigger_inspector:TriggerInspector"],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while "listening on" not in log.read_text():
            assert milter.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the milter did not start"
            time.sleep(0.1)
        result = subprocess.run(
            ["miltertest", "-s", str(HERE / "lua" / "actions.lua")],
            env=dict(os.environ, DLP_MILTER_SOCKET=f"unix:{sock}", DLP_QUARANTINE_MODE=mode),
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        assert "8 passed, 0 failed" in result.stdout
    finally:
        milter.send_signal(signal.SIGTERM)
        milter.wait(30)
        shutil.rmtree(base, ignore_errors=True)
