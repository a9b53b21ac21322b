"""SPARQL 1.1 Service Description of the endpoint, with VoID statistics."""

from __future__ import annotations

from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
DCT = Namespace("http://purl.org/dc/terms/")

RESULT_FORMATS = [
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
    "TriG",
    "N-Quads",
]


def _count(value: int) -> Literal:
    return Literal(int(value), datatype=XSD.integer)


def service_description(
    endpoint: str,
    manifest: dict[str, Any] | None,
    dataset_iri: str,
    *,
    stats: dict[str, Any] | None = None,
    limits: dict[str, float] | None = None,
) -> Graph:
    """The sd:Service of `endpoint`; `stats` (from the router's VoID queries) adds counts and
    class / property partitions to the default dataset."""
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("dct", DCT)
    g.bind("formats", FORMATS)
    svc = URIRef(endpoint + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, URIRef(endpoint)))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, DCT.title, Literal("ilokg SPARQL 1.1 endpoint (read-only)", lang="en")))
    limits = limits or {}
    timeout = (
        f"after {limits['query_timeout']:g} s" if "query_timeout" in limits else "at a time limit"
    )
    cap = f"{int(limits['max_rows']):,} rows" if "max_rows" in limits else "a row limit"
    g.add(
        (
            svc,
            DCT.description,
            Literal(
                "Read-only SPARQL 1.1 Query endpoint. SERVICE, LOAD and remote FROM graphs are "
                f"refused; queries stop {timeout}; results are capped at {cap} "
                "(header X-Result-Truncated: true).",
                lang="en",
            ),
        )
    )
    for name in RESULT_FORMATS:
        g.add((svc, SD.resultFormat, FORMATS[name]))
    manifest = manifest or {}
    stats = stats or {}
    if manifest.get("union_default_graph", True):
        g.add((svc, SD.feature, SD.UnionDefaultGraph))
    dataset = URIRef(dataset_iri)
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    g.add((dataset, VOID.sparqlEndpoint, URIRef(endpoint)))
    if manifest.get("hash"):
        g.add((dataset, DCT.identifier, Literal(manifest["hash"])))
    if manifest.get("built_at"):
        g.add((dataset, DCT.modified, Literal(manifest["built_at"], datatype=XSD.dateTime)))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDF.type, VOID.Dataset))
    triples = stats.get("triples", manifest.get("triples"))
    if triples is not None:
        g.add((default, VOID.triples, _count(triples)))
    for key, prop in (
        ("subjects", VOID.distinctSubjects),
        ("objects", VOID.distinctObjects),
        ("properties", VOID.properties),
    ):
        if isinstance(stats.get(key), int):
            g.add((default, prop, _count(stats[key])))
    classes = stats.get("classes") or {}
    if classes:
        g.add((default, VOID.classes, _count(len(classes))))
    for cls, n in sorted(classes.items()):
        part = BNode()
        g.add((default, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, _count(n)))
    for prop_iri, n in sorted((stats.get("properties") or {}).items()):
        part = BNode()
        g.add((default, VOID.propertyPartition, part))
        g.add((part, VOID.property, URIRef(prop_iri)))
        g.add((part, VOID.triples, _count(n)))
    graph_counts = stats.get("graphs") or {}
    for name in sorted(set(manifest.get("graphs", [])) | set(graph_counts)):
        ng = BNode()
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
        if name in graph_counts:
            body = BNode()
            g.add((ng, SD.graph, body))
            g.add((body, RDF.type, SD.Graph))
            g.add((body, VOID.triples, _count(graph_counts[name])))
    return g
