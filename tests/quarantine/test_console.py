"""The quarantine console through Flask's test client: sign-in, throttling, CSRF, the held list,
the message page's escaping and downloads, and release and delete through a real SMTP listener."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from dlpmilter.errors import ConfigError
from dlpmilter.quarantine.console import LOCKOUT_S, create_app
from dlpmilter.quarantine.reviewers import Reviewers
from dlpmilter.quarantine.store import QuarantineStore
from dlpmilter.settings import Settings, load_settings
from dlpmilter.webapp import SECURITY_HEADERS
from netwait import free_ports
from sinks import Collect

PASSWORD = "a long reviewer password"
SECRET = "Jane Roe MRN 12345678"
HOSTILE = "<script>alert('x')</script>"
FIRST, SECOND, THIRD = (f"DLP-20261129-{c * 10}" for c in "ABC")


class Clock:
    """Seconds since the epoch, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def mail() -> bytes:
    """A held message with hostile text and HTML, and an HTML attachment."""
    msg = EmailMessage()
    msg["From"] = "Dr Sender <sender@corp.test>"
    msg["To"] = "alice@example.com"
    msg["Subject"] = "Lab <b>results</b>"
    msg["Date"] = "Sun, 29 Nov 2026 10:00:00 +0000"
    msg.set_content(f"{SECRET}\n{HOSTILE}\n")
    msg.add_alternative(f"<p>{SECRET}</p>{HOSTILE}<img src=x onerror=alert(1)>", subtype="html")
    msg.add_attachment(b"<html><script>alert(2)</script></html>", maintype="text",
                       subtype="html", filename="../page <1>.html")  # fmt: skip
    return msg.as_bytes(policy=policy.SMTP)  # CRLF, as the milter stores mail


class Console:
    """The app over a state directory with three held messages and one reviewer."""

    def __init__(self, tmp_path: Path, port: int, **settings: Any) -> None:
        self.settings: Settings = load_settings(
            overrides={"state_dir": str(tmp_path / "state"), "reinject_port": port, **settings},
            environ={},
        )
        self.store = QuarantineStore.from_settings(self.settings)
        for qid, labels, time in ((FIRST, ("PHI",), "2026-11-29T08:00:00Z"),
                                  (SECOND, ("PCI",), "2026-11-29T10:00:00Z"),
                                  (THIRD, ("PHI", "PII"), "2026-11-29T09:00:00Z")):  # fmt: skip
            self.store.put(mail(), qid=qid, queue_id="Q" + qid[-1], sender="sender@corp.test",
                           recipients=("alice@example.com", "bob@example.org"), labels=labels,
                           rules=("phi.mrn",) if "PHI" in labels else ("pci.card",))  # fmt: skip
            with sqlite3.connect(self.store.directory / "index.sqlite") as db:
                db.execute("UPDATE quarantine SET time = ? WHERE id = ?", (time, qid))
        self.reviewers = Reviewers.from_settings(self.settings)
        self.reviewers.add("ana", PASSWORD)
        self.clock = Clock()
        self.app = create_app(self.settings, clock=self.clock)

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def sign_in(self, name: str = "ana", password: str = PASSWORD) -> tuple[FlaskClient, Any]:
        client = self.client()
        return client, login(client, name, password)

    def audit(self) -> list[dict[str, Any]]:
        path = self.settings.state_dir / "audit.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def csrf(response: Any) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', response.get_data(as_text=True))
    assert found is not None
    return found.group(1)


def login(client: FlaskClient, name: str, password: str) -> Any:
    form = client.get("/login")
    return client.post("/login", data={"csrf": csrf(form), "name": name, "password": password})


@pytest.fixture
def console(tmp_path: Path) -> Console:
    """Re-injection points at a port nobody listens on (tests that release use ``listener``)."""
    return Console(tmp_path, free_ports(1)[0])


def test_every_page_needs_a_signed_in_reviewer(console: Console) -> None:
    """Pages, downloads and actions all send an anonymous visitor to the sign-in page."""
    client = console.client()
    for path in ("/", "/held", f"/m/{FIRST}", f"/m/{FIRST}/a/3", "/held?label=PHI"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303, path
        assert response.headers["Location"].endswith(("/login", "/held")), path
        assert SECRET not in response.get_data(as_text=True)
    for verb in ("release", "delete"):
        token = csrf(client.get("/login"))
        response = client.post(f"/m/{FIRST}/{verb}", data={"csrf": token, "reason": "x"})
        assert response.status_code == 303 and response.headers["Location"].endswith("/login")
    assert client.get("/held", follow_redirects=True).request.path == "/login"
    assert console.store.get(FIRST).state == "held"


def test_sign_in_with_the_right_password_and_out_again(console: Console) -> None:
    client, done = console.sign_in()
    assert done.status_code == 303 and done.headers["Location"].endswith("/held")
    listing = client.get("/held")
    assert listing.status_code == 200 and "Signed in as ana" in listing.get_data(as_text=True)
    out = client.post("/logout", data={"csrf": csrf(listing)})
    assert out.status_code == 303
    assert client.get("/held").status_code == 303


def test_wrong_password_and_unknown_name_get_one_answer(
    console: Console, caplog: pytest.LogCaptureFixture
) -> None:
    """Neither says whether the name exists; the log has the name, never the password."""
    caplog.set_level(logging.INFO, logger="dlpmilter")
    client = console.client()
    wrong = login(client, "ana", "not the password at all")
    unknown = login(client, "nobody", "not the password at all")
    assert wrong.status_code == unknown.status_code == 401
    for response in (wrong, unknown):
        assert "That name and password do not match a reviewer." in response.get_data(as_text=True)
    assert client.get("/held").status_code == 303
    assert "sign-in failed for 'ana'" in caplog.text and "'nobody'" in caplog.text
    assert "not the password" not in caplog.text
    console.sign_in()
    assert "ana signed in" in caplog.text and PASSWORD not in caplog.text


def test_five_failures_refuse_the_name_for_five_minutes(console: Console) -> None:
    """After five failures even the right password is refused; another name is not; after
    five minutes the right password works again."""
    client = console.client()
    for _ in range(5):
        assert login(client, "ana", "wrong password, again").status_code == 401
    refused = login(client, "ana", PASSWORD)
    assert refused.status_code == 429 and "Too many failed sign-ins" in refused.get_data(
        as_text=True
    )
    assert client.get("/held").status_code == 303
    console.reviewers.add("bo", "bo's long password")
    assert console.sign_in("bo", "bo's long password")[1].status_code == 303
    console.clock.now += LOCKOUT_S - 1
    assert login(console.client(), "ana", PASSWORD).status_code == 429
    console.clock.now += 2
    assert console.sign_in()[1].status_code == 303


def test_posts_without_the_session_csrf_token_are_refused(console: Console) -> None:
    """Sign-in, release, delete and sign-out: no token or another session's token is 400."""
    client = console.client()
    client.get("/login")
    no_token = client.post("/login", data={"name": "ana", "password": PASSWORD})
    assert no_token.status_code == 400
    assert client.get("/held").status_code == 303  # not signed in
    other, _ = console.sign_in()
    foreign = csrf(other.get("/held"))
    client, _ = console.sign_in()
    for verb in ("release", "delete"):
        for data in (
            {"reason": "ok"},
            {"reason": "ok", "csrf": foreign},
            {"reason": "ok", "csrf": ""},
        ):
            assert client.post(f"/m/{FIRST}/{verb}", data=data).status_code == 400
    assert client.post("/logout", data={}).status_code == 400
    assert console.store.get(FIRST).state == "held" and console.audit() == []
    assert client.get("/held").status_code == 200  # still signed in


def test_session_cookie_flags(tmp_path: Path, console: Console) -> None:
    """HttpOnly and SameSite=Strict always; Secure unless the insecure-cookies setting is on."""
    _, done = console.sign_in()
    cookie = done.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" in cookie
    plain = Console(tmp_path / "plain", free_ports(1)[0], quarantine_console_insecure_cookies=True)
    _, done = plain.sign_in()
    cookie = done.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie
    key = console.settings.state_dir / "quarantine-console.key"
    assert key.stat().st_mode & 0o777 == 0o600


def test_idle_session_ends(console: Console) -> None:
    client, _ = console.sign_in()
    console.clock.now += 1700
    assert client.get("/held").status_code == 200  # activity keeps it alive
    console.clock.now += 1700
    assert client.get("/held").status_code == 200
    console.clock.now += 1801
    assert client.get("/held").status_code == 303


def test_removed_reviewer_or_new_password_ends_the_session(console: Console) -> None:
    client, _ = console.sign_in()
    console.reviewers.add("ana", "a brand new password", replace=True)
    assert client.get("/held").status_code == 303
    client, _ = console.sign_in(password="a brand new password")
    console.reviewers.remove("ana")
    assert client.get("/held").status_code == 303


def rows(html: str) -> list[str]:
    return re.findall(r'<a href="/m/([^"]+)">', html)


def test_held_list_newest_first_with_a_label_filter(console: Console) -> None:
    """Time, sender, recipients, labels, rules and size per row; the filter keeps one label."""
    client, _ = console.sign_in()
    html = client.get("/held").get_data(as_text=True)
    assert rows(html) == [SECOND, THIRD, FIRST]
    for text in ("2026-11-29 10:00:00 UTC", "sender@corp.test",
                 "alice@example.com, bob@example.org", "PHI, PII", "pci.card",
                 f">{console.store.get(FIRST).size}<"):  # fmt: skip
        assert text in html
    assert SECRET not in html and "results" not in html  # no content in the list
    assert rows(client.get("/held?label=PHI").get_data(as_text=True)) == [THIRD, FIRST]
    assert rows(client.get("/held?label=PCI").get_data(as_text=True)) == [SECOND]
    none = client.get("/held?label=NOPE").get_data(as_text=True)
    assert rows(none) == [] and "No held messages labelled NOPE" in none


def test_message_page_shows_text_and_never_message_html(console: Console) -> None:
    """Headers, the plain body escaped, labels and rules, attachments as octet-stream downloads."""
    client, _ = console.sign_in()
    response = client.get(f"/m/{FIRST}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    assert "<script" not in html and "onerror" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "Lab &lt;b&gt;results&lt;/b&gt;" in html and SECRET in html
    for text in ("Dr Sender &lt;sender@corp.test&gt;", "alice@example.com",
                 "Sun, 29 Nov 2026 10:00:00 +0000", "phi.mrn", "PHI"):  # fmt: skip
        assert text in html
    link = re.search(rf'href="(/m/{FIRST}/a/(\d+))" download>([^<]+)<', html)
    assert link is not None and link.group(3) == "page _1_.html"
    download = client.get(link.group(1))
    assert download.status_code == 200 and download.mimetype == "application/octet-stream"
    assert download.headers["Content-Disposition"].startswith(
        'attachment; filename="page _1_.html"'
    )
    assert download.data == b"<html><script>alert(2)</script></html>"
    assert client.get(f"/m/{FIRST}/a/1").status_code == 404  # the body is no attachment
    assert client.get(f"/m/{FIRST}/a/99").status_code == 404
    assert client.get("/m/DLP-20261129-ZZZZZZZZZZ").status_code == 404
    assert client.get("/m/..%2f..%2fetc").status_code == 404


def test_release_reinjects_and_audits_the_reviewer(
    tmp_path: Path, listener: tuple[Collect, int], caplog: pytest.LogCaptureFixture
) -> None:
    """The listener receives the original envelope and bytes; the message leaves the held list;
    the audit record names the reviewer and the reason; the log holds no content."""
    caplog.set_level(logging.INFO, logger="dlpmilter")
    handler, port = listener
    console = Console(tmp_path, port)
    client, _ = console.sign_in()
    page = client.get(f"/m/{FIRST}")
    done = client.post(f"/m/{FIRST}/release",
                       data={"csrf": csrf(page), "reason": "approved by the privacy office"})  # fmt: skip
    assert done.status_code == 303 and done.headers["Location"].endswith("/held")
    assert handler.messages == [
        ("sender@corp.test", ["alice@example.com", "bob@example.org"], console.store.read(FIRST))
    ]
    listing = client.get("/held").get_data(as_text=True)
    assert f"Message {FIRST} was released." in listing and rows(listing) == [SECOND, THIRD]
    entry = console.store.get(FIRST)
    assert (entry.state, entry.actor, entry.note) == (
        "released",
        "ana",
        "approved by the privacy office",
    )
    [record] = console.audit()
    assert record["event"] == "quarantine_release" and record["reference"] == FIRST
    assert record["actor"] == "ana" and record["reason"] == "approved by the privacy office"
    assert f"ana released {FIRST}" in caplog.text
    assert SECRET not in caplog.text and "alice@example.com" not in caplog.text


def test_release_needs_a_reason(tmp_path: Path, listener: tuple[Collect, int]) -> None:
    handler, port = listener
    console = Console(tmp_path, port)
    client, _ = console.sign_in()
    token = csrf(client.get(f"/m/{FIRST}"))
    refused = client.post(f"/m/{FIRST}/release", data={"csrf": token, "reason": "  \n "})
    assert refused.status_code == 400 and "Give a reason" in refused.get_data(as_text=True)
    assert handler.messages == [] and console.store.get(FIRST).state == "held"


def test_delete_destroys_and_audits(console: Console) -> None:
    client, _ = console.sign_in()
    token = csrf(client.get(f"/m/{SECOND}"))
    done = client.post(f"/m/{SECOND}/delete", data={"csrf": token, "reason": "test data"})
    assert done.status_code == 303
    assert rows(client.get("/held").get_data(as_text=True)) == [THIRD, FIRST]
    entry = console.store.get(SECOND)
    assert (entry.state, entry.actor, entry.note) == ("deleted", "ana", "test data")
    [record] = console.audit()
    assert (record["event"], record["actor"], record["reason"]) == (
        "quarantine_delete",
        "ana",
        "test data",
    )
    gone = client.get(f"/m/{SECOND}").get_data(as_text=True)
    assert "deleted by ana" in gone and SECRET not in gone and 'name="reason"' not in gone


def test_acting_on_a_message_no_longer_held_says_so(
    tmp_path: Path, listener: tuple[Collect, int]
) -> None:
    """A second reviewer's release or delete of a released message is a clear 409, and
    changes nothing: no second delivery, no new audit record, the state stays released."""
    handler, port = listener
    console = Console(tmp_path, port)
    ana, _ = console.sign_in()
    console.reviewers.add("bo", "bo's long password")
    bo, _ = console.sign_in("bo", "bo's long password")
    stale = csrf(bo.get(f"/m/{FIRST}"))  # bo opened it before ana released it
    ana.post(f"/m/{FIRST}/release", data={"csrf": csrf(ana.get(f"/m/{FIRST}")), "reason": "ok"})
    for verb in ("release", "delete"):
        late = bo.post(f"/m/{FIRST}/{verb}", data={"csrf": stale, "reason": "also ok"})
        text = late.get_data(as_text=True)
        assert late.status_code == 409
        assert "This message is no longer held: it was released by ana" in text
    assert len(handler.messages) == 1 and len(console.audit()) == 1
    assert console.store.get(FIRST).state == "released"


def test_failed_release_keeps_the_message_held(console: Console) -> None:
    """Nobody listens on the re-injection port: 503, still held, nothing audited."""
    client, _ = console.sign_in()
    token = csrf(client.get(f"/m/{FIRST}"))
    failed = client.post(f"/m/{FIRST}/release", data={"csrf": token, "reason": "ok"})
    assert failed.status_code == 503 and "it is still held" in failed.get_data(as_text=True)
    assert console.store.get(FIRST).state == "held" and console.audit() == []


def test_malformed_reviewers_file_stops_start_up(console: Console) -> None:
    console.reviewers.path.write_text("ana:not-a-hash\n")
    with pytest.raises(ConfigError, match=rf"{console.reviewers.path}, line 1"):
        create_app(console.settings)
