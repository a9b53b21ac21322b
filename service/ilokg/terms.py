"""Vocabulary terms for people and for JSON-LD: labels of properties and classes, the @context.

Our own terms take their labels from the ontology (`ontology/ilokg.ttl`); the reused terms the
data uses get theirs from the small table below. The JSON-LD context maps every ilokg term to its
local name (`fundedBy`) and the reused terms to short keys (`label`, `title`, `source`), with
`"@type": "@id"` for links, so that JSON consumers read keys instead of IRIs.
"""

from __future__ import annotations

import re
from typing import Any

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import PREFIXES, Namespaces

P = PREFIXES
# key, IRI, value is a link?, English label, Chinese label
REUSED: tuple[tuple[str, str, bool, str, str], ...] = (
    ("label", f"{P['rdfs']}label", False, "label", "标签"),
    ("comment", f"{P['rdfs']}comment", False, "comment", "注释"),
    ("seeAlso", f"{P['rdfs']}seeAlso", True, "see also", "另见"),
    ("prefLabel", f"{P['skos']}prefLabel", False, "preferred label", "首选标签"),
    ("altLabel", f"{P['skos']}altLabel", False, "also known as", "别名"),
    ("definition", f"{P['skos']}definition", False, "definition", "定义"),
    ("scopeNote", f"{P['skos']}scopeNote", False, "scope note", "范围说明"),
    ("note", f"{P['skos']}note", False, "note", "备注"),
    ("inScheme", f"{P['skos']}inScheme", True, "in scheme", "所属方案"),
    ("topConceptOf", f"{P['skos']}topConceptOf", True, "top concept of", "顶层概念"),
    ("hasTopConcept", f"{P['skos']}hasTopConcept", True, "has top concept", "包含顶层概念"),
    ("broader", f"{P['skos']}broader", True, "broader", "上位概念"),
    ("narrower", f"{P['skos']}narrower", True, "narrower", "下位概念"),
    ("exactMatch", f"{P['skos']}exactMatch", True, "same as (exact match)", "完全匹配"),
    ("closeMatch", f"{P['skos']}closeMatch", True, "close match", "近似匹配"),
    ("broadMatch", f"{P['skos']}broadMatch", True, "broader match", "上位匹配"),
    ("sameAs", f"{P['owl']}sameAs", True, "same as", "等同于"),
    ("title", f"{P['dct']}title", False, "title", "标题"),
    ("description", f"{P['dct']}description", False, "description", "描述"),
    ("subject", f"{P['dct']}subject", True, "theme", "主题"),
    ("issued", f"{P['dct']}issued", False, "issued", "发布日期"),
    ("modified", f"{P['dct']}modified", False, "modified", "修改日期"),
    ("publisher", f"{P['dct']}publisher", True, "publisher", "发布者"),
    ("language", f"{P['dct']}language", True, "language", "语言"),
    ("spatial", f"{P['dct']}spatial", True, "place covered", "涉及地区"),
    ("relation", f"{P['dct']}relation", True, "related to", "相关"),
    ("isPartOf", f"{P['dct']}isPartOf", True, "part of", "隶属于"),
    ("license", f"{P['dct']}license", True, "licence", "许可"),
    ("name", f"{P['foaf']}name", False, "name", "姓名"),
    ("source", f"{P['prov']}wasDerivedFrom", True, "source", "来源"),
    ("qualifiedAssociation", f"{P['prov']}qualifiedAssociation", True, "participant", "参与"),
    ("agent", f"{P['prov']}agent", True, "agent", "参与者"),
    ("hadRole", f"{P['prov']}hadRole", True, "role", "角色"),
    ("classification", f"{P['org']}classification", True, "kind of organisation", "组织类别"),
    ("subOrganizationOf", f"{P['org']}subOrganizationOf", True, "part of organisation", "上级组织"),
    ("unitOf", f"{P['org']}unitOf", True, "unit of", "所属组织"),
    ("hasMember", f"{P['org']}hasMember", True, "member", "成员"),
    ("member", f"{P['org']}member", True, "member", "成员"),
    ("organization", f"{P['org']}organization", True, "organisation", "组织"),
    ("role", f"{P['org']}role", True, "role", "角色"),
    ("postIn", f"{P['org']}postIn", True, "post in", "职位所属"),
    ("funder", f"{P['schema']}funder", True, "funder", "出资方"),
    ("fundedItem", f"{P['schema']}fundedItem", True, "funds", "资助对象"),
    ("amount", f"{P['schema']}amount", True, "amount", "金额"),
    ("currency", f"{P['schema']}currency", False, "currency", "货币"),
    ("amountValue", f"{P['schema']}value", False, "value", "数值"),
    ("location", f"{P['schema']}location", True, "location", "地点"),
    ("containedInPlace", f"{P['schema']}containedInPlace", True, "located in", "位于"),
    ("organizer", f"{P['schema']}organizer", True, "organiser", "主办方"),
    ("attendee", f"{P['schema']}attendee", True, "attendee", "参加方"),
    ("about", f"{P['schema']}about", True, "about", "关于"),
    ("superEvent", f"{P['schema']}superEvent", True, "part of event", "所属活动"),
    ("position", f"{P['schema']}position", False, "position", "顺序"),
    ("honorificPrefix", f"{P['schema']}honorificPrefix", False, "honorific", "尊称"),
)
TYPE_LABEL = ("type", "类型")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            iri = iri.rsplit(sep, 1)[1] or iri
    return iri


def humanise(iri: str) -> str:
    """'http://…#hasTopConcept' -> 'has top concept'."""
    name = local_name(iri)
    return _CAMEL.sub(" ", name).replace("_", " ").lower() or iri


def curie(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, ns in sorted(prefixes.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and "/" not in iri[len(ns) :]:
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def term_labels(ontology: rdflib.Graph) -> dict[str, dict[str, str]]:
    """{term IRI: {"en": …, "zh": …}} from rdfs:label in the ontology plus the reused-term table."""
    labels: dict[str, dict[str, str]] = {}
    for _key, iri, _link, en, zh in REUSED:
        labels[iri] = {"en": en, "zh": zh}
    labels[str(RDF.type)] = {"en": TYPE_LABEL[0], "zh": TYPE_LABEL[1]}
    for term, label in ontology.subject_objects(RDFS.label):
        if not isinstance(term, rdflib.URIRef) or not isinstance(label, rdflib.Literal):
            continue
        lang = "zh" if (label.language or "").lower().startswith("zh") else "en"
        entry = labels.setdefault(str(term), {})
        if lang == "en" or lang not in entry:
            entry[lang] = str(label)
    return labels


def jsonld_context(ontology: rdflib.Graph, ns: Namespaces) -> dict[str, Any]:
    """The JSON-LD @context (the object inside {"@context": …})."""
    ctx: dict[str, Any] = {"id": "@id", "type": "@type"}
    ctx.update({p: iri for p, iri in sorted(ns.serialization_prefixes().items())})
    taken = set(ctx)
    ours = sorted(
        {
            str(t)
            for t in ontology.subjects()
            if isinstance(t, rdflib.URIRef)
            and str(t).startswith(ns.vocab)
            and len(str(t)) > len(ns.vocab)
        }
    )
    links = {str(t) for t in ontology.subjects(RDF.type, OWL.ObjectProperty)}
    for iri in ours:
        key = iri[len(ns.vocab) :]
        if key in taken:
            continue
        ctx[key] = {"@id": iri, "@type": "@id"} if iri in links else iri
        taken.add(key)
    for key, iri, link, _en, _zh in REUSED:
        if key in taken:
            continue
        ctx[key] = {"@id": iri, "@type": "@id"} if link else iri
        taken.add(key)
    return ctx
