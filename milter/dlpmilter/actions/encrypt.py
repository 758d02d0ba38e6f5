"""``encrypt``: make sure the message never leaves in clear.

The ``tls`` method adds ``X-DLP-Route: tls``; the shipped Postfix configuration maps that header
(``milter_header_checks``) to the ``dlp_tls`` transport, which requires TLS
(``smtp_tls_security_level = encrypt``), strips the header on the way out and falls back to the
portal intake. Other methods (S/MIME, OpenPGP) plug in here as further values of ``method``.
"""

from __future__ import annotations

from typing import Literal

from dlpmilter.actions.base import (
    ActionHandler,
    ActionParams,
    ActionRequest,
    AddHeader,
    Effect,
    Outcome,
)
from dlpmilter.errors import ActionError

#: The routing header and its value for enforced TLS.
ROUTE_HEADER = "X-DLP-Route"


class EncryptParams(ActionParams):
    """Parameters of ``encrypt``."""

    #: How the message is protected; only route-based enforced TLS exists today.
    method: Literal["tls"] = "tls"


class EncryptAction(ActionHandler):
    """Route the message through the enforced-TLS transport."""

    Params = EncryptParams
    edits = (AddHeader,)

    def apply(self, request: ActionRequest) -> Effect:
        """Add the routing header for the configured (or per-policy) method."""
        assert isinstance(self.params, EncryptParams)
        method = request.param("method", self.params.method)
        if method != "tls":
            raise ActionError(f"encrypt: method {method!r} is not available")
        return Effect(
            outcome=Outcome.ACCEPT,
            edits=(AddHeader(name=ROUTE_HEADER, value="tls"),),
            notes=(("route", "tls"),),
        )
