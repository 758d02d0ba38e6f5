"""The ``dlpmilter`` command: one sub-command per module of this package.

Each sub-command module has ``register(subparsers)``, which adds its parser and sets
``func`` to a handler ``(args) -> int``. Exit codes: 0 success, 1 the command ran and found a
problem (a failing pack test, a broken audit chain), 2 a usage or configuration error.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from dlpmilter import logs
from dlpmilter.errors import ConfigError, DlpError

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = ("scan", "rules", "serve", "quarantine", "audit", "portal")

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser (also used by the docs test)."""
    parser = argparse.ArgumentParser(
        prog="dlpmilter",
        description="Outbound e-mail DLP gateway: scan messages, manage rule packs, run the milter.",
    )
    parser.add_argument("--config", type=Path, help="settings file (TOML); see docs/settings.md")
    parser.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING or ERROR")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"dlpmilter.cli.{name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``dlpmilter`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    logs.configure(getattr(logging, str(args.log_level).upper(), logging.WARNING))
    try:
        code: int = args.func(args)
    except ConfigError as exc:
        print(f"dlpmilter: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except DlpError as exc:
        print(f"dlpmilter: {exc}", file=sys.stderr)
        return EXIT_PROBLEM
    return code
