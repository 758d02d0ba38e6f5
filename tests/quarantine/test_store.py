"""The quarantine store: encrypted at rest, indexed, bound to its id."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dlpmilter.errors import ActionError, ConfigError
from dlpmilter.quarantine.store import QuarantineStore

KEY = bytes(range(32))


def put(
    store: QuarantineStore, qid: str, raw: bytes = b"Subject: x\r\n\r\nSSN 123-45-6789\r\n"
) -> None:
    store.put(
        raw,
        qid=qid,
        queue_id="Q1",
        sender="a@corp.test",
        recipients=("b@example.com",),
        labels=("PII",),
        rules=("pii-ssn",),
    )


def test_messages_are_encrypted_at_rest_and_read_back(tmp_path: Path) -> None:
    """The file holds no plaintext, is 0600 in a 0700 directory, and decrypts to the original."""
    store = QuarantineStore(tmp_path / "q", KEY)
    put(store, "DLP-1")
    blob = (tmp_path / "q" / "msg" / "DLP-1.bin").read_bytes()
    assert b"123-45-6789" not in blob
    assert stat.S_IMODE((tmp_path / "q" / "msg" / "DLP-1.bin").stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "q").stat().st_mode) == 0o700
    assert store.read("DLP-1") == b"Subject: x\r\n\r\nSSN 123-45-6789\r\n"


def test_index_rows_hold_the_metadata(tmp_path: Path) -> None:
    """id, time, sender, recipients, labels, rules, size and state."""
    store = QuarantineStore(tmp_path, KEY)
    put(store, "DLP-1")
    put(store, "DLP-2", b"x")
    entry = store.get("DLP-2")
    assert (entry.sender, entry.recipients, entry.labels, entry.rules, entry.size, entry.state) == (
        "a@corp.test", ("b@example.com",), ("PII",), ("pii-ssn",), 1, "held",
    )  # fmt: skip
    assert [e.id for e in store.entries()] == ["DLP-1", "DLP-2"]


def test_a_wrong_key_or_a_swapped_file_does_not_decrypt(tmp_path: Path) -> None:
    """Another key fails; a file renamed to another id fails (the id is associated data)."""
    store = QuarantineStore(tmp_path, KEY)
    put(store, "DLP-1")
    put(store, "DLP-2")
    with pytest.raises(ActionError, match="does not decrypt"):
        QuarantineStore(tmp_path, bytes(32)).read("DLP-1")
    msg = tmp_path / "msg"
    (msg / "DLP-1.bin").replace(msg / "DLP-X.bin")
    (msg / "DLP-2.bin").replace(msg / "DLP-1.bin")
    with pytest.raises(ActionError, match="does not decrypt"):
        store.read("DLP-1")


def test_release_and_delete_are_recorded(tmp_path: Path) -> None:
    """mark() records who and why; delete() destroys the message but keeps the row."""
    store = QuarantineStore(tmp_path, KEY)
    put(store, "DLP-1")
    released = store.mark("DLP-1", state="released", actor="rev", note="ok")
    assert (released.state, released.actor, released.note) == ("released", "rev", "ok")
    put(store, "DLP-2")
    store.delete("DLP-2", actor="rev", note="dup")
    assert store.get("DLP-2").state == "deleted"
    with pytest.raises(ActionError, match="not in the store"):
        store.read("DLP-2")
    assert [e.id for e in store.entries(state="held")] == []


def test_bad_ids_keys_and_duplicates(tmp_path: Path) -> None:
    """Path tricks in ids, short keys and reused ids are refused."""
    store = QuarantineStore(tmp_path, KEY)
    with pytest.raises(ActionError, match="invalid id"):
        store.read("../../etc/passwd")
    with pytest.raises(ActionError, match="no message"):
        store.get("DLP-404")
    with pytest.raises(ConfigError):
        QuarantineStore(tmp_path, b"short")
    put(store, "DLP-1")
    with pytest.raises(ActionError, match="cannot store"):
        put(store, "DLP-1")


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=4096))
def test_any_message_round_trips(raw: bytes) -> None:
    """Whatever the bytes, read() returns them."""
    import tempfile

    with tempfile.TemporaryDirectory() as directory:
        store = QuarantineStore(Path(directory), KEY)
        put(store, "DLP-1", raw)
        assert store.read("DLP-1") == raw
