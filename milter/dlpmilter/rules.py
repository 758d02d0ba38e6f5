"""Rule packs in, a compiled :class:`~dlpmilter.policy.Policy` out.

:func:`load_policy` reads the shipped packs (setting ``rules_dir``), then the site's packs
(setting ``local_rules_dir``), which override shipped detectors, classifications and policies by
id (``enabled: false`` switches one off). Everything is validated here, once: unknown keys,
detector types and params, regexes (compiled by the detectors' constructors), entity names, fact
kinds, labels that no classification gives, test files that do not exist. Any problem is a
:class:`~dlpmilter.errors.RulePackError` naming file, line, rule and field; a broken pack stops
start-up, and :class:`PolicyHolder` keeps the last good policy when a reload fails.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from dlpmilter.detectors.base import BuildContext, Detector
from dlpmilter.detectors.prefilter import SHARED as PREFILTER
from dlpmilter.errors import ConfigError, RulePackError
from dlpmilter.message import FACT_KINDS
from dlpmilter.plugins import Registry
from dlpmilter.policy import ENGINE_FACTS, Classification, PackCase, PackInfo, Policy, PolicyRule
from dlpmilter.rulepack import Condition, LineMap, PackFile, locate, read_pack

log = logging.getLogger(__name__)

#: The entity names of the shared contract; detector types may add their own (``entities``).
CONTRACT_ENTITIES = frozenset(
    {
        "PERSON", "DATE_TIME", "LOCATION", "PHONE_NUMBER", "EMAIL_ADDRESS", "US_SSN",
        "CREDIT_CARD", "IP_ADDRESS", "URL", "US_DRIVER_LICENSE", "US_PASSPORT", "US_BANK_NUMBER",
        "IBAN_CODE", "MEDICAL_LICENSE", "MEDICAL_RECORD_NUMBER", "HEALTH_PLAN_ID", "US_MBI",
        "US_NPI", "US_DEA", "US_ABA_ROUTING", "ICD10_CODE", "NDC_CODE", "MEDICAL_TERM",
        "DATE_OF_BIRTH",
    }
)  # fmt: skip

_SECTIONS = ("detectors", "classifications", "policies")
_FACTS = (*FACT_KINDS, *ENGINE_FACTS)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Source:
    """One read pack file and where it came from."""

    pack: PackFile
    path: Path
    raw: bytes
    lines: LineMap
    data: Mapping[str, Any]
    local: bool

    def where(self, loc: tuple[str | int, ...]) -> dict[str, Any]:
        """``RulePackError`` keyword arguments for a location inside this pack."""
        line, rule, field_path = locate(self.lines, dict(self.data), loc)
        return {"path": self.path, "line": line, "rule": rule, "field": field_path or None}


@dataclass(frozen=True, slots=True, kw_only=True)
class _Entry:
    """A rule (detector, classification or policy) and the pack it came from."""

    spec: Any
    source: _Source
    index: int


def pack_files(directory: Path) -> list[Path]:
    """The pack files of a directory: ``*.yaml`` and ``*.yml``, sorted by name."""
    if not directory.is_dir():
        raise RulePackError("not a directory of rule packs", path=directory)
    return sorted(p for p in directory.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file())


def _read(path: Path, *, local: bool) -> _Source:
    pack, raw, lines, data = read_pack(path)
    return _Source(pack=pack, path=path, raw=raw, lines=lines, data=data, local=local)


def _merge(sources: Sequence[_Source], section: str) -> list[_Entry]:
    """Rules of one section by id: a shipped id twice is an error, a local id replaces."""
    merged: dict[str, _Entry] = {}
    for source in sources:
        for index, spec in enumerate(getattr(source.pack, section)):
            previous = merged.get(spec.id)
            if previous is not None and not (source.local and not previous.source.local):
                raise RulePackError(
                    f"id already defined in {previous.source.path.name}",
                    **source.where((section, index, "id")),
                )
            merged[spec.id] = _Entry(spec=spec, source=source, index=index)
    return [e for e in merged.values() if e.spec.enabled]


def _context(
    entry: _Entry, registry: Registry, settings: Mapping[str, Any], salt: bytes
) -> BuildContext:
    kwargs: dict[str, Any] = {
        "base_dir": entry.source.path.parent,
        "salt": salt,
        "settings": settings,
    }
    if "validators" in {f.name for f in fields(BuildContext)}:
        kwargs["validators"] = registry.validators
    return BuildContext(**kwargs)


def _validated_params(model: Any, entry: _Entry, here: tuple[str | int, ...], owner: str) -> Any:
    """An entry's ``params`` checked by a parameter model (a detector type's, an action's).

    :param owner: what the model belongs to, for the error (``type 'pattern'``).
    :raises RulePackError: naming the file, line, rule and the field that is wrong.
    """
    try:
        return model.model_validate(entry.spec.params)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = (*here, "params", *(p for p in first["loc"] if isinstance(p, int | str)))
        problem = first["msg"].removeprefix("Value error, ")
        if first["type"] == "extra_forbidden":
            problem = f"unknown parameter {loc[-1]!r} for {owner}"
        raise RulePackError(problem, **entry.source.where(loc)) from None


def _build_detector(
    entry: _Entry, registry: Registry, settings: Mapping[str, Any], salt: bytes
) -> Detector:
    spec = entry.spec
    here = ("detectors", entry.index)
    cls = registry.detectors.get(spec.type)
    if cls is None:
        known = ", ".join(sorted(registry.detectors)) or "none"
        raise RulePackError(
            f"unknown detector type {spec.type!r} (known: {known})",
            **entry.source.where((*here, "type")),
        )
    params = _validated_params(cls.Params, entry, here, f"type {spec.type!r}")
    try:
        detector: Detector = cls(
            id=spec.id, params=params, context=_context(entry, registry, settings, salt)
        )
    except RulePackError:
        raise
    except (ConfigError, ValueError, OSError) as exc:
        raise RulePackError(
            f"cannot build: {exc}", **entry.source.where((*here, "params"))
        ) from None
    return detector


def _check_condition(
    cond: Condition, loc: tuple[str | int, ...], known: frozenset[str], source: _Source
) -> None:
    for name in cond.entities:
        if name not in known:
            raise RulePackError(
                f"unknown entity {name!r} (known: {', '.join(sorted(known))})",
                **source.where((*loc, "entity")),
            )
    for kind in cond.facts:
        if kind not in _FACTS:
            raise RulePackError(
                f"unknown fact {kind!r} (known: {', '.join(_FACTS)})",
                **source.where((*loc, "fact")),
            )
    for key, children in (("all", cond.all_), ("any", cond.any_)):
        for i, child in enumerate(children or ()):
            _check_condition(child, (*loc, key, i), known, source)
    if cond.not_ is not None:
        _check_condition(cond.not_, (*loc, "not"), known, source)
    if cond.near is not None:
        _check_condition(cond.near.of, (*loc, "near", "of"), known, source)
        _check_condition(cond.near.to, (*loc, "near", "to"), known, source)


def _classifications(
    entries: Iterable[_Entry], known: frozenset[str]
) -> tuple[Classification, ...]:
    out = []
    for entry in entries:
        here = ("classifications", entry.index)
        _check_condition(entry.spec.condition, (*here, "condition"), known, entry.source)
        for i, evidence in enumerate(entry.spec.evidence):
            for name in evidence.entities:
                if name not in known:
                    raise RulePackError(
                        f"unknown entity {name!r}",
                        **entry.source.where((*here, "evidence", i, "entity")),
                    )
        out.append(Classification(spec=entry.spec, pack=entry.source.pack.pack))
    return tuple(out)


def _check_action_params(entry: _Entry, registry: Registry, here: tuple[str | int, ...]) -> None:
    """A policy's ``params`` must be valid for its action type's parameter model."""
    spec = entry.spec
    cls = registry.actions.get(str(spec.action)) if spec.action else None
    model = getattr(cls, "Params", None)
    if model is None or not spec.params:
        return
    _validated_params(model, entry, here, f"action {spec.action!r}")


def _policy_rules(
    entries: Iterable[_Entry], labels: frozenset[str], registry: Registry
) -> tuple[PolicyRule, ...]:
    out = []
    for entry in entries:
        here = ("policies", entry.index)
        _check_action_params(entry, registry, here)
        for i, label in enumerate(entry.spec.labels):
            if label not in labels:
                known = ", ".join(sorted(labels)) or "none"
                raise RulePackError(
                    f"no enabled classification gives label {label!r} (labels: {known})",
                    **entry.source.where((*here, "labels", i)),
                )
        for i, kind in enumerate(entry.spec.facts):
            if kind not in _FACTS:
                raise RulePackError(
                    f"unknown fact {kind!r}", **entry.source.where((*here, "facts", i))
                )
        out.append(PolicyRule(spec=entry.spec, pack=entry.source.pack.pack))
    return tuple(out)


def _tests(sources: Sequence[_Source]) -> tuple[PackCase, ...]:
    out = []
    for source in sources:
        for index, test in enumerate(source.pack.tests):
            if test.file is not None and not (source.path.parent / test.file).is_file():
                raise RulePackError(
                    f"test message {test.file!r} not found next to the pack",
                    **source.where(("tests", index, "file")),
                )
            out.append(PackCase(spec=test, pack=source.pack.pack, base_dir=source.path.parent))
    return tuple(out)


def _version(sources: Sequence[_Source]) -> str:
    sha = hashlib.sha256()
    for source in sources:
        sha.update(source.path.name.encode("utf-8") + b"\0" + source.raw + b"\0")
    return sha.hexdigest()[:12]


def load_packs(
    paths: Sequence[Path],
    registry: Registry,
    settings: Mapping[str, Any],
    *,
    local_paths: Sequence[Path] = (),
    salt: bytes = b"",
) -> Policy:
    """Load pack files into a policy: ``paths`` are shipped packs, ``local_paths`` override by id.

    :raises RulePackError: for the first problem found, naming file, line, rule and field.
    """
    sources = [_read(p, local=False) for p in paths] + [_read(p, local=True) for p in local_paths]
    known = CONTRACT_ENTITIES | {
        e for cls in registry.detectors.values() for e in getattr(cls, "entities", ())
    }
    merged = {section: _merge(sources, section) for section in _SECTIONS}
    known |= {e for d in merged["detectors"] if isinstance(e := d.spec.params.get("entity"), str)}
    classifications = _classifications(merged["classifications"], frozenset(known))
    rules = _policy_rules(merged["policies"], frozenset(c.label for c in classifications), registry)
    tests = _tests(sources)
    # Cheap checks first; building detectors (automata, models) last.
    detectors = tuple(_build_detector(e, registry, settings, salt) for e in merged["detectors"])
    PREFILTER.consolidate()
    internal = sorted({d.lower().lstrip(".") for s in sources for d in s.pack.internal_domains})
    personal = sorted({d.lower().lstrip(".") for s in sources for d in s.pack.personal_domains})
    phones = tuple(
        "".join(ch for ch in p if ch.isdigit()) for p in settings.get("organisation_phones", ())
    )
    return Policy(
        version=_version(sources),
        detectors=detectors,
        classifications=classifications,
        rules=rules,
        internal_domains=tuple(internal),
        organisation_domains=tuple(d.lower() for d in settings.get("organisation_domains", ())),
        organisation_phones=tuple(p for p in phones if p),
        personal_domains=tuple(personal),
        packs=tuple(
            PackInfo(
                id=s.pack.pack,
                version=s.pack.version,
                path=s.path,
                description=s.pack.description,
                local=s.local,
            )
            for s in sources
        ),
        tests=tests,
        salt=salt,
        time_budget_s=float(settings.get("message_time_budget_s", 20.0)),
    )


def site_salt(settings: Mapping[str, Any]) -> bytes:
    """The site's digest salt; a process-local random one when the salt file cannot be used
    (digests only compare values within one message, so nothing is lost but cross-process
    equality of digests)."""
    try:
        from dlpmilter.keyfile import site_salt as read_salt
        from dlpmilter.settings import Settings

        if isinstance(settings, Settings):
            return read_salt(settings)
    except (ImportError, ConfigError, OSError) as exc:
        log.warning("digest salt unavailable (%s); using a process-local salt", type(exc).__name__)
    return secrets.token_bytes(32)


def load_policy(
    settings: Mapping[str, Any], registry: Registry, *, salt: bytes | None = None
) -> Policy:
    """Load the shipped packs (``rules_dir``) and the site's (``local_rules_dir``).

    :raises RulePackError: for the first problem in any pack.
    """
    shipped = pack_files(Path(settings["rules_dir"]))
    local_dir = settings.get("local_rules_dir") or ""
    local = pack_files(Path(local_dir)) if local_dir else []
    if not shipped and not local:
        raise RulePackError("no rule packs found", path=settings["rules_dir"])
    return load_packs(
        shipped,
        registry,
        settings,
        local_paths=local,
        salt=site_salt(settings) if salt is None else salt,
    )


class PolicyHolder:
    """The current policy of a long-running process; a failed reload keeps the last good one.

    :param loader: builds a new policy (normally ``lambda: load_policy(settings, registry)``).
    """

    def __init__(self, loader: Any) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._policy: Policy = loader()

    @property
    def policy(self) -> Policy:
        """The policy in force."""
        return self._policy

    def reload(self) -> ConfigError | None:
        """Load the packs again. On success swap atomically and return ``None``; on failure keep
        the current policy and return the error (the caller logs it)."""
        try:
            policy = self._loader()
        except ConfigError as exc:
            log.error("rule packs not reloaded, keeping version %s: %s", self._policy.version, exc)
            return exc
        with self._lock:
            self._policy = policy
        log.info("rule packs reloaded: version %s", policy.version)
        return None
