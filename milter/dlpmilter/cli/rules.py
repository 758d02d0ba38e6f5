"""``dlpmilter rules``."""

from __future__ import annotations

import argparse
from typing import Any


def register(sub: Any) -> None:
    """Add the ``rules`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser("rules", help="(not yet available)")
    parser.set_defaults(func=_run)


def _run(args: argparse.Namespace) -> int:
    print("dlpmilter rules: not yet available")
    return 2
