"""``dlpmilter scan``: paths, mbox, envelopes, the JSON contract, failing closed and usage errors.

Most tests replace :func:`dlpmilter.cli.scan.build_inspector` with a fake whose verdict depends on
the message text, so they test the command's plumbing without detectors;
``tests/test_scan_mime_corpus.py`` runs the real inspector.
"""

from __future__ import annotations

import errno
import io
import json
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dlpmilter.cli import main
from dlpmilter.cli import scan as scan_cli
from dlpmilter.errors import DetectionError, RulePackError
from dlpmilter.message import Envelope, Fact, Message
from dlpmilter.verdict import Action, Finding, RuleHit, Verdict

SSN = "123-45-6789"
SECRET = "Maria Gonzalez"
KEYS = {"file", "action", "labels", "rules", "findings", "facts", "errors", "elapsed_ms"}
FINDING_KEYS = {"entity", "location", "start", "end", "score", "detector"}


@dataclass(frozen=True)
class FakeInspection:
    message: Message
    verdict: Verdict


class FakeInspector:
    """PII verdict when the text holds ``SSN``; raises on ``crash`` / ``dlperror``; tempfails on
    ``tempfail``; else delivers. Records what it was given."""

    def __init__(self) -> None:
        self.seen: list[tuple[bytes, Envelope | None]] = []
        self.out: io.StringIO | None = None
        self.printed_before: list[int] = []
        self.builds = 0

    def inspect(self, raw: bytes, envelope: Envelope | None = None) -> FakeInspection:
        if self.out is not None:
            self.printed_before.append(self.out.getvalue().count("\n"))
        self.seen.append((raw, envelope))
        if b"crash" in raw:
            raise RuntimeError(SECRET)
        if b"dlperror" in raw:
            raise DetectionError("detector ssn: regex timeout")
        message = Message(
            envelope=envelope or Envelope(), facts=(Fact(kind="charset_guessed", location="body"),)
        )
        if b"tempfail" in raw:
            return FakeInspection(
                message, Verdict(action=Action.TEMPFAIL, facts=("time_budget@message",))
            )
        if SSN.encode() not in raw:
            return FakeInspection(message, Verdict(action=Action.DELIVER))
        start = raw.decode().index(SSN)
        finding = Finding(
            entity="US_SSN",
            location="body",
            start=start,
            end=start + 11,
            score=0.95,
            detector="ssn",
            preview="***-**-6789",
            evidence=("hotword:ssn",),
        )
        hit = RuleHit(rule="pii-ssn", label="PII", action=Action.ENCRYPT, findings=(finding,))
        verdict = Verdict(
            action=Action.ENCRYPT,
            labels=("PII",),
            hits=(hit,),
            findings=(finding,),
            explanation="PII by rule pii-ssn:\n  US_SSN body ***-**-6789",
        )
        return FakeInspection(message, verdict)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> FakeInspector:
    inspector = FakeInspector()

    def build(settings: Any) -> FakeInspector:
        inspector.builds += 1
        return inspector

    monkeypatch.setattr(scan_cli, "build_inspector", build)
    return inspector


def eml(path: Path, body: str, *, to: str = "Bob <bob@partner.example.org>") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"From: Ann <ann@clinic.example.com>\nTo: {to}\nCc: carol@x.example.net\nSubject: t\n\n{body}\n"
    )
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["scan", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def records(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


def test_text_output_one_line_per_message(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str]
) -> None:
    a = eml(tmp_path / "a.eml", f"SSN {SSN}")
    b = eml(tmp_path / "b.eml", "lunch?")
    code, out, _ = run(capsys, str(a), str(b))
    assert code == 0
    assert out.splitlines() == [f"{a}: encrypt PII", f"{b}: deliver -"]
    assert fake.builds == 1, "one inspector for the whole run"


def test_verbose_text_explains_with_redacted_previews(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str]
) -> None:
    a = eml(tmp_path / "a.eml", f"SSN {SSN} for {SECRET}")
    _, out, _ = run(capsys, "-v", str(a))
    assert "pii-ssn" in out
    assert "***-**-6789" in out
    assert SSN not in out
    assert SECRET not in out


def test_json_contract(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str]
) -> None:
    a = eml(tmp_path / "a.eml", f"SSN {SSN}")
    code, out, _ = run(capsys, "--json", str(a))
    assert code == 0
    (record,) = records(out)
    assert set(record) == KEYS
    assert record["file"] == str(a)
    assert record["action"] == "encrypt"
    assert record["labels"] == ["PII"]
    assert record["rules"] == [{"id": "pii-ssn", "label": "PII", "action": "encrypt"}]
    (finding,) = record["findings"]
    assert set(finding) == FINDING_KEYS
    assert finding["entity"] == "US_SSN"
    assert isinstance(finding["score"], float)
    assert record["facts"] == ["charset_guessed@body"]
    assert record["errors"] == []
    assert isinstance(record["elapsed_ms"], float)
    assert SSN not in out


def test_verbose_json_adds_explanation_and_previews(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str]
) -> None:
    a = eml(tmp_path / "a.eml", f"SSN {SSN}")
    _, out, _ = run(capsys, "--json", "-v", str(a))
    (record,) = records(out)
    assert set(record) > KEYS
    assert "pii-ssn" in record["explanation"]
    assert record["findings"][0]["preview"] == "***-**-6789"
    assert record["findings"][0]["evidence"] == ["hotword:ssn"]


def test_directories_are_walked_recursively_for_eml_only(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str]
) -> None:
    eml(tmp_path / "b.eml", "x")
    eml(tmp_path / "sub" / "deeper" / "a.eml", "x")
    eml(tmp_path / "notes.txt", "x")
    _, out, _ = run(capsys, "--json", str(tmp_path))
    assert [r["file"] for r in records(out)] == [
        str(tmp_path / "b.eml"),
        str(tmp_path / "sub" / "deeper" / "a.eml"),
    ]


MBOX = (
    b"From ann@clinic.example.com Mon Mar  2 09:00:00 2026\n"
    b"From: ann@clinic.example.com\nSubject: one\n\nSSN 123-45-6789\n\n"
    b"From bob@x.example.org Mon Mar  2 09:01:00 2026\n"
    b"From: bob@x.example.org\nSubject: two\n\n>From the desk of Bob\n>>From here\nplain\n\n"
    b"From carol@x.example.org Mon Mar  2 09:02:00 2026\n"
    b"Subject: three\n\nlast\n"
)


def test_mbox_messages_are_streamed_one_by_one(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str]
) -> None:
    box = tmp_path / "sent.mbox"
    box.write_bytes(MBOX)
    code, out, _ = run(capsys, "--json", str(box))
    assert code == 0
    got = records(out)
    assert [r["file"] for r in got] == [f"{box}#1", f"{box}#2", f"{box}#3"]
    assert [r["action"] for r in got] == ["encrypt", "deliver", "deliver"]
    second = fake.seen[1][0]
    assert second.startswith(b"From: bob@x.example.org\n")
    assert b"\nFrom the desk of Bob\n>From here\nplain\n" in second
    assert not second.endswith(b"\n\n")


def test_an_eml_with_an_envelope_line_is_one_message(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str]
) -> None:
    """Mail saved from a spool keeps its ``From `` line; a ``From `` line in its body does not split it."""
    path = tmp_path / "saved.eml"
    path.write_bytes(
        b"From ann@clinic.example.com Mon Mar  2 09:00:00 2026\nFrom: ann@clinic.example.com\nSubject: s\n\nhi\n\nFrom the desk of Ann\n"
    )
    _, out, _ = run(capsys, "--json", str(path))
    (record,) = records(out)
    assert record["file"] == str(path)
    assert (
        fake.seen[0][0]
        == b"From: ann@clinic.example.com\nSubject: s\n\nhi\n\nFrom the desk of Ann\n"
    )


@given(
    st.lists(
        st.lists(st.sampled_from(["From x", ">From y", "hello", "", "From: a@b.c"]), max_size=6),
        min_size=1,
        max_size=5,
    )
)
def test_mbox_round_trip(bodies: list[list[str]]) -> None:
    """Messages written as mboxrd (quoting every ``>*From `` line) read back unchanged."""
    chunks = []
    for lines in bodies:
        quoted = [(">" + line) if line.lstrip(">").startswith("From ") else line for line in lines]
        chunks.append(
            "From sender@example.org Mon Mar  2 09:00:00 2026\n"
            + "".join(q + "\n" for q in quoted)
            + "\n"
        )
    got = list(scan_cli.iter_mbox(io.BytesIO("".join(chunks).encode())))
    assert got == ["".join(line + "\n" for line in lines).encode() for lines in bodies]


@pytest.mark.parametrize(
    "content", [b"", b"\x00\xff\xfe garbage \x80" * 50, b"not a message at all", b"From \n"]
)
def test_empty_and_garbage_files_give_one_record(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "odd.eml"
    path.write_bytes(content)
    code, out, _ = run(capsys, "--json", str(path))
    assert code == 0
    (record,) = records(out)
    assert set(record) == KEYS
    assert record["file"].startswith(str(path))


def test_unreadable_file_fails_closed_and_the_scan_goes_on(
    tmp_path: Path,
    fake: FakeInspector,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    locked = eml(tmp_path / "a.eml", "x")
    after = eml(tmp_path / "b.eml", "x")
    real_open = Path.open

    def guarded_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded_open)
    code, out, _ = run(capsys, "--json", str(tmp_path))
    first, second = records(out)
    assert code == 0
    assert first["action"] == "quarantine"
    assert first["errors"] == ["cannot read: Permission denied"]
    assert second["file"] == str(after)
    assert second["action"] == "deliver"


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("crash", "internal error: RuntimeError"),
        ("dlperror", "DetectionError: detector ssn: regex timeout"),
        ("tempfail", "inspection incomplete (tempfail): quarantined"),
    ],
)
def test_a_failing_message_is_quarantined_with_an_error(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str], body: str, error: str
) -> None:
    bad = eml(tmp_path / "a.eml", body)
    good = eml(tmp_path / "b.eml", "fine")
    code, out, _ = run(capsys, "--json", str(bad), str(good))
    assert code == 0
    first, second = records(out)
    assert set(first) == KEYS
    assert first["action"] == "quarantine"
    assert first["errors"] == [error]
    assert second["action"] == "deliver"
    assert SECRET not in out


def test_envelope_from_options_completed_from_headers(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str]
) -> None:
    a = eml(tmp_path / "a.eml", "x")
    run(capsys, "--from", "relay@clinic.example.com", str(a))
    run(
        capsys, "--to", "x@one.example.com,y@two.example.com", "--to", "z@three.example.com", str(a)
    )
    run(capsys, str(a))
    (_, first), (_, second), (_, third) = fake.seen
    assert first == Envelope(
        sender="relay@clinic.example.com",
        recipients=("bob@partner.example.org", "carol@x.example.net"),
    )
    assert second == Envelope(
        sender="ann@clinic.example.com",
        recipients=("x@one.example.com", "y@two.example.com", "z@three.example.com"),
    )
    assert third is None


def test_results_are_printed_as_they_come(
    tmp_path: Path, fake: FakeInspector, capsys: pytest.CaptureFixture[str]
) -> None:
    for n in range(5):
        eml(tmp_path / f"m{n}.eml", "x")
    out = io.StringIO()
    fake.out = out
    options = scan_cli.Options(json=True, verbose=False, sender=None, recipients=())
    scan_cli.scan([tmp_path], fake, options, out=out, err=io.StringIO())
    assert fake.printed_before == [0, 1, 2, 3, 4]


class NullOut(io.StringIO):
    def write(self, text: str) -> int:
        return len(text)


class Forgetful:
    """An inspector that keeps nothing between messages."""

    def inspect(self, raw: bytes, envelope: Envelope | None = None) -> FakeInspection:
        return FakeInspection(Message(envelope=Envelope()), Verdict(action=Action.DELIVER))


def _peak_bytes(box: Path) -> int:
    options = scan_cli.Options(json=True, verbose=False, sender=None, recipients=())
    tracemalloc.start()
    try:
        scan_cli.scan([box], Forgetful(), options, out=NullOut(), err=io.StringIO())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_messages(tmp_path: Path) -> None:
    """A 20x larger mbox is scanned with about the same peak memory: nothing accumulates."""
    one = (
        b"From a@b.example Mon Mar  2 09:00:00 2026\nFrom: a@b.example\nSubject: s\n\n"
        + b"x" * 1000
        + b"\n\n"
    )
    small, large = tmp_path / "small.mbox", tmp_path / "large.mbox"
    small.write_bytes(one * 200)
    large.write_bytes(one * 4000)
    assert _peak_bytes(large) < _peak_bytes(small) + 1_000_000


def test_directory_walk_is_ordered_and_skips_symlinked_directories(tmp_path: Path) -> None:
    for name in ("b/2.eml", "b/1.EML", "a-b/x.eml", "a/z.eml", "c.eml", "d.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "loop").symlink_to(tmp_path, target_is_directory=True)
    got = [p.relative_to(tmp_path).as_posix() for p in scan_cli.walk_eml(tmp_path)]
    assert got == ["a/z.eml", "a-b/x.eml", "b/1.EML", "b/2.eml", "c.eml"]


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("err", "shown"), [(Tty(), True), (io.StringIO(), False)])
def test_progress_only_on_a_terminal(
    tmp_path: Path, fake: FakeInspector, err: io.StringIO, shown: bool
) -> None:
    for n in range(3):
        eml(tmp_path / f"m{n}.eml", "x")
    options = scan_cli.Options(json=True, verbose=False, sender=None, recipients=())
    scan_cli.scan([tmp_path], fake, options, out=io.StringIO(), err=err)
    assert ("scanned 3 messages" in err.getvalue()) is shown


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "the following arguments are required: PATH"),
        (["{missing}"], "no such file or directory"),
        (["--rules", "{missing}", "{msg}"], "not a directory of rule packs"),
        (["--rules", "{msg}", "{msg}"], "not a directory of rule packs"),
        (["--from", "not an address", "{msg}"], "not a mail address: 'not an address'"),
        (["--to", "bob", "{msg}"], "not a mail address: 'bob'"),
        (["--to", ",", "{msg}"], "--to needs at least one address"),
        (["--colour", "{msg}"], "unrecognized arguments: --colour"),
    ],
)
def test_usage_errors_exit_2_with_a_clear_message(
    tmp_path: Path,
    fake: FakeInspector,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    msg = eml(tmp_path / "a.eml", "x")
    argv = [a.format(missing=tmp_path / "nope.eml", msg=msg) for a in argv]
    try:
        code, out, err = run(capsys, *argv)
    except SystemExit as exc:  # argparse exits itself
        code, err, out = int(exc.code or 0), capsys.readouterr().err, ""
    assert code == 2
    assert message in err
    assert out == ""
    assert fake.seen == []


def test_a_bad_rule_pack_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def build(settings: Any) -> FakeInspector:
        raise RulePackError(
            "expected a mapping", path=tmp_path / "bad.yaml", line=3, rule="phi", field="detectors"
        )

    monkeypatch.setattr(scan_cli, "build_inspector", build)
    code, out, err = run(capsys, str(eml(tmp_path / "a.eml", "x")))
    assert code == 2
    assert "bad.yaml" in err
    assert out == ""


def test_rules_option_reaches_the_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[Any] = []

    def build(settings: Any) -> FakeInspector:
        seen.append(settings["rules_dir"])
        return FakeInspector()

    monkeypatch.setattr(scan_cli, "build_inspector", build)
    run(capsys, "--rules", str(tmp_path), str(eml(tmp_path / "a.eml", "x")))
    assert seen == [str(tmp_path)]


def test_real_inspector_rejects_a_broken_pack_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken.yaml").write_text("id: broken\ndetectors: [unclosed\n")
    code, out, err = run(capsys, "--rules", str(rules), str(eml(tmp_path / "a.eml", "x")))
    assert code == 2
    assert "broken.yaml" in err
    assert out == ""


EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXPECTED_EXAMPLE_ACTIONS = {
    "phi": ("encrypt", ["PHI"]),
    "pii": ("encrypt", ["PII"]),
    "pci": ("block", ["PCI"]),
    "clean": ("deliver", []),
}


def test_examples_get_their_expected_verdicts(capsys: pytest.CaptureFixture[str]) -> None:
    """The README tour's sample messages, through the real inspector."""
    code, out, _ = run(capsys, "--json", str(EXAMPLES))
    assert code == 0
    got = {Path(r["file"]).name: (r["action"], r["labels"]) for r in records(out)}
    assert len(got) >= 5
    assert got == {name: EXPECTED_EXAMPLE_ACTIONS[name.split("-", 1)[0]] for name in got}
