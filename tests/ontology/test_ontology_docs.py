"""The ontology README's class diagram is generated from ilokg.ttl, never drawn by hand."""

from __future__ import annotations

import importlib.util
from types import ModuleType

from ontology_helpers import ROOT


def diagram_tool() -> ModuleType:
    path = ROOT / "ontology" / "tools" / "diagram.py"
    spec = importlib.util.spec_from_file_location("ilokg_diagram", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_diagram_is_the_generated_one() -> None:
    tool = diagram_tool()
    readme = (ROOT / "ontology" / "README.md").read_text(encoding="utf-8")
    assert tool.START in readme and tool.END in readme, "README lacks the diagram markers"
    expected = tool.readme_with_diagram(readme, tool.load())
    assert readme == expected, "stale diagram: run python ontology/tools/diagram.py --write"


def test_diagram_shows_every_own_class() -> None:
    tool = diagram_tool()
    graph = tool.load()
    text = tool.mermaid(graph)
    assert text.startswith("classDiagram\n")
    from rdflib.namespace import OWL, RDF

    for cls in graph.subjects(RDF.type, OWL.Class):
        if str(cls).startswith(tool.ILOKG):
            local = str(cls).rsplit("#", 1)[-1]
            assert f'class {local}["ilokg:{local}"]' in text, local
