"""The shipped systemd units: systemd reads them without a complaint, each starts the
dlpmilter command it is for, and each keeps the same user, state directory and hardening."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dlpmilter.cli import build_parser

UNITS = Path(__file__).resolve().parents[1] / "contrib" / "systemd"
#: Each unit and the sub-command (and its action) it runs.
EXPECTED = {
    "dlpmilter.service": ("serve", None),
    "dlpmilter-portal.service": ("portal", "serve"),
    "dlpmilter-quarantine-console.service": ("quarantine", "serve"),
}
INSTALLED = "/usr/local/bin/dlpmilter"


def _service(unit: Path) -> dict[str, list[str]]:
    """Every ``Key=value`` of the [Service] section (a key may repeat)."""
    values: dict[str, list[str]] = {}
    section = ""
    for raw in unit.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("["):
            section = line
        elif section == "[Service]":
            key, _, value = line.partition("=")
            values.setdefault(key, []).append(value)
    return values


def test_every_unit_is_known() -> None:
    assert sorted(p.name for p in UNITS.glob("*.service")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_unit_runs_its_command(name: str) -> None:
    (start,) = _service(UNITS / name)["ExecStart"]
    binary, *arguments = shlex.split(start)
    assert binary == INSTALLED
    args = build_parser().parse_args(arguments)
    command, action = EXPECTED[name]
    assert args.command == command
    if action is not None:
        assert action in vars(args).values()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_units_share_user_state_and_hardening(name: str) -> None:
    service = _service(UNITS / name)
    for key, value in {
        "User": "dlpmilter", "Group": "postfix", "StateDirectory": "dlpmilter",
        "StateDirectoryMode": "0700", "NoNewPrivileges": "yes", "ProtectSystem": "strict",
        "ProtectHome": "yes", "PrivateTmp": "yes",
    }.items():  # fmt: skip
        assert service.get(key) == [value], (name, key)
    assert "Environment" in service
    assert "DLPMILTER_STATE_DIR=/var/lib/dlpmilter" in service["Environment"]
    assert "/var/lib/dlpmilter" in service["ReadWritePaths"][0].split()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze")
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_systemd_reads_the_unit_without_a_complaint(name: str, tmp_path: Path) -> None:
    """``systemd-analyze verify`` on a copy whose ExecStart names this checkout's dlpmilter
    (the installed path does not exist here): an unknown key or a bad value is reported."""
    here = Path(sys.executable).with_name("dlpmilter")
    copy = tmp_path / name
    copy.write_text((UNITS / name).read_text().replace(INSTALLED, str(here)), encoding="utf-8")
    result = subprocess.run(
        ["systemd-analyze", "verify", str(copy)],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stderr.strip() == "", result.stderr
