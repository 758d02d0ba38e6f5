"""The web server of the portal and the console: it serves, logs what it is told to, stops."""

from __future__ import annotations

import logging
import urllib.request
from typing import Any

import pytest

from dlpmilter import webserver
from netwait import free_ports


def _app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


@pytest.mark.parametrize("log_path", [False, True])
def test_request_log_holds_the_path_only_when_asked(
    log_path: bool, caplog: pytest.LogCaptureFixture
) -> None:
    (port,) = free_ports(1)
    httpd = webserver.start(_app, "127.0.0.1", port, label="test web", log_path=log_path)
    try:
        with caplog.at_level(logging.INFO, logger="dlpmilter.webserver"):
            url = f"http://127.0.0.1:{port}/p/SECRET-TOKEN?code=123456"
            with urllib.request.urlopen(url, timeout=10) as answer:
                assert answer.read() == b"ok"
    finally:
        webserver.stop(httpd)
    (line,) = [r.getMessage() for r in caplog.records if r.getMessage().startswith("test web")]
    assert "123456" not in line  # never the query
    if log_path:
        assert line == "test web: GET /p/SECRET-TOKEN 200"
    else:
        assert line == "test web: GET 200"
