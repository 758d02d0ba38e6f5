"""``dlpmilter quarantine list|show|release|delete|serve|reviewer``: review the quarantine store,
from the command line or through the web console and its reviewer accounts."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from dataclasses import asdict
from typing import Any

from dlpmilter.errors import ConfigError
from dlpmilter.quarantine.review import Review
from dlpmilter.quarantine.reviewers import Reviewers
from dlpmilter.quarantine.store import Entry, QuarantineStore
from dlpmilter.settings import load_settings


def register(sub: Any) -> None:
    """Add the ``quarantine`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "quarantine",
        help="list, show, release or delete quarantined messages",
        description="Review the quarantine store: list, show, release (re-inject) or delete, "
        "recording who and why.",
    )
    parser.add_argument("--state-dir", dest="state_dir", help="state directory of the milter")
    actions = parser.add_subparsers(dest="quarantine_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="one line per message (held ones by default)")
    listing.add_argument("--all", action="store_true", help="also released and deleted ones")
    listing.add_argument("--json", action="store_true", help="JSON Lines")
    listing.set_defaults(func=_list)
    show = actions.add_parser("show", help="the index entry of ID; --message prints the message")
    show.add_argument("id", metavar="ID")
    show.add_argument("--message", action="store_true", help="decrypt and print the message")
    show.set_defaults(func=_show)
    for name, func, verb in (("release", _release, "re-inject to the original recipients"),
                             ("delete", _delete, "destroy the stored message")):  # fmt: skip
        action = actions.add_parser(name, help=f"{verb}, recording who and why")
        action.add_argument("id", metavar="ID")
        action.add_argument("--reason", required=True, help="why (kept in the audit log)")
        action.add_argument("--by", default=_whoami(), help="who (default: %(default)s)")
        action.set_defaults(func=func)
    serve = actions.add_parser("serve", help="run the web console for compliance reviewers")
    serve.add_argument(
        "--listen", metavar="HOST:PORT", help="default: setting quarantine_console_listen"
    )
    serve.set_defaults(func=_serve)
    _register_reviewer(actions)


def _register_reviewer(actions: Any) -> None:
    reviewer: argparse.ArgumentParser = actions.add_parser(
        "reviewer", help="add, remove or list the console's reviewer accounts"
    )
    accounts = reviewer.add_subparsers(dest="reviewer_command", metavar="ACTION", required=True)
    add = accounts.add_parser("add", help="add a reviewer (asks for the password)")
    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )
    add.add_argument("--replace", action="store_true", help="set an existing reviewer's password")
    add.set_defaults(func=_reviewer_add)
    remove = accounts.add_parser("remove", help="remove a reviewer")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=_reviewer_remove)
    listing = accounts.add_parser("list", help="the reviewers' names")
    listing.set_defaults(func=_reviewer_list)


def _whoami() -> str:
    return os.environ.get("SUDO_USER") or getpass.getuser()


def _settings(args: argparse.Namespace) -> Any:
    overrides = {"state_dir": args.state_dir} if args.state_dir else None
    return load_settings(args.config, overrides=overrides)


def _line(entry: Entry) -> str:
    rcpts = ",".join(entry.recipients)
    if len(rcpts) > 60:
        rcpts = f"{len(entry.recipients)} recipients"
    labels = ",".join(entry.labels) or "-"
    return f"{entry.id}  {entry.time}  {entry.state:<8}  {entry.size:>8}  {labels}  {entry.sender} -> {rcpts}"


def _list(args: argparse.Namespace) -> int:
    store = QuarantineStore.from_settings(_settings(args))
    for entry in store.entries(state=None if args.all else "held"):
        print(json.dumps(asdict(entry)) if args.json else _line(entry))
    return 0


def _show(args: argparse.Namespace) -> int:
    store = QuarantineStore.from_settings(_settings(args))
    entry = store.get(args.id)
    if args.message:
        sys.stdout.buffer.write(store.read(args.id))
        return 0
    for key, value in asdict(entry).items():
        shown = ", ".join(value) if isinstance(value, tuple) else value
        print(f"{key:>11}: {shown}")
    return 0


def _release(args: argparse.Namespace) -> int:
    entry = Review(_settings(args)).release(args.id, actor=args.by, reason=args.reason)
    print(f"{entry.id}: released to {len(entry.recipients)} recipients by {entry.actor}")
    return 0


def _delete(args: argparse.Namespace) -> int:
    entry = Review(_settings(args)).delete(args.id, actor=args.by, reason=args.reason)
    print(f"{entry.id}: deleted by {entry.actor}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from dlpmilter.quarantine.console import serve  # Flask only for this command

    return serve(_settings(args), args.listen)


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise ConfigError("the two passwords differ")
    return first


def _reviewer_add(args: argparse.Namespace) -> int:
    reviewers = Reviewers.from_settings(_settings(args))
    reviewers.add(args.name, _password(args), replace=args.replace)
    print(f"reviewer {args.name} {'updated' if args.replace else 'added'} in {reviewers.path}")
    return 0


def _reviewer_remove(args: argparse.Namespace) -> int:
    reviewers = Reviewers.from_settings(_settings(args))
    reviewers.remove(args.name)
    print(f"reviewer {args.name} removed from {reviewers.path}")
    return 0


def _reviewer_list(args: argparse.Namespace) -> int:
    for name in Reviewers.from_settings(_settings(args)).names():
        print(name)
    return 0
