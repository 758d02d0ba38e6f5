"""``make run`` (scripts/run-demo): starts everything, works, and Ctrl-C stops all it started."""

from __future__ import annotations

import os
import shutil
import signal
import smtplib
import socket
import subprocess
import tempfile
import time
import uuid
from email.message import EmailMessage
from pathlib import Path

import pytest

pytestmark = [pytest.mark.postfix, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def message(body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "doctor@clinic.test", "someone@example.com", "demo"
    msg.set_content(body)
    return msg


def test_run_demo_starts_works_and_stops_on_ctrl_c() -> None:
    """The banner appears, clean mail reaches the sink, card data is refused, SIGINT cleans up."""
    if os.geteuid() != 0:
        pytest.skip("the demo runs Postfix, which needs root")
    base = Path(tempfile.mkdtemp(prefix="dlp-demo-", dir="/tmp"))
    smtp, sink, tls, reinject = free_ports(4)
    env = dict(
        os.environ, DLP_DEMO_DIR=str(base), DLP_DEMO_SMTP_PORT=str(smtp), DLP_DEMO_SINK_PORT=str(sink),
        DLP_DEMO_TLS_PORT=str(tls), DLP_DEMO_REINJECT_PORT=str(reinject),
    )  # fmt: skip
    out = base / "demo.out"
    demo = subprocess.Popen(
        [str(ROOT / "scripts" / "run-demo")], env=env, stdout=out.open("wb"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while "Ctrl-C stops" not in out.read_text():
            assert demo.poll() is None, out.read_text()
            assert time.monotonic() < deadline, "the demo did not come up"
            time.sleep(0.2)
        tag = uuid.uuid4().hex
        with smtplib.SMTP("127.0.0.1", smtp, timeout=60) as client:
            client.send_message(message(f"See you at noon. {tag}"))
            with pytest.raises(smtplib.SMTPDataError) as caught:
                client.send_message(message("Card 4539 1488 0343 6467 exp 09/27"))
        assert caught.value.smtp_code == 550
        sink_dir = base / "postfix" / "sink" / str(sink)
        deadline = time.monotonic() + 30
        while not any(tag.encode() in p.read_bytes() for p in sink_dir.glob("*.eml")):
            assert time.monotonic() < deadline, "clean mail never reached the sink"
            time.sleep(0.2)
        milter_pid = int((base / "milter.pid").read_text())
        demo.send_signal(signal.SIGINT)
        assert demo.wait(60) == 0
        assert not Path(f"/proc/{milter_pid}").exists()
        assert not any(listening(p) for p in (smtp, sink, tls, reinject))
    finally:
        if demo.poll() is None:
            demo.send_signal(signal.SIGTERM)
            demo.wait(60)
        shutil.rmtree(base, ignore_errors=True)
