"""SHACL validation of the knowledge files against shapes/, with reports people can act on."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyshacl
import rdflib
from rdflib.namespace import RDF, SH

from .files import model_files, shape_files
from .namespaces import Namespaces
from .rdfio import SourceFile, read_sources, to_rdflib


@dataclass
class Finding:
    severity: str
    focus: str
    path: str | None
    message: str
    shape: str | None
    value: str | None
    file: str | None


@dataclass
class Report:
    conforms: bool
    violations: int
    warnings: int
    infos: int
    findings: list[Finding] = field(default_factory=list)
    graph: rdflib.Graph | None = None

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("graph")
        return json.dumps(data, indent=2, ensure_ascii=False)

    def to_turtle(self) -> str:
        return self.graph.serialize(format="turtle") if self.graph is not None else ""

    def to_text(self) -> str:
        lines = []
        for f in self.findings:
            where = f" ({f.file})" if f.file else ""
            path = f" {f.path}" if f.path else ""
            value = f" value={f.value}" if f.value else ""
            lines.append(f"{f.severity}: {f.focus}{where}{path}{value}\n    {f.message}")
        verdict = "conforms" if self.conforms else "does NOT conform"
        lines.append(
            f"{verdict}: {self.violations} violation(s), {self.warnings} warning(s), "
            f"{self.infos} info(s)"
        )
        return "\n".join(lines)


def load_shapes(root: Path, ns: Namespaces) -> rdflib.Graph:
    shapes, _ = to_rdflib(read_sources(shape_files(root), root, ns))
    return shapes


def validate_files(
    files: list[SourceFile], root: Path, ns: Namespaces, shapes: rdflib.Graph | None = None
) -> Report:
    """Validate the given files (plus nothing else) against the project's shapes."""
    data, origin = to_rdflib(files)
    return validate_graph(data, shapes if shapes is not None else load_shapes(root, ns), origin)


def validate_graph(
    data: rdflib.Graph, shapes: rdflib.Graph, origin: dict[str, str] | None = None
) -> Report:
    conforms, results, _text = pyshacl.validate(
        data,
        shacl_graph=shapes,
        inference="none",
        advanced=True,
        allow_warnings=True,
        meta_shacl=False,
    )
    origin = origin or {}
    findings: list[Finding] = []
    counts = {"Violation": 0, "Warning": 0, "Info": 0}
    for result in results.subjects(RDF.type, SH.ValidationResult):
        severity = str(results.value(result, SH.resultSeverity) or SH.Violation).rsplit("#", 1)[-1]
        counts[severity] = counts.get(severity, 0) + 1
        focus = str(results.value(result, SH.focusNode))
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        messages = [str(m) for m in results.objects(result, SH.resultMessage)]
        findings.append(
            Finding(
                severity=severity,
                focus=focus,
                path=str(path) if path is not None else None,
                message="; ".join(messages) or "constraint not met",
                shape=str(shape) if isinstance(shape, rdflib.URIRef) else None,
                value=str(value) if value is not None else None,
                file=origin.get(focus),
            )
        )
    order = {"Violation": 0, "Warning": 1, "Info": 2}
    findings.sort(key=lambda f: (order.get(f.severity, 3), f.file or "", f.focus, f.path or ""))
    return Report(
        conforms=counts["Violation"] == 0,
        violations=counts["Violation"],
        warnings=counts["Warning"],
        infos=counts["Info"],
        findings=findings,
        graph=results,
    )


def validate_project(root: Path, ns: Namespaces, paths: list[Path] | None = None) -> Report:
    """Validate the ontology plus data (or the given paths, with the ontology) against shapes/."""
    ontology = [p for p in model_files(root) if "ontology" in p.relative_to(root).parts[:1]]
    targets = list(paths) if paths else [p for p in model_files(root) if p not in ontology]
    files = read_sources([*ontology, *targets], root, ns)
    return validate_files(files, root, ns)
