"""Scan throughput and accuracy: dlpmilter's engine against stock Presidio on one corpus."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

from mailcorpus import Sample
from measure import timed

from dlpmilter.inspector import Inspector

LABELS = ("PHI", "PII", "PCI")


def _accuracy(samples: Sequence[Sample], predicted: Sequence[set[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for label in LABELS:
        wanted = [p for s, p in zip(samples, predicted, strict=True) if s.label == label]
        caught = sum(1 for p in wanted if p)  # flagged with any label counts as caught
        out[f"recall_{label}"] = round(caught / len(wanted), 4) if wanted else None
    clean = [p for s, p in zip(samples, predicted, strict=True) if not s.label]
    out["clean_pass_through"] = (
        round(sum(1 for p in clean if not p) / len(clean), 4) if clean else None
    )
    return out


def run_dlpmilter(inspector: Inspector, samples: Sequence[Sample]) -> dict[str, Any]:
    """Inspect every sample once (after a warm-up); messages/s on one process, accuracy."""
    inspector.inspect(samples[0].raw)
    times: list[float] = []
    predicted: list[set[str]] = []
    for sample in samples:
        elapsed, inspection = timed(lambda s=sample: inspector.inspect(s.raw))
        times.append(elapsed)
        verdict = inspection.verdict
        flagged = set(verdict.labels) if verdict.action.label != "deliver" else set()
        predicted.append(flagged)
    total = sum(times)
    return {
        "messages": len(samples),
        "messages_per_s": round(len(samples) / total, 1),
        "median_ms": round(statistics.median(times) * 1000, 3),
        **_accuracy(samples, predicted),
    }


def run_presidio(baseline: Any, samples: Sequence[Sample]) -> dict[str, Any]:
    """The same for the Presidio baseline."""
    baseline.classify(samples[0].raw)
    times: list[float] = []
    predicted: list[set[str]] = []
    for sample in samples:
        elapsed, result = timed(lambda s=sample: baseline.classify(s.raw))
        times.append(elapsed)
        predicted.append({result.label} if result.label else set())
    total = sum(times)
    return {
        "messages": len(samples),
        "messages_per_s": round(len(samples) / total, 1),
        "median_ms": round(statistics.median(times) * 1000, 3),
        **_accuracy(samples, predicted),
    }
