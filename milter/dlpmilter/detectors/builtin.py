"""Built-in detectors plugin: registers the detectors shipped with dlpmilter."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from dlpmilter.detectors.base import Detector
from dlpmilter.detectors.gazetteer import NamesDetector
from dlpmilter.detectors.keywords import KeywordsDetector
from dlpmilter.detectors.ner import NerDetector
from dlpmilter.detectors.pattern import PatternDetector
from dlpmilter.detectors.validators import CATALOGUE
from dlpmilter.hookspecs import hookimpl


@hookimpl
def dlp_register_detectors() -> Mapping[str, type[Detector]]:
    """The built-in detector types, keyed by the ``type:`` name rule packs use."""
    return {
        "keywords": KeywordsDetector,
        "names": NamesDetector,
        "ner": NerDetector,
        "pattern": PatternDetector,
    }


@hookimpl
def dlp_register_validators() -> Mapping[str, Callable[[str], bool]]:
    """The built-in validators of the ``pattern`` detector, keyed by name."""
    return CATALOGUE
