"""Stock Presidio as a typical integration uses it, for side-by-side numbers.

presidio-analyzer with its default (predefined) recognizers and the same spaCy pipeline
dlpmilter uses, fed the message body text only (the first text/plain part, or text/html with
the tags dropped), and the usual rule: any finding plus a medical word means PHI; an SSN alone
is PII, a card number alone PCI. Built offline: the NLP engine is given the model by path, so
nothing is downloaded.
"""

from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from typing import Any

MEDICAL_WORDS = re.compile(
    r"\b(patient|diagnos\w*|biopsy|mrn|medical|treatment|prescri\w*|medication|dose|clinic|"
    r"hospital|doctor|physician|surgery|symptom\w*|disease|disorder|cancer|diabetes|therapy)\b",
    re.IGNORECASE,
)
_TAGS = re.compile(r"<[^>]+>")


@dataclass(frozen=True, slots=True)
class PresidioResult:
    """What the baseline decided for one message."""

    label: str  # PHI, PII, PCI or ""
    findings: int


class PresidioBaseline:
    """An AnalyzerEngine with default recognizers on a spaCy pipeline given by path."""

    def __init__(self, model_path: str) -> None:
        from presidio_analyzer import AnalyzerEngine
        from presidio_analyzer.nlp_engine import NlpEngineProvider

        provider = NlpEngineProvider(
            nlp_configuration={
                "nlp_engine_name": "spacy",
                "models": [{"lang_code": "en", "model_name": model_path}],
            }
        )
        self.engine: Any = AnalyzerEngine(
            nlp_engine=provider.create_engine(), supported_languages=["en"]
        )

    @staticmethod
    def body_text(raw: bytes) -> str:
        """The body as a typical integration reads it: attachments ignored."""
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        part = msg.get_body(preferencelist=("plain", "html"))  # type: ignore[attr-defined]
        if part is None:
            return ""
        try:
            text = str(part.get_content())
        except (LookupError, ValueError):
            return ""
        return _TAGS.sub(" ", text) if part.get_content_subtype() == "html" else text

    def classify(self, raw: bytes) -> PresidioResult:
        """Analyze the body and apply the usual rule."""
        text = self.body_text(raw)
        results = self.engine.analyze(text=text, language="en")
        entities = {r.entity_type for r in results if r.score >= 0.4}
        if "CREDIT_CARD" in entities:
            return PresidioResult(label="PCI", findings=len(results))
        if entities and MEDICAL_WORDS.search(text):
            return PresidioResult(label="PHI", findings=len(results))
        if "US_SSN" in entities:
            return PresidioResult(label="PII", findings=len(results))
        return PresidioResult(label="", findings=len(results))
