"""Helpers shared by the ontology tests (a module name of its own, so it never clashes with
another folder's conftest)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import RDF, SH

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ONTOLOGY_IRI = rdflib.URIRef("https://w3id.org/ilo-china-kg/def/ilokg")
ILOKG = rdflib.Namespace("https://w3id.org/ilo-china-kg/def/ilokg#")
SHAPES = rdflib.Namespace("https://w3id.org/ilo-china-kg/def/shapes#")
ID_BASE = "https://w3id.org/ilo-china-kg/id/"


def model_files() -> list[Path]:
    """ontology/*.ttl and ontology/vocab/*.ttl, as `ilokg validate` loads them."""
    return sorted((ROOT / "ontology").rglob("*.ttl"))


def shape_files() -> list[Path]:
    return sorted((ROOT / "shapes").rglob("*.ttl"))


def load(paths: Iterable[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def load_strict(paths: Iterable[Path]) -> rdflib.Graph:
    """Parse with Oxigraph, as the service does, and keep every literal's datatype as Oxigraph
    gives it (a plain string becomes "…"^^xsd:string), so the shapes are tested on both forms."""
    import pyoxigraph as ox

    graph = rdflib.Graph()
    for path in paths:
        for quad in ox.parse(path.read_bytes(), format=ox.RdfFormat.TURTLE, base_iri=path.as_uri()):
            terms = []
            for term in (quad.subject, quad.predicate, quad.object):
                if isinstance(term, ox.NamedNode):
                    terms.append(rdflib.URIRef(term.value))
                elif isinstance(term, ox.BlankNode):
                    terms.append(rdflib.BNode(term.value))
                elif term.language:
                    terms.append(rdflib.Literal(term.value, lang=term.language))
                else:
                    terms.append(
                        rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
                    )
            graph.add(tuple(terms))  # type: ignore[arg-type]
    return graph


@dataclass(frozen=True)
class Result:
    severity: str
    shape: str
    constraint: str | None
    focus: str
    path: str | None
    value: str | None
    message: str

    def row(self) -> str:
        return (
            f"{self.severity} {self.shape} constraint={self.constraint} focus={self.focus} "
            f"path={self.path} value={self.value}: {self.message}"
        )


def validate(data: rdflib.Graph, shapes: rdflib.Graph) -> list[Result]:
    """Run pyshacl exactly as `ilokg validate` does and return the results, sorted."""
    _conforms, report, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        meta_shacl=False,
    )
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):

        def text(p: rdflib.URIRef, node: rdflib.term.Node = node) -> str | None:
            value = report.value(node, p)
            return None if value is None else str(value)

        results.append(
            Result(
                severity=str(text(SH.resultSeverity)).rsplit("#", 1)[-1],
                shape=str(text(SH.sourceShape)),
                constraint=text(SH.sourceConstraint),
                focus=str(text(SH.focusNode)),
                path=text(SH.resultPath),
                value=text(SH.value),
                message=str(text(SH.resultMessage)),
            )
        )
    return sorted(results, key=lambda r: (r.focus, r.shape, r.value or ""))
