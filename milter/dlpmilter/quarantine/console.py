"""The quarantine console (Flask): compliance reviewers list held messages, read one as text,
and release or delete it with a reason.

``create_app`` is the WSGI application factory: ``dlpmilter quarantine serve`` runs it with
:func:`serve` (on :mod:`dlpmilter.webserver`), and a production WSGI server can run
``dlpmilter.quarantine.console:create_app()``; either way behind an HTTPS reverse proxy
(docs/quarantine.md). Settings come from ``DLPMILTER_CONFIG`` (else
``/etc/dlpmilter/dlpmilter.toml`` when it exists) and ``DLPMILTER_*`` variables.

Security model, in short: reviewers sign in with a name and password from the reviewers file
(:mod:`dlpmilter.quarantine.reviewers`); five failed sign-ins for a name refuse that name for
five minutes, and the refusal never says whether the name exists. The session lives in a
signed cookie (HttpOnly, SameSite=Strict, Secure unless ``quarantine_console_insecure_cookies``)
keyed by a secret under the state directory; it ends after ``quarantine_console_idle_s``
without a request, after :data:`MAX_SESSION_S` in any case, on sign-out, and when the
reviewer's password changes or the reviewer is removed. Every POST carries the session's CSRF
token (400 without it). Every response forbids scripts, framing, caching and referrers (the
portal's headers). Message HTML is never rendered: bodies are text, attachments downloads.
Releases and deletions go through :class:`~dlpmilter.quarantine.review.Review`, so the audit
log records the reviewer as ``actor`` with the reason. Logs hold reviewer names, reference
ids and outcomes, never a password, an address or content.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
import time
from collections.abc import Callable
from typing import Any

from flask import (
    Flask,
    Response,
    abort,
    flash,
    get_flashed_messages,
    redirect,
    render_template_string,
    request,
    session,
    url_for,
)
from markupsafe import Markup
from werkzeug.wrappers.response import Response as BaseResponse

from dlpmilter import webapp, webserver
from dlpmilter.errors import ActionError, ConfigError
from dlpmilter.keyfile import load_or_create
from dlpmilter.portal import page
from dlpmilter.portal.display import Display, attachment_data, read_display
from dlpmilter.portal.intake import parse_listen
from dlpmilter.quarantine import pages
from dlpmilter.quarantine.review import Review
from dlpmilter.quarantine.reviewers import Reviewers
from dlpmilter.quarantine.store import Entry
from dlpmilter.settings import Settings

log = logging.getLogger(__name__)

#: Failed sign-ins for one name before that name is refused.
MAX_FAILURES = 5
#: Seconds a name is refused after :data:`MAX_FAILURES` failures (and the window they count in).
LOCKOUT_S = 300
#: Longest a session lasts, however active.
MAX_SESSION_S = 12 * 3600
#: Longest reason kept.
MAX_REASON = 500

_QID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_WRONG = "That name and password do not match a reviewer."
_THROTTLED = "Too many failed sign-ins for this name. Please wait a few minutes and try again."


class Throttle:
    """Failed sign-ins per name, in memory: :data:`MAX_FAILURES` within :data:`LOCKOUT_S`
    refuse the name until :data:`LOCKOUT_S` after the last of them."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, name: str, now: float) -> list[float]:
        return [t for t in self._failures.get(name, []) if now - t < LOCKOUT_S]

    def refused(self, name: str) -> bool:
        """Whether ``name`` is refused now."""
        with self._lock:
            return len(self._recent(name, self.clock())) >= MAX_FAILURES

    def failed(self, name: str) -> None:
        """Count one failed sign-in for ``name``."""
        with self._lock:
            now = self.clock()
            if len(self._failures) > 10_000:  # forget names whose failures are all old
                self._failures = {n: t for n, t in self._failures.items() if self._recent(n, now)}
            self._failures[name] = [*self._recent(name, now), now][-MAX_FAILURES:]

    def succeeded(self, name: str) -> None:
        """Forget ``name``'s failures."""
        with self._lock:
            self._failures.pop(name, None)


class Console:
    """The app's state: the review operations, the reviewers, the throttle and the clock."""

    def __init__(
        self,
        settings: Settings,
        review: Review,
        reviewers: Reviewers,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.review = review
        self.store = review.store
        self.reviewers = reviewers
        self.idle_s = int(settings["quarantine_console_idle_s"])
        self.clock = clock
        self.throttle = Throttle(clock)

    def reviewer(self) -> str | None:
        """The signed-in reviewer, or None (an idle, old or stale session is cleared)."""
        name, seen, since = session.get("r"), session.get("seen"), session.get("since")
        if not isinstance(name, str) or not isinstance(seen, int) or not isinstance(since, int):
            return None
        now = int(self.clock())
        fresh = 0 <= now - seen <= self.idle_s and 0 <= now - since <= MAX_SESSION_S
        stamp = session.get("v")
        if not fresh or not stamp or stamp != self.reviewers.stamp(name):
            session.clear()
            return None
        session["seen"] = now
        return name

    def sign_in(self, name: str) -> None:
        """A fresh session for ``name`` (a new CSRF token too: nothing carries over)."""
        session.clear()
        now = int(self.clock())
        session.update(r=name, seen=now, since=now, v=self.reviewers.stamp(name),
                       csrf=secrets.token_urlsafe(32))  # fmt: skip

    def entry_or_404(self, qid: str) -> Entry:
        """The index entry of ``qid``, or 404."""
        if not _QID.fullmatch(qid):
            abort(404)
        try:
            return self.store.get(qid)
        except ActionError:
            abort(404)

    def display(self, entry: Entry) -> Display | None:
        """What the page shows of the stored message, or None when it is gone (deleted)."""
        try:
            return read_display(self.store.read(entry.id))
        except ActionError:
            return None


def _render(title: str, template: str, status: int = 200, **context: Any) -> Response:
    inner = render_template_string(template, readable=webapp.readable, **context)
    nav = ""
    if context.get("reviewer"):
        nav = render_template_string(pages.NAV, reviewer=context["reviewer"], csrf=context["csrf"])
    html = render_template_string(
        page.BASE, title=title, content=Markup(inner), site=pages.SITE,  # noqa: S704 - rendered with autoescape
        nav=Markup(nav), footer=pages.FOOTER,  # noqa: S704 - rendered with autoescape
    )  # fmt: skip
    return Response(html, status=status, mimetype="text/html")


def _login_form(console: Console, message: str = "", status: int = 200, name: str = "") -> Response:
    return _render(
        "Sign in", pages.LOGIN, status, csrf=webapp.csrf_token(), message=message, name=name
    )


def _signed_in(console: Console) -> str:
    """The reviewer, or abort with a redirect to the sign-in page."""
    name = console.reviewer()
    if name is None:
        abort(redirect(url_for("login"), code=303))
    return name


def _login(console: Console) -> BaseResponse:
    if request.method == "GET":
        if console.reviewer() is not None:
            return redirect(url_for("held"), code=303)
        return _login_form(console)
    webapp.check_csrf()
    name = str(request.form.get("name", "")).strip()[:64]
    password = str(request.form.get("password", ""))[:1024]
    if console.throttle.refused(name):
        log.warning("quarantine console: sign-in refused for %r: too many failures", name)
        return _login_form(console, _THROTTLED, 429, name)
    try:
        ok = bool(name) and console.reviewers.verify(name, password)
    except ConfigError as exc:
        log.error("quarantine console: reviewers file unusable: %s", exc)
        abort(503)
    if not ok:
        console.throttle.failed(name)
        log.warning("quarantine console: sign-in failed for %r", name)
        return _login_form(console, _WRONG, 401, name)
    console.throttle.succeeded(name)
    console.sign_in(name)
    log.info("quarantine console: %s signed in", name)
    return redirect(url_for("held"), code=303)


def _logout(console: Console) -> BaseResponse:
    webapp.check_csrf()
    name = console.reviewer()
    session.clear()
    if name is not None:
        log.info("quarantine console: %s signed out", name)
    return redirect(url_for("login"), code=303)


def _held(console: Console) -> Response:
    reviewer = _signed_in(console)
    everything = console.store.entries(state="held")
    label = str(request.args.get("label", ""))[:100]
    shown = [e for e in everything if not label or label in e.labels]
    shown.sort(key=lambda e: (e.time, e.id), reverse=True)
    labels = sorted({name for e in everything for name in e.labels} | ({label} - {""}))
    return _render("Held messages", pages.HELD, reviewer=reviewer, csrf=webapp.csrf_token(),
                   entries=shown, labels=labels, label=label,
                   notices=get_flashed_messages())  # fmt: skip


def _message_page(
    console: Console, reviewer: str, entry: Entry, message: str = "", status: int = 200
) -> Response:
    view = console.display(entry) if entry.state == "held" else None
    return _render(f"Message {entry.id}", pages.MESSAGE, status, reviewer=reviewer,
                   csrf=webapp.csrf_token(), entry=entry, view=view, message=message)  # fmt: skip


def _message(console: Console, qid: str) -> Response:
    reviewer = _signed_in(console)
    entry = console.entry_or_404(qid)
    if entry.state == "held":
        log.info("quarantine console: %s opened %s", reviewer, entry.id)
    return _message_page(console, reviewer, entry)


def _download(console: Console, qid: str, number: int) -> Response:
    reviewer = _signed_in(console)
    entry = console.entry_or_404(qid)
    if entry.state != "held":
        abort(404)
    try:
        found = attachment_data(console.store.read(entry.id), number)
    except ActionError:
        found = None
    if found is None:
        abort(404)
    attachment, data = found
    log.info("quarantine console: %s downloaded part %d of %s", reviewer, number, entry.id)
    return webapp.download(attachment.filename, data)


def _act(console: Console, qid: str, verb: str) -> BaseResponse:
    reviewer = _signed_in(console)
    webapp.check_csrf()
    entry = console.entry_or_404(qid)
    reason = " ".join(str(request.form.get("reason", "")).split())[:MAX_REASON]
    if entry.state != "held":
        return _message_page(console, reviewer, entry,
                             f"This message is no longer held: it was {entry.state} by "
                             f"{entry.actor} at {webapp.readable(entry.changed)}.", 409)  # fmt: skip
    if not reason:
        return _message_page(console, reviewer, entry, f"Give a reason to {verb} the message.", 400)
    try:
        if verb == "release":
            done = console.review.release(entry.id, actor=reviewer, reason=reason)
        else:
            done = console.review.delete(entry.id, actor=reviewer, reason=reason)
    except ActionError as exc:
        now = console.store.get(entry.id)
        if now.state != "held":  # another reviewer was quicker
            return _message_page(console, reviewer, now,
                                 f"This message is no longer held: it was {now.state} by "
                                 f"{now.actor} at {webapp.readable(now.changed)}.", 409)  # fmt: skip
        log.error("quarantine console: %s could not %s %s: %s", reviewer, verb, entry.id, exc)
        return _message_page(console, reviewer, now,
                             f"The message could not be {verb}d; it is still held. "
                             "Please try again later.", 503)  # fmt: skip
    log.info("quarantine console: %s %sd %s", reviewer, verb, done.id)
    flash(f"Message {done.id} was {done.state}.")
    return redirect(url_for("held"), code=303)


def _routes(app: Flask, console: Console) -> None:
    app.add_url_rule("/console.css", "style", lambda: Response(pages.STYLE, mimetype="text/css"))
    app.add_url_rule("/", "home", lambda: redirect(url_for("held"), code=303))
    app.add_url_rule("/login", "login", lambda: _login(console), methods=["GET", "POST"])
    app.add_url_rule("/logout", "logout", lambda: _logout(console), methods=["POST"])
    app.add_url_rule("/held", "held", lambda: _held(console))
    app.add_url_rule("/m/<qid>", "message", lambda qid: _message(console, qid))
    app.add_url_rule("/m/<qid>/a/<int:number>", "download",
                     lambda qid, number: _download(console, qid, number))  # fmt: skip
    for verb in ("release", "delete"):
        app.add_url_rule(f"/m/<qid>/{verb}", verb,
                         lambda qid, verb=verb: _act(console, qid, verb), methods=["POST"])  # fmt: skip


def _problem(status: int, title: str, heading: str, text: str) -> Response:
    return _render(title, pages.PROBLEM, status, heading=heading, text=text)


def create_app(
    settings: Settings | None = None,
    *,
    review: Review | None = None,
    clock: Callable[[], float] = time.time,
) -> Flask:
    """The console's WSGI application.

    :param settings: the settings (default: ``DLPMILTER_CONFIG`` and ``DLPMILTER_*``).
    :param review: the review operations (default: from the settings).
    :param clock: seconds since the epoch (sessions' idle timeout and the sign-in throttle).
    :raises ConfigError: when the reviewers file is malformed or the session key unusable.
    """
    settings = settings if settings is not None else webapp.default_settings()
    reviewers = Reviewers.from_settings(settings)
    if not reviewers.load():
        log.warning("quarantine console: no reviewers in %s yet "
                    "(dlpmilter quarantine reviewer add NAME)", reviewers.path)  # fmt: skip
    key = load_or_create(settings.state_dir / "quarantine-console.key", 32)
    app = Flask("dlpmilter.quarantine.console")
    app.config.update(
        SECRET_KEY=key,
        SESSION_COOKIE_NAME="console_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=not settings["quarantine_console_insecure_cookies"],
        MAX_CONTENT_LENGTH=64 * 1024,
        PROPAGATE_EXCEPTIONS=False,
    )
    console = Console(settings, review or Review(settings), reviewers, clock)
    _routes(app, console)
    webapp.guard(
        app,
        label="quarantine console",
        problem=_problem,
        not_found=lambda: _problem(
            404, "Not found", "Not found", "There is no such page or message."
        ),
        failed=("Something went wrong", "The request failed on our side. Please try again later."),
    )
    return app


def serve(settings: Settings, listen: str | None = None) -> int:
    """Run the console until SIGTERM or SIGINT; the exit code.

    :param listen: ``host:port`` (default: setting ``quarantine_console_listen``).
    """
    where = listen or str(settings["quarantine_console_listen"])
    host, port = parse_listen(where, "quarantine_console_listen")
    httpd = webserver.start(
        create_app(settings), host, port, label="quarantine console", log_path=True
    )
    log.info("quarantine console listening on %s", where)
    webserver.wait_for_stop(threading.Event())
    webserver.stop(httpd)
    return 0
