"""What the portal's and the quarantine console's Flask apps share: their settings when a WSGI
server builds them, the security headers and error pages on every response, CSRF tokens,
attachment downloads and how a time reads on a page.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from flask import Flask, Response, abort, request, session
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers.response import Response as BaseResponse

from dlpmilter.portal import credential
from dlpmilter.settings import Settings, load_settings

log = logging.getLogger(__name__)

#: Headers on every response: no script, framing, caching or referrer.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
    "Pragma": "no-cache",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

#: ``problem(status, title, heading, text)``: an app's error page.
Problem = Callable[[int, str, str, str], BaseResponse]


def default_settings() -> Settings:
    """The settings of an app a WSGI server builds: ``DLPMILTER_CONFIG`` (a TOML file; else
    ``/etc/dlpmilter/dlpmilter.toml`` when it exists) and ``DLPMILTER_*`` variables."""
    configured = os.environ.get("DLPMILTER_CONFIG", "")
    path = Path(configured) if configured else Path("/etc/dlpmilter/dlpmilter.toml")
    return load_settings(path if configured or path.exists() else None)


def readable(iso_time: str) -> str:
    """``2026-11-29T10:00:00.000Z`` as ``2026-11-29 10:00:00.000 UTC``."""
    return iso_time.replace("T", " ").replace("Z", " UTC")


def csrf_token() -> str:
    """This session's CSRF token (made on first use)."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return str(session["csrf"])


def check_csrf() -> None:
    """Refuse (400) a POST without this session's CSRF token."""
    sent = str(request.form.get("csrf", ""))
    if not sent or not credential.same(sent, str(session.get("csrf", ""))):
        abort(400)


def download(filename: str, data: bytes) -> Response:
    """An attachment as a download only: ``application/octet-stream`` with its name in an
    ASCII fallback and in UTF-8 (RFC 6266)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        data, mimetype="application/octet-stream", headers={"Content-Disposition": disposition}
    )


def guard(
    app: Flask,
    *,
    label: str,
    problem: Problem,
    not_found: Callable[[], BaseResponse],
    failed: tuple[str, str],
) -> None:
    """Error pages and the security headers for ``app``.

    :param label: the app's name in the log line of a request that failed.
    :param problem: renders an error page; :param not_found: the 404 page.
    :param failed: heading and text of the page of a request that failed on our side.
    """

    def http_error(exc: HTTPException) -> BaseResponse:
        status = exc.code or 500
        if status == 404:
            return not_found()
        return problem(status, "Request refused", "Request refused",
                       "This request cannot be served. Please go back and try again.")  # fmt: skip

    def failure(exc: Exception) -> BaseResponse:
        # the type only: its text or traceback could hold a path's token, an address or content
        log.error("%s: request failed: %s", label, type(exc).__name__)
        return problem(500, "Unavailable", *failed)

    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, failure)

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response
