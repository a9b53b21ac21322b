"""Statistics of the graph for the VoID/DCAT record, computed through the engine once per build."""

from __future__ import annotations

from dataclasses import dataclass, field

from .describe import select
from .engine.base import Term
from .service import Service

EU_COUNTRY = "http://publications.europa.eu/resource/authority/country/"
# name -> (namespace of the linked IRIs, IRI standing for the target dataset, title)
LINK_TARGETS: dict[str, tuple[str, str, str]] = {
    "eu-country": (
        EU_COUNTRY,
        "http://publications.europa.eu/resource/authority/country",
        "EU Publications Office country authority table",
    ),
    "wikidata": ("http://www.wikidata.org/entity/", "http://www.wikidata.org/", "Wikidata"),
    "un-sdg": (
        "http://metadata.un.org/sdg/",
        "http://metadata.un.org/sdg/",
        "UN Sustainable Development Goals KOS",
    ),
}

_PREFIXES = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""
TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o } }"
ENTITIES = """
SELECT ?ids (COUNT(DISTINCT ?s) AS ?n)
WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?ids))
}
GROUP BY ?ids
"""
CLASSES = """
SELECT ?c (COUNT(DISTINCT ?s) AS ?n)
WHERE {
  ?s a ?c .
}
GROUP BY ?c
ORDER BY ?c
"""
PROPERTIES = """
SELECT ?p (COUNT(*) AS ?n)
WHERE {
  SELECT DISTINCT ?s ?p ?o
  WHERE {
    ?s ?p ?o .
  }
}
GROUP BY ?p
ORDER BY ?p
"""
YEARS = (
    _PREFIXES
    + """
SELECT ?ids (MIN(?y) AS ?first) (MAX(?y) AS ?last)
WHERE {
  ?s ?p ?d .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?ids))
  FILTER(isLiteral(?d) && DATATYPE(?d) IN (xsd:date, xsd:dateTime, xsd:gYear, xsd:gYearMonth))
  BIND(SUBSTR(STR(?d), 1, 4) AS ?y)
}
GROUP BY ?ids
"""
)
COUNTRIES = (
    _PREFIXES
    + """
SELECT ?eu (SAMPLE(?text) AS ?label)
WHERE {
  ?country skos:exactMatch ?eu .
  FILTER(isIRI(?eu) && STRSTARTS(STR(?eu), "http://publications.europa.eu/resource/authority/country/"))
  OPTIONAL {
    ?country rdfs:label ?text .
    FILTER(LANGMATCHES(LANG(?text), "en"))
  }
}
GROUP BY ?eu
ORDER BY ?eu
"""
)
THEMES = (
    _PREFIXES
    + """
SELECT ?scheme ?label
WHERE {
  ?theme skos:inScheme ?scheme .
  ?theme skos:prefLabel ?label .
  FILTER(LANGMATCHES(LANG(?label), "en"))
}
ORDER BY ?label
"""
)
LINKS = """
SELECT ?ids ?ns ?p (COUNT(*) AS ?n)
WHERE {
  SELECT DISTINCT ?ids ?ns ?s ?p ?o
  WHERE {
    ?s ?p ?o .
    FILTER(isIRI(?o) && STRSTARTS(STR(?o), ?ns))
    FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?ids))
  }
}
GROUP BY ?ids ?ns ?p
ORDER BY ?p
"""


@dataclass
class Stats:
    triples: int = 0
    entities: int = 0
    classes: dict[str, int] = field(default_factory=dict)  # class IRI -> instances
    properties: dict[str, int] = field(default_factory=dict)  # property IRI -> triples
    first_year: str | None = None
    last_year: str | None = None
    countries: dict[str, str] = field(default_factory=dict)  # EU country IRI -> English label
    themes: list[str] = field(default_factory=list)  # English labels of our themes
    links: dict[str, dict[str, int]] = field(default_factory=dict)  # target -> {predicate: n}


def _lit(value: str) -> Term:
    return ("literal", value)


async def compute(service: Service) -> Stats:
    ids: dict[str, Term] = {"ids": _lit(service.ns.id)}
    stats = Stats()
    rows = await select(service, TRIPLES, {}, route="void")
    stats.triples = int(rows[0]["n"]["value"]) if rows else 0
    rows = await select(service, ENTITIES, ids, route="void")
    stats.entities = int(rows[0]["n"]["value"]) if rows else 0
    for row in await select(service, CLASSES, {}, route="void"):
        if row.get("c", {}).get("type") == "uri":
            stats.classes[row["c"]["value"]] = int(row["n"]["value"])
    for row in await select(service, PROPERTIES, {}, route="void"):
        stats.properties[row["p"]["value"]] = int(row["n"]["value"])
    rows = await select(service, YEARS, ids, route="void")
    if rows and "first" in rows[0]:
        stats.first_year, stats.last_year = rows[0]["first"]["value"], rows[0]["last"]["value"]
    for row in await select(service, COUNTRIES, {}, route="void"):
        stats.countries[row["eu"]["value"]] = row.get("label", {}).get("value", "")
    themes = service.ns.entity("scheme", "themes")
    stats.themes = [
        r["label"]["value"]
        for r in await select(service, THEMES, {"scheme": ("iri", themes)}, route="void")
    ]
    for name, (namespace, _target, _title) in LINK_TARGETS.items():
        subs: dict[str, Term] = {**ids, "ns": _lit(namespace)}
        found = {
            r["p"]["value"]: int(r["n"]["value"])
            for r in await select(service, LINKS, subs, route="void")
        }
        if found:
            stats.links[name] = found
    return stats


async def cached(service: Service) -> Stats:
    key = ("void_stats", service.build_hash)
    stats = service.extras.get("void_stats")
    if not (isinstance(stats, tuple) and stats[0] == key):
        stats = (key, await compute(service))
        service.extras["void_stats"] = stats
    result: Stats = stats[1]
    return result
