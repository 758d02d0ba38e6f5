"""Loading rule packs: shipped packs, errors with file:line, local overrides, reload, schema."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from dlpmilter.errors import RulePackError
from dlpmilter.plugins import Registry, load_registry
from dlpmilter.rulepack import json_schema
from dlpmilter.rules import PolicyHolder, load_packs, load_policy, pack_files
from dlpmilter.settings import load_settings

ROOT = Path(__file__).resolve().parents[1]
SALT = b"rules-test-salt"


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip())
    return path


GOOD = """
pack: site
detectors:
  - id: site-ssn
    type: pattern
    params:
      entity: US_SSN
      patterns: [{id: dashed, regex: '\\d{3}-\\d{2}-\\d{4}', score: 0.6}]
classifications:
  - id: site-ssn-any
    label: PII
    condition: {entity: US_SSN, min_confidence: medium}
policies:
  - {id: site-pii, labels: [PII], action: encrypt}
"""


def test_shipped_packs_load(registry: Registry) -> None:
    """The shipped packs validate together and give PHI, PII and PCI."""
    policy = load_policy(load_settings(environ={}), registry, salt=SALT)
    assert {"PHI", "PII", "PCI"} <= set(policy.labels)
    assert {r.id for r in policy.rules} >= {
        "phi-encrypt",
        "pii-encrypt",
        "pci-block",
        "uninspected-quarantine",
    }
    assert len(policy.version) == 12
    assert policy.tests


def test_schema_file_is_current() -> None:
    """rules/schema.json is what `dlpmilter rules schema` prints (regenerate with `make schema`)."""
    assert (ROOT / "rules" / "schema.json").read_text() == json_schema()


# fmt: off
BAD_PACKS = [
    # (pack text, expected line, rule, field, words of the problem)
    ("pack: p\nbogus: 1\n", 2, None, "bogus", "unknown key 'bogus'"),
    ("pack: p\ndetectors:\n  - id: d\n    type: pattern\n    colour: red\n", 5, "d", "colour", "unknown key 'colour'"),
    ("pack: p\ndetectors:\n  - id: d\n    type: nosuch\n", 4, "d", "type", "unknown detector type 'nosuch' (known: "),
    ("pack: p\ndetectors:\n  - id: d\n    type: pattern\n    params:\n      entity: US_SSN\n      patterns:\n"
     "        - {id: x, regex: '(unclosed', score: 0.5}\n", 8, "d", "params.patterns.0", "invalid regex"),
    ("pack: p\ndetectors:\n  - id: d\n    type: pattern\n    params: {entity: US_SSN, patterns: [], size: 1}\n",
     5, "d", "params.patterns", "at least 1"),
    ("pack: p\nclassifications:\n  - id: c\n    label: PHI\n    condition:\n      entity: US_SSNN\n",
     6, "c", "condition.entity", "unknown entity 'US_SSNN'"),
    ("pack: p\nclassifications:\n  - id: c\n    label: PHI\n    condition:\n      all:\n        - entity: US_SSN\n"
     "          min_count: many\n", 8, "c", "condition.all.0.min_count", "valid integer"),
    ("pack: p\nclassifications:\n  - id: c\n    label: PHI\n    condition: {fact: on_fire}\n",
     5, "c", "condition.fact", "unknown fact 'on_fire'"),
    ("pack: p\nclassifications:\n  - id: c\n    label: PHI\n    condition: {fact: corrupt, min_count: 2}\n",
     5, "c", "condition", "only refine an 'entity' condition"),
    ("pack: p\nclassifications:\n  - id: c\n    label: phi\n    condition: {entity: US_SSN}\n",
     4, "c", "label", "should match pattern"),
    ("pack: p\npolicies:\n  - id: x\n    labels: [NOPE]\n    action: block\n", 4, "x", "labels.0", "no enabled classification gives label 'NOPE'"),
    ("pack: p\npolicies:\n  - id: x\n    labels: []\n    uninspected: true\n    action: explode\n", 6, "x", "action", "Input should be"),
    ("pack: p\npolicies:\n  - id: x\n    uninspected: true\n    action: encrypt\n    params: {method: rot13}\n",
     6, "x", "params.method", "Input should be 'auto', 'smime', 'openpgp' or 'tls'"),
    ("pack: p\npolicies:\n  - id: x\n    uninspected: true\n    action: encrypt\n    params: {cipher: rot13}\n",
     6, "x", "params.cipher", "unknown parameter 'cipher' for action 'encrypt'"),
    ("pack: p\ntests:\n  - name: t\n    file: missing.eml\n    expect: {action: deliver}\n", 4, "t", "file", "not found"),
    ("pack: p\ndetectors: [\n", 3, None, None, "not valid YAML"),
    ("pack: p\npack: q\n", 2, None, None, "duplicate key 'pack'"),
    ("- just\n- a list\n", 1, None, None, "a pack is a mapping"),
]
# fmt: on


@pytest.mark.parametrize("case", BAD_PACKS, ids=[c[4][:30] for c in BAD_PACKS])
def test_bad_pack_errors_name_file_line_rule_field(
    tmp_path: Path, registry: Registry, case: tuple[str, int, str | None, str | None, str]
) -> None:
    """Every problem says file:line: rule <id>: <field path>: what is wrong."""
    text, line, rule, field, words = case
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(RulePackError) as info:
        load_packs([path], registry, {}, salt=SALT)
    error = info.value
    assert (error.path, error.line, error.rule, error.field) == (str(path), line, rule, field)
    assert words in error.problem
    prefix = (
        f"{path}:{line}: " + (f"rule {rule}: " if rule else "") + (f"{field}: " if field else "")
    )
    assert str(error).startswith(prefix)


def test_duplicate_id_across_shipped_packs(tmp_path: Path, registry: Registry) -> None:
    a = write(tmp_path, "a.yaml", GOOD)
    b = write(tmp_path, "b.yaml", GOOD.replace("pack: site", "pack: other"))
    with pytest.raises(
        RulePackError, match=r"b\.yaml:3: rule site-ssn: id: id already defined in a\.yaml"
    ):
        load_packs([a, b], registry, {}, salt=SALT)


def test_local_pack_overrides_and_disables_by_id(tmp_path: Path, registry: Registry) -> None:
    shipped = write(tmp_path, "site.yaml", GOOD)
    local = write(
        tmp_path,
        "local.yaml",
        """
        pack: local
        classifications:
          - id: site-ssn-any
            label: PII
            condition: {entity: US_SSN, min_confidence: high}
        policies:
          - {id: site-pii, enabled: false}
          - {id: site-pii-block, labels: [PII], action: block}
        """,
    )
    policy = load_packs([shipped], registry, {}, local_paths=[local], salt=SALT)
    classification = policy.classifications[0]
    assert classification.pack == "local"
    assert classification.spec.condition is not None
    assert classification.spec.condition.min_confidence == "high"
    assert [r.id for r in policy.rules] == ["site-pii-block"]
    assert [p.local for p in policy.packs] == [False, True]


def test_version_follows_the_bytes(tmp_path: Path, registry: Registry) -> None:
    path = write(tmp_path, "site.yaml", GOOD)
    first = load_packs([path], registry, {}, salt=SALT).version
    assert load_packs([path], registry, {}, salt=SALT).version == first
    path.write_text(path.read_text() + "# a comment\n")
    assert load_packs([path], registry, {}, salt=SALT).version != first


def test_reload_keeps_last_good_policy(tmp_path: Path, registry: Registry) -> None:
    path = write(tmp_path, "site.yaml", GOOD)
    holder = PolicyHolder(lambda: load_packs(pack_files(tmp_path), registry, {}, salt=SALT))
    good = holder.policy
    path.write_text(GOOD.replace("entity: US_SSN, min", "entity: NOT_AN_ENTITY, min"))
    error = holder.reload()
    assert isinstance(error, RulePackError) and "NOT_AN_ENTITY" in str(error)
    assert holder.policy is good
    path.write_text(GOOD.replace("action: encrypt", "action: block"))
    assert holder.reload() is None
    assert holder.policy.rules[0].spec.action == "block"
    assert holder.policy.version != good.version


def test_plugin_entity_declared_by_a_detector_is_known(tmp_path: Path, registry: Registry) -> None:
    """A site pattern may report its own entity, and classifications may then name it."""
    text = GOOD.replace("entity: US_SSN\n", "entity: EMPLOYEE_ID\n").replace(
        "{entity: US_SSN,", "{entity: EMPLOYEE_ID,"
    )
    policy = load_packs([write(tmp_path, "site.yaml", text)], registry, {}, salt=SALT)
    assert policy.classifications[0].spec.condition is not None


def test_empty_rules_dir_is_an_error(tmp_path: Path, registry: Registry) -> None:
    settings = load_settings(environ={}, overrides={"rules_dir": str(tmp_path)})
    with pytest.raises(RulePackError, match="no rule packs found"):
        load_policy(settings, registry, salt=SALT)
