"""Where the time goes: parse (with extraction and normalization), each detector, the rules
and decision, and the audit record, summed over the benchmark corpus."""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mailcorpus import Sample

from dlpmilter.audit.log import AuditLog
from dlpmilter.detectors.base import ScanContext
from dlpmilter.engine import classify
from dlpmilter.inspector import Inspector
from dlpmilter.message import parse
from dlpmilter.settings import load_settings

#: The audit stage: building, sealing and appending the record, and the fsync that makes it
#: durable before the milter answers (``audit_fsync_every = 1``), which is most of it.
AUDIT = "audit (record, hash chain, fsync)"


def _detect_timed(inspector: Inspector, message: Any, totals: dict[str, float]) -> None:
    policy = inspector.policy
    prior: list[Any] = []
    for stage in policy.stages:
        stage_prior = tuple(prior)
        for detector in policy.stage(stage):
            start = time.perf_counter()
            if stage == 0 or detector.wanted(message, stage_prior):
                context = ScanContext(message=message, prior=stage_prior)
                for part in message.parts:
                    prior.extend(detector.detect(part, context))
            totals[f"detect:{type(detector).__name__}"] += time.perf_counter() - start


def run(inspector: Inspector, samples: Sequence[Sample]) -> dict[str, Any]:
    """Seconds per stage over all samples, and each stage's share."""
    totals: dict[str, float] = defaultdict(float)
    with tempfile.TemporaryDirectory() as state:
        settings = load_settings(environ={}, overrides={"state_dir": state})
        audit = AuditLog.from_settings(settings, inspector.registry)
        for sample in samples:
            start = time.perf_counter()
            message = parse(sample.raw, inspector.limits)
            totals["parse+extract+normalize"] += time.perf_counter() - start
            _detect_timed(inspector, message, totals)
            start = time.perf_counter()
            verdict = classify(message, inspector.policy)
            totals["classify (whole engine)"] += time.perf_counter() - start
            start = time.perf_counter()
            audit.record_decision(message, verdict)
            totals[AUDIT] += time.perf_counter() - start
        audit.close()
        Path(state, "audit.jsonl").unlink(missing_ok=True)
    detect_total = sum(v for k, v in totals.items() if k.startswith("detect:"))
    totals["rules+decision (classify minus detectors)"] = max(
        0.0, totals["classify (whole engine)"] - detect_total
    )
    grand = totals["parse+extract+normalize"] + totals["classify (whole engine)"] + totals[AUDIT]
    return {
        name: {
            "ms_per_message": round(seconds * 1000 / len(samples), 4),
            "share": round(seconds / grand, 4),
        }
        for name, seconds in sorted(totals.items(), key=lambda kv: -kv[1])
    }
