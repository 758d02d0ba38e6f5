"""Built-in detectors plugin: registers the detectors shipped with dlpmilter."""

from __future__ import annotations

from collections.abc import Mapping

from dlpmilter.detectors.base import Detector
from dlpmilter.hookspecs import hookimpl


@hookimpl
def dlp_register_detectors() -> Mapping[str, type[Detector]]:
    """The built-in detector types, keyed by the ``type:`` name rule packs use."""
    return {}
