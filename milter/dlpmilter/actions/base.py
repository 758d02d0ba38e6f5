"""The action contract: what happens to a message once the engine has decided.

An action type is registered through ``dlp_register_actions`` under the name a policy uses
(``block``, ``quarantine``, ``encrypt``, ``portal``, ``tag``, ``deliver``). It is built once at
start-up with its validated parameters and consumes only a :class:`~dlpmilter.verdict.Verdict`
and the envelope; it never sees detectors.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict


class ActionParams(BaseModel):
    """Base of every action's parameter model: strict, frozen, no unknown keys."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class ActionHandler(abc.ABC):  # noqa: B024 - the milter adapter defines the abstract methods
    """Base class of every action type; see :mod:`dlpmilter.actions` for the built-ins."""

    Params: ClassVar[type[ActionParams]] = ActionParams

    def __init__(self, *, params: ActionParams, settings: Mapping[str, Any]) -> None:
        self.params = params
        self.settings = settings
