"""Settings: every knob of dlpmilter, with its default and its meaning, in one table.

Settings come from a TOML file (``dlpmilter --config FILE``, default
``/etc/dlpmilter/dlpmilter.toml`` when it exists) and from ``DLPMILTER_<NAME>`` environment
variables, which win. With neither, the embedded defaults below run the product as shipped.
Every setting is validated when it loads: an unknown name or a value of the wrong type is a
:class:`~dlpmilter.errors.ConfigError` that names the file and the key. ``docs/settings.md``
documents every one, and a test keeps the two in step.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dlpmilter.errors import ConfigError

#: The package directory's parent holds the shipped rule packs in a checkout; an installed
#: distribution finds them through this setting.
_CHECKOUT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting:
    """One documented setting."""

    name: str
    default: Any
    help: str
    #: How the docs show the default, when it depends on where dlpmilter is installed.
    shown_default: str = ""


SETTINGS: tuple[Setting, ...] = (
    # --- where things are -------------------------------------------------------------------
    Setting(
        name="rules_dir",
        default=str(_CHECKOUT / "rules"),
        shown_default="`rules/` of the checkout",
        help="Directory of the shipped rule packs (`*.yaml`).",
    ),
    Setting(
        name="local_rules_dir",
        default="",
        help="Directory of site packs that add to or override shipped rules by id; empty for none.",
    ),
    Setting(
        name="state_dir",
        default="/var/lib/dlpmilter",
        help="Directory for spool files, the quarantine store, keys and the default audit log.",
    ),
    Setting(
        name="salt_file",
        default="",
        help="File holding the site's secret salt for finding digests; empty means `<state_dir>/salt`, created on first use.",
    ),
    # --- message budgets --------------------------------------------------------------------
    Setting(
        name="max_message_bytes",
        default=50 * 1024 * 1024,
        help="Largest message inspected; a larger one gets the `over_budget` fact.",
    ),
    Setting(
        name="max_parts",
        default=1000,
        help="Most MIME parts and archive members inspected per message.",
    ),
    Setting(
        name="max_depth",
        default=10,
        help="Deepest nesting of multiparts, attached mail and archives inspected.",
    ),
    Setting(
        name="max_part_text_chars",
        default=5_000_000,
        help="Most characters of text kept from one part; the rest is cut with a `truncated` fact.",
    ),
    Setting(
        name="max_total_text_chars",
        default=20_000_000,
        help="Most characters of text kept from a whole message.",
    ),
    Setting(
        name="max_expanded_bytes",
        default=100 * 1024 * 1024,
        help="Most bytes expanded from archives and compressed streams per message.",
    ),
    Setting(
        name="max_part_expanded_bytes",
        default=50 * 1024 * 1024,
        help="Most bytes one archive member or compressed stream may expand to; a larger one gets the `over_budget` fact.",
    ),
    Setting(
        name="max_compression_ratio",
        default=100.0,
        help="Largest expanded/compressed ratio of an archive member before it counts as a bomb.",
    ),
    Setting(
        name="message_time_budget_s",
        default=20.0,
        help="Seconds one message may take to inspect; past it, the `time_budget` fact and the policy decides.",
    ),
    Setting(
        name="regex_timeout_s",
        default=0.5,
        help="Seconds one regular expression may run on one part before it is stopped.",
    ),
    # --- milter -----------------------------------------------------------------------------
    Setting(
        name="socket",
        default="unix:/run/dlpmilter/dlpmilter.sock",
        help="Milter socket: `unix:/path` or `inet:port@host`.",
    ),
    Setting(
        name="socket_mode",
        default="0660",
        help="Octal mode of a unix socket, so that Postfix's smtpd can connect.",
    ),
    Setting(
        name="socket_group",
        default="postfix",
        help="Group of a unix socket; empty to leave it alone.",
    ),
    Setting(
        name="milter_timeout_s",
        default=600,
        help="libmilter's timeout talking to the MTA, in seconds.",
    ),
    Setting(
        name="spool_memory_bytes",
        default=1024 * 1024,
        help="Bytes of a message kept in memory before it is spooled to a 0600 temp file.",
    ),
    Setting(
        name="workers",
        default=0,
        help="Inspection worker processes; 0 (the default) means one per core less one, at least "
        "one, leaving a core to the MTA and the milter process (on a 2-core host that also runs "
        "Postfix, one worker measured a higher throughput than two).",
    ),
    Setting(
        name="worker_max_messages",
        default=20000,
        help="Messages a worker inspects before it is recycled (a new worker spends about 2 s building its detectors and model, so recycling often costs throughput).",
    ),
    Setting(
        name="queue_size",
        default=64,
        help="Messages waiting for a worker before new ones get a 451 tempfail.",
    ),
    Setting(
        name="inspection_timeout_s",
        default=60.0,
        help="Hard limit in seconds on one message in a worker: past it the worker is killed and replaced and the message gets a 451 tempfail.",
    ),
    Setting(
        name="on_error",
        default="tempfail",
        help="What happens when inspection fails: `tempfail` or `quarantine`.",
    ),
    Setting(
        name="reinject_host",
        default="127.0.0.1",
        help="Host of the loopback re-injection smtpd (no milters) for released and split mail.",
    ),
    Setting(name="reinject_port", default=10026, help="Port of the loopback re-injection smtpd."),
    Setting(
        name="notify_on",
        default=["quarantine"],
        help="Actions whose messages get a notice (reference id, action, labels, rule ids; never content), sent through the re-injection listener; `[]` for none.",
    ),
    Setting(
        name="notify_sender",
        default=True,
        help="Send the notice to the message's sender (never to a null sender).",
    ),
    Setting(
        name="notify_copy_to",
        default="",
        help="Also send every notice to this address (a compliance mailbox); empty for none.",
    ),
    Setting(
        name="notify_from",
        default="",
        help="From address of notices; empty means `postmaster@<this host's name>`. Notices leave with a null envelope sender.",
    ),
    Setting(
        name="header_secret_file",
        default="",
        help="File with the HMAC key for the re-injection marker header; empty means `<state_dir>/header.key`.",
    ),
    # --- actions ----------------------------------------------------------------------------
    Setting(
        name="quarantine_mode",
        default="store",
        help="`store` (dlpmilter's encrypted store, then DISCARD) or `hold` (Postfix's hold queue).",
    ),
    Setting(
        name="quarantine_key_file",
        default="",
        help="AES-256-GCM key of the quarantine store; empty means `<state_dir>/quarantine.key`, created on first use.",
    ),
    # --- quarantine console (dlpmilter quarantine serve; docs/quarantine.md) -----------------
    Setting(
        name="quarantine_console_listen",
        default="127.0.0.1:8026",
        help="`host:port` of the quarantine review console run by `dlpmilter quarantine serve` (behind an HTTPS reverse proxy).",
    ),
    Setting(
        name="quarantine_reviewers_file",
        default="",
        help="Reviewer accounts of the console (`name:<scrypt hash>` lines, mode 0600, managed with `dlpmilter quarantine reviewer`); empty means `<state_dir>/reviewers`.",
    ),
    Setting(
        name="quarantine_console_idle_s",
        default=1800,
        help="Seconds without a request after which a reviewer's console session ends.",
    ),
    Setting(
        name="quarantine_console_insecure_cookies",
        default=False,
        help="Send the console's session cookie without `Secure`, so it works over plain HTTP: only for local testing, never behind a public proxy.",
    ),
    Setting(
        name="portal_address",
        default="dlp-portal@localhost",
        help="Intake address of the secure pickup portal.",
    ),
    # --- secure pickup portal (dlpmilter portal serve; docs/portal.md) ----------------------
    Setting(
        name="portal_url",
        default="",
        help="Public base URL of the portal's web app, as recipients reach it (`https://portal.example.org`); links in pickup notices are `<portal_url>/p/<token>`. Empty means `http://<portal_web_listen>`. Session cookies are `Secure` when it is `https`.",
    ),
    Setting(
        name="portal_web_listen",
        default="127.0.0.1:8080",
        help="`host:port` of the web app run by `dlpmilter portal serve` (behind an HTTPS reverse proxy).",
    ),
    Setting(
        name="portal_intake_listen",
        default="127.0.0.1:10027",
        help="`host:port` of the portal's SMTP intake (STARTTLS offered), where Postfix sends `portal_address` and the `dlp_tls` fallback.",
    ),
    Setting(
        name="portal_intake_networks",
        default=["127.0.0.0/8", "::1/128"],
        help="Client networks the intake accepts mail from (the site's own MTAs); others get 550.",
    ),
    Setting(
        name="portal_tls_cert_file",
        default="",
        help="PEM certificate of the intake's STARTTLS; empty means a self-signed pair made once under `<state_dir>/portal/tls/`.",
    ),
    Setting(
        name="portal_tls_key_file",
        default="",
        help="PEM private key for `portal_tls_cert_file`.",
    ),
    Setting(
        name="portal_key_file",
        default="",
        help="AES-256-GCM key of the portal store (also keys session cookies and code digests); empty means `<state_dir>/portal.key`, created on first use.",
    ),
    Setting(
        name="portal_retention_days",
        default=14,
        help="Days a message stays available for pickup; then the message and its pickups are deleted (the event trail stays).",
    ),
    Setting(
        name="portal_code_ttl_s",
        default=600,
        help="Seconds a one-time code mailed to a recipient stays valid.",
    ),
    Setting(
        name="portal_code_attempts",
        default=5,
        help="Wrong entries allowed per one-time code; then the recipient must ask for a new code.",
    ),
    Setting(
        name="portal_codes_per_hour",
        default=5,
        help="Most one-time codes mailed for one pickup per hour.",
    ),
    Setting(
        name="portal_session_s",
        default=1800,
        help="Seconds a recipient stays signed in to one pickup after entering the code.",
    ),
    Setting(
        name="portal_from",
        default="",
        help="From address of pickup notices and codes; empty means `notify_from`, else `postmaster@<this host's name>`. They leave with a null envelope sender.",
    ),
    Setting(
        name="encrypt_fallback",
        default="tls",
        help="How `encrypt` protects a recipient with no S/MIME certificate or OpenPGP key: `tls` (the enforced-TLS route, whose transport falls back to the portal) or `portal`.",
    ),
    Setting(
        name="smime_certificates_dir",
        default="",
        help="Directory of recipients' S/MIME certificates (PEM or DER, RSA keys), read at start-up and on reload; empty for none.",
    ),
    Setting(
        name="openpgp_home",
        default="",
        help="GnuPG home directory holding recipients' OpenPGP public keys, listed at start-up and on reload; empty for none.",
    ),
    Setting(
        name="encrypt_subject",
        default="Encrypted message",
        help="Outer Subject of an S/MIME or OpenPGP message whose own Subject holds a finding; the original travels inside as a protected header.",
    ),
    Setting(
        name="add_headers",
        default=False,
        help="Add `X-DLP-*` headers with the verdict (internal routing only; never rule details).",
    ),
    Setting(
        name="tag_subject_prefix", default="[SECURE] ", help="Subject prefix the `tag` action adds."
    ),
    Setting(
        name="tag_header",
        default="",
        help="Header the `tag` action adds, as `Name: value`; empty for none.",
    ),
    # --- audit ------------------------------------------------------------------------------
    Setting(
        name="audit_sinks", default=["jsonl"], help="Audit sink types that receive every decision."
    ),
    Setting(
        name="audit_file",
        default="",
        help="File of the `jsonl` audit sink; empty means `<state_dir>/audit.jsonl`.",
    ),
    Setting(
        name="audit_fsync_every",
        default=1,
        help="fsync the audit file every N records (1: every record).",
    ),
    Setting(
        name="metrics_file",
        default="",
        help="Prometheus text file `serve` writes its counters to (node_exporter's textfile collector reads it); empty for none.",
    ),
    Setting(
        name="metrics_interval_s",
        default=15.0,
        help="Seconds between two writes of `metrics_file`.",
    ),
    # --- detection --------------------------------------------------------------------------
    Setting(
        name="exclude_test_card_numbers",
        default=True,
        help="Ignore the card networks' published test numbers (4111 1111 1111 1111...).",
    ),
    Setting(
        name="icd10_codes_file",
        default="",
        help="Gzip'd ICD-10-CM code list (one code a line, no dot) for the `icd10cm` validator;"
        " empty means `<rules_dir>/vocab/icd10cm_codes.txt.gz`.",
    ),
    Setting(
        name="organisation_domains",
        default=[],
        help="The organisation's own mail domains (sender side, internal).",
    ),
    Setting(
        name="organisation_phones",
        default=[],
        help="The organisation's own published phone numbers, never patient identifiers.",
    ),
    Setting(
        name="ner_model",
        default=str(_CHECKOUT / "models" / "dlp_ner"),
        shown_default="`models/dlp_ner/` of the checkout",
        help="spaCy pipeline for NER: an installed package name or a path.",
    ),
    Setting(
        name="ner_max_chars",
        default=20_000,
        help="Whole-text NER only below this many characters; above, windows around evidence.",
    ),
    Setting(
        name="ner_time_budget_s",
        default=2.0,
        help="Seconds NER may take per message; past it, the `ner_skipped` fact.",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


class Settings(Mapping[str, Any]):
    """The loaded settings: a read-only mapping of name to value."""

    def __init__(self, values: Mapping[str, Any], *, source: str = "<defaults>") -> None:
        self._values = dict(values)
        self.source = source

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    @property
    def state_dir(self) -> Path:
        """The state directory as a path."""
        return Path(self._values["state_dir"])

    def path(self, name: str, default_name: str) -> Path:
        """A file setting; empty means ``<state_dir>/<default_name>``."""
        value = self._values[name]
        return Path(value) if value else self.state_dir / default_name


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def _to_bool(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in _TRUE | _FALSE:
        return value.lower() in _TRUE
    raise ValueError


def _to_int(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError
    return int(value)


def _to_list(value: Any) -> Any:
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ValueError


def _to_str(value: Any) -> Any:
    if isinstance(value, str):
        return value
    raise ValueError


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    default = setting.default
    # bool before int: bool is a subclass of int.
    for kind, convert in (
        (bool, _to_bool),
        (int, _to_int),
        (float, float),
        (list, _to_list),
        (str, _to_str),
    ):
        if isinstance(default, kind):
            try:
                return convert(value)
            except (TypeError, ValueError):
                break
    kind_name = type(default).__name__
    raise ConfigError(f"{where}: setting {setting.name!r}: expected {kind_name}, got {value!r}")


def load_settings(
    path: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Load the defaults, then ``path`` (TOML), then ``DLPMILTER_*`` variables, then ``overrides``.

    :raises ConfigError: naming the file (or variable) and the key that is unknown or invalid.
    """
    environ = os.environ if environ is None else environ
    values = {s.name: s.default for s in SETTINGS}
    source = "<defaults>"
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read settings: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
        for key, value in data.items():
            if key not in _BY_NAME:
                raise ConfigError(f"{path}: unknown setting {key!r} (see docs/settings.md)")
            values[key] = _coerce(_BY_NAME[key], value, str(path))
        source = str(path)
    for key, setting in _BY_NAME.items():
        env_name = "DLPMILTER_" + key.upper()
        if env_name in environ:
            values[key] = _coerce(setting, environ[env_name], env_name)
    for key, value in (overrides or {}).items():
        if key not in _BY_NAME:
            raise ConfigError(f"unknown setting {key!r} (see docs/settings.md)")
        values[key] = _coerce(_BY_NAME[key], value, "override")
    return Settings(values, source=source)


def render_markdown() -> str:
    """``docs/settings.md``: every setting with its default and meaning (``make docs``)."""
    lines = [
        "# Settings",
        "",
        "Every setting, its embedded default and what it does. Set them in a TOML file passed",
        "with `dlpmilter --config FILE` (keys at the top level), or as `DLPMILTER_<NAME>`",
        "environment variables (lists comma-separated), which win over the file. An unknown",
        "name or a value of the wrong type stops start-up with an error naming the file and key.",
        "",
        "This page is generated from `milter/dlpmilter/settings.py` by `make docs`; a test keeps",
        "it current.",
        "",
        "| setting | default | meaning |",
        "|---|---|---|",
    ]
    for s in SETTINGS:
        default = s.default
        shown = s.shown_default or (
            "`" + str(default).lower() + "`"
            if isinstance(default, bool)
            else f"`{default}`"
            if default not in ("", [])
            else "(empty)"
        )
        lines.append(f"| `{s.name}` | {shown} | {s.help} |")
    return "\n".join(lines) + "\n"
