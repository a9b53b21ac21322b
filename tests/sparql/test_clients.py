"""Real SPARQL clients against the live server: SPARQLWrapper, rdflib's SPARQLStore, httpx, and
a second engine (the `oxigraph` server from PyPI) that federates to us with SERVICE."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import time
import urllib.error
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore

from ..helpers import free_port

SPARQLWrapper = pytest.importorskip("SPARQLWrapper")

ILO = "https://w3id.org/ilo-china-kg/id/organization/ilo"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SELECT = f"SELECT ?label WHERE {{ <{ILO}> <{RDFS_LABEL}> ?label }} ORDER BY ?label"
CONSTRUCT = f"CONSTRUCT {{ <{ILO}> ?p ?o }} WHERE {{ <{ILO}> ?p ?o }}"


@pytest.fixture(scope="module")
def ilo_labels(endpoint: str) -> list[str]:
    r = httpx.post(
        endpoint, data={"query": SELECT}, headers={"Accept": "application/sparql-results+json"}
    )
    labels = [b["label"]["value"] for b in r.json()["results"]["bindings"]]
    assert labels, "the ILO has labels in the data"
    return labels


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_sparqlwrapper_select(endpoint: str, ilo_labels: list[str], fmt: str, method: str) -> None:
    sw = SPARQLWrapper.SPARQLWrapper(endpoint)
    sw.setQuery(SELECT)
    sw.setMethod(method)
    sw.setReturnFormat(fmt)
    result = sw.query()
    converted = result.convert()
    if fmt == "json":
        labels = [b["label"]["value"] for b in converted["results"]["bindings"]]
    elif fmt == "xml":
        labels = [n.firstChild.firstChild.data for n in converted.getElementsByTagName("binding")]
    else:
        text = converted.decode("utf-8") if isinstance(converted, bytes) else converted
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(text)))
        else:
            rows = [line.split("\t") for line in text.splitlines() if line]
        assert rows[0] == (["label"] if fmt == "csv" else ["?label"])
        labels = [r[0] for r in rows[1:]]
        if fmt == "tsv":  # TSV keeps the RDF syntax: "label"@en
            labels = [v[1 : v.rindex('"')] for v in labels]
    assert sorted(map(str, labels)) == sorted(ilo_labels)


def test_sparqlwrapper_ask(endpoint: str) -> None:
    sw = SPARQLWrapper.SPARQLWrapper(endpoint)
    sw.setQuery(f"ASK {{ <{ILO}> ?p ?o }}")
    sw.setReturnFormat(SPARQLWrapper.JSON)
    assert sw.query().convert()["boolean"] is True
    sw.setReturnFormat(SPARQLWrapper.XML)
    xml = sw.query().convert()
    assert xml.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", ["turtle", "xml", "json-ld", "n3"])
def test_sparqlwrapper_construct(endpoint: str, fmt: str) -> None:
    sw = SPARQLWrapper.SPARQLWrapper(endpoint)
    sw.setQuery(CONSTRUCT)
    sw.setReturnFormat(fmt)
    sw.setMethod(SPARQLWrapper.POST)
    raw = sw.query()
    ctype = raw.info()["content-type"]
    expected = {
        "turtle": "text/turtle",
        "xml": "application/rdf+xml",
        "json-ld": "application/ld+json",
        "n3": "text/turtle",
    }[fmt]
    assert ctype.startswith(expected)
    graph = raw.convert()
    if not isinstance(graph, rdflib.Graph):  # SPARQLWrapper hands Turtle/N3 back as bytes
        graph = rdflib.Graph().parse(data=graph, format="turtle")
    assert (rdflib.URIRef(ILO), rdflib.URIRef(RDFS_LABEL), None) in graph
    assert len(graph) > 3


def test_sparqlwrapper_describe(endpoint: str) -> None:
    sw = SPARQLWrapper.SPARQLWrapper(endpoint)
    sw.setQuery(f"DESCRIBE <{ILO}>")
    sw.setReturnFormat(SPARQLWrapper.RDFXML)
    graph = sw.query().convert()
    assert isinstance(graph, rdflib.Graph)
    assert (rdflib.URIRef(ILO), None, None) in graph


def test_sparqlwrapper_sees_errors(endpoint: str) -> None:
    sw = SPARQLWrapper.SPARQLWrapper(endpoint)
    sw.setQuery("SELECT * WHERE { ?s ?p }")
    with pytest.raises(SPARQLWrapper.SPARQLExceptions.QueryBadFormed) as info:
        sw.query()
    assert "line 1" in str(info.value)
    sw.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # SPARQLWrapper sends update=
    sw.setMethod(SPARQLWrapper.POST)
    with pytest.raises(urllib.error.HTTPError) as refused:
        sw.query()
    assert refused.value.code == 403
    assert b"read-only" in refused.value.read()


def test_rdflib_sparqlstore(endpoint: str, ilo_labels: list[str]) -> None:
    graph = rdflib.Graph(store=SPARQLStore(endpoint))  # the defaults: XML results, GET
    labels = {str(o) for o in graph.objects(rdflib.URIRef(ILO), rdflib.RDFS.label)}
    assert labels == set(ilo_labels)
    rows = list(graph.query(SELECT))
    assert sorted(str(r.label) for r in rows) == sorted(ilo_labels)
    assert graph.query(f"ASK {{ <{ILO}> ?p ?o }}").askAnswer is True
    constructed = graph.query(CONSTRUCT).graph  # RDF/XML: its Accept lists application/rdf+xml
    assert (rdflib.URIRef(ILO), rdflib.RDFS.label, None) in constructed
    assert len(graph) > 1000  # SPARQLStore counts with a COUNT(*) query
    assert (rdflib.URIRef(ILO), rdflib.RDFS.label, None) in graph
    json_store = rdflib.Graph(store=SPARQLStore(endpoint, returnFormat="json", method="POST"))
    assert {str(o) for o in json_store.objects(rdflib.URIRef(ILO), rdflib.RDFS.label)} == labels
    with pytest.raises(TypeError):  # read-only
        graph.add((rdflib.URIRef("urn:a"), rdflib.URIRef("urn:b"), rdflib.URIRef("urn:c")))


def test_httpx_streaming_all_formats(endpoint: str) -> None:
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 500"
    with httpx.Client(timeout=30) as client:
        for accept, check in (
            (
                "application/sparql-results+json",
                lambda b: len(json.loads(b)["results"]["bindings"]) == 500,
            ),
            ("application/sparql-results+xml", lambda b: b.count(b"<result>") == 500),
            ("text/csv", lambda b: len(b.decode().strip().split("\r\n")) == 501),
            ("text/tab-separated-values", lambda b: len(b.decode().strip().split("\n")) == 501),
        ):
            with client.stream(
                "POST", endpoint, data={"query": query}, headers={"Accept": accept}
            ) as r:
                assert r.status_code == 200
                body = b"".join(r.iter_bytes())
            assert check(body), accept


# -- federation: a second engine uses our endpoint as its SERVICE --------------------------


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    exe = shutil.which("oxigraph") or str(Path(__import__("sys").executable).parent / "oxigraph")
    if not Path(exe).exists():
        pytest.skip("the `oxigraph` CLI (PyPI package oxigraph) is not installed")
    port = free_port()
    folder = tmp_path_factory.mktemp("oxigraph")
    log = (folder / "oxigraph.log").open("w")
    proc = subprocess.Popen(
        [exe, "serve", "--location", str(folder / "db"), "--bind", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if (
                    httpx.get(base + "/query", params={"query": "ASK {}"}, timeout=2).status_code
                    == 200
                ):
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((folder / "oxigraph.log").read_text())
            time.sleep(0.2)
        # its own data: which ILO partner to ask us about
        httpx.post(
            base + "/update",
            content=(f"INSERT DATA {{ <urn:local:question> <urn:local:about> <{ILO}> }}").encode(),
            headers={"Content-Type": "application/sparql-update"},
        ).raise_for_status()
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=15)
        log.close()


def test_federated_query_from_oxigraph(
    oxigraph_server: str, endpoint: str, ilo_labels: list[str]
) -> None:
    query = f"""
    SELECT ?thing ?label WHERE {{
      <urn:local:question> <urn:local:about> ?thing .
      SERVICE <{endpoint}> {{ ?thing <{RDFS_LABEL}> ?label }}
    }}"""
    r = httpx.post(
        oxigraph_server + "/query",
        content=query.encode(),
        timeout=60,
        headers={
            "Content-Type": "application/sparql-query",
            "Accept": "application/sparql-results+json",
        },
    )
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    assert {row["thing"]["value"] for row in rows} == {ILO}
    assert sorted(row["label"]["value"] for row in rows) == sorted(ilo_labels)
    # a refusal on our side reaches the federating engine as an error, not as silent data
    # (Oxigraph streams: its 200 response breaks off with our message)
    bad = httpx.post(
        oxigraph_server + "/query",
        timeout=60,
        content=(
            f"SELECT * {{ SERVICE <{endpoint}> "
            "{ SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } } }"
        ).encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert bad.status_code >= 400 or b"service_not_allowed" in bad.content, bad.text
