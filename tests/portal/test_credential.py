"""Tokens and codes: long random tokens stored as digests, codes bound to their pickup."""

from __future__ import annotations

import base64

from dlpmilter.portal import credential

KEY = credential.subkey(bytes(32), "code")


def test_token_has_at_least_128_bits_and_is_url_safe() -> None:
    """A token decodes to 32 random bytes and needs no escaping in a URL path."""
    token = credential.new_token()
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert len(raw) * 8 >= 128
    assert token.replace("-", "").replace("_", "").isalnum()
    assert credential.new_token() != token


def test_token_digest_is_not_the_token() -> None:
    token = credential.new_token()
    digest = credential.token_digest(token)
    assert token not in digest
    assert len(digest) == 64
    assert digest == credential.token_digest(token)


def test_codes_are_six_digits() -> None:
    codes = {credential.new_code() for _ in range(200)}
    assert all(len(c) == 6 and c.isdigit() for c in codes)
    assert len(codes) > 150


def test_code_digest_is_bound_to_its_pickup_and_key() -> None:
    """The same code for another pickup, or under another key, has another digest."""
    one = credential.code_digest(KEY, "pickup-a", "123456")
    assert one != credential.code_digest(KEY, "pickup-b", "123456")
    assert one != credential.code_digest(
        credential.subkey(bytes(32), "session"), "pickup-a", "123456"
    )
    assert "123456" not in one
