"""The portal store: encryption at rest, token digests, codes, retention and the event trail."""

from __future__ import annotations

import sqlite3
import stat
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from dlpmilter.errors import ActionError, ConfigError
from dlpmilter.portal.record import CodeCheck
from dlpmilter.portal.store import PortalStore

if TYPE_CHECKING:
    from conftest import Clock

KEY = bytes(range(32))
RAW = b"From: a@corp.test\r\nSubject: Lab results\r\n\r\nMRN 12345678, Jane Roe\r\n"
RCPTS = ("alice@example.com", "bob@example.org")
TTL = timedelta(minutes=10)


def deposit(store: PortalStore, raw: bytes = RAW) -> dict[str, str]:
    done = store.deposit(raw, sender="sender@corp.test", recipients=RCPTS, reference="DLP-1")
    return dict(done.tokens)


def kinds(store: PortalStore, mid: str) -> list[tuple[int, str]]:
    return [(e.pickup, e.kind) for e in store.events(mid)]


def test_message_is_encrypted_at_rest_and_reads_back(store: PortalStore) -> None:
    tokens = deposit(store)
    pickup = store.pickup(tokens["alice@example.com"])
    assert pickup is not None
    path = store.directory / "msg" / f"{pickup.message}.bin"
    assert b"MRN" not in path.read_bytes() and b"Jane" not in path.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.directory.stat().st_mode) == 0o700
    assert store.read(pickup.message) == RAW


def test_only_token_digests_are_stored(store: PortalStore) -> None:
    """No token appears anywhere in the index; each token opens its own recipient's pickup."""
    tokens = deposit(store)
    index = (store.directory / "index.sqlite").read_bytes()
    for rcpt, token in tokens.items():
        assert token.encode() not in index
        pickup = store.pickup(token)
        assert pickup is not None and pickup.recipient == rcpt
    assert store.pickup("not-a-token") is None


def test_tampered_file_does_not_decrypt(store: PortalStore) -> None:
    tokens = deposit(store)
    pickup = store.pickup(tokens["alice@example.com"])
    assert pickup is not None
    path = store.directory / "msg" / f"{pickup.message}.bin"
    blob = bytearray(path.read_bytes())
    blob[-1] ^= 1
    path.write_bytes(bytes(blob))
    with pytest.raises(ActionError, match="does not decrypt"):
        store.read(pickup.message)


def test_a_file_renamed_to_another_id_does_not_decrypt(store: PortalStore) -> None:
    first = store.deposit(RAW, sender="a@corp.test", recipients=RCPTS).message.id
    second = store.deposit(b"Subject: other\r\n\r\nx\r\n", sender="a@corp.test", recipients=RCPTS)
    target = store.directory / "msg" / f"{second.message.id}.bin"
    target.write_bytes((store.directory / "msg" / f"{first}.bin").read_bytes())
    with pytest.raises(ActionError, match="does not decrypt"):
        store.read(second.message.id)


def test_wrong_key_size_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError):
        PortalStore(tmp_path, b"short", retention=timedelta(days=1))


def test_right_code_opens_once(store: PortalStore) -> None:
    pickup = store.pickup(deposit(store)["alice@example.com"])
    assert pickup is not None
    code = store.issue_code(pickup, ttl=TTL, per_hour=5)
    assert code is not None and len(code) == 6
    assert store.check_code(pickup, code, attempts=3) is CodeCheck.ACCEPTED
    assert store.check_code(pickup, code, attempts=3) is CodeCheck.SPENT
    assert (1, "opened") in kinds(store, pickup.message)


def test_code_is_not_stored_in_clear(store: PortalStore) -> None:
    pickup = store.pickup(deposit(store)["alice@example.com"])
    assert pickup is not None
    code = store.issue_code(pickup, ttl=TTL, per_hour=5)
    assert code is not None
    with sqlite3.connect(store.directory / "index.sqlite") as db:
        (stored,) = db.execute("SELECT code FROM pickups WHERE number = 1").fetchone()
    assert stored and code not in stored


def test_code_of_one_pickup_does_not_open_another(store: PortalStore) -> None:
    tokens = deposit(store)
    alice, bob = store.pickup(tokens["alice@example.com"]), store.pickup(tokens["bob@example.org"])
    assert alice is not None and bob is not None
    code = store.issue_code(alice, ttl=TTL, per_hour=5)
    store.issue_code(bob, ttl=TTL, per_hour=5)
    assert code is not None
    assert store.check_code(bob, code, attempts=3) is not CodeCheck.ACCEPTED


def test_wrong_attempts_spend_the_code(store: PortalStore) -> None:
    """Two wrong codes count; the third spends the code, and then even the right one fails."""
    pickup = store.pickup(deposit(store)["alice@example.com"])
    assert pickup is not None
    code = store.issue_code(pickup, ttl=TTL, per_hour=5)
    assert code is not None
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert store.check_code(pickup, wrong, attempts=3) is CodeCheck.WRONG
    assert store.check_code(pickup, wrong, attempts=3) is CodeCheck.WRONG
    assert store.check_code(pickup, wrong, attempts=3) is CodeCheck.SPENT
    assert store.check_code(pickup, code, attempts=3) is CodeCheck.SPENT
    fresh = store.issue_code(pickup, ttl=TTL, per_hour=5)
    assert fresh is not None
    assert store.check_code(pickup, fresh, attempts=3) is CodeCheck.ACCEPTED
    failed = [e.detail for e in store.events(pickup.message) if e.kind == "code failed"]
    assert failed[:2] == ["attempt 1 of 3", "attempt 2 of 3"]


def test_code_expires(store: PortalStore, clock: Clock) -> None:
    pickup = store.pickup(deposit(store)["alice@example.com"])
    assert pickup is not None
    code = store.issue_code(pickup, ttl=TTL, per_hour=5)
    assert code is not None
    clock.advance(minutes=10)
    assert store.check_code(pickup, code, attempts=3) is CodeCheck.SPENT


def test_new_code_replaces_the_old_one(store: PortalStore) -> None:
    pickup = store.pickup(deposit(store)["alice@example.com"])
    assert pickup is not None
    first = store.issue_code(pickup, ttl=TTL, per_hour=5)
    second = store.issue_code(pickup, ttl=TTL, per_hour=5)
    assert first is not None and second is not None
    if first != second:
        assert store.check_code(pickup, first, attempts=3) is CodeCheck.WRONG
    assert store.check_code(pickup, second, attempts=3) is CodeCheck.ACCEPTED


def test_codes_per_hour_are_limited(store: PortalStore, clock: Clock) -> None:
    pickup = store.pickup(deposit(store)["alice@example.com"])
    assert pickup is not None
    assert all(store.issue_code(pickup, ttl=TTL, per_hour=3) for _ in range(3))
    assert store.issue_code(pickup, ttl=TTL, per_hour=3) is None
    assert (1, "code refused") in kinds(store, pickup.message)
    clock.advance(minutes=61)
    assert store.issue_code(pickup, ttl=TTL, per_hour=3) is not None


def test_retention_deletes_message_and_pickups_and_keeps_the_trail(
    store: PortalStore, clock: Clock
) -> None:
    tokens = deposit(store)
    mid = store.message("DLP-1").id
    clock.advance(days=14, seconds=-1)
    assert store.expire() == 0
    assert store.pickup(tokens["alice@example.com"]) is not None
    clock.advance(seconds=1)
    assert store.pickup(tokens["alice@example.com"]) is None  # past expiry, even before expire()
    assert store.expire() == 1
    assert not (store.directory / "msg" / f"{mid}.bin").exists()
    assert store.pickups(mid) == []
    assert store.message(mid).state == "expired"
    assert kinds(store, mid)[-1] == (0, "expired")
    assert store.events(mid)[-1].detail == "pickups=2"
    with pytest.raises(ActionError):
        store.read(mid)
    assert store.expire() == 0


def test_trail_and_lookup_by_reference(store: PortalStore) -> None:
    deposit(store)
    stored = store.message("DLP-1")
    assert store.message(stored.id) == stored
    assert stored.recipients == RCPTS and stored.sender == "sender@corp.test"
    assert kinds(store, stored.id) == [(0, "deposited")]
    assert store.events(stored.id)[0].detail == f"recipients=2 bytes={len(RAW)}"
    with pytest.raises(ActionError):
        store.message("DLP-unknown")


def test_discard_undoes_a_deposit(store: PortalStore) -> None:
    tokens = deposit(store)
    mid = store.message("DLP-1").id
    store.discard(mid)
    assert store.messages() == []
    assert store.pickup(tokens["alice@example.com"]) is None
    assert not (store.directory / "msg" / f"{mid}.bin").exists()


def test_unknown_event_kind_is_refused(store: PortalStore) -> None:
    deposit(store)
    with pytest.raises(ActionError):
        store.record(store.message("DLP-1").id, 1, "viewed the secret")


def test_from_settings_uses_the_key_file_and_retention(tmp_path: Path) -> None:
    from dlpmilter.settings import load_settings

    settings = load_settings(
        overrides={"state_dir": str(tmp_path), "portal_retention_days": "3"}, environ={}
    )
    store = PortalStore.from_settings(settings)
    assert store.retention == timedelta(days=3)
    assert len((tmp_path / "portal.key").read_bytes()) == 32
    assert stat.S_IMODE((tmp_path / "portal.key").stat().st_mode) == 0o600
    assert (tmp_path / "portal.key").read_bytes() != KEY
    bad = load_settings(
        overrides={"state_dir": str(tmp_path), "portal_retention_days": "0"}, environ={}
    )
    with pytest.raises(ConfigError):
        PortalStore.from_settings(bad)
