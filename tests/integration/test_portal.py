"""The portal with real parts: Postfix, the milter, the portal's intake and web app, and a
headless Chromium (driven by Selenium) that does what a recipient does."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.postfix

Stack = Any  # the conftest's Stack
PortalStack = Any  # the conftest's PortalStack

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
ATTACHMENT = b"patient,mrn\nJane Roe,12345678\n"


def _text(raw: bytes) -> str:
    """The plain-text body of a captured message (the sink's envelope lines come first)."""
    msg = message_from_bytes(raw, policy=policy.default)
    body = msg.get_body(preferencelist=("plain",))
    assert body is not None
    return str(body.get_content())  # type: ignore[attr-defined]


def _for(stack: Stack, rcpt: str, subject: str) -> list[bytes]:
    return [raw for raw in stack.captured(f"X-Rcpt-Args: <{rcpt}>") if subject.encode() in raw]


def _wait_mail(stack: Stack, rcpt: str, subject: str, count: int = 1) -> bytes:
    stack.wait(lambda: len(_for(stack, rcpt, subject)) >= count, f"'{subject}' for {rcpt}", 60)
    return _for(stack, rcpt, subject)[-1]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[object, Path]]:
    """Headless Chromium through chromedriver, downloads going to a directory of its own."""
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.fail("chromium and chromium-driver are missing (scripts/bootstrap installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1100,900", "--disable-gpu"):  # fmt: skip
        options.add_argument(argument)
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    try:
        yield driver, downloads
    finally:
        driver.quit()


def test_recipient_picks_up_a_portal_message_in_a_browser(
    portal_stack: PortalStack, browser: tuple[object, Path]
) -> None:
    """PORTALME goes through Postfix and the milter to the intake; the pickup notice reaches the
    recipient; Chromium opens the link, asks for the code, enters it from the code mail, reads
    the body and downloads the attachment. The message itself never reaches the sink."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    driver, downloads = browser
    assert isinstance(driver, WebDriver)
    stack, tag = portal_stack.stack, uuid.uuid4().hex[:10]
    rcpt = f"alice.{tag}@example.com"
    secret = uuid.uuid4().hex[:12]  # in the subject, body and file name, never in a notice
    msg = stack.message(
        f"Results {secret}", f"PORTALME {secret}\nMRN 12345678 for Jane Roe.", to=(rcpt,)
    )
    msg.add_attachment(ATTACHMENT, maintype="text", subtype="csv", filename=f"labs-{secret}.csv")
    stack.send(msg)

    notice = _wait_mail(stack, rcpt, "A secure message is waiting for you")
    assert secret.encode() not in notice  # no subject, body or attachment name in the notice
    text = _text(notice)
    link = re.search(rf"{re.escape(portal_stack.url)}/p/\S+", text)
    assert link is not None and "sender@corp.test" in text

    driver.get(link.group(0))
    assert "A secure message is waiting for you" in driver.page_source
    assert secret not in driver.page_source
    driver.find_element(By.XPATH, "//button[normalize-space()='E-mail me a code']").click()
    code = re.search(r"\b(\d{6})\b", _text(_wait_mail(stack, rcpt, "Your secure portal code")))
    assert code is not None
    driver.find_element(By.ID, "code").send_keys(code.group(1))
    driver.find_element(By.XPATH, "//button[normalize-space()='Open the message']").click()

    stack.wait(lambda: f"PORTALME {secret}" in driver.page_source, "the message page", 20)
    assert driver.find_element(By.TAG_NAME, "h1").text == f"Results {secret}"
    assert "MRN 12345678 for Jane Roe." in driver.find_element(By.CSS_SELECTOR, "pre.body").text
    shot = os.environ.get("DLP_PORTAL_SCREENSHOT")
    if shot:
        driver.save_screenshot(shot)
    driver.find_element(By.LINK_TEXT, f"labs-{secret}.csv").click()
    saved = downloads / f"labs-{secret}.csv"
    stack.wait(saved.exists, "the download", 20)
    assert saved.read_bytes() == ATTACHMENT

    assert stack.captured(secret) == []  # only notices left Postfix, never the message
    reference = re.search(r"Reference:\s+(\S+)", text)
    assert reference is not None
    shown = stack.dlpmilter("portal", "--state-dir", str(stack.state), "show", reference.group(1))
    assert shown.returncode == 0, shown.stderr
    for kind in ("deposited", "notified", "code sent", "opened", "attachment downloaded"):
        assert kind in shown.stdout
    assert secret not in shown.stdout
    log = (stack.base / "logs" / "portal.log").read_text()
    assert "deposited" in log and reference.group(1) in log
    token = link.group(0).rsplit("/", 1)[1]
    assert rcpt not in log and token not in log and secret not in log


def test_enforced_tls_fallback_lands_in_the_portal(portal_stack: PortalStack) -> None:
    """ENCRYPTME for a recipient without keys takes dlp_tls; its next hop offers no STARTTLS,
    so Postfix falls back to the portal intake (over TLS), which notifies the envelope recipient."""
    stack, tag = portal_stack.stack, uuid.uuid4().hex[:10]
    rcpt = f"carol.{tag}@example.net"
    secret = uuid.uuid4().hex[:12]
    stack.send(stack.message(f"Referral {secret}", f"ENCRYPTME {secret}", to=(rcpt,)))
    notice = _wait_mail(stack, rcpt, "A secure message is waiting for you")
    assert secret.encode() not in notice
    assert stack.captured(secret) == [] and stack.captured(secret, "tls") == []
    listing = stack.dlpmilter("portal", "--state-dir", str(stack.state), "list")
    assert listing.returncode == 0 and "1 recipient(s)" in listing.stdout
    log = stack.maillog()
    assert re.search(
        rf"to=<{re.escape(rcpt)}>.*relay=127\.0\.0\.1\[127\.0\.0\.1\]:{portal_stack.ports['intake']}.*status=sent",
        log,
    )


def test_forged_portal_header_is_bounced_by_the_intake(portal_stack: PortalStack) -> None:
    """A message for the portal address with a header the site did not sign never makes a
    pickup: the intake answers 554 and Postfix bounces it."""
    stack, tag = portal_stack.stack, uuid.uuid4().hex[:10]
    msg = EmailMessage()
    msg["From"] = "sender@corp.test"
    msg["To"] = "dlp-portal@portal.test"
    msg["Subject"] = f"forged {tag}"
    msg["X-DLP-Portal-Recipients"] = f"v=1; ref=DLP-{tag}; rcpt=WyJtQGV2aWwudGVzdCJd; mac=00"
    msg.set_content(f"hello {tag}")
    stack.send(msg, to=("dlp-portal@portal.test",))
    stack.wait(lambda: re.search(r"said: 554 5\.7\.1", stack.maillog()), "the intake's 554", 60)
    listing = stack.dlpmilter("portal", "--state-dir", str(stack.state), "list")
    assert f"DLP-{tag}" not in listing.stdout


def test_tools_are_there() -> None:
    """The Debian packages the browser test needs."""
    assert shutil.which("chromium") and shutil.which("chromedriver")
    assert (
        subprocess.run([CHROMEDRIVER, "--version"], capture_output=True, check=False).returncode
        == 0
    )


def test_contrib_routes_the_portal_address_and_the_tls_fallback_to_the_intake(
    tmp_path: Path,
) -> None:
    """The shipped transport table sends the portal address to the intake's default port, and
    dlp_tls falls back to the same place."""
    contrib = Path(__file__).resolve().parents[2] / "contrib" / "postfix"
    table = f"texthash:{contrib / 'dlpmilter_transport'}"
    (tmp_path / "main.cf").write_text("myhostname = test.localdomain\n")
    found = subprocess.run(["postmap", "-c", str(tmp_path), "-q", "secure-intake@portal.example.org", table],
                           capture_output=True, text=True, check=False)  # fmt: skip
    assert found.stdout.strip() == "smtp:[127.0.0.1]:10027"
    assert "-o smtp_fallback_relay=[127.0.0.1]:10027" in (contrib / "master.cf").read_text()
    assert (
        "transport_maps = hash:/etc/postfix/dlpmilter_transport"
        in (contrib / "main.cf").read_text()
    )
