"""The `memory` backend: rdflib in memory. For tiny tests and experiments — NOT for serving.

rdflib's own SPARQL engine is 10–100× slower than Oxigraph (docs/architecture.md), it
runs in this process, and its evaluation cannot be stopped: a query that passes the
timeout gets QueryTimeout (503) but keeps running in its thread until it ends, holding
one of `max_threads` slots; a query that finds no free slot gets EngineBusy (503).

The graph is the knowledge files of `root` (ontology/ and data/), each file in its own
named graph with the same names as the Oxigraph build, and the default graph is their
union — an RDF merge, so a triple stated in two files counts once (Oxigraph's union
default graph counts it once per graph). Results are rendered by the same Oxigraph
writers as the other backends.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import BNode, Literal, Node, URIRef

from ..errors import EngineBusy, EngineUnavailable, QueryRejected, QueryTimeout
from ..files import model_files
from ..namespaces import Namespaces
from ..rdfio import content_hash, parse_with_oxigraph, read_sources
from .base import QueryRequest, QueryResult, Term
from .formats import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    render_boolean,
    render_triples,
    render_tsv_bytes,
)


def _to_ox(term: Node | None) -> ox.NamedNode | ox.BlankNode | ox.Literal | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise ValueError(f"unsupported term {term!r}")


def _to_rdflib(term: Term) -> Node:
    if term[0] == "iri":
        return URIRef(term[1])
    if term[0] == "bnode":
        return BNode(term[1])
    datatype = term[2] if len(term) > 2 and term[2] else None
    lang = term[3] if len(term) > 3 and term[3] else None
    return Literal(term[1], lang=lang, datatype=None if lang else datatype)


class RdflibEngine:
    name = "memory"

    def __init__(
        self,
        root: Path,
        ns: Namespaces,
        *,
        prefixes: dict[str, str] | None = None,
        on_manifest: Callable[[dict[str, Any] | None], None] | None = None,
        max_threads: int = 2,
    ) -> None:
        self.root = root
        self.ns = ns
        self.prefixes = prefixes or ns.serialization_prefixes()
        self.on_manifest = on_manifest
        self.dataset: rdflib.Dataset | None = None
        self.manifest: dict[str, Any] | None = None
        self._slots = asyncio.Semaphore(max_threads)

    def _load(self) -> None:
        from ..store import _graph_name

        files = read_sources(model_files(self.root), self.root, self.ns)
        ds = rdflib.Dataset(default_union=True)
        graphs = []
        for f in files:
            name = _graph_name(self.ns, f)
            graph = ds.graph(URIRef(name))
            for q in parse_with_oxigraph(f):
                s, p, o = (_to_rdflib(_term_tuple(t)) for t in (q.subject, q.predicate, q.object))
                graph.add((s, p, o))
            if len(graph):
                graphs.append(name)
        self.dataset = ds
        self.manifest = {
            "hash": content_hash(files),
            "triples": sum(len(ds.graph(URIRef(g))) for g in graphs),
            "graphs": sorted(graphs),
            "backend": "memory",
            "union_default_graph": True,
            "files": [f.rel for f in files],
        }

    async def start(self) -> None:
        await asyncio.to_thread(self._load)
        if self.on_manifest is not None:
            self.on_manifest(self.manifest)

    def healthy(self) -> bool:
        return self.dataset is not None

    async def close(self) -> None:
        self.dataset = None

    def _run(self, request: QueryRequest) -> QueryResult:
        assert self.dataset is not None
        started = time.perf_counter()
        bindings: dict[str, Any] = {k: _to_rdflib(v) for k, v in request.substitutions.items()}
        try:
            result = self.dataset.query(
                request.query, initBindings=bindings or None, base=request.base_iri
            )
        except Exception as exc:  # rdflib raises pyparsing errors and many others
            raise QueryRejected(
                f"the query could not be evaluated: {exc}", code="evaluation_error"
            ) from None
        if result.type == "ASK":
            fmt = SOLUTION_FORMATS[request.solution_format]
            body, rows, cut, kind = render_boolean(bool(result.askAnswer), fmt), 1, False, "boolean"
        elif result.type == "SELECT":
            fmt = SOLUTION_FORMATS[request.solution_format]
            names = [str(v) for v in result.vars or []]
            lines = ["\t".join(f"?{n}" for n in names)]
            for i, row in enumerate(result):
                if i > request.max_rows:
                    break
                cells = [row[n] for n in names]  # type: ignore[index,call-overload]
                lines.append("\t".join("" if c is None else str(_to_ox(c)) for c in cells))
            tsv = ("\n".join(lines) + "\n").encode("utf-8")
            body, rows, cut = render_tsv_bytes(tsv, fmt, request.max_rows)
            kind = "solutions"
        else:
            fmt = GRAPH_FORMATS[request.graph_format]
            triples = (
                ox.Triple(*(_to_ox(t) for t in triple))  # type: ignore[arg-type,union-attr]
                for triple in result
            )
            body, rows, cut = render_triples(triples, fmt, request.max_rows, self.prefixes)
            kind = "graph"
        return QueryResult(kind, fmt.media_type, body, rows, cut, time.perf_counter() - started)

    async def execute(self, request: QueryRequest, timeout: float) -> QueryResult:
        if self.dataset is None:
            raise EngineUnavailable("the rdflib engine is not loaded")
        if self._slots.locked():
            raise EngineBusy("the rdflib engine is busy; retry in a few seconds")
        await self._slots.acquire()
        loop = asyncio.get_running_loop()
        future: asyncio.Future[QueryResult] = loop.create_future()

        def settle(result: QueryResult | None, error: BaseException | None) -> None:
            self._slots.release()  # freed when the thread really ends, not at the timeout
            if not future.done():
                if error is not None:
                    future.set_exception(error)
                else:
                    future.set_result(result)  # type: ignore[arg-type]

        def work() -> None:
            result, error = None, None
            try:
                result = self._run(request)
            except BaseException as exc:  # handed to the caller
                error = exc
            with contextlib.suppress(RuntimeError):  # the loop may be gone
                loop.call_soon_threadsafe(settle, result, error)

        # a daemon thread: a query still running never holds the process at exit
        threading.Thread(target=work, name="ilokg-rdflib-query", daemon=True).start()
        try:
            return await asyncio.wait_for(asyncio.shield(future), timeout)
        except TimeoutError:
            raise QueryTimeout(
                f"the query passed {timeout:g} s (ILOKG_QUERY_TIMEOUT); the rdflib backend "
                "cannot stop it and is for tests only"
            ) from None


def _term_tuple(term: Any) -> Term:
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value)
    return (
        "literal",
        term.value,
        term.datatype.value if not term.language else "",
        term.language or "",
    )
