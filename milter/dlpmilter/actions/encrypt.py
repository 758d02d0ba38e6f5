"""``encrypt``: make sure the message never leaves in clear, chosen per recipient.

With the default method ``auto`` every recipient gets the strongest protection the site holds
for that address:

1. **S/MIME** when ``smime_certificates_dir`` holds a usable certificate for the address
   (:mod:`dlpmilter.actions.smime`);
2. **OpenPGP** (PGP/MIME) when ``openpgp_home`` holds a usable key (:mod:`dlpmilter.actions.openpgp`);
3. otherwise the **fallback** (setting ``encrypt_fallback``): ``tls``, the enforced-TLS route
   (``X-DLP-Route: tls``; the shipped Postfix configuration maps it with
   ``milter_header_checks`` to the ``dlp_tls`` transport, which requires TLS and falls back to
   the portal intake), or ``portal``, the secure pickup portal directly.

A policy may narrow the choice with ``params: {method: smime}`` (``openpgp``, ``tls``): recipients
the method cannot serve get the fallback; ``tls`` sends everyone over the enforced-TLS route.

One SMTP transaction carries one copy of the message, so recipients are grouped by method: the
message in flight serves the first group (fallback, then S/MIME, then OpenPGP), edited in place
(headers, recipients and, when encrypted, its body), and every other group gets its own
encrypted copy, handed to the re-injection listener (``reinject_host``/``reinject_port``) before
the message in flight is accepted. If a copy cannot be handed over, the action fails and the
message is tempfailed: nothing leaves in clear, and on the retry the groups already served may
receive the message twice.

An encrypted copy keeps its outer header fields (From, To, Date...); its ``Content-*`` fields
and body go inside. When a finding lies in the Subject, the outer Subject becomes
``encrypt_subject`` and the original travels inside the encryption as a protected header
(``protected-headers="v1"``, shown by Thunderbird and other clients that support it).
"""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, get_args

from cryptography import x509

from dlpmilter.actions.base import (
    ActionHandler,
    ActionParams,
    ActionRequest,
    AddHeader,
    AddRecipient,
    ChangeHeader,
    DeleteRecipient,
    Edit,
    Effect,
    Outcome,
    RemoveHeader,
    ReplaceBody,
)
from dlpmilter.actions.entity import CRLF, SplitMessage, split
from dlpmilter.actions.openpgp import Keyring, pgp_mime
from dlpmilter.actions.portal import bare_address, header_key, portal_edits
from dlpmilter.actions.smime import CONTENT_FIELDS, CertificateStore, envelope
from dlpmilter.errors import ActionError, ConfigError
from dlpmilter.reinject import reinject

#: The routing header and its value for enforced TLS.
ROUTE_HEADER = "X-DLP-Route"

Method = Literal["auto", "smime", "openpgp", "tls"]
FALLBACKS = ("tls", "portal")


class EncryptParams(ActionParams):
    """Parameters of ``encrypt`` (per policy: ``params: {method: smime}``)."""

    #: ``auto``: S/MIME, else OpenPGP, else the fallback, per recipient; ``smime`` or
    #: ``openpgp``: that method where it can, else the fallback; ``tls``: the TLS route for all.
    method: Method = "auto"


@dataclass(frozen=True, slots=True)
class Plan:
    """Which recipients get which protection."""

    smime: tuple[tuple[str, x509.Certificate], ...] = ()
    openpgp: tuple[tuple[str, str], ...] = ()
    fallback: tuple[str, ...] = ()

    def groups(self) -> list[str]:
        """The methods in use, the one served by the message in flight first."""
        order = (("fallback", self.fallback), ("smime", self.smime), ("openpgp", self.openpgp))
        return [name for name, members in order if members]


def plan(
    recipients: tuple[str, ...],
    method: str,
    certificates: CertificateStore,
    keyring: Keyring,
    now: datetime.datetime,
) -> Plan:
    """Group the recipients (bare addresses) by the protection each gets."""
    smime: list[tuple[str, x509.Certificate]] = []
    openpgp: list[tuple[str, str]] = []
    fallback: list[str] = []
    for rcpt in recipients:
        cert = certificates.lookup(rcpt, now) if method in ("auto", "smime") else None
        fpr = keyring.lookup(rcpt) if cert is None and method in ("auto", "openpgp") else None
        if cert is not None:
            smime.append((rcpt, cert))
        elif fpr is not None:
            openpgp.append((rcpt, fpr))
        else:
            fallback.append(rcpt)
    return Plan(smime=tuple(smime), openpgp=tuple(openpgp), fallback=tuple(fallback))


def _protected(message: SplitMessage) -> bytes:
    """The entity wrapped with the original Subject as a protected header."""
    boundary = "dlp-" + secrets.token_hex(12)
    subject = [f.raw for f in message.outer if f.name.lower() == "subject"]
    head = [
        f'Content-Type: multipart/mixed; boundary="{boundary}"; protected-headers="v1"'.encode()
    ]
    return (
        b"".join(line + CRLF for line in head + subject)
        + CRLF
        + f"--{boundary}".encode()
        + CRLF
        + message.entity()
        + CRLF
        + f"--{boundary}--".encode()
        + CRLF
    )


class EncryptAction(ActionHandler):
    """Encrypt to S/MIME certificates and OpenPGP keys, route the rest by the fallback."""

    Params = EncryptParams
    edits = (AddHeader, ChangeHeader, RemoveHeader, ReplaceBody, AddRecipient, DeleteRecipient)

    def __init__(self, *, params: ActionParams, settings: Mapping[str, Any]) -> None:
        super().__init__(params=params, settings=settings)
        self.fallback = str(settings.get("encrypt_fallback", "tls"))
        if self.fallback not in FALLBACKS:
            raise ConfigError(
                f"encrypt_fallback: {self.fallback!r} is not one of {', '.join(FALLBACKS)}"
            )
        certs = str(settings.get("smime_certificates_dir", ""))
        home = str(settings.get("openpgp_home", ""))
        self.certificates = (
            CertificateStore.load(Path(certs)) if certs else CertificateStore.empty()
        )
        self.keyring = Keyring.load(Path(home)) if home else Keyring.empty()
        self.subject = str(settings.get("encrypt_subject", "Encrypted message"))
        self.portal_address = str(settings.get("portal_address", ""))
        if self.fallback == "portal" and not self.portal_address:
            raise ConfigError("encrypt_fallback is 'portal' but setting 'portal_address' is empty")
        self.portal_key = header_key(settings) if self.fallback == "portal" else b""
        self.reinject_host = str(settings.get("reinject_host", "127.0.0.1"))
        self.reinject_port = int(settings.get("reinject_port", 10026))

    def apply(self, request: ActionRequest) -> Effect:
        """Plan the recipients' protection, send the other groups' copies, edit the rest."""
        method = request.param("method", str(getattr(self.params, "method", "auto")))
        if method not in get_args(Method):
            raise ActionError(f"encrypt: method {method!r} is not available")
        if method == "tls":
            count = str(len(request.envelope.recipients))
            tls_notes = (("route", "tls"), ("recipients_tls", count))
            return Effect(outcome=Outcome.ACCEPT, edits=_tls_route(()), notes=tls_notes)
        recipients = tuple(bare_address(r) for r in request.envelope.recipients)
        now = datetime.datetime.now(datetime.UTC)
        chosen = plan(recipients, method, self.certificates, self.keyring, now)
        groups = chosen.groups()
        if not groups:
            raise ActionError("encrypt: the message has no recipients")
        protect = any(f.location == "subject" for f in request.verdict.findings)
        message = split(request.raw_bytes()) if groups != ["fallback"] else None
        # one entity for every encrypted group (with the Subject inside when it is protected)
        entity = b"" if message is None else _protected(message) if protect else message.entity()
        in_flight, copies = groups[0], groups[1:]
        served = {
            "fallback": chosen.fallback,
            "smime": tuple(r for r, _ in chosen.smime),
            "openpgp": tuple(r for r, _ in chosen.openpgp),
        }
        for group in copies:
            assert message is not None
            fields, body = self._encrypted(group, chosen, entity)
            reinject(
                self._copy(message, fields, body, protect),
                sender=bare_address(request.envelope.sender),
                recipients=served[group],
                host=self.reinject_host,
                port=self.reinject_port,
            )
        others = [r for g in copies for r in served[g]]
        drop = tuple(DeleteRecipient(address=f"<{r}>") for r in others)
        notes = [("route", "+".join(self._route_name(g) for g in groups))]
        notes += [(f"recipients_{self._route_name(g)}", str(len(served[g]))) for g in groups]
        if in_flight == "fallback" and self.fallback == "tls":
            edits = _tls_route(drop)
        elif in_flight == "fallback":
            edits = portal_edits(
                recipients, chosen.fallback, request.reference, self.portal_address, self.portal_key
            )
        else:
            assert message is not None
            fields, body = self._encrypted(in_flight, chosen, entity)
            edits = (*self._in_place(message, fields, body, protect), *drop)
        return Effect(outcome=Outcome.ACCEPT, edits=edits, notes=tuple(notes))

    def _route_name(self, group: str) -> str:
        return self.fallback if group == "fallback" else group

    def _encrypted(
        self, group: str, chosen: Plan, entity: bytes
    ) -> tuple[list[tuple[str, str]], bytes]:
        """The content fields and body of ``entity`` encrypted for one group."""
        if group == "smime":
            return list(CONTENT_FIELDS), envelope(entity, (c for _, c in chosen.smime))
        return pgp_mime(self.keyring.encrypt(entity, (f for _, f in chosen.openpgp)))

    def _copy(
        self, message: SplitMessage, fields: list[tuple[str, str]], body: bytes, protect: bool
    ) -> bytes:
        """A whole encrypted copy: the outer fields (MIME-Version added when absent, Subject
        replaced when protected), then the encrypted entity's fields and body."""
        extra = [] if message.has_mime_version else [("MIME-Version", "1.0")]
        if protect:
            extra.append(("Subject", self.subject))
        drop = frozenset({"subject"}) if protect else frozenset()
        return message.rebuilt(extra + fields, body, without=drop)

    def _in_place(
        self, message: SplitMessage, fields: list[tuple[str, str]], body: bytes, protect: bool
    ) -> list[Edit]:
        """The edits that turn the message in flight into the encrypted one."""
        edits: list[Edit] = [RemoveHeader(name=n, index=i) for n, i in message.content_removals()]
        if not message.has_mime_version:
            edits.append(AddHeader(name="MIME-Version", value="1.0"))
        if protect:
            edits.append(ChangeHeader(name="Subject", value=self.subject))
        edits += [AddHeader(name=n, value=v) for n, v in fields]
        edits.append(ReplaceBody(data=body))
        return edits


def _tls_route(drop: tuple[Edit, ...]) -> tuple[Edit, ...]:
    return (AddHeader(name=ROUTE_HEADER, value="tls"), *drop)
