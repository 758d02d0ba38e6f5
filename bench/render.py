"""Render the benchmark figures as ``docs/BENCHMARKS.md``."""

from __future__ import annotations

from typing import Any


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return [*out, ""]


def _ratio(a: float | None, b: float | None) -> str:
    if not a or not b:
        return ""
    return f"{a / b:.1f}×"


def _scan(scan: dict[str, Any]) -> list[str]:
    d, p = scan["dlpmilter"], scan["presidio"]
    keys = (
        "messages",
        "messages_per_s",
        "median_ms",
        "recall_PHI",
        "recall_PII",
        "recall_PCI",
        "clean_pass_through",
    )
    lines = ["## 1. Scan throughput and accuracy (one process)", ""]
    lines += _table(
        ["", *keys],
        [["dlpmilter", *(d.get(k) for k in keys)], ["stock Presidio", *(p.get(k) for k in keys)]],
    )
    lines.append(
        f"dlpmilter inspects **{_ratio(d['messages_per_s'], p['messages_per_s'])}** as many messages per second as Presidio."
    )
    lines.append(
        "Recall counts a message as caught when it is flagged at all; clean pass-through is the share of clean messages delivered untouched."
    )
    return [*lines, ""]


def _postfix(pf: dict[str, Any], cores: int) -> list[str]:
    lines = ["## 2. Through Postfix (smtp-source → Postfix → smtp-sink, concurrency 10)", ""]
    rows = [
        [
            name,
            r.get("messages"),
            r.get("delivered"),
            r.get("messages_per_s"),
            " / ".join(str(x) for x in r.get("rates", ())),
            r.get("error", ""),
        ]
        for name, r in pf["runs"].items()
    ]
    heads = ["setup", "messages", "delivered", "messages/s (median)", "each round", "error"]
    lines += _table(heads, rows)
    if pf.get("rounds"):
        lines += [
            f"{pf['rounds']} round{'s' if pf['rounds'] != 1 else ''}, each running every setup "
            "once in this order; a ratio is the "
            "median of the rounds' own ratios to that round's bare Postfix.",
            "",
        ]
    lines.append(f"With dlpmilter: **{pf.get('ratio')}** of bare Postfix's rate.")
    if pf.get("framework_ratio") is not None:
        lines.append(
            f"With dlpmilter and a no-op inspector: {pf['framework_ratio']} of bare Postfix's "
            "rate (the milter framework alone: libmilter, pymilter, the pool's pipes, the audit "
            "record)."
        )
    if pf.get("floor_ratio") is not None:
        lines.append(
            f"With a no-op milter written in C on libmilter: {pf['floor_ratio']} of bare "
            "Postfix's rate: what Postfix's milter client and libmilter cost any milter."
        )
    if pf.get("python_floor_ratio") is not None:
        lines.append(
            f"With a no-op milter written in Python on pymilter: {pf['python_floor_ratio']} of "
            "bare Postfix's rate: what the Python binding adds to libmilter's floor."
        )
    if pf.get("eom_ms"):
        e = pf["eom_ms"]
        lines.append(
            f"Milter end-of-message latency from its own timing: p50 {e.get('p50')} ms, p99 {e.get('p99')} ms."
        )
    rss = pf["runs"].get("Postfix + dlpmilter (unix socket)", {}).get("rss_mib")
    if rss:
        lines.append(
            f"Resident memory after the run: milter process {rss['own']} MiB, inspection "
            f"workers {', '.join(map(str, rss['workers']))} MiB, forkserver and resource "
            f"tracker {', '.join(map(str, rss['helpers']))} MiB."
        )
    cpu = [[name, *_cpu_cells(r)] for name, r in pf["runs"].items() if r.get("cpu_ms_per_message")]
    if cpu:
        lines += [
            "",
            "CPU milliseconds per delivered message (from `/proc`, while the messages flowed):",
            "",
        ]
        lines += _table(["setup", "whole machine", "milter process", "inspection workers"], cpu)
        lines += _budget(pf, cores)
    return [*lines, ""]


#: The Postfix goal: the share of bare Postfix's rate kept with the milter.
POSTFIX_GOAL = 0.70


def _budget(pf: dict[str, Any], cores: int) -> list[str]:
    """What the goal leaves a milter in CPU per message, when bare Postfix is bound by CPU."""
    runs = pf["runs"]
    bare = runs.get("bare Postfix", {})
    bare_ms = bare.get("cpu_ms_per_message", {}).get("machine")
    if not bare_ms or not bare.get("messages_per_s"):
        return []
    busy = bare_ms * bare["messages_per_s"] / 1000
    budget = (1 / POSTFIX_GOAL - 1) * bare_ms
    added = [
        f"{name} {r['cpu_ms_per_message']['machine'] - bare_ms:.2f} ms"
        for name, r in runs.items()
        if r is not bare and r.get("cpu_ms_per_message", {}).get("machine")
    ]
    return [
        f"Bare Postfix kept {busy:.2f} of the {cores} cores busy, so its rate is bound by CPU: "
        f"to keep {POSTFIX_GOAL:.2f} of it, a milter may add at most "
        f"(1/{POSTFIX_GOAL:.2f} - 1) x {bare_ms} = **{budget:.2f} ms** of CPU per message in all "
        "processes (Postfix's milter client included). Added per message, against bare "
        f"Postfix: {'; '.join(added)}.",
        *_left_after_floor(runs, bare_ms, budget),
    ]


#: The setups the floor paragraph compares (names as in bench/postfix.py's SETUPS).
_PY_FLOOR = "Postfix + a no-op Python milter (pymilter; the floor of any Python milter)"
_FRAMEWORK = "Postfix + dlpmilter, no-op inspector (framework only)"
_FULL = "Postfix + dlpmilter (unix socket)"


def _left_after_floor(runs: dict[str, Any], bare_ms: float, budget: float) -> list[str]:
    """What the budget leaves dlpmilter once any Python milter's floor is paid, and what
    dlpmilter's own processes spend (their CPU varies less between runs than the machine's)."""
    cpu = {
        name: runs.get(name, {}).get("cpu_ms_per_message")
        for name in (_PY_FLOOR, _FRAMEWORK, _FULL)
    }
    if not all(c and c.get("machine") for c in cpu.values()):
        return []
    floor = cpu[_PY_FLOOR]["machine"] - bare_ms  # type: ignore[index]
    own = {name: c["milter"] + c["workers"] for name, c in cpu.items() if c}
    left = (
        f"leaving **{budget - floor:.2f} ms** per message for dlpmilter's own work"
        if budget > floor
        else "more than the whole budget: nothing is left for dlpmilter's own work"
    )
    return [
        "",
        f"Any Python milter pays {floor:.2f} ms of that (the no-op pymilter milter, whole "
        f"machine), {left}. "
        f"In its own processes (milter and workers), dlpmilter's framework with no inspection "
        f"(the spool, the worker pool's pipes, the audit record, the log line) uses "
        f"{own[_FRAMEWORK] - own[_PY_FLOOR]:.2f} ms per message more than the no-op pymilter "
        f"milter, and inspection {own[_FULL] - own[_FRAMEWORK]:.2f} ms more.",
    ]


def _cpu_cells(run: dict[str, Any]) -> list[Any]:
    c = run["cpu_ms_per_message"]
    if not c.get("milter") and not c.get("workers"):
        return [c.get("machine"), "", ""]
    return [c.get("machine"), c.get("milter"), c.get("workers")]


def _scaling(sc: dict[str, Any]) -> list[str]:
    lines = ["## 3. Scaling with size", ""]
    presidio = {r["target"]: r["ms"] for r in sc.get("presidio", [])}
    rows = [[r["target"], r["bytes"], r["ms"], presidio.get(r["target"], "")] for r in sc["bodies"]]
    lines += _table(["body size", "message bytes", "dlpmilter ms", "Presidio ms"], rows)
    by_size = {r["target"]: r["ms"] for r in sc["bodies"]}
    if 10_000 in by_size and 200_000 in by_size:
        lines.append(
            f"200 KB / 10 KB time ratio: **{by_size[200_000] / by_size[10_000]:.1f}** (linear would be 20; the bound is 25)."
        )
    if 10_000 in presidio and 200_000 in presidio:
        lines.append(
            f"Presidio's 200 KB / 10 KB ratio: {presidio[200_000] / presidio[10_000]:.1f}."
        )
    lines.append("")
    rows = [[r["kind"], r["text_bytes"], r["bytes"], r["ms"]] for r in sc["attachments"]]
    lines += _table(["attachment", "text bytes", "message bytes", "dlpmilter ms"], rows)
    return lines


def _memory(mem: dict[str, Any]) -> list[str]:
    lines = ["## 4. Memory", ""]
    lines += _table(
        ["what", "MiB"],
        [
            ["bare interpreter", mem["python_mb"]],
            ["inspection worker, packs and NER model loaded", mem["worker_mb"]],
            [
                f"peak while inspecting a {mem['message_bytes'] / 1e6:.0f} MB message",
                mem["peak_mb"],
            ],
        ],
    )
    return lines


def _stages(st: dict[str, Any]) -> list[str]:
    lines = ["## 5. Where the time goes (per message, over the scan corpus)", ""]
    rows = [[name, v["ms_per_message"], f"{v['share'] * 100:.1f} %"] for name, v in st.items()]
    lines += _table(["stage", "ms per message", "share"], rows)
    lines.append(
        "Detector rows are inside `classify`; the shares of parse, classify and audit add up to 100 %."
    )
    return [*lines, ""]


def _goals(results: dict[str, Any]) -> list[str]:
    """Issue 7's goals against this run's figures."""
    rows: list[list[Any]] = []
    if "scan" in results:
        d, p = results["scan"]["dlpmilter"], results["scan"]["presidio"]
        ratio = d["messages_per_s"] / p["messages_per_s"] if p["messages_per_s"] else 0.0
        rows.append(
            [
                "messages/s against stock Presidio",
                "≥ 10×",
                f"{ratio:.1f}×",
                "yes" if ratio >= 10 else "no",
            ]
        )
    if "postfix" in results and results["postfix"].get("ratio") is not None:
        r = results["postfix"]["ratio"]
        rows.append(
            [
                "through Postfix, share of bare Postfix's rate",
                f"≥ {POSTFIX_GOAL:.2f}",
                r,
                "yes" if r >= POSTFIX_GOAL else "no",
            ]
        )
    if "scaling" in results:
        by_size = {r["target"]: r["ms"] for r in results["scaling"]["bodies"]}
        if 10_000 in by_size and 200_000 in by_size:
            r = by_size[200_000] / by_size[10_000]
            rows.append(["200 KB / 10 KB time", "≤ 25", f"{r:.1f}", "yes" if r <= 25 else "no"])
    if "memory" in results:
        w = results["memory"]["worker_mb"]
        rows.append(["worker RSS with the NER model", "≤ 300 MiB", w, "yes" if w <= 300 else "no"])
    if not rows:
        return []
    return ["## Goals", "", *_table(["goal", "target", "this run", "met"], rows)]


def markdown(results: dict[str, Any], *, command: str) -> str:
    """The whole report."""
    m = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`bench/run.py`); every figure below comes from one run on one",
        "machine, side by side. The machines are shared and noisy: compare ratios, not absolute times.",
        "",
        f"- measured: {m['date']}; {m['cpu']}, {m['cores']} cores; Python {m['python']}; {m['platform']}",
        f"- command: `{command}`",
        "- raw figures: `docs/benchmarks.json`",
        "",
    ]
    if results.get("smoke"):
        lines += ["**Smoke run: tiny sizes, for checking the harness only.**", ""]
    lines += _goals(results)
    for key, fn in (
        ("scan", _scan),
        ("postfix", lambda pf: _postfix(pf, int(m["cores"]))),
        ("scaling", _scaling),
        ("memory", _memory),
        ("stages", _stages),
    ):
        if key in results:
            lines += fn(results[key])
    return "\n".join(lines).rstrip() + "\n"
