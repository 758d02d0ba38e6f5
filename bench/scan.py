"""Scan throughput and accuracy: dlpmilter's engine against stock Presidio on one corpus."""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
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


def _run(samples: Sequence[Sample], flagged: Callable[[bytes], set[str]]) -> dict[str, Any]:
    """Time ``flagged`` on every sample once (after a warm-up); messages/s and accuracy."""
    flagged(samples[0].raw)
    times: list[float] = []
    predicted: list[set[str]] = []
    for sample in samples:
        elapsed, labels = timed(lambda s=sample: flagged(s.raw))
        times.append(elapsed)
        predicted.append(labels)
    return {
        "messages": len(samples),
        "messages_per_s": round(len(samples) / sum(times), 1),
        "median_ms": round(statistics.median(times) * 1000, 3),
        **_accuracy(samples, predicted),
    }


def run_dlpmilter(inspector: Inspector, samples: Sequence[Sample]) -> dict[str, Any]:
    """dlpmilter's engine: a message counts as flagged when it is not simply delivered."""

    def flagged(raw: bytes) -> set[str]:
        verdict = inspector.inspect(raw).verdict
        return set(verdict.labels) if verdict.action.label != "deliver" else set()

    return _run(samples, flagged)


def run_presidio(baseline: Any, samples: Sequence[Sample]) -> dict[str, Any]:
    """The Presidio baseline on the same samples."""

    def flagged(raw: bytes) -> set[str]:
        label = baseline.classify(raw).label
        return {label} if label else set()

    return _run(samples, flagged)
