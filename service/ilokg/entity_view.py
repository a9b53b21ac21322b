"""The HTML page of an entity as data: labels in the reader's language, readable values.

`entity_view(graph, iri, …)` turns the entity's description (see describe.py) into plain
dicts for templates/entity.html: the heading label, types, properties with linked labels,
dates and amounts written as people write them, the hash-IRI sub-nodes, what links here and
the source documents.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import rdflib
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from .humanize import NUMERIC_TYPES, format_amount, format_date, format_number, pick_by_language
from .namespaces import Namespaces
from .terms import curie, humanise

SCHEMA = rdflib.Namespace("http://schema.org/")
LABEL_PREDICATES = (RDFS.label, SKOS.prefLabel, DCTERMS.title, FOAF.name)
FIRST = [
    RDFS.label,
    SKOS.prefLabel,
    DCTERMS.title,
    FOAF.name,
    SKOS.altLabel,
    DCTERMS.description,
    SKOS.definition,
]
TEXT = {
    "en": {
        "type": "Type",
        "properties": "Properties",
        "parts": "Parts of this record",
        "incoming": "What links here",
        "sources": "Source documents",
        "formats": "Other formats",
        "issued": "issued",
        "none": "none",
        "iri": "IRI",
        "not_found": "Not found",
        "suggestions": "Did you mean",
        "home": "Home",
    },
    "zh": {
        "type": "类型",
        "properties": "属性",
        "parts": "本记录的组成部分",
        "incoming": "链接到此处的条目",
        "sources": "来源文件",
        "formats": "其他格式",
        "issued": "发布于",
        "none": "无",
        "iri": "IRI",
        "not_found": "未找到",
        "suggestions": "您是否要找",
        "home": "首页",
    },
}


@dataclass
class Context:
    graph: rdflib.Graph
    iri: str
    lang: str
    ns: Namespaces
    labels: dict[str, dict[str, str]]  # term IRI -> {en, zh}
    root: str  # path prefix of the service ("" or the proxy's root path)

    def href(self, iri: str) -> str:
        """Our IRIs become paths on this host; others stay as they are."""
        if iri.startswith(self.ns.id):
            return f"{self.root}/id/{iri[len(self.ns.id) :]}"
        if iri.startswith(self.ns.ontology):
            return f"{self.root}/def/ilokg{iri[len(self.ns.ontology) :]}"
        return iri

    def term(self, iri: str) -> dict[str, str]:
        entry = self.labels.get(iri, {})
        text = entry.get(self.lang) or entry.get("en") or humanise(iri)
        return {
            "iri": iri,
            "text": text,
            "href": self.href(iri),
            "curie": curie(iri, self.ns.serialization_prefixes()),
        }

    def label(self, node: rdflib.term.Node) -> str:
        values = [
            (str(o), o.language)
            for p in LABEL_PREDICATES
            for o in self.graph.objects(node, p)
            if isinstance(o, rdflib.Literal)
        ]
        picked = pick_by_language(values, self.lang)
        if picked:
            return picked[0]
        iri = str(node)
        if "#" in iri and iri.startswith(self.ns.id):
            return self.part_label(node)
        if iri.startswith(self.ns.id):
            return iri[len(self.ns.id) :]
        return self.term(iri)["text"] if iri in self.labels else iri

    def part_label(self, node: rdflib.term.Node) -> str:
        """A name for an unlabelled hash node: its amount, its agent and role, or its fragment."""
        amount = _amount(self, node)
        if amount is not None:
            return amount
        agent = self.graph.value(node, PROV.agent)
        if agent is not None:
            role = self.graph.value(node, PROV.hadRole)
            return self.label(agent) + (f" ({self.label(role)})" if role is not None else "")
        fragment = str(node).split("#", 1)[1]
        return fragment.replace("--", " – ").replace("-", " ").capitalize()

    def is_part(self, node: rdflib.term.Node) -> bool:
        return isinstance(node, rdflib.URIRef) and str(node).startswith(self.iri + "#")


def _amount(ctx: Context, node: rdflib.term.Node) -> str | None:
    value = ctx.graph.value(node, SCHEMA.value)
    if value is None:
        return None
    currency = ctx.graph.value(node, SCHEMA.currency)
    return format_amount(str(value), str(currency) if currency is not None else None)


def value_view(ctx: Context, obj: rdflib.term.Node) -> dict[str, Any]:
    if isinstance(obj, rdflib.Literal):
        datatype = str(obj.datatype) if obj.datatype else None
        text = format_date(str(obj), datatype, ctx.lang)
        if text is None and datatype in NUMERIC_TYPES:
            text = format_number(str(obj))
        return {
            "kind": "literal",
            "text": text if text is not None else str(obj),
            "lang": obj.language or "",
            "raw": str(obj),
        }
    if isinstance(obj, rdflib.BNode):
        return {"kind": "literal", "text": "(blank node)", "lang": "", "raw": ""}
    iri = str(obj)
    amount = _amount(ctx, obj)
    if amount is not None:
        return {"kind": "amount", "text": amount, "href": ctx.href(iri)}
    return {
        "kind": "link",
        "text": ctx.label(obj),
        "href": ctx.href(iri),
        "external": not ctx.href(iri).startswith(ctx.root + "/"),
    }


def property_rows(ctx: Context, node: rdflib.term.Node, skip: set[str]) -> list[dict[str, Any]]:
    by_pred: dict[str, list[rdflib.term.Node]] = {}
    for p, o in ctx.graph.predicate_objects(node):
        if str(p) not in skip:
            by_pred.setdefault(str(p), []).append(o)
    order = {str(p): i for i, p in enumerate(FIRST)}
    rows = []
    for pred in sorted(by_pred, key=lambda p: (order.get(p, 99), ctx.term(p)["text"])):
        values = [value_view(ctx, o) for o in by_pred[pred]]
        values.sort(key=lambda v: (v.get("lang", "") != ctx.lang, v["text"]))
        rows.append({"predicate": ctx.term(pred), "values": values})
    return rows


def _has_label(graph: rdflib.Graph, node: rdflib.term.Node) -> bool:
    return any((node, p, None) in graph for p in LABEL_PREDICATES)


def types_of(ctx: Context, node: rdflib.term.Node) -> list[dict[str, str]]:
    return sorted(
        (ctx.term(str(t)) for t in ctx.graph.objects(node, RDF.type)), key=lambda t: t["text"]
    )


def entity_view(
    graph: rdflib.Graph,
    iri: str,
    *,
    lang: str,
    ns: Namespaces,
    labels: dict[str, dict[str, str]],
    root: str = "",
) -> dict[str, Any]:
    ctx = Context(graph, iri, lang, ns, labels, root)
    node = rdflib.URIRef(iri)
    skip = {str(RDF.type), str(PROV.wasDerivedFrom)}
    parts = sorted({s for s in graph.subjects() if ctx.is_part(s)}, key=str)
    part_views = [
        {
            "id": str(s).split("#", 1)[1],
            "label": ctx.label(s),
            "types": types_of(ctx, s),
            "properties": property_rows(ctx, s, {str(RDF.type)}),
        }
        for s in parts
    ]
    incoming = []
    for s, p in graph.subject_predicates(node):
        if not ctx.is_part(s) and isinstance(s, rdflib.URIRef):
            subject = value_view(ctx, s)
            owner, _, fragment = str(s).partition("#")
            if fragment and owner.startswith(ns.id) and not _has_label(graph, s):
                # a node of another entity: name it by that entity and its fragment
                text = fragment.replace("--", " – ").replace("-", " ")
                subject["text"] = f"{ctx.label(rdflib.URIRef(owner))} › {text}"
            incoming.append({"subject": subject, "predicate": ctx.term(str(p))})
    incoming.sort(key=lambda r: (r["predicate"]["text"], r["subject"]["text"]))
    sources = []
    for src in sorted(
        {o for s in [node, *parts] for o in graph.objects(s, PROV.wasDerivedFrom)}, key=str
    ):
        issued = graph.value(src, DCTERMS.issued)
        publisher = graph.value(src, DCTERMS.publisher)
        sources.append(
            {
                "link": value_view(ctx, src),
                "issued": value_view(ctx, issued)["text"] if issued is not None else "",
                "publisher": value_view(ctx, publisher) if publisher is not None else None,
            }
        )
    label_values = [
        (str(o), o.language)
        for p in LABEL_PREDICATES
        for o in graph.objects(node, p)
        if isinstance(o, rdflib.Literal)
    ]
    picked = pick_by_language(label_values, lang)
    return {
        "iri": iri,
        "label": picked[0] if picked else ctx.label(node),
        "label_lang": picked[1] if picked else "",
        "types": types_of(ctx, node),
        "properties": property_rows(ctx, node, skip),
        "parts": part_views,
        "incoming": incoming,
        "sources": sources,
        "text": TEXT["zh" if lang == "zh" else "en"],
        "lang": lang,
    }
