"""Policy snapshots: workers build from validated private copies of the pack directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from dlpmilter.errors import ConfigError
from dlpmilter.settings import Settings, load_settings
from dlpmilter.snapshots import PolicySnapshots


def settings_for(tmp_path: Path, local: bool = True) -> Settings:
    shipped, site = tmp_path / "rules", tmp_path / "site"
    shipped.mkdir(exist_ok=True)
    (shipped / "a.yaml").write_text("pack: a\n")
    (shipped / "vocab").mkdir(exist_ok=True)
    (shipped / "vocab" / "terms.txt").write_text("term\n")
    overrides = {"state_dir": str(tmp_path / "state"), "rules_dir": str(shipped)}
    if local:
        site.mkdir(exist_ok=True)
        (site / "b.yaml").write_text("pack: b\n")
        overrides["local_rules_dir"] = str(site)
    return load_settings(overrides=overrides, environ={})


def test_a_snapshot_is_a_frozen_copy(tmp_path: Path) -> None:
    """Edits to the live directories after the snapshot do not reach it."""
    settings = settings_for(tmp_path)
    snaps = PolicySnapshots(settings)
    snap = snaps.take()
    assert Path(snap["rules_dir"]) != Path(settings["rules_dir"])
    (tmp_path / "rules" / "a.yaml").write_text("pack: changed\n")
    assert (Path(snap["rules_dir"]) / "a.yaml").read_text() == "pack: a\n"
    assert (Path(snap["rules_dir"]) / "vocab" / "terms.txt").exists()
    assert (Path(snap["local_rules_dir"]) / "b.yaml").read_text() == "pack: b\n"
    assert snap["state_dir"] == settings["state_dir"]


def test_empty_local_dir_stays_empty(tmp_path: Path) -> None:
    """No site packs: nothing to copy."""
    snap = PolicySnapshots(settings_for(tmp_path, local=False)).take()
    assert snap["local_rules_dir"] == ""


def test_only_the_two_newest_live_snapshots_are_kept(tmp_path: Path) -> None:
    """activate() keeps the running snapshot and its predecessor; discard() removes a failed one."""
    snaps = PolicySnapshots(settings_for(tmp_path))
    taken = [snaps.take() for _ in range(3)]
    for snap in taken:
        snaps.activate(snap)
    assert not Path(taken[0]["rules_dir"]).exists()
    assert Path(taken[1]["rules_dir"]).exists() and Path(taken[2]["rules_dir"]).exists()
    failed = snaps.take()
    snaps.discard(failed)
    assert not Path(failed["rules_dir"]).exists()
    assert Path(taken[2]["rules_dir"]).exists()


def test_errors_name_the_files_operators_edited(tmp_path: Path) -> None:
    """Paths inside a snapshot are shown as the source paths."""
    settings = settings_for(tmp_path)
    snaps = PolicySnapshots(settings)
    snap = snaps.take()
    message = f"{snap['rules_dir']}/a.yaml:3: rule x: params: bad"
    assert snaps.explain(message, snap) == f"{settings['rules_dir']}/a.yaml:3: rule x: params: bad"


def test_a_missing_pack_directory_is_a_config_error(tmp_path: Path) -> None:
    """The setting is named."""
    settings = load_settings(
        overrides={"state_dir": str(tmp_path), "rules_dir": str(tmp_path / "nope")}, environ={}
    )
    with pytest.raises(ConfigError, match="rules_dir"):
        PolicySnapshots(settings).take()


def test_leftovers_of_dead_processes_are_cleared_and_live_ones_kept(tmp_path: Path) -> None:
    """A new instance removes copies of processes that no longer run, not those of one that
    does (a `serve --check` next to the running service)."""
    settings = settings_for(tmp_path)
    policy = tmp_path / "state" / "policy"
    (policy / "999999999" / "1").mkdir(parents=True)  # no such process
    (policy / "1" / "1").mkdir(parents=True)  # pid 1 always runs
    snaps = PolicySnapshots(settings)
    snap = snaps.take()
    assert not (policy / "999999999").exists()
    assert (policy / "1" / "1").exists()
    assert Path(snap["rules_dir"]).is_relative_to(policy / str(os.getpid()))
    snaps.close()
    assert not (policy / str(os.getpid())).exists()
