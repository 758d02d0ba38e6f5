"""Settings load from defaults, a TOML file and the environment, and are all documented."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlpmilter.errors import ConfigError
from dlpmilter.settings import SETTINGS, load_settings, render_markdown

ROOT = Path(__file__).resolve().parents[1]


def test_defaults_need_no_file() -> None:
    settings = load_settings(environ={})
    assert settings["max_depth"] == 10
    assert settings.source == "<defaults>"


def test_file_then_environment_then_overrides(tmp_path: Path) -> None:
    conf = tmp_path / "dlpmilter.toml"
    conf.write_text(
        'max_depth = 4\nworkers = 3\naudit_sinks = ["jsonl", "syslog"]\n', encoding="utf-8"
    )
    settings = load_settings(
        conf,
        environ={"DLPMILTER_WORKERS": "5", "DLPMILTER_ADD_HEADERS": "yes"},
        overrides={"max_parts": 7},
    )
    assert settings["max_depth"] == 4
    assert settings["workers"] == 5
    assert settings["add_headers"] is True
    assert settings["audit_sinks"] == ["jsonl", "syslog"]
    assert settings["max_parts"] == 7
    assert settings.source == str(conf)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("max_dept = 4\n", "unknown setting 'max_dept'"),
        ('max_depth = "deep"\n', "setting 'max_depth': expected int, got 'deep'"),
        ("add_headers = 3\n", "setting 'add_headers': expected bool"),
        ("audit_sinks = [1]\n", "setting 'audit_sinks': expected list"),
        ("max_depth = \n", "not valid TOML"),
    ],
)
def test_bad_file_names_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    conf = tmp_path / "bad.toml"
    conf.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=str(conf)) as info:
        load_settings(conf, environ={})
    assert message in str(info.value)


def test_bad_environment_names_the_variable() -> None:
    with pytest.raises(ConfigError, match="DLPMILTER_WORKERS: setting 'workers': expected int"):
        load_settings(environ={"DLPMILTER_WORKERS": "many"})


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read settings"):
        load_settings(tmp_path / "none.toml", environ={})


def test_every_setting_is_documented_and_the_page_is_current() -> None:
    doc = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    for setting in SETTINGS:
        assert f"| `{setting.name}` |" in doc
    assert doc == render_markdown(), "docs/settings.md is stale: run `make docs`"


def test_setting_names_are_unique() -> None:
    names = [s.name for s in SETTINGS]
    assert len(names) == len(set(names))
