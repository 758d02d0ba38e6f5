"""Reviewer accounts: scrypt hashes in a 0600 file, checked in constant time; the CLI."""

from __future__ import annotations

import stat
import subprocess
import sys
from pathlib import Path

import pytest

from dlpmilter.errors import ConfigError
from dlpmilter.quarantine.reviewers import Reviewers, check_password, hash_password

PASSWORD = "correct horse battery"


def test_hash_carries_salt_and_parameters_and_checks() -> None:
    """Two hashes of one password differ (salt); each checks the password and only it."""
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first != second and first.startswith("scrypt$15$8$1$")
    assert check_password(first, PASSWORD) and check_password(second, PASSWORD)
    assert not check_password(first, PASSWORD + "!")
    assert not check_password("scrypt$nonsense", PASSWORD)


def test_add_verify_remove(tmp_path: Path) -> None:
    """Added reviewers verify, the file is 0600 with no password in it, removal takes effect."""
    reviewers = Reviewers(tmp_path / "reviewers")
    reviewers.add("ana.lopez", PASSWORD)
    reviewers.add("bo", "another long password")
    assert reviewers.names() == ["ana.lopez", "bo"]
    assert stat.S_IMODE(reviewers.path.stat().st_mode) == 0o600
    text = reviewers.path.read_text()
    assert PASSWORD not in text and text.startswith("ana.lopez:scrypt$")
    assert reviewers.verify("ana.lopez", PASSWORD)
    assert not reviewers.verify("ana.lopez", "another long password")
    assert not reviewers.verify("nobody", PASSWORD)
    stamp = reviewers.stamp("ana.lopez")
    reviewers.add("ana.lopez", "a brand new password", replace=True)
    assert reviewers.stamp("ana.lopez") not in ("", stamp)
    assert reviewers.verify("ana.lopez", "a brand new password")
    reviewers.remove("bo")
    assert reviewers.names() == ["ana.lopez"] and reviewers.stamp("bo") == ""
    with pytest.raises(ConfigError, match="no reviewer 'bo'"):
        reviewers.remove("bo")


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        ("ana", "short", "at least 12 characters"),
        ("ana:x", PASSWORD, "reviewer name"),
        ("", PASSWORD, "reviewer name"),
        ("-ana", PASSWORD, "reviewer name"),
    ],
)
def test_add_refuses_bad_names_and_short_passwords(
    tmp_path: Path, name: str, password: str, message: str
) -> None:
    reviewers = Reviewers(tmp_path / "reviewers")
    with pytest.raises(ConfigError, match=message):
        reviewers.add(name, password)
    assert not reviewers.path.exists()


def test_add_refuses_an_existing_name_without_replace(tmp_path: Path) -> None:
    reviewers = Reviewers(tmp_path / "reviewers")
    reviewers.add("ana", PASSWORD)
    with pytest.raises(ConfigError, match="exists"):
        reviewers.add("ana", "a different password")
    assert reviewers.verify("ana", PASSWORD)


@pytest.mark.parametrize(
    "line",
    [
        "ana",
        "ana:plaintext-password",
        "ana:scrypt$15$8$1$c2FsdA",
        "bad name:" + "scrypt$15$8$1$c2FsdA$" + "A" * 43,
    ],
)
def test_malformed_file_names_file_and_line(tmp_path: Path, line: str) -> None:
    path = tmp_path / "reviewers"
    path.write_text(f"# reviewers\nbo:{hash_password(PASSWORD)}\n\n{line}\n")
    with pytest.raises(ConfigError, match=rf"{path}, line 4: expected name:scrypt"):
        Reviewers(path).load()


def test_repeated_name_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "reviewers"
    stored = hash_password(PASSWORD)
    path.write_text(f"bo:{stored}\nbo:{stored}\n")
    with pytest.raises(ConfigError, match="line 2: reviewer 'bo' appears twice"):
        Reviewers(path).load()


def cli(state: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dlpmilter", "quarantine", "--state-dir", str(state), "reviewer", *args],
        input=stdin, capture_output=True, text=True, timeout=60, check=False,
        env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip


def test_cli_add_list_remove(tmp_path: Path) -> None:
    """The three commands; a short password and a malformed file are errors (exit 2)."""
    added = cli(tmp_path, "add", "ana", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert Reviewers(tmp_path / "reviewers").verify("ana", PASSWORD)
    short = cli(tmp_path, "add", "bo", "--password-stdin", stdin="short\n")
    assert short.returncode == 2 and "at least 12 characters" in short.stderr
    assert cli(tmp_path, "list").stdout == "ana\n"
    assert cli(tmp_path, "remove", "ana").returncode == 0
    assert cli(tmp_path, "list").stdout == ""
    (tmp_path / "reviewers").write_text("garbage\n")
    broken = cli(tmp_path, "list")
    assert broken.returncode == 2 and "reviewers, line 1" in broken.stderr
