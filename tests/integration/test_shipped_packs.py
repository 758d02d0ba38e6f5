"""The shipped rule packs through a real Postfix: the real inspector in the workers."""

from __future__ import annotations

import re
import signal
import smtplib
import uuid
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.postfix

Stack = Any  # the conftest's Stack


def test_clean_mail_is_delivered(shipped_stack: Stack) -> None:
    """An ordinary message goes straight to the sink."""
    tag = uuid.uuid4().hex
    shipped_stack.send(shipped_stack.message("lunch", f"See you at noon in the cafeteria. {tag}"))
    [captured] = shipped_stack.wait_captured(tag)
    assert b"X-Sink-TLS: no" in captured


def test_phi_takes_the_tls_route(shipped_stack: Stack) -> None:
    """A patient with an MRN, a date of birth and a drug is PHI: encrypted route."""
    tag = uuid.uuid4().hex
    body = (
        f"Patient Maria Gonzalez, MRN 00482913, DOB 03/14/1961: HbA1c 9.1, start metformin. {tag}"
    )
    shipped_stack.send(shipped_stack.message("results", body, to=("lab@example.com",)))
    [captured] = shipped_stack.wait_captured(tag, port="tls")
    assert b"X-Sink-TLS: yes" in captured and b"X-DLP-Route" not in captured
    assert not shipped_stack.captured(tag)


def test_pci_is_rejected(shipped_stack: Stack) -> None:
    """A valid card number with its expiry is PCI: 550 5.7.1 with a reference id."""
    tag = uuid.uuid4().hex
    with pytest.raises(smtplib.SMTPDataError) as caught:
        shipped_stack.send(
            shipped_stack.message("order", f"Card 4539 1488 0343 6467 exp 09/27 {tag}")
        )
    assert caught.value.smtp_code == 550
    text = caught.value.smtp_error.decode()
    assert text.startswith("5.7.1 ")
    found = re.search(r"ref (DLP-\d{8}-[0-9A-F]{10})", text)
    assert found
    record = shipped_stack.audit_for(found.group(1))
    assert record["labels"] == ["PCI"] and record["action"] == "block"
    assert "4539" not in str(record)
    assert not shipped_stack.captured(tag)


def test_a_broken_site_pack_on_sighup_keeps_the_running_policy(shipped_stack: Stack) -> None:
    """SIGHUP with a pack that does not load: logged with the file's own path, nothing changes;
    fixed and SIGHUP again: reloaded."""
    site = Path(shipped_stack.settings["local_rules_dir"])
    broken = site / "broken.yaml"
    broken.write_text("pack: broken\ndetectors: [\n")
    shipped_stack.milter.send_signal(signal.SIGHUP)
    shipped_stack.wait(
        lambda: "reload failed" in shipped_stack.log.read_text(), "the failed reload", 120
    )
    failure = next(
        line for line in shipped_stack.log.read_text().splitlines() if "reload failed" in line
    )
    assert str(broken) in failure
    test_pci_is_rejected(shipped_stack)
    broken.unlink()
    shipped_stack.milter.send_signal(signal.SIGHUP)
    shipped_stack.wait(lambda: "reloaded:" in shipped_stack.log.read_text(), "the reload", 120)
    test_pci_is_rejected(shipped_stack)
    test_phi_takes_the_tls_route(shipped_stack)
