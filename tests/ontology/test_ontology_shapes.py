"""Every shape bites: one conforming and one non-conforming fixture per shape.

Each named property shape and each SHACL-SPARQL constraint in shapes/ has two files in
fixtures/: `{name}--valid.ttl` (conforms) and `{name}--invalid.ttl`, whose header names the
exact result expected (`expect-shape`, `expect-constraint` for SPARQL, `expect-focus`,
`expect-severity`). Fixtures use focus IRIs of their own and share `_context.ttl`, so all
valid fixtures are validated in one run, and all invalid ones in another (fast); every invalid
fixture must then produce exactly its one result, and nothing else may be reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from ontology_helpers import (
    FIXTURES,
    ID_BASE,
    SHAPES,
    Result,
    load,
    load_strict,
    model_files,
    validate,
)
from rdflib.namespace import RDF, RDFS, SH

CONTEXT = FIXTURES / "_context.ttl"
VALID = sorted(FIXTURES.glob("*--valid.ttl"))
INVALID = sorted(FIXTURES.glob("*--invalid.ttl"))


@dataclass(frozen=True)
class Expectation:
    name: str
    shape: str
    constraint: str | None
    focus: str
    severity: str


def header(path: Path) -> dict[str, str]:
    fields = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        key, sep, value = line.lstrip("# ").partition(": ")
        if sep and key.startswith(("expect", "exercises")):
            fields[key] = value.strip()
    return fields


def expand(term: str) -> str:
    if term.startswith("shapes:"):
        return str(SHAPES) + term.removeprefix("shapes:")
    if term.startswith("<") and term.endswith(">"):
        return ID_BASE + term[1:-1]
    raise ValueError(f"cannot read {term!r}")


def expectation(path: Path) -> Expectation:
    fields = header(path)
    constraint = fields.get("expect-constraint")
    return Expectation(
        name=path.name.removesuffix("--invalid.ttl"),
        shape=expand(fields["expect-shape"]),
        constraint=expand(constraint) if constraint else None,
        focus=expand(fields["expect-focus"]),
        severity=fields["expect-severity"],
    )


EXPECTATIONS = [expectation(p) for p in INVALID]


@pytest.fixture(scope="session")
def valid_results(shapes: rdflib.Graph) -> list[Result]:
    return validate(load([*model_files(), CONTEXT, *VALID]), shapes)


@pytest.fixture(scope="session")
def invalid_results(shapes: rdflib.Graph) -> list[Result]:
    return validate(load([*model_files(), CONTEXT, *INVALID]), shapes)


def show(results: list[Result]) -> str:
    return "\n".join(r.row() for r in results)


def test_ontology_and_vocabularies_alone_conform(model: rdflib.Graph, shapes: rdflib.Graph) -> None:
    results = validate(model, shapes)
    assert not results, "the ontology or a vocabulary breaks a shape:\n" + show(results)


def test_all_valid_fixtures_conform_without_warnings(valid_results: list[Result]) -> None:
    assert not valid_results, "valid fixtures (or _context.ttl) report:\n" + show(valid_results)


@pytest.mark.parametrize("expected", EXPECTATIONS, ids=lambda e: e.name)
def test_invalid_fixture_reports_exactly_its_result(
    expected: Expectation, invalid_results: list[Result]
) -> None:
    found = [r for r in invalid_results if r.focus == expected.focus]
    assert len(found) == 1, f"expected one result on {expected.focus}, got:\n" + show(found)
    (result,) = found
    assert result.shape == expected.shape, result.row()
    assert result.severity == expected.severity, result.row()
    if expected.constraint is not None:
        assert result.constraint == expected.constraint, result.row()
    assert result.message and result.message != "None", "every result carries an sh:message"


def test_invalid_fixtures_report_nothing_else(invalid_results: list[Result]) -> None:
    foci = {e.focus for e in EXPECTATIONS}
    stray = [r for r in invalid_results if r.focus not in foci]
    assert not stray, "results outside the expected focus nodes:\n" + show(stray)


def test_same_results_when_parsed_like_the_service(
    shapes: rdflib.Graph, invalid_results: list[Result]
) -> None:
    """`ilokg validate` parses with Oxigraph (plain strings arrive as xsd:string, language tags in
    lower case); the shapes must report the same results either way."""
    strict_valid = validate(load_strict([*model_files(), CONTEXT, *VALID]), shapes)
    assert not strict_valid, "valid fixtures, parsed like the service, report:\n" + show(
        strict_valid
    )
    strict = validate(load_strict([*model_files(), CONTEXT, *INVALID]), shapes)

    def key(r: Result) -> tuple[str, str, str]:
        return (r.focus, r.shape, r.severity)

    assert sorted(map(key, strict)) == sorted(map(key, invalid_results))


def test_every_shape_has_both_fixtures(shapes: rdflib.Graph) -> None:
    named = {
        str(s)
        for kind in (SH.PropertyShape, SH.SPARQLConstraint)
        for s in shapes.subjects(RDF.type, kind)
        if isinstance(s, rdflib.URIRef) and str(s).startswith(str(SHAPES))
    }
    names = {iri.removeprefix(str(SHAPES)) for iri in named}
    missing = sorted(
        f"{n}--{case}.ttl"
        for n in names
        for case in ("valid", "invalid")
        if not (FIXTURES / f"{n}--{case}.ttl").exists()
    )
    assert not missing, "shapes without fixtures: " + ", ".join(missing)
    orphans = sorted(p.name for p in [*VALID, *INVALID] if p.name.rsplit("--", 1)[0] not in names)
    assert not orphans, "fixtures for shapes that do not exist: " + ", ".join(orphans)


def test_every_property_shape_has_name_message_and_severity(shapes: rdflib.Graph) -> None:
    rows = []
    for shape in shapes.subjects(RDF.type, SH.PropertyShape):
        for p in (SH.name, SH.message, SH.severity, SH.path):
            if shapes.value(shape, p) is None:
                rows.append(f"{shape} lacks {p}")
    for constraint in shapes.subjects(RDF.type, SH.SPARQLConstraint):
        for p in (SH.message, SH.select, SH.prefixes):
            if shapes.value(constraint, p) is None:
                rows.append(f"{constraint} lacks {p}")
    assert not rows, "\n".join(rows)


def test_severity_matches_file() -> None:
    expected = {
        "core.ttl": SH.Violation,
        "closed-world.ttl": SH.Violation,
        "recommended.ttl": SH.Warning,
    }
    rows = []
    for name, severity in expected.items():
        graph = load([FIXTURES.parent.parents[1] / "shapes" / name])
        for shape, found in graph.subject_objects(SH.severity):
            if found != severity:
                rows.append(f"{name}: {shape} has {found}")
    assert not rows, "\n".join(rows)


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name.removesuffix("--valid.ttl"))
def test_valid_fixture_exercises_its_shape(
    path: Path, model: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    """The conforming fixture's focus node is really a target of the shape it stands for."""
    focus = rdflib.URIRef(expand(header(path)["exercises-focus"]))
    fixture = load([path])
    assert (focus, None, None) in fixture, f"{path.name} does not describe {focus}"
    shape = SHAPES[path.name.removesuffix("--valid.ttl")]
    if (shape, RDF.type, SH.PropertyShape) not in shapes:
        return  # SPARQL constraints: their node shapes' targets are checked by the invalid case
    merged = model + fixture
    types = set(merged.objects(focus, RDF.type))
    classes = {c for t in types for c in merged.transitive_objects(t, RDFS.subClassOf)}
    targets = {
        c
        for node in shapes.subjects(SH.property, shape)
        for c in shapes.objects(node, SH.targetClass)
    }
    assert classes & targets, f"{focus} ({types}) is not targeted by {shape} ({targets})"
