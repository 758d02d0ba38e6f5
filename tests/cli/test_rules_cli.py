"""``dlpmilter rules check|test|schema|list``."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlpmilter import message
from dlpmilter.cli import main
from dlpmilter.rulepack import json_schema

ROOT = Path(__file__).resolve().parents[2]


def test_check_shipped_packs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("ok: ") and "version " in out


def test_check_reports_file_line_rule_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.yaml").write_text(
        "pack: bad\nclassifications:\n  - id: c\n    label: PHI\n    condition: {entity: NOPE}\n"
    )
    assert main(["rules", "check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{tmp_path / 'bad.yaml'}:5: rule c: condition.entity: unknown entity 'NOPE'" in out


def test_check_missing_directory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "check", str(tmp_path / "none")]) == 1
    assert "not a directory" in capsys.readouterr().out


def test_schema_prints_the_committed_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "schema"]) == 0
    out = capsys.readouterr().out
    assert out == json_schema() == (ROOT / "rules" / "schema.json").read_text()


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "list"]) == 0
    out = capsys.readouterr().out
    assert "pack hipaa" in out and "classification phi-strong-identifier-with-health -> PHI" in out
    assert "policy pci-block -> block" in out


def test_unknown_pack_for_test_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "test", "nosuchpack"]) == 2
    assert "no loaded pack named nosuchpack" in capsys.readouterr().err


needs_parser = pytest.mark.skipif(
    not hasattr(message, "parse"), reason="message.parse not available yet"
)


@needs_parser
def test_shipped_pack_tests_pass(capsys: pytest.CaptureFixture[str]) -> None:
    """Every example message the shipped packs carry gets its expected outcome."""
    code = main(["rules", "test", "-v"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "FAIL" not in out and " 0 failed" in out


@needs_parser
def test_failing_pack_test_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "mine.yaml").write_text(
        'pack: mine\ntests:\n  - name: wrong\n    message: "Subject: hi\\n\\nhello\\n"\n'
        "    expect: {action: block}\n"
    )
    assert main(["rules", "--local", str(tmp_path), "test", "mine"]) == 1
    out = capsys.readouterr().out
    assert "FAIL mine/wrong: action deliver, expected block" in out


def test_check_a_site_directory_with_the_shipped_packs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A site pack may refer to shipped labels and override shipped rules by id."""
    (tmp_path / "site.yaml").write_text(
        "pack: site\npolicies:\n  - {id: phi-encrypt, labels: [PHI], action: portal}\n"
        "  - {id: pci-block, enabled: false}\n  - {id: pci-quarantine, labels: [PCI], action: quarantine}\n"
    )
    assert main(["rules", "check", str(tmp_path)]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    assert main(["rules", "check", str(ROOT / "rules")]) == 0
