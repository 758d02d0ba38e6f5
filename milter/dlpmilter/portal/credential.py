"""Secrets handed to recipients: pickup tokens and one-time codes, and how they are kept.

A pickup token is 32 random bytes (256 bits) in base64url; only its SHA-256 digest is stored,
so the index cannot be used to open a pickup. A one-time code is six random digits; it is
stored as an HMAC-SHA256 under a key derived from the portal key, bound to its pickup, so a
code read from the index is neither the code nor usable for another pickup.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: Random bytes in a pickup token.
TOKEN_BYTES = 32
#: Digits in a one-time code.
CODE_DIGITS = 6


def new_token() -> str:
    """A fresh pickup token (256 bits, base64url, no padding)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_digest(token: str) -> str:
    """The stored form of a token: its SHA-256 in hex."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def new_code() -> str:
    """A fresh one-time code: six digits, leading zeros kept."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def subkey(key: bytes, purpose: str) -> bytes:
    """A key for one purpose derived from the portal key (HMAC-SHA256 of the purpose)."""
    return hmac.new(key, f"dlpmilter-portal/{purpose}".encode(), hashlib.sha256).digest()


def code_digest(key: bytes, pickup: str, code: str) -> str:
    """The stored form of a code: HMAC-SHA256 of the pickup's token digest and the code.

    :param key: the code subkey (:func:`subkey` with ``"code"``).
    :param pickup: the pickup's token digest.
    """
    return hmac.new(key, f"{pickup}:{code}".encode(), hashlib.sha256).hexdigest()


def same(left: str, right: str) -> bool:
    """Constant-time comparison of two digests."""
    return hmac.compare_digest(left.encode(), right.encode())
