"""The rule pack grammar: typed models of one ``rules/*.yaml`` file, read with line numbers.

A pack file has the top-level keys ``pack``, ``version``, ``description``, ``internal_domains``,
``detectors``, ``classifications``, ``policies`` and ``tests``. Every model forbids unknown keys,
so a misspelt field is an error at load time, never a silently ignored control.
:func:`read_pack` parses YAML with ``safe_load`` semantics while remembering the line of every
node, so that :class:`~dlpmilter.errors.RulePackError` can say
``file:line: rule <id>: <field path>: what is wrong``. ``rules/schema.json`` is generated from
:class:`PackFile` (:func:`json_schema`).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from dlpmilter.errors import RulePackError

#: Identifier of a detector, classification, policy or test: lower-case words and digits.
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]*$", max_length=80)]
#: A label such as ``PHI``: upper-case words.
Label = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]*$", max_length=40)]
ConfidenceName = Literal["low", "medium", "high"]
#: Regions of a part's text (see :mod:`dlpmilter.zones`).
ZoneName = Literal[
    "signature",
    "greeting",
    "reply_header",
    "quoted",
    "forwarded",
    "disclaimer",
    "provider",
    "addressed",
    "roster",
    "organisation",
    "staff",
]
LocationName = Literal["subject", "body", "attachment"]
ActionName = Literal["deliver", "tag", "encrypt", "portal", "quarantine", "tempfail", "block"]
Direction = Literal["outbound", "internal", "any"]

#: Keys of a condition that say what it tests; exactly one per condition.
OPERATORS = ("all", "any", "not", "entity", "near", "fact")
#: Keys that refine an ``entity`` condition.
ENTITY_MODIFIERS = (
    "min_count",
    "min_confidence",
    "distinct",
    "zone_exclude",
    "zone_only",
    "location",
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


def _as_tuple(value: str | Sequence[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


class Near(_Model):
    """Findings of ``of`` with a finding of ``to`` within ``window`` characters, same part."""

    of: Condition = Field(description="An entity condition: the findings that must be near.")
    to: Condition = Field(description="An entity condition: what they must be near.")
    window: int | None = Field(
        default=None,
        ge=1,
        le=100_000,
        description="Characters either side; default: the classification's window.",
    )

    @model_validator(mode="after")
    def _entity_sides(self) -> Near:
        if self.of.entity is None or self.to.entity is None:
            raise ValueError("'of' and 'to' must both be entity conditions")
        if set(self.of.entities) & set(self.to.entities):
            raise ValueError("'of' and 'to' must name different entities")
        return self


class Condition(_Model):
    """One node of the classification language. Exactly one of ``all``, ``any``, ``not``,
    ``entity``, ``near`` or ``fact``; the modifiers refine ``entity``."""

    all_: list[Condition] | None = Field(
        default=None, alias="all", min_length=1, description="Every condition holds."
    )
    any_: list[Condition] | None = Field(
        default=None, alias="any", min_length=1, description="At least one holds."
    )
    not_: Condition | None = Field(
        default=None, alias="not", description="The condition does not hold."
    )
    entity: str | list[str] | None = Field(
        default=None, description="Findings of this entity (or any of these)."
    )
    near: Near | None = Field(
        default=None, description="Proximity of two entity conditions in one part."
    )
    fact: str | list[str] | None = Field(
        default=None, description="The message has this fact (or any of these)."
    )
    min_count: int = Field(
        default=1, ge=1, description="How many findings (or distinct values) are needed."
    )
    min_confidence: ConfidenceName = Field(
        default="low", description="Lowest confidence band that counts."
    )
    distinct: bool = Field(
        default=False, description="Count distinct values (by digest), not findings."
    )
    zone_exclude: list[ZoneName] = Field(
        default_factory=list, description="Findings in these zones do not count."
    )
    zone_only: list[ZoneName] = Field(
        default_factory=list, description="Only findings in these zones count."
    )
    location: LocationName | list[LocationName] | None = Field(
        default=None, description="Only findings in these parts count."
    )

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"entity": data}
        return data

    @model_validator(mode="after")
    def _one_operator(self) -> Condition:
        present = [
            key
            for key, value in (
                ("all", self.all_),
                ("any", self.any_),
                ("not", self.not_),
                ("entity", self.entity),
                ("near", self.near),
                ("fact", self.fact),
            )
            if value is not None
        ]
        if len(present) != 1:
            raise ValueError(
                f"needs exactly one of {', '.join(OPERATORS)}; found {present or 'none'}"
            )
        if present[0] != "entity":
            used = [m for m in ENTITY_MODIFIERS if m in self.model_fields_set]
            if used:
                raise ValueError(f"{', '.join(used)} only refine an 'entity' condition")
        return self

    @property
    def entities(self) -> tuple[str, ...]:
        """The entity names of an ``entity`` condition."""
        return _as_tuple(self.entity)

    @property
    def facts(self) -> tuple[str, ...]:
        """The fact kinds of a ``fact`` condition."""
        return _as_tuple(self.fact)

    @property
    def locations(self) -> tuple[str, ...]:
        """The part kinds an ``entity`` condition is limited to (empty: all)."""
        return _as_tuple(self.location)


class DetectorSpec(_Model):
    """A detector instance: a registered ``type`` built with ``params``."""

    id: Id
    type: str | None = Field(default=None, description="A detector type registered by a plugin.")
    description: str = ""
    enabled: bool = True
    params: dict[str, Any] = Field(
        default_factory=dict, description="Validated by the type's Params model."
    )

    @model_validator(mode="after")
    def _typed(self) -> DetectorSpec:
        if self.enabled and not self.type:
            raise ValueError("an enabled detector needs a 'type'")
        return self


class Evidence(_Model):
    """Supporting evidence: findings of ``entity`` within the window raise a finding's score."""

    entity: str | list[str]
    boost: float = Field(
        default=0.2, gt=0.0, le=1.0, description="Added to the score, capped at 1."
    )
    zone_exclude: list[ZoneName] = Field(
        default_factory=list, description="Evidence in these zones does not count."
    )

    @property
    def entities(self) -> tuple[str, ...]:
        """The supporting entity names."""
        return _as_tuple(self.entity)


class ClassificationSpec(_Model):
    """A label (``PHI``, ``PII``, ``PCI``...) and the condition that gives it."""

    id: Id
    label: Label | None = None
    description: str = ""
    enabled: bool = True
    window: int = Field(
        default=300, ge=1, le=100_000, description="Default proximity window, characters."
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="What raises findings' confidence here."
    )
    condition: Condition | None = None

    @model_validator(mode="after")
    def _complete(self) -> ClassificationSpec:
        if self.enabled and (self.label is None or self.condition is None):
            raise ValueError("an enabled classification needs a 'label' and a 'condition'")
        return self


class Match(_Model):
    """Conditions on the envelope and subject. Every given key must hold; lists mean any of."""

    senders: list[str] = Field(
        default_factory=list, description="Sender addresses (exact, case-insensitive)."
    )
    sender_domains: list[str] = Field(
        default_factory=list, description="Sender domains (and their subdomains)."
    )
    recipients: list[str] = Field(default_factory=list, description="Any recipient address.")
    recipient_domains: list[str] = Field(default_factory=list, description="Any recipient domain.")
    subject_keywords: list[str] = Field(
        default_factory=list, description="Any keyword in the subject (case-insensitive)."
    )


class PolicySpec(Match):
    """What happens to a message: which labels (or facts) trigger it, on what mail, and the action."""

    id: Id
    description: str = ""
    enabled: bool = True
    labels: list[Label] = Field(
        default_factory=list, description="Triggered by any of these labels."
    )
    uninspected: bool = Field(
        default=False, description="Triggered when part of the message was not inspected."
    )
    facts: list[str] = Field(default_factory=list, description="Triggered by any of these facts.")
    direction: Direction = Field(
        default="outbound", description="outbound: some recipient is not internal."
    )
    exceptions: list[Match] = Field(
        default_factory=list, description="The policy does not apply when one holds."
    )
    action: ActionName | None = None
    monitor: bool = Field(
        default=False, description="Record what it would do; the action stays deliver."
    )
    reply: str = Field(
        default="", max_length=400, description="Text of a block reply (no message content)."
    )
    params: dict[str, str] = Field(
        default_factory=dict, description="Parameters for the action handler."
    )

    @model_validator(mode="after")
    def _complete(self) -> PolicySpec:
        if not self.enabled:
            return self
        if self.action is None:
            raise ValueError("an enabled policy needs an 'action'")
        triggers = (
            bool(self.labels) or self.uninspected or bool(self.facts) or bool(self.subject_keywords)
        )
        if not triggers:
            raise ValueError(
                "a policy needs 'labels', 'uninspected', 'facts' or 'subject_keywords'"
            )
        return self


class Expect(_Model):
    """The expected outcome of a pack test."""

    action: ActionName
    labels: list[Label] | None = Field(
        default=None, description="Exactly these labels (any order), if given."
    )
    rules: list[str] = Field(
        default_factory=list, description="These rule ids must be among the hits."
    )


class PackTest(_Model):
    """An example message and what the loaded policy must decide about it."""

    name: Id
    file: str | None = Field(
        default=None, description="An .eml file, relative to the pack's directory."
    )
    message: str | None = Field(default=None, description="The raw message, inline.")
    sender: str | None = Field(default=None, alias="from")
    to: list[str] = Field(default_factory=list)
    expect: Expect

    @model_validator(mode="after")
    def _one_source(self) -> PackTest:
        if (self.file is None) == (self.message is None):
            raise ValueError("a test needs exactly one of 'file' or 'message'")
        return self


class PackFile(_Model):
    """One rule pack file."""

    pack: Id
    version: str = "1"
    description: str = ""
    internal_domains: list[str] = Field(
        default_factory=list, description="Mail to these domains only passes."
    )
    personal_domains: list[str] = Field(
        default_factory=list,
        description="Consumer mailbox domains: a recipient there gives the 'personal_recipient' fact.",
    )
    detectors: list[DetectorSpec] = Field(default_factory=list)
    classifications: list[ClassificationSpec] = Field(default_factory=list)
    policies: list[PolicySpec] = Field(default_factory=list)
    tests: list[PackTest] = Field(default_factory=list)


Near.model_rebuild()
Condition.model_rebuild()

#: A map from a path of keys/indexes inside a pack to the 1-based line of that node.
LineMap = dict[tuple[str | int, ...], int]


def _walk(node: yaml.Node, path: tuple[str | int, ...], lines: LineMap, file: Path) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            if key in seen:
                raise RulePackError(
                    f"duplicate key {key!r}", path=file, line=key_node.start_mark.line + 1
                )
            seen.add(key)
            _walk(value_node, (*path, key), lines, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, (*path, index), lines, file)


def parse_yaml(text: str, file: Path) -> tuple[Any, LineMap]:
    """Parse YAML (safe constructors only) and record the line of every node.

    :raises RulePackError: for YAML syntax errors and duplicate keys, with the line.
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 1 if mark is not None else None
        raise RulePackError(f"not valid YAML: {exc.problem}", path=file, line=line) from None
    except yaml.YAMLError as exc:
        raise RulePackError(f"not valid YAML: {exc}", path=file) from None
    finally:
        loader.dispose()
    lines: LineMap = {}
    if node is not None:
        _walk(node, (), lines, file)
    return data, lines


def locate(
    lines: LineMap, data: Any, loc: tuple[str | int, ...]
) -> tuple[int | None, str | None, str]:
    """The line, the rule id and the field path of a location inside a pack.

    :param loc: keys and indexes from the top of the pack, e.g. ``("detectors", 2, "params")``.
    :returns: ``(line, rule id, dotted field path)``; the path is relative to the rule.
    """
    line = None
    for end in range(len(loc), -1, -1):
        if loc[:end] in lines:
            line = lines[loc[:end]]
            break
    rule = None
    field_path = loc
    if len(loc) >= 2 and loc[0] in ("detectors", "classifications", "policies", "tests"):
        section, index = loc[0], loc[1]
        items = data.get(section) if isinstance(data, dict) else None
        item = (
            items[index]
            if isinstance(items, list) and isinstance(index, int) and index < len(items)
            else None
        )
        if isinstance(item, dict):
            rule = str(item.get("id") or item.get("name") or f"{section}[{index}]")
        field_path = loc[2:]
    text = ".".join(str(p) for p in field_path if p not in ("function-after", "function-before"))
    return line, rule, text or (str(loc[0]) if loc and rule is None else "")


def _validation_error(exc: ValidationError, data: Any, lines: LineMap, file: Path) -> RulePackError:
    first = exc.errors()[0]
    loc = tuple(p for p in first["loc"] if not (isinstance(p, str) and "[" in p))
    line, rule, field_path = locate(lines, data, loc)
    message = first["msg"].removeprefix("Value error, ")
    if first["type"] == "extra_forbidden" and loc:
        message = f"unknown key {loc[-1]!r}"
    extra = len(exc.errors()) - 1
    if extra:
        message += f" (and {extra} more problem{'s' if extra > 1 else ''})"
    return RulePackError(message, path=file, line=line, rule=rule, field=field_path or None)


def read_pack(file: Path) -> tuple[PackFile, bytes, LineMap, dict[str, Any]]:
    """Read and validate one pack file.

    :returns: the pack, its raw bytes (for the policy version), its line map and the raw data.
    :raises RulePackError: naming the file, line, rule and field of the first problem.
    """
    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise RulePackError(f"cannot read: {exc.strerror}", path=file) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RulePackError(f"not UTF-8 at byte {exc.start}", path=file) from None
    data, lines = parse_yaml(text, file)
    if not isinstance(data, dict):
        raise RulePackError("a pack is a mapping with at least the key 'pack'", path=file, line=1)
    try:
        pack = PackFile.model_validate(data)
    except ValidationError as exc:
        raise _validation_error(exc, data, lines, file) from None
    return pack, raw, lines, data


def json_schema() -> str:
    """The JSON Schema of a pack file, as committed in ``rules/schema.json``."""
    schema = PackFile.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "dlpmilter rule pack"
    return json.dumps(schema, indent=2, sort_keys=True) + "\n"
