"""Render models/README.md from the results of a training run."""

from __future__ import annotations

from typing import Any


def render(result: dict[str, Any]) -> str:
    """The README text."""
    return str(result)
