"""Real parts: a private Postfix instance, a capture sink and ``dlpmilter serve``.

The milter runs with the test-only trigger inspector (``tests/milter/trigger_inspector.py``), so
each outcome is chosen by a word in the message (BLOCKME, QUARANTINEME, PORTALME, ENCRYPTME,
TAGME, SLEEPME<seconds>, CRASHME); what is under test is everything around the verdict: the
milter protocol, the pool, the actions, Postfix's routing, the store and the audit.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import smtplib
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path

import pytest

from keymaterial import openpgp_homes, smime_identity, stop_agents
from netwait import free_ports, wait_for

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "postfix-instance"
TRIGGER_DIR = ROOT / "tests" / "milter"
PORTAL = "dlp-portal@portal.test"

_TOOLS = ("postfix", "postconf", "smtp-source", "swaks", "script")


def descendants(pid: int) -> set[int]:
    """Every live process below ``pid``."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


@dataclass
class Stack:
    """One Postfix + sink + milter, with helpers to send and to look at the results."""

    base: Path
    ports: dict[str, int]
    settings: dict[str, str]
    inspector: str = "trigger_inspector:TriggerInspector"
    milter: subprocess.Popen[bytes] | None = None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.base / "logs" / "milter.log"

    # --- processes ---------------------------------------------------------------------
    @property
    def socket_path(self) -> Path:
        return self.base / "milter.sock"

    @property
    def state(self) -> Path:
        return self.base / "state"

    @property
    def etc(self) -> Path:
        return self.base / "inst" / "pf" / "etc"

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["PYTHONPATH"] = str(TRIGGER_DIR)
        env.update({f"DLPMILTER_{k.upper()}": v for k, v in self.settings.items()})
        return env

    def start_milter(self) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        self.milter = subprocess.Popen(
            [
                sys.executable, "-m", "dlpmilter", "--log-level", "INFO", "serve",
                "--socket", f"unix:{self.socket_path}", "--state-dir", str(self.state),
                "--inspector", self.inspector,
            ],
            env=self.env(),
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

        def up() -> bool:
            if self.milter is not None and self.milter.poll() is not None:
                pytest.fail(f"dlpmilter serve exited:\n{self.log.read_text()[-3000:]}")
            return "listening on" in self.log.read_text()

        wait_for(up, 180, "the milter to listen")

    def family(self) -> set[int]:
        """The milter's live descendant processes."""
        assert self.milter is not None
        return descendants(self.milter.pid)

    alive = staticmethod(alive)

    def stop_milter(self) -> None:
        if self.milter is None:
            return
        if self.milter.poll() is None:
            self.milter.send_signal(signal.SIGTERM)
            try:
                self.milter.wait(30)
            except subprocess.TimeoutExpired:
                self.milter.kill()
                self.milter.wait(5)
        self.milter = None

    def instance(self, command: str, *extra: str) -> None:
        subprocess.run(
            [sys.executable, str(SCRIPT), command, "--base", str(self.base / "inst"), *extra],
            check=True,
        )

    # --- sending -----------------------------------------------------------------------
    def message(
        self, subject: str, body: str, *, to: tuple[str, ...] = ("alice@example.com",)
    ) -> EmailMessage:
        msg = EmailMessage()
        msg["From"] = "sender@corp.test"
        msg["To"] = ", ".join(to)
        msg["Subject"] = subject
        msg.set_content(body)
        return msg

    def send(self, msg: EmailMessage, *, to: tuple[str, ...] | None = None) -> None:
        """Send through the milter-protected listener (raises smtplib errors on refusal)."""
        with smtplib.SMTP("127.0.0.1", self.ports["smtp"], timeout=60) as client:
            client.send_message(
                msg, from_addr="sender@corp.test", to_addrs=list(to or msg["To"].split(", "))
            )

    # --- looking -----------------------------------------------------------------------
    def wait(self, predicate: Callable[[], object], what: str, timeout: float = 30.0) -> object:
        return wait_for(predicate, timeout, what)

    def sink_files(self, port: str = "sink") -> list[Path]:
        directory = self.base / "inst" / "sink" / str(self.ports[port])
        return sorted(directory.glob("*.eml")) if directory.exists() else []

    def captured(self, token: str, port: str = "sink") -> list[bytes]:
        return [p.read_bytes() for p in self.sink_files(port) if token.encode() in p.read_bytes()]

    def wait_captured(self, token: str, port: str = "sink", count: int = 1) -> list[bytes]:
        wait_for(lambda: len(self.captured(token, port)) >= count, 30, f"{token} at the {port}")
        return self.captured(token, port)

    def audit(self) -> list[dict[str, object]]:
        path = self.state / "audit.jsonl"
        if not path.exists():
            return []
        return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]

    def audit_for(self, reference: str) -> dict[str, object]:
        records = [r for r in self.audit() if r.get("reference") == reference]
        assert len(records) == 1, f"expected one audit record for {reference}"
        return records[0]

    def maillog(self) -> str:
        path = self.base / "inst" / "pf" / "maillog"
        return path.read_text(errors="replace") if path.exists() else ""

    def queue(self) -> list[dict[str, object]]:
        out = subprocess.run(
            ["postqueue", "-c", str(self.etc), "-j"], capture_output=True, text=True, check=True
        ).stdout
        return [json.loads(line) for line in out.splitlines() if line.strip()]

    def metrics(self) -> dict[str, float]:
        """The milter's metrics file: ``name{labels}`` -> value (empty before the first write)."""
        path = Path(self.settings["metrics_file"])
        if not path.exists():
            return {}
        samples = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                name, _, value = line.rpartition(" ")
                samples[name] = float(value)
        return samples

    def dlpmilter(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "dlpmilter", *args],
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


def _build(
    settings: dict[str, str],
    inspector: str = "trigger_inspector:TriggerInspector",
    instance_args: tuple[str, ...] = (),
) -> Iterator[Stack]:
    missing = [tool for tool in _TOOLS if shutil.which(tool) is None]
    if missing:
        pytest.fail(f"system packages missing (make test installs them): {missing}")
    if os.geteuid() != 0:
        pytest.skip("Postfix tests run as root (Postfix's master needs it)")
    base = Path(tempfile.mkdtemp(prefix="dlp-it-", dir="/tmp"))
    smtp, sink, tls, reinject = free_ports(4)
    ports = {"smtp": smtp, "sink": sink, "tls": tls, "reinject": reinject}
    settings = {
        "portal_address": PORTAL,
        "reinject_port": str(reinject),
        "metrics_file": str(base / "metrics.prom"),
        "metrics_interval_s": "0.5",
        **settings,
    }
    stack = Stack(base=base, ports=ports, settings=settings, inspector=inspector)
    stack.instance(
        "create", "--milter", f"unix:{stack.socket_path}", "--smtp-port", str(smtp),
        "--sink-port", str(sink), "--tls-port", str(tls), "--reinject-port", str(reinject),
        *instance_args,
    )  # fmt: skip
    try:
        stack.start_milter()
        stack.instance("start")
        yield stack
    finally:
        stack.instance("stop")
        stack.stop_milter()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    """The main stack: a roomy pool (2 workers, 32 waiting); messages over 4 KB are spooled to
    disk, so the spool files' life cycle is exercised."""
    yield from _build(
        {
            "workers": "2",
            "queue_size": "32",
            "inspection_timeout_s": "10",
            "spool_memory_bytes": "4096",
        }
    )


@pytest.fixture(scope="module")
def small_stack() -> Iterator[Stack]:
    """A stack whose pool holds one message at a time and gives up after 3 s, and which
    quarantines into Postfix's hold queue."""
    yield from _build(
        {"workers": "1", "queue_size": "0", "inspection_timeout_s": "3", "quarantine_mode": "hold"}
    )


@pytest.fixture(scope="module")
def shipped_stack() -> Iterator[Stack]:
    """A stack running the real inspector with the shipped rule packs (and an empty site pack
    directory, ``<base>/site``)."""
    site = Path(tempfile.mkdtemp(prefix="dlp-site-", dir="/tmp"))
    try:
        yield from _build(
            {"workers": "2", "queue_size": "16", "local_rules_dir": str(site)},
            inspector="dlpmilter.inspector:Inspector",
        )
    finally:
        shutil.rmtree(site, ignore_errors=True)


#: The recipients whose keys the crypto stack's site holds.
CRYPTO_DOCTOR = "doctor@partner.example"
CRYPTO_NURSE = "nurse@clinic.example"


@pytest.fixture(scope="module")
def crypto_stack() -> Iterator[tuple[Stack, dict[str, Path]]]:
    """A stack whose site holds the doctor's certificate and the nurse's public key."""
    keys = Path(tempfile.mkdtemp(prefix="dlp-keys-", dir="/tmp"))
    certs, cert, key = smime_identity(keys / "smime", CRYPTO_DOCTOR)
    site, nurse = openpgp_homes(keys / "gpg", CRYPTO_NURSE)
    material = {"certs": certs, "cert": cert, "key": key, "nurse": nurse}
    try:
        for stack in _build(
            {"workers": "1", "smime_certificates_dir": str(certs), "openpgp_home": str(site)}
        ):
            yield stack, material
    finally:
        stop_agents(site, nurse)
        shutil.rmtree(keys, ignore_errors=True)


@dataclass
class PortalStack:
    """A stack whose Postfix routes the portal address (and dlp_tls's fallback) to a running
    ``dlpmilter portal serve`` sharing the milter's state directory (so its header key)."""

    stack: Stack
    url: str
    ports: dict[str, int]


def _start_portal(stack: Stack) -> subprocess.Popen[bytes]:
    """``dlpmilter portal serve`` on the stack's state directory and settings, once it listens."""
    log = stack.base / "logs" / "portal.log"
    portal = subprocess.Popen(
        [sys.executable, "-m", "dlpmilter", "--log-level", "INFO", "portal",
         "--state-dir", str(stack.state), "serve"],
        env=stack.env(), stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip

    def up() -> bool:
        if portal.poll() is not None:
            pytest.fail(f"dlpmilter portal serve exited:\n{log.read_text()[-3000:]}")
        return "portal web listening" in log.read_text()

    try:
        wait_for(up, 60, "the portal to listen")
    except BaseException:
        portal.kill()
        portal.wait(5)
        raise
    return portal


@pytest.fixture(scope="module")
def portal_stack() -> Iterator[PortalStack]:
    """The main stack's shape with the real portal: intake and web app on free ports."""
    intake, web = free_ports(2)
    settings = {
        "workers": "1",
        "portal_intake_listen": f"127.0.0.1:{intake}",
        "portal_web_listen": f"127.0.0.1:{web}",
        "portal_url": f"http://127.0.0.1:{web}",
        "portal_from": "portal@corp.test",
    }
    args = ("--portal-port", str(intake), "--portal-address", PORTAL)
    for stack in _build(settings, instance_args=args):
        portal = _start_portal(stack)
        try:
            yield PortalStack(stack=stack, url=settings["portal_url"],
                              ports={"intake": intake, "web": web})  # fmt: skip
        finally:
            portal.send_signal(signal.SIGTERM)
            try:
                portal.wait(30)
            except subprocess.TimeoutExpired:
                portal.kill()
                portal.wait(5)
