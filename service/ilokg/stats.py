"""`ilokg stats`: what the curated graph holds and how well it is sourced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .files import model_files
from .namespaces import Namespaces
from .rdfio import parse_with_oxigraph, read_sources


def _store(root: Path, ns: Namespaces) -> ox.Store:
    store = ox.Store()
    for f in read_sources(model_files(root), root, ns):
        store.bulk_extend(parse_with_oxigraph(f))
    return store


def _rows(store: ox.Store, query: str, ns: Namespaces) -> list[dict[str, Any]]:
    result = store.query(ns.sparql_prologue() + query)
    names = [v.value for v in result.variables]  # type: ignore[union-attr]
    out = []
    for sol in result:  # type: ignore[union-attr]
        row: dict[str, Any] = {}
        for name, term in zip(names, sol, strict=False):
            if term is None:
                continue
            row[name] = int(term.value) if name.startswith("n_") else term.value
        out.append(row)
    return out


# Facts are the nodes of our id/ space that the sources state: everything except the
# source documents themselves and the controlled vocabularies (concepts and schemes).
FACT_NODES = """
  ?node ?p ?o .
  FILTER(STRSTARTS(STR(?node), STR(id:)))
  FILTER NOT EXISTS { ?node a ilokg:SourceDocument }
  FILTER NOT EXISTS { ?node a skos:ConceptScheme }
  FILTER NOT EXISTS { ?node skos:inScheme ?scheme }
"""


def compute_stats(root: Path, ns: Namespaces) -> dict[str, Any]:
    store = _store(root, ns)
    per_class = _rows(
        store,
        f"""SELECT ?class (COUNT(DISTINCT ?node) AS ?n_nodes) WHERE {{
          {FACT_NODES}
          ?node a ?class .
        }} GROUP BY ?class ORDER BY DESC(?n_nodes) ?class""",
        ns,
    )
    sourced = _rows(
        store,
        f"""SELECT (COUNT(DISTINCT ?node) AS ?n_all)
               (COUNT(DISTINCT ?src_node) AS ?n_sourced) WHERE {{
          {FACT_NODES}
          OPTIONAL {{ ?node prov:wasDerivedFrom ?doc . BIND(?node AS ?src_node) }}
        }}""",
        ns,
    )[0]
    unsourced = [
        r["node"]
        for r in _rows(
            store,
            f"""SELECT DISTINCT ?node WHERE {{
              {FACT_NODES}
              FILTER NOT EXISTS {{ ?node prov:wasDerivedFrom ?doc }}
            }} ORDER BY ?node""",
            ns,
        )
    ]
    languages = _rows(
        store,
        """SELECT ?lang (COUNT(*) AS ?n_labels) WHERE {
          ?node rdfs:label|skos:prefLabel|skos:altLabel|foaf:name|dct:title ?label .
          BIND(LANG(?label) AS ?lang)
        } GROUP BY ?lang ORDER BY DESC(?n_labels)""",
        ns,
    )
    labelled = _rows(
        store,
        f"""SELECT (COUNT(DISTINCT ?node) AS ?n_entities) (COUNT(DISTINCT ?en) AS ?n_en)
                   (COUNT(DISTINCT ?zh) AS ?n_zh) WHERE {{
          {FACT_NODES}
          FILTER(!CONTAINS(STR(?node), "#"))
          OPTIONAL {{ ?node rdfs:label|skos:prefLabel|foaf:name|dct:title ?l1 .
                     FILTER(LANGMATCHES(LANG(?l1), "en")) BIND(?node AS ?en) }}
          OPTIONAL {{ ?node rdfs:label|skos:prefLabel|foaf:name|dct:title ?l2 .
                     FILTER(LANGMATCHES(LANG(?l2), "zh")) BIND(?node AS ?zh) }}
        }}""",
        ns,
    )[0]
    per_source = _rows(
        store,
        """SELECT ?source ?title (COUNT(DISTINCT ?node) AS ?n_nodes) WHERE {
          ?source a ilokg:SourceDocument .
          OPTIONAL { ?source dct:title ?title }
          OPTIONAL { ?node prov:wasDerivedFrom ?source }
        } GROUP BY ?source ?title ORDER BY ?source""",
        ns,
    )
    total = sourced.get("n_all", 0)
    return {
        "triples": len(store),
        "nodes": total,
        "sourced_nodes": sourced.get("n_sourced", 0),
        "sourced_share": round(sourced.get("n_sourced", 0) / total, 4) if total else None,
        "unsourced": unsourced,
        "classes": per_class,
        "label_languages": languages,
        "entity_labels": labelled,
        "per_source": per_source,
    }


def stats_text(s: dict[str, Any]) -> str:
    share = s["sourced_share"]
    lines = [
        f"triples: {s['triples']}",
        f"fact nodes (entities + n-ary nodes): {s['nodes']}; with a source: {s['sourced_nodes']}"
        f" ({share * 100:.1f}%)"
        if share is not None
        else "no fact nodes",
    ]
    if s["unsourced"]:
        lines.append("without a source: " + ", ".join(s["unsourced"][:20]))
    lines.append("\nnodes per class:")
    lines += [f"  {r['n_nodes']:5d}  {r['class']}" for r in s["classes"]]
    el = s["entity_labels"]
    lines.append(
        f"\nentities (no hash IRIs): {el.get('n_entities', 0)}; with an English label: "
        f"{el.get('n_en', 0)}; with a Chinese label: {el.get('n_zh', 0)}"
    )
    lines.append("labels by language tag:")
    lines += [f"  {r['n_labels']:5d}  {r.get('lang') or '(none)'}" for r in s["label_languages"]]
    lines.append("\nnodes stated per source document:")
    lines += [f"  {r['n_nodes']:5d}  {r['source']}  {r.get('title', '')}" for r in s["per_source"]]
    return "\n".join(lines)
