"""The `sparql` backend against a real `oxigraph serve`: same answers as the embedded
backend (ad-hoc queries and every canned query), limits kept in front, the store going
away and coming back, and the atomic build switch."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from ilokg.config import Settings
from ilokg.engine.base import QueryRequest
from ilokg.engine.remote import POINTER_GRAPH, RemoteEngine, load_remote, substitute
from ilokg.engine.worker import evaluate
from ilokg.errors import EngineUnavailable, QueryRejected, QueryTimeout, ValidationFailed
from ilokg.store import read_manifest

from ..helpers import ROOT
from .conftest import JSON, OxigraphServer, engine_stats, rows, wait_until

RDFS = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


@pytest.fixture(scope="module")
def graphs(project_store: Path) -> list[str]:
    return list(read_manifest(project_store)["graphs"])


def test_remote_build_matches_the_local_build(
    remote_build: dict[str, Any], project_store: Path, oxigraph: OxigraphServer
) -> None:
    local = read_manifest(project_store)
    assert remote_build["hash"] == local["hash"]
    assert remote_build["triples"] == local["triples"]
    assert remote_build["graphs"] == len(local["graphs"])
    assert "atomic" in remote_build["switch"]
    names = {r["g"]["value"] for r in oxigraph.select("SELECT DISTINCT ?g { GRAPH ?g {} }")}
    assert names == {*local["graphs"], POINTER_GRAPH}  # no staging graph left


def adhoc_queries(graphs: list[str]) -> list[tuple[str, dict[str, Any]]]:
    g1, g2 = graphs[0], graphs[-1]
    return [
        ("SELECT * WHERE { ?s ?p ?o }", {}),  # every term kind, bnodes included
        ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", {}),
        ("SELECT ?t (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t", {}),
        (
            RDFS + "SELECT ?s ?l ?c WHERE { ?s a ?t OPTIONAL { ?s rdfs:label ?l } "
            "OPTIONAL { ?s rdfs:comment ?c } }",
            {},
        ),
        (
            RDFS
            + 'SELECT ?s ?l WHERE { ?s rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), "china")) }',
            {},
        ),
        (RDFS + "SELECT ?a ?b WHERE { ?a rdfs:subClassOf+ ?b }", {}),
        ("SELECT ?s ?o WHERE { ?s ?p ?x . ?x ?q ?o . ?o a <http://schema.org/Country> }", {}),
        (f"SELECT (COUNT(*) AS ?n) FROM <{g1}> WHERE {{ ?s ?p ?o }}", {}),
        (
            f"SELECT ?g (COUNT(*) AS ?n) FROM NAMED <{g2}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} "
            "GROUP BY ?g",
            {},
        ),
        ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"default-graph-uri": g2}),
        (
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
            {"named-graph-uri": g1},
        ),
        ("ASK { ?s a ?t }", {}),
        ("ASK { <urn:nothing> ?p ?o }", {}),
    ]


def without_pointer(answer: Any) -> Any:
    """Rows that do not mention the remote store's build pointer graph (2 triples that
    the union default graph includes in the `oxigraph` dataset mode)."""
    if isinstance(answer, bool):
        return answer
    return type(answer)(
        {
            row: n
            for row, n in answer.items()
            if not any(t and len(t) > 1 and t[1].startswith("urn:ilokg:") for t in row)
        }
    )


def test_same_rows_on_both_backends(server: str, remote_server: str, graphs: list[str]) -> None:
    for query, params in adhoc_queries(graphs):
        embedded, remote = rows(server, query, **params), rows(remote_server, query, **params)
        assert embedded == without_pointer(remote), query
        assert embedded not in (set(), {}), query  # every query has answers
    # the pointer graph is the only difference: its 2 triples
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n_embedded, n_remote = (int(next(iter(rows(b, count)))[0][1]) for b in (server, remote_server))
    assert n_remote == n_embedded + 2
    # FROM really narrows the dataset on both (Oxigraph's union flag would ignore it)
    narrowed = rows(server, f"SELECT (COUNT(*) AS ?n) FROM <{graphs[0]}> WHERE {{ ?s ?p ?o }}")
    assert int(next(iter(narrowed))[0][1]) < n_embedded


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_same_bytes_for_an_ordered_select(server: str, remote_server: str, fmt: str) -> None:
    query = (
        "SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(!isBlank(?s) && !isBlank(?o)) } "
        "ORDER BY ?s ?p ?o LIMIT 300"
    )
    bodies = [
        httpx.post(f"{base}/sparql", data={"query": query, "format": fmt}, timeout=30)
        for base in (server, remote_server)
    ]
    assert [b.status_code for b in bodies] == [200, 200]
    assert bodies[0].content == bodies[1].content
    assert bodies[0].headers["content-type"] == bodies[1].headers["content-type"]


@pytest.mark.parametrize(
    "query",
    [
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s a <http://schema.org/Country> ; ?p ?o }",
        "DESCRIBE ?s WHERE { ?s a ?t FILTER(isIRI(?s)) } ORDER BY ?s LIMIT 5",
    ],
)
def test_same_graph_on_both_backends(server: str, remote_server: str, query: str) -> None:
    got = []
    for base in (server, remote_server):
        r = httpx.post(
            f"{base}/sparql",
            data={"query": query},
            headers={"Accept": "application/n-triples"},
            timeout=30,
        )
        assert r.status_code == 200, r.text
        got.append(rdflib.Graph().parse(data=r.text, format="nt"))
    assert len(got[0]) > 0
    assert isomorphic(got[0], got[1])


def _canned() -> list[Any]:
    try:
        from ilokg.catalog import Catalog
        from ilokg.namespaces import Namespaces
    except ImportError:
        return [pytest.param(None, marks=pytest.mark.skip(reason="no ilokg.catalog yet"))]
    folder = ROOT / "queries"
    if not any(folder.glob("*.rq")):
        return [pytest.param(None, marks=pytest.mark.skip(reason="no queries/*.rq yet"))]
    catalog = Catalog.load(folder, Namespaces())
    return [pytest.param(q.name, id=q.name) for q in catalog]


@pytest.mark.parametrize("name", _canned())
def test_every_canned_query_gives_the_same_rows(server: str, remote_server: str, name: str) -> None:
    """Through the canned-query API, with each query's example parameters (substitutions)."""
    from ilokg.catalog import Catalog

    query = Catalog.load(ROOT / "queries").get(name)
    params = {**query.example_values(), "limit": "1000"}
    answers = []
    for base in (server, remote_server):
        r = httpx.get(f"{base}/api/queries/{name}", params=params, timeout=30)
        assert r.status_code == 200, f"{base}: {r.text[:300]}"
        answers.append(canonical_rows(r.json()["rows"]))
    assert answers[0] == answers[1]


def canonical_rows(rows_: list[Any]) -> list[str]:
    """Rows as sorted JSON, list cells sorted (GROUP_CONCAT order is up to each store)."""

    def cell(v: Any) -> Any:
        return sorted(json.dumps(x, sort_keys=True) for x in v) if isinstance(v, list) else v

    out = []
    for row in rows_:
        items = row.items() if isinstance(row, dict) else enumerate(row)
        out.append(json.dumps({str(k): cell(v) for k, v in items}, sort_keys=True))
    return sorted(out)


def rows_of_srj(data: dict[str, Any]) -> Any:
    from .test_pool import rows_of

    return rows_of(data)


# -- the engine in-process against a store of its own ----------------------------------------


@pytest.fixture(scope="module")
def scratch() -> Iterator[OxigraphServer]:
    """An in-memory `oxigraph serve` for tests that change the store or load it hard."""
    server = OxigraphServer(None, timeout_s=3)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def settings_for(server: OxigraphServer, **extra: Any) -> Settings:
    values: dict[str, Any] = {
        "backend": "sparql",
        "sparql_query_url": f"{server.base}/query",
        "sparql_update_url": f"{server.base}/update",
        "sparql_store_url": f"{server.base}/store",
        **extra,
    }
    return Settings(**values)


def copy_root(tmp: Path) -> Path:
    root = tmp / "root"
    for part in ("ontology", "data", "shapes"):
        shutil.copytree(ROOT / part, root / part)
    return root


def live_graphs(server: OxigraphServer) -> set[str]:
    return {r["g"]["value"] for r in server.select("SELECT DISTINCT ?g { GRAPH ?g {} }")}


def test_switch_to_a_new_build_and_a_failed_load_changes_nothing(
    scratch: OxigraphServer, tmp_path: Path
) -> None:
    root = copy_root(tmp_path)
    first = load_remote(settings_for(scratch), root, lambda _m: None, validate=False)
    assert "atomic" in first["switch"]

    async def scenario() -> None:
        seen: list[Any] = []
        engine = RemoteEngine(f"{scratch.base}/query", on_manifest=seen.append, probe_interval=0.2)
        await engine.start()
        try:
            assert engine.healthy() and engine.manifest is not None
            assert engine.manifest["hash"] == first["hash"]
            # change the data: one file gone, one new
            gone = sorted((root / "data").rglob("*.ttl"))[0]
            gone.unlink()
            (root / "data" / "extra.ttl").write_text(
                "<https://w3id.org/ilo-china-kg/id/thing/x> "
                '<http://www.w3.org/2000/01/rdf-schema#label> "x"@en .\n'
            )
            second = await asyncio.to_thread(
                load_remote, settings_for(scratch), root, lambda _m: None, validate=False
            )
            assert second["previous_hash"] == first["hash"]
            for _ in range(50):
                if engine.manifest and engine.manifest["hash"] == second["hash"]:
                    break
                await asyncio.sleep(0.1)
            assert engine.manifest["hash"] == second["hash"]
            assert seen[-1]["hash"] == second["hash"]
            live = live_graphs(scratch)
            assert live == {*engine.manifest["graphs"], POINTER_GRAPH}
            assert any(g.endswith("/data/extra") for g in live)
            assert not any(g.endswith(gone.stem) for g in live)
            # a load the store refuses changes nothing
            (root / "data" / "extra.ttl").write_text(
                "<https://w3id.org/ilo-china-kg/id/thing/y> "
                '<http://www.w3.org/2000/01/rdf-schema#label> "y"@en .\n'
            )
            broken = settings_for(scratch, sparql_update_url=f"{scratch.base}/no-such-path")
            with pytest.raises(EngineUnavailable):
                await asyncio.to_thread(load_remote, broken, root, lambda _m: None, validate=False)
            assert live_graphs(scratch) == live
            await engine.probe()
            assert engine.manifest["hash"] == second["hash"]
            r = await engine.execute(
                QueryRequest(
                    "SELECT ?l WHERE { <https://w3id.org/ilo-china-kg/id/thing/x> ?p ?l }"
                ),
                5,
            )
            assert b'"x"' in r.body
            # without an update endpoint: graph-by-graph Graph Store Protocol PUTs
            gsp_only = settings_for(scratch, sparql_update_url=None)
            third = await asyncio.to_thread(
                load_remote, gsp_only, root, lambda _m: None, validate=False
            )
            assert "not atomic" in third["switch"]
            await engine.probe()
            assert engine.manifest["hash"] == third["hash"]
            assert live_graphs(scratch) == {*engine.manifest["graphs"], POINTER_GRAPH}
        finally:
            await engine.close()

    asyncio.run(scenario())


def test_validation_runs_first_and_a_violation_changes_nothing(
    scratch: OxigraphServer, tmp_path: Path
) -> None:
    root = tmp_path / "root"
    (root / "shapes").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "shapes" / "s.ttl").write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        "<urn:shape> a sh:NodeShape ; sh:targetClass <urn:Thing> ;\n"
        "  sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .\n"
    )
    (root / "data" / "d.ttl").write_text("<urn:a> a <urn:Thing> .\n")
    before = scratch.select(f"SELECT ?m {{ GRAPH <{POINTER_GRAPH}> {{ ?s ?p ?m }} }}")
    with pytest.raises(ValidationFailed):
        load_remote(settings_for(scratch), root, lambda _m: None)
    assert scratch.select(f"SELECT ?m {{ GRAPH <{POINTER_GRAPH}> {{ ?s ?p ?m }} }}") == before


def test_substitutions_rows_cap_and_timeout_in_process(
    scratch: OxigraphServer, project_store: Path, tmp_path: Path
) -> None:
    """Parameters inlined as escaped VALUES give Oxigraph's substitution answers."""
    load_remote(settings_for(scratch), ROOT, lambda _m: None, validate=False)
    local = ox.Store.read_only(str(project_store.resolve() / "oxigraph"))
    label = next(
        iter(
            local.query(
                "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l "
                "FILTER(LANG(?l) != '') } ORDER BY ?s LIMIT 1",
                use_default_graph_as_union=True,
            )
        )
    )
    subject, literal = label[0], label[1]
    nasty = 'a "quoted" \\ back\nslash } ) ; DROP ALL # \t end'
    cases = [
        ("SELECT ?p ?o ?s WHERE { ?s ?p ?o }", {"s": ("iri", subject.value)}),
        (
            "SELECT ?s ?l WHERE { ?s ?p ?l }",
            {"l": ("literal", literal.value, "", literal.language)},
        ),
        (
            "SELECT ?s ?x WHERE { { SELECT ?s ?x WHERE { ?s ?p ?o FILTER(STR(?o) = STR(?x)) } } }",
            {"x": ("literal", literal.value, "", "")},
        ),
        (
            "SELECT ?x ?n WHERE { OPTIONAL { ?s ?p ?x } BIND(STRLEN(?x) AS ?n) }",
            {"x": ("literal", nasty, "", "")},
        ),
        (
            "SELECT ?s ?x (COUNT(*) AS ?n) WHERE { ?s ?p ?x } GROUP BY ?s ?x",
            {"x": ("literal", literal.value, "", literal.language)},
        ),
    ]

    async def scenario() -> None:
        engine = RemoteEngine(f"{scratch.base}/query")
        await engine.start()
        try:
            for query, subs in cases:
                req = QueryRequest(query, solution_format="json", substitutions=subs)
                remote = json.loads((await engine.execute(req, 10)).body)
                local_reply = evaluate(local, req.to_wire(), True, {})
                assert "error" not in local_reply, local_reply
                embedded = json.loads(local_reply["body"])
                key = lambda b: json.dumps(b, sort_keys=True)  # noqa: E731
                assert sorted(map(key, remote["results"]["bindings"])) == sorted(
                    map(key, embedded["results"]["bindings"])
                ), query
                assert remote["results"]["bindings"], query
            with pytest.raises(QueryRejected):  # not projected: as Oxigraph answers
                await engine.execute(
                    QueryRequest("SELECT ?s { ?s ?p ?x }", substitutions={"x": ("iri", "urn:x")}), 5
                )
            with pytest.raises(QueryRejected):  # an IRI that would break out of <…>
                await engine.execute(
                    QueryRequest(
                        "SELECT ?x { ?s ?p ?x }", substitutions={"x": ("iri", "urn:x> } #")}
                    ),
                    5,
                )
            # the row cap: TSV cut in the stream, then converted
            for fmt in ("json", "csv"):
                r = await engine.execute(
                    QueryRequest("SELECT * { ?s ?p ?o }", max_rows=7, solution_format=fmt), 10
                )
                assert (r.rows, r.truncated) == (7, True)
            r = await engine.execute(
                QueryRequest(
                    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", max_rows=7, graph_format="turtle"
                ),
                10,
            )
            assert (r.rows, r.truncated, r.kind) == (7, True, "graph")
            # our own timeout: the HTTP request is abandoned at the deadline
            started = time.monotonic()
            with pytest.raises(QueryTimeout):
                await engine.execute(
                    QueryRequest("SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"), 1.0
                )
            assert time.monotonic() - started < 2.0
            # the explicit dataset mode: exactly the embedded answer (no pointer graph)
            explicit = RemoteEngine(f"{scratch.base}/query", dataset="explicit")
            await explicit.start()
            try:
                count = QueryRequest("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", solution_format="csv")
                got = (await explicit.execute(count, 10)).body
                assert got == evaluate(local, {**count.to_wire()}, True, {})["body"]
            finally:
                await explicit.close()
            # an operator chain that would crash the store is refused before it is sent
            with pytest.raises(QueryRejected):
                await engine.execute(
                    QueryRequest("SELECT * { FILTER(" + "!" * 10_000 + "true) }"), 5
                )
        finally:
            await engine.close()

    asyncio.run(scenario())


def test_substitute_writes_escaped_values_where_oxigraph_binds_them() -> None:
    sub = {"x": ("iri", "http://e/x")}
    q = (
        "PREFIX a: <http://a/> # ?x { in a comment\n"
        'CONSTRUCT { ?s a:p "?x {" } WHERE { ?s ?p ?x FILTER(?x != "}") }'
    )
    assert substitute(q, sub) == (
        "PREFIX a: <http://a/> # ?x { in a comment\n"
        'CONSTRUCT { ?s a:p "?x {" } WHERE { ?s ?p <http://e/x> FILTER(<http://e/x> != "}") }'
    )
    q = (
        "SELECT ?s ?x (COUNT(*) AS ?n) WHERE { { ?s ?p ?x } UNION { ?s ?q ?o FILTER(?o = ?x) } "
        "BIND(?x AS ?same) FILTER(!BOUND(?x)) VALUES ?x { 1 } } GROUP BY ?s ?x ORDER BY ?x"
    )
    assert substitute(q, sub) == (
        "SELECT ?s (<http://e/x> AS ?x) (COUNT(*) AS ?n) WHERE { { ?s ?p <http://e/x> } UNION "
        "{ ?s ?q ?o FILTER(?o = <http://e/x>) } BIND(?x AS ?same) FILTER(!BOUND(?x)) "
        "VALUES ?x { 1 } } GROUP BY ?s (<http://e/x>) ORDER BY (<http://e/x>)"
    )
    # a sub-SELECT that projects the variable sees the value, one that does not does not
    q = "SELECT ?x ?y WHERE { { SELECT ?x WHERE { ?a ?b ?x } } { SELECT ?y WHERE { ?y ?b ?x } } }"
    assert substitute(q, sub) == (
        "SELECT ?x ?y WHERE { { SELECT (<http://e/x> AS ?x) WHERE { ?a ?b <http://e/x> } } "
        "{ SELECT ?y WHERE { ?y ?b ?x } } }"
    )
    lit = {"x": ("literal", 'a "b" \\ c\n } #', "", "en")}
    assert substitute("ASK { ?s ?p ?x }", lit) == 'ASK { ?s ?p "a \\"b\\" \\\\ c\\n } #"@en }'
    for bad in ("SELECT ?s { ?s ?p ?x }", "SELECT * { ?s ?p ?x }"):
        with pytest.raises(QueryRejected):
            substitute(bad, sub)
    with pytest.raises(QueryRejected):
        substitute("SELECT ?x { ?s ?p ?x }", {"x": ("iri", "http://e/x> } ; DROP ALL #")})


# -- the store going away and coming back (last: it stops the shared oxigraph) ---------------


def test_remote_store_down_gives_503_and_recovers(
    remote_server: str, oxigraph: OxigraphServer
) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    healthy = rows(remote_server, query)
    oxigraph.stop()
    try:
        r = httpx.post(
            f"{remote_server}/sparql", data={"query": query}, headers={"Accept": JSON}, timeout=10
        )
        assert r.status_code == 503
        body = r.json()
        assert body["error"] == "store_unavailable"
        assert "not reachable" in body["message"] and oxigraph.base in body["message"]
        assert r.headers["Retry-After"]
        assert wait_until(
            lambda: httpx.get(f"{remote_server}/healthz", timeout=5).status_code == 503, 5
        )
        health = httpx.get(f"{remote_server}/healthz", timeout=5).json()
        assert "not reachable" in health["engine"]["message"]
    finally:
        oxigraph.start()
    assert wait_until(
        lambda: httpx.get(f"{remote_server}/healthz", timeout=5).status_code == 200, 10
    )
    assert rows(remote_server, query) == healthy
    assert engine_stats(remote_server)["reachable"] is True
