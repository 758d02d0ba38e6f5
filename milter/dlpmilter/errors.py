"""The one exception tree of dlpmilter.

::

    DlpError
     ├── ConfigError            settings, rule packs and plugins that cannot be loaded
     │    ├── RulePackError     a rule pack: names the file, line, rule id and field path
     │    └── PluginError       a plugin: names the plugin and the hook
     ├── DetectionError         a detector failed on a message (the message is tempfailed)
     ├── ExtractionError        an extractor failed on a part (recorded as a fact, never raised out of parse)
     ├── ActionError            an action could not be carried out (the message is tempfailed)
     └── AuditError             an audit sink could not record, or a chain does not verify

Messages never carry matched text: only ids, counts, offsets and hashes.
"""

from __future__ import annotations

from pathlib import Path


class DlpError(Exception):
    """Root of every error dlpmilter raises on purpose."""


class ConfigError(DlpError):
    """Configuration (settings, packs, plugins, keys) that cannot be used. Blocks start-up."""


class RulePackError(ConfigError):
    """A rule pack that does not validate.

    :param path: the pack file.
    :param line: 1-based line of the offending node, when known.
    :param rule: the id of the detector, classification or policy at fault, when known.
    :param field: dotted path of the field inside that rule, when known.
    :param problem: what is wrong, in words a compliance officer can act on.
    """

    def __init__(
        self,
        problem: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        rule: str | None = None,
        field: str | None = None,
    ) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.rule = rule
        self.field = field
        self.problem = problem
        super().__init__(self._render())

    def _render(self) -> str:
        where = self.path or "<pack>"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.rule:
            parts.append(f"rule {self.rule}")
        if self.field:
            parts.append(self.field)
        parts.append(self.problem)
        return ": ".join(parts)


class PluginError(ConfigError):
    """A plugin that fails to import, breaks a hookspec or returns something unusable."""

    def __init__(self, problem: str, *, plugin: str, hook: str | None = None) -> None:
        self.plugin = plugin
        self.hook = hook
        where = f"plugin {plugin!r}" + (f", hook {hook}" if hook else "")
        super().__init__(f"{where}: {problem}")


class DetectionError(DlpError):
    """A detector failed while inspecting a message."""


class ExtractionError(DlpError):
    """An extractor could not read a part. Parsing turns it into a ``corrupt`` fact."""


class ActionError(DlpError):
    """An action could not be carried out."""


class AuditError(DlpError):
    """An audit sink could not write, or an audit chain does not verify."""
