"""Every entity IRI of the graph dereferences, in every format, and parses."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import rdflib

from .conftest import ID, path_of, select

ACCEPT = {
    "text/html": None,
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
CONCURRENCY = 4


def entity_iris(server: str) -> tuple[set[str], dict[str, set[str]]]:
    """(entity IRIs, {entity IRI: its hash-IRI nodes}) of every IRI under …/id/ in the graph."""
    rows = select(
        server,
        f"""
SELECT DISTINCT ?x WHERE {{
  {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }}
  FILTER(isIRI(?x) && STRSTARTS(STR(?x), "{ID}"))
}}""",
    )
    entities: set[str] = set()
    parts: dict[str, set[str]] = {}
    for row in rows:
        base, _, fragment = row["x"].partition("#")
        entities.add(base)
        if fragment:
            parts.setdefault(base, set()).add(row["x"])
    return entities, parts


def problems_of(iri: str, accept: str, r: httpx.Response, parts: set[str]) -> list[str]:
    """What is wrong with one answer (an empty list when nothing is)."""
    where = f"{path_of(iri)} [{accept}]"
    if r.status_code != 200:
        return [f"{where}: HTTP {r.status_code} {r.text[:200]}"]
    found = []
    if "accept" not in r.headers.get("vary", "").lower():
        found.append(f"{where}: no Vary: Accept")
    if not r.headers["content-type"].startswith(accept):
        found.append(f"{where}: Content-Type {r.headers['content-type']}")
    if not r.content.strip():
        return [*found, f"{where}: empty body"]
    fmt = ACCEPT[accept]
    if fmt is None:
        return found if "<h1" in r.text else [*found, f"{where}: no heading in the HTML page"]
    graph = rdflib.Graph()
    try:
        graph.parse(data=r.content, format=fmt, publicID=iri)
    except Exception as exc:  # noqa: BLE001 - any parser error is a finding
        return [*found, f"{where}: does not parse: {exc}"]
    node = rdflib.URIRef(iri)
    if (node, None, None) not in graph and (None, None, node) not in graph:
        found.append(f"{where}: the document does not mention {iri}")
    missing = {
        p
        for p in parts
        if (rdflib.URIRef(p), None, None) not in graph
        and (None, None, rdflib.URIRef(p)) not in graph
    }
    if missing:
        found.append(f"{where}: hash nodes missing: {sorted(missing)[:3]}")
    return found


async def crawl(server: str, entities: dict[str, set[str]]) -> list[str]:
    """Fetch every entity in every format, checking each answer while the next ones run."""
    limit = asyncio.Semaphore(CONCURRENCY)
    async with httpx.AsyncClient(base_url=server, timeout=60) as client:

        async def one(iri: str, accept: str) -> list[str]:
            async with limit:
                r = await client.get(path_of(iri), headers={"Accept": accept})
            return problems_of(iri, accept, r, entities[iri])

        found = await asyncio.gather(*(one(i, a) for i in sorted(entities) for a in ACCEPT))
    return [p for ps in found for p in ps]


def test_every_entity_iri_dereferences_in_every_format(server: str) -> None:
    entities, parts = entity_iris(server)
    assert len(entities) > 50, "the graph should hold the curated entities"
    problems = asyncio.run(crawl(server, {e: parts.get(e, set()) for e in entities}))
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems[:40])


def test_hash_nodes_and_their_amounts_come_with_the_entity(server: str) -> None:
    rows = select(
        server,
        """
SELECT ?contribution ?amount WHERE {
  ?contribution a ilokg:Contribution ; schema:amount ?amount .
} ORDER BY ?contribution LIMIT 1""",
    )
    if not rows:
        pytest.skip("no contribution with an amount in the data yet")
    contribution, amount = rows[0]["contribution"], rows[0]["amount"]
    r = httpx.get(server + path_of(contribution), headers={"Accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef(contribution), None, None) in graph
    assert (rdflib.URIRef(amount), rdflib.URIRef("http://schema.org/value"), None) in graph


def test_entity_document_has_incoming_links_labels_and_sources(server: str) -> None:
    rows = select(
        server,
        f"""
SELECT ?e (COUNT(DISTINCT ?in) AS ?n) WHERE {{
  ?in ?p ?e . ?e prov:wasDerivedFrom ?src .
  FILTER(STRSTARTS(STR(?e), "{ID}organization/"))
}} GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1""",
    )
    iri = rows[0]["e"]
    r = httpx.get(server + path_of(iri), headers={"Accept": "application/ld+json"})
    doc = r.json()
    assert "@context" in doc and isinstance(doc["@graph"], list)
    assert doc["@graph"][0]["id"] == iri, "the entity comes first"
    graph = rdflib.Graph().parse(data=r.text, format="json-ld")
    node = rdflib.URIRef(iri)
    incoming = set(graph.subjects(None, node))
    assert incoming, "incoming links are part of the description"
    labelled = [
        s
        for s in incoming
        if (s, rdflib.RDFS.label, None) in graph
        or (s, rdflib.URIRef("http://purl.org/dc/terms/title"), None) in graph
        or (s, rdflib.SKOS.prefLabel, None) in graph
    ]
    assert labelled, "incoming links carry the labels of their subjects"
    sources = set(graph.objects(node, rdflib.PROV.wasDerivedFrom))
    assert sources
    assert all(
        (s, rdflib.URIRef("http://purl.org/dc/terms/title"), None) in graph for s in sources
    ), "the sources are described (title)"
    linked = [
        o
        for o in graph.objects(node, None)
        if isinstance(o, rdflib.URIRef) and str(o).startswith(ID)
    ]
    assert any((o, None, None) in graph for o in linked), "linked entities carry labels"
    assert json.loads(r.text)  # well-formed JSON
