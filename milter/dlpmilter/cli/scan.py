"""``dlpmilter scan``: inspect message files the way the milter would, and print the verdicts.

``dlpmilter scan [--rules DIR] [--json] [--from ADDR] [--to ADDR]... [-v] PATH...``

PATH is an ``.eml`` file (one message, even when saved with a leading ``From `` envelope line),
a directory (every ``*.eml`` below it, recursively, in name order) or an mbox file (any other
file whose first line starts with ``From ``; its messages are read one at a time and named
``path#N``). One :class:`~dlpmilter.inspector.Inspector` serves the whole run, and each
result is printed as soon as it is known, so memory stays flat over thousands of files.

Every message gets exactly one result. A file that cannot be read, or a message the inspector
fails on, is reported with ``errors`` filled and the action ``quarantine``: the scan fails
closed like the milter. Exit status: 0 when every message got a result, 2 for usage errors.
The JSON Lines contract is documented in ``docs/scan.md``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parseaddr
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from dlpmilter.errors import ConfigError, DlpError
from dlpmilter.message import Envelope
from dlpmilter.verdict import Action, Finding, Verdict

if TYPE_CHECKING:
    from dlpmilter.inspector import Inspection
    from dlpmilter.settings import Settings

log = logging.getLogger(__name__)

#: Actions the output may name. A tempfail verdict (inspection could not finish) has no retry
#: in a scan, so it is reported as ``quarantine`` with an error, failing closed.
OUTPUT_ACTIONS = ("deliver", "tag", "encrypt", "portal", "quarantine", "block")
_MBOX_SEPARATOR = b"From "


class Inspects(Protocol):
    """What the scan needs: :meth:`dlpmilter.inspector.Inspector.inspect`."""

    def inspect(self, raw: bytes, envelope: Envelope | None = None) -> Inspection:
        """Inspect one raw message."""


def register(sub: Any) -> None:
    """Add the ``scan`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "scan",
        help="inspect .eml files, directories or mbox files and print the verdicts",
        description="Inspect messages as the milter would and print one verdict per message.",
    )
    parser.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        type=Path,
        help=".eml file, directory (recursive *.eml) or mbox file",
    )
    parser.add_argument(
        "--rules",
        type=Path,
        metavar="DIR",
        help="rule-pack directory instead of the setting rules_dir",
    )
    parser.add_argument(
        "--json", action="store_true", help="JSON Lines: one object per message (docs/scan.md)"
    )
    parser.add_argument(
        "--from", dest="sender", metavar="ADDR", help="envelope sender (default: the From header)"
    )
    parser.add_argument(
        "--to",
        dest="recipients",
        metavar="ADDR",
        action="append",
        default=[],
        help="envelope recipient; repeat or separate with commas (default: To, Cc and Bcc headers)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="explain each verdict: rules, findings, redacted previews",
    )
    parser.set_defaults(func=_run)


@dataclass(frozen=True, slots=True, kw_only=True)
class Options:
    """The scan's validated options."""

    json: bool
    verbose: bool
    sender: str | None
    recipients: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """One message to inspect: its display name and its bytes, or why it could not be read."""

    name: str
    raw: bytes | None
    error: str = ""


def _run(args: argparse.Namespace) -> int:
    options = _options(args)
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        raise ConfigError(f"scan: no such file or directory: {', '.join(missing)}")
    if args.rules is not None and not args.rules.is_dir():
        raise ConfigError(f"scan: --rules {args.rules}: not a directory of rule packs")
    inspector = build_inspector(_settings(args))
    return scan(args.paths, inspector, options, out=sys.stdout, err=sys.stderr)


def _options(args: argparse.Namespace) -> Options:
    recipients = tuple(
        r.strip() for value in args.recipients for r in value.split(",") if r.strip()
    )
    for address in ([args.sender] if args.sender is not None else []) + list(recipients):
        if not _plausible_address(address):
            raise ConfigError(f"scan: not a mail address: {address!r} (expected local@domain)")
    if args.recipients and not recipients:
        raise ConfigError("scan: --to needs at least one address")
    return Options(json=args.json, verbose=args.verbose, sender=args.sender, recipients=recipients)


def _plausible_address(address: str) -> bool:
    if address == "":
        return True  # the null sender <> of bounces
    _, parsed = parseaddr(address)
    local, at, domain = parsed.rpartition("@")
    return bool(at and local and "." in domain and not any(c.isspace() for c in parsed))


def _settings(args: argparse.Namespace) -> Settings:
    from dlpmilter.settings import load_settings

    overrides = {"rules_dir": str(args.rules)} if args.rules is not None else None
    return load_settings(getattr(args, "config", None), overrides=overrides)


def build_inspector(settings: Settings) -> Inspects:
    """The one inspector of the run (tests replace this function)."""
    from dlpmilter.inspector import Inspector

    return Inspector(settings)


def scan(
    paths: Sequence[Path], inspector: Inspects, options: Options, *, out: IO[str], err: IO[str]
) -> int:
    """Inspect every message under ``paths``, printing each result as it is known.

    :returns: 0: every message got a result (failures are results that fail closed).
    """
    progress = _Progress(err) if err.isatty() else None
    for item in iter_items(paths):
        result = inspect_item(item, inspector, options)
        out.write(
            render_json(result, verbose=options.verbose)
            if options.json
            else render_text(result, verbose=options.verbose)
        )
        out.flush()
        if progress is not None:
            progress.tick(bool(result.errors))
    if progress is not None:
        progress.done()
    return 0


# --- reading messages --------------------------------------------------------------------


def iter_items(paths: Sequence[Path]) -> Iterator[Item]:
    """Every message under ``paths``, one at a time."""
    for path in paths:
        if path.is_dir():
            for file in walk_eml(path):
                yield from _file_items(file)
        else:
            yield from _file_items(path)


def walk_eml(directory: Path) -> Iterator[Path]:
    """Every ``*.eml`` file below ``directory``, depth first in name order, holding only one
    directory's listing at a time. Symbolic links to directories are not followed (no loops)."""
    try:
        with os.scandir(directory) as listing:
            entries = sorted((e.name, e.is_dir(follow_symlinks=False)) for e in listing)
    except OSError as exc:
        log.warning("scan: cannot list %s: %s", directory, exc.strerror)
        return
    for name, is_dir in entries:
        path = directory / name
        if is_dir:
            yield from walk_eml(path)
        elif name.lower().endswith(".eml") and path.is_file():
            yield path


def _file_items(path: Path) -> Iterator[Item]:
    try:
        with path.open("rb") as handle:
            head = handle.read(len(_MBOX_SEPARATOR))
            if head == _MBOX_SEPARATOR and path.suffix.lower() != ".eml":
                handle.seek(0)
                for index, raw in enumerate(iter_mbox(handle), start=1):
                    yield Item(name=f"{path}#{index}", raw=raw)
                return
            raw = head + handle.read()
    except OSError as exc:
        yield Item(
            name=str(path), raw=None, error=f"cannot read: {exc.strerror or type(exc).__name__}"
        )
        return
    if head == _MBOX_SEPARATOR:
        raw = raw.partition(b"\n")[2]  # an .eml saved with its mbox envelope line: one message
    yield Item(name=str(path), raw=raw)


def iter_mbox(handle: IO[bytes]) -> Iterator[bytes]:
    """The messages of an mbox stream, one at a time, with the ``From `` line removed and
    ``>From `` quoting undone (mboxrd)."""
    lines: list[bytes] = []
    started = False
    previous_blank = True
    for line in handle:
        if line.startswith(_MBOX_SEPARATOR) and previous_blank:
            if started:
                yield _mbox_message(lines)
            lines = []
            started = True
        elif started:
            lines.append(
                line[1:]
                if line.lstrip(b">").startswith(_MBOX_SEPARATOR) and line.startswith(b">")
                else line
            )
        previous_blank = line in {b"\n", b"\r\n"}
    if started:
        yield _mbox_message(lines)


def _mbox_message(lines: list[bytes]) -> bytes:
    if lines and lines[-1] in {b"\n", b"\r\n"}:
        lines = lines[:-1]  # the blank line that separates messages in an mbox
    return b"".join(lines)


def envelope_for(raw: bytes, options: Options) -> Envelope | None:
    """The envelope from the options, completed from the headers; ``None`` with no options."""
    if options.sender is None and not options.recipients:
        return None
    headers = BytesHeaderParser().parsebytes(raw[:262144])
    sender = options.sender
    if sender is None:
        sender = parseaddr(str(headers.get("From", "")))[1]
    recipients = options.recipients
    if not recipients:
        fields = [str(v) for name in ("To", "Cc", "Bcc") for v in headers.get_all(name, [])]
        recipients = tuple(a for _, a in getaddresses(fields) if a)
    return Envelope(sender=sender, recipients=recipients)


# --- one message ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class Result:
    """One printed result."""

    name: str
    action: str
    verdict: Verdict | None = None
    facts: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()
    elapsed_ms: float = 0.0


def inspect_item(item: Item, inspector: Inspects, options: Options) -> Result:
    """Inspect one message; whatever goes wrong becomes a ``quarantine`` result with errors."""
    if item.raw is None:
        return Result(name=item.name, action=Action.QUARANTINE.label, errors=(item.error,))
    started = time.perf_counter()
    try:
        inspection = inspector.inspect(item.raw, envelope_for(item.raw, options))
    except DlpError as exc:
        log.debug("scan: %s failed", item.name, exc_info=True)
        return _failed(item, started, f"{type(exc).__name__}: {exc}")
    except Exception as exc:  # one bad message must not stop the scan; it fails closed
        log.debug("scan: %s failed", item.name, exc_info=True)
        return _failed(item, started, f"internal error: {type(exc).__name__}")
    elapsed = (time.perf_counter() - started) * 1000.0
    verdict = inspection.verdict
    facts = [str(f) for f in inspection.message.facts]
    facts += [f for f in verdict.facts if f not in facts]
    errors: tuple[str, ...] = ()
    action = verdict.action.label
    if action not in OUTPUT_ACTIONS:
        errors = (f"inspection incomplete ({action}): quarantined",)
        action = Action.QUARANTINE.label
    return Result(
        name=item.name,
        action=action,
        verdict=verdict,
        facts=tuple(facts),
        errors=errors,
        elapsed_ms=elapsed,
    )


def _failed(item: Item, started: float, error: str) -> Result:
    elapsed = (time.perf_counter() - started) * 1000.0
    return Result(
        name=item.name, action=Action.QUARANTINE.label, errors=(error,), elapsed_ms=elapsed
    )


def _action_label(action: Action) -> str:
    return action.label if action.label in OUTPUT_ACTIONS else Action.QUARANTINE.label


def _finding_json(finding: Finding, *, verbose: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "entity": finding.entity,
        "location": finding.location,
        "start": finding.start,
        "end": finding.end,
        "score": float(finding.score),
        "detector": finding.detector,
    }
    if verbose:
        data["preview"] = finding.preview
        data["evidence"] = list(finding.evidence)
    return data


def result_json(result: Result, *, verbose: bool = False) -> dict[str, Any]:
    """The JSON object of one result, with exactly the keys of the contract (``-v`` adds
    ``explanation`` and per-finding ``preview`` and ``evidence``)."""
    verdict = result.verdict
    data: dict[str, Any] = {
        "file": result.name,
        "action": result.action,
        "labels": list(verdict.labels) if verdict else [],
        "rules": [
            {"id": h.rule, "label": h.label, "action": _action_label(h.action)}
            for h in verdict.hits
        ]
        if verdict
        else [],
        "findings": [_finding_json(f, verbose=verbose) for f in verdict.findings]
        if verdict
        else [],
        "facts": list(result.facts),
        "errors": list(result.errors),
        "elapsed_ms": round(result.elapsed_ms, 3),
    }
    if verbose:
        data["explanation"] = verdict.explanation if verdict else ""
    return data


def render_json(result: Result, *, verbose: bool = False) -> str:
    """One JSON Lines record."""
    return json.dumps(result_json(result, verbose=verbose), ensure_ascii=False) + "\n"


def render_text(result: Result, *, verbose: bool = False) -> str:
    """One line per message (``path: action LABELS``); ``-v`` adds the explanation below it."""
    verdict = result.verdict
    labels = " ".join(verdict.labels) if verdict and verdict.labels else "-"
    line = f"{result.name}: {result.action} {labels}"
    if result.errors:
        line += f" (error: {'; '.join(result.errors)})"
    lines = [line]
    if verbose and verdict is not None:
        lines += ["    " + x for x in _explanation(verdict).splitlines()]
    if verbose and result.facts and (verdict is None or not verdict.explanation):
        lines += [f"    fact {f}" for f in result.facts]
    return "\n".join(lines) + "\n"


def _explanation(verdict: Verdict) -> str:
    if verdict.explanation:
        return verdict.explanation
    lines = []
    for hit in verdict.hits:
        lines.append(f"{hit.label} by rule {hit.rule} -> {_action_label(hit.action)}")
        for f in hit.findings:
            evidence = f" ({', '.join(f.evidence)})" if f.evidence else ""
            lines.append(
                f"  {f.entity} at {f.location}[{f.start}:{f.end}] {f.preview} score {f.score:.2f}{evidence}"
            )
    return "\n".join(lines)


class _Progress:
    """A one-line counter on a terminal's stderr."""

    def __init__(self, err: IO[str]) -> None:
        self.err = err
        self.count = 0
        self.failed = 0

    def tick(self, failed: bool) -> None:
        self.count += 1
        self.failed += failed
        if self.count % 10 == 0 or self.count == 1:
            self.err.write(f"\rscanned {self.count} messages ({self.failed} with errors)")
            self.err.flush()

    def done(self) -> None:
        if self.count > 1:
            self.err.write(f"\rscanned {self.count} messages ({self.failed} with errors)\n")
            self.err.flush()
