"""``dlpmilter quarantine``."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add the ``quarantine`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser("quarantine", help="(not yet available)")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    print("dlpmilter quarantine: not yet available")
    return 2
