"""An audit sink that sends each record to syslog, one JSON line per decision, for a SIEM.

Records are independent lines; a SIEM correlates them by queue id and time. The sink
never blocks on a missing syslog daemon: the C library drops what it cannot send.
"""

from __future__ import annotations

import syslog
from collections.abc import Mapping
from typing import Any

from dlpmilter.audit.base import AuditSink
from dlpmilter.audit.chain import canonical_json


class SyslogSink(AuditSink):
    """Syslog sink (type name ``syslog``): facility mail, priority info, ident ``dlpmilter``."""

    def __init__(self, *, settings: Mapping[str, Any]) -> None:
        super().__init__(settings=settings)
        syslog.openlog("dlpmilter", syslog.LOG_PID, syslog.LOG_MAIL)

    def record(self, record: Mapping[str, Any]) -> None:
        """Send one record."""
        syslog.syslog(syslog.LOG_INFO, "audit " + canonical_json(record))
