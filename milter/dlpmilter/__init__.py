"""dlpmilter: outbound e-mail DLP gateway for Postfix and Sendmail.

The public API for plugin authors and embedders. Everything else is internal and may change.
"""

from dlpmilter.actions.base import ActionHandler, ActionParams
from dlpmilter.audit.base import AuditSink
from dlpmilter.detectors.base import BuildContext, Detector, DetectorParams, ScanContext
from dlpmilter.errors import (
    ActionError,
    AuditError,
    ConfigError,
    DetectionError,
    DlpError,
    ExtractionError,
    PluginError,
    RulePackError,
)
from dlpmilter.extract.base import Budget, Child, Extracted, Extractor
from dlpmilter.hookspecs import hookimpl
from dlpmilter.message import Envelope, Fact, Message, Part
from dlpmilter.verdict import Action, Confidence, Finding, RuleHit, Verdict

__all__ = [
    "Action",
    "ActionError",
    "ActionHandler",
    "ActionParams",
    "AuditError",
    "AuditSink",
    "Budget",
    "BuildContext",
    "Child",
    "Confidence",
    "ConfigError",
    "DetectionError",
    "Detector",
    "DetectorParams",
    "DlpError",
    "Envelope",
    "Extracted",
    "ExtractionError",
    "Extractor",
    "Fact",
    "Finding",
    "Message",
    "Part",
    "PluginError",
    "RuleHit",
    "RulePackError",
    "ScanContext",
    "Verdict",
    "hookimpl",
]
