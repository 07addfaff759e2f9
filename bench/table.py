"""The results table of ``bench/README.md``, made from ``bench/results/n*.json``.

The README's prose is written by hand; the part between ``<!-- results -->`` and
``<!-- /results -->`` is replaced by :func:`write_readme`.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

START, END = "<!-- results -->", "<!-- /results -->"
STAGES = ("read+normalize", "entities", "relations", "extraction", "graph", "turtle", "viewer", "jieba.posseg")


def _k(x: float | None) -> str:
    return "–" if x is None else f"{x / 1000:,.1f} k"


def _mb(x: float | None) -> str:
    return "–" if x is None else f"{x:,.0f}"


def _load(folder: Path) -> list[dict[str, Any]]:
    runs = [json.loads(p.read_text(encoding="utf-8")) for p in folder.glob("n*.json")]
    return sorted(runs, key=lambda r: r["articles"])


def stage_table(run: dict[str, Any]) -> list[str]:
    rows = ["| stage | CPU s | wall s | chars/s (CPU) | articles/s (CPU) | peak RSS MB |",
            "|---|---:|---:|---:|---:|---:|"]
    for name in STAGES:
        s = run["stages"].get(name)
        if s:
            rows.append(f"| {name} | {s['cpu_s']:.1f} | {s['wall_s']:.1f} | {_k(s.get('chars_per_s'))} | "
                        f"{s.get('articles_per_s', '–')} | {s.get('peak_rss_mb', '–')} |")
    return rows


def build_table(runs: list[dict[str, Any]]) -> list[str]:
    rows = ["| articles | chars | build | formats | jobs | wall s | extract s | ttl s | html s | triples | "
            "peak RSS MB (tree) | peak PSS MB (tree) |", "|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for run in runs:
        for name, b in run.get("builds", {}).items():
            st, outs = b.get("stages", {}), b.get("outputs", {})
            jobs = b.get("jobs", name.rsplit("j", 1)[-1])
            formats = b.get("formats", "jsonl,ttl,html" if name == "full" else "jsonl")
            rows.append(f"| {run['articles']:,} | {run['corpus']['chars'] / 1e6:.1f} M | {name} | {formats} | {jobs} | "
                        f"{b['wall_s']:.0f} | {st.get('extract', 0):.0f} | "
                        f"{st.get('ttl', 0):.0f} | {st.get('html', 0):.0f} | "
                        f"{outs.get('ttl', {}).get('triples', '–')} | {b['peak_rss_mb']:,.0f} | {_mb(b.get('peak_pss_mb'))} |")
    return rows


def _query_cell(c: dict[str, Any]) -> str:
    if c.get("seconds") is None:
        return f"> {c['timeout_s']:.0f} s (stopped)" if c.get("timeout_s") else "–"
    return f"{c['seconds']:.3f} s ({c.get('rows', 0)} rows)"


def sparql_table(runs: list[dict[str, Any]]) -> list[str]:
    with_q = [r for r in runs if r.get("sparql")]
    if not with_q:
        return []
    names = sorted(with_q[-1]["sparql"]["queries"])
    rows = ["| query | " + " | ".join(f"{r['articles']:,} articles" for r in with_q) + " |",
            "|---|" + "---:|" * len(with_q)]
    rows.append("| (load kg.ttl: memory, or on-disk store from 8 MB) | " + " | ".join(f"{r['sparql']['load_s']:.2f} s" for r in with_q) + " |")
    for q in names:
        cells = [r["sparql"]["queries"].get(q, {}) for r in with_q]
        rows.append(f"| {q} | " + " | ".join(_query_cell(c) for c in cells) + " |")
    return rows


def render(runs: list[dict[str, Any]]) -> str:
    if not runs:
        return "(no results yet: run `python bench/run.py`)"
    m = runs[-1]["machine"]
    out = [f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}.", ""]
    out.append("Summary (targets in brackets):")
    out.append("")
    for run in runs:
        bits = [f"**{run['articles']:,} articles** ({run['corpus']['chars'] / 1e6:.1f} M chars, "
                f"load average {run['load_avg_start'][0]:.1f} at the start, {run.get('when', '')})"]
        if "extraction_vs_jieba" in run:
            bits.append(f"extraction {run['extraction_vs_jieba']}× jieba.posseg chars/s [≥ 10×]")
        if "speedup" in run:
            cal = run.get("calibration_before")
            bits.append(f"--jobs 2 speed-up {run['speedup']}× [≥ 1.7×]" + (
                f" while two busy-loop processes got {cal}× / {run['calibration_after']}× (before / after), "
                f"parallel efficiency {run['parallel_efficiency']}" if cal else "")
                + (f" ({run['speedup_note']})" if run.get("speedup_note") else ""))
        full = run.get("builds", {}).get("full")
        if full:
            bits.append(f"full build {full['wall_s'] / 60:.1f} min, peak RSS {full['peak_rss_mb'] / 1024:.2f} GiB"
                        + (f" (PSS {full['peak_pss_mb'] / 1024:.2f} GiB)" if full.get("peak_pss_mb") else ""))
        if run.get("sparql"):
            worst = max(q["seconds"] for q in run["sparql"]["queries"].values())
            bits.append(f"slowest saved query {worst:.2f} s [≤ 2 s]")
        out.append("- " + "; ".join(bits))
    for run in runs:
        if run.get("stages"):
            out += ["", f"Stages on one core, {run['articles']:,} articles (rates over CPU time):", ""]
            out += stage_table(run)
    out += ["", "End-to-end builds (`kg build`; wall time on a shared machine):", ""] + build_table(runs)
    sq = sparql_table(runs)
    if sq:
        out += ["", "Saved SPARQL queries (`kg.graph.sparql`: pyoxigraph, on the on-disk store `kg query` uses for graph files from 8 MB; unbound, every row):", ""] + sq
    return "\n".join(out)


def write_readme(results: Path, readme: Path) -> None:
    text = readme.read_text(encoding="utf-8") if readme.exists() else f"# Benchmark\n\n{START}\n{END}\n"
    if START not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    tail = rest.split(END, 1)[1] if END in rest else ""
    readme.write_text(f"{head}{START}\n{render(_load(results))}\n{END}{tail}", encoding="utf-8")
