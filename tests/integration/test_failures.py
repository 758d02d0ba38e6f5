"""Failing closed through a real Postfix: pool full, time limit, crash, reload, milter stopped;
and quarantine in Postfix's hold queue.

The stack here has one worker, no waiting room, a 3 s time limit per message and
``quarantine_mode = "hold"``.
"""

from __future__ import annotations

import re
import signal
import smtplib
import subprocess
import threading
import time
import uuid
from typing import Any

import pytest

pytestmark = pytest.mark.postfix

Stack = Any  # the conftest's Stack

_REF = re.compile(r"ref (DLP-\d{8}-[0-9A-F]{10})")


def deferred(stack: Stack, body: str) -> str:
    """Send, expect 451 4.7.1 after DATA, return the reference id."""
    with pytest.raises(smtplib.SMTPDataError) as caught:
        stack.send(stack.message("x", body))
    assert caught.value.smtp_code == 451
    text = caught.value.smtp_error.decode()
    assert text.startswith("4.7.1 ")
    found = _REF.search(text)
    assert found, text
    return found.group(1)


def test_inspection_crash_tempfails(small_stack: Stack) -> None:
    """An exception in the worker gives 451 and the audit says why; the next message is fine."""
    reference = deferred(small_stack, f"CRASHME {uuid.uuid4().hex}")
    record = small_stack.audit_for(reference)
    assert record["outcome"] == "tempfail"
    assert record["reason"] == "inspection_error"
    tag = uuid.uuid4().hex
    small_stack.send(small_stack.message("ok", tag))
    small_stack.wait_captured(tag)


def test_pool_full_tempfails(small_stack: Stack) -> None:
    """With the only worker busy and no queue, the next message gets 451 at once."""
    slow = uuid.uuid4().hex
    errors: list[BaseException] = []

    def send_slow() -> None:
        try:
            small_stack.send(small_stack.message("slow", f"SLEEPME2 {slow}"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    worker = threading.Thread(target=send_slow)
    worker.start()
    small_stack.wait((small_stack.state / "trigger-sleeping").exists, "the worker to be busy")
    reference = deferred(small_stack, f"second {uuid.uuid4().hex}")
    assert small_stack.audit_for(reference)["reason"] == "queue_full"
    worker.join(30)
    assert not errors
    small_stack.wait_captured(slow)


def test_time_limit_kills_the_worker_and_a_new_one_takes_over(small_stack: Stack) -> None:
    """A message that takes longer than the limit gets 451; its worker is replaced."""
    reference = deferred(small_stack, f"SLEEPME20 {uuid.uuid4().hex}")
    assert small_stack.audit_for(reference)["reason"] == "timeout"
    tag = uuid.uuid4().hex

    def delivered() -> bool:
        try:
            small_stack.send(small_stack.message("after", tag))
        except smtplib.SMTPDataError:
            return False  # the replacement is still starting
        return True

    small_stack.wait(delivered, "a replacement worker")
    small_stack.wait_captured(tag)
    small_stack.wait(
        lambda: (
            small_stack.metrics().get("dlpmilter_worker_replacements_total", 0) >= 1
            and small_stack.metrics().get('dlpmilter_tempfails_total{reason="timeout"}', 0) >= 1
        ),
        "the replacement and the timeout in the metrics file",
    )


def test_sighup_reloads_and_keeps_the_old_policy_on_failure(small_stack: Stack) -> None:
    """SIGHUP with good packs: the new policy is used. With broken packs: the old one stays."""
    marker = small_stack.state / "trigger-generation"

    def generation_of_next_block() -> str:
        with pytest.raises(smtplib.SMTPDataError) as caught:
            small_stack.send(small_stack.message("x", f"BLOCKME {uuid.uuid4().hex}"))
        found = _REF.search(caught.value.smtp_error.decode())
        assert found
        labels = small_stack.audit_for(found.group(1))["labels"]
        return next(label for label in labels if label.startswith("gen:"))

    marker.write_text("7")
    small_stack.milter.send_signal(signal.SIGHUP)
    small_stack.wait(lambda: "generation 1" in small_stack.log.read_text(), "the reload")
    assert generation_of_next_block() == "gen:7"
    marker.write_text("BROKEN")
    small_stack.milter.send_signal(signal.SIGHUP)
    small_stack.wait(lambda: "reload failed" in small_stack.log.read_text(), "the failed reload")
    assert small_stack.milter.poll() is None
    assert generation_of_next_block() == "gen:7"
    marker.write_text("7")
    # the metrics file tells monitoring about both reloads (rewritten every half second)
    small_stack.wait(
        lambda: small_stack.metrics().get('dlpmilter_reloads_total{result="failed"}', 0) >= 1,
        "the failed reload in the metrics file",
    )
    assert small_stack.metrics()['dlpmilter_reloads_total{result="ok"}'] >= 1
    assert small_stack.metrics()["dlpmilter_policy_generation"] >= 1


def test_hold_mode_parks_the_message_in_the_hold_queue(small_stack: Stack) -> None:
    """quarantine() + ACCEPT: the message waits in hold; postsuper -H and postqueue -i deliver it."""
    tag = uuid.uuid4().hex
    small_stack.send(small_stack.message("held", f"QUARANTINEME {tag}"))

    def held() -> list[dict[str, Any]]:
        return [m for m in small_stack.queue() if m["queue_name"] == "hold"]

    [entry] = small_stack.wait(held, "the message in the hold queue")
    queue_id = str(entry["queue_id"])
    assert "milter triggers HOLD action" in small_stack.maillog()
    shown = subprocess.run(
        ["postcat", "-c", str(small_stack.etc), "-q", queue_id], capture_output=True, check=True
    )
    assert tag.encode() in shown.stdout
    assert not small_stack.captured(tag)
    subprocess.run(
        ["postsuper", "-c", str(small_stack.etc), "-H", queue_id], check=True, capture_output=True
    )
    subprocess.run(
        ["postqueue", "-c", str(small_stack.etc), "-i", queue_id], check=True, capture_output=True
    )
    small_stack.wait_captured(tag)


def test_milter_stopped_means_451_and_nothing_delivered(small_stack: Stack) -> None:
    """SIGTERM stops the milter and every process it started; Postfix then tempfails (451)."""
    alive = small_stack.alive
    family = small_stack.family()
    assert len(family) >= 2  # forkserver and worker(s), at least
    small_stack.stop_milter()
    small_stack.wait(lambda: not any(alive(p) for p in family), "every pool process to exit", 15)
    tag = uuid.uuid4().hex
    with pytest.raises(smtplib.SMTPException) as caught:
        small_stack.send(small_stack.message("down", tag))
    code = getattr(caught.value, "smtp_code", None)
    if code is None:  # refused at RCPT: SMTPRecipientsRefused carries a dict
        code = next(iter(caught.value.recipients.values()))[0]
    assert code == 451
    time.sleep(1)
    assert not small_stack.captured(tag)
