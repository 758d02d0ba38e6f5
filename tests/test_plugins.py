"""The plugin manager: built-ins and entry points through one door, errors that name the plugin."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import dlpmilter
from dlpmilter import hookimpl, hookspecs
from dlpmilter.errors import PluginError
from dlpmilter.plugins import DEFAULT_PLUGINS, load_registry, make_plugin_manager

ROOT = Path(__file__).resolve().parents[1]


class _Returns:
    def __init__(self, value: Any) -> None:
        self.value = value

    @hookimpl
    def dlp_register_detectors(self) -> Any:
        return self.value


def test_builtins_are_registered_like_plugins() -> None:
    pm = make_plugin_manager(load_entrypoints=False)
    names = {name for name, _ in pm.list_name_plugin()}
    assert set(DEFAULT_PLUGINS) <= names
    registry = load_registry(pm)
    assert "jsonl" in registry.audit_sinks


def test_example_plugin_is_loaded_through_its_entry_point() -> None:
    eps = {ep.name: ep.value for ep in metadata.entry_points(group="dlpmilter")}
    assert eps.get("employee_id") == "dlpmilter_employee_id"
    registry = load_registry(make_plugin_manager())
    assert "employee_id" in registry.plugins
    assert registry.detectors["employee_id"].__module__ == "dlpmilter_employee_id"
    assert "employee_id_check" in registry.validators
    assert "employee_id" not in load_registry(make_plugin_manager(load_entrypoints=False)).detectors


def test_hook_not_in_spec_names_the_plugin() -> None:
    class Bad:
        @hookimpl
        def dlp_register_detectorz(self) -> Mapping[str, type]:
            return {}

    with pytest.raises(PluginError, match="plugin 'bad-plugin'") as info:
        make_plugin_manager(load_entrypoints=False, extra=(Bad(),), names=("bad-plugin",))
    assert "dlp_register_detectorz" in str(info.value)


def test_hook_that_raises_names_plugin_and_hook() -> None:
    class Raises:
        @hookimpl
        def dlp_register_actions(self) -> Mapping[str, type]:
            raise RuntimeError("boom")

    pm = make_plugin_manager(load_entrypoints=False, extra=(Raises(),), names=("raiser",))
    with pytest.raises(
        PluginError, match=r"plugin 'raiser', hook dlp_register_actions: RuntimeError: boom"
    ):
        load_registry(pm)


def test_duplicate_names_are_refused() -> None:
    first, second = _Returns({"dup": object}), _Returns({"dup": object})
    pm = make_plugin_manager(load_entrypoints=False, extra=(first, second), names=("one", "two"))
    with pytest.raises(PluginError, match="'dup' is already registered by plugin"):
        load_registry(pm)


@pytest.mark.parametrize("value", [["pattern"], "pattern", {"": object}, {1: object}])
def test_hook_returning_garbage_is_refused(value: Any) -> None:
    pm = make_plugin_manager(load_entrypoints=False, extra=(_Returns(value),), names=("garbage",))
    with pytest.raises(PluginError, match="plugin 'garbage', hook dlp_register_detectors"):
        load_registry(pm)


def test_entry_point_that_fails_to_import_stops_start_up(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = metadata.EntryPoint(name="broken", value="no_such_module_xyz", group="dlpmilter")
    monkeypatch.setattr(metadata, "entry_points", lambda group: [broken])
    with pytest.raises(
        PluginError, match="plugin 'broken': cannot load entry point 'no_such_module_xyz'"
    ):
        make_plugin_manager()


def test_every_hook_is_documented() -> None:
    """docs/plugins.md has a heading and the literal signature of every hook."""
    doc = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    hooks = [
        name
        for name, _ in inspect.getmembers(hookspecs, inspect.isfunction)
        if name.startswith("dlp_")
    ]
    assert hooks
    for name in hooks:
        params = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
        assert f"### `{name}`" in doc, f"docs/plugins.md has no heading for {name}"
        assert f"{name}({params})" in doc, f"docs/plugins.md lacks the signature of {name}"


def test_public_api_is_pinned() -> None:
    assert dlpmilter.__all__ == sorted(dlpmilter.__all__)
    assert set(dlpmilter.__all__) == {
        "Action", "ActionError", "ActionHandler", "ActionParams", "AuditError", "AuditSink",
        "Budget", "BuildContext", "Child", "ConfigError", "Confidence", "DetectionError",
        "Detector", "DetectorParams", "DlpError", "Envelope", "Extracted", "ExtractionError",
        "Extractor", "Fact", "Finding", "Message", "Part", "PluginError", "RuleHit",
        "RulePackError", "ScanContext", "Verdict", "hookimpl",
    }  # fmt: skip


def test_example_plugin_is_used_by_a_rule_pack(tmp_path: Path) -> None:
    """The plugin's site pack loads through the entry point and its pack tests pass."""
    from dlpmilter.cli import main

    pack_dir = ROOT / "plugins" / "dlpmilter-employee-id" / "rules"
    env = {"DLPMILTER_LOCAL_RULES_DIR": str(pack_dir), "DLPMILTER_STATE_DIR": str(tmp_path)}
    with pytest.MonkeyPatch.context() as mp:
        for key, value in env.items():
            mp.setenv(key, value)
        assert main(["rules", "test", "employee-id"]) == 0


def test_example_plugin_pack_finds_staff_lists(tmp_path: Path) -> None:
    from dlpmilter.inspector import Inspector
    from dlpmilter.settings import load_settings

    pack_dir = ROOT / "plugins" / "dlpmilter-employee-id" / "rules"
    settings = load_settings(
        environ={}, overrides={"local_rules_dir": str(pack_dir), "state_dir": str(tmp_path)}
    )
    raw = (
        b"From: hr@clinic.example\r\nTo: v@payroll.example\r\nSubject: badges\r\n\r\n"
        b"Employee badges: EMP-483920-T, EMP-100000-L, EMP-100001-C\r\n"
    )
    verdict = Inspector(settings).inspect(raw).verdict
    assert verdict.labels == ("STAFF_IDS",)
    assert {f.detector for f in verdict.findings if f.entity == "EMPLOYEE_ID"} >= {"employee_ids"}
    assert verdict.action.label == "encrypt"
