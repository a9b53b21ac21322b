"""Coverage of seed document 000, "ILO, China Bolster ASEAN Skills, Work Ties" (no publication
date).

Every assertion restates a sentence of the document (quoted in the test's docstring or comment);
expected values were taken from the text, not from data/."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .idquery import ask, select, unsourced_hash_nodes, values

SRC = "id:source/ilo-china-bolster-asean-skills"
AMENDMENT = "id:agreement/sstc-partnership-agreement-amendment"
AGREEMENT = "id:agreement/sstc-partnership-agreement"
PROJECT = "id:project/skills-development-asean"
TITLE_000 = (
    "ILO-China Partnership Project on Strengthening Skills Development in ASEAN"
    " through South-South and Triangular Cooperation"
)
NETWORK = "id:organization/skills-development-network"


def contributions(kg, item: str) -> list[dict[str, str]]:
    return select(
        kg,
        f"""
        SELECT ?c ?funder ?value ?currency ?type ?qualifier WHERE {{
            ?c a ilokg:Contribution ;
               schema:fundedItem {item} ;
               schema:funder ?funder ;
               schema:amount ?a ;
               prov:wasDerivedFrom {SRC} .
            ?a schema:value ?value ; schema:currency ?currency .
            OPTIONAL {{ ?c dct:type ?type }}
            OPTIONAL {{ ?c ilokg:valueQualifier ?qualifier }}
        }} ORDER BY ?c""",
    )


def test_source_document(kg):
    """Title as written; no publication date is stated, so there is no dct:issued."""
    assert ask(
        kg,
        f"""ASK {{ {SRC} a ilokg:SourceDocument ;
        dct:title "ILO, China Bolster ASEAN Skills, Work Ties"@en ;
        ilokg:seedFile "000_66a8640dee1daf8d.txt" ;
        dct:type id:concept/document-type/news-release ;
        dct:language <http://id.loc.gov/vocabulary/iso639-1/en> }}""",
    )
    assert not ask(kg, f"ASK {{ {SRC} dct:issued ?d }}")
    # "Mirage.News does not take institutional positions" (re-publication notice)
    assert ask(kg, f"ASK {{ {SRC} dct:publisher id:organization/mirage-news }}")


def test_amendment_parties_and_amended_agreement(kg):
    """ "The Government of China and the International Labour Organization (ILO) signed an
    amendment to a long-standing South-South and Triangular Cooperation (SSTC) agreement"."""
    assert ask(
        kg,
        f"""ASK {{ {AMENDMENT} a ilokg:Agreement ;
        dct:type id:concept/agreement-type/amendment ;
        ilokg:amends {AGREEMENT} ;
        ilokg:party id:organization/government-of-china , id:organization/ilo ;
        prov:wasDerivedFrom {SRC} }}""",
    )


def test_amendment_signed_on_9_december_in_beijing_without_year(kg):
    """ "… on 9 December in Beijing." No year: the date stays a gMonthDay."""
    rows = select(
        kg,
        f"""SELECT ?date ?dt ?place WHERE {{
        {AMENDMENT} ilokg:signing ?s .
        ?s a ilokg:Signing ; ilokg:date ?date ; schema:location ?place ;
            prov:wasDerivedFrom {SRC} .
        BIND (DATATYPE(?date) AS ?dt) }}""",
    )
    assert rows == [
        {
            "date": "--12-09",
            "dt": "http://www.w3.org/2001/XMLSchema#gMonthDay",
            "place": "https://w3id.org/ilo-china-kg/id/place/beijing",
        }
    ]
    assert ask(kg, "ASK { id:place/beijing schema:containedInPlace id:country/chn }")


def test_signing_ceremony_participants(kg):
    """ "The Director-General of the International Labour Organization, Gilbert F. Houngbo,
    participated in the signing ceremony alongside the Minister of Human Resources and Social
    Security.\""""
    agents = values(
        kg,
        f"""SELECT ?agent WHERE {{
        {AMENDMENT} ilokg:signing ?s . ?s prov:qualifiedAssociation ?a .
        ?a prov:agent ?agent ; prov:wasDerivedFrom {SRC} }}""",
    )
    assert agents == {
        "https://w3id.org/ilo-china-kg/id/person/gilbert-f-houngbo",
        "https://w3id.org/ilo-china-kg/id/organization/mohrss",
    }
    assert ask(
        kg,
        f"""ASK {{ {AMENDMENT} ilokg:signing/prov:qualifiedAssociation ?a .
        ?a prov:agent id:person/gilbert-f-houngbo ; ilokg:onBehalfOf id:organization/ilo }}""",
    )
    assert ask(
        kg,
        f"""ASK {{ id:post/mohrss-minister a org:Post ;
        rdfs:label "Minister of Human Resources and Social Security"@en ;
        org:postIn id:organization/mohrss ; org:role id:concept/role/minister ;
            prov:wasDerivedFrom {SRC} }}""",
    )


def test_amendment_scope_countries(kg):
    """ "activities … across ASEAN Member States through continued cooperation with existing
    partner countries, Lao PDR and Cambodia, and a new focus on Indonesia\""""
    spatial = values(kg, f"SELECT ?p WHERE {{ {AMENDMENT} dct:spatial ?p }}")
    assert spatial >= {
        "https://w3id.org/ilo-china-kg/id/place/asean-region",
        "https://w3id.org/ilo-china-kg/id/country/lao",
        "https://w3id.org/ilo-china-kg/id/country/khm",
        "https://w3id.org/ilo-china-kg/id/country/idn",
    }


def test_amendment_broadens_project_and_expands_network(kg):
    """ "The amendment will broaden the project's outreach and visibility, expand the skills
    development network, promote regional knowledge and skills sharing, and enhance South-South
    Cooperation.\""""
    assert ask(
        kg,
        f"""ASK {{ {AMENDMENT} dct:relation {PROJECT} , {NETWORK} ;
        prov:wasDerivedFrom {SRC} .
        {PROJECT} ilokg:underAgreement {AMENDMENT} }}""",
    )


def test_amendment_additional_contribution_for_skills_for_dream_action(kg):
    """ "The newly signed amendment … will contribute an additional 1 million USD to support the
    Skills for Dream Action under the Belt and Road Initiative framework.\""""
    rows = contributions(kg, AMENDMENT)
    assert len(rows) == 1
    row = rows[0]
    assert Decimal(row["value"]) == Decimal("1000000")
    assert row["currency"] == "USD"
    assert row["type"].endswith("/concept/contribution-type/additional")
    assert row["funder"].endswith("/organization/government-of-china")
    assert ask(
        kg,
        f"""ASK {{ {AMENDMENT} ilokg:initiative id:initiative/skills-for-dream-action ,
        id:initiative/belt-and-road-initiative }}""",
    )
    assert ask(
        kg,
        """ASK {
        id:initiative/skills-for-dream-action skos:broader id:initiative/belt-and-road-initiative ;
        prov:wasDerivedFrom id:source/ilo-china-bolster-asean-skills }""",
    )


def test_partnership_agreement_first_established_in_2008(kg):
    """ "The Partnership Agreement, first established in 2008\""""
    assert ask(
        kg,
        f"""ASK {{ {AGREEMENT} ilokg:signing ?s .
        ?s ilokg:date "2008"^^xsd:gYear ; prov:wasDerivedFrom {SRC} }}""",
    )


def test_first_agreement_conflict_kept_with_both_sources(kg):
    """000 says 2008, the 2024 brief says 2012: two signings, each with its own source, not
    merged."""
    rows = select(
        kg,
        f"""SELECT ?date ?src WHERE {{
        {AGREEMENT} ilokg:signing ?s . ?s ilokg:date ?date ;
            prov:wasDerivedFrom ?src }} ORDER BY ?date""",
    )
    assert [(r["date"], r["src"].rsplit("/", 1)[-1]) for r in rows] == [
        ("2008", "ilo-china-bolster-asean-skills"),
        ("2012", "china-ilo-cooperation-2024"),
    ]


def test_partnership_agreement_total_contribution_5_million(kg):
    """ "supported by a total contribution of 5 million United States dollars from China\""""
    rows = contributions(kg, AGREEMENT)
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("5000000")
    assert rows[0]["currency"] == "USD"
    assert rows[0]["type"].endswith("/concept/contribution-type/total")
    assert rows[0]["funder"].endswith("/organization/government-of-china")


def test_partnership_agreement_within_belt_and_road_and_sstc(kg):
    """ "The Partnership was designed to strengthen South-South Cooperation within the broader
    context of the Belt and Road Initiative.\""""
    assert ask(
        kg,
        f"""ASK {{ {AGREEMENT} ilokg:initiative id:initiative/belt-and-road-initiative ,
        id:initiative/south-south-and-triangular-cooperation ;
        ilokg:party id:organization/government-of-china , id:organization/ilo ;
        prov:wasDerivedFrom {SRC} }}""",
    )


def test_houngbo_director_general(kg):
    """ "The Director-General of the International Labour Organization, Gilbert F. Houngbo\""""
    assert ask(
        kg,
        f"""ASK {{
        id:person/gilbert-f-houngbo a foaf:Person ; foaf:name "Gilbert F. Houngbo" ;
            prov:wasDerivedFrom {SRC} .
        ?m a org:Membership ; org:member id:person/gilbert-f-houngbo ;
           org:organization id:organization/ilo ; ilokg:post id:post/ilo-director-general ;
           org:role id:concept/role/director-general ; prov:wasDerivedFrom {SRC} .
        id:post/ilo-director-general org:postIn id:organization/ilo }}""",
    )


def test_mohrss_named_with_acronym(kg):
    """ "China's Ministry of Human Resources and Social Security (MOHRSS)\""""
    assert ask(
        kg,
        f"""ASK {{ id:organization/mohrss a org:FormalOrganization ;
        skos:prefLabel "Ministry of Human Resources and Social Security"@en ;
        skos:altLabel "MOHRSS"@en ;
        org:subOrganizationOf id:organization/government-of-china ;
        ilokg:basedIn id:country/chn ;
        prov:wasDerivedFrom {SRC} }}""",
    )


def test_project_launched_under_the_partnership(kg):
    """ "the ILO and MOHRSS jointly launched the ILO-China Partnership Project on Strengthening
    Skills Development in ASEAN through South-South and Triangular Cooperation\""""
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} a ilokg:Project ;
        skos:altLabel "{TITLE_000}"@en ;
        ilokg:underAgreement {AGREEMENT} , {AMENDMENT} ;
        ilokg:implementedBy id:organization/ilo ;
        ilokg:fundedBy id:organization/mohrss ;
        prov:wasDerivedFrom {SRC} }}""",
    )
    themes = values(kg, f"SELECT ?t WHERE {{ {PROJECT} dct:subject ?t }}")
    base = "https://w3id.org/ilo-china-kg/id/concept/theme/"
    # "boost employability and entrepreneurship by strengthening skills systems, improving
    # employment services"
    expected = ("skills-development", "entrepreneurship", "public-employment-services")
    assert {base + t for t in expected} <= themes
    countries = values(kg, f"SELECT ?c WHERE {{ {PROJECT} ilokg:beneficiaryCountry ?c }}")
    assert {
        "https://w3id.org/ilo-china-kg/id/country/khm",
        "https://w3id.org/ilo-china-kg/id/country/lao",
        "https://w3id.org/ilo-china-kg/id/country/idn",
    } <= countries


def test_project_previous_contribution_4_million_from_mohrss(kg):
    """ "Backed by a previous contribution of 4 million USD from MOHRSS\" (also stated by the 2024
    brief)."""
    rows = contributions(kg, PROJECT)
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("4000000")
    assert rows[0]["funder"].endswith("/organization/mohrss")
    assert rows[0]["type"].endswith("/concept/contribution-type/previous")
    sources = values(kg, f"SELECT ?s WHERE {{ <{rows[0]['c']}> prov:wasDerivedFrom ?s }}")
    assert sources == {
        "https://w3id.org/ilo-china-kg/id/source/ilo-china-bolster-asean-skills",
        "https://w3id.org/ilo-china-kg/id/source/china-ilo-cooperation-2024",
    }


def test_network_41_institutes_undated(kg):
    """ "The network now connects 41 technical and vocational education and training (TVET)
    institutes from China, Cambodia, Lao PDR". The document has no date: no as-of date, the words
    kept."""
    rows = select(
        kg,
        f"""SELECT ?value ?stated WHERE {{
        ?o a ilokg:IndicatorObservation ; ilokg:observedEntity {NETWORK} ;
           ilokg:indicator id:concept/indicator/network-member-institutes ;
           ilokg:unit id:concept/unit/institute ;
           ilokg:value ?value ; ilokg:statedAs ?stated ; prov:wasDerivedFrom {SRC} .
        FILTER NOT EXISTS {{ ?o ilokg:asOf ?d }} }}""",
    )
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == 41
    assert "41" in rows[0]["stated"]


def test_network_size_conflict_kept(kg):
    """41 institutes (000) vs 22 institutes (2024 brief): two observations, each with its source."""
    rows = select(
        kg,
        f"""SELECT ?value ?src WHERE {{
        ?o ilokg:observedEntity {NETWORK} ;
            ilokg:indicator id:concept/indicator/network-member-institutes ;
           ilokg:value ?value ; prov:wasDerivedFrom ?src }} ORDER BY ?value""",
    )
    assert [(Decimal(r["value"]), r["src"].rsplit("/", 1)[-1]) for r in rows] == [
        (Decimal(22), "china-ilo-cooperation-2024"),
        (Decimal(41), "ilo-china-bolster-asean-skills"),
    ]


PLACES = [
    "place/asia-and-the-pacific",
    "place/africa",
    "place/asean-region",
    "place/beijing",
    "country/chn",
    "country/khm",
    "country/lao",
    "country/idn",
]


@pytest.mark.parametrize("place", PLACES)
def test_places_named(kg, place):
    """ "tangible benefits for countries across Asia and the Pacific and Africa"; Beijing; China,
    Cambodia, Lao PDR, Indonesia; ASEAN."""
    assert ask(kg, f"ASK {{ id:{place} rdfs:label ?l ; prov:wasDerivedFrom {SRC} }}")


ENTITIES = [
    "organization/ilo",
    "organization/government-of-china",
    "organization/mohrss",
    "organization/asean",
    "organization/mirage-news",
    "organization/skills-development-network",
    "person/gilbert-f-houngbo",
    "post/ilo-director-general",
    "post/mohrss-minister",
    "membership/gilbert-f-houngbo--ilo-director-general",
    "agreement/sstc-partnership-agreement",
    "agreement/sstc-partnership-agreement-amendment",
    "project/skills-development-asean",
    "initiative/belt-and-road-initiative",
    "initiative/skills-for-dream-action",
    "initiative/south-south-and-triangular-cooperation",
]


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_entity_named_has_this_source(kg, entity):
    assert ask(kg, f"ASK {{ id:{entity} prov:wasDerivedFrom {SRC} }}")


def test_every_node_from_this_source_is_sourced_documents_only(kg):
    """Everything derived from 000 points only to source documents; every hash node under an
    entity stated by 000 carries a source."""
    assert not ask(
        kg,
        f"""ASK {{ ?x prov:wasDerivedFrom {SRC} ; prov:wasDerivedFrom ?s .
        FILTER NOT EXISTS {{ ?s a ilokg:SourceDocument }} }}""",
    )
    missing = unsourced_hash_nodes(kg, SRC)
    assert missing == set()
