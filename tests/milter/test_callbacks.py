"""The milter callbacks with a fake libmilter context and a fake gateway: they only record,
spool and hand over, and reset per transaction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import Milter
import pytest

from dlpmilter.actions.base import AddHeader, Effect, Outcome, Reply
from dlpmilter.callbacks import DlpMilter
from dlpmilter.spool import Spool, Transaction


class FakeCtx:
    """libmilter's context: macros in, edits out."""

    def __init__(self, macros: dict[str, str]) -> None:
        self.macros = macros
        self.calls: list[tuple[Any, ...]] = []

    def getsymval(self, name: str) -> str | None:
        return self.macros.get(name)

    def addheader(self, field: str, value: str, idx: int) -> None:
        self.calls.append(("addheader", field, value))

    def setreply(self, *args: Any) -> None:
        self.calls.append(("setreply", *args))


class FakeGateway:
    def __init__(self, tmp: Path, effect: Effect) -> None:
        self.tmp = tmp
        self.effect = effect
        self.begun: list[dict[str, str]] = []
        self.finished: list[tuple[bytes, Any, str]] = []
        self.transactions: list[Transaction] = []

    def begin(self, sender: str, *, client_address: str, authenticated_user: str) -> Transaction:
        self.begun.append({"sender": sender, "client": client_address, "auth": authenticated_user})
        tx = Transaction(
            Spool(memory_limit=10, directory=self.tmp),
            sender=sender,
            client_address=client_address,
            authenticated_user=authenticated_user,
        )
        self.transactions.append(tx)
        return tx

    def finish(self, transaction: Transaction, *, queue_id: str) -> Effect:
        self.finished.append(
            (
                transaction.raw(),
                transaction.envelope(queue_id),
                transaction.mailers[0] if transaction.mailers else "",
            )
        )
        transaction.close()
        return self.effect


@pytest.fixture
def milter(tmp_path: Path) -> tuple[DlpMilter, FakeCtx, FakeGateway]:
    gateway = FakeGateway(
        tmp_path,
        Effect(outcome=Outcome.ACCEPT, edits=(AddHeader(name="X-DLP-Route", value="tls"),)),
    )
    DlpMilter.gateway = gateway
    DlpMilter.flags = Milter.ADDHDRS
    m = DlpMilter()
    ctx = FakeCtx({"i": "4AB12", "{auth_authen}": "alice", "{rcpt_mailer}": "smtp"})
    m._ctx = ctx
    m._protocol = 0
    m._actions = Milter.ADDHDRS
    return m, ctx, gateway


def feed(m: DlpMilter, body: bytes = b"hello\r\n") -> int:
    m.envfrom("<a@corp.test>")
    m.envrcpt("<b@example.com>")
    m.header("Subject", "hi")
    m.eoh()
    m.body(body)
    return int(m.eom())


def test_one_message_is_spooled_handed_over_and_its_effect_applied(milter: Any) -> None:
    """Envelope, macros and bytes reach the gateway; the effect becomes milter calls."""
    m, ctx, gateway = milter
    assert m.connect("client.example", 4, ("192.0.2.7", 40000)) == Milter.CONTINUE
    assert feed(m, b"x" * 50) == Milter.ACCEPT
    raw, envelope, mailer = gateway.finished[0]
    assert raw == b"Subject: hi\r\n\r\n" + b"x" * 50
    assert envelope.queue_id == "4AB12" and envelope.client_address == "192.0.2.7"
    assert envelope.authenticated_user == "alice" and mailer == "smtp"
    assert ctx.calls == [("addheader", "X-DLP-Route", "tls")]
    assert gateway.transactions[0].spool.path is None  # spilled file removed


def test_state_resets_between_messages_and_on_abort(milter: Any) -> None:
    """A second message on the connection starts clean; abort drops the spool file."""
    m, _, gateway = milter
    feed(m, b"first\r\n")
    m.envfrom("<a@corp.test>")
    m.envrcpt("<c@example.com>")
    m.header("Subject", "x" * 40)  # spills past the 10-byte bound
    spilled = gateway.transactions[1].spool.path
    assert spilled is not None and spilled.exists()
    m.abort()
    assert not spilled.exists()
    feed(m, b"second\r\n")
    assert len(gateway.finished) == 2
    assert gateway.finished[1][1].recipients == ("b@example.com",)
    assert gateway.finished[1][0].endswith(b"second\r\n")


def test_eom_without_a_transaction_tempfails(milter: Any) -> None:
    """A protocol surprise never accepts."""
    m, _, _ = milter
    assert m.eom() == Milter.TEMPFAIL


def test_refusal_sets_the_reply(milter: Any, tmp_path: Path) -> None:
    """A reject effect sets the SMTP reply and returns REJECT."""
    m, ctx, gateway = milter
    gateway.effect = Effect(
        outcome=Outcome.REJECT, reply=Reply(code="550", xcode="5.7.1", text="no (ref X)")
    )
    assert feed(m) == Milter.REJECT
    assert ctx.calls == [("setreply", "550", "5.7.1", "no (ref X)")]


def test_negotiation_requests_only_the_flags_in_use(milter: Any) -> None:
    """The actions requested from the MTA are masked to the ones the handlers use."""
    m, _, _ = milter
    opts = [0x1FF, 0x1FFFFF, 0, 0]
    m.negotiate(opts)
    assert opts[0] == Milter.ADDHDRS


def test_the_callback_class_stays_thin() -> None:
    """No policy in the callbacks: the module stays small."""
    source = (
        Path(__file__).resolve().parents[2] / "milter" / "dlpmilter" / "callbacks.py"
    ).read_text()
    assert len(source.splitlines()) <= 150
