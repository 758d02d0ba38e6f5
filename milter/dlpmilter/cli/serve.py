"""``dlpmilter serve``: run the milter daemon (see :mod:`dlpmilter.service`)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from dlpmilter.pool import DEFAULT_FACTORY
from dlpmilter.service import Service, serve
from dlpmilter.settings import load_settings

#: Command-line options that override the setting of the same name.
_OVERRIDES = ("socket", "state_dir", "rules_dir", "local_rules_dir", "workers")


def register(sub: Any) -> None:
    """Add the ``serve`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "serve",
        help="run the milter: inspect every message Postfix or Sendmail hands over",
        description="Run the milter until SIGTERM or Ctrl-C; SIGHUP reloads the rule packs.",
    )
    parser.add_argument("--socket", help="unix:/path (default) or inet:port@host")
    parser.add_argument(
        "--state-dir", dest="state_dir", type=Path, help="spool, quarantine, keys, audit"
    )
    parser.add_argument("--rules-dir", dest="rules_dir", type=Path, help="shipped rule packs")
    parser.add_argument(
        "--local-rules-dir", dest="local_rules_dir", type=Path, help="site rule packs"
    )
    parser.add_argument("--workers", type=int, help="inspection worker processes")
    parser.add_argument(
        "--inspector",
        default=DEFAULT_FACTORY,
        help="inspector factory as module:attribute, called with the settings in each worker "
        "(default: %(default)s)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="validate the settings, actions, audit sinks and rule packs, then exit (0 when all load)",
    )
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    overrides = {
        name: str(getattr(args, name))
        for name in _OVERRIDES
        if getattr(args, name, None) is not None
    }
    settings = load_settings(args.config, overrides=overrides)
    if args.check:
        Service(settings, factory=args.inspector).check()
        print("dlpmilter serve: configuration and rule packs load")
        return 0
    return serve(settings, factory=args.inspector)
