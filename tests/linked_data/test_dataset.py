"""The catalogue record: DCAT-AP 3.0.1 conformance, harvesting as a catalogue would, the dumps."""

from __future__ import annotations

import gzip
import hashlib

import httpx
import pyshacl
import pytest
import rdflib

from ..helpers import SHARED
from .conftest import BASE

DCAT_AP = SHARED / "external" / "dcat-ap" / "3.0.1" / "html" / "shacl"
# Plain (open) namespaces: pytest's collection probes module globals, which rdflib's closed
# namespaces answer with a warning.
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
RDF_TYPE = rdflib.URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SPDX = rdflib.Namespace("http://spdx.org/rdf/terms#")
CC_BY = rdflib.URIRef("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")


@pytest.fixture(scope="module")
def record(server: str) -> rdflib.Graph:
    r = httpx.get(server + "/dataset")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle"), "Turtle by default"
    return rdflib.Graph().parse(data=r.text, format="turtle")


def official_shapes(*names: str) -> rdflib.Graph:
    shapes = rdflib.Graph()
    for name in names:
        shapes.parse(DCAT_AP / name, format="turtle")
    return shapes


def top_level_results(report: rdflib.Graph, severity: rdflib.URIRef) -> list[str]:
    out = []
    for result in report.objects(None, SH.result):
        if report.value(result, SH.resultSeverity) == severity:
            out.append(
                " | ".join(
                    str(report.value(result, p))
                    for p in (SH.focusNode, SH.resultPath, SH.value, SH.resultMessage)
                )
            )
    return out


def test_record_conforms_to_the_official_dcat_ap_3_shapes(record: rdflib.Graph) -> None:
    shapes = official_shapes("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl")
    _conforms, report, _text = pyshacl.validate(
        record, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True
    )
    violations = top_level_results(report, SH.Violation)
    assert not violations, "\n".join(violations)
    # The only expected warning: our publisher is not in the EU corporate-body table.
    warnings = top_level_results(report, SH.Warning)
    assert all(str(DCTERMS.publisher) in w for w in warnings), "\n".join(warnings)


def test_record_has_stable_iris_and_the_catalogue_essentials(record: rdflib.Graph) -> None:
    catalogs = list(record.subjects(RDF_TYPE, DCAT.Catalog))
    datasets = list(record.subjects(RDF_TYPE, DCAT.Dataset))
    services = list(record.subjects(RDF_TYPE, DCAT.DataService))
    dists = list(record.subjects(RDF_TYPE, DCAT.Distribution))
    assert len(catalogs) == 1 and len(datasets) == 1 and len(services) == 2 and dists
    for node in [*catalogs, *datasets, *services, *dists]:
        assert isinstance(node, rdflib.URIRef) and str(node).startswith(BASE + "id/"), node
    ds = datasets[0]
    assert str(ds) == BASE + "id/dataset/ilo-china-kg"
    assert record.value(ds, DCTERMS.title) is not None
    assert record.value(ds, DCTERMS.license) == CC_BY
    publisher = record.value(ds, DCTERMS.publisher)
    assert (publisher, RDF_TYPE, FOAF.Agent) in record and record.value(publisher, FOAF.name)
    themes = {str(t).rsplit("/", 1)[1] for t in record.objects(ds, DCAT.theme)}
    assert {"SOCI", "INTR", "ECON"} <= themes
    assert any(str(s).endswith("/country/CHN") for s in record.objects(ds, DCTERMS.spatial))
    period = record.value(ds, DCTERMS.temporal)
    start = record.value(period, DCAT.startDate)
    end = record.value(period, DCAT.endDate)
    assert start is not None and end is not None and str(start) <= str(end)
    assert record.value(ds, DCAT.contactPoint) is not None
    assert list(record.objects(ds, DCAT.keyword))
    assert record.value(ds, DCTERMS.modified) is not None
    endpoints = {str(record.value(s, DCAT.endpointURL)) for s in services}
    assert any(e.endswith("/sparql") for e in endpoints)
    assert any(e.endswith("/api/queries") for e in endpoints)


def test_void_statistics_and_linksets(record: rdflib.Graph) -> None:
    ds = rdflib.URIRef(BASE + "id/dataset/ilo-china-kg")
    for prop in (VOID.triples, VOID.entities, VOID.classes, VOID.properties):
        assert int(record.value(ds, prop)) > 0, prop
    assert list(record.objects(ds, VOID.classPartition))
    assert list(record.objects(ds, VOID.propertyPartition))
    linksets = list(record.subjects(RDF_TYPE, VOID.Linkset))
    predicates = {str(record.value(ls, VOID.linkPredicate)) for ls in linksets}
    assert "http://www.w3.org/2004/02/skos/core#exactMatch" in predicates
    targets = {str(record.value(ls, VOID.objectsTarget)) for ls in linksets}
    assert "http://publications.europa.eu/resource/authority/country" in targets


def test_harvest_reads_the_record_and_downloads_every_distribution(server: str) -> None:
    """What a catalogue harvester does: parse, find datasets, fetch the download URLs."""
    for accept, fmt in (
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
        ("application/n-triples", "nt"),
    ):
        r = httpx.get(server + "/dataset", headers={"Accept": accept})
        assert r.headers["content-type"].startswith(accept)
        graph = rdflib.Graph().parse(data=r.content, format=fmt)
        assert len(list(graph.subjects(RDF_TYPE, DCAT.Dataset))) == 1, accept
    graph = rdflib.Graph().parse(data=httpx.get(server + "/.well-known/void").text, format="turtle")
    ds = next(graph.subjects(RDF_TYPE, DCAT.Dataset))
    assert graph.value(ds, DCTERMS.title) and graph.value(ds, DCTERMS.license) == CC_BY
    dists = list(graph.objects(ds, DCAT.distribution))
    assert len(dists) >= 8
    # the build writes the N-Quads dump; the others are made on their first download and
    # until then listed without size and checksum (never with wrong ones)
    nq = next(d for d in dists if str(graph.value(d, DCAT.downloadURL)).endswith("/ilokg.nq"))
    assert graph.value(nq, SPDX.checksum) is not None
    for dist in dists:
        if graph.value(dist, SPDX.checksum) is None:
            assert graph.value(dist, DCAT.byteSize) is None
            assert "first download" in str(graph.value(dist, DCTERMS.description))
    urls = [str(graph.value(d, DCAT.downloadURL)) for d in dists]
    downloads = {url: httpx.get(url, timeout=60) for url in urls}
    # after the downloads the record lists every dump's size and checksum
    graph = rdflib.Graph().parse(data=httpx.get(server + "/.well-known/void").text, format="turtle")
    dists = list(graph.objects(ds, DCAT.distribution))
    assert len(dists) == len(downloads)
    for dist in dists:
        url = str(graph.value(dist, DCAT.downloadURL))
        assert url.startswith(server + "/dumps/"), url
        r = downloads[url]
        assert r.status_code == 200, url
        assert httpx.get(url).content == r.content, url  # made once, then the same bytes
        checksum = graph.value(dist, SPDX.checksum)
        assert hashlib.sha256(r.content).hexdigest() == str(
            graph.value(checksum, SPDX.checksumValue)
        )
        assert len(r.content) == int(graph.value(dist, DCAT.byteSize))
        assert r.headers["etag"] == f'"{hashlib.sha256(r.content).hexdigest()}"'
        assert r.headers["content-length"] == str(len(r.content))
        media = str(graph.value(dist, DCAT.mediaType)).split("/media-types/", 1)[1]
        if url.endswith(".gz"):
            assert r.headers["content-type"] == "application/gzip"
            assert graph.value(dist, DCAT.compressFormat) is not None
            assert gzip.decompress(r.content)
        else:
            assert r.headers["content-type"].split(";")[0] == media
    ttl = next(
        str(graph.value(d, DCAT.downloadURL))
        for d in dists
        if str(graph.value(d, DCAT.downloadURL)).endswith("/ilokg.ttl")
    )
    assert len(rdflib.Graph().parse(data=httpx.get(ttl).text, format="turtle")) > 1000


def test_urls_follow_the_host_but_iris_stay_under_the_base(server: str) -> None:
    r = httpx.get(server + "/dataset", headers={"Host": "kg.example.org"})
    graph = rdflib.Graph().parse(data=r.text, format="turtle")
    urls = {str(u) for u in graph.objects(None, DCAT.downloadURL)}
    assert urls and all(u.startswith("http://kg.example.org/dumps/") for u in urls)
    assert (rdflib.URIRef(BASE + "id/dataset/ilo-china-kg"), RDF_TYPE, DCAT.Dataset) in graph


def test_dumps_answer_conditional_requests_and_refuse_unknown_names(server: str) -> None:
    index = httpx.get(server + "/dumps/").json()
    assert "ilokg.ttl" in index and "ilokg.ttl.gz" in index
    assert "sha256" in index["ilokg.nq"]
    for name, info in index.items():  # listed with a checksum, or honestly without one
        assert "sha256" in info or (info.get("on_demand") and "bytes" not in info), name
    assert httpx.get(server + "/dumps/ilokg.nt").status_code == 200  # made if it was not
    index = httpx.get(server + "/dumps/").json()
    etag = f'"{index["ilokg.nt"]["sha256"]}"'
    assert httpx.get(server + "/dumps/ilokg.nt", headers={"If-None-Match": etag}).status_code == 304
    assert httpx.get(server + "/dumps/../manifest.json").status_code == 404
    assert httpx.get(server + "/dumps/nope.ttl").status_code == 404


def test_catalogue_iris_dereference(server: str) -> None:
    r = httpx.get(server + "/id/dataset/ilo-china-kg", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and "dcat:Dataset" in r.text
    assert httpx.get(server + "/id/distribution/ilokg-ttl.jsonld").status_code == 200
    assert httpx.get(server + "/id/dataset/unknown").status_code == 404
    assert httpx.get(server + "/dataset", headers={"Accept": "text/html"}).status_code == 200
