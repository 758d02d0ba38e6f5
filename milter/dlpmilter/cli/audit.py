"""``dlpmilter audit``."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add the ``audit`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser("audit", help="(not yet available)")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    print("dlpmilter audit: not yet available")
    return 2
