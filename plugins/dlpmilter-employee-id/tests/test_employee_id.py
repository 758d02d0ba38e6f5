"""The example plugin's own tests, written with dlpmilter.testing."""

from __future__ import annotations

import pytest
from dlpmilter_employee_id import EmployeeIdDetector, employee_id_check

from dlpmilter.testing import assert_detects, assert_not_detects, build_detector

# 483920 % 23 == 0 -> "T"; 100000 % 23 == 19 -> "L"
VALID = ("EMP483920T", "EMP100000L")


@pytest.mark.parametrize("value", VALID)
def test_valid_ids_pass_the_check(value: str) -> None:
    assert employee_id_check(value)


@pytest.mark.parametrize("value", ["EMP483920K", "EMP48392T", "XYZ483920T", ""])
def test_invalid_ids_fail_the_check(value: str) -> None:
    assert not employee_id_check(value)


def test_detector_finds_ids_and_raises_score_with_hotword() -> None:
    detector = build_detector(EmployeeIdDetector, id="emp")
    plain = assert_detects(detector, "Ref EMP-483920-T attached", "EMPLOYEE_ID", count=1)[0]
    hot = assert_detects(detector, "Employee EMP-483920-T attached", "EMPLOYEE_ID", count=1)[0]
    assert plain.score == pytest.approx(0.6)
    assert hot.score == pytest.approx(0.9)
    assert "hotword:employee" in hot.evidence
    assert "483920" not in hot.preview


def test_detector_ignores_wrong_check_letters_and_embedded_ids() -> None:
    detector = build_detector(EmployeeIdDetector, id="emp")
    assert_not_detects(detector, "EMP-483920-K and XEMP-483920-T1", "EMPLOYEE_ID")
