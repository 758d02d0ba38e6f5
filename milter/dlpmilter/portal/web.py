"""The portal's web app (Flask): a token's landing page, a one-time code, then the message.

``create_app`` is the WSGI application factory: ``dlpmilter portal serve`` runs it with the
standard library's server, and a production WSGI server runs ``dlpmilter.portal.web:create_app()``
behind an HTTPS reverse proxy (docs/portal.md). Settings come from ``DLPMILTER_CONFIG`` (a TOML
file; else ``/etc/dlpmilter/dlpmilter.toml`` when it exists) and ``DLPMILTER_*`` variables.

Security model, in short: the link's token (256 bits, only its digest stored) finds the pickup;
a six-digit code mailed to the recipient proves the mailbox; the session cookie (HttpOnly,
SameSite=Strict, Secure under https, signed with a key derived from the portal key) is bound to
that one pickup and expires after ``portal_session_s``; every POST carries a CSRF token; every
response forbids scripts, framing, caching and referrers; an unknown, expired or foreign token
gets the same 404. Message HTML is never rendered: bodies are text, attachments downloads.
Logs never hold a token, an address or content (the request path is not logged).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    redirect,
    render_template_string,
    request,
    session,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers.response import Response as BaseResponse

from dlpmilter import webapp
from dlpmilter.errors import ActionError
from dlpmilter.keyfile import load_or_create
from dlpmilter.portal import credential, page
from dlpmilter.portal.courier import Courier, portal_url
from dlpmilter.portal.display import attachment_data, read_display
from dlpmilter.portal.record import CodeCheck, Pickup, Stored
from dlpmilter.portal.store import PortalStore
from dlpmilter.settings import Settings

log = logging.getLogger(__name__)


def _render(title: str, template: str, status: int = 200, **context: Any) -> Response:
    inner = render_template_string(template, **context)
    html = render_template_string(page.BASE, title=title, content=Markup(inner))  # noqa: S704 - inner was rendered with autoescape
    return Response(html, status=status, mimetype="text/html")


def _problem(status: int, title: str, heading: str, text: str) -> Response:
    return _render(title, page.PROBLEM, status, heading=heading, text=text)


class Portal:
    """The app's state: store, courier and the settings the views need."""

    def __init__(self, settings: Mapping[str, Any], store: PortalStore, courier: Courier) -> None:
        self.store = store
        self.courier = courier
        self.code_ttl = timedelta(seconds=int(settings["portal_code_ttl_s"]))
        self.attempts = int(settings["portal_code_attempts"])
        self.per_hour = int(settings["portal_codes_per_hour"])
        self.session_s = int(settings["portal_session_s"])

    def pickup_or_404(self, token: str) -> tuple[Pickup, Stored]:
        """The pickup of a token and its message, or the one 404 for every kind of miss."""
        pickup = self.store.pickup(token) if len(token) < 100 else None
        if pickup is None:
            abort(404)
        return pickup, self.store.message(pickup.message)

    def bind(self, pickup: Pickup) -> str:
        """Bind the session to ``pickup`` (a session for another one starts over); its CSRF token."""
        if session.get("p") != pickup.token:
            session.clear()
            session["p"] = pickup.token
            session["csrf"] = secrets.token_urlsafe(32)
        return str(session["csrf"])

    def verified(self, pickup: Pickup) -> bool:
        """Whether this session entered the right code for ``pickup`` recently enough."""
        opened = session.get("ok")
        if session.get("p") != pickup.token or not isinstance(opened, int):
            return False
        return 0 <= self.store.clock().timestamp() - opened < self.session_s


def _landing(portal: Portal, token: str, message: str = "", status: int = 200) -> Response:
    pickup, stored = portal.pickup_or_404(token)
    csrf = portal.bind(pickup)
    return _render("Secure message", page.LANDING, status, token=token, csrf=csrf,
                   sender=stored.sender, reference=stored.reference or stored.id,
                   expires=webapp.readable(stored.expires), message=message)  # fmt: skip


def _code_form(portal: Portal, token: str, message: str = "", status: int = 200) -> Response:
    pickup, _ = portal.pickup_or_404(token)
    csrf = portal.bind(pickup)
    minutes = max(1, int(portal.code_ttl.total_seconds()) // 60)
    return _render("Enter your code", page.CODE, status, token=token, csrf=csrf,
                   minutes=minutes, message=message)  # fmt: skip


def _show(portal: Portal, token: str) -> Response:
    pickup, stored = portal.pickup_or_404(token)
    if not portal.verified(pickup):
        return _landing(portal, token)
    view = read_display(portal.store.read(stored.id))
    return _render("Your message", page.MESSAGE, token=token, view=view,
                   reference=stored.reference or stored.id, expires=webapp.readable(stored.expires))  # fmt: skip


def _send_code(portal: Portal, token: str) -> BaseResponse:
    pickup, stored = portal.pickup_or_404(token)
    portal.bind(pickup)
    webapp.check_csrf()
    code = portal.store.issue_code(pickup, ttl=portal.code_ttl, per_hour=portal.per_hour)
    if code is None:
        return _landing(portal, token, "Too many codes were sent for this message. "
                        "Please try again in an hour.", 429)  # fmt: skip
    minutes = max(1, int(portal.code_ttl.total_seconds()) // 60)
    mail = portal.courier.code(to=pickup.recipient, code=code,
                               reference=stored.reference or stored.id, minutes=minutes)  # fmt: skip
    try:
        portal.courier.send(mail, pickup.recipient)
    except ActionError as exc:
        log.error("portal: %s pickup %d: code not sent: %s", stored.id, pickup.number, exc)
        return _landing(portal, token, "The code could not be sent. Please try again.", 503)
    return redirect(url_for("code_form", token=token), code=303)


def _check_code(portal: Portal, token: str) -> BaseResponse:
    pickup, _ = portal.pickup_or_404(token)
    portal.bind(pickup)
    webapp.check_csrf()
    entered = str(request.form.get("code", ""))[:20]
    result = portal.store.check_code(pickup, entered, attempts=portal.attempts)
    if result is CodeCheck.ACCEPTED:
        session["ok"] = int(portal.store.clock().timestamp())
        return redirect(url_for("pickup", token=token), code=303)
    if result is CodeCheck.WRONG:
        return _code_form(portal, token, "That code is not right. Please try again.", 400)
    return _landing(
        portal, token, "That code can no longer be used. Please ask for a new one.", 400
    )


def _download(portal: Portal, token: str, number: int) -> Response:
    pickup, stored = portal.pickup_or_404(token)
    if not portal.verified(pickup):
        abort(403)
    found = attachment_data(portal.store.read(stored.id), number)
    if found is None:
        abort(404)
    attachment, data = found
    portal.store.record(stored.id, pickup.number, "attachment downloaded", f"part {number}")
    return webapp.download(attachment.filename, data)


def _routes(app: Flask, portal: Portal) -> None:
    app.add_url_rule("/portal.css", "style",
                     lambda: Response(page.STYLE, mimetype="text/css"))  # fmt: skip
    app.add_url_rule("/p/<token>", "pickup", lambda token: _show(portal, token))
    app.add_url_rule("/p/<token>/code", "code_form", lambda token: _code_form(portal, token))
    app.add_url_rule("/p/<token>/code", "send_code",
                     lambda token: _send_code(portal, token), methods=["POST"])  # fmt: skip
    app.add_url_rule("/p/<token>/open", "check_code",
                     lambda token: _check_code(portal, token), methods=["POST"])  # fmt: skip
    app.add_url_rule("/p/<token>/a/<int:number>", "download",
                     lambda token, number: _download(portal, token, number))  # fmt: skip


def create_app(
    settings: Settings | None = None,
    *,
    store: PortalStore | None = None,
    courier: Courier | None = None,
) -> Flask:
    """The portal's WSGI application.

    :param settings: the settings (default: ``DLPMILTER_CONFIG`` and ``DLPMILTER_*``).
    :param store: the portal store (default: from the settings); :param courier: ditto.
    """
    settings = settings if settings is not None else webapp.default_settings()
    store = store if store is not None else PortalStore.from_settings(settings)
    courier = courier if courier is not None else Courier.from_settings(settings)
    key = load_or_create(settings.path("portal_key_file", "portal.key"), 32)
    app = Flask("dlpmilter.portal")
    app.config.update(
        SECRET_KEY=credential.subkey(key, "session"),
        SESSION_COOKIE_NAME="portal_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=portal_url(settings).startswith("https://"),
        PERMANENT_SESSION_LIFETIME=timedelta(seconds=int(settings["portal_session_s"])),
        MAX_CONTENT_LENGTH=64 * 1024,
        PROPAGATE_EXCEPTIONS=False,
    )
    portal = Portal(settings, store, courier)
    _routes(app, portal)
    webapp.guard(
        app,
        label="portal",
        problem=_problem,
        not_found=lambda: _render("Not found", page.NOT_FOUND, 404),
        failed=("The message cannot be shown",
                "Something went wrong on our side. Please try again later."),
    )  # fmt: skip
    return app
