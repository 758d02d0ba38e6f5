"""``dlpmilter audit``: verify an audit file's hash chain and print its head."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from dlpmilter.audit.chain import read_head, verify


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


def _verify(args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        print(f"dlpmilter audit verify: {path}: no such file", file=sys.stderr)
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
    path: Path = args.file
    if not path.is_file():
        print(f"dlpmilter audit head: {path}: no such file", file=sys.stderr)
        return 2
    seq, digest = read_head(path)
    print(f"{seq} {digest}")
    return 0
