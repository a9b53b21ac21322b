"""The rdflib `memory` backend (tests and experiments only): same answers, a timeout."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from ilokg.engine.base import QueryRequest
from ilokg.engine.memory import RdflibEngine
from ilokg.engine.worker import evaluate
from ilokg.errors import EngineBusy, QueryTimeout
from ilokg.namespaces import Namespaces

from ..helpers import ROOT


def test_rdflib_engine_answers_like_oxigraph_and_times_out(project_store: Path) -> None:
    local = ox.Store.read_only(str(project_store.resolve() / "oxigraph"))
    queries = [
        # (rdflib's union default graph is a set: a triple stated in two files counts once,
        # where Oxigraph's union counts it per graph; these queries do not depend on that)
        ("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", "csv"),
        ("SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t ORDER BY ?t", "csv"),
        (
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
            "csv",
        ),
        ("ASK { ?s a <http://schema.org/Country> }", "json"),
    ]

    async def scenario() -> None:
        seen: list[object] = []
        engine = RdflibEngine(ROOT, Namespaces(), on_manifest=seen.append, max_threads=1)
        await engine.start()
        try:
            assert engine.healthy() and seen and engine.manifest is not None
            assert engine.manifest["triples"] == len(local)
            for query, fmt in queries:
                got = await engine.execute(QueryRequest(query, solution_format=fmt), 30)
                want = evaluate(local, {"query": query, "solution_format": fmt}, True, {})
                assert got.body == want["body"], query
            # parameters are bound as initial bindings
            subs = {"t": ("iri", "http://schema.org/Country")}
            got = await engine.execute(
                QueryRequest(
                    "SELECT ?s WHERE { ?s a ?t } ORDER BY ?s",
                    solution_format="json",
                    substitutions=subs,
                ),
                30,
            )
            assert len(json.loads(got.body)["results"]["bindings"]) > 1
            graph = await engine.execute(
                QueryRequest(
                    "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }", graph_format="ntriples", max_rows=5
                ),
                30,
            )
            assert (graph.rows, graph.truncated) == (5, True)
            # best effort: the caller gets QueryTimeout; the thread runs on, holding the slot
            slow = QueryRequest(
                "SELECT (COUNT(*) AS ?n) WHERE { ?a a ?t . ?b a ?u . "
                "?b a <http://schema.org/Country> }"
            )  # about 1 s in rdflib
            started = time.monotonic()
            with pytest.raises(QueryTimeout):
                await engine.execute(slow, 0.1)
            assert time.monotonic() - started < 1.0
            with pytest.raises(EngineBusy):
                await engine.execute(QueryRequest("ASK {}"), 1)
        finally:
            await engine.close()

    asyncio.run(scenario())
