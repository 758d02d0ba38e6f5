"""The shipped Sendmail wiring (``contrib/sendmail/dlpmilter.mc``) with a real Sendmail.

A private Sendmail daemon whose configuration is the ``.mc`` of a plain relay plus the shipped
snippet (only its socket path changed), ``dlpmilter serve`` with the test-only trigger inspector
on a unix socket, and a sink. Sendmail is not installed on the test machine (it would replace
Postfix as the system's MTA): ``scripts/bootstrap`` unpacks the distribution's ``sendmail-bin``
and ``sendmail-cf`` packages into ``var/sendmail/``.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from email import message_from_bytes
from pathlib import Path
from typing import Any

import pytest

from netwait import free_ports, listening, wait_for
from sinks import Collect, smtp_sink

pytestmark = pytest.mark.postfix

ROOT = Path(__file__).resolve().parents[2]
UNPACKED = ROOT / "var" / "sendmail"
SENDMAIL = UNPACKED / "usr" / "libexec" / "sendmail" / "sendmail"
CF_DIR = UNPACKED / "usr" / "share" / "sendmail" / "cf"
SHIPPED = ROOT / "contrib" / "sendmail" / "dlpmilter.mc"
SHIPPED_SOCKET = "unix:/run/dlpmilter/dlpmilter.sock"
TRIGGERS = ROOT / "tests" / "milter"
#: The private daemon's host name.
HOSTNAME = "sm-test.localdomain"


def _mc(base: Path, smtp_port: int, sink_port: int, milter_socket: Path) -> str:
    """A relay to the sink on ``smtp_port``, then the shipped snippet."""
    relay = f"""divert(-1)
divert(0)dnl
OSTYPE(`linux')dnl
define(`confDONT_PROBE_INTERFACES', `True')dnl
define(`QUEUE_DIR', `{base}/mqueue')dnl
define(`STATUS_FILE', `{base}/statistics')dnl
define(`confPID_FILE', `{base}/sendmail.pid')dnl
define(`ALIAS_FILE', `')dnl
define(`HELP_FILE', `')dnl
define(`confHOST_STATUS_DIRECTORY', `')dnl
define(`confDELIVERY_MODE', `background')dnl
define(`confDOMAIN_NAME', `{HOSTNAME}')dnl
define(`SMART_HOST', `esmtp:[127.0.0.1]')dnl
define(`ESMTP_MAILER_ARGS', `TCP $h {sink_port}')dnl
FEATURE(`promiscuous_relay')dnl
FEATURE(`accept_unresolvable_domains')dnl
FEATURE(`nocanonify')dnl
DAEMON_OPTIONS(`Port={smtp_port}, Addr=127.0.0.1, Name=MTA')dnl
MAILER(`smtp')dnl
"""
    shipped = SHIPPED.read_text(encoding="utf-8")
    assert SHIPPED_SOCKET in shipped
    return relay + shipped.replace(SHIPPED_SOCKET, f"unix:{milter_socket}")


@dataclass
class SendmailStack:
    base: Path
    smtp_port: int
    sink: Collect
    milter: subprocess.Popen[bytes] | None = None

    @property
    def state(self) -> Path:
        return self.base / "state"

    def send(self, body: str, subject: str = "note") -> str:
        """Send one message; the 250 reply's queue id.

        :raises smtplib.SMTPResponseException: for a 4xx or 5xx at MAIL, RCPT or DATA.
        """
        with smtplib.SMTP("127.0.0.1", self.smtp_port, timeout=60) as smtp:
            smtp.ehlo("client.test")
            msg = (
                f"From: sender@corp.test\r\nTo: alice@example.com\r\nSubject: {subject}\r\n"
                f"Message-ID: <{uuid.uuid4().hex}@corp.test>\r\n\r\n{body}\r\n"
            )
            for step in (
                lambda: smtp.mail("sender@corp.test"),
                lambda: smtp.rcpt("alice@example.com"),
                lambda: smtp.data(msg.encode()),
            ):
                code, reply = step()
                if code >= 400:
                    raise smtplib.SMTPResponseException(code, reply)
            return reply.decode().split()[1]

    def audit(self) -> list[dict[str, Any]]:
        path = self.state / "audit.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]

    def record(self, queue_id: str) -> dict[str, Any]:
        found: dict[str, Any] = wait_for(
            lambda: next((r for r in self.audit() if r.get("queue_id") == queue_id), None),
            30,
            f"the audit record of {queue_id}",
        )
        return found

    def received(self, tag: str) -> list[bytes]:
        return [raw for _, _, raw in list(self.sink.messages) if tag.encode() in raw]


@pytest.fixture(scope="module")
def sendmail_stack() -> Iterator[SendmailStack]:
    if not SENDMAIL.exists() or shutil.which("m4") is None:
        pytest.fail("Sendmail is not unpacked in var/sendmail (scripts/bootstrap does it)")
    if os.geteuid() != 0:
        pytest.skip("the Sendmail daemon runs as root")
    with smtp_sink() as (sink, sink_port):
        yield from _running(sink, sink_port)


def _running(sink: Collect, sink_port: int) -> Iterator[SendmailStack]:
    # Sendmail refuses a milter socket under a world-writable directory such as /tmp
    base = Path(tempfile.mkdtemp(prefix="dlp-sm-", dir="/run"))
    base.chmod(0o755)
    (base / "mqueue").mkdir(mode=0o700)
    (smtp_port,) = free_ports(1)
    stack = SendmailStack(base=base, smtp_port=smtp_port, sink=sink)
    milter_socket = base / "milter.sock"
    log = base / "milter.log"
    env = dict(os.environ, PYTHONPATH=str(TRIGGERS), DLPMILTER_SOCKET_GROUP="")
    stack.milter = subprocess.Popen(
        [sys.executable, "-m", "dlpmilter", "--log-level", "INFO", "serve",
         "--socket", f"unix:{milter_socket}", "--state-dir", str(stack.state),
         "--inspector", "trigger_inspector:TriggerInspector"],
        env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    try:
        wait_for(lambda: "listening on" in log.read_text(), 120, "the milter")
        (base / "test.mc").write_text(_mc(base, smtp_port, sink_port, milter_socket))
        cf = base / "test.cf"
        with cf.open("w") as out:
            subprocess.run(
                ["m4", f"-D_CF_DIR_={CF_DIR}/", str(CF_DIR / "m4" / "cf.m4"), str(base / "test.mc")],
                stdout=out, stderr=subprocess.DEVNULL, check=True,
            )  # fmt: skip
        # Sendmail qualifies the machine's own name before it reads its configuration, and
        # sleeps a minute when it cannot: it starts in namespaces of its own, with a host name
        # that has a domain and a hosts file that knows it, so no DNS is asked.
        hosts = base / "hosts"
        hosts.write_text(f"127.0.0.1 localhost\n127.0.0.1 {HOSTNAME} sm-test\n")
        daemon = f"{SENDMAIL} -bd -C {cf} -L dlp-sm-test"
        said = base / "sendmail.out"  # not a pipe: the daemon would hold it open
        with said.open("wb") as out:
            started = subprocess.run(
                ["unshare", "--mount", "--uts", "--", "sh", "-c",
                 f"mount --bind {hosts} /etc/hosts && hostname {HOSTNAME} && exec {daemon}"],
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, timeout=60,
                check=False,
            )  # fmt: skip
        assert started.returncode == 0 and not said.read_text().strip(), said.read_text()
        wait_for(lambda: listening(smtp_port), 30, "Sendmail's port")
        yield stack
    finally:
        pid_file = base / "sendmail.pid"
        if pid_file.exists():
            os.kill(int(pid_file.read_text().split()[0]), signal.SIGTERM)
        if stack.milter.poll() is None:
            os.killpg(stack.milter.pid, signal.SIGTERM)
            stack.milter.wait(30)
        shutil.rmtree(base, ignore_errors=True)


def test_clean_mail_is_relayed_and_audited_with_sendmails_queue_id(
    sendmail_stack: SendmailStack,
) -> None:
    """The EOM macro ``i`` reaches the milter: the audit record carries Sendmail's queue id."""
    tag = uuid.uuid4().hex
    queue_id = sendmail_stack.send(f"nothing to see {tag}")
    record = sendmail_stack.record(queue_id)
    assert record["mta"] == "accept"
    assert record["sender"] == "sender@corp.test" and record["recipients"] == ["alice@example.com"]
    wait_for(lambda: sendmail_stack.received(tag), 30, "the clean message at the sink")


def test_block_is_a_550_with_the_reference(sendmail_stack: SendmailStack) -> None:
    tag = uuid.uuid4().hex
    with pytest.raises(smtplib.SMTPResponseException) as refused:
        sendmail_stack.send(f"BLOCKME {tag}")
    assert refused.value.smtp_code == 550
    reply = refused.value.smtp_error.decode()
    assert reply.startswith("5.7.1 Message blocked by DLP policy (ref DLP-")
    reference = reply.split("(ref ")[1].rstrip(")")
    assert any(
        r.get("reference") == reference and r["mta"] == "reject" for r in sendmail_stack.audit()
    )
    time.sleep(1)
    assert not sendmail_stack.received(tag)


def test_tempfail_is_a_451(sendmail_stack: SendmailStack) -> None:
    with pytest.raises(smtplib.SMTPResponseException) as deferred:
        sendmail_stack.send(f"DEFERME {uuid.uuid4().hex}")
    assert deferred.value.smtp_code == 451
    assert deferred.value.smtp_error.decode().startswith("4.7.1 ")


def test_tag_rewrites_the_subject(sendmail_stack: SendmailStack) -> None:
    tag = uuid.uuid4().hex
    sendmail_stack.send(f"TAGME {tag}", subject=f"results {tag}")
    (message,) = wait_for(lambda: sendmail_stack.received(tag), 30, "the tagged message")
    assert message_from_bytes(message)["Subject"] == f"[SECURE] results {tag}"


def test_quarantine_accepts_and_keeps_the_message(sendmail_stack: SendmailStack) -> None:
    """Store mode: Sendmail is told to discard, the message waits in dlpmilter's store."""
    tag = uuid.uuid4().hex
    queue_id = sendmail_stack.send(f"QUARANTINEME {tag}")
    record = sendmail_stack.record(queue_id)
    assert record["mta"] == "discard"
    from dlpmilter.quarantine.store import QuarantineStore
    from dlpmilter.settings import load_settings

    store = QuarantineStore.from_settings(
        load_settings(overrides={"state_dir": str(sendmail_stack.state)}, environ={})
    )
    assert tag.encode() in store.read(record["quarantine_id"])
    time.sleep(1)
    assert not sendmail_stack.received(tag)


def test_an_unreachable_milter_tempfails_the_message(sendmail_stack: SendmailStack) -> None:
    """F=T in the shipped snippet: with dlpmilter down, Sendmail defers, never relays."""
    assert sendmail_stack.milter is not None
    os.killpg(sendmail_stack.milter.pid, signal.SIGTERM)
    sendmail_stack.milter.wait(30)
    tag = uuid.uuid4().hex
    with pytest.raises(smtplib.SMTPResponseException) as deferred:
        sendmail_stack.send(f"hello {tag}")
    assert deferred.value.smtp_code == 451
    time.sleep(1)
    assert not sendmail_stack.received(tag)
