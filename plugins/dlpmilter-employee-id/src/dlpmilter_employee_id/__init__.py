"""An out-of-tree dlpmilter plugin: the organisation's own employee IDs.

Employee IDs look like ``EMP-483920-T``: six digits and a check letter, the digits modulo 23
indexing ``TRWAGMYFPDXBNJZSQVHLCKE`` (the scheme Spanish DNI numbers use). The plugin registers
two things through the ``dlpmilter`` entry-point group:

- a validator ``employee_id_check``, usable by any ``pattern`` detector in a rule pack;
- a detector type ``employee_id`` that finds IDs, checks them and reports entity
  ``EMPLOYEE_ID``, with an optional list of hotwords that raise the score.

A rule pack then uses it like any built-in type (see ``employee-id.yaml`` beside this file).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import regex

from dlpmilter import Detector, DetectorParams, Finding, ScanContext, hookimpl
from dlpmilter.message import Part
from dlpmilter.redaction import digest, preview

__all__ = ["EmployeeIdDetector", "employee_id_check"]

_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_ID = regex.compile(r"(?<![\w-])EMP[- ]?(\d{6})[- ]?([A-Z])(?![\w-])", regex.IGNORECASE)


def employee_id_check(value: str) -> bool:
    """True when the check letter of an employee ID (separators removed) is right."""
    match = regex.fullmatch(r"EMP(\d{6})([A-Z])", value.upper())
    return bool(match) and _LETTERS[int(match.group(1)) % 23] == match.group(2)


class EmployeeIdParams(DetectorParams):
    """Parameters of the ``employee_id`` detector."""

    score: float = 0.6
    hotwords: tuple[str, ...] = ("employee", "staff id", "badge")
    hotword_boost: float = 0.3
    window: int = 80


class EmployeeIdDetector(Detector):
    """Finds valid employee IDs; hotwords within ``window`` characters raise the score."""

    Params = EmployeeIdParams
    entities = ("EMPLOYEE_ID",)

    def detect(self, part: Part, context: ScanContext) -> Iterable[Finding]:
        """Yield one finding per valid ID in the part."""
        params = self.params
        assert isinstance(params, EmployeeIdParams)
        lowered = part.text.lower()
        for match in _ID.finditer(part.text):
            value = f"EMP{match.group(1)}{match.group(2)}"
            if not employee_id_check(value):
                continue
            window = lowered[max(0, match.start() - params.window) : match.end() + params.window]
            hot = tuple(f"hotword:{w}" for w in params.hotwords if w in window)
            score = min(1.0, params.score + (params.hotword_boost if hot else 0.0))
            yield Finding(
                entity="EMPLOYEE_ID",
                location=part.location,
                start=match.start(),
                end=match.end(),
                score=score,
                detector=self.id,
                pattern="employee_id",
                preview=preview(match.group(0), keep_last=2),
                digest=digest(value, self.context.salt),
                evidence=(*hot, "validator:employee_id_check"),
            )


@hookimpl
def dlp_register_validators() -> Mapping[str, Callable[[str], bool]]:
    """Register the check-letter validator for use by ``pattern`` detectors."""
    return {"employee_id_check": employee_id_check}


@hookimpl
def dlp_register_detectors() -> Mapping[str, type[Detector]]:
    """Register the ``employee_id`` detector type."""
    return {"employee_id": EmployeeIdDetector}
