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
    "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
    "Turtle", "N-Triples", "JSON-LD", "RDF_XML", "TriG", "N-Quads",
]


def service_description(endpoint: str, manifest: dict[str, Any] | None, dataset_iri: str) -> Graph:
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.bind("dct", DCT)
    svc = URIRef(endpoint + "#service")
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, URIRef(endpoint)))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((svc, DCT.title, Literal("ilokg SPARQL 1.1 endpoint (read-only)", lang="en")))
    g.add(
        (
            svc,
            DCT.description,
            Literal(
                "Read-only SPARQL 1.1 Query endpoint. SERVICE, LOAD and remote FROM graphs are "
                "refused; queries stop at a time limit; results are capped at a row limit "
                "(header X-Result-Truncated).",
                lang="en",
            ),
        )
    )
    for name in RESULT_FORMATS:
        g.add((svc, SD.resultFormat, FORMATS[name]))
    manifest = manifest or {}
    if manifest.get("union_default_graph", True):
        g.add((svc, SD.feature, SD.UnionDefaultGraph))
    dataset = URIRef(dataset_iri)
    g.add((svc, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, RDF.type, VOID.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDF.type, VOID.Dataset))
    if manifest.get("triples") is not None:
        g.add((default, VOID.triples, Literal(int(manifest["triples"]), datatype=XSD.integer)))
    for name in manifest.get("graphs", []):
        ng = BNode()
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
    return g
