"""SPARQL lint of the ontology and the SKOS vocabularies: every query must return no rows.

Model: schemaorg software/tests/test_graphs.py. On failure the offending rows are printed.
Also checks that every term and concept docs/data-model.md names exists (the contract).
"""

# ruff: noqa: E501  (SPARQL lint queries and word lists read better unwrapped)
from __future__ import annotations

import importlib.util
import re

import pytest
import rdflib
from ontology_helpers import ILOKG, ONTOLOGY_IRI, ROOT, load, model_files, shape_files
from rdflib.namespace import OWL, RDF

PREFIXES = """
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX ilokg: <https://w3id.org/ilo-china-kg/def/ilokg#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX vann: <http://purl.org/vocab/vann/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

OWN_TERMS = """
    ?term a ?kind .
    VALUES ?kind { owl:Class owl:ObjectProperty owl:DatatypeProperty owl:AnnotationProperty rdfs:Datatype }
    FILTER (STRSTARTS(STR(?term), STR(ilokg:)))
"""

# name -> query that must return no rows
MUST_BE_EMPTY = {
    "own term without an @en rdfs:label": f"""
        SELECT ?term WHERE {{ {OWN_TERMS}
            FILTER NOT EXISTS {{ ?term rdfs:label ?l FILTER (langMatches(lang(?l), "en")) }} }}""",
    "own term with two @en labels": f"""
        SELECT ?term WHERE {{ {OWN_TERMS}
            ?term rdfs:label ?a, ?b FILTER (?a != ?b && lang(?a) = "en" && lang(?b) = "en") }}""",
    "own term without an @en skos:definition ending with a full stop": f"""
        SELECT ?term WHERE {{ {OWN_TERMS}
            FILTER NOT EXISTS {{
                ?term skos:definition ?d FILTER (langMatches(lang(?d), "en") && STRENDS(STR(?d), "."))
            }} }}""",
    "own term not rdfs:isDefinedBy the ontology": f"""
        SELECT ?term WHERE {{ {OWN_TERMS}
            FILTER NOT EXISTS {{ ?term rdfs:isDefinedBy <{ONTOLOGY_IRI}> }} }}""",
    "class name not UpperCamelCase": f"""
        SELECT ?term WHERE {{ {OWN_TERMS} FILTER (?kind = owl:Class)
            FILTER (!REGEX(STRAFTER(STR(?term), "#"), "^[A-Z][A-Za-z0-9]*$")) }}""",
    "property name not lowerCamelCase": f"""
        SELECT ?term WHERE {{ {OWN_TERMS} FILTER (?kind != owl:Class && ?kind != rdfs:Datatype)
            FILTER (!REGEX(STRAFTER(STR(?term), "#"), "^[a-z][A-Za-z0-9]*$")) }}""",
    "term typed both class and property": """
        SELECT ?term WHERE {
            ?term a owl:Class .
            { ?term a owl:ObjectProperty } UNION { ?term a owl:DatatypeProperty }
        }""",
    "object property whose range is a datatype or datatype property with a class range": """
        SELECT ?term ?range WHERE {
            { ?term a owl:ObjectProperty ; rdfs:range ?range . FILTER (STRSTARTS(STR(?range), STR(xsd:))) }
            UNION
            { ?term a owl:DatatypeProperty ; rdfs:range ?range . ?range a owl:Class }
        }""",
    "concept without an @en skos:prefLabel": """
        SELECT ?c WHERE { ?c a/rdfs:subClassOf* skos:Concept .
            FILTER NOT EXISTS { ?c skos:prefLabel ?l FILTER (langMatches(lang(?l), "en")) } }""",
    "concept with two skos:prefLabel in one language": """
        SELECT ?c ?a ?b WHERE { ?c a/rdfs:subClassOf* skos:Concept ; skos:prefLabel ?a, ?b .
            FILTER (STR(?a) < STR(?b) && lang(?a) = lang(?b)) }""",
    "concept without an @en skos:definition ending with a full stop": """
        SELECT ?c WHERE { ?c a/rdfs:subClassOf* skos:Concept .
            FILTER NOT EXISTS {
                ?c skos:definition ?d FILTER (langMatches(lang(?d), "en") && STRENDS(STR(?d), "."))
            } }""",
    "concept without skos:inScheme": """
        SELECT ?c WHERE { ?c a/rdfs:subClassOf* skos:Concept .
            FILTER NOT EXISTS { ?c skos:inScheme ?s } }""",
    "concept in a scheme that is not declared with an @en dct:title": """
        SELECT ?c ?s WHERE { ?c skos:inScheme ?s .
            FILTER NOT EXISTS { ?s a skos:ConceptScheme ; dct:title ?t FILTER (langMatches(lang(?t), "en")) } }""",
    "skos:topConceptOf and skos:hasTopConcept disagree": """
        SELECT ?c ?s WHERE {
            { ?c skos:topConceptOf ?s FILTER NOT EXISTS { ?s skos:hasTopConcept ?c } }
            UNION
            { ?s skos:hasTopConcept ?c FILTER NOT EXISTS { ?c skos:topConceptOf ?s } }
        }""",
    "top concept with a broader concept": """
        SELECT ?c WHERE { ?c skos:topConceptOf ?s ; skos:broader ?b }""",
    "skos:broader or skos:related to an undeclared concept": """
        SELECT ?c ?b WHERE { ?c skos:broader|skos:related ?b .
            FILTER NOT EXISTS { ?b a/rdfs:subClassOf* skos:Concept } }""",
    "concept in a scheme of ours whose IRI does not follow concept/{scheme}/{slug}": """
        SELECT ?c WHERE { ?c a/rdfs:subClassOf* skos:Concept ; skos:inScheme ?s .
            FILTER (STRSTARTS(STR(?s), "https://w3id.org/ilo-china-kg/id/scheme/"))
            FILTER (!REGEX(STR(?c),
                "^https://w3id[.]org/ilo-china-kg/id/(concept/[a-z0-9-]+|initiative)/[a-z0-9]+(-[a-z0-9]+)*$")) }""",
    "initiative not typed both ilokg:Initiative and skos:Concept, or outside <scheme/initiatives>": """
        SELECT ?c WHERE {
            { ?c a ilokg:Initiative FILTER NOT EXISTS { ?c a skos:Concept } }
            UNION
            { ?c skos:inScheme <https://w3id.org/ilo-china-kg/id/scheme/initiatives>
              FILTER NOT EXISTS { ?c a ilokg:Initiative } }
            UNION
            { ?c a ilokg:Initiative
              FILTER NOT EXISTS { ?c skos:inScheme <https://w3id.org/ilo-china-kg/id/scheme/initiatives> } }
        }""",
    "vocabulary concept carrying prov:wasDerivedFrom (vocabularies are the model, not facts)": """
        SELECT ?c WHERE { ?c a/rdfs:subClassOf* skos:Concept ;
            <http://www.w3.org/ns/prov#wasDerivedFrom> ?s }""",
}

# UN SDG IRIs confirmed in shared/reference/identifiers.csv; mappings may use only these.
SDG_IRIS = {
    f"http://metadata.un.org/sdg/{code}"
    for code in ("8", "8.5", "8.7", "8.8", "8.b", "4.4", "1.3", "17.9", "C080801")
}
EU_THEMES = {
    f"http://publications.europa.eu/resource/authority/data-theme/{code}"
    for code in ("SOCI", "ECON", "EDUC", "GOVE", "INTR")
}


def known_terms() -> re.Pattern[str]:
    """The reused-vocabulary term list of the closed-world lint (ontology/tools/closed_world.py)."""
    path = ROOT / "ontology" / "tools" / "closed_world.py"
    spec = importlib.util.spec_from_file_location("ilokg_closed_world", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return re.compile(module.known_terms_regex())


def rows(graph: rdflib.Graph, query: str) -> list[str]:
    return sorted(" ".join(str(v) for v in row) for row in graph.query(PREFIXES + query))


@pytest.mark.parametrize("name", sorted(MUST_BE_EMPTY))
def test_lint_query_returns_nothing(name: str, model: rdflib.Graph) -> None:
    found = rows(model, MUST_BE_EMPTY[name])
    assert not found, f"{name}:\n  " + "\n  ".join(found)


def test_every_ilokg_iri_used_is_declared(model: rdflib.Graph) -> None:
    """A typo such as ilokg:startdate anywhere in the ontology or a vocabulary is caught."""
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, rdflib.RDFS.Datatype}
    declared = {s for s, k in model.subject_objects(RDF.type) if k in kinds}
    used = {
        t
        for triple in model
        for t in triple
        if isinstance(t, rdflib.URIRef) and str(t).startswith(str(ILOKG))
    }
    missing = sorted(str(t) for t in used - declared)
    assert not missing, "ilokg: IRIs used but not declared:\n  " + "\n  ".join(missing)


def test_every_turtle_file_parses_strictly() -> None:
    """rdflib's Turtle parser is lenient; the store parses with Oxigraph, which is not."""
    pyoxigraph = pytest.importorskip("pyoxigraph")
    fixtures = sorted((ROOT / "tests" / "ontology" / "fixtures").glob("*.ttl"))
    errors = []
    for path in [*model_files(), *shape_files(), *fixtures]:
        try:
            list(
                pyoxigraph.parse(
                    path.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.as_uri()
                )
            )
        except SyntaxError as exc:
            errors.append(f"{path.relative_to(ROOT)}: {exc}")
    assert not errors, "\n".join(errors)


def test_ontology_header(model: rdflib.Graph) -> None:
    header = rows(
        model,
        f"""SELECT ?missing WHERE {{
            VALUES ?missing {{ dct:title dct:description owl:versionIRI owl:versionInfo dct:license
                              dct:created dct:modified vann:preferredNamespacePrefix
                              vann:preferredNamespaceUri }}
            FILTER NOT EXISTS {{ <{ONTOLOGY_IRI}> ?missing ?value }}
        }}""",
    )
    assert not header, f"the ontology header lacks: {header}"
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in model
    license_ = model.value(ONTOLOGY_IRI, rdflib.URIRef("http://purl.org/dc/terms/license"))
    assert license_ == rdflib.URIRef("https://creativecommons.org/licenses/by/4.0/")
    prefix = model.value(
        ONTOLOGY_IRI, rdflib.URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")
    )
    uri = model.value(
        ONTOLOGY_IRI, rdflib.URIRef("http://purl.org/vocab/vann/preferredNamespaceUri")
    )
    assert (str(prefix), str(uri)) == ("ilokg", str(ILOKG))


def test_superterms_domains_and_ranges_exist(model: rdflib.Graph) -> None:
    """Every superclass, superproperty, domain and range is declared here or is a reused term."""
    known = known_terms()
    declared = set(model.subjects(RDF.type, None))
    missing = sorted(
        f"{s} {p} {o}"
        for p in ("subClassOf", "subPropertyOf", "domain", "range")
        for s, o in model.subject_objects(rdflib.RDFS[p])
        if isinstance(o, rdflib.URIRef) and o not in declared and not known.match(str(o))
    )
    assert not missing, "superterms, domains or ranges that exist nowhere:\n  " + "\n  ".join(
        missing
    )


def test_every_reused_superterm_is_a_real_term(model: rdflib.Graph) -> None:
    """Alignments outside our namespace point at terms of the reused vocabularies (no typos)."""
    known = known_terms()
    own_or_declared = {str(s) for s in model.subjects(rdflib.RDFS.isDefinedBy, None)}
    bad = sorted(
        f"{s} -> {o}"
        for p in (rdflib.RDFS.subClassOf, rdflib.RDFS.subPropertyOf)
        for s, o in model.subject_objects(p)
        if isinstance(o, rdflib.URIRef)
        and str(o) not in own_or_declared
        and not known.match(str(o))
    )
    assert not bad, "\n".join(bad)


def test_schema_org_is_always_http(model: rdflib.Graph, shapes: rdflib.Graph) -> None:
    https = sorted(
        {
            str(t)
            for g in (model, shapes)
            for triple in g
            for t in triple
            if str(t).startswith("https://schema.org/")
        }
    )
    assert not https, f"schema.org must be http://schema.org/: {https}"


def test_theme_mappings_use_confirmed_identifiers(model: rdflib.Graph) -> None:
    mapped = rows(
        model,
        """SELECT ?c ?target WHERE {
            ?c skos:inScheme <https://w3id.org/ilo-china-kg/id/scheme/themes> ;
               skos:exactMatch|skos:closeMatch|skos:broadMatch|skos:narrowMatch|skos:relatedMatch ?target .
        }""",
    )
    bad = [r for r in mapped if r.split()[1] not in SDG_IRIS | EU_THEMES]
    assert not bad, "mappings to IRIs not in shared/reference/identifiers.csv:\n" + "\n".join(bad)
    assert mapped, "themes are mapped to UN SDG and EU data-theme IRIs"


# ---------------------------------------------------------------- the data-model contract

DATA_MODEL = ROOT / "docs" / "data-model.md"

# scheme -> slugs that docs/data-model.md lists for it
CONTRACT_CONCEPTS = {
    "theme": """employment-promotion public-employment-services skills-development tvet social-protection
        occupational-safety-and-health maritime-labour labour-governance entrepreneurship
        trade-union-capacity labour-legislation social-dialogue green-jobs labour-market-information
        high-quality-employment workers-rights decent-work informal-economy digital-transformation""",
    "agreement-type": "mou partnership-agreement amendment decent-work-country-programme sstc-agreement",
    "value-qualifier": "more-than nearly at-least",
    "funding-channel": """earmarked-voluntary-contribution jpo-programme un-peace-and-development-trust-fund
        undesa-china-fund direct-contribution""",
    "contribution-type": "initial additional total previous",
    "indicator": """beneficiaries jobseekers-connected network-member-institutes mous-signed
        workshops-organised trainings-delivered training-participants job-losses conventions-ratified""",
    "unit": "person institute mou workshop training-programme job convention",
    "role": "signatory",
    "event-role": "opening-remarks",
}
CONTRACT_INITIATIVES = """global-development-initiative belt-and-road-initiative 21st-century-maritime-silk-road
    skills-for-dream-action global-coalition-for-social-justice global-accelerator-on-jobs-and-social-protection
    flagship-programme-social-protection-floors agenda-2030 decent-work-agenda ilo-centenary-declaration
    asean-tvet-council-initiative south-south-and-triangular-cooperation"""
CONTRACT_SCHEMES = """themes initiatives organization-type role event-role event-type agreement-type indicator
    unit value-qualifier funding-channel contribution-type"""


def test_every_ilokg_term_of_the_data_model_is_declared(model: rdflib.Graph) -> None:
    named = set(re.findall(r"ilokg:([A-Za-z][A-Za-z0-9]*)", DATA_MODEL.read_text(encoding="utf-8")))
    assert named, "docs/data-model.md names ilokg: terms"
    missing = sorted(t for t in named if (ILOKG[t], RDF.type, None) not in model)
    assert not missing, f"docs/data-model.md names terms the ontology lacks: {missing}"


def test_every_concept_of_the_data_model_exists(model: rdflib.Graph) -> None:
    base = "https://w3id.org/ilo-china-kg/id/"
    text = DATA_MODEL.read_text(encoding="utf-8")
    named = {m for m in re.findall(r"<(concept/[a-z0-9-]+/[a-z0-9-]+)>", text)}
    named |= {
        f"concept/{scheme}/{slug}"
        for scheme, slugs in CONTRACT_CONCEPTS.items()
        for slug in slugs.split()
    }
    named |= {f"initiative/{slug}" for slug in CONTRACT_INITIATIVES.split()}
    concept = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#Concept")
    missing = sorted(n for n in named if (rdflib.URIRef(base + n), RDF.type, concept) not in model)
    assert not missing, f"concepts named in docs/data-model.md but not declared: {missing}"
    scheme = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme")
    schemes = sorted(
        s
        for s in CONTRACT_SCHEMES.split()
        if (rdflib.URIRef(f"{base}scheme/{s}"), RDF.type, scheme) not in model
    )
    assert not schemes, f"schemes named in docs/data-model.md but not declared: {schemes}"
    for s in CONTRACT_SCHEMES.split():
        assert (ROOT / "ontology" / "vocab" / f"{s}.ttl").exists(), f"ontology/vocab/{s}.ttl"


def test_closed_world_shape_is_up_to_date() -> None:
    """shapes/closed-world.ttl is generated: regenerate with python ontology/tools/closed_world.py."""
    path = ROOT / "ontology" / "tools" / "closed_world.py"
    spec = importlib.util.spec_from_file_location("ilokg_closed_world_render", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    current = (ROOT / "shapes" / "closed-world.ttl").read_text(encoding="utf-8")
    assert current == module.render(), "run: python ontology/tools/closed_world.py"


def test_closed_world_lint_catches_a_misspelt_org_term(
    model: rdflib.Graph, shapes: rdflib.Graph
) -> None:
    """(c) org:subOrganzationOf is in a reused namespace but is no ORG term: a violation."""
    from ontology_helpers import validate

    data = model + load([ROOT / "tests" / "ontology" / "fixtures" / "_context.ttl"])
    data.parse(
        data="""@prefix org: <http://www.w3.org/ns/org#> .
        <https://w3id.org/ilo-china-kg/id/organization/fx-ilo>
            org:subOrganzationOf <https://w3id.org/ilo-china-kg/id/organization/fx-ministry> .""",
        format="turtle",
    )
    results = validate(data, shapes)
    assert [(r.severity, r.focus, r.value) for r in results] == [
        (
            "Violation",
            "https://w3id.org/ilo-china-kg/id/organization/fx-ilo",
            "http://www.w3.org/ns/org#subOrganzationOf",
        )
    ], "\n".join(r.row() for r in results)


def test_generated_files_are_not_in_ontology_tools() -> None:
    """`ilokg validate` loads every .ttl under ontology/: keep tools free of Turtle."""
    assert not list((ROOT / "ontology" / "tools").rglob("*.ttl"))
