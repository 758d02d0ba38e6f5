"""``dlpmilter serve --check``: everything loads, or the error names what does not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def check(state: Path, *extra: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dlpmilter", "serve", "--check", "--state-dir", str(state),
         "--inspector", "trigger_inspector:TriggerInspector", *extra],
        env=dict(os.environ, PYTHONPATH=str(HERE), **env),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_check_passes_when_everything_loads(tmp_path: Path) -> None:
    """Exit 0 and nothing started (no socket)."""
    result = check(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "load" in result.stdout
    assert not list(tmp_path.glob("*.sock"))


def test_check_names_a_pack_that_does_not_load(tmp_path: Path) -> None:
    """Exit 2 with the error."""
    (tmp_path / "trigger-generation").write_text("BROKEN")
    result = check(tmp_path)
    assert result.returncode == 2
    assert "does not load" in result.stderr


def test_check_names_a_bad_setting(tmp_path: Path) -> None:
    """A bad action setting is reported before anything starts."""
    result = check(tmp_path, DLPMILTER_QUARANTINE_MODE="bin")
    assert result.returncode == 2
    assert "quarantine_mode" in result.stderr
