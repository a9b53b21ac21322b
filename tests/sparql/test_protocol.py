"""The SPARQL 1.1 Protocol behaviour of /sparql against the live server over the real data."""

from __future__ import annotations

import json
import re

import httpx
import pytest
import rdflib
from rdflib.namespace import RDF

from .conftest import JSON

SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
ID = "https://w3id.org/ilo-china-kg/id/"
GRAPH = "https://w3id.org/ilo-china-kg/graph/"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5"


def count(r: httpx.Response) -> int:
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def test_three_ways_to_send_a_query(endpoint: str) -> None:
    get = httpx.get(endpoint, params={"query": COUNT})
    form = httpx.post(endpoint, data={"query": COUNT})
    direct = httpx.post(
        endpoint, content=COUNT.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    form_utf8 = httpx.post(
        endpoint,
        content=f"query={COUNT}".encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"},
    )
    assert count(get) == count(form) == count(direct) == count(form_utf8) > 1000
    for r in (get, form, direct):
        assert r.headers["content-type"].startswith(JSON)
        assert r.headers["vary"].startswith("Accept")
        assert r.headers["x-result-rows"] == "1"


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/sparql-results+json"),
        ("*/*", "application/sparql-results+json"),
        ("application/sparql-results+xml", "application/sparql-results+xml"),
        ("application/xml", "application/sparql-results+xml"),
        ("text/csv", "text/csv"),
        ("text/tab-separated-values", "text/tab-separated-values"),
        ("application/json", "application/sparql-results+json"),
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        (
            "application/sparql-results+xml;q=0.1, text/tab-separated-values",
            "text/tab-separated-values",
        ),
        ("text/turtle, text/csv;q=0.2", "text/csv"),  # Turtle cannot carry a SELECT result
        ("application/sparql-results+json; charset=utf-8", "application/sparql-results+json"),
        ("text/*;q=0.5, application/sparql-results+json;q=0.4", ("text/csv", "text/tab-sep")),
    ],
)
def test_select_negotiation(
    endpoint: str, accept: str | None, expected: str | tuple[str, ...]
) -> None:
    headers = {"Accept": accept} if accept else {}
    r = httpx.get(
        endpoint, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 2"}, headers=headers
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(expected)


@pytest.mark.parametrize(
    ("accept", "expected", "rdflib_format"),
    [
        (None, "text/turtle", "turtle"),
        ("text/turtle", "text/turtle", "turtle"),
        ("application/n-triples", "application/n-triples", "nt"),
        ("application/ld+json", "application/ld+json", "json-ld"),
        ("application/rdf+xml", "application/rdf+xml", "xml"),
        ("application/trig", "application/trig", "trig"),
        ("application/json", "application/ld+json", "json-ld"),
        ("application/sparql-results+json, text/turtle;q=0.5", "text/turtle", "turtle"),
        ("application/rdf+xml;q=0.3, application/n-triples;q=0.8", "application/n-triples", "nt"),
    ],
)
def test_construct_negotiation(
    endpoint: str, accept: str | None, expected: str, rdflib_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    r = httpx.post(endpoint, data={"query": CONSTRUCT}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(expected)
    g = rdflib.Dataset() if rdflib_format == "trig" else rdflib.Graph()
    g.parse(data=r.content, format=rdflib_format)
    assert len(g) == 5


@pytest.mark.parametrize(
    ("fmt", "form", "expected"),
    [
        ("json", "SELECT", "application/sparql-results+json"),
        ("xml", "SELECT", "application/sparql-results+xml"),
        ("csv", "SELECT", "text/csv"),
        ("tsv", "SELECT", "text/tab-separated-values"),
        ("srj", "ASK", "application/sparql-results+json"),
        ("turtle", "CONSTRUCT", "text/turtle"),
        ("nt", "CONSTRUCT", "application/n-triples"),
        ("jsonld", "CONSTRUCT", "application/ld+json"),
        ("rdfxml", "DESCRIBE", "application/rdf+xml"),
        ("trig", "CONSTRUCT", "application/trig"),
        ("json", "CONSTRUCT", "application/ld+json"),
        ("xml", "CONSTRUCT", "application/rdf+xml"),
        ("text/csv", "SELECT", "text/csv"),
    ],
)
def test_format_parameter_beats_accept(endpoint: str, fmt: str, form: str, expected: str) -> None:
    query = {
        "SELECT": "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1",
        "ASK": "ASK { ?s ?p ?o }",
        "CONSTRUCT": CONSTRUCT,
        "DESCRIBE": f"DESCRIBE <{ID}organization/ilo>",
    }[form]
    r = httpx.get(
        endpoint,
        params={"query": query, "format": fmt},
        headers={"Accept": "application/x-nothing-we-make"},
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(expected)


def test_not_acceptable_lists_what_is_supported(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert r.status_code == 406
    msg = r.json()["message"]
    for media in (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ):
        assert media in msg
    r = httpx.get(endpoint, params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert r.status_code == 406
    assert "text/turtle" in r.json()["message"]
    r = httpx.get(endpoint, params={"query": "ASK {}", "format": "turtle"})
    assert r.status_code == 406
    r = httpx.get(endpoint, params={"query": "ASK {}", "format": "yaml"})
    assert r.status_code == 406


def test_etag_and_conditional_get(endpoint: str) -> None:
    params = {"query": COUNT}
    first = httpx.get(endpoint, params=params)
    etag = first.headers["etag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert "max-age" in first.headers["cache-control"]
    assert first.headers["last-modified"].endswith("GMT")
    again = httpx.get(endpoint, params=params, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert (
        httpx.get(endpoint, params=params, headers={"If-None-Match": f'"x", {etag}'}).status_code
        == 304
    )
    since = httpx.get(
        endpoint, params=params, headers={"If-Modified-Since": first.headers["last-modified"]}
    )
    assert since.status_code == 304
    other_format = httpx.get(endpoint, params=params, headers={"Accept": "text/csv"})
    assert other_format.headers["etag"] != etag
    other_query = httpx.get(endpoint, params={"query": COUNT + " "})
    assert other_query.headers["etag"] != etag
    post = httpx.post(endpoint, data=params, headers={"If-None-Match": etag})
    assert post.status_code == 200  # POST is never answered from a validator
    assert post.headers["cache-control"] == "no-cache"


def test_head(endpoint: str) -> None:
    r = httpx.head(endpoint, params={"query": COUNT})
    assert r.status_code == 200
    assert r.content == b""
    assert r.headers["content-type"].startswith(JSON)


def test_cors(endpoint: str) -> None:
    r = httpx.get(endpoint, params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert r.headers["access-control-allow-origin"] == "*"
    exposed = r.headers["access-control-expose-headers"].lower()
    assert "x-result-truncated" in exposed and "etag" in exposed
    pre = httpx.options(
        endpoint,
        headers={
            "Origin": "https://example.org",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == "*"
    assert "POST" in pre.headers["access-control-allow-methods"]


def test_dataset_parameters_pick_local_graphs(endpoint: str) -> None:
    ilo = f"{GRAPH}data/organizations/ilo"
    acftu = f"{GRAPH}data/organizations/acftu"
    q = f"ASK {{ <{ID}organization/ilo> ?p ?o }}"
    assert httpx.get(endpoint, params={"query": q, "default-graph-uri": ilo}).json()["boolean"]
    assert not httpx.get(endpoint, params={"query": q, "default-graph-uri": acftu}).json()[
        "boolean"
    ]
    both = httpx.post(
        endpoint,
        data={
            "query": "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } }",
            "named-graph-uri": [ilo, acftu],
        },
    )
    graphs = {b["g"]["value"] for b in both.json()["results"]["bindings"]}
    assert graphs == {ilo, acftu}
    from_clause = httpx.post(
        endpoint, data={"query": f"SELECT (COUNT(*) AS ?n) FROM <{ilo}> {{ ?s ?p ?o }}"}
    )
    union = httpx.post(endpoint, data={"query": COUNT})
    assert 0 < count(from_clause) < count(union)
    unknown = httpx.get(
        endpoint, params={"query": "ASK {}", "default-graph-uri": "http://example.org/g"}
    )
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "remote_graph_not_allowed"


def test_request_framing_errors(endpoint: str) -> None:
    both = httpx.post(
        endpoint + "?query=ASK%7B%7D",
        content=b"ASK {}",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert both.status_code == 400
    assert httpx.get(endpoint, params={"update": "DROP ALL"}).status_code == 403
    assert httpx.post(endpoint + "?update=DROP%20ALL", data={"query": "ASK {}"}).status_code == 403
    assert (
        httpx.get(
            endpoint, params=[("query", "ASK {}"), ("format", "json"), ("format", "xml")]
        ).status_code
        == 400
    )
    assert httpx.put(endpoint, content=b"").status_code == 405
    assert httpx.delete(endpoint).status_code == 405
    assert httpx.patch(endpoint, content=b"").status_code == 405


def test_service_description(endpoint: str) -> None:
    r = httpx.get(endpoint, headers={"Accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    assert r.headers["vary"].startswith("Accept")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    svc = next(g.subjects(RDF.type, SD.Service))
    assert g.value(svc, SD.endpoint) == rdflib.URIRef(endpoint)
    assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in g
    assert (svc, SD.feature, SD.UnionDefaultGraph) in g
    formats = {str(o).rsplit("/", 1)[1] for o in g.objects(svc, SD.resultFormat)}
    assert {
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "JSON-LD",
        "RDF_XML",
        "N-Triples",
        "TriG",
    } <= formats
    dataset = g.value(svc, SD.defaultDataset)
    default = g.value(dataset, SD.defaultGraph)
    triples = int(g.value(default, VOID.triples))
    assert triples == count(httpx.get(endpoint, params={"query": COUNT}))
    assert int(g.value(default, VOID.distinctSubjects)) > 100
    classes = {
        str(g.value(p, VOID["class"])): int(g.value(p, VOID.entities))
        for p in g.objects(default, VOID.classPartition)
    }
    assert classes and all(n > 0 for n in classes.values())
    assert any(
        str(g.value(p, VOID.property)).endswith("#label")
        for p in g.objects(default, VOID.propertyPartition)
    )
    names = {str(g.value(n, SD.name)) for n in g.objects(dataset, SD.namedGraph)}
    assert f"{GRAPH}data/organizations/ilo" in names
    # the same graph in the other RDF formats
    for accept, fmt in (
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ):
        other = httpx.get(endpoint, headers={"Accept": accept})
        assert other.headers["content-type"].startswith(accept)
        assert len(rdflib.Graph().parse(data=other.content, format=fmt)) == len(g)
    assert (
        httpx.get(endpoint, params={"format": "nt"})
        .headers["content-type"]
        .startswith("application/n-triples")
    )


def test_editor_page_is_self_contained(server: str, endpoint: str) -> None:
    r = httpx.get(endpoint, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    html = r.text
    refs = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert refs and all(ref.startswith(("/", "data:")) for ref in refs), refs
    static = [ref for ref in refs if ref.startswith("/static/")]
    assert len(static) == 6, static
    for ref in static:
        asset = httpx.get(server + ref)
        assert asset.status_code == 200, ref
        assert "max-age=31536000" in asset.headers["cache-control"]
    data = json.loads(
        re.search(
            r'<script type="application/json" id="page-data">(.*?)</script>', html, re.S
        ).group(1)
    )
    assert data["endpoint"] == "/sparql"
    assert {f["key"] for f in data["solutionFormats"]} == {"json", "xml", "csv", "tsv"}
    assert httpx.get(server + "/static/codemirror/LICENSE").text.startswith("MIT License")
    assert httpx.get(server + "/static/../app.py").status_code == 404
    assert httpx.get(server + "/static/%2e%2e/app.py").status_code == 404


def test_share_link_opens_the_editor_with_the_query(endpoint: str) -> None:
    query = 'SELECT ?s WHERE { ?s ?p "</script><b>x" } LIMIT 3'
    r = httpx.get(endpoint, params={"query": query}, headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "</script><b>" not in r.text  # escaped in the textarea and in the page data
    assert "&lt;/script&gt;&lt;b&gt;x" in r.text
    # a client that wants results still gets results from the same URL
    api = httpx.get(endpoint, params={"query": query}, headers={"Accept": JSON})
    assert api.headers["content-type"].startswith(JSON)
