"""Built-in detectors plugin: registers the detectors shipped with dlpmilter."""

from __future__ import annotations
