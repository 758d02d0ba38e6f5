"""Safe renderings of matched values: salted digests and redacted previews.

Detectors call these when they build a :class:`~dlpmilter.verdict.Finding`, so that nothing
downstream (explanations, audit records, logs) ever holds a matched value in clear.
"""

from __future__ import annotations

import hashlib
import hmac

import regex

_ALNUM = regex.compile(r"[\p{L}\p{N}]")
_SEPARATORS = regex.compile(r"[\s\-./()_]+")


def canonical(value: str) -> str:
    """The value with separators removed and letters lower-cased (for digests and matching)."""
    return str(_SEPARATORS.sub("", value)).casefold()


def digest(value: str, salt: bytes) -> str:
    """A salted, truncated HMAC-SHA256 of the canonical value: equal values give equal digests
    within one site, and nothing can be recovered from it."""
    # surrogatepass: a name decoded with surrogateescape (undecodable bytes) still has a digest
    data = canonical(value).encode("utf-8", "surrogatepass")
    mac = hmac.new(salt or b"dlpmilter", data, hashlib.sha256)
    return mac.hexdigest()[:16]


def preview(value: str, *, keep_last: int = 4) -> str:
    """Mask every letter and digit but the last ``keep_last``, keeping separators.

    >>> preview("123-45-6789")
    '***-**-6789'
    >>> preview("Maria Gonzalez", keep_last=0)
    '***** ********'
    """
    total = len(_ALNUM.findall(value))
    keep_from = total - keep_last if keep_last > 0 and total > keep_last * 2 else total
    out: list[str] = []
    seen = 0
    for ch in value[:64]:
        if _ALNUM.match(ch):
            out.append(ch if seen >= keep_from else "*")
            seen += 1
        else:
            out.append(ch)
    return "".join(out)
