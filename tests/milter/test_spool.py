"""Spooling a transaction: memory first, then a private file that is removed afterwards."""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.spool import Spool, Transaction


def test_small_messages_stay_in_memory(tmp_path: Path) -> None:
    """Below the bound nothing touches the disk."""
    spool = Spool(memory_limit=100, directory=tmp_path / "spool")
    spool.write(b"x" * 100)
    assert spool.path is None
    assert spool.getvalue() == b"x" * 100
    assert not (tmp_path / "spool").exists()


def test_large_messages_spill_to_a_0600_file_removed_on_close(tmp_path: Path) -> None:
    """Past the bound the bytes go to a 0600 file under the spool directory; close removes it."""
    spool = Spool(memory_limit=10, directory=tmp_path / "spool")
    spool.write(b"a" * 8)
    spool.write(b"b" * 8)
    spool.write(b"c" * 8)
    assert spool.path is not None and spool.path.parent == tmp_path / "spool"
    assert stat.S_IMODE(spool.path.stat().st_mode) == 0o600
    assert spool.getvalue() == b"a" * 8 + b"b" * 8 + b"c" * 8
    spool.write(b"d")
    assert spool.getvalue().endswith(b"cd")
    path = spool.path
    spool.close()
    assert not path.exists()


@settings(max_examples=50, deadline=None)
@given(chunks=st.lists(st.binary(max_size=50), max_size=20), limit=st.integers(0, 200))
def test_spooled_bytes_are_exactly_what_was_written(chunks: list[bytes], limit: int) -> None:
    """Whatever the bound, reading back gives the bytes written, in order."""
    with tempfile.TemporaryDirectory() as directory:
        spool = Spool(memory_limit=limit, directory=Path(directory))
        for chunk in chunks:
            spool.write(chunk)
        assert spool.getvalue() == b"".join(chunks)
        spool.close()
        assert list(Path(directory).iterdir()) == []


def test_transaction_rebuilds_the_raw_message(tmp_path: Path) -> None:
    """Headers (folded values kept, CRLF ends), a blank line, then the body chunks."""
    tx = Transaction(
        Spool(memory_limit=1 << 20, directory=tmp_path),
        sender="<a@corp.test>",
        client_address="10.0.0.5",
    )
    tx.add_recipient("<b@example.com>", "smtp")
    tx.add_recipient("<c@example.org>", "smtp")
    tx.add_header("Subject", "Lab\n\tresults")
    tx.add_header("From", "a@corp.test")
    tx.end_headers()
    tx.add_body(b"line 1\r\n")
    tx.add_body(b"line 2\r\n")
    assert tx.raw() == b"Subject: Lab\r\n\tresults\r\nFrom: a@corp.test\r\n\r\nline 1\r\nline 2\r\n"
    assert tx.subject == "Lab\n\tresults"
    env = tx.envelope("QID1")
    assert env.sender == "a@corp.test"
    assert env.recipients == ("b@example.com", "c@example.org")
    assert env.queue_id == "QID1" and env.client_address == "10.0.0.5"


def test_a_message_without_body_still_has_its_blank_line(tmp_path: Path) -> None:
    """No body callback: the raw message still ends its headers."""
    tx = Transaction(Spool(memory_limit=100, directory=tmp_path), sender="<>")
    tx.add_header("Subject", "x")
    assert tx.raw() == b"Subject: x\r\n\r\n"
    assert tx.envelope().sender == ""
