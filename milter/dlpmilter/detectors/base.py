"""The detector contract.

A detector type is a class registered by a plugin through ``dlp_register_detectors``. A rule pack
declares detector *instances*: an id, a ``type`` naming a registered class, and ``params``. At load
time the class's :attr:`Detector.Params` pydantic model validates the params (unknown keys are
errors) and the instance is built once: regexes compiled, automata built, models loaded. Per
message the engine only calls :meth:`Detector.detect`.

Detectors only find. They know nothing of rules, labels or actions.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from dlpmilter.message import Message, Part
from dlpmilter.verdict import Finding


class DetectorParams(BaseModel):
    """Base of every detector's parameter model: strict, frozen, no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class BuildContext:
    """What a detector may use while it is built (never per message).

    :param base_dir: the directory of the pack that declared it, for relative data paths.
    :param salt: the site's secret salt for :attr:`Finding.digest`.
    :param settings: the loaded settings, by name.
    :param validators: the validators plugins registered (``dlp_register_validators``), by name.
    """

    base_dir: Path
    salt: bytes = b""
    settings: Mapping[str, Any] = field(default_factory=dict)
    validators: Mapping[str, Callable[[str], bool]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class ScanContext:
    """What a detector may read while scanning one part.

    :param message: the whole message (envelope, headers, other parts).
    :param prior: findings of detectors that ran before this one in the same message; gated
        detectors (NER) use them to decide whether and where to run.
    :param deadline: ``time.monotonic()`` value after which the detector should stop and
        return what it has; the engine records a ``time_budget`` fact.
    """

    message: Message
    prior: Sequence[Finding] = ()
    deadline: float = float("inf")


class Detector(abc.ABC):
    """Base class of every detector type.

    Subclasses set :attr:`Params` to their own :class:`DetectorParams` subclass and
    :attr:`entities` to what they may report. ``stage`` orders detectors: stage 0 runs first on
    every part; higher stages run after and see earlier findings in :attr:`ScanContext.prior`.
    """

    Params: ClassVar[type[DetectorParams]] = DetectorParams
    #: Entities this detector type can report (for docs and pack validation).
    entities: ClassVar[tuple[str, ...]] = ()
    #: 0 for cheap detectors run on everything; 1 for gated, expensive ones (NER).
    stage: ClassVar[int] = 0

    def __init__(self, *, id: str, params: DetectorParams, context: BuildContext) -> None:
        self.id = id
        self.params = params
        self.context = context

    @abc.abstractmethod
    def detect(self, part: Part, context: ScanContext) -> Iterable[Finding]:
        """Yield the findings in ``part.text``, with offsets into it."""

    def wanted(self, message: Message, prior: Sequence[Finding]) -> bool:
        """Whether this detector should run on this message at all (gated detectors override)."""
        return True

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.id}>"
