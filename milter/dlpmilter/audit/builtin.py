"""Built-in audit plugin: registers the ``jsonl`` and ``syslog`` sinks."""

from __future__ import annotations

from collections.abc import Mapping

from dlpmilter.audit.base import AuditSink
from dlpmilter.audit.jsonl import JsonlSink
from dlpmilter.audit.syslog import SyslogSink
from dlpmilter.hookspecs import hookimpl


@hookimpl
def dlp_register_audit_sinks() -> Mapping[str, type[AuditSink]]:
    """The shipped audit sinks."""
    return {"jsonl": JsonlSink, "syslog": SyslogSink}
