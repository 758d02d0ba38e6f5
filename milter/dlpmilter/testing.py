"""Helpers for testing detectors and rule packs, for plugin authors and for this project.

::

    from dlpmilter.testing import build_detector, assert_detects

    def test_finds_employee_ids():
        detector = build_detector(EmployeeIdDetector, params={"score": 0.6})
        assert_detects(detector, "Staff ID EMP-483920-K", "EMPLOYEE_ID", count=1)

Messages are built directly as values, without MIME parsing, so a detector test needs nothing
but the detector.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from dlpmilter.detectors.base import BuildContext, Detector, ScanContext
from dlpmilter.message import Envelope, Message, Part
from dlpmilter.verdict import Finding

__all__ = ["assert_detects", "assert_not_detects", "build_detector", "make_message", "run_detector"]

TEST_SALT = b"dlpmilter-testing-salt"


def make_message(
    body: str = "",
    *,
    subject: str = "",
    attachments: Mapping[str, str] | None = None,
    sender: str = "sender@clinic.example",
    recipients: Sequence[str] = ("someone@partner.example",),
    headers: Sequence[tuple[str, str]] = (),
) -> Message:
    """A :class:`Message` with a ``subject`` part, a ``body`` part and one text part per
    attachment (``attachment:<name>``), as ``parse`` would produce for plain text mail."""
    parts = [
        Part(location="subject", content_type="text/plain", text=subject),
        Part(location="body", content_type="text/plain", text=body),
    ]
    for name, text in (attachments or {}).items():
        parts.append(
            Part(
                location=f"attachment:{name}",
                content_type="text/plain",
                text=text,
                filename=name,
                depth=1,
            )
        )
    all_headers = (("From", sender), ("To", ", ".join(recipients)), ("Subject", subject), *headers)
    return Message(
        envelope=Envelope(sender=sender, recipients=tuple(recipients)),
        headers=all_headers,
        subject=subject,
        parts=tuple(parts),
        size=len(body.encode("utf-8")) + len(subject.encode("utf-8")),
    )


def build_detector(
    detector_type: type[Detector],
    *,
    id: str = "test",
    params: Mapping[str, Any] | None = None,
    settings: Mapping[str, Any] | None = None,
    validators: Mapping[str, Any] | None = None,
    base_dir: Path | None = None,
) -> Detector:
    """Build a detector the way a rule pack does: params validated by its ``Params`` model."""
    model = detector_type.Params.model_validate(dict(params or {}))
    context_args: dict[str, Any] = {
        "base_dir": base_dir or Path.cwd(),
        "salt": TEST_SALT,
        "settings": dict(settings or {}),
    }
    if validators is not None:
        context_args["validators"] = validators
    return detector_type(id=id, params=model, context=BuildContext(**context_args))


def run_detector(detector: Detector, text: str, *, location: str = "body") -> list[Finding]:
    """Run one detector on one text and return its findings in order."""
    message = make_message(text)
    part = Part(location=location, content_type="text/plain", text=text)
    return sorted(
        detector.detect(part, ScanContext(message=message)), key=lambda f: (f.start, f.end)
    )


def assert_detects(
    detector: Detector, text: str, entity: str, *, count: int | None = None
) -> list[Finding]:
    """Assert the detector finds ``entity`` in ``text`` (exactly ``count`` times if given)."""
    found = [f for f in run_detector(detector, text) if f.entity == entity]
    assert found, f"{detector!r} found no {entity}"
    if count is not None:
        assert len(found) == count, f"{detector!r} found {len(found)} {entity}, expected {count}"
    return found


def assert_not_detects(detector: Detector, text: str, entity: str | None = None) -> None:
    """Assert the detector finds nothing (of ``entity``, if given) in ``text``."""
    found = [f for f in run_detector(detector, text) if entity is None or f.entity == entity]
    assert not found, f"{detector!r} found {[(f.entity, f.start, f.end) for f in found]}"
