"""The web app through Flask's test client: the code gate, the session, escaping, the headers."""

from __future__ import annotations

import re
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from dlpmilter.portal.store import PortalStore
from dlpmilter.portal.web import create_app
from dlpmilter.settings import Settings, load_settings
from dlpmilter.webapp import SECURITY_HEADERS

if TYPE_CHECKING:
    from conftest import Clock, KeptCourier

HOSTILE = '<p>MRN 12345678</p><script>alert("x")</script><img src=x onerror=alert(1)>'


def mail() -> bytes:
    msg = EmailMessage()
    msg["From"] = "Dr Sender <sender@corp.test>"
    msg["To"] = "alice@example.com"
    msg["Subject"] = "Lab <b>results</b>"
    msg["Date"] = "Sun, 29 Nov 2026 10:00:00 +0000"
    msg.set_content(HOSTILE, subtype="html")
    msg.add_attachment(b"%PDF-1.4 report", maintype="application", subtype="pdf",
                       filename="../../report <1>.pdf")  # fmt: skip
    msg.add_attachment(b"<html><script>alert(2)</script></html>", maintype="text",
                       subtype="html", filename="page.html")  # fmt: skip
    return msg.as_bytes()


class Portal:
    """The app, its store and courier, and one deposited message's tokens."""

    def __init__(self, settings: Settings, clock: Clock, courier: KeptCourier) -> None:
        self.store = PortalStore.from_settings(settings, clock=clock)
        self.courier = courier
        self.app: Flask = create_app(settings, store=self.store, courier=courier)
        done = self.store.deposit(mail(), sender="sender@corp.test", reference="DLP-42",
                                  recipients=("alice@example.com", "bob@example.org"))  # fmt: skip
        self.tokens = dict(done.tokens)
        self.alice = self.tokens["alice@example.com"]
        self.clock = clock

    def client(self) -> FlaskClient:
        return self.app.test_client()

    def last_code(self, to: str = "alice@example.com") -> str:
        found = re.search(
            r"code for the secure message portal is:\s+(\d{6})", self.courier.texts(to)[-1]
        )
        assert found is not None
        return found.group(1)


@pytest.fixture
def portal(settings: Settings, clock: Clock, courier: KeptCourier) -> Portal:
    return Portal(settings, clock, courier)


def csrf(response: Any) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', response.get_data(as_text=True))
    assert found is not None
    return found.group(1)


def sign_in(portal: Portal, client: FlaskClient, token: str | None = None) -> None:
    token = token or portal.alice
    landing = client.get(f"/p/{token}")
    asked = client.post(f"/p/{token}/code", data={"csrf": csrf(landing)})
    assert asked.status_code == 303
    form = client.get(asked.headers["Location"])
    to = portal.store.pickup(token)
    assert to is not None
    done = client.post(
        f"/p/{token}/open", data={"csrf": csrf(form), "code": portal.last_code(to.recipient)}
    )
    assert done.status_code == 303


def test_landing_page_shows_sender_and_reference_not_content(portal: Portal) -> None:
    page = portal.client().get(f"/p/{portal.alice}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "sender@corp.test" in text and "DLP-42" in text
    assert "MRN 12345678" not in text and "results" not in text
    assert "E-mail me a code" in text


@pytest.mark.parametrize("token", ["nope", "x" * 43, "x" * 500])
def test_unknown_token_is_a_plain_404(portal: Portal, token: str) -> None:
    page = portal.client().get(f"/p/{token}")
    assert page.status_code == 404
    assert "This link does not work" in page.get_data(as_text=True)


def test_expired_and_unknown_tokens_look_the_same(portal: Portal) -> None:
    client = portal.client()
    unknown = client.get("/p/" + "A" * 43).get_data()
    portal.clock.advance(days=15)
    expired = client.get(f"/p/{portal.alice}")
    assert expired.status_code == 404
    assert expired.get_data() == unknown
    portal.store.expire()
    assert client.get(f"/p/{portal.alice}").get_data() == unknown


def test_every_response_carries_the_security_headers(portal: Portal) -> None:
    client = portal.client()
    responses = [client.get(f"/p/{portal.alice}"), client.get("/p/unknown"), client.get("/portal.css"),
                 client.post(f"/p/{portal.alice}/code", data={})]  # fmt: skip
    sign_in(portal, client)
    responses += [client.get(f"/p/{portal.alice}"), client.get(f"/p/{portal.alice}/a/2")]
    for response in responses:
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (response.request.path, name)
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp
    assert "frame-ancestors 'none'" in csp


def test_no_message_without_the_code(portal: Portal) -> None:
    """Before the code: the landing page, never the body; attachments are refused."""
    client = portal.client()
    assert "MRN 12345678" not in client.get(f"/p/{portal.alice}").get_data(as_text=True)
    assert client.get(f"/p/{portal.alice}/a/2").status_code == 403
    landing = client.get(f"/p/{portal.alice}")
    client.post(f"/p/{portal.alice}/code", data={"csrf": csrf(landing)})
    wrong = f"{(int(portal.last_code()) + 1) % 1_000_000:06d}"
    form = client.get(f"/p/{portal.alice}/code")
    refused = client.post(f"/p/{portal.alice}/open", data={"csrf": csrf(form), "code": wrong})
    assert refused.status_code == 400
    assert "MRN 12345678" not in client.get(f"/p/{portal.alice}").get_data(as_text=True)


def test_code_opens_the_message_with_the_html_body_as_escaped_text(portal: Portal) -> None:
    client = portal.client()
    sign_in(portal, client)
    page = client.get(f"/p/{portal.alice}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "MRN 12345678" in html
    assert "<script" not in html and "onerror" not in html.replace("&#34;", "")
    assert "alert(&#34;x&#34;)" in html or "alert(&quot;x&quot;)" in html  # shown as text
    assert "Lab &lt;b&gt;results&lt;/b&gt;" in html
    assert "<b>results</b>" not in html
    assert "report _1_.pdf" in html and "page.html" in html
    events = [e.kind for e in portal.store.events(portal.store.message("DLP-42").id)]
    assert events == ["deposited", "code sent", "opened"]


def test_attachments_are_downloads_never_rendered(portal: Portal) -> None:
    client = portal.client()
    sign_in(portal, client)
    page = client.get(f"/p/{portal.alice}").get_data(as_text=True)
    links = re.findall(r'href="(/p/[^"]+/a/\d+)"', page)
    assert len(links) == 2
    for link in links:
        got = client.get(link)
        assert got.status_code == 200
        assert got.headers["Content-Type"] == "application/octet-stream"
        assert got.headers["Content-Disposition"].startswith("attachment;")
        assert got.headers["X-Content-Type-Options"] == "nosniff"
        assert "/" not in got.headers["Content-Disposition"].split("filename=")[1].split(";")[0]
    assert client.get(links[0]).data == b"%PDF-1.4 report"
    assert client.get(f"/p/{portal.alice}/a/99").status_code == 404
    kinds = [e.kind for e in portal.store.events(portal.store.message("DLP-42").id)]
    assert kinds.count("attachment downloaded") == 3


def test_session_is_bound_to_one_pickup(portal: Portal) -> None:
    """Signed in for Alice's pickup, the same browser gets Bob's landing page, not his message."""
    client = portal.client()
    sign_in(portal, client)
    bob = portal.tokens["bob@example.org"]
    assert "MRN 12345678" not in client.get(f"/p/{bob}").get_data(as_text=True)
    assert client.get(f"/p/{bob}/a/2").status_code == 403


def test_session_expires(portal: Portal) -> None:
    client = portal.client()
    sign_in(portal, client)
    portal.clock.advance(seconds=1801)
    assert "MRN 12345678" not in client.get(f"/p/{portal.alice}").get_data(as_text=True)


def test_code_goes_only_to_the_pickups_recipient(portal: Portal) -> None:
    client = portal.client()
    landing = client.get(f"/p/{portal.alice}")
    client.post(f"/p/{portal.alice}/code", data={"csrf": csrf(landing)})
    assert [to for to, _ in portal.courier.sent] == ["alice@example.com"]
    assert "DLP-42" in portal.courier.texts("alice@example.com")[0]


def test_posts_need_the_csrf_token(portal: Portal) -> None:
    client = portal.client()
    client.get(f"/p/{portal.alice}")
    assert client.post(f"/p/{portal.alice}/code", data={}).status_code == 400
    assert client.post(f"/p/{portal.alice}/code", data={"csrf": "forged"}).status_code == 400
    other = portal.client()
    token = csrf(other.get(f"/p/{portal.alice}"))
    assert client.post(f"/p/{portal.alice}/code", data={"csrf": token}).status_code == 400
    assert portal.courier.sent == []


def test_cookie_flags(portal: Portal, settings: Settings) -> None:
    cookie = portal.client().get(f"/p/{portal.alice}").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" in cookie
    plain = load_settings(
        overrides={**dict(settings), "portal_url": "http://127.0.0.1:8080"}, environ={}
    )
    app = create_app(plain, store=portal.store, courier=portal.courier)
    cookie = app.test_client().get(f"/p/{portal.alice}").headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Secure" not in cookie


def test_too_many_wrong_codes_need_a_new_one(portal: Portal) -> None:
    client = portal.client()
    landing = client.get(f"/p/{portal.alice}")
    client.post(f"/p/{portal.alice}/code", data={"csrf": csrf(landing)})
    code = portal.last_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    token = csrf(landing)
    for _ in range(5):
        client.post(f"/p/{portal.alice}/open", data={"csrf": token, "code": wrong})
    late = client.post(f"/p/{portal.alice}/open", data={"csrf": token, "code": code})
    assert late.status_code == 400
    assert "ask for a new one" in late.get_data(as_text=True)
    assert "MRN 12345678" not in client.get(f"/p/{portal.alice}").get_data(as_text=True)


def test_tampered_store_file_shows_an_error_page_without_content(portal: Portal) -> None:
    client = portal.client()
    sign_in(portal, client)
    mid = portal.store.message("DLP-42").id
    path = portal.store.directory / "msg" / f"{mid}.bin"
    blob = bytearray(path.read_bytes())
    blob[20] ^= 0xFF
    path.write_bytes(bytes(blob))
    page = client.get(f"/p/{portal.alice}")
    assert page.status_code == 500
    assert "cannot be shown" in page.get_data(as_text=True)
    assert page.headers["Cache-Control"] == "no-store"


def test_factory_reads_the_config_named_by_the_environment(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``create_app()`` with no arguments, as a WSGI server calls it, reads DLPMILTER_CONFIG."""
    config = tmp_path / "dlpmilter.toml"
    config.write_text(f'state_dir = "{tmp_path / "state"}"\nportal_url = "https://portal.test"\n')
    monkeypatch.setenv("DLPMILTER_CONFIG", str(config))
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert (tmp_path / "state" / "portal" / "index.sqlite").exists()
    assert app.test_client().get("/p/unknown").status_code == 404
