"""The catalogue record: DCAT 3 / DCAT-AP 3.0.1 with VoID statistics, as an rdflib Graph.

One dcat:Catalog, one dcat:Dataset (also the void:Dataset) for the whole graph, a
dcat:Distribution per dump file, the SPARQL endpoint and the query API as dcat:DataService.
Catalogue, dataset, distribution, service and agent IRIs are stable IRIs under the base IRI
(`{base}id/{catalog,dataset,distribution,service,agent}/…`, never blank nodes); download and
endpoint URLs follow the host that served the request (`site`). The values from controlled
vocabularies come with their background triples (dcat_vocab.py).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, SKOS, VOID, XSD
from rdflib.term import Node

from . import dcat_vocab as v
from .namespaces import Namespaces
from .terms import curie
from .voidstats import LINK_TARGETS, Stats

PUBLISHER_NAME = "ILO–China Cooperation Knowledge Graph project"
CONTACT_NAME = "ilokg maintainers"
CATALOG_TITLE = "ILO–China Cooperation Knowledge Graph catalogue"
CATALOG_TEXT = (
    "Catalogue of the linked data published by the ILO–China Cooperation Knowledge Graph: the "
    "dataset, its downloadable dumps and its query services."
)
DATASET_TITLE = "ILO–China Cooperation Knowledge Graph"
DATASET_TEXT = (
    "Curated linked data on the cooperation between the International Labour Organization and "
    "China: agreements, projects, funding, events, people, organisations and reported results, "
    "each statement linked to the source documents that state it."
)
KEYWORDS = [
    "ILO",
    "China",
    "South-South cooperation",
    "development cooperation",
    "decent work",
    "employment",
    "linked data",
]


def iris(ns: Namespaces) -> dict[str, URIRef]:
    return {
        "catalog": URIRef(ns.entity("catalog", "ilo-china-kg")),
        "dataset": URIRef(ns.entity("dataset", "ilo-china-kg")),
        "sparql": URIRef(ns.entity("service", "sparql")),
        "api": URIRef(ns.entity("service", "query-api")),
        "publisher": URIRef(ns.entity("agent", "ilokg-project")),
    }


def distribution_iri(ns: Namespaces, name: str) -> URIRef:
    return URIRef(ns.entity("distribution", name.replace(".", "-")))


def _add(g: Graph, subject: Node, *pairs: tuple[Node, Node]) -> None:
    for predicate, obj in pairs:
        g.add((subject, predicate, obj))


def _int(n: int, datatype: URIRef = XSD.integer) -> Literal:
    return Literal(n, datatype=datatype)


def _key(iri: str, ns: Namespaces) -> str:
    """A stable fragment for a term: its prefixed name ("ilokg-Project"), else a hash."""
    short = curie(iri, ns.serialization_prefixes())
    if short != iri and re.fullmatch(r"[A-Za-z0-9_:.-]+", short):
        return short.replace(":", "-")
    return hashlib.sha256(iri.encode()).hexdigest()[:12]


def catalog_graph(
    ns: Namespaces, site: str, manifest: dict[str, Any] | None, stats: Stats
) -> Graph:
    """The whole record. `site` is the service's own URL as the client reached it."""
    g = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dct", DCTERMS),
        ("foaf", FOAF),
        ("void", VOID),
        ("dcatap", v.DCATAP),
        ("spdx", v.SPDX),
        ("vcard", v.VCARD),
        ("skos", SKOS),
    ):
        g.bind(prefix, namespace)
    manifest = manifest or {}
    i = iris(ns)
    built = Literal(manifest.get("built_at") or "1970-01-01T00:00:00Z", datatype=XSD.dateTime)
    home = URIRef(f"{site}/")
    g.add((home, RDF.type, FOAF.Document))
    v.background(g)
    _add(
        g,
        i["catalog"],
        (RDF.type, DCAT.Catalog),
        (DCTERMS.title, v.en(CATALOG_TITLE)),
        (DCTERMS.description, v.en(CATALOG_TEXT)),
        (DCTERMS.publisher, i["publisher"]),
        (DCTERMS.issued, built),
        (DCTERMS.modified, built),
        (DCTERMS.language, v.ENGLISH),
        (DCTERMS.license, v.LICENCE),
        (FOAF.homepage, home),
        (DCAT.themeTaxonomy, v.DATA_THEMES),
        (DCAT.dataset, i["dataset"]),
        (DCAT.service, i["sparql"]),
        (DCAT.service, i["api"]),
    )
    _add(
        g,
        i["publisher"],
        (RDF.type, FOAF.Agent),
        (FOAF.name, v.en(PUBLISHER_NAME)),
        (DCTERMS.type, v.PUBLISHER_TYPE),
        (FOAF.homepage, home),
    )
    _dataset(g, i, ns, site, built, stats)
    _void(g, i["dataset"], ns, site, stats)
    for name, info in sorted((manifest.get("dumps") or {}).items()):
        _distribution(g, ns, i["dataset"], site, name, info)
    _services(g, i, site)
    return g


def _dataset(
    g: Graph, i: dict[str, URIRef], ns: Namespaces, site: str, built: Literal, stats: Stats
) -> None:
    ds = i["dataset"]
    contact = URIRef(f"{ds}#contact-point")
    _add(
        g,
        ds,
        (RDF.type, DCAT.Dataset),
        (DCTERMS.title, v.en(DATASET_TITLE)),
        (DCTERMS.description, v.en(DATASET_TEXT)),
        (DCTERMS.identifier, Literal("ilo-china-kg")),
        (DCTERMS.issued, built),
        (DCTERMS.modified, built),
        (DCTERMS.publisher, i["publisher"]),
        (DCTERMS.license, v.LICENCE),
        (DCTERMS.language, v.ENGLISH),
        (DCTERMS.accrualPeriodicity, v.IRREGULAR),
        (DCAT.landingPage, URIRef(f"{site}/")),
        (DCAT.contactPoint, contact),
    )
    _add(
        g,
        contact,
        (RDF.type, v.VCARD.Kind),
        (v.VCARD.fn, Literal(CONTACT_NAME)),
        (v.VCARD.hasURL, URIRef(f"{site}/")),
    )
    for word in [*KEYWORDS, *stats.themes]:
        g.add((ds, DCAT.keyword, v.en(word)))
    for code in v.THEMES:
        g.add((ds, DCAT.theme, v.theme(code)))
    for iri, label in stats.countries.items():
        g.add((ds, DCTERMS.spatial, v.country(g, iri, label)))
    if stats.first_year and stats.last_year:
        period = URIRef(f"{ds}#temporal-coverage")
        g.add((ds, DCTERMS.temporal, period))
        _add(
            g,
            period,
            (RDF.type, DCTERMS.PeriodOfTime),
            (DCAT.startDate, Literal(stats.first_year, datatype=XSD.gYear)),
            (DCAT.endDate, Literal(stats.last_year, datatype=XSD.gYear)),
        )


def _void(g: Graph, ds: URIRef, ns: Namespaces, site: str, stats: Stats) -> None:
    _add(
        g,
        ds,
        (RDF.type, VOID.Dataset),
        (VOID.sparqlEndpoint, URIRef(f"{site}/sparql")),
        (VOID.uriSpace, Literal(ns.id)),
        (VOID.triples, _int(stats.triples)),
        (VOID.entities, _int(stats.entities)),
        (VOID.classes, _int(len(stats.classes))),
        (VOID.properties, _int(len(stats.properties))),
    )
    vocabularies = {
        p.rsplit("#", 1)[0] + "#" if "#" in p else p.rsplit("/", 1)[0] + "/"
        for p in stats.properties
    }
    for vocab in sorted(vocabularies):
        g.add((ds, VOID.vocabulary, URIRef(vocab)))
    for cls, count in sorted(stats.classes.items()):
        part = URIRef(f"{ds}#class-{_key(cls, ns)}")
        g.add((ds, VOID.classPartition, part))
        _add(g, part, (VOID["class"], URIRef(cls)), (VOID.entities, _int(count)))
    for prop, count in sorted(stats.properties.items()):
        part = URIRef(f"{ds}#property-{_key(prop, ns)}")
        g.add((ds, VOID.propertyPartition, part))
        _add(g, part, (VOID.property, URIRef(prop)), (VOID.triples, _int(count)))
    for name, predicates in sorted(stats.links.items()):
        _namespace, target, title = LINK_TARGETS[name]
        _add(g, URIRef(target), (RDF.type, VOID.Dataset), (DCTERMS.title, v.en(title)))
        for predicate, count in sorted(predicates.items()):
            local = predicate.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
            link = URIRef(f"{ds}#linkset-{name}-{local}")
            g.add((ds, VOID.subset, link))
            _add(
                g,
                link,
                (RDF.type, VOID.Linkset),
                (VOID.subjectsTarget, ds),
                (VOID.objectsTarget, URIRef(target)),
                (VOID.linkPredicate, URIRef(predicate)),
                (VOID.triples, _int(count)),
            )


def _distribution(
    g: Graph, ns: Namespaces, ds: URIRef, site: str, name: str, info: dict[str, Any]
) -> None:
    from .store import DUMP_FORMATS

    dist = distribution_iri(ns, name)
    url = URIRef(f"{site}/dumps/{name}")
    inner = name.removesuffix(".gz")
    gz = name != inner
    code, label = v.FILE_TYPES.get(inner, ("", inner))
    graphs = (
        "with one named graph per source file"
        if inner.endswith((".nq", ".trig"))
        else "the union of all graphs"
    )
    text = f"The whole knowledge graph in {label}, {graphs}{', gzip-compressed' if gz else ''}."
    if "sha256" not in info:
        text += " Made on its first download; its size and checksum are listed from then on."
    g.add((ds, DCAT.distribution, dist))
    _add(
        g,
        dist,
        (RDF.type, DCAT.Distribution),
        (DCTERMS.title, v.en(f"{label} dump{' (gzip)' if gz else ''}")),
        (DCTERMS.description, v.en(text)),
        (DCAT.accessURL, url),
        (DCAT.downloadURL, url),
        (DCTERMS.license, v.LICENCE),
        (v.DCATAP.availability, v.STABLE),
    )
    if not gz:
        g.add((ds, VOID.dataDump, url))
    media = DUMP_FORMATS[inner][1] if inner in DUMP_FORMATS else info.get("media_type", "")
    if media:
        g.add((dist, DCAT.mediaType, v.media_type(g, media)))
    if gz:
        g.add((dist, DCAT.compressFormat, v.media_type(g, "application/gzip")))
    if code:
        g.add((dist, DCTERMS["format"], v.file_type(g, code, label)))
    if "bytes" in info:
        g.add((dist, DCAT.byteSize, _int(int(info["bytes"]), XSD.nonNegativeInteger)))
    if "sha256" in info:
        checksum = URIRef(f"{dist}#sha256")
        g.add((dist, v.SPDX.checksum, checksum))
        _add(
            g,
            checksum,
            (RDF.type, v.SPDX.Checksum),
            (v.SPDX.algorithm, v.SHA256),
            (v.SPDX.checksumValue, Literal(info["sha256"], datatype=XSD.hexBinary)),
        )


def _services(g: Graph, i: dict[str, URIRef], site: str) -> None:
    for key, title, endpoint, description, standard in (
        (
            "sparql",
            "ilokg SPARQL 1.1 endpoint (read-only)",
            "/sparql",
            "/sparql",
            v.SPARQL_PROTOCOL,
        ),
        ("api", "ilokg canned-query API", "/api/queries", "/openapi.json", v.OPENAPI),
    ):
        svc = i[key]
        _add(
            g,
            svc,
            (RDF.type, DCAT.DataService),
            (DCTERMS.title, v.en(title)),
            (DCAT.endpointURL, URIRef(site + endpoint)),
            (DCAT.endpointDescription, URIRef(site + description)),
            (DCAT.servesDataset, i["dataset"]),
            (DCTERMS.conformsTo, standard),
            (DCTERMS.license, v.LICENCE),
            (DCTERMS.publisher, i["publisher"]),
        )
        for code in v.THEMES:
            g.add((svc, DCAT.theme, v.theme(code)))
