"""Audit: one tamper-evident record per decision, never with matched text."""

from dlpmilter.audit.base import AuditSink
from dlpmilter.audit.chain import Verification, verify
from dlpmilter.audit.log import AuditLog
from dlpmilter.audit.record import build_record

__all__ = ["AuditLog", "AuditSink", "Verification", "build_record", "verify"]
