"""The plugin manager: built-ins and third-party plugins through one front door.

:func:`make_plugin_manager` registers the built-in plugin modules listed in
:data:`DEFAULT_PLUGINS` exactly as it loads third-party distributions from the ``dlpmilter``
entry-point group. :func:`load_registry` calls every ``dlp_register_*`` hook once and returns a
:class:`Registry` of the classes they returned. Set ``DLPMILTER_TRACE_PLUGINS=1`` to log every
hook call.
"""

from __future__ import annotations

import importlib
import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import pluggy

from dlpmilter import hookspecs
from dlpmilter.errors import PluginError

log = logging.getLogger(__name__)

#: Entry-point group (and pluggy project name) of third-party plugins.
ENTRY_POINT_GROUP = "dlpmilter"

#: Built-in plugin modules, registered like third-party ones. Each implements some
#: ``dlp_register_*`` hooks.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "dlpmilter.detectors.builtin",
    "dlpmilter.extract.builtin",
    "dlpmilter.actions.builtin",
    "dlpmilter.audit.builtin",
)


def make_plugin_manager(
    *,
    load_entrypoints: bool = True,
    extra: tuple[object, ...] = (),
    names: tuple[str, ...] = (),
) -> pluggy.PluginManager:
    """Build the plugin manager with the built-ins, the entry points and ``extra`` plugins.

    :param load_entrypoints: load third-party plugins from the ``dlpmilter`` group.
    :param extra: further plugin objects (tests register fakes here).
    :param names: names for the ``extra`` plugins, in order (default: pluggy's).
    :raises PluginError: naming the plugin that failed to import or broke a hookspec.
    """
    pm = pluggy.PluginManager(ENTRY_POINT_GROUP)
    pm.add_hookspecs(hookspecs)
    for name in DEFAULT_PLUGINS:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            raise PluginError(f"cannot import: {exc}", plugin=name) from exc
        _register(pm, module, name)
    if load_entrypoints:
        _load_entrypoints(pm)
    for index, plugin in enumerate(extra):
        _register(pm, plugin, names[index] if index < len(names) else None)
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        name = pm.get_name(exc.plugin) or repr(exc.plugin)
        raise PluginError(str(exc), plugin=name) from exc
    if os.environ.get("DLPMILTER_TRACE_PLUGINS") == "1":
        pm.trace.root.setwriter(log.debug)
        pm.enable_tracing()
    return pm


def _register(pm: pluggy.PluginManager, plugin: object, name: str | None) -> None:
    label = name or str(getattr(plugin, "__name__", repr(plugin)))
    try:
        pm.register(plugin, name=name)
    except pluggy.PluginValidationError as exc:
        raise PluginError(str(exc), plugin=label) from exc


def _load_entrypoints(pm: pluggy.PluginManager) -> None:
    from importlib.metadata import entry_points

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        if pm.get_plugin(ep.name) is not None or pm.is_blocked(ep.name):
            continue
        try:
            plugin = ep.load()
        except Exception as exc:
            raise PluginError(
                f"cannot load entry point {ep.value!r}: {type(exc).__name__}: {exc}",
                plugin=ep.name,
            ) from exc
        _register(pm, plugin, ep.name)


@dataclass(frozen=True, slots=True)
class Registry:
    """Every type the plugins registered, keyed by name. Built once at start-up."""

    detectors: Mapping[str, type[Any]]
    validators: Mapping[str, Callable[[str], bool]]
    extractors: Mapping[str, type[Any]]
    actions: Mapping[str, type[Any]]
    audit_sinks: Mapping[str, type[Any]]
    plugins: tuple[str, ...]


def load_registry(pm: pluggy.PluginManager | None = None) -> Registry:
    """Call each ``dlp_register_*`` hook once and merge the results.

    :raises PluginError: when a hook raises, returns something that is not a mapping, or two
        plugins register the same name.
    """
    pm = pm or make_plugin_manager()
    return Registry(
        detectors=_collect(pm, "dlp_register_detectors"),
        validators=_collect(pm, "dlp_register_validators"),
        extractors=_collect(pm, "dlp_register_extractors"),
        actions=_collect(pm, "dlp_register_actions"),
        audit_sinks=_collect(pm, "dlp_register_audit_sinks"),
        plugins=tuple(sorted(name for name, _ in pm.list_name_plugin())),
    )


def _collect(pm: pluggy.PluginManager, hook_name: str) -> Mapping[str, Any]:
    merged: dict[str, Any] = {}
    owner: dict[str, str] = {}
    hook = getattr(pm.hook, hook_name)
    for impl in hook.get_hookimpls():
        plugin_name = impl.plugin_name
        try:
            result = impl.function()
        except Exception as exc:
            raise PluginError(
                f"{type(exc).__name__}: {exc}", plugin=plugin_name, hook=hook_name
            ) from exc
        if result is None:
            continue
        if not isinstance(result, Mapping):
            raise PluginError(
                f"returned {type(result).__name__}, expected a mapping of name to type",
                plugin=plugin_name,
                hook=hook_name,
            )
        for key, value in result.items():
            if not isinstance(key, str) or not key:
                raise PluginError(
                    f"registered a non-string name {key!r}", plugin=plugin_name, hook=hook_name
                )
            if key in merged:
                raise PluginError(
                    f"{key!r} is already registered by plugin {owner[key]!r}",
                    plugin=plugin_name,
                    hook=hook_name,
                )
            merged[key] = value
            owner[key] = plugin_name
    return MappingProxyType(merged)
