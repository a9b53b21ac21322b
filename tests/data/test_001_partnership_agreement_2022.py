"""Coverage of seed document 001, "China and ILO sign partnership agreement to promote
South-South Cooperation" (ILO News, 07 December 2022, dateline SINGAPORE).

Every assertion restates a sentence of the document; expected values were taken from the text."""

from __future__ import annotations

from decimal import Decimal

import pytest

from .idquery import BASE, ask, select, unsourced_hash_nodes, values

SRC = "id:source/china-ilo-sign-partnership-agreement-2022"
AGREEMENT = "id:agreement/gdi-ssc-employment-agreement-2022"


def test_source_document(kg):
    """ "News | 07 December 2022"; "SINGAPORE (ILO News)"."""
    assert ask(
        kg,
        f"""ASK {{ {SRC} a ilokg:SourceDocument ;
        dct:title "China and ILO sign partnership agreement to promote South-South Cooperation"@en ;
        dct:issued "2022-12-07"^^xsd:date ;
        dct:publisher id:organization/ilo ;
        ilokg:seedFile "001_8d3ac251cbde2b58.txt" ;
        dct:type id:concept/document-type/news-release }}""",
    )


def test_agreement_parties_and_types(kg):
    """ "The International Labour Organization (ILO) and the Ministry of Human Resources and
    Social Security (MOHRSS) China have signed a partnership agreement … The Memorandum of
    Understanding (MoU) was signed …\""""
    assert ask(
        kg,
        f"""ASK {{ {AGREEMENT} a ilokg:Agreement ;
        ilokg:party id:organization/ilo , id:organization/mohrss ;
        dct:type id:concept/agreement-type/partnership-agreement ,
            id:concept/agreement-type/mou ;
        prov:wasDerivedFrom {SRC} }}""",
    )
    parties = values(kg, f"SELECT ?p WHERE {{ {AGREEMENT} ilokg:party ?p }}")
    assert parties == {BASE + "organization/ilo", BASE + "organization/mohrss"}


def test_agreement_promotes_gdi_with_focus_on_ssc_in_employment(kg):
    """ "… a partnership agreement promoting the Global Development Initiative with a focus on
    South-South Cooperation in employment.\""""
    assert ask(
        kg,
        f"""ASK {{ {AGREEMENT}
        ilokg:initiative id:initiative/global-development-initiative ,
                         id:initiative/south-south-and-triangular-cooperation ;
        dct:subject id:concept/theme/employment-promotion }}""",
    )


def test_signatories(kg):
    """ "The Memorandum of Understanding (MoU) was signed by MOHRSS Vice Minister Yu Jiadong, and
    ILO Director-General Gilbert F. Houngbo\""""
    rows = select(
        kg,
        f"""SELECT ?agent ?org WHERE {{
        {AGREEMENT} ilokg:signing ?s . ?s prov:qualifiedAssociation ?a .
        ?a prov:agent ?agent ; prov:hadRole id:concept/role/signatory ; ilokg:onBehalfOf ?org ;
           prov:wasDerivedFrom {SRC} }} ORDER BY ?agent""",
    )
    assert [(r["agent"].rsplit("/", 1)[-1], r["org"].rsplit("/", 1)[-1]) for r in rows] == [
        ("gilbert-f-houngbo", "ilo"),
        ("yu-jiadong", "mohrss"),
    ]


def test_signed_in_singapore_during_the_regional_meeting(kg):
    """ "… during the Asia and the Pacific Regional Meeting in Singapore.\""""
    assert ask(
        kg,
        f"""ASK {{ {AGREEMENT} ilokg:signing ?s .
        ?s schema:location id:place/singapore ;
           schema:superEvent id:event/asia-and-the-pacific-regional-meeting-2022 ;
           prov:wasDerivedFrom {SRC} .
        id:event/asia-and-the-pacific-regional-meeting-2022 a ilokg:Event ;
           rdfs:label "Asia and the Pacific Regional Meeting"@en ;
           dct:type id:concept/event-type/regional-meeting ;
           schema:location id:place/singapore ;
           prov:wasDerivedFrom {SRC} .
        id:place/singapore schema:containedInPlace id:country/sgp .
        id:country/sgp ilokg:iso3166Alpha3 "SGP" }}""",
    )


def test_signing_day_not_invented(kg):
    """The news item is dated 07 December 2022 but does not give the day of signing: the signing
    is not dated 2022-12-07 (its date, December 2022, comes from the 2024 brief)."""
    dates = values(kg, f"SELECT ?d WHERE {{ {AGREEMENT} ilokg:signing/ilokg:date ?d }}")
    assert dates == {"2022-12"}


def test_houngbo_quote_context_director_general(kg):
    """ "ILO Director-General Gilbert F. Houngbo" on 07 December 2022."""
    assert ask(
        kg,
        f"""ASK {{ ?m a org:Membership ; org:member id:person/gilbert-f-houngbo ;
        ilokg:post id:post/ilo-director-general ; org:organization id:organization/ilo ;
        ilokg:asOf "2022-12-07"^^xsd:date ; prov:wasDerivedFrom {SRC} }}""",
    )


def test_yu_jiadong_vice_minister(kg):
    """ "Chinese Vice Minister of Human Resources and Social Security, Yu Jiadong\""""
    assert ask(
        kg,
        f"""ASK {{
        id:person/yu-jiadong a foaf:Person ; foaf:name "Yu Jiadong" ; prov:wasDerivedFrom {SRC} .
        ?m a org:Membership ; org:member id:person/yu-jiadong ;
            org:organization id:organization/mohrss ;
           org:role id:concept/role/vice-minister ; ilokg:post id:post/mohrss-vice-minister ;
           ilokg:asOf "2022-12-07"^^xsd:date ; prov:wasDerivedFrom {SRC} .
        id:post/mohrss-vice-minister org:postIn id:organization/mohrss }}""",
    )


def test_initial_sum_1_million(kg):
    """ "The new South-South Cooperation agreement will provide an initial sum of US$1 million to
    promote high-quality employment, public employment services and entrepreneurship in ASEAN
    countries.\""""
    rows = select(
        kg,
        f"""SELECT ?value ?currency ?type ?stated WHERE {{
        ?c a ilokg:Contribution ; schema:fundedItem {AGREEMENT} ; schema:amount ?a ;
           dct:type ?type ; ilokg:statedAs ?stated ; prov:wasDerivedFrom {SRC} .
        ?a schema:value ?value ; schema:currency ?currency }}""",
    )
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("1000000")
    assert rows[0]["currency"] == "USD"
    assert rows[0]["type"].endswith("/contribution-type/initial")
    assert rows[0]["stated"] == "an initial sum of US$1 million"
    themes = values(kg, f"SELECT ?t WHERE {{ {AGREEMENT} dct:subject ?t }}")
    t = BASE + "concept/theme/"
    expected = ("high-quality-employment", "public-employment-services", "entrepreneurship")
    assert {t + theme for theme in expected} <= themes
    assert ask(kg, f"ASK {{ {AGREEMENT} dct:spatial id:place/asean-region }}")


def test_pledge_full_employment_and_decent_work_for_asean(kg):
    """ "The government of China and the International Labour Organization (ILO) have pledged to
    jointly promote full employment and decent work for Association of Southeast Asian Nations
    (ASEAN) members"; "the ILO and MOHRSS are in agreement about the critical role of employment
    promotion\""""
    themes = values(kg, f"SELECT ?t WHERE {{ {AGREEMENT} dct:subject ?t }}")
    t = BASE + "concept/theme/"
    assert {t + "decent-work", t + "employment-promotion"} <= themes
    assert ask(
        kg,
        f"""ASK {{ {AGREEMENT} ilokg:party id:organization/ilo , id:organization/mohrss ;
        dct:spatial id:place/asean-region ; prov:wasDerivedFrom {SRC} }}""",
    )


def test_themes_critical_for_coalition_and_accelerator(kg):
    """ "The themes of the agreement … are critical for the ILO's Global Social Justice Coalition
    and the Global Accelerator on Jobs and Social Protection for Just Transitions.\""""
    assert ask(
        kg,
        f"""ASK {{
        {AGREEMENT} ilokg:initiative id:initiative/global-coalition-for-social-justice ,
        id:initiative/global-accelerator-on-jobs-and-social-protection }}""",
    )
    assert ask(
        kg,
        f"""ASK {{
        id:initiative/global-coalition-for-social-justice prov:wasDerivedFrom {SRC} .
        id:initiative/global-accelerator-on-jobs-and-social-protection
            prov:wasDerivedFrom {SRC} }}""",
    )


def test_job_losses_9_3_million(kg):
    """ "the COVID-19 pandemic severely affected the ASEAN labour market with 9.3 million job
    losses in the first year of the pandemic" — as of the news item's date, the period not being
    dated."""
    rows = select(
        kg,
        f"""SELECT ?value ?as_of ?unit WHERE {{
        ?o a ilokg:IndicatorObservation ; ilokg:indicator id:concept/indicator/job-losses ;
           ilokg:observedEntity id:place/asean-region ; ilokg:value ?value ; ilokg:unit ?unit ;
           ilokg:asOf ?as_of ; prov:wasDerivedFrom {SRC} }}""",
    )
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("9300000")
    assert rows[0]["as_of"] == "2022-12-07"
    assert rows[0]["unit"].endswith("/concept/unit/job")
    assert not ask(
        kg,
        f"""ASK {{ ?o ilokg:indicator id:concept/indicator/job-losses ;
        prov:wasDerivedFrom {SRC} ; ilokg:valueQualifier ?q }}""",
    )


def test_gdi_initiated_in_2021_by_chinese_government(kg):
    """ "the Global Development Initiative (GDI) initiated in 2021 by the Chinese government\""""
    assert ask(
        kg,
        f"""ASK {{ id:initiative/global-development-initiative
        ilokg:proposedBy id:organization/government-of-china ; ilokg:date ?d ;
            prov:wasDerivedFrom {SRC} .
        FILTER (SUBSTR(STR(?d), 1, 4) = "2021") }}""",
    )


def test_asean_named_in_full(kg):
    """ "Association of Southeast Asian Nations (ASEAN) members\""""
    assert ask(
        kg,
        f"""ASK {{
        id:organization/asean skos:prefLabel "Association of Southeast Asian Nations"@en ;
        skos:altLabel "ASEAN"@en ; owl:sameAs <http://www.wikidata.org/entity/Q7768> ;
        prov:wasDerivedFrom {SRC} }}""",
    )


ENTITIES = [
    "organization/ilo",
    "organization/mohrss",
    "organization/government-of-china",
    "organization/asean",
    "person/yu-jiadong",
    "person/gilbert-f-houngbo",
    "post/mohrss-vice-minister",
    "post/ilo-director-general",
    "membership/yu-jiadong--mohrss-vice-minister",
    "membership/gilbert-f-houngbo--ilo-director-general",
    "agreement/gdi-ssc-employment-agreement-2022",
    "agreement/gdi-ssc-employment-agreement-2022#signing",
    "event/asia-and-the-pacific-regional-meeting-2022",
    "place/singapore",
    "country/sgp",
    "country/chn",
    "place/asean-region",
    "place/asia-and-the-pacific",
    "initiative/global-development-initiative",
    "initiative/south-south-and-triangular-cooperation",
]


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_entity_named_has_this_source(kg, entity):
    assert ask(kg, f"ASK {{ id:{entity} prov:wasDerivedFrom {SRC} }}")


def test_every_node_under_a_sourced_entity_is_sourced(kg):
    missing = unsourced_hash_nodes(kg, SRC)
    assert missing == set()
