"""``dlpmilter audit``: verify an audit file's hash chain, print its head, report on it."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from dlpmilter.audit.chain import read_head, verify
from dlpmilter.audit.report import parse_time, read_records, render_text, summarize


def register(sub: Any) -> None:
    """Add the ``audit`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "audit", help="verify the tamper-evident audit log", description=__doc__
    )
    actions = parser.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    check = actions.add_parser("verify", help="check every record of FILE; exit 1 on any problem")
    check.add_argument("file", type=Path, metavar="FILE")
    check.add_argument(
        "--expect-head",
        metavar="HASH",
        help="also require the last record's hash to be HASH (catches records cut off the end)",
    )
    check.set_defaults(func=_verify)
    head = actions.add_parser("head", help="print the sequence number and hash of the last record")
    head.add_argument("file", type=Path, metavar="FILE")
    head.set_defaults(func=_head)
    report = actions.add_parser(
        "report",
        help="what was decided over a period: outcomes, rules, entities, reviews, by day",
        description="Summarize the decisions in FILE (verifying its chain first; exit 1 when "
        "the chain is broken, after the report). Periods are ISO dates or times, UTC unless "
        "they name a zone.",
    )
    report.add_argument("file", type=Path, metavar="FILE")
    report.add_argument("--since", type=_moment, metavar="WHEN", help="first moment included")
    report.add_argument("--until", type=_moment, metavar="WHEN", help="first moment left out")
    report.add_argument("--top", type=_count, default=10, metavar="N", help="senders listed (10)")
    report.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    report.set_defaults(func=_report)


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"not a whole number of senders: {value!r}")
    return int(value)


def _moment(value: str) -> datetime:
    try:
        return parse_time(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not an ISO date or time: {value!r} (try 2026-11-01 or 2026-11-01T08:00)"
        ) from None


def _audit_file(args: argparse.Namespace, command: str) -> Path | None:
    """The FILE argument, or None after saying on stderr that it does not exist."""
    path: Path = args.file
    if not path.is_file():
        print(f"dlpmilter audit {command}: {path}: no such file", file=sys.stderr)
        return None
    return path


def _verify(args: argparse.Namespace) -> int:
    path = _audit_file(args, "verify")
    if path is None:
        return 2
    result = verify(path)
    for problem in result.problems:
        print(f"{path}: {problem}")
    if args.expect_head and result.head != args.expect_head:
        print(
            f"{path}: last record's hash is {result.head}, expected {args.expect_head} (records cut off the end)"
        )
        return 1
    if result.ok:
        print(f"{path}: {result.records} records, chain intact, head {result.head}")
        return 0
    print(f"{path}: {len(result.problems)} problems in {result.records} records")
    return 1


def _head(args: argparse.Namespace) -> int:
    path = _audit_file(args, "head")
    if path is None:
        return 2
    seq, digest = read_head(path)
    print(f"{seq} {digest}")
    return 0


def _report(args: argparse.Namespace) -> int:
    path = _audit_file(args, "report")
    if path is None:
        return 2
    chain = verify(path)
    report = summarize(read_records(path), since=args.since, until=args.until, top=args.top)
    if args.json:
        document = report.as_json()
        document["chain"] = {"records": chain.records, "intact": chain.ok, "head": chain.head}
        print(json.dumps(document, indent=2))
    else:
        period = " to ".join(
            [
                args.since.isoformat() if args.since else "start",
                args.until.isoformat() if args.until else "end",
            ]
        )
        print(render_text(report, title=f"{path.name}, {period}"))
        state = "intact" if chain.ok else f"{len(chain.problems)} problems (see audit verify)"
        print(f"Audit chain: {chain.records} records, {state}, head {chain.head}.")
    return 0 if chain.ok else 1
