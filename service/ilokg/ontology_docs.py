"""The ontology and the shapes as documents: RDF graphs and HTML documentation.

The ontology HTML is made by pyLODE (`OntPub`) on first use and cached on disk (keyed by the
ontology's content hash) and in memory; without pyLODE a plain page is rendered from the
ontology with Jinja2. The shapes have no pyLODE profile: their page is rendered with Jinja2.
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rdflib
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS

from .files import shape_files
from .namespaces import Namespaces
from .rdfio import read_sources, to_rdflib
from .terms import curie

log = logging.getLogger("ilokg")
ONTOLOGY_FILE = Path("ontology") / "ilokg.ttl"


@dataclass
class Documents:
    """Ontology and shapes of one knowledge root, parsed once."""

    root: Path
    ns: Namespaces
    cache_dir: Path | None = None
    _cache: dict[str, Any] = field(default_factory=dict)

    def _text(self, path: Path) -> str:
        return self.ns.rebase(path.read_text(encoding="utf-8"))

    @property
    def ontology(self) -> rdflib.Graph:
        if "ontology" not in self._cache:
            files = read_sources([self.root / ONTOLOGY_FILE], self.root, self.ns)
            self._cache["ontology"], _ = to_rdflib(files)
        graph: rdflib.Graph = self._cache["ontology"]
        return graph

    @property
    def shapes(self) -> rdflib.Graph:
        if "shapes" not in self._cache:
            files = read_sources(shape_files(self.root), self.root, self.ns)
            self._cache["shapes"], _ = to_rdflib(files)
        graph: rdflib.Graph = self._cache["shapes"]
        return graph

    def ontology_html(self) -> str:
        if "ontology_html" not in self._cache:
            self._cache["ontology_html"] = self._make_ontology_html()
        html: str = self._cache["ontology_html"]
        return html

    def _make_ontology_html(self) -> str:
        text = self._text(self.root / ONTOLOGY_FILE)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        folder = self.cache_dir or Path(tempfile.gettempdir()) / "ilokg-docs"
        cached = folder / f"ontology-{digest}.html"
        if cached.is_file():
            return cached.read_text(encoding="utf-8")
        html = pylode_html(self.ontology)
        if html is None:
            return plain_ontology_html(self.ontology, self.ns)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_suffix(".tmp")
            tmp.write_text(html, encoding="utf-8")
            tmp.replace(cached)
        except OSError as exc:  # a read-only deployment still serves from memory
            log.warning("cannot cache the ontology HTML in %s: %s", folder, exc)
        return html

    def shapes_html(self) -> str:
        if "shapes_html" not in self._cache:
            from .templates_env import render

            self._cache["shapes_html"] = render("shapes.html", shapes=shape_view(self.shapes))
        html: str = self._cache["shapes_html"]
        return html


def pylode_html(ontology: rdflib.Graph) -> str | None:
    """pyLODE's OntPub page, or None when pyLODE is not installed or fails on this ontology."""
    try:
        from pylode import OntPub
    except Exception as exc:  # ImportError, or pyLODE 3.4.1 failing at import on Python 3.11
        log.warning("pyLODE is not usable (%s): serving the plain ontology page", exc)
        return None
    try:
        graph = rdflib.Graph()
        for triple in ontology:
            graph.add(triple)
        html: str = OntPub(graph).make_html(include_css=True)
        return html
    except Exception as exc:  # pyLODE raises assorted errors on ontologies it dislikes
        log.warning("pyLODE failed (%s): serving the plain ontology page", exc)
        return None


def _text_of(graph: rdflib.Graph, node: Any, *preds: Any) -> str:
    for pred in preds:
        values = list(graph.objects(node, pred))
        en = [v for v in values if getattr(v, "language", None) in (None, "en")]
        if en or values:
            return str((en or values)[0])
    return ""


def plain_ontology_html(ontology: rdflib.Graph, ns: Namespaces) -> str:
    from .templates_env import render

    prefixes = ns.serialization_prefixes()
    kinds = (
        ("Classes", OWL.Class),
        ("Object properties", OWL.ObjectProperty),
        ("Datatype properties", OWL.DatatypeProperty),
    )
    sections = []
    for title, cls in kinds:
        terms = []
        for term in sorted(
            {t for t in ontology.subjects(RDF.type, cls) if str(t).startswith(ns.vocab)}, key=str
        ):
            terms.append(
                {
                    "id": str(term)[len(ns.vocab) :],
                    "iri": str(term),
                    "curie": curie(str(term), prefixes),
                    "label": _text_of(ontology, term, RDFS.label),
                    "definition": _text_of(ontology, term, SKOS.definition),
                    "parents": [
                        curie(str(o), prefixes) for o in ontology.objects(term, RDFS.subClassOf)
                    ]
                    + [curie(str(o), prefixes) for o in ontology.objects(term, RDFS.subPropertyOf)],
                }
            )
        sections.append({"title": title, "terms": terms})
    head = rdflib.URIRef(ns.ontology)
    return render(
        "ontology.html",
        title=_text_of(ontology, head, DCTERMS.title) or "ilokg ontology",
        description=_text_of(ontology, head, DCTERMS.description),
        sections=sections,
    )


def shape_view(shapes: rdflib.Graph) -> list[dict[str, Any]]:
    """Node shapes with their targets and property constraints, for the shapes page."""
    prefixes = {str(p): str(n) for p, n in shapes.namespaces()}

    def short(term: object) -> str:
        return curie(str(term), prefixes)

    out = []
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(SH.targetClass))
    for node in sorted(n for n in nodes if isinstance(n, rdflib.URIRef)):
        targets = [
            short(t)
            for p in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
            for t in shapes.objects(node, p)
        ]
        props = []
        for prop in shapes.objects(node, SH.property):
            path = shapes.value(prop, SH.path)
            rules = []
            for pred in (
                SH.minCount,
                SH.maxCount,
                SH.datatype,
                SH["class"],
                SH.nodeKind,
                SH.pattern,
                SH.node,
                SH["in"],
            ):
                for value in shapes.objects(prop, pred):
                    rules.append(f"{short(pred)} {short(value)}")
            props.append(
                {
                    "path": short(path) if isinstance(path, rdflib.URIRef) else "(complex path)",
                    "name": _text_of(shapes, prop, SH.name),
                    "rules": rules,
                    "severity": short(shapes.value(prop, SH.severity) or SH.Violation),
                    "message": _text_of(shapes, prop, SH.message),
                }
            )
        props.sort(key=lambda p: str(p["path"]))
        out.append(
            {
                "id": short(node),
                "label": _text_of(shapes, node, RDFS.label, SH.name),
                "description": _text_of(shapes, node, SH.description, RDFS.comment),
                "targets": targets,
                "properties": props,
                "sparql": [
                    _text_of(shapes, c, SH.message) or short(c)
                    for c in shapes.objects(node, SH.sparql)
                ],
            }
        )
    return out
