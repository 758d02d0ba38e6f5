"""Private copies of the rule pack directories, one per policy generation.

The inspection workers build their policy from a snapshot taken (and validated) by the service,
never from the live directories: an edit on disk changes nothing until SIGHUP, a worker recycled
between an edit and the reload builds exactly what the others run, and a reload swaps every
worker to the same validated copy. Snapshots live under ``<state_dir>/policy/<pid>/<n>/`` (so a
``serve --check`` next to a running service leaves the service's copies alone); the two newest
are kept, and directories of processes that no longer run are removed.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from dlpmilter.errors import ConfigError
from dlpmilter.settings import Settings

#: The settings naming rule pack directories.
PACK_DIRS = ("rules_dir", "local_rules_dir")


class PolicySnapshots:
    """Takes and prunes snapshots for one set of settings.

    :param settings: the settings as loaded; their pack directories are the sources.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.base = settings.state_dir / "policy" / str(os.getpid())
        self.count = 0
        self.live: list[Path] = []
        for stale in self.base.parent.iterdir() if self.base.parent.exists() else ():
            if stale == self.base or not _running(stale.name):
                shutil.rmtree(stale, ignore_errors=True)

    def take(self) -> Settings:
        """Copy the pack directories now; settings that point at the copies.

        :raises ConfigError: when a pack directory cannot be copied.
        """
        self.count += 1
        target = self.base / str(self.count)
        values = dict(self.settings)
        for name in PACK_DIRS:
            source = str(self.settings[name] or "")
            if not source:
                continue
            try:
                shutil.copytree(source, target / name, symlinks=False)
            except OSError as exc:
                shutil.rmtree(target, ignore_errors=True)
                raise ConfigError(
                    f"setting {name!r}: cannot read {source}: {exc.strerror or exc}"
                ) from exc
            values[name] = str(target / name)
        return Settings(values, source=self.settings.source)

    def discard(self, snapshot: Settings) -> None:
        """Remove a snapshot that failed validation."""
        self._remove(self._root(snapshot))

    def activate(self, snapshot: Settings) -> None:
        """Record that the workers now run ``snapshot``; keep it and the one before, remove
        older ones."""
        root = self._root(snapshot)
        if root is not None:
            self.live.append(root)
        while len(self.live) > 2:
            self._remove(self.live.pop(0))

    def explain(self, text: str, snapshot: Settings) -> str:
        """``text`` (an error message) with the snapshot's paths replaced by the source paths,
        so operators see the file they edited."""
        for name in PACK_DIRS:
            copy, source = str(snapshot[name] or ""), str(self.settings[name] or "")
            if copy and source and copy != source:
                text = text.replace(copy, source)
        return text

    def close(self) -> None:
        """Remove every snapshot of this process."""
        shutil.rmtree(self.base, ignore_errors=True)
        self.live.clear()

    def _root(self, snapshot: Settings) -> Path | None:
        for name in PACK_DIRS:
            value = str(snapshot[name] or "")
            if value and Path(value).parent.parent == self.base:
                return Path(value).parent
        return None

    def _remove(self, path: Path | None) -> None:
        if path is not None:
            shutil.rmtree(path, ignore_errors=True)


def _running(name: str) -> bool:
    """Whether ``name`` is the pid of a live process."""
    if not name.isdigit():
        return False
    try:
        os.kill(int(name), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
