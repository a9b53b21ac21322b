#!/usr/bin/env python3
"""In-memory copy per worker vs the shared on-disk store: the numbers behind
docs/architecture.md.

    python bench/engine_modes.py --triples 100000 1000000 [--runs 5]

For each size: generate a synthetic graph (bench/generate.py), build it (`ilokg.store.build`,
no SHACL), then, in a fresh spawned process per engine mode, open the store the way a query
worker does (ilokg.engine.worker.open_store: `memory` bulk-loads the N-Quads dump into an
in-memory pyoxigraph store, `disk` opens the RocksDB store read-only) and time a few query
shapes through the worker's own `evaluate` (parse, evaluate, render JSON with the row cap).
Reports open time, RSS after opening and after the queries, and the median of `--runs` runs
(after one warm-up run) per query. Engine level only: no HTTP.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
PREFIXES = """PREFIX ilokg: <https://w3id.org/ilo-china-kg/def/ilokg#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <http://schema.org/>
PREFIX dct: <http://purl.org/dc/terms/>
"""
QUERIES = {
    "lookup": "SELECT ?p ?o WHERE { <https://w3id.org/ilo-china-kg/id/organization/ilo> ?p ?o }",
    "aggregate": "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t",
    "text filter": "SELECT ?s ?l WHERE { ?s rdfs:label ?l "
    'FILTER(CONTAINS(LCASE(STR(?l)), "skills")) }',
    "3-hop join": "SELECT ?a ?c WHERE { ?a schema:funder ?b . ?b ?q ?c . ?c a ?t }",
    "OPTIONAL listing": "SELECT ?s ?l ?d ?src WHERE { ?s a ilokg:Project "
    "OPTIONAL { ?s rdfs:label ?l } OPTIONAL { ?s ilokg:startDate ?d } "
    "OPTIONAL { ?s prov:wasDerivedFrom ?src } }",
}


def rss_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as fh:
        import os

        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def measure(build: str, mode: str, runs: int, out: Any) -> None:
    from ilokg.engine.worker import evaluate, open_store

    base = rss_mb()
    started = time.perf_counter()
    store = open_store(Path(build), mode)
    opened = time.perf_counter() - started
    after_open = rss_mb()
    result: dict[str, Any] = {"open_s": opened, "rss_open_mb": after_open - base, "queries": {}}
    for name, text in QUERIES.items():
        req = {"query": PREFIXES + text, "solution_format": "json", "max_rows": 10000}
        reply = evaluate(store, req, True, {})  # warm-up
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            reply = evaluate(store, req, True, {})
            times.append(time.perf_counter() - t)
        result["queries"][name] = {
            "ms": statistics.median(times) * 1000,
            "rows": reply.get("rows"),
            "error": reply.get("message"),
        }
    result["rss_end_mb"] = rss_mb() - base
    out.send(result)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ctx = mp.get_context("spawn")
    with tempfile.TemporaryDirectory(prefix="ilokg-modes-") as tmp:
        for size in args.triples:
            root = Path(tmp) / f"kg{size}"
            subprocess.run(
                [
                    sys.executable,
                    str(REPO / "bench" / "generate.py"),
                    "--triples",
                    str(size),
                    "--out",
                    str(root),
                ],
                check=True,
                capture_output=True,
            )
            from ilokg.namespaces import Namespaces
            from ilokg.store import build

            t = time.perf_counter()
            result = build(Path(tmp) / f"store{size}", Namespaces(), root=root, validate=False)
            print(
                f"\n## {result.manifest['triples']:,} triples "
                f"(build {time.perf_counter() - t:.1f} s)\n"
            )
            rows = {}
            for mode in ("memory", "disk"):
                parent, child = ctx.Pipe()
                proc = ctx.Process(target=measure, args=(str(result.path), mode, args.runs, child))
                proc.start()
                rows[mode] = parent.recv()
                proc.join()
            print("| | memory | disk | disk / memory |\n|---|---:|---:|---:|")
            m, d = rows["memory"], rows["disk"]
            print(f"| open the store | {m['open_s']:.2f} s | {d['open_s']:.3f} s | |")
            print(
                f"| RSS after opening | {m['rss_open_mb']:.0f} MB | {d['rss_open_mb']:.0f} MB | |"
            )
            print(
                f"| RSS after the queries | {m['rss_end_mb']:.0f} MB | {d['rss_end_mb']:.0f} MB | |"
            )
            for name in QUERIES:
                qm, qd = m["queries"][name], d["queries"][name]
                ratio = qd["ms"] / qm["ms"] if qm["ms"] else float("nan")
                print(
                    f"| {name} ({qm['rows']} rows) | {qm['ms']:.1f} ms | {qd['ms']:.1f} ms | "
                    f"{ratio:.1f}× |"
                )


if __name__ == "__main__":
    main()
