"""A test-only inspector whose verdict is chosen by trigger words in the message.

Workers import it by name (``trigger_inspector:TriggerInspector``), so the pool, the service
and Postfix tests can drive every outcome without depending on the shipped rule packs:

* ``BLOCKME``, ``QUARANTINEME``, ``PORTALME``, ``ENCRYPTME``, ``TAGME``, ``DEFERME``: that action
  (the most protective one wins);
* ``CRASHME``: the inspection raises; ``EXITME``: the worker process dies;
* ``LIBLOGME``: a library logger (``pypdf._cmap``) logs the message's first body line, as a
  library that quotes what it reads would;
* ``SLEEPME<seconds>`` (``SLEEPME2.5``): the inspection sleeps that long first, with the file
  ``<state_dir>/trigger-sleeping`` present meanwhile.

The file ``<state_dir>/trigger-generation`` (if present) is read when the inspector is built and
reported as a label ``gen:<text>``, so tests can see a reload; if it says ``BROKEN``, building
fails, as a broken rule pack would.
"""

from __future__ import annotations

import logging
import os
import re
import time
from collections.abc import Mapping
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from dlpmilter.errors import ConfigError
from dlpmilter.message import Envelope
from dlpmilter.verdict import Action, RuleHit, Verdict

_SLEEP = re.compile(rb"SLEEPME(\d+(?:\.\d+)?)")

TRIGGERS = {
    b"BLOCKME": Action.BLOCK,
    b"QUARANTINEME": Action.QUARANTINE,
    b"PORTALME": Action.PORTAL,
    b"ENCRYPTME": Action.ENCRYPT,
    b"TAGME": Action.TAG,
    b"DEFERME": Action.TEMPFAIL,
}


class TriggerInspector:
    """Verdicts from trigger words."""

    def __init__(self, settings: Mapping[str, Any]) -> None:
        marker = Path(str(settings["state_dir"])) / "trigger-generation"
        self.generation = marker.read_text().strip() if marker.exists() else "0"
        if self.generation == "BROKEN":
            raise ConfigError(f"{marker}: rule pack does not load")
        self.pid = os.getpid()
        self.sleeping = marker.with_name("trigger-sleeping")

    def inspect(self, raw: bytes, envelope: Envelope | None = None) -> SimpleNamespace:
        """The verdict for one message."""
        if b"CRASHME" in raw:
            raise RuntimeError("inspection crashed")
        if b"EXITME" in raw:
            os._exit(3)
        if b"LIBLOGME" in raw:
            line = raw.split(b"\r\n\r\n", 1)[-1].split(b"\r\n", 1)[0].decode("ascii", "replace")
            logging.getLogger("pypdf._cmap").error("Advanced encoding %s not implemented", line)
        sleep = _SLEEP.search(raw)
        if sleep:
            self.sleeping.touch()
            try:
                time.sleep(float(sleep.group(1)))
            finally:
                self.sleeping.unlink(missing_ok=True)
        found = [action for word, action in TRIGGERS.items() if word in raw]
        action = max(found, default=Action.DELIVER)
        labels = (f"gen:{self.generation}", f"pid:{self.pid}")
        hits = tuple(RuleHit(rule=f"trigger-{a.label}", label="TEST", action=a) for a in found)
        verdict = Verdict(
            action=action,
            labels=labels,
            hits=hits,
            reply="Message blocked by DLP policy" if action is Action.BLOCK else "",
        )
        message_id = ""
        for line in raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip().decode("ascii", "replace")
        return SimpleNamespace(verdict=verdict, message=SimpleNamespace(message_id=message_id))
