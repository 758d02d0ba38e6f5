"""The shipped Postfix snippets parse, and their header checks do what the README says."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.postfix

CONTRIB = Path(__file__).resolve().parents[2] / "contrib"


@pytest.fixture
def confdir(tmp_path: Path) -> Path:
    # myhostname set, so Postfix does not look up the machine's name
    main = (CONTRIB / "postfix" / "main.cf").read_text() + "\nmyhostname = test.localdomain\n"
    (tmp_path / "main.cf").write_text(main)
    shutil.copy("/etc/postfix/master.cf", tmp_path / "master.cf")
    with (tmp_path / "master.cf").open("a") as master:
        master.write((CONTRIB / "postfix" / "master.cf").read_text())
    return tmp_path


def query(confdir: Path, table: str, key: str) -> str:
    result = subprocess.run(
        ["postmap", "-c", str(confdir), "-q", key, f"regexp:{CONTRIB / 'postfix' / table}"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return result.stdout.strip()


# fmt: off
ROUTES = [
    ("X-DLP-Route: tls",     "FILTER dlp_tls:"),
    ("X-DLP-Route:tls ",     "FILTER dlp_tls:"),
    ("X-DLP-Route: tlsx",    ""),
    ("X-Other: tls",         ""),
]
# fmt: on


@pytest.mark.parametrize(("header", "action"), ROUTES)
def test_route_header_maps_to_the_tls_transport(confdir: Path, header: str, action: str) -> None:
    """Only the exact routing header selects dlp_tls."""
    assert query(confdir, "dlpmilter_header_checks", header) == action


def test_tls_transport_strips_the_routing_header(confdir: Path) -> None:
    """The header is dropped on the way out."""
    assert query(confdir, "dlp_tls_header_checks", "X-DLP-Route: tls") == "IGNORE"


def test_snippets_parse(confdir: Path) -> None:
    """postconf reads the milters (fail closed) and both master.cf services."""

    def postconf(*args: str) -> str:
        return subprocess.run(
            ["postconf", "-c", str(confdir), *args], capture_output=True, text=True, check=True
        ).stdout

    assert "default_action=tempfail" in postconf("-h", "smtpd_milters")
    assert postconf("-h", "non_smtpd_milters").strip() == "$smtpd_milters"
    tls = postconf("-M", "dlp_tls/unix")
    assert "smtp_tls_security_level=encrypt" in tls and "smtp_header_checks=" in tls
    reinject = postconf("-M", "127.0.0.1:10026/inet")
    assert "smtpd_milters=" in reinject and "receive_override_options=no_milters" in reinject
