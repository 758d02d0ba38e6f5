"""The web server of the portal and the quarantine console: the standard library's WSGI server
with a thread per request, which suits their load behind a reverse proxy (a site that wants
more runs ``create_app()`` of either under a production WSGI server).

Each request is logged through dlpmilter's logger with its method and status, and its path
only when the caller says the path holds nothing secret (a portal path carries a pickup token).
"""

from __future__ import annotations

import logging
import signal
import threading
from socketserver import ThreadingMixIn
from types import FrameType
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

log = logging.getLogger(__name__)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


def _handler(label: str, *, log_path: bool) -> type[WSGIRequestHandler]:
    class Handler(WSGIRequestHandler):
        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            if log_path:
                log.info("%s: %s %s %s", label, self.command, self.path.split("?")[0], code)
            else:
                log.info("%s: %s %s", label, self.command, code)

        def log_message(self, format: str, *args: Any) -> None:
            log.debug("%s: %s", label, self.command)

    return Handler


def start(app: Any, host: str, port: int, *, label: str, log_path: bool) -> WSGIServer:
    """Serve ``app`` on ``host:port`` from a thread of its own; the server, to :func:`stop`.

    :param label: what the request log lines start with (``portal web``).
    :param log_path: log each request's path (without its query) too.
    """
    httpd = make_server(host, port, app, _ThreadingServer, _handler(label, log_path=log_path))
    threading.Thread(target=httpd.serve_forever, name=label, daemon=True).start()
    return httpd


def stop(httpd: WSGIServer) -> None:
    """Stop serving and close the listening socket."""
    httpd.shutdown()
    httpd.server_close()


def wait_for_stop(done: threading.Event) -> None:
    """Set ``done`` on SIGTERM or SIGINT, and wait for it."""

    def on_signal(signum: int, frame: FrameType | None) -> None:
        done.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    done.wait()
