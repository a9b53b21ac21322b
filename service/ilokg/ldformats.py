"""The linked-data representations from one table: media types, URL suffixes, serialisers.

Used by /id/…, /def/…, /ontology, /shapes, /dataset. `choose(...)` picks the format from an
explicit suffix, then `?format=`, then Accept (q-values honoured); `serialize(...)` writes a
graph with pyoxigraph (Turtle, N-Triples, RDF/XML) or rdflib (JSON-LD, compacted with a context).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
import rdflib

from .errors import NotAcceptable
from .negotiation import negotiate


@dataclass(frozen=True)
class LdFormat:
    key: str
    media_type: str
    suffix: str
    aliases: tuple[str, ...]  # other media types that select this format
    label: str

    @property
    def content_type(self) -> str:
        if self.key == "ntriples":
            return self.media_type  # no parameters: some clients compare it literally
        return f"{self.media_type}; charset=utf-8"


FORMATS: dict[str, LdFormat] = {
    f.key: f
    for f in (
        LdFormat("html", "text/html", "html", ("application/xhtml+xml",), "HTML"),
        LdFormat("turtle", "text/turtle", "ttl", ("application/x-turtle",), "Turtle"),
        LdFormat("jsonld", "application/ld+json", "jsonld", ("application/json",), "JSON-LD"),
        LdFormat("ntriples", "application/n-triples", "nt", ("text/plain",), "N-Triples"),
        LdFormat(
            "rdfxml", "application/rdf+xml", "rdf", ("application/xml", "text/xml"), "RDF/XML"
        ),
    )
}
RDF_KEYS = ("turtle", "jsonld", "ntriples", "rdfxml")
BY_SUFFIX = {f.suffix: f for f in FORMATS.values()}
FORMAT_PARAM = {
    "html": "html",
    "ttl": "turtle",
    "turtle": "turtle",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
    "json": "jsonld",
    "nt": "ntriples",
    "ntriples": "ntriples",
    "n-triples": "ntriples",
    "rdf": "rdfxml",
    "rdfxml": "rdfxml",
    "xml": "rdfxml",
}
_OX = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
}


def aliases(keys: tuple[str, ...]) -> dict[str, list[str]]:
    return {k: [FORMATS[k].media_type, *FORMATS[k].aliases] for k in keys}


def split_suffix(path: str) -> tuple[str, LdFormat | None]:
    """('project/x', Turtle) for 'project/x.ttl'; (path, None) without a known suffix."""
    stem, dot, ext = path.rpartition(".")
    if dot and "/" not in ext and ext in BY_SUFFIX:
        return stem, BY_SUFFIX[ext]
    return path, None


def choose(
    accept: str | None,
    format_param: str | None = None,
    *,
    keys: tuple[str, ...] = ("html", *RDF_KEYS),
    default: str = "turtle",
) -> LdFormat:
    """The representation asked for; browsers (text/html first) get HTML when it is offered."""
    if format_param:
        key = FORMAT_PARAM.get(format_param.strip().lower())
        if key is None or key not in keys:
            raise NotAcceptable(
                f"unknown format {format_param!r}; use one of "
                + ", ".join(FORMATS[k].suffix for k in keys)
            )
        return FORMATS[key]
    return FORMATS[negotiate(accept, aliases(keys), default)]


def alternates(url_stem: str, keys: tuple[str, ...] = ("html", *RDF_KEYS)) -> list[dict[str, str]]:
    """[{url, type, label}] of the suffix URLs of a resource."""
    return [
        {
            "url": f"{url_stem}.{FORMATS[k].suffix}",
            "type": FORMATS[k].media_type,
            "label": FORMATS[k].label,
        }
        for k in keys
    ]


def link_header(items: list[dict[str, str]], extra: list[str] | None = None) -> str:
    links = [f'<{a["url"]}>; rel="alternate"; type="{a["type"]}"' for a in items]
    return ", ".join([*links, *(extra or [])])


def to_oxigraph(graph: rdflib.Graph, focus: str | None = None) -> list[ox.Triple]:
    """Sorted triples: the focus resource first, then its hash-IRI parts, then the rest."""
    triples = []
    for s, p, o in graph:
        triples.append(ox.Triple(_ox_term(s), ox.NamedNode(str(p)), _ox_term(o)))  # type: ignore[arg-type]

    def key(t: ox.Triple) -> tuple[int, str, str, str]:
        subject = t.subject.value if isinstance(t.subject, ox.NamedNode) else "~" + str(t.subject)
        rank = 2
        if focus and subject == focus:
            rank = 0
        elif focus and subject.startswith(focus + "#"):
            rank = 1
        return rank, subject, t.predicate.value, str(t.object)

    triples.sort(key=key)
    return triples


def used_prefixes(graph: rdflib.Graph, prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace starts an IRI of the graph."""
    iris = {str(t) for triple in graph for t in triple if isinstance(t, rdflib.URIRef)}
    iris |= {
        str(o.datatype) for o in graph.objects() if isinstance(o, rdflib.Literal) and o.datatype
    }
    return {p: ns for p, ns in prefixes.items() if any(i.startswith(ns) for i in iris)}


def _ox_term(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    datatype = term.datatype or rdflib.XSD.string
    return ox.Literal(str(term), datatype=ox.NamedNode(str(datatype)))


def serialize(
    graph: rdflib.Graph,
    key: str,
    prefixes: dict[str, str],
    context: dict[str, Any] | None = None,
    focus: str | None = None,
) -> bytes:
    """The graph in one of the RDF formats (sorted, with prefixes where the syntax has them)."""
    if key == "jsonld":
        if context is None:
            return graph.serialize(format="json-ld").encode("utf-8")
        text = graph.serialize(format="json-ld", context=context, auto_compact=True, indent=None)
        return _normalise_jsonld(text, focus).encode("utf-8")
    fmt = _OX[key]
    pfx = used_prefixes(graph, prefixes) if key in ("turtle", "rdfxml") else None
    return ox.serialize(to_oxigraph(graph, focus), format=fmt, prefixes=pfx) or b""


def _normalise_jsonld(text: str, focus: str | None) -> str:
    """An object with @context and @graph (rdflib omits @graph for one node), focus first."""
    doc = json.loads(text)
    if isinstance(doc, dict) and "@graph" not in doc and "@context" in doc:
        ctx = doc.pop("@context")
        doc = {"@context": ctx, "@graph": [doc] if doc else []}

    def rank(node: Any) -> tuple[int, str]:
        node_id = str(node.get("id", node.get("@id", ""))) if isinstance(node, dict) else ""
        if focus and node_id == focus:
            return 0, node_id
        return (1 if focus and node_id.startswith(focus + "#") else 2), node_id

    if isinstance(doc, dict) and isinstance(doc.get("@graph"), list):
        doc["@graph"].sort(key=rank)
    return json.dumps(doc, ensure_ascii=False, indent=2)
