"""``dlpmilter scan``."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add the ``scan`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser("scan", help="(not yet available)")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    print("dlpmilter scan: not yet available")
    return 2
