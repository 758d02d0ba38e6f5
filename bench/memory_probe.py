"""Run in a fresh process: RSS after building an inspection worker (NER model loaded), and the
peak RSS while inspecting one large message. Prints one JSON object."""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mailcorpus import sized_message
from measure import peak_rss_mb, rss_mb

from dlpmilter.inspector import Inspector


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 30_000_000
    base = rss_mb()
    inspector = Inspector()
    inspector.inspect(sized_message(5_000))
    worker = rss_mb()
    raw = sized_message(size)
    before = rss_mb()
    inspector.inspect(raw)
    print(
        json.dumps(
            {
                "python_mb": round(base, 1),
                "worker_mb": round(worker, 1),
                "message_bytes": len(raw),
                "before_big_mb": round(before, 1),
                "peak_mb": round(peak_rss_mb(), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
