"""Logging: dlpmilter's records whole, other libraries' text withheld, in workers too."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from dlpmilter import logs

HERE = Path(__file__).resolve().parent
SECRET = "123-45-6789 Maria Gonzalez"


@pytest.fixture
def stream() -> Iterator[io.StringIO]:
    """Logging configured into a string for one test, restored after."""
    root = logging.getLogger()
    saved = (list(root.handlers), root.level)
    out = io.StringIO()
    logs.configure(logging.INFO, out)
    yield out
    logging.captureWarnings(False)
    root.handlers[:] = saved[0]
    root.setLevel(saved[1])


def test_own_records_are_kept_whole(stream: io.StringIO) -> None:
    logging.getLogger("dlpmilter.service").info("queue %s: %s", "ABC123", "deliver")
    assert "INFO dlpmilter.service: queue ABC123: deliver" in stream.getvalue()


def test_a_library_record_loses_its_text_and_traceback(stream: io.StringIO) -> None:
    try:
        raise ValueError(SECRET)
    except ValueError:
        logging.getLogger("pypdf._cmap").exception("Advanced encoding %s", SECRET)
    text = stream.getvalue()
    assert "ERROR pypdf._cmap: " + logs.WITHHELD in text
    assert "123-45-6789" not in text
    assert "Traceback" not in text


def test_a_name_that_only_starts_like_ours_is_foreign(stream: io.StringIO) -> None:
    logging.getLogger("dlpmilterx").warning(SECRET)
    assert SECRET not in stream.getvalue()


def test_warnings_are_withheld_too(stream: io.StringIO) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.warn(f"cannot read cell {SECRET}", UserWarning, stacklevel=1)
    text = stream.getvalue()
    assert "py.warnings: " + logs.WITHHELD in text
    assert "123-45-6789" not in text


def test_configuring_twice_logs_once(stream: io.StringIO) -> None:
    logs.configure(logging.INFO, stream)
    logging.getLogger("dlpmilter.pool").info("once")
    assert stream.getvalue().count("once") == 1


WORKER_SCRIPT = """
import logging, sys
from dlpmilter import logs
from dlpmilter.message import Envelope
from dlpmilter.pool import InspectionPool
from dlpmilter.settings import load_settings

logs.configure(logging.INFO)
settings = load_settings(overrides={"state_dir": sys.argv[1], "workers": 1})
pool = InspectionPool.from_settings(settings, factory="trigger_inspector:TriggerInspector")
pool.start()
raw = b"Subject: x\\r\\n\\r\\nLIBLOGME SSN 123-45-6789 Maria Gonzalez\\r\\n"
pool.inspect(raw, Envelope(sender="a@b.example", recipients=("c@d.example",)))
pool.shutdown()
"""


def test_a_worker_withholds_a_library_record(tmp_path: Path) -> None:
    """A library in an inspection worker logs a line of the message: only its name shows."""
    result = subprocess.run(
        [sys.executable, "-c", WORKER_SCRIPT, str(tmp_path)],
        env=dict(os.environ, PYTHONPATH=str(HERE / "milter")),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "ERROR pypdf._cmap: " + logs.WITHHELD in result.stderr
    assert "123-45-6789" not in result.stderr + result.stdout
