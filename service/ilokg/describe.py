"""What an entity IRI returns, label search and kind counts — all through the query engine.

Every query is a constant; the entity IRI and the search words are bound as RDF terms
(`substitutions`), never spliced into the text.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

import rdflib

from .engine.base import QueryRequest, Term
from .service import Service

_PREFIXES = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
_LABELS = "rdfs:label, skos:prefLabel, dct:title, foaf:name"
_STEP = "!(rdf:type|^rdf:type)"  # any link, either direction, except typing
_SUBNODES = f"""
    {{
      SELECT DISTINCT ?e ?sub
      WHERE {{
        {{
          ?e {_STEP} ?sub .
          BIND(CONCAT(STR(?e), "#") AS ?h)
        }}
        UNION
        {{
          ?e {_STEP} ?m1 .
          BIND(CONCAT(STR(?e), "#") AS ?h)
          FILTER(isIRI(?m1) && STRSTARTS(STR(?m1), ?h))
          ?m1 {_STEP} ?sub .
        }}
        UNION
        {{
          ?e {_STEP} ?m1 .
          BIND(CONCAT(STR(?e), "#") AS ?h)
          FILTER(isIRI(?m1) && STRSTARTS(STR(?m1), ?h))
          ?m1 {_STEP} ?m2 .
          FILTER(isIRI(?m2) && STRSTARTS(STR(?m2), ?h))
          ?m2 {_STEP} ?sub .
        }}
        FILTER(isIRI(?sub) && STRSTARTS(STR(?sub), ?h))
      }}
    }}"""

# The entity's own triples with the labels of what it links to (and the full description of
# its sources, with the labels of what they link to); its hash-IRI sub-nodes up to three links
# away, likewise; incoming links with the labels of their subjects (and, for a hash-IRI subject,
# of the entity it belongs to).
ENTITY_QUERY = (
    _PREFIXES
    + f"""
CONSTRUCT {{
  ?e ?p ?o .
  ?o ?lp ?ol .
  ?sub ?sp ?so .
  ?so ?slp ?sol .
  ?in ?ip ?e .
  ?in ?ilp ?il .
  ?owner ?olp ?ol .
  ?ref ?rlp ?rl .
}}
WHERE {{
  {{
    ?e ?p ?o .
    OPTIONAL {{
      ?o ?lp ?ol .
      FILTER(?lp IN ({_LABELS}) || ?p = prov:wasDerivedFrom)
    }}
  }}
  UNION
  {{
    {_SUBNODES}
    ?sub ?sp ?so .
    OPTIONAL {{
      ?so ?slp ?sol .
      FILTER(?slp IN ({_LABELS}) || ?sp = prov:wasDerivedFrom)
    }}
  }}
  UNION
  {{
    ?in ?ip ?e .
    OPTIONAL {{
      ?in ?ilp ?il .
      FILTER(?ilp IN ({_LABELS}))
    }}
    BIND(IF(isIRI(?in) && CONTAINS(STR(?in), "#"), IRI(STRBEFORE(STR(?in), "#")), ?in) AS ?owner)
    OPTIONAL {{
      ?owner ?olp ?ol .
      FILTER(?olp IN ({_LABELS}))
    }}
  }}
  UNION
  {{
    ?e prov:wasDerivedFrom ?src .
    ?src ?srcp ?ref .
    FILTER(isIRI(?ref))
    ?ref ?rlp ?rl .
    FILTER(?rlp IN ({_LABELS}))
  }}
}}
"""
)

SEARCH_QUERY = (
    _PREFIXES
    + """
SELECT ?ids ?kind ?w1 ?w2 ?w3 ?entity (SAMPLE(?text) AS ?label) (MAX(?hits) AS ?score)
WHERE {
  ?entity rdfs:label|skos:prefLabel|skos:altLabel|dct:title|foaf:name ?text .
  FILTER(isIRI(?entity) && STRSTARTS(STR(?entity), ?ids) && !CONTAINS(STR(?entity), "#"))
  BIND(LCASE(CONCAT(STR(?text), " ", STRAFTER(STR(?entity), ?ids))) AS ?t)
  BIND(IF(CONTAINS(?t, ?w1), 2, 0) + IF(CONTAINS(?t, ?w2), 2, 0) + IF(CONTAINS(?t, ?w3), 2, 0)
       AS ?words)
  FILTER(?words > 0)
  BIND(?words + IF(STRSTARTS(STR(?entity), CONCAT(?ids, ?kind, "/")), 1, 0) AS ?hits)
}
GROUP BY ?ids ?kind ?w1 ?w2 ?w3 ?entity
ORDER BY DESC(?score) ?entity
LIMIT 8
"""
)

KIND_COUNTS_QUERY = """
SELECT ?ids ?kind (COUNT(DISTINCT ?s) AS ?count)
WHERE {
  ?s ?p ?o .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), ?ids) && !CONTAINS(STR(?s), "#"))
  BIND(STRBEFORE(STRAFTER(STR(?s), ?ids), "/") AS ?kind)
  FILTER(?kind != "")
}
GROUP BY ?ids ?kind
ORDER BY ?kind
"""

STOP_WORDS = {"the", "of", "and", "for", "in", "on", "to", "a", "an", "with", "id"}


async def construct(
    service: Service, query: str, substitutions: dict[str, Term], *, route: str
) -> rdflib.Graph:
    result = await service.run(
        QueryRequest(
            query=query,
            graph_format="ntriples",
            substitutions=substitutions,
            max_rows=service.settings.max_rows,
        ),
        route=route,
    )
    graph = rdflib.Graph()
    if result.body.strip():
        graph.parse(data=result.body.decode("utf-8"), format="nt")
    return graph


async def select(
    service: Service, query: str, substitutions: dict[str, Term], *, route: str
) -> list[dict[str, dict[str, str]]]:
    """Rows of SPARQL JSON bindings ({var: {"type", "value", …}})."""
    result = await service.run(
        QueryRequest(
            query=query,
            solution_format="json",
            substitutions=substitutions,
            max_rows=service.settings.max_rows,
        ),
        route=route,
    )
    data: dict[str, Any] = json.loads(result.body)
    rows: list[dict[str, dict[str, str]]] = data.get("results", {}).get("bindings", [])
    return rows


def _cache(service: Service) -> OrderedDict[tuple[str, str], rdflib.Graph]:
    cache = service.extras.setdefault("entity_cache", OrderedDict())
    assert isinstance(cache, OrderedDict)
    return cache


async def describe(service: Service, iri: str) -> rdflib.Graph:
    """The description of an entity (empty when the graph does not mention it)."""
    key = (service.build_hash, iri)
    cache = _cache(service)
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    graph = await construct(service, ENTITY_QUERY, {"e": ("iri", iri)}, route="entity")
    size = service.settings.cache_size
    if size:
        cache[key] = graph
        while len(cache) > size:
            cache.popitem(last=False)
    return graph


def search_words(text: str) -> list[str]:
    """Up to three word stems of a slug or a phrase, longest first ("prosce" -> "pros")."""
    raw = text.replace("/", " ").replace("-", " ").replace("_", " ").lower().split()
    words = [w for w in dict.fromkeys(raw) if w not in STOP_WORDS and len(w) > 1]
    stems = [w if len(w) <= 4 else w[: max(4, len(w) * 2 // 3)] for w in words]
    return sorted(dict.fromkeys(stems), key=len, reverse=True)[:3]


async def label_search(service: Service, text: str, kind: str = "") -> list[dict[str, str]]:
    """[{iri, label}] of entities whose labels or slugs contain words of `text`, best first."""
    words = search_words(text)
    if not words:
        return []
    padded = (words + [words[0]] * 3)[:3]
    subs: dict[str, Term] = {
        "ids": ("literal", service.ns.id),
        "kind": ("literal", kind),
    }
    for i, word in enumerate(padded, start=1):
        subs[f"w{i}"] = ("literal", word)
    rows = await select(service, SEARCH_QUERY, subs, route="entity-search")
    return [
        {"iri": r["entity"]["value"], "label": r.get("label", {}).get("value", "")}
        for r in rows
        if "entity" in r
    ]


async def kind_counts(service: Service) -> list[tuple[str, int]]:
    subs: dict[str, Term] = {"ids": ("literal", service.ns.id)}
    rows = await select(service, KIND_COUNTS_QUERY, subs, route="kinds")
    return [(r["kind"]["value"], int(r["count"]["value"])) for r in rows if "kind" in r]
