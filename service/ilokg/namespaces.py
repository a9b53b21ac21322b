"""The only module that builds or parses our IRIs."""

from __future__ import annotations

from dataclasses import dataclass

from .config import DEFAULT_BASE_IRI

PREFIXES: dict[str, str] = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "http://schema.org/",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "void": "http://rdfs.org/ns/void#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


@dataclass(frozen=True)
class Namespaces:
    """IRIs under one base: terms `{base}def/ilokg#T`, entities `{base}id/{kind}/{slug}`."""

    base: str = DEFAULT_BASE_IRI

    @property
    def vocab(self) -> str:
        return f"{self.base}def/ilokg#"

    @property
    def ontology(self) -> str:
        return f"{self.base}def/ilokg"

    @property
    def id(self) -> str:
        return f"{self.base}id/"

    def entity(self, kind: str, slug: str) -> str:
        return f"{self.base}id/{kind}/{slug}"

    def graph(self, name: str) -> str:
        return f"{self.base}graph/{name}"

    def prefixes(self) -> dict[str, str]:
        return {**PREFIXES, "ilokg": self.vocab, "id": self.id}

    def split_entity(self, iri: str) -> tuple[str, str] | None:
        """(kind, slug) for an entity IRI of ours (hash part dropped), else None."""
        if not iri.startswith(self.id):
            return None
        rest = iri[len(self.id) :].split("#", 1)[0]
        kind, _, slug = rest.partition("/")
        return (kind, slug) if kind and slug else None

    def rebase(self, text: str) -> str:
        """Rewrite the default base in RDF text to this base (data files use the default)."""
        if self.base == DEFAULT_BASE_IRI:
            return text
        return text.replace(DEFAULT_BASE_IRI, self.base)

    def serialization_prefixes(self) -> dict[str, str]:
        """Prefixes for Turtle/TriG/RDF-XML output (no `id:`, whose local parts have slashes)."""
        return {**PREFIXES, "ilokg": self.vocab}

    def sparql_prologue(self) -> str:
        return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in sorted(self.prefixes().items()))
