"""The controlled vocabularies of the catalogue record and their "background" triples.

The official DCAT-AP 3.0.1 shapes check class membership (`range.ttl`) and code-list
membership (`mdr-vocabularies.shape.ttl`, via `skos:inScheme`) of every value. The EU NALs,
ADMS and IANA do not come with the record, so the record carries, for each value it uses, the
few typing triples those checks need (vocabulary.md Appendix A).
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

DCATAP = Namespace("http://data.europa.eu/r5r/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
ADMS_LICENCE = "http://purl.org/adms/licencetype/1.0"
ADMS_PUBLISHER = "http://purl.org/adms/publishertype/1.0"

LICENCE = URIRef(f"{EU}licence/CC_BY_4_0")
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
PUBLISHER_TYPE = URIRef("http://purl.org/adms/publishertype/NonProfitOrganisation")
ENGLISH = URIRef(f"{EU}language/ENG")
STABLE = URIRef(f"{EU}planned-availability/STABLE")
IRREGULAR = URIRef(f"{EU}frequency/IRREG")
DATA_THEMES = URIRef(f"{EU}data-theme")
SPARQL_PROTOCOL = URIRef("https://www.w3.org/TR/sparql11-protocol/")
OPENAPI = URIRef("https://spec.openapis.org/oas/v3.1.0")
# The code-list shapes (and so the EU validator) accept a checksum algorithm only when its IRI
# starts with https://spdx.org/rdf/terms; SPDX 2.x itself uses http://. We state the https form
# and declare it owl:sameAs the http one.
SHA256 = URIRef("https://spdx.org/rdf/terms#checksumAlgorithm_sha256")

THEMES = {
    "SOCI": "Population and society",
    "INTR": "International issues",
    "ECON": "Economy and finance",
    "EDUC": "Education, culture and sport",
}
# dump file name -> (EU file-type code, label)
FILE_TYPES = {
    "ilokg.nq": ("RDF_N_QUADS", "N-Quads"),
    "ilokg.trig": ("RDF_TRIG", "TriG"),
    "ilokg.ttl": ("RDF_TURTLE", "Turtle"),
    "ilokg.nt": ("RDF_N_TRIPLES", "N-Triples"),
    "ilokg.jsonld": ("JSON_LD", "JSON-LD"),
    "ilokg.rdf": ("RDF_XML", "RDF/XML"),
}
SCHEMES = {  # scheme IRI -> title
    f"{EU}country": "Country",
    f"{EU}data-theme": "Data theme",
    f"{EU}language": "Language",
    f"{EU}file-type": "File type",
    f"{EU}planned-availability": "Planned availability",
    f"{EU}frequency": "Frequency",
    ADMS_LICENCE: "Licence type",
    ADMS_PUBLISHER: "Publisher type",
}


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def concept(g: Graph, iri: URIRef, label: str, scheme: str, *types: URIRef) -> URIRef:
    for t in (SKOS.Concept, *types):
        g.add((iri, RDF.type, t))
    g.add((iri, SKOS.prefLabel, en(label)))
    g.add((iri, SKOS.inScheme, URIRef(scheme)))
    return iri


def media_type(g: Graph, media: str) -> URIRef:
    iri = URIRef(IANA + media)
    g.add((iri, RDF.type, DCTERMS.MediaType))
    return iri


def theme(code: str) -> URIRef:
    return URIRef(f"{EU}data-theme/{code}")


def file_type(g: Graph, code: str, label: str) -> URIRef:
    iri = URIRef(f"{EU}file-type/{code}")
    return concept(g, iri, label, f"{EU}file-type", DCTERMS.MediaTypeOrExtent)


def country(g: Graph, iri: str, label: str) -> URIRef:
    return concept(g, URIRef(iri), label or iri.rsplit("/", 1)[1], f"{EU}country", DCTERMS.Location)


def background(g: Graph) -> None:
    """Typing triples of the fixed values (licence, language, themes, standards, …)."""
    for scheme, title in SCHEMES.items():
        g.add((URIRef(scheme), RDF.type, SKOS.ConceptScheme))
        g.add((URIRef(scheme), DCTERMS.title, en(title)))
    g.add((LICENCE, RDF.type, DCTERMS.LicenseDocument))
    g.add((LICENCE, RDFS.label, en("Creative Commons Attribution 4.0 International")))
    g.add((LICENCE, DCTERMS.type, ATTRIBUTION))
    concept(g, ATTRIBUTION, "Attribution", ADMS_LICENCE)
    concept(g, PUBLISHER_TYPE, "Non-Profit Organisation", ADMS_PUBLISHER)
    concept(g, ENGLISH, "English", f"{EU}language", DCTERMS.LinguisticSystem)
    concept(g, STABLE, "stable", f"{EU}planned-availability")
    concept(g, IRREGULAR, "irregular", f"{EU}frequency", DCTERMS.Frequency)
    for code, label in THEMES.items():
        concept(g, theme(code), label, f"{EU}data-theme")
    for standard, title in ((SPARQL_PROTOCOL, "SPARQL 1.1 Protocol"), (OPENAPI, "OpenAPI 3.1")):
        g.add((standard, RDF.type, DCTERMS.Standard))
        g.add((standard, DCTERMS.title, en(title)))
    g.add((SHA256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((SHA256, OWL.sameAs, SPDX.checksumAlgorithm_sha256))
