# mypy: disable-error-code="empty-body"
"""The hooks a dlpmilter plugin may implement.

Every hook is called **once, at start-up**, by :func:`dlpmilter.plugins.make_plugin_manager`'s
caller; none is called per message. Each returns plain data: classes keyed by the name a rule
pack or a setting uses. Built-in detectors, extractors, actions and audit sinks are registered
through these same hooks as third-party plugins from the ``dlpmilter`` entry-point group.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from dlpmilter.actions.base import ActionHandler
    from dlpmilter.audit.base import AuditSink
    from dlpmilter.detectors.base import Detector
    from dlpmilter.extract.base import Extractor

hookspec = pluggy.HookspecMarker("dlpmilter")
hookimpl = pluggy.HookimplMarker("dlpmilter")


@hookspec
def dlp_register_detectors() -> Mapping[str, type[Detector]]:
    """Register detector types.

    Called once at start-up. A rule pack's ``detectors:`` entries name a type with ``type:``.

    :returns: detector classes keyed by type name (``pattern``, ``keywords``, ``ner``...).
        Two plugins registering the same name is a start-up error.
    """


@hookspec
def dlp_register_validators() -> Mapping[str, Callable[[str], bool]]:
    """Register named validators for the ``pattern`` detector.

    Called once at start-up. A pattern names validators with ``validators: [luhn, ...]``; each
    gets the matched text with separators removed and returns whether it is a valid value.

    :returns: validator functions keyed by name.
    """


@hookspec
def dlp_register_extractors() -> Mapping[str, type[Extractor]]:
    """Register attachment extractor types.

    Called once at start-up. Each class is instantiated once; for every attachment the
    extractors are asked, highest ``priority`` first, whether they :meth:`sniff` its bytes.

    :returns: extractor classes keyed by name (``pdf``, ``zip``...).
    """


@hookspec
def dlp_register_actions() -> Mapping[str, type[ActionHandler]]:
    """Register action types.

    Called once at start-up. A policy's ``action:`` names one of them.

    :returns: action classes keyed by name (``block``, ``quarantine``, ``encrypt``...).
    """


@hookspec
def dlp_register_audit_sinks() -> Mapping[str, type[AuditSink]]:
    """Register audit sink types.

    Called once at start-up. The ``audit_sinks`` setting lists which ones are used.

    :returns: sink classes keyed by name (``jsonl``, ``syslog``...).
    """
