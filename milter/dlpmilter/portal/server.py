"""``dlpmilter portal serve``: the SMTP intake and the web app in one process.

The web app runs on :mod:`dlpmilter.webserver`; a site that wants more runs the intake here
(``--no-web``) and ``dlpmilter.portal.web:create_app()`` under a production WSGI server.
The request log holds the method and the status, never the path (it carries the token).
Expired messages are deleted on every delivery and, here, every hour.
"""

from __future__ import annotations

import logging
import threading

from dlpmilter import webserver
from dlpmilter.portal.certificate import server_context
from dlpmilter.portal.intake import Intake, controller, parse_listen
from dlpmilter.portal.store import PortalStore
from dlpmilter.portal.web import create_app
from dlpmilter.settings import Settings

log = logging.getLogger(__name__)


def _expire_hourly(store: PortalStore, done: threading.Event) -> None:
    """Delete expired messages every hour, so expiry does not wait for the next delivery."""
    while not done.wait(3600):
        try:
            count = store.expire()
        except Exception as exc:  # noqa: BLE001 - the next hour tries again
            log.error("portal: expiry failed: %s", type(exc).__name__)
            continue
        if count:
            log.info("portal: %d message(s) expired", count)


def serve(settings: Settings, *, web: bool = True) -> int:
    """Run the intake (and the web app) until SIGTERM or SIGINT; the exit code."""
    # aiosmtpd logs SMTP commands (addresses) at DEBUG: keep its logger at WARNING
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    intake = controller(Intake.from_settings(settings), settings, server_context(settings))
    intake.start()
    log.info("portal intake listening on %s", settings["portal_intake_listen"])
    httpd = None
    if web:
        host, port = parse_listen(str(settings["portal_web_listen"]), "portal_web_listen")
        # the request log holds method and status only: the path carries the pickup token
        httpd = webserver.start(
            create_app(settings), host, port, label="portal web", log_path=False
        )
        log.info("portal web listening on %s", settings["portal_web_listen"])
    done = threading.Event()
    store = PortalStore.from_settings(settings)
    threading.Thread(
        target=_expire_hourly, args=(store, done), name="portal-expiry", daemon=True
    ).start()
    webserver.wait_for_stop(done)
    if httpd is not None:
        webserver.stop(httpd)
    intake.stop()
    return 0
