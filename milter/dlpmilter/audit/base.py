"""The audit sink contract.

A sink type is registered through ``dlp_register_audit_sinks``. It receives one record per
decision, a JSON-ready mapping that never contains matched text (see
:mod:`dlpmilter.audit.record` for its fields), and must make it durable before returning, or
raise :class:`~dlpmilter.errors.AuditError`, which tempfails the message.
"""

from __future__ import annotations

import abc
from collections.abc import Mapping
from typing import Any


class AuditSink(abc.ABC):
    """Base class of every audit sink."""

    def __init__(self, *, settings: Mapping[str, Any]) -> None:
        self.settings = settings

    @abc.abstractmethod
    def record(self, record: Mapping[str, Any]) -> None:
        """Write one decision record durably."""

    def close(self) -> None:  # noqa: B027 - optional hook with a no-op default
        """Flush and release resources. Called once at shut-down."""
