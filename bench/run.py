"""The throughput benchmark: synthetic corpora of increasing size through the build.

For each size N: make the corpus (``bench/synth.py``, cached under ``--work``); run
the stages one by one on one core with ``jieba.posseg`` as a yardstick
(``bench/stages.py``, for N up to ``--stages-max``); run ``kg build`` end to end with
``--jobs 1`` and ``--jobs 2`` (records only, for the speed-up) and a full build (Turtle
and a subgraph viewer) with ``--jobs 2``, sampling the memory (RSS and PSS) of the process tree;
time every saved SPARQL query on the built graph. Results go to
``bench/results/nN.json``; ``--table`` rewrites the table in ``bench/README.md``.

    python bench/run.py --sizes 1000
    python bench/run.py --sizes 10000 --stages-max 0 --full-formats jsonl,html
    python bench/run.py --table
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import psutil

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
sys.path.insert(0, str(HERE))


def machine() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo", encoding="utf-8")
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "python": platform.python_version(), "platform": platform.platform()}


def corpus(n: int, seed: int, work: Path) -> tuple[Path, dict[str, Any]]:
    folder = work / f"corpus-{n}-s{seed}"
    info_file = folder / "corpus.json"
    if not info_file.exists():
        from synth import write_corpus

        t0 = time.perf_counter()
        info = write_corpus(n, folder / "in", seed=seed)
        info["seconds"] = round(time.perf_counter() - t0, 1)
        info_file.write_text(json.dumps(info), encoding="utf-8")
    return folder / "in", json.loads(info_file.read_text(encoding="utf-8"))


class TreeMemory:
    """Samples the memory of a process and its children (workers) until stopped.

    Two sums over the tree: RSS, which counts a page shared by forked processes once per
    process (so it overstates a build whose viewer pool forks off the large main process),
    and PSS (proportional set size, from ``/proc/PID/smaps_rollup``), which splits each
    shared page among its sharers and so adds up to the memory the build really takes.
    Also the main process's own peak RSS."""

    def __init__(self, pid: int, every: float = 0.25) -> None:
        self.proc, self.every = psutil.Process(pid), every
        self.peak = {"rss": 0, "pss": 0, "main_rss": 0}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        rss = pss = 0
        for i, p in enumerate([self.proc] + self.proc.children(recursive=True)):
            try:
                mem = p.memory_full_info()
            except psutil.Error:  # ended between the listing and the reading
                continue
            rss, pss = rss + mem.rss, pss + mem.pss
            if i == 0:
                self.peak["main_rss"] = max(self.peak["main_rss"], mem.rss)
        self.peak["rss"], self.peak["pss"] = max(self.peak["rss"], rss), max(self.peak["pss"], pss)

    def _run(self) -> None:
        # reading smaps_rollup walks a process's page tables: at 100k articles, sampling every
        # 0.25 s took a tenth of a core from the build. The interval grows to 2 s over the first
        # minutes; the phases of a long build (and their memory) last far longer than that.
        t0 = time.perf_counter()
        while not self._stop.is_set():
            try:
                self._sample()
            except psutil.Error:
                pass
            self._stop.wait(min(2.0, self.every + (time.perf_counter() - t0) / 120))

    def stop(self) -> dict[str, float]:
        """Peak MB: ``peak_rss_mb`` (summed RSS), ``peak_pss_mb`` (summed PSS), ``peak_main_rss_mb``."""
        self._stop.set()
        self._thread.join()
        return {f"peak_{k}_mb": round(v / 2**20, 1) for k, v in self.peak.items()}


def _spin(n: int) -> float:
    t0 = time.perf_counter()
    x = 0
    for i in range(n):
        x += i
    return time.perf_counter() - t0


def calibrate(n: int = 20_000_000) -> float:
    """How much faster two CPU-bound processes get through the same work than one, right now:
    2.0 on an idle 2-core machine, less when other jobs share it. The build's speed-up is
    read against it (parallel efficiency = speed-up / this)."""
    import multiprocessing as mp

    one = _spin(n)
    t0 = time.perf_counter()
    with mp.get_context("fork").Pool(2) as pool:
        pool.map(_spin, [n, n])
    return round(2 * one / (time.perf_counter() - t0), 2)


def subprocess_json(args: list[str], timeout: float | None = None) -> tuple[dict[str, Any], float, dict[str, float]]:
    """Run a Python child that prints JSON last; returns (its JSON, wall seconds, peak memory
    of its process tree in MB, see :class:`TreeMemory`)."""
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    rss = TreeMemory(proc.pid)
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        rss.stop()
        raise
    wall, peak = time.perf_counter() - t0, rss.stop()
    if proc.returncode not in (0, 3):
        raise RuntimeError(f"{args} failed with exit code {proc.returncode}")
    return json.loads(out.strip().splitlines()[-1]), round(wall, 2), peak


def build_one(inputs: str, out: str, jobs: int, formats: str, view_max_nodes: int) -> None:
    """(child) One build; prints the report as JSON."""
    from kg.build import BuildOptions, build

    opts = BuildOptions(formats=tuple(formats.split(",")), jobs=jobs, view={"view_max_nodes": view_max_nodes})
    r = build([inputs], out, opts)
    from multiprocessing import forkserver

    # the viewer's readers are children of the fork server: reaping it counts their CPU here
    getattr(getattr(forkserver, "_forkserver", None), "_stop", lambda: None)()
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"cpu_main_s": round(own.ru_utime + own.ru_stime, 1),
                      "cpu_workers_s": round(kids.ru_utime + kids.ru_stime, 1),"articles": r.articles, "chars": r.chars, "skipped": len(r.skipped), "entities": r.entities,
                      "relations": r.relations, "metrics": r.metrics, "seconds": round(r.seconds, 2),
                      "stages": {k: round(v, 2) for k, v in r.stages.items()},
                      "outputs": {k: {x: y for x, y in v.items() if x != "path"} for k, v in r.outputs.items()}}))


def sparql_one(graph: str, name: str) -> None:
    """(child) Open the graph's store and run one saved query; prints its time and rows as JSON."""
    from kg.graph.sparql import open_store, run, saved_queries

    store = open_store(graph, store=None)
    res = run(store, saved_queries()[name].text)
    print(json.dumps({"seconds": round(res.seconds, 3), "rows": len(res.rows)}))


def sparql(graph: Path, timeout: float = 300) -> dict[str, Any]:
    """Every saved query on the built graph, each in a child process with a time limit.
    The graph is loaded once first (in memory, or into the on-disk store for a large file;
    ``kg.graph.sparql.open_store``), and that time is reported apart."""
    from kg.graph.sparql import open_store, saved_queries

    t0 = time.perf_counter()
    store = open_store(graph, store=None)
    out: dict[str, Any] = {"load_s": round(time.perf_counter() - t0, 2), "triples": len(store), "queries": {}}
    del store
    for name in saved_queries():
        try:
            out["queries"][name] = subprocess_json([str(HERE / "run.py"), "--sparql-one", str(graph), name],
                                                   timeout=timeout)[0]
        except subprocess.TimeoutExpired:
            out["queries"][name] = {"seconds": None, "timeout_s": timeout}
    return out


def bench_size(n: int, args: argparse.Namespace) -> dict[str, Any]:
    work = Path(args.work)
    inputs, info = corpus(n, args.seed, work)
    res: dict[str, Any] = {"articles": n, "corpus": info, "machine": machine(),
                           "load_avg_start": os.getloadavg(), "when": time.strftime("%Y-%m-%d %H:%M")}
    here = str(HERE / "run.py")
    if n <= args.stages_max:
        res["stages"], res["stages_wall_s"], mem = subprocess_json(
            [str(HERE / "stages.py"), str(inputs), str(work / f"stages-{n}")])
        res["stages_peak_rss_mb"] = mem["peak_rss_mb"]
        ext, jb = res["stages"]["extraction"], res["stages"]["jieba.posseg"]
        res["extraction_vs_jieba"] = round(ext["chars_per_s"] / jb["chars_per_s"], 2)
    builds: dict[str, Any] = {}
    if len(args.jobs) >= 2:
        res["calibration_before"] = calibrate()
    for jobs in args.jobs:
        report, wall, peak = subprocess_json([here, "--build-one", str(inputs), str(work / f"out-{n}-j{jobs}"),
                                              str(jobs), "jsonl", "300"])
        builds[f"records_j{jobs}"] = {"wall_s": wall, **peak, **report}
    if len(args.jobs) >= 2:
        a, b = (builds[f"records_j{j}"]["stages"]["extract"] for j in args.jobs[:2])
        res["speedup"] = round(a / b, 2)
        res["calibration_after"] = calibrate()
        res["parallel_efficiency"] = round(res["speedup"] / max(0.01, min(2.0, (res["calibration_before"]
                                                                             + res["calibration_after"]) / 2)), 2)
    if args.full_formats:
        out = work / f"out-{n}-full"
        report, wall, peak = subprocess_json([here, "--build-one", str(inputs), str(out), str(args.full_jobs),
                                              args.full_formats, str(args.view_max_nodes)])
        builds["full"] = {"jobs": args.full_jobs, "formats": args.full_formats, "wall_s": wall, **peak,
                          **report}
        res["builds"] = builds
        (RESULTS / f"n{n}.json").write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        if (out / "kg.ttl").exists() and args.query_timeout > 0:  # the build's figures are saved first
            res["sparql"] = sparql(out, args.query_timeout)
    res["builds"] = builds
    res["load_avg_end"] = os.getloadavg()
    return res


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000", help="comma-separated corpus sizes (articles)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--work", default="/tmp/kg-bench", help="folder for corpora and outputs")
    ap.add_argument("--stages-max", type=int, default=1000, help="per-stage run only up to this size")
    ap.add_argument("--jobs", default="1,2", help="--jobs values compared for the speed-up ('' to skip)")
    ap.add_argument("--full-jobs", type=int, default=2, help="--jobs of the full build")
    ap.add_argument("--full-formats", default="jsonl,ttl,html", help="formats of the full build ('' to skip)")
    ap.add_argument("--view-max-nodes", type=int, default=300)
    ap.add_argument("--query-timeout", type=float, default=300, help="seconds each saved query may take (0: no SPARQL)")
    ap.add_argument("--table", action="store_true", help="only rewrite the table in bench/README.md")
    ap.add_argument("--build-one", nargs=5, help=argparse.SUPPRESS)  # IN OUT JOBS FORMATS VIEW_MAX (child)
    ap.add_argument("--sparql-one", nargs=2, help=argparse.SUPPRESS)  # GRAPH QUERY (child)
    args = ap.parse_args(argv)
    if args.sparql_one:
        return sparql_one(*args.sparql_one)
    if args.build_one:
        i, o, j, f, v = args.build_one
        return build_one(i, o, int(j), f, int(v))
    if not args.table:
        args.jobs = [int(j) for j in args.jobs.split(",") if j]
        RESULTS.mkdir(exist_ok=True)
        for n in (int(s) for s in args.sizes.split(",") if s):
            res = bench_size(n, args)
            (RESULTS / f"n{n}.json").write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            print(json.dumps({"articles": n, "speedup": res.get("speedup"),
                              "extraction_vs_jieba": res.get("extraction_vs_jieba")}))
    from table import write_readme

    write_readme(RESULTS, HERE / "README.md")


if __name__ == "__main__":
    main()
