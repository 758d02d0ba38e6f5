"""``make bench``: measure dlpmilter side by side with stock Presidio and bare Postfix, in one
run, and write ``docs/BENCHMARKS.md`` plus a JSON file of the raw figures.

    python bench/run.py --out docs/BENCHMARKS.md --json docs/benchmarks.json
    python bench/run.py --smoke            # tiny sizes: checks the harness, measures nothing
    python bench/run.py --render docs/benchmarks.json --out docs/BENCHMARKS.md
                                           # the report again from a run's figures

Sections: scan (throughput and accuracy against Presidio), postfix (messages/s through a private
Postfix with and without the milter), scaling (time against message and attachment size),
memory (worker RSS, peak RSS on a 30 MB message), stages (where the time goes).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import mailcorpus  # noqa: E402
import render  # noqa: E402
import scaling  # noqa: E402
import scan  # noqa: E402
import stages  # noqa: E402

from dlpmilter.inspector import Inspector  # noqa: E402
from dlpmilter.settings import load_settings  # noqa: E402

SECTIONS = ("scan", "postfix", "scaling", "memory", "stages")


def machine_facts() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = ""
    try:
        for line in (
            Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace").splitlines()
        ):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
    }


def _baseline(model: str) -> Any:
    from presidio_baseline import PresidioBaseline

    return PresidioBaseline(model)


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Run the chosen sections and return every figure."""
    settings = load_settings(overrides={"state_dir": str(ROOT / "var" / "bench")})
    inspector = Inspector(settings)
    results: dict[str, Any] = {"machine": machine_facts(), "smoke": args.smoke}
    count = 12 if args.smoke else args.messages
    samples = mailcorpus.generate(count, seed=args.seed)
    presidio = (
        _baseline(settings["ner_model"])
        if ("scan" in args.sections or "scaling" in args.sections)
        else None
    )
    if "scan" in args.sections:
        results["scan"] = {
            "dlpmilter": scan.run_dlpmilter(inspector, samples),
            "presidio": scan.run_presidio(
                presidio, samples[: 8 if args.smoke else args.presidio_messages]
            ),
        }
    if "postfix" in args.sections and not args.smoke:
        import postfix

        results["postfix"] = postfix.run(messages=args.postfix_messages, rounds=args.postfix_rounds)
    if "scaling" in args.sections:
        small = (2_000, 10_000) if args.smoke else scaling.BODY_SIZES
        results["scaling"] = {
            "bodies": scaling.bodies(inspector, small),
            "attachments": scaling.attachments(
                inspector, (5_000,) if args.smoke else scaling.ATTACHMENT_SIZES
            ),
            "presidio": scaling.presidio(
                presidio, (2_000,) if args.smoke else scaling.PRESIDIO_SIZES
            ),
        }
    if "memory" in args.sections:
        size = 200_000 if args.smoke else 30_000_000
        probe = subprocess.run(
            [sys.executable, str(HERE / "memory_probe.py"), str(size)],
            capture_output=True, text=True, check=True, env={**os.environ, "DLPMILTER_STATE_DIR": str(ROOT / "var" / "bench")},
        )  # fmt: skip
        results["memory"] = json.loads(probe.stdout)
    if "stages" in args.sections:
        results["stages"] = stages.run(inspector, samples)
    return results


#: What ``make bench`` runs (the command of a report rendered from figures that lack one).
DEFAULT_COMMAND = "python bench/run.py --out docs/BENCHMARKS.md --json docs/benchmarks.json"


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, run, write the report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--out", type=Path, help="Markdown report to write (docs/BENCHMARKS.md)")
    parser.add_argument("--json", type=Path, help="JSON file of the raw figures")
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, to check the harness")
    parser.add_argument("--sections", nargs="+", choices=SECTIONS, default=list(SECTIONS))
    parser.add_argument("--messages", type=int, default=400, help="corpus size for scan and stages")
    parser.add_argument(
        "--presidio-messages", type=int, default=200, help="how many of them Presidio scans"
    )
    parser.add_argument("--postfix-messages", type=int, default=2000)
    parser.add_argument(
        "--postfix-rounds", type=int, default=5, help="rounds of the Postfix setups (medians)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--render",
        type=Path,
        metavar="JSON",
        help="measure nothing: write the report again from the raw figures of an earlier run",
    )
    args = parser.parse_args(argv)
    if args.render:
        results = json.loads(args.render.read_text(encoding="utf-8"))
    else:
        results = run(args)
        results["command"] = " ".join(["python", "bench/run.py", *(argv or sys.argv[1:])])
    if args.json and not args.render:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    text = render.markdown(results, command=results.get("command", DEFAULT_COMMAND))
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
