"""``portal``: reroute the message to the secure pickup portal.

Every recipient is removed, the portal intake address (setting ``portal_address``) is added,
and the original recipients travel in the ``X-DLP-Portal-Recipients`` header, protected by an
HMAC-SHA256 under the site's header key (setting ``header_secret_file``) so the portal can trust
it (folded; whitespace inside the value carries no meaning)::

    X-DLP-Portal-Recipients: v=1; ref=DLP-...; rcpt=<base64url of the JSON list>; mac=<hex>

:func:`read_portal_header` is what the portal calls to verify and read it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from dlpmilter.actions.base import (
    ActionHandler,
    ActionParams,
    ActionRequest,
    AddHeader,
    AddRecipient,
    DeleteRecipient,
    Edit,
    Effect,
    Outcome,
)
from dlpmilter.errors import ActionError
from dlpmilter.keyfile import load_or_create
from dlpmilter.settings import Settings

PORTAL_HEADER = "X-DLP-Portal-Recipients"


def _mac(key: bytes, reference: str, rcpt: str) -> str:
    return hmac.new(key, f"v=1|{reference}|{rcpt}".encode(), hashlib.sha256).hexdigest()


def portal_header(recipients: tuple[str, ...], reference: str, key: bytes) -> str:
    """The signed header value carrying the original recipients."""
    rcpt = base64.urlsafe_b64encode(json.dumps(list(recipients)).encode()).decode().rstrip("=")
    folded = "\n\t".join(rcpt[i : i + 72] for i in range(0, len(rcpt), 72))
    return f"v=1; ref={reference};\n\trcpt={folded};\n\tmac={_mac(key, reference, rcpt)}"


def read_portal_header(value: str, key: bytes) -> tuple[str, tuple[str, ...]]:
    """Verify a portal header and return ``(reference, recipients)``.

    :raises ActionError: when it is malformed or its MAC does not verify.
    """
    fields = dict(item.split("=", 1) for item in "".join(value.split()).split(";") if "=" in item)
    try:
        reference, rcpt, mac = fields["ref"], fields["rcpt"], fields["mac"]
    except KeyError:
        raise ActionError("portal header: missing field") from None
    if fields.get("v") != "1" or not hmac.compare_digest(mac, _mac(key, reference, rcpt)):
        raise ActionError("portal header: MAC does not verify")
    padded = rcpt + "=" * (-len(rcpt) % 4)
    recipients = json.loads(base64.urlsafe_b64decode(padded))
    return reference, tuple(str(r) for r in recipients)


def header_key(settings: Mapping[str, Any]) -> bytes:
    """The site's header HMAC key (created on first use)."""
    if isinstance(settings, Settings):
        return load_or_create(settings.path("header_secret_file", "header.key"))
    value = str(settings.get("header_secret_file", ""))
    path = Path(value) if value else Path(str(settings["state_dir"])) / "header.key"
    return load_or_create(path)


class PortalAction(ActionHandler):
    """Replace the recipients with the portal intake and record them in a signed header."""

    edits = (AddHeader, AddRecipient, DeleteRecipient)

    def __init__(self, *, params: ActionParams, settings: Mapping[str, Any]) -> None:
        super().__init__(params=params, settings=settings)
        self.address = str(settings.get("portal_address", ""))
        if not self.address:
            raise ActionError("portal: setting 'portal_address' is empty")
        self.key = header_key(settings)

    def apply(self, request: ActionRequest) -> Effect:
        """Delete every recipient, add the intake, add the signed header."""
        recipients = tuple(bare_address(r) for r in request.envelope.recipients)
        edits = portal_edits(recipients, recipients, request.reference, self.address, self.key)
        return Effect(outcome=Outcome.ACCEPT, edits=edits, notes=(("route", "portal"),))


def portal_edits(
    removed: tuple[str, ...], members: tuple[str, ...], reference: str, address: str, key: bytes
) -> tuple[Edit, ...]:
    """The edits that send a message to the portal intake ``address`` for ``members`` (bare
    addresses, recorded in the signed header), taking ``removed`` off the envelope."""
    edits: list[Edit] = [DeleteRecipient(address=f"<{r}>") for r in removed]
    edits.append(AddRecipient(address=f"<{address}>"))
    edits.append(AddHeader(name=PORTAL_HEADER, value=portal_header(members, reference, key)))
    return tuple(edits)


def bare_address(address: str) -> str:
    """An address without the angle brackets of SMTP (``<a@b>`` -> ``a@b``)."""
    return address.strip().removeprefix("<").removesuffix(">")
