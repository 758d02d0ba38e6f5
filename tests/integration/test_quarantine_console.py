"""The quarantine console with real parts: Postfix and the milter quarantine a message, the CLI
makes a reviewer, ``dlpmilter quarantine serve`` runs the console, and a headless Chromium
(driven by Selenium) does what a compliance reviewer does: sign in, find the message, read it,
release it with a reason. Postfix then delivers it, and the audit log names the reviewer."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

pytestmark = pytest.mark.postfix

Stack = Any  # the conftest's Stack

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
REVIEWER = "ana.reviewer"
PASSWORD = "a long reviewer password"


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium through chromedriver."""
    if not (os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)):
        pytest.fail("chromium and chromium-driver are missing (scripts/bootstrap installs them)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                     "--window-size=1300,900", "--disable-gpu"):  # fmt: skip
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _console_env(stack: Stack) -> dict[str, str]:
    """The stack's settings, with the session cookie allowed over plain HTTP."""
    return {**stack.env(), "DLPMILTER_QUARANTINE_CONSOLE_INSECURE_COOKIES": "true"}


def _add_reviewer(stack: Stack) -> None:
    """``dlpmilter quarantine reviewer add`` with the password on standard input."""
    done = subprocess.run(
        [sys.executable, "-m", "dlpmilter", "quarantine", "--state-dir", str(stack.state),
         "reviewer", "add", REVIEWER, "--password-stdin", "--replace"],
        input=PASSWORD + "\n", env=_console_env(stack), capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    listed = stack.dlpmilter("quarantine", "--state-dir", str(stack.state), "reviewer", "list")
    assert REVIEWER in listed.stdout.split()


@pytest.fixture
def console(stack: Stack) -> Iterator[str]:
    """``dlpmilter quarantine serve`` on the stack's state directory and a free port; its URL."""
    port = _free_port()
    log = stack.base / "logs" / "console.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "dlpmilter", "--log-level", "INFO", "quarantine",
         "--state-dir", str(stack.state), "serve", "--listen", f"127.0.0.1:{port}"],
        env=_console_env(stack), stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    try:

        def up() -> bool:
            if process.poll() is not None:
                pytest.fail(f"dlpmilter quarantine serve exited:\n{log.read_text()[-3000:]}")
            return "quarantine console listening" in log.read_text()

        stack.wait(up, "the console to listen", 60)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def test_reviewer_releases_a_held_message_in_a_browser(
    stack: Stack, browser: object, console: str
) -> None:
    """QUARANTINEME is held (nothing at the sink); the reviewer signs in, opens it from the list,
    reads its body, releases it with a reason; Postfix delivers it to the original recipient,
    and the audit log's ``quarantine_release`` record names the reviewer and the reason."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver

    driver = browser
    assert isinstance(driver, WebDriver)
    tag = uuid.uuid4().hex[:10]
    rcpt = f"alice.{tag}@example.com"
    stack.send(stack.message(f"Held {tag}", f"QUARANTINEME {tag}\nMRN 12345678", to=(rcpt,)))
    assert stack.captured(tag) == []  # held, not delivered
    _add_reviewer(stack)

    driver.get(f"{console}/held")
    assert driver.current_url == f"{console}/login"  # sign-in first
    driver.find_element(By.ID, "name").send_keys(REVIEWER)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.XPATH, "//button[normalize-space()='Sign in']").click()
    stack.wait(lambda: driver.current_url.endswith("/held"), "the held list", 20)
    assert f"Signed in as {REVIEWER}" in driver.page_source

    row = driver.find_element(By.XPATH, f"//table[@class='held']//tr[td[contains(., '{rcpt}')]]")
    assert "gen:" in row.text and "trigger-quarantine" in row.text  # labels, rules
    row.find_element(By.TAG_NAME, "a").click()
    stack.wait(lambda: "/m/" in driver.current_url, "the message page", 20)
    qid = driver.current_url.rsplit("/", 1)[1]
    assert driver.find_element(By.TAG_NAME, "h1").text == f"Held {tag}"
    assert f"QUARANTINEME {tag}" in driver.find_element(By.CSS_SELECTOR, "pre.body").text
    shot = os.environ.get("DLP_CONSOLE_SCREENSHOT")
    if shot:
        driver.save_screenshot(shot)

    reason = f"false positive {tag}"
    driver.find_element(By.ID, "release-reason").send_keys(reason)
    driver.find_element(By.XPATH, "//button[normalize-space()='Release to the recipients']").click()
    stack.wait(lambda: f"Message {qid} was released." in driver.page_source, "the notice", 60)
    assert rcpt not in driver.page_source  # it left the held list

    [captured] = stack.wait_captured(tag)
    assert f"X-Rcpt-Args: <{rcpt}>".encode() in captured
    [record] = [r for r in stack.audit()
                if r.get("event") == "quarantine_release" and r.get("reference") == qid]  # fmt: skip
    assert record["actor"] == REVIEWER and record["reason"] == reason
    log = (stack.base / "logs" / "console.log").read_text()
    assert f"{REVIEWER} signed in" in log and f"{REVIEWER} released {qid}" in log
    assert PASSWORD not in log and rcpt not in log and f"Held {tag}" not in log

    driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
    stack.wait(lambda: driver.current_url.endswith("/login"), "the sign-in page", 20)
    driver.get(f"{console}/m/{qid}")
    assert driver.current_url == f"{console}/login"
