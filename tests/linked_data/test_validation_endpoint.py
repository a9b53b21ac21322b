"""POST /validate: SHACL reports for proposed facts, and refusal of hostile input."""

from __future__ import annotations

import json
import time

import httpx
import pytest
import rdflib

from .conftest import ID, Canary, select

TURTLE = {"Content-Type": "text/turtle"}
PROV_SOURCE = "http://www.w3.org/ns/prov#wasDerivedFrom"


@pytest.fixture(scope="module")
def fact(server: str) -> rdflib.Graph:
    """A new indicator observation: a copy of a stored one under a new hash IRI."""
    rows = select(
        server,
        """
SELECT ?obs WHERE { ?obs a ilokg:IndicatorObservation ; prov:wasDerivedFrom ?src . }
ORDER BY ?obs LIMIT 1""",
    )
    assert rows, "the data should hold indicator observations"
    old = rows[0]["obs"]
    r = httpx.post(
        f"{server}/sparql",
        data={"query": f"CONSTRUCT {{ <{old}> ?p ?o }} WHERE {{ <{old}> ?p ?o }}"},
        headers={"Accept": "application/n-triples"},
    )
    stored = rdflib.Graph().parse(data=r.text, format="nt")
    new = rdflib.URIRef(old.split("#")[0] + "#proposed-observation")
    graph = rdflib.Graph()
    for _s, p, o in stored:
        graph.add((new, p, o))
    return graph


def post(server: str, body: bytes | str, ctype: str, **headers: str) -> httpx.Response:
    data = body.encode() if isinstance(body, str) else body
    return httpx.post(
        f"{server}/validate", content=data, headers={"Content-Type": ctype, **headers}, timeout=60
    )


def test_conforming_fact_conforms_in_every_syntax(server: str, fact: rdflib.Graph) -> None:
    for ctype, fmt in (
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ):
        r = post(server, fact.serialize(format=fmt), ctype)
        assert r.status_code == 200, r.text
        report = r.json()
        assert report["conforms"] is True, (ctype, report["findings"])
        assert report["violations"] == 0


def test_fact_without_its_source_gets_the_violation(server: str, fact: rdflib.Graph) -> None:
    bare = rdflib.Graph()
    for triple in fact:
        if str(triple[1]) != PROV_SOURCE:
            bare.add(triple)
    r = post(server, bare.serialize(format="turtle"), "text/turtle")
    assert r.status_code == 200
    report = r.json()
    assert report["conforms"] is False
    assert any(
        f["path"] == PROV_SOURCE and f["severity"] == "Violation" for f in report["findings"]
    ), report
    ttl = post(server, bare.serialize(format="turtle"), "text/turtle", Accept="text/turtle")
    assert ttl.headers["content-type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=ttl.text, format="turtle")
    sh = rdflib.SH
    assert (None, sh.conforms, rdflib.Literal(False)) in graph
    assert (None, sh.resultPath, rdflib.URIRef(PROV_SOURCE)) in graph


def test_relative_iris_resolve_against_the_entity_base(server: str) -> None:
    body = (
        "<project/x#a> a <https://w3id.org/ilo-china-kg/def/ilokg#IndicatorObservation> ;\n"
        '  <http://www.w3.org/2000/01/rdf-schema#label> "x"@en .'
    )
    r = post(server, body, "text/turtle")
    assert r.status_code == 200
    findings = r.json()["findings"]
    assert findings and all(f["focus"] == ID + "project/x#a" for f in findings)


def test_syntax_error_gives_400_with_the_line(server: str) -> None:
    body = "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b .\n"
    r = post(server, body, "text/turtle")
    assert r.status_code == 400
    assert r.json()["error"] == "rdf_syntax_error" and r.json()["line"] == 3
    bad_json = post(
        server, '{\n "@id": "http://e/s",\n "http://e/p": [1,\n}', "application/ld+json"
    )
    assert bad_json.status_code == 400 and bad_json.json()["line"] == 4


def test_oversize_body_gets_413(server: str) -> None:
    body = "# " + "x" * 1_100_000 + "\n"
    assert post(server, body, "text/turtle").status_code == 413


def test_unsupported_type_and_empty_body(server: str) -> None:
    assert post(server, "a,b", "text/csv").status_code == 415
    assert post(server, "", "text/turtle").status_code == 400


def test_remote_jsonld_context_is_not_fetched(server: str, canary: Canary) -> None:
    doc = {"@context": f"{canary.url}/context.jsonld", "@id": "http://example.org/s", "name": "x"}
    r = post(server, json.dumps(doc), "application/ld+json")
    nested = {"@context": {"@import": f"{canary.url}/import.jsonld"}, "@id": "http://e/s"}
    r2 = post(server, json.dumps(nested), "application/ld+json")
    time.sleep(0.3)
    assert r.status_code == 400 and r2.status_code == 400
    assert canary.hits == []


def test_xml_external_entities_and_dtds_are_refused(server: str, canary: Canary) -> None:
    rdf = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
        "<ex:p>&x;</ex:p></rdf:Description></rdf:RDF>"
    )
    head = '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF '
    cases = [
        f'{head}[ <!ENTITY x SYSTEM "{canary.url}/xxe"> ]>\n{rdf}',
        f'{head}[ <!ENTITY x SYSTEM "file:///etc/passwd"> ]>\n{rdf}',
        f'{head}SYSTEM "{canary.url}/dtd">\n' + rdf.replace("&x;", "v"),
    ]
    for body in cases:
        r = post(server, body, "application/rdf+xml")
        assert r.status_code == 400, r.text
        assert "root:" not in r.text
    time.sleep(0.3)
    assert canary.hits == []


def test_billion_laughs_is_refused_fast(server: str) -> None:
    entities = "".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">'
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    body = (
        '<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [ <!ENTITY a "aaaaaaaaaa">'
        f"{entities} ]>\n"
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/s">'
        "<ex:p>&i;</ex:p></rdf:Description></rdf:RDF>"
    )
    started = time.monotonic()
    r = post(server, body, "application/rdf+xml")
    assert r.status_code == 400 and time.monotonic() - started < 5
    assert httpx.get(f"{server}/healthz").status_code == 200, "the server is still up"


def test_deep_nesting_is_refused_fast(server: str) -> None:
    deep = '{"@context": {"@vocab": "http://example.org/"}, "@id": "http://e/s", "p": ' + (
        '{"p": ' * 5000 + "1" + "}" * 5000 + "}"
    )
    started = time.monotonic()
    assert post(server, deep, "application/ld+json").status_code == 400
    xml = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://e/s">'
        + "<ex:p><rdf:Description>" * 3000
        + "</rdf:Description></ex:p>" * 3000
        + "</rdf:Description></rdf:RDF>"
    )
    assert post(server, xml, "application/rdf+xml").status_code == 400
    assert time.monotonic() - started < 5
