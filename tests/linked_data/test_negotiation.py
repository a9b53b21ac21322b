"""Content negotiation, suffix alternates, Link headers, 404s, ontology and shapes documents."""

from __future__ import annotations

import re

import httpx
import pytest
import rdflib

ENTITY = "/id/organization/ilo"
TYPES = {
    ".html": "text/html",
    ".ttl": "text/turtle",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".rdf": "application/rdf+xml",
}


def links(header: str) -> dict[str, str]:
    """{media type: URL} of the rel="alternate" entries of a Link header."""
    found = {}
    for url, params in re.findall(r"<([^>]+)>;([^,]*)", header):
        if 'rel="alternate"' in params:
            media = re.search(r'type="([^"]+)"', params)
            if media:
                found[media.group(1)] = url
    return found


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("*/*", "text/turtle"),
        ("application/json", "application/ld+json"),
        ("text/turtle;q=0.5, application/ld+json", "application/ld+json"),
    ],
)
def test_accept_header_picks_the_representation(server: str, accept: str, media: str) -> None:
    r = httpx.get(server + ENTITY, headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media)
    assert "Accept" in r.headers["vary"]
    assert r.headers["content-location"].endswith({v: k for k, v in TYPES.items()}[media]), (
        "the negotiated document is named"
    )


def test_suffix_urls_are_explicit_alternates_announced_in_link(server: str) -> None:
    r = httpx.get(server + ENTITY, headers={"Accept": "text/turtle"})
    announced = links(r.headers["link"])
    assert set(announced) == set(TYPES.values())
    for suffix, media in TYPES.items():
        assert announced[media] == f"{server}{ENTITY}{suffix}"
        alt = httpx.get(announced[media], headers={"Accept": "text/turtle"})
        assert alt.status_code == 200
        assert alt.headers["content-type"].startswith(media), suffix
        assert links(alt.headers["link"]) == announced


def test_format_parameter_and_unacceptable_types(server: str) -> None:
    r = httpx.get(server + ENTITY, params={"format": "nt"})
    assert r.headers["content-type"].startswith("application/n-triples")
    assert httpx.get(server + ENTITY, headers={"Accept": "image/png"}).status_code == 406
    assert httpx.get(server + ENTITY, params={"format": "pdf"}).status_code == 406


def test_etag_and_conditional_get(server: str) -> None:
    r = httpx.get(server + ENTITY + ".ttl")
    again = httpx.get(server + ENTITY + ".ttl", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304
    other = httpx.get(server + ENTITY + ".nt", headers={"If-None-Match": r.headers["etag"]})
    assert other.status_code == 200, "each representation has its own ETag"


def test_hash_iri_resolves_through_its_entity(server: str) -> None:
    # A client drops the fragment; the entity document describes the hash node.
    r = httpx.get(server + "/id/organization/ilo", headers={"Accept": "text/turtle"})
    assert r.status_code == 200


def test_unknown_iri_gets_404_with_suggestions(server: str) -> None:
    page = httpx.get(server + "/id/organization/ilo-international", headers={"Accept": "text/html"})
    assert page.status_code == 404
    assert "Did you mean" in page.text and 'href="/id/organization/ilo"' in page.text
    data = httpx.get(
        server + "/id/organization/ilo-international", headers={"Accept": "application/ld+json"}
    )
    assert data.status_code == 404
    body = data.json()
    assert body["error"] == "not_found"
    assert any(s["iri"].endswith("/id/organization/ilo") for s in body["suggestions"])
    ttl = httpx.get(
        server + "/id/organization/ilo-international", headers={"Accept": "text/turtle"}
    )
    assert ttl.status_code == 404 and ttl.text.startswith("# 404")
    rdflib.Graph().parse(data=ttl.text, format="turtle")  # a comment-only Turtle document
    assert httpx.get(server + "/id/no-such-kind").status_code == 404
    assert httpx.get(server + "/id/project/a%20b").status_code == 404


def test_ontology_terms_dereference(server: str) -> None:
    ttl = httpx.get(server + "/def/ilokg", headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and "Accept" in ttl.headers["vary"]
    graph = rdflib.Graph().parse(data=ttl.text, format="turtle")
    onto = rdflib.URIRef("https://w3id.org/ilo-china-kg/def/ilokg")
    assert (onto, rdflib.RDF.type, rdflib.OWL.Ontology) in graph
    term = rdflib.URIRef("https://w3id.org/ilo-china-kg/def/ilokg#Project")
    assert (term, rdflib.RDFS.label, None) in graph
    for suffix, media in TYPES.items():
        r = httpx.get(f"{server}/def/ilokg{suffix}")
        assert r.status_code == 200 and r.headers["content-type"].startswith(media), suffix
    html = httpx.get(server + "/ontology", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "Project" in html.text
    assert httpx.get(server + "/ontology").headers["content-type"].startswith("text/turtle")


def test_shapes_document(server: str) -> None:
    ttl = httpx.get(server + "/shapes", headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200
    graph = rdflib.Graph().parse(data=ttl.text, format="turtle")
    assert any(graph.subjects(rdflib.RDF.type, rdflib.SH.NodeShape))
    html = httpx.get(server + "/shapes", headers={"Accept": "text/html"})
    assert html.status_code == 200 and "sh:minCount" in html.text
    assert httpx.get(server + "/def/shapes.ttl").status_code == 200


def test_jsonld_context_is_published_and_used(server: str) -> None:
    ctx = httpx.get(server + "/context.jsonld").json()["@context"]
    assert ctx["fundedBy"] == {
        "@id": "https://w3id.org/ilo-china-kg/def/ilokg#fundedBy",
        "@type": "@id",
    }
    assert ctx["label"] == "http://www.w3.org/2000/01/rdf-schema#label"
    doc = httpx.get(server + ENTITY, headers={"Accept": "application/ld+json"}).json()
    assert doc["@context"] == ctx
    first = doc["@graph"][0]
    assert first["id"] == "https://w3id.org/ilo-china-kg/id/organization/ilo"
    assert "label" in first and "source" in first
