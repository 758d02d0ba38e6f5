"""``dlpmilter rules check|test|schema|list``: validate packs, run their tests, print the schema.

- ``check [DIR]``: load the packs as the milter would: the shipped packs, with DIR as the site's
  override directory (default: the configured ``local_rules_dir``; DIR may also be the shipped
  directory itself); print a summary, or the first problem as ``file:line: rule <id>: <field>:
  what is wrong`` and exit 1.
- ``test [PACK...]``: run the example messages the packs carry against the whole loaded policy;
  one ``PASS``/``FAIL`` line per test, exit 1 on any failure. PACK is a pack id or file.
- ``schema``: print the JSON Schema of pack files (``rules/schema.json``).
- ``list``: the loaded packs, detectors, classifications and policies.
"""

from __future__ import annotations

import argparse
from email.utils import getaddresses
from pathlib import Path
from typing import Any

from dlpmilter.errors import RulePackError
from dlpmilter.message import Envelope
from dlpmilter.plugins import load_registry
from dlpmilter.policy import PackCase, Policy
from dlpmilter.rulepack import json_schema
from dlpmilter.rules import load_packs, load_policy, pack_files
from dlpmilter.settings import Settings, load_settings
from dlpmilter.verdict import Verdict

EXIT_OK = 0
EXIT_PROBLEM = 1
#: Salt for digests in commands that keep nothing: values only compare within one message.
_CHECK_SALT = b"dlpmilter-rules-check"


def register(sub: Any) -> None:
    """Add the ``rules`` sub-command and its own sub-commands."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "rules", help="validate, test and list rule packs"
    )
    parser.add_argument(
        "--rules", type=Path, help="directory of shipped packs (default: setting rules_dir)"
    )
    parser.add_argument(
        "--local", type=Path, help="directory of site packs (default: setting local_rules_dir)"
    )
    actions = parser.add_subparsers(dest="rules_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="validate the shipped packs with a directory of site packs"
    )
    check.add_argument(
        "dir", nargs="?", type=Path, help="directory of site packs (default: local_rules_dir)"
    )
    check.set_defaults(func=_check)
    test = actions.add_parser("test", help="run the packs' example messages")
    test.add_argument("packs", nargs="*", help="pack ids or files (default: every pack)")
    test.add_argument(
        "-v", "--verbose", action="store_true", help="print the explanation of failures"
    )
    test.set_defaults(func=_test)
    actions.add_parser("schema", help="print the JSON Schema of pack files").set_defaults(
        func=_schema
    )
    actions.add_parser("list", help="list the loaded packs and rules").set_defaults(func=_list)


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "rules", None) is not None:
        overrides["rules_dir"] = str(args.rules)
    if getattr(args, "local", None) is not None:
        overrides["local_rules_dir"] = str(args.local)
    return load_settings(getattr(args, "config", None), overrides=overrides)


def _policy(args: argparse.Namespace) -> tuple[Settings, Policy]:
    settings = _settings(args)
    return settings, load_policy(settings, load_registry(), salt=_CHECK_SALT)


def _check(args: argparse.Namespace) -> int:
    try:
        if args.dir is not None:
            settings = _settings(args)
            shipped = Path(settings["rules_dir"])
            if args.dir.resolve() == shipped.resolve():
                paths, local = pack_files(args.dir), []
            else:
                paths, local = pack_files(shipped), pack_files(args.dir)
            policy = load_packs(
                paths, load_registry(), settings, local_paths=local, salt=_CHECK_SALT
            )
        else:
            _, policy = _policy(args)
    except RulePackError as exc:
        print(f"error: {exc}")
        return EXIT_PROBLEM
    print(
        f"ok: {len(policy.packs)} packs, {len(policy.detectors)} detectors, "
        f"{len(policy.classifications)} classifications, {len(policy.rules)} policies, "
        f"{len(policy.tests)} tests; version {policy.version}"
    )
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    print(json_schema(), end="")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    _, policy = _policy(args)
    print(f"policy version {policy.version}")
    for pack in policy.packs:
        where = "local" if pack.local else "shipped"
        print(f"pack {pack.id} {pack.version} ({where}) {pack.path.name}: {pack.description}")
    for detector in policy.detectors:
        print(f"  detector {detector.id} ({type(detector).__name__}, stage {type(detector).stage})")
    for classification in policy.classifications:
        print(
            f"  classification {classification.id} -> {classification.label} (pack {classification.pack})"
        )
    for rule in policy.rules:
        mode = " [monitor]" if rule.spec.monitor else ""
        print(f"  policy {rule.id} -> {rule.spec.action}{mode} (pack {rule.pack})")
    return EXIT_OK


def _selected(policy: Policy, wanted: list[str]) -> list[PackCase]:
    if not wanted:
        return list(policy.tests)
    ids = {w for w in wanted if not w.endswith((".yaml", ".yml"))}
    ids |= {p.id for p in policy.packs for w in wanted if Path(w).name == p.path.name}
    unknown = ids - {p.id for p in policy.packs}
    if unknown:
        raise RulePackError(f"no loaded pack named {', '.join(sorted(unknown))}")
    return [case for case in policy.tests if case.pack in ids]


def _envelope(case: PackCase, raw: bytes) -> Envelope:
    import email

    headers = email.message_from_bytes(raw.split(b"\n\n", 1)[0] + b"\n\n")
    sender = case.spec.sender or (getaddresses([headers.get("From", "")]) or [("", "")])[0][1]
    recipients = case.spec.to or [
        a for _, a in getaddresses(headers.get_all("To", []) + headers.get_all("Cc", [])) if a
    ]
    return Envelope(sender=sender, recipients=tuple(recipients))


def run_case(case: PackCase, inspector: Any) -> tuple[list[str], Verdict]:
    """Run one pack test: what differed from the expectation (empty: pass), and the verdict."""
    spec = case.spec
    raw = (
        (case.base_dir / spec.file).read_bytes()
        if spec.file
        else (spec.message or "").encode("utf-8")
    )
    verdict = inspector.inspect(raw, _envelope(case, raw)).verdict
    problems = []
    if verdict.action.label != spec.expect.action:
        problems.append(f"action {verdict.action.label}, expected {spec.expect.action}")
    if spec.expect.labels is not None and sorted(verdict.labels) != sorted(spec.expect.labels):
        problems.append(f"labels {sorted(verdict.labels)}, expected {sorted(spec.expect.labels)}")
    missing = set(spec.expect.rules) - {h.rule for h in verdict.hits}
    if missing:
        problems.append(f"rules {sorted(missing)} did not hit")
    return problems, verdict


def _test(args: argparse.Namespace) -> int:
    settings, policy = _policy(args)
    cases = _selected(policy, args.packs)
    from dlpmilter.inspector import Inspector

    inspector = Inspector(settings, policy=policy)
    failed = 0
    for case in cases:
        problems, verdict = run_case(case, inspector)
        print(
            f"{'FAIL' if problems else 'PASS'} {case.name}"
            + (f": {'; '.join(problems)}" if problems else "")
        )
        if problems and args.verbose:
            print("    " + verdict.explanation.replace("\n", "\n    "))
        failed += bool(problems)
    print(f"{len(cases) - failed} passed, {failed} failed")
    return EXIT_PROBLEM if failed else EXIT_OK
