"""A query worker process: opens the store once, then answers queries from a pipe.

Runs in its own process so that a runaway query can be stopped by killing the
process (Oxigraph evaluation cannot be interrupted from another thread) and so that
an engine crash (a stack overflow on a pathological query) never takes the service
down.
"""

from __future__ import annotations

import os
import signal
import threading
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ..sparqlscan import scan
from .base import Term
from .formats import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    render_boolean,
    render_solutions,
    render_triples,
)

EVAL_STACK_BYTES = 256 * 2**20


def open_store(build: Path, mode: str) -> ox.Store:
    if mode == "disk":
        return ox.Store.read_only(str(build / "oxigraph"))
    store = ox.Store()
    dump = build / "dumps" / "ilokg.nq"
    if dump.is_file() and dump.stat().st_size:
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
    return store


def to_term(term: Term) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    kind = term[0]
    if kind == "iri":
        return ox.NamedNode(term[1])
    if kind == "bnode":
        return ox.BlankNode(term[1])
    value = term[1]
    datatype = term[2] if len(term) > 2 else None
    lang = term[3] if len(term) > 3 else None
    if lang:
        return ox.Literal(value, language=lang)
    if datatype:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))
    return ox.Literal(value)


def has_dataset_clause(query: str) -> bool:
    """True when the query names its own dataset (FROM / FROM NAMED)."""
    shape = scan(query)
    return bool(shape.from_graphs or shape.from_named)


def evaluate(
    store: ox.Store, req: dict[str, Any], union: bool, prefixes: dict[str, str]
) -> dict[str, Any]:
    started = time.perf_counter()
    kwargs: dict[str, Any] = {}
    # Oxigraph's union flag overrides a query's own FROM / FROM NAMED: only set it when
    # the query leaves the dataset to us (SPARQL 1.1 §13.2).
    if union and not has_dataset_clause(req["query"]):
        kwargs["use_default_graph_as_union"] = True
    try:
        if req.get("default_graph"):
            kwargs = {"default_graph": [ox.NamedNode(g) for g in req["default_graph"]]}
        if req.get("named_graphs"):
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in req["named_graphs"]]
        if req.get("substitutions"):
            kwargs["substitutions"] = {
                ox.Variable(name): to_term(term) for name, term in req["substitutions"].items()
            }
        if req.get("base_iri"):
            kwargs["base_iri"] = req["base_iri"]
    except (ValueError, TypeError, IndexError) as exc:
        return {"error": "invalid_parameter", "message": f"invalid graph or parameter value: {exc}"}
    try:
        result = store.query(req["query"], **kwargs)
    except SyntaxError as exc:
        return {"error": "syntax_error", "message": f"SPARQL syntax error: {exc}"}
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return {"error": "evaluation_error", "message": f"the query could not be evaluated: {exc}"}
    max_rows = int(req.get("max_rows", 10000))
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = SOLUTION_FORMATS[req.get("solution_format", "json")]
            body, rows, truncated, kind = render_boolean(bool(result), fmt), 1, False, "boolean"
        elif isinstance(result, ox.QuerySolutions):
            fmt = SOLUTION_FORMATS[req.get("solution_format", "json")]
            body, rows, truncated = render_solutions(result, fmt, max_rows)
            kind = "solutions"
        else:
            fmt = GRAPH_FORMATS[req.get("graph_format", "turtle")]
            body, rows, truncated = render_triples(result, fmt, max_rows, prefixes)
            kind = "graph"
    except (OSError, ValueError, TypeError, RuntimeError, SyntaxError) as exc:
        return {"error": "evaluation_error", "message": f"the query could not be evaluated: {exc}"}
    return {
        "kind": kind,
        "media_type": fmt.media_type,
        "body": body,
        "rows": rows,
        "truncated": truncated,
        "seconds": time.perf_counter() - started,
    }


def rss_bytes() -> int | None:
    """Resident set size of this process (Linux), for the pool's stats."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _watch_parent(parent_pid: int, interval: float = 0.5) -> None:
    """Exit as soon as the serving process is gone, even in the middle of a query.

    Oxigraph releases the GIL while it evaluates, so this thread runs during a runaway
    query; without it a SIGKILLed server would leave a worker burning CPU until its
    query ends (the pipe EOF is only noticed between queries).
    """

    def watch() -> None:
        while True:
            time.sleep(interval)
            if os.getppid() != parent_pid:
                os._exit(0)

    threading.Thread(target=watch, name="ilokg-parent-watch", daemon=True).start()


def main(
    conn: Connection,
    build: str,
    mode: str,
    union: bool,
    prefixes: dict[str, str],
    parent_pid: int | None = None,
) -> None:
    # Ctrl-C reaches the whole process group: the parent decides when workers stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent_pid is not None:
        _watch_parent(parent_pid)
    # Oxigraph parses and evaluates on the calling thread and recurses once per operator
    # of a chain: `FILTER(!!!…!true)` with ~10,000 `!` (depth 2, 10 kB: under every
    # lexical limit) overflows the 8 MiB main-thread stack and kills the process. On a
    # thread with a 256 MiB stack (virtual memory: only the pages used are resident)
    # no query under ILOKG_MAX_QUERY_LENGTH crashes; the slow ones meet the timeout.
    loop = threading.Thread(
        target=_serve, args=(conn, build, mode, union, prefixes), name="ilokg-eval"
    )
    threading.stack_size(EVAL_STACK_BYTES)  # read when the thread starts
    try:
        loop.start()
    finally:
        threading.stack_size(0)
    loop.join()


def _serve(conn: Connection, build: str, mode: str, union: bool, prefixes: dict[str, str]) -> None:
    try:
        store = open_store(Path(build), mode)
    except Exception as exc:  # reported to the parent, which answers 503
        conn.send({"ready": False, "message": f"cannot open the store: {exc}"})
        return
    conn.send({"ready": True, "triples": len(store), "pid": os.getpid(), "rss": rss_bytes()})
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if req is None:
            return
        try:
            reply = evaluate(store, req, union, prefixes)
        except Exception as exc:  # never let one query kill the worker silently
            reply = {
                "error": "evaluation_error",
                "message": f"internal engine error: {exc}",
                "trace": traceback.format_exc(limit=3),
            }
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
