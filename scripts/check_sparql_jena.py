#!/usr/bin/env python3
"""Compare every saved query's rows between ``kg query`` (pyoxigraph) and Apache Jena ARQ.

Usage: check_sparql_jena.py GRAPH.ttl [--jena PATH/sparql-jena.sh] [--no-bound]

Each saved query of kg/queries runs twice per engine: unbound, and with each parameter
bound to a value from the first unbound row (so the VALUES binding is checked too). Rows
are compared as multisets of SPARQL CSV rows (ORDER BY ties may differ between engines);
numbers are compared by value (Jena and Oxigraph spell 875.0 and 875 differently).
Exit 0 when all agree, 1 when some differ, 2 when the tool cannot run.
"""
from __future__ import annotations

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

from kg.graph.results import render
from kg.graph.sparql import bind_params, open_store, run, saved_queries

HERE = Path(__file__).resolve().parent
DEFAULT_JENA = HERE.parents[1] / "shared" / "tools" / "sparql-jena.sh"
# which result column gives an example value for each parameter
EXAMPLE_COLUMN = {"initiative": "initiativeLabel", "place": "placeLabel", "level": "designationLevel",
                  "type": "kind", "subject": "subjectLabel", "object": "objectLabel", "relation": "rel"}
_NUM = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def norm(cell: str) -> str:
    if _NUM.match(cell):
        try:
            return format(Decimal(cell).normalize(), "f")
        except InvalidOperation:
            return cell
    return cell


def parse_csv(text: str) -> tuple[list[str], Counter]:
    reader = list(csv.reader(io.StringIO(text.replace("\r\n", "\n"))))
    if not reader:
        return [], Counter()
    return reader[0], Counter(tuple(norm(c) for c in row) for row in reader[1:])


def jena_csv(jena: Path, graph: Path, text: str) -> tuple[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".rq", encoding="utf-8", delete=False) as fh:
        fh.write(text)
    t0 = time.perf_counter()
    proc = subprocess.run([str(jena), str(graph), fh.name, "csv"], capture_output=True, text=True)
    Path(fh.name).unlink()
    if proc.returncode != 0:
        raise RuntimeError(f"sparql-jena.sh failed ({proc.returncode}): {proc.stderr.strip()[-500:]}")
    return proc.stdout, time.perf_counter() - t0


def cases(graph: Path, bound: bool):
    store = open_store(graph)
    for name, q in saved_queries().items():
        yield name, q.text
        if not bound or not q.params:
            continue
        first = run(store, q.text)
        if not first.rows:
            continue
        values = {}
        for p in q.params:
            col = EXAMPLE_COLUMN.get(p)
            if col in first.variables and first.rows[0][first.variables.index(col)] is not None:
                values[p] = [first.rows[0][first.variables.index(col)].value]
        if values:
            yield f"{name} " + " ".join(f"{k}={v[0]}" for k, v in values.items()), bind_params(q, values)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("graph", type=Path)
    ap.add_argument("--jena", type=Path, default=DEFAULT_JENA)
    ap.add_argument("--no-bound", action="store_true", help="only run the queries unbound")
    args = ap.parse_args(argv)
    if not args.jena.is_file():
        print(f"no Jena tool at {args.jena}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    store = open_store(args.graph)
    print(f"{args.graph}: {len(store)} triples, loaded by pyoxigraph in {time.perf_counter() - t0:.3f} s")
    bad = 0
    for label, text in cases(args.graph, not args.no_bound):
        res = run(store, text)
        ours_head, ours = parse_csv(render(res, "csv"))
        try:
            out, secs = jena_csv(args.jena, args.graph, text)
        except RuntimeError as err:
            print(f"ERROR {label}: {err}")
            return 2
        jena_head, theirs = parse_csv(out)
        same = ours_head == jena_head and ours == theirs
        bad += not same
        print(f"{'same' if same else 'DIFF'}  {label}: kg {sum(ours.values())} rows in {res.seconds * 1000:.1f} ms, "
              f"jena {sum(theirs.values())} rows in {secs:.1f} s (JVM start included)")
        if not same:
            for row in list((ours - theirs).elements())[:5]:
                print(f"    only kg:   {row}")
            for row in list((theirs - ours).elements())[:5]:
                print(f"    only jena: {row}")
            if ours_head != jena_head:
                print(f"    header kg {ours_head} / jena {jena_head}")
    print("all queries agree" if not bad else f"{bad} queries differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
