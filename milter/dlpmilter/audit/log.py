"""The audit log: every configured sink, fed one record per decision.

Built once at start-up from the ``audit_sinks`` setting and the sink types plugins registered.
A sink that fails raises :class:`~dlpmilter.errors.AuditError`; the milter then tempfails the
message rather than act without a record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from dlpmilter.audit.base import AuditSink
from dlpmilter.audit.record import build_record
from dlpmilter.errors import AuditError, ConfigError
from dlpmilter.keyfile import site_salt
from dlpmilter.message import Message
from dlpmilter.plugins import Registry
from dlpmilter.settings import Settings
from dlpmilter.verdict import Verdict


class AuditLog:
    """Fans each decision record out to every sink."""

    def __init__(self, sinks: Sequence[AuditSink], *, salt: bytes) -> None:
        self.sinks = tuple(sinks)
        self.salt = salt

    @classmethod
    def from_settings(cls, settings: Settings, registry: Registry) -> AuditLog:
        """Build the sinks named in ``audit_sinks``.

        :raises ConfigError: for a sink type no plugin registered.
        """
        sinks: list[AuditSink] = []
        for name in settings["audit_sinks"]:
            sink_type = registry.audit_sinks.get(name)
            if sink_type is None:
                known = ", ".join(sorted(registry.audit_sinks)) or "none"
                raise ConfigError(f"setting 'audit_sinks': unknown sink {name!r} (known: {known})")
            sinks.append(sink_type(settings=settings))
        return cls(sinks, salt=site_salt(settings))

    def record(self, record: Mapping[str, Any]) -> None:
        """Write a prepared record to every sink."""
        for sink in self.sinks:
            try:
                sink.record(record)
            except AuditError:
                raise
            except Exception as exc:
                raise AuditError(
                    f"audit sink {type(sink).__name__} failed: {type(exc).__name__}"
                ) from exc

    def record_decision(self, message: Message, verdict: Verdict, **fields: Any) -> dict[str, Any]:
        """Build the record of one decision (see :func:`build_record`), write it, return it."""
        record = build_record(message, verdict, salt=self.salt, **fields)
        self.record(record)
        return record

    def close(self) -> None:
        """Close every sink."""
        for sink in self.sinks:
            sink.close()
