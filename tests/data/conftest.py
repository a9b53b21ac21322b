"""Fixtures for the data coverage tests: the real ontology, vocabularies and data in one store."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
PREFIXES = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX ilokg: <https://w3id.org/ilo-china-kg/def/ilokg#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
PREFIX id: <https://w3id.org/ilo-china-kg/id/>
"""


class KG:
    """The curated graph loaded into an in-memory Oxigraph store, with small query helpers."""

    def __init__(self) -> None:
        self.store = ox.Store()
        for folder in ("ontology", "data"):
            for path in sorted((ROOT / folder).rglob("*.ttl")):
                self.store.load(
                    path=str(path), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph()
                )

    def ask(self, query: str) -> bool:
        return bool(self.store.query(PREFIXES + query))

    def select(self, query: str) -> list[dict[str, str]]:
        result = self.store.query(PREFIXES + query)
        names = [v.value for v in result.variables]
        return [
            {name: term.value for name, term in zip(names, row, strict=False) if term is not None}
            for row in result
        ]

    def values(self, query: str) -> set[str]:
        """The set of the first column's values."""
        return {next(iter(row.values())) for row in self.select(query) if row}


@pytest.fixture(scope="session")
def kg() -> KG:
    return KG()
