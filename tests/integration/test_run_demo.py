"""``make run`` (scripts/run-demo): starts everything, works, and Ctrl-C stops all it started."""

from __future__ import annotations

import os
import shutil
import signal
import smtplib
import subprocess
import tempfile
import time
import uuid
from email.message import EmailMessage
from pathlib import Path

import pytest

from netwait import free_ports, listening

pytestmark = [pytest.mark.postfix, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]


def message(body: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "doctor@clinic.test", "someone@example.com", "demo"
    msg.set_content(body)
    return msg


def test_run_demo_starts_works_and_stops_on_ctrl_c() -> None:
    """The banner appears, clean mail reaches the sink, card data is refused, a "[portal]"
    message reaches only the pickup portal (its notice is at the sink), SIGINT cleans up."""
    if os.geteuid() != 0:
        pytest.skip("the demo runs Postfix, which needs root")
    base = Path(tempfile.mkdtemp(prefix="dlp-demo-", dir="/tmp"))
    smtp, sink, tls, reinject, web, intake = free_ports(6)
    env = dict(
        os.environ, DLP_DEMO_DIR=str(base), DLP_DEMO_SMTP_PORT=str(smtp), DLP_DEMO_SINK_PORT=str(sink),
        DLP_DEMO_TLS_PORT=str(tls), DLP_DEMO_REINJECT_PORT=str(reinject),
        DLP_DEMO_PORTAL_PORT=str(web), DLP_DEMO_INTAKE_PORT=str(intake),
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
            portal = message(f"Discharge summary {uuid.uuid4().hex}")
            del portal["Subject"]
            portal["Subject"] = "[portal] discharge summary"
            client.send_message(portal)
        assert caught.value.smtp_code == 550
        sink_dir = base / "postfix" / "sink" / str(sink)

        def at_sink(needle: bytes) -> bool:
            return any(needle in p.read_bytes() for p in sink_dir.glob("*.eml"))

        deadline = time.monotonic() + 30
        while not at_sink(tag.encode()) or not at_sink(f"http://127.0.0.1:{web}/p/".encode()):
            assert time.monotonic() < deadline, "clean mail or the pickup notice never arrived"
            time.sleep(0.2)
        assert not at_sink(b"Discharge summary")  # only the portal holds it
        milter_pid = int((base / "milter.pid").read_text())
        portal_pid = int((base / "portal.pid").read_text())
        demo.send_signal(signal.SIGINT)
        assert demo.wait(60) == 0
        assert not Path(f"/proc/{milter_pid}").exists()
        assert not Path(f"/proc/{portal_pid}").exists()
        assert not any(listening(p) for p in (smtp, sink, tls, reinject, web, intake))
    finally:
        if demo.poll() is None:
            demo.send_signal(signal.SIGTERM)
            demo.wait(60)
        shutil.rmtree(base, ignore_errors=True)
