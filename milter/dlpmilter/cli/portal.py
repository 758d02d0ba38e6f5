"""``dlpmilter portal serve|list|show|expire``: run the secure pickup portal and review it."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any

from dlpmilter.portal.record import Stored
from dlpmilter.portal.store import PortalStore
from dlpmilter.settings import Settings, load_settings


def register(sub: Any) -> None:
    """Add the ``portal`` sub-command."""
    parser: argparse.ArgumentParser = sub.add_parser(
        "portal",
        help="run the secure pickup portal; list, show and expire its messages",
        description="The secure pickup portal: its SMTP intake and web app (serve), and what a "
        "compliance officer reviews: messages, their recipients and their event trail.",
    )
    parser.add_argument("--state-dir", dest="state_dir", help="state directory of the portal")
    actions = parser.add_subparsers(dest="portal_command", metavar="ACTION", required=True)
    serve = actions.add_parser("serve", help="run the SMTP intake and the web app")
    serve.add_argument("--no-web", action="store_true", help="the intake only")
    serve.set_defaults(func=_serve)
    listing = actions.add_parser("list", help="one line per message")
    listing.add_argument("--json", action="store_true", help="JSON Lines")
    listing.set_defaults(func=_list)
    show = actions.add_parser("show", help="one message's recipients and event trail")
    show.add_argument("ref", metavar="REF", help="portal id (P...) or DLP reference")
    show.add_argument("--json", action="store_true", help="one JSON object")
    show.set_defaults(func=_show)
    expire = actions.add_parser("expire", help="delete messages past their retention period")
    expire.set_defaults(func=_expire)


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {"state_dir": args.state_dir} if args.state_dir else None
    return load_settings(args.config, overrides=overrides)


def _serve(args: argparse.Namespace) -> int:
    from dlpmilter.portal.server import serve  # Flask and aiosmtpd only for this command

    return serve(_settings(args), web=not args.no_web)


def _line(stored: Stored) -> str:
    ref = stored.reference or "-"
    return (
        f"{stored.id}  {stored.time}  {stored.state:<9}  {stored.size:>8}  {ref}  "
        f"{stored.sender or '<>'} -> {len(stored.recipients)} recipient(s)  until {stored.expires}"
    )


def _list(args: argparse.Namespace) -> int:
    store = PortalStore.from_settings(_settings(args))
    for stored in store.messages():
        print(json.dumps(asdict(stored)) if args.json else _line(stored))
    return 0


def _show(args: argparse.Namespace) -> int:
    store = PortalStore.from_settings(_settings(args))
    stored = store.message(args.ref)
    events = store.events(stored.id)
    if args.json:
        record = asdict(stored) | {"events": [asdict(e) for e in events]}
        print(json.dumps(record, indent=2))
        return 0
    for key, value in asdict(stored).items():
        if key != "recipients":
            print(f"{key:>10}: {value}")
    for number, rcpt in enumerate(stored.recipients, start=1):
        print(f"{'pickup ' + str(number):>10}: {rcpt}")
    print("    events:")
    for event in events:
        who = f"pickup {event.pickup}" if event.pickup else "message"
        print(f"  {event.time}  {who:<9}  {event.kind:<22}  {event.detail}")
    return 0


def _expire(args: argparse.Namespace) -> int:
    count = PortalStore.from_settings(_settings(args)).expire()
    print(f"dlpmilter portal: {count} message(s) expired")
    return 0
