"""Checking a proposed fact against the shapes, in the context of the published graph.

The submitted triples are validated together with the ontology and a little background from
the store: the stored description of every submitted subject that already exists (so a new
statement about a known entity is checked with what is known about it) and the rdf:type of
every IRI the submission points to (so `sh:class` constraints see that <source/x> is a source
document). Only findings about the submitted subjects are reported.
"""

from __future__ import annotations

from dataclasses import replace

import rdflib
from rdflib.namespace import RDF, SH

from .describe import construct
from .engine.base import Term
from .ontology_docs import Documents
from .service import Service
from .validate import Report, validate_graph

SUBJECT_QUERY = "CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }"
TYPES_QUERY = """PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?x rdf:type ?t } WHERE { ?x rdf:type ?t }
"""
MAX_BACKGROUND = 500  # IRIs looked up in the store at most


async def background(service: Service, data: rdflib.Graph) -> rdflib.Graph:
    subjects = {s for s in data.subjects() if isinstance(s, rdflib.URIRef)}
    targets = {o for o in data.objects() if isinstance(o, rdflib.URIRef)} - subjects
    extra = rdflib.Graph()
    ours = [s for s in sorted(subjects) if str(s).startswith(service.ns.id)]
    for iri in ours[:MAX_BACKGROUND]:
        extra += await construct(service, SUBJECT_QUERY, {"x": ("iri", str(iri))}, route="validate")
    for iri in sorted(targets)[:MAX_BACKGROUND]:
        subs: dict[str, Term] = {"x": ("iri", str(iri))}
        extra += await construct(service, TYPES_QUERY, subs, route="validate")
    return extra


def check(data: rdflib.Graph, extra: rdflib.Graph, docs: Documents) -> Report:
    """SHACL report about the submitted subjects (blocking: run it in a thread)."""
    graph = rdflib.Graph()
    for part in (docs.ontology, extra, data):
        for triple in part:
            graph.add(triple)
    report = validate_graph(graph, docs.shapes)
    focus = {str(s) for s in data.subjects()}
    return only_about(report, focus)


def only_about(report: Report, focus: set[str]) -> Report:
    """The report restricted to findings whose focus node is in `focus`."""
    findings = [f for f in report.findings if f.focus in focus]
    counts = {"Violation": 0, "Warning": 0, "Info": 0}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    graph = report.graph
    if graph is not None:
        graph = _filter_graph(graph, focus, counts["Violation"] == 0)
    return replace(
        report,
        conforms=counts["Violation"] == 0,
        violations=counts["Violation"],
        warnings=counts["Warning"],
        infos=counts["Info"],
        findings=findings,
        graph=graph,
    )


def _filter_graph(results: rdflib.Graph, focus: set[str], conforms: bool) -> rdflib.Graph:
    out = rdflib.Graph()
    for prefix, namespace in results.namespaces():
        out.bind(prefix, namespace)
    for report in results.subjects(RDF.type, SH.ValidationReport):
        out.add((report, RDF.type, SH.ValidationReport))
        out.add((report, SH.conforms, rdflib.Literal(conforms)))
        for result in results.objects(report, SH.result):
            if str(results.value(result, SH.focusNode)) not in focus:
                continue
            out.add((report, SH.result, result))
            _copy(results, out, result)
    return out


def _copy(src: rdflib.Graph, dst: rdflib.Graph, node: rdflib.term.Node) -> None:
    """The node's triples and, recursively, those of the blank nodes it points to."""
    for p, o in src.predicate_objects(node):
        dst.add((node, p, o))
        if isinstance(o, rdflib.BNode) and (o, None, None) not in dst:
            _copy(src, dst, o)
