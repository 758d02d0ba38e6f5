"""One inspector for the whole evasion suite: building it (rule packs, vocabularies, models)
costs seconds, inspecting a message milliseconds."""

from __future__ import annotations

import pytest

from dlpmilter.inspector import Inspector
from dlpmilter.settings import load_settings


@pytest.fixture(scope="session")
def inspector(tmp_path_factory: pytest.TempPathFactory) -> Inspector:
    """An inspector on the shipped settings, with its state under a temporary directory."""
    state = tmp_path_factory.mktemp("evasion-state")
    return Inspector(load_settings(overrides={"state_dir": str(state)}))
