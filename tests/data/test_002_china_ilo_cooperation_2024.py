"""Coverage of seed document 002, the ILO country brief "China — ILO cooperation" (April 2024).

Every assertion restates a sentence of the brief; expected values were taken from the text.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from .idquery import ask, select, unsourced_hash_nodes, values

SRC = "id:source/china-ilo-cooperation-2024"
PROSSCE = "id:project/prossce-asean"
SKILLS = "id:project/skills-development-asean"
LAO_KENYA = "id:project/social-protection-informal-economy-lao-kenya"
KHM_PAK = "id:project/universal-social-protection-cambodia-pakistan"
LAO_TJK = "id:project/universal-social-protection-lao-tajikistan"
TRADE_UNIONS = "id:project/trade-union-capacities-asia-pacific"
NETWORK = "id:organization/skills-development-network"
MPDC = "ilo-multilateral-partnerships-and-development-cooperation-department"
TITLE_LAO_KENYA = (
    "Extending Social Protection Coverage to Workers in the Informal Economy in Lao PDR and Kenya"
    " and Leveraging Digital Transformation: through South-South Cooperation"
)
TITLE_PROSSCE = (
    "Promoting the Global Development Initiative with a Focus on South-South Cooperation"
    " in Employment in ASEAN"
)
TITLE_SKILLS = (
    "ILO-China Partnership Project on Strengthening Skills Development in ASEAN Member Countries"
)


def short(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def observation(kg, entity: str, indicator: str) -> list[dict[str, str]]:
    return select(
        kg,
        f"""SELECT ?value ?as_of ?start ?end ?qualifier ?unit WHERE {{
        ?o a ilokg:IndicatorObservation ; ilokg:observedEntity {entity} ;
           ilokg:indicator id:concept/indicator/{indicator} ; ilokg:value ?value ;
           prov:wasDerivedFrom {SRC} .
        OPTIONAL {{ ?o ilokg:asOf ?as_of }} OPTIONAL {{ ?o ilokg:startDate ?start }}
        OPTIONAL {{ ?o ilokg:endDate ?end }} OPTIONAL {{ ?o ilokg:valueQualifier ?qualifier }}
        OPTIONAL {{ ?o ilokg:unit ?unit }} }} ORDER BY ?value""",
    )


def contribution(kg, item: str) -> list[dict[str, str]]:
    return select(
        kg,
        f"""
        SELECT ?funder ?value ?currency ?type ?channel ?qualifier ?date ?start ?end WHERE {{
        ?c a ilokg:Contribution ; schema:fundedItem {item} ; schema:funder ?funder ;
            schema:amount ?a ;
           prov:wasDerivedFrom {SRC} .
        ?a schema:value ?value ; schema:currency ?currency .
        OPTIONAL {{ ?c dct:type ?type }} OPTIONAL {{ ?c ilokg:channel ?channel }}
        OPTIONAL {{ ?c ilokg:valueQualifier ?qualifier }} OPTIONAL {{ ?c ilokg:date ?date }}
        OPTIONAL {{ ?c ilokg:startDate ?start }} OPTIONAL {{ ?c ilokg:endDate ?end }}
        }} ORDER BY ?value""",
    )


def signing_dates(kg, agreement: str) -> set[str]:
    return values(
        kg,
        f"""SELECT ?d WHERE {{ {agreement} ilokg:signing ?s .
        ?s ilokg:date ?d ; prov:wasDerivedFrom {SRC} }}""",
    )


# ---------------------------------------------------------------- source and country


def test_source_document(kg):
    """ "China — ILO cooperation", "April 2024"."""
    rows = select(
        kg,
        f"""SELECT ?issued ?dt WHERE {{ {SRC} a ilokg:SourceDocument ;
        dct:title "China — ILO cooperation"@en ; ilokg:seedFile "002_d1a795d75590b0e2.txt" ;
        dct:publisher id:organization/ilo ; dct:type id:concept/document-type/country-brief ;
        dct:issued ?issued . BIND (DATATYPE(?issued) AS ?dt) }}""",
    )
    assert rows == [{"issued": "2024-04", "dt": "http://www.w3.org/2001/XMLSchema#gYearMonth"}]


def test_china_founding_member_state(kg):
    """ "The People's Republic of China is a founding Member State of the ILO.\""""
    assert ask(
        kg,
        f"""ASK {{ ?m a org:Membership ; org:member id:organization/government-of-china ;
        org:organization id:organization/ilo ; org:role id:concept/role/founding-member-state ;
        prov:wasDerivedFrom {SRC} .
        id:country/chn skos:altLabel "People's Republic of China"@en }}""",
    )


def test_28_conventions_ratified(kg):
    """ "The country has ratified 28 Conventions" (as of the brief, April 2024)."""
    rows = observation(kg, "id:country/chn", "conventions-ratified")
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == 28
    assert rows[0]["as_of"] == "2024-04"
    assert short(rows[0]["unit"]) == "convention"


def test_beijing_office_established_1985(kg):
    """ "The ILO office in Beijing was established in 1985 and oversees ILO's activities in China
    (including the Hong Kong and Macau Special Administrative Regions) and Mongolia.\""""
    assert ask(
        kg,
        f"""ASK {{ id:organization/ilo-co-china-mongolia a org:OrganizationalUnit ;
        skos:prefLabel "ILO Country Office for China and Mongolia"@en ;
        org:unitOf id:organization/ilo ;
        ilokg:establishedOn "1985"^^xsd:gYear ;
        schema:location id:place/beijing ;
        schema:areaServed id:country/chn , id:place/hong-kong , id:place/macau , id:country/mng ;
        prov:wasDerivedFrom {SRC} .
        id:place/hong-kong a ilokg:Region ; schema:containedInPlace id:country/chn .
        id:place/macau a ilokg:Region ; schema:containedInPlace id:country/chn .
        id:country/mng ilokg:iso3166Alpha3 "MNG" }}""",
    )


# ---------------------------------------------------------------- agreements


def test_first_mou_2001(kg):
    """ "The first MoU signed in 2001 between the ILO and Ministry of Human Resources and Social
    Security (MOHRSS)\""""
    agreement = "id:agreement/ilo-mohrss-mou-2001"
    assert ask(
        kg,
        f"""ASK {{ {agreement} dct:type id:concept/agreement-type/mou ;
        ilokg:party id:organization/ilo , id:organization/mohrss ;
            prov:wasDerivedFrom {SRC} }}""",
    )
    assert signing_dates(kg, agreement) == {"2001"}


def test_third_dwcp_and_strategic_mou_2016(kg):
    """ "In 2016, the third Decent Work Country Programme was agreed between the ILO and its
    Chinese constituents, laying the foundation for a MoU for strategic partnership focusing on
    the four dimensions of the decent work agenda, which was signed in the same year.\""""
    dwcp = "id:agreement/china-dwcp-2016"
    mou = "id:agreement/ilo-china-strategic-partnership-mou-2016"
    assert ask(
        kg,
        f"""ASK {{ {dwcp}
        dct:type id:concept/agreement-type/decent-work-country-programme ;
        ilokg:party id:organization/ilo ;
            dct:title "Third Decent Work Country Programme"@en }}""",
    )
    assert signing_dates(kg, dwcp) == {"2016"}
    assert ask(
        kg,
        f"""ASK {{ {mou} dct:type id:concept/agreement-type/mou ;
        prov:wasInfluencedBy {dwcp} ; ilokg:initiative id:initiative/decent-work-agenda }}""",
    )
    assert signing_dates(kg, mou) == {"2016"}


MOUS_2019 = {
    "ilo-mohrss-mou-2019": ("mohrss", "decent-work"),
    "ilo-ministry-of-emergency-management-mou-2019": (
        "ministry-of-emergency-management",
        "occupational-safety-and-health",
    ),
    "ilo-ministry-of-transport-mou-2019": ("ministry-of-transport", "maritime-labour"),
}


@pytest.mark.parametrize("slug", sorted(MOUS_2019))
def test_three_ministry_mous_2019_under_bri(kg, slug):
    """ "In April and June 2019, the ILO signed three MoUs with the Government of China …"; "Under
    the framework of the Belt and Road Initiative (BRI) … Agreements were signed between the ILO
    and three Ministries" (MOHRSS; Emergency Management, OSH; Transport, Maritime Labour
    Convention)."""
    ministry, theme = MOUS_2019[slug]
    assert ask(
        kg,
        f"""ASK {{ id:agreement/{slug} dct:type id:concept/agreement-type/mou ;
        ilokg:party id:organization/ilo , id:organization/{ministry} ,
            id:organization/government-of-china ;
        dct:subject id:concept/theme/{theme} ;
        ilokg:initiative id:initiative/belt-and-road-initiative ; prov:wasDerivedFrom {SRC} .
        id:organization/{ministry} org:subOrganizationOf id:organization/government-of-china }}""",
    )
    assert signing_dates(kg, f"id:agreement/{slug}") == {"2019"}


def test_transport_mou_maritime_silk_road(kg):
    """ "… the ILO's Maritime Labour Convention along the 21st Century Maritime Silk Road
    Initiative.\""""
    assert ask(
        kg,
        f"""ASK {{ id:agreement/ilo-ministry-of-transport-mou-2019
        ilokg:initiative id:initiative/21st-century-maritime-silk-road ;
        dct:references id:agreement/maritime-labour-convention .
        id:agreement/maritime-labour-convention dct:title "Maritime Labour Convention"@en ;
        dct:creator id:organization/ilo ; prov:wasDerivedFrom {SRC} }}""",
    )


def test_acftu_mou_2019(kg):
    """ "… and one with the All-China Federation of Trade Unions (ACFTU)\""""
    assert ask(
        kg,
        f"""ASK {{
        id:agreement/ilo-acftu-mou-2019 dct:type id:concept/agreement-type/mou ;
        ilokg:party id:organization/ilo , id:organization/acftu ; prov:wasDerivedFrom {SRC} .
        id:organization/acftu skos:prefLabel "All-China Federation of Trade Unions"@en ,
            "中华全国总工会"@zh-Hans ;
        skos:altLabel "ACFTU"@en }}""",
    )
    assert signing_dates(kg, "id:agreement/ilo-acftu-mou-2019") == {"2019"}


def test_december_2022_agreement(kg):
    """ "In December 2022 the ILO and the MOHRSS signed a partnership agreement promoting the
    Global Development Initiative (GDI) with a focus on South-South Cooperation in employment.\"
    """
    agreement = "id:agreement/gdi-ssc-employment-agreement-2022"
    assert ask(
        kg,
        f"""ASK {{ {agreement} ilokg:party id:organization/ilo , id:organization/mohrss ;
        ilokg:initiative id:initiative/global-development-initiative ;
            prov:wasDerivedFrom {SRC} }}""",
    )
    rows = select(
        kg,
        f"""SELECT ?d ?dt WHERE {{ {agreement} ilokg:signing/ilokg:date ?d .
        BIND (DATATYPE(?d) AS ?dt) }}""",
    )
    assert rows == [{"d": "2022-12", "dt": "http://www.w3.org/2001/XMLSchema#gYearMonth"}]


def test_december_2023_agreement_on_social_protection(kg):
    """ "In December 2023 another agreement was signed against the same background focusing on
    Social Protection"; "the MOHRSS and the ILO pledge to jointly promote South-South Cooperation
    on Social Protection with the countries in Asia-Pacific and Africa regions\""""
    agreement = "id:agreement/gdi-ssc-social-protection-agreement-2023"
    assert ask(
        kg,
        f"""ASK {{ {agreement} ilokg:party id:organization/ilo , id:organization/mohrss ;
        dct:subject id:concept/theme/social-protection ;
        ilokg:initiative id:initiative/global-development-initiative ,
            id:initiative/global-coalition-for-social-justice ,
            id:initiative/global-accelerator-on-jobs-and-social-protection ;
        dct:spatial id:place/asia-and-the-pacific , id:place/africa ;
            prov:wasDerivedFrom {SRC} }}""",
    )
    assert signing_dates(kg, agreement) == {"2023-12"}


def test_first_sstc_agreement_2012_with_1_million(kg):
    """ "In 2012, the first SSTC agreement between the ILO and China was signed, with China
    committing US$ 1 million in support to South-South cooperation and the Decent Work agenda.\"
    """
    agreement = "id:agreement/sstc-partnership-agreement"
    assert signing_dates(kg, agreement) == {"2012"}
    rows = contribution(kg, agreement)
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("1000000") and rows[0]["currency"] == "USD"
    assert rows[0]["date"] == "2012"
    assert short(rows[0]["funder"]) == "government-of-china"


def test_first_agreement_year_conflict_kept(kg):
    """The brief's 2012 and the 000 news release's 2008 are two signings, each with its own
    source."""
    rows = select(
        kg,
        """SELECT ?date ?src WHERE {
        id:agreement/sstc-partnership-agreement ilokg:signing ?s .
        ?s ilokg:date ?date ; prov:wasDerivedFrom ?src } ORDER BY ?date""",
    )
    assert [(r["date"], short(r["src"])) for r in rows] == [
        ("2008", "ilo-china-bolster-asean-skills"),
        ("2012", "china-ilo-cooperation-2024"),
    ]


def test_dwcp_2023_2025_signing_ceremony_july_2023(kg):
    """ "Decent Work Country Programme 2023- 2025 signing ceremony in July 2023\""""
    agreement = "id:agreement/china-dwcp-2023-2025"
    assert ask(
        kg,
        f"""ASK {{
        {agreement} dct:type id:concept/agreement-type/decent-work-country-programme ;
        ilokg:startDate "2023"^^xsd:gYear ; ilokg:endDate "2025"^^xsd:gYear ;
            prov:wasDerivedFrom {SRC} .
        {agreement} ilokg:signing ?s . ?s dct:type id:concept/event-type/signing-ceremony }}""",
    )
    assert signing_dates(kg, agreement) == {"2023-07"}


# ---------------------------------------------------------------- GDI and BRICS


def test_gdi_proposed_by_xi_jinping_at_unga(kg):
    """ "Chinese President Xi Jinping proposed the Global Development Initiative (GDI) at the UN
    General Assembly on September 21st, 2021.\""""
    assert ask(
        kg,
        f"""ASK {{ id:initiative/global-development-initiative
        ilokg:proposedBy id:person/xi-jinping ; ilokg:date "2021-09-21"^^xsd:date ;
        ilokg:announcedAt ?event ; prov:wasDerivedFrom {SRC} .
        ?event a ilokg:Event ; ilokg:startDate "2021-09-21"^^xsd:date ;
            dct:type id:concept/event-type/assembly ; prov:wasDerivedFrom {SRC} ;
            prov:qualifiedAssociation ?a .
        ?a prov:agent id:person/xi-jinping .
        ?m org:member id:person/xi-jinping ; ilokg:post id:post/president-of-china ;
           ilokg:asOf "2021-09-21"^^xsd:date .
        id:person/xi-jinping rdfs:label "习近平"@zh-Hans }}""",
    )


def test_gdi_aligned_with_2030_agenda_and_centenary_declaration(kg):
    """ "The initiative calls for greater international synergy to speed up the implementation of
    the 2030 Agenda"; "This objective is aligned with the ILO Centenary Declaration for the
    Future of Work\""""
    assert ask(
        kg,
        """ASK { id:initiative/global-development-initiative
        skos:related id:initiative/agenda-2030 , id:initiative/ilo-centenary-declaration }""",
    )


@pytest.mark.parametrize("year", ["2017", "2022"])
def test_brics_lemm_held_by_mohrss(kg, year):
    """ "In 2017 and 2022, MOHRSS held the BRICS Labour and Employment Ministers' Meeting (LEMM)
    and working group meetings when China held the BRICS Presidency. The ILO has played an active
    role in providing technical support\""""
    for event in (f"id:event/brics-lemm-{year}", f"id:event/brics-working-group-meetings-{year}"):
        assert ask(
            kg,
            f"""ASK {{ {event} a ilokg:Event ; ilokg:startDate "{year}"^^xsd:gYear ;
            schema:organizer id:organization/mohrss ; prov:qualifiedAssociation ?a ;
                prov:wasDerivedFrom {SRC} .
            ?a prov:agent id:organization/ilo ;
                prov:hadRole id:concept/event-role/technical-support }}""",
        )
    assert ask(
        kg,
        f"""ASK {{ ?m org:member id:organization/government-of-china ;
        org:organization id:organization/brics ;
        org:role id:concept/role/presidency ; ilokg:asOf "{year}"^^xsd:gYear }}""",
    )


def test_brics_network_of_labour_research_institutes(kg):
    """ "… connecting with the BRICS Network of Labour Research Institutes.\""""
    assert ask(
        kg,
        f"""ASK {{ id:organization/brics-network-of-labour-research-institutes
        skos:prefLabel "BRICS Network of Labour Research Institutes"@en ;
            prov:wasDerivedFrom {SRC} }}""",
    )


def test_brics_knowledge_series_and_funding_dialogue(kg):
    """ "Activities like the BRICS Knowledge series (2021) and the Structured Funding Dialogue
    on-Skills (2022) have increased mutual exchanges between the ILO and BRICS countries.\""""
    rows = select(
        kg,
        f"""SELECT ?e ?y WHERE {{ ?e a ilokg:Event ; ilokg:startDate ?y ;
        schema:attendee id:organization/ilo , id:organization/brics ;
            prov:wasDerivedFrom {SRC} }} ORDER BY ?y""",
    )
    assert [(short(r["e"]), r["y"]) for r in rows] == [
        ("brics-knowledge-series-2021", "2021"),
        ("structured-funding-dialogue-on-skills-2022", "2022"),
    ]


def test_brics_lemm_declaration_2022(kg):
    """ "The 2022 BRICS LEMM Declaration focused on green jobs, skills development, and workers'
    rights protection, and proposes BRICS solutions to achieving the UN 2030 Sustainable
    Development Goals\""""
    themes = values(
        kg,
        f"""SELECT ?t WHERE {{
        id:agreement/brics-lemm-declaration-2022 dct:subject ?t ;
        prov:wasGeneratedBy id:event/brics-lemm-2022 ;
            ilokg:initiative id:initiative/agenda-2030 ;
        prov:wasDerivedFrom {SRC} }}""",
    )
    assert {short(t) for t in themes} == {"green-jobs", "skills-development", "workers-rights"}


# ---------------------------------------------------------------- voluntary contributions 2019-2023


def aggregate(kg, channel: str) -> dict[str, str]:
    rows = select(
        kg,
        f"""SELECT ?value ?qualifier ?start ?end ?stated WHERE {{
        ?c a ilokg:Contribution ; schema:funder id:organization/government-of-china ;
           ilokg:channel id:concept/funding-channel/{channel} ;
               schema:amount/schema:value ?value ;
           ilokg:statedAs ?stated ; prov:wasDerivedFrom {SRC} .
        OPTIONAL {{ ?c ilokg:valueQualifier ?qualifier }}
        OPTIONAL {{ ?c ilokg:startDate ?start }} OPTIONAL {{ ?c ilokg:endDate ?end }} }}""",
    )
    assert len(rows) == 1
    return rows[0]


def test_earmarked_contributions_4_39_million(kg):
    """ "China's voluntary contributions earmarked to priority programmes, regions, and projects
    totaled US$ 4.39 million between 2019 and 2023.\""""
    row = aggregate(kg, "earmarked-voluntary-contribution")
    assert Decimal(row["value"]) == Decimal("4390000")
    assert (row.get("start"), row.get("end"), row.get("qualifier")) == ("2019", "2023", None)


def test_jpo_contributions_over_1_96_million(kg):
    """ "China also contributed over US$1.96 million to the ILO through the Junior Professional
    Officer (JPO) programme between 2019 and 2023.\""""
    row = aggregate(kg, "jpo-programme")
    assert Decimal(row["value"]) == Decimal("1960000")
    assert (row["start"], row["end"], short(row["qualifier"])) == ("2019", "2023", "more-than")


def test_un_peace_and_development_trust_fund_over_1_17_million_for_two_projects(kg):
    """ "Through the United Nations Peace and Development Trust Fund established by China, the ILO
    also receives more than US$ 1.17 million for two projects.\""""
    row = aggregate(kg, "un-peace-and-development-trust-fund")
    assert Decimal(row["value"]) == Decimal("1170000")
    assert short(row["qualifier"]) == "more-than"
    items = values(
        kg,
        """SELECT ?i WHERE {
        ?c ilokg:channel id:concept/funding-channel/un-peace-and-development-trust-fund ;
        schema:funder id:organization/government-of-china ; schema:fundedItem ?i }""",
    )
    assert len(items) == 2
    assert ask(
        kg,
        """ASK { id:organization/un-peace-and-development-trust-fund
        dct:creator id:organization/government-of-china }""",
    )
    # "receives" (present tense), no period: dated as of the brief (April 2024), no invented years
    dated = select(
        kg,
        f"""SELECT ?as_of ?dt WHERE {{
        ?c ilokg:channel id:concept/funding-channel/un-peace-and-development-trust-fund ;
           schema:funder id:organization/government-of-china ; ilokg:asOf ?as_of ;
           prov:wasDerivedFrom {SRC} .
        BIND (DATATYPE(?as_of) AS ?dt)
        FILTER NOT EXISTS {{ ?c ilokg:startDate ?s }}
        FILTER NOT EXISTS {{ ?c ilokg:date ?d }} }}""",
    )
    assert dated == [{"as_of": "2024-04", "dt": "http://www.w3.org/2001/XMLSchema#gYearMonth"}]


# ---------------------------------------------------------------- seminar, October 2023


def test_seminar_high_quality_employment_october_2023(kg):
    """ "Seminar on Promoting High-quality Employment against the background of the 10th
    Anniversary of the Belt and Road Initiative (BRI) was held in Beijing 19-20 Oct.2023. It was
    hosted by [MOHRSS] & [ILO].\""""
    event = "id:event/seminar-high-quality-employment-2023"
    assert ask(
        kg,
        f"""ASK {{ {event} a ilokg:Event ; dct:type id:concept/event-type/seminar ;
        ilokg:startDate "2023-10-19"^^xsd:date ; ilokg:endDate "2023-10-20"^^xsd:date ;
        schema:location id:place/beijing ; schema:organizer id:organization/mohrss ,
            id:organization/ilo ;
        dct:subject id:concept/theme/high-quality-employment ;
        ilokg:initiative id:initiative/belt-and-road-initiative ;
            prov:wasDerivedFrom {SRC} }}""",
    )
    roles = select(
        kg,
        f"""SELECT ?agent ?role ?org WHERE {{ {event} prov:qualifiedAssociation ?a .
        ?a prov:agent ?agent ; prov:hadRole ?role . ?agent a foaf:Person .
        OPTIONAL {{ ?a ilokg:onBehalfOf ?org }} }} ORDER BY ?agent""",
    )
    assert [(short(r["agent"]), short(r["role"]), short(r["org"])) for r in roles] == [
        ("chihoko-asada-miyakawa", "opening-remarks", "ilo-roap"),
        ("peter-van-rooij", "video-message", MPDC),
        ("yu-jiadong", "opening-remarks", "mohrss"),
    ]


POSTS_OCT_2023 = {
    "yu-jiadong": ("mohrss-vice-minister", "mohrss", "Mr"),
    "chihoko-asada-miyakawa": ("ilo-roap-regional-director", "ilo-roap", "Ms"),
    "peter-van-rooij": (MPDC + "-director", MPDC, "Mr"),
}


@pytest.mark.parametrize("person", sorted(POSTS_OCT_2023))
def test_posts_at_the_seminar(kg, person):
    """ "Mr. Yu Jiadong, Vice Minister of MOHRSS"; "Ms Chihoko Asada-Miyakawa, Regional Director
    …, ILO Regional Office for Asia and the Pacific"; "Mr. Peter van Rooij, Director of the
    Multilateral Partnerships and Development Cooperation Department\""""
    post, org, honorific = POSTS_OCT_2023[person]
    assert ask(
        kg,
        f"""ASK {{ id:person/{person} schema:honorificPrefix "{honorific}" ;
        prov:wasDerivedFrom {SRC} .
        ?m a org:Membership ; org:member id:person/{person} ; ilokg:post id:post/{post} ;
           org:organization id:organization/{org} ; ilokg:asOf "2023-10-19"^^xsd:date ;
               prov:wasDerivedFrom {SRC} .
        id:post/{post} org:postIn id:organization/{org} }}""",
    )


# ---------------------------------------------------------------- projects


def project_period(kg, project: str) -> tuple[str, str]:
    rows = select(
        kg,
        f"""SELECT ?s ?e WHERE {{ {project} a ilokg:Project ; ilokg:startDate ?s ;
        ilokg:endDate ?e ; prov:wasDerivedFrom {SRC} }}""",
    )
    assert len(rows) == 1
    return rows[0]["s"], rows[0]["e"]


def test_lao_kenya_social_protection_project(kg):
    """ "The project "Extending Social Protection Coverage to Workers in the Informal Economy in
    Lao PDR and Kenya and Leveraging Digital Transformation: through South-South Cooperation"
    (2023-2024)"; "Based on the Partnership Agreement signed in December 2023"; "with an initial
    contribution of US$1 million, is a direct contribution of the Government of China to ILO's
    Flagship Programme on Building Social Protection Floors for All.\""""
    assert project_period(kg, LAO_KENYA) == ("2023", "2024")
    assert ask(
        kg,
        f"""ASK {{ {LAO_KENYA}
        dct:title "{TITLE_LAO_KENYA}"@en ;
        ilokg:underAgreement id:agreement/gdi-ssc-social-protection-agreement-2023 ;
        ilokg:beneficiaryCountry id:country/lao , id:country/ken ;
        dct:subject id:concept/theme/social-protection , id:concept/theme/informal-economy ;
        ilokg:initiative id:initiative/flagship-programme-social-protection-floors ;
        ilokg:fundedBy id:organization/government-of-china }}""",
    )
    rows = contribution(kg, LAO_KENYA)
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("1000000")
    assert (short(rows[0]["type"]), short(rows[0]["channel"]), short(rows[0]["funder"])) == (
        "initial",
        "direct-contribution",
        "government-of-china",
    )


def test_prossce_asean_project(kg):
    """ "The project "Promoting the Global Development Initiative with a Focus on South-South
    Cooperation in Employment in ASEAN" (2022-2026)\""""
    assert project_period(kg, PROSSCE) == ("2022", "2026")
    assert ask(
        kg,
        f"""ASK {{ {PROSSCE}
        dct:title "{TITLE_PROSSCE}"@en ;
        ilokg:initiative id:initiative/global-development-initiative ,
            id:initiative/decent-work-agenda ;
        dct:subject id:concept/theme/high-quality-employment ,
            id:concept/theme/public-employment-services ,
            id:concept/theme/entrepreneurship }}""",
    )


def test_prossce_asean_beneficiaries_as_of_31_march_2024(kg):
    """ "The project has empowered and provided assistance to more than 43,000 beneficiaries in
    South-East Asia (as of March 31,2024).\""""
    rows = observation(kg, PROSSCE, "beneficiaries")
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == 43000
    assert rows[0]["as_of"] == "2024-03-31"
    assert short(rows[0]["qualifier"]) == "more-than"
    assert short(rows[0]["unit"]) == "person"
    assert ask(kg, f"ASK {{ {PROSSCE}#beneficiaries-2024-03-31 a ilokg:IndicatorObservation }}")


def test_prossce_asean_2023_contribution_and_extension(kg):
    """ "The MOHRSS provided another US$ 1 million in 2023; the project was extended to the end of
    2026.\""""
    rows = contribution(kg, PROSSCE)
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("1000000")
    row = rows[0]
    assert (short(row["funder"]), row["date"], short(row["type"])) == (
        "mohrss",
        "2023",
        "additional",
    )
    assert values(
        kg,
        f"""SELECT ?e WHERE {{ {PROSSCE} ilokg:extension ?x .
        ?x a ilokg:ProjectExtension ; ilokg:endDate ?e ;
            prov:wasDerivedFrom {SRC} }}""",
    ) == {"2026"}


def test_skills_project(kg):
    """ "ILO-China Partnership Project on Strengthening Skills Development in ASEAN Member
    Countries (2018-2025)"; "Thanks to a US$ 4 million financial contribution from MOHRSS\""""
    assert project_period(kg, SKILLS) == ("2018", "2025")
    assert ask(
        kg,
        f"""ASK {{ {SKILLS}
        dct:title "{TITLE_SKILLS}"@en }}""",
    )
    rows = contribution(kg, SKILLS)
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("4000000")
    assert short(rows[0]["funder"]) == "mohrss"


def test_network_launched_10_november_2021(kg):
    """ "Under the project, a Skills Development Network was launched through SSTC on 10 November
    2021.\""""
    assert ask(
        kg,
        f"""ASK {{ {NETWORK} ilokg:establishedOn "2021-11-10"^^xsd:date ;
        prov:wasDerivedFrom {SRC} }}""",
    )


NETWORK_COUNTS = [
    # indicator, value, qualifier, unit
    ("network-member-institutes", 22, None, "institute"),  # "brings together 22 TVET institutes"
    ("mous-signed", 9, None, "mou"),  # "nine MOUs"
    ("mou-signatory-institutes", 18, None, "institute"),  # "between 18 member TVETs"
    ("workshops-organised", 10, "more-than", "workshop"),  # "more than ten workshops"
]


@pytest.mark.parametrize(("indicator", "value", "qualifier", "unit"), NETWORK_COUNTS)
def test_network_counts_as_of_april_2024(kg, indicator, value, qualifier, unit):
    """ "the Network currently brings together 22 TVET institutes from China, Cambodia, Lao PDR,
    and Myanmar. The South-South Skills Development Network has included the signature of nine
    MOUs signed between 18 member TVETs … These bilateral partners organized more than ten
    workshops\""""
    rows = observation(kg, NETWORK, indicator)
    assert len(rows) == 1
    row = rows[0]
    assert Decimal(row["value"]) == value
    assert row["as_of"] == "2024-04"
    assert (short(row["qualifier"]) if "qualifier" in row else None) == qualifier
    assert short(row["unit"]) == unit


def test_asean_plus_3_e_forum(kg):
    """ "the ILO/China Partnership Programme also co-organized the ASEAN+3 e-forum on Skills
    Development, bringing policymakers in East Asia together on skills development.\""""
    assert ask(
        kg,
        f"""ASK {{ id:event/asean-plus-3-e-forum-on-skills-development a ilokg:Event ;
        rdfs:label "ASEAN+3 e-forum on Skills Development"@en ;
            dct:type id:concept/event-type/forum ;
        dct:subject id:concept/theme/skills-development ; dct:spatial id:place/east-asia ;
        prov:wasDerivedFrom {SRC} }}""",
    )


def test_cambodia_pakistan_project(kg):
    """ "Achieving SDGs and ending poverty through Universal Social Protection in Cambodia and
    Pakistan (2018-2021)"; "With a contribution of $ 746,014"; "jointly implemented by UN DESA
    and the ILO in the framework of ILO's Global Flagship Programme for Social Protection
    Floors\""""
    assert project_period(kg, KHM_PAK) == ("2018", "2021")
    assert ask(
        kg,
        f"""ASK {{ {KHM_PAK} ilokg:implementedBy id:organization/un-desa ,
        id:organization/ilo ;
        ilokg:beneficiaryCountry id:country/khm , id:country/pak ;
        ilokg:initiative id:initiative/flagship-programme-social-protection-floors ;
        ilokg:fundedBy id:organization/un-peace-and-development-trust-fund .
        id:country/pak ilokg:iso3166Alpha2 "PK" ; ilokg:iso3166Alpha3 "PAK" .
        FILTER NOT EXISTS {{ id:country/pak owl:sameAs ?wd }} }}""",
    )
    # the project's own contribution; the fund's >US$ 1.17 million for two projects also names it
    fund = "un-peace-and-development-trust-fund"
    rows = [r for r in contribution(kg, KHM_PAK) if short(r["funder"]) == fund]
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("746014")
    assert rows[0]["currency"] == "USD"
    assert short(rows[0]["channel"]) == "un-peace-and-development-trust-fund"
    # the brief dates the project (2018-2021), not the contribution: no period is invented for it
    assert (rows[0].get("date"), rows[0].get("start"), rows[0].get("end")) == (None, None, None)


def test_lao_tajikistan_project(kg):
    """ "SSTC supported by the UNDESA China Fund: Accelerating universal social protection for
    achieving the SDGs and ending poverty through strengthened governance and digital
    transformation (2023-2025)"; "in Lao PDR and Tajikistan … other countries in the Global
    South"; "the Project Advisory Committee (PAC) and its Secretariat in Lao PDR\""""
    assert project_period(kg, LAO_TJK) == ("2023", "2025")
    assert ask(
        kg,
        f"""ASK {{ {LAO_TJK} ilokg:fundedBy id:organization/undesa-china-fund ;
        ilokg:beneficiaryCountry id:country/lao , id:country/tjk , id:place/global-south ;
        dct:subject id:concept/theme/social-protection ,
            id:concept/theme/digital-transformation .
        ?pac skos:altLabel "PAC"@en ; ilokg:basedIn id:country/lao ; schema:about {LAO_TJK} ;
            prov:wasDerivedFrom {SRC} .
        ?secretariat org:unitOf ?pac ;
            org:classification id:concept/organization-type/secretariat }}""",
    )


def test_trade_union_project(kg):
    """ "South-South Cooperation to Enhance the Institutional Capacities of Trade Unions in Asia
    and the Pacific (2019-2023)"; "Thanks to US$ 1 million in support from All-China Federation
    of Trade Unions\""""
    assert project_period(kg, TRADE_UNIONS) == ("2019", "2023")
    assert ask(
        kg,
        f"""ASK {{ {TRADE_UNIONS} ilokg:fundedBy id:organization/acftu ;
        ilokg:beneficiaryCountry id:place/asia-and-the-pacific ;
        dct:subject id:concept/theme/trade-union-capacity ;
            ilokg:initiative id:initiative/agenda-2030 }}""",
    )
    rows = contribution(kg, TRADE_UNIONS)
    assert len(rows) == 1
    assert Decimal(rows[0]["value"]) == Decimal("1000000") and short(rows[0]["funder"]) == "acftu"


def test_trade_union_project_trainings(kg):
    """ "The project delivered five virtual training programmes in 2021-2022. A total of 189 trade
    union officials participated in these trainings. … a Training of online Trainers course was
    organized for 25, carefully selected trade union educators\""""
    trainings = observation(kg, TRADE_UNIONS, "trainings-delivered")
    assert [(Decimal(r["value"]), r["start"], r["end"], short(r["unit"])) for r in trainings] == [
        (Decimal(5), "2021", "2022", "training-programme")
    ]
    participants = observation(kg, TRADE_UNIONS, "training-participants")
    assert [(Decimal(r["value"]), r.get("start"), r.get("as_of")) for r in participants] == [
        (Decimal(25), None, "2024-04"),
        (Decimal(189), "2021", None),
    ]


def test_first_ssc_project_2013(kg):
    """ "In 2013, China and ILO launched their first South-South cooperation project on
    strengthening public employment services and labour market information in Cambodia and Lao
    People's Democratic Republic\""""
    assert ask(
        kg,
        f"""ASK {{
        id:project/pes-lmi-cambodia-lao-pdr ilokg:startDate "2013"^^xsd:gYear ;
        ilokg:partner id:organization/government-of-china , id:organization/ilo ;
        ilokg:beneficiaryCountry id:country/khm , id:country/lao ;
        dct:subject id:concept/theme/public-employment-services ,
            id:concept/theme/labour-market-information ;
        prov:wasDerivedFrom {SRC} }}""",
    )


# ---------------------------------------------------------------- contact details


def test_contact_units(kg):
    """ "International Labour Organization, Route des Morillons 4, CH-1211 Geneva 22 Switzerland";
    "Emerging and Special Partnerships / PARTNERSHIPS - Geneva"; "ILO Country Office for China
    and Mongolia, 1-10 Tayuan Diplomatic Office Building Beijing - China 100600";
    "beijing@ilo.org and partnerships@ilo.org\""""
    assert ask(
        kg,
        f"""ASK {{
        id:organization/ilo schema:location id:place/geneva ; schema:address ?address .
        FILTER (CONTAINS(?address, "Route des Morillons 4"))
        id:place/geneva schema:containedInPlace id:country/che .
        id:organization/ilo-emerging-and-special-partnerships
            skos:prefLabel "Emerging and Special Partnerships"@en ;
            org:unitOf id:organization/ilo-partnerships-department ;
                schema:email "partnerships@ilo.org" ;
            prov:wasDerivedFrom {SRC} .
        id:organization/ilo-partnerships-department skos:altLabel "PARTNERSHIPS"@en ;
            prov:wasDerivedFrom {SRC} .
        id:organization/ilo-co-china-mongolia schema:email "beijing@ilo.org" }}""",
    )
    # the brief does not equate PARTNERSHIPS with the Multilateral Partnerships and Development
    # Cooperation Department
    assert not ask(
        kg,
        """ASK { id:organization/ilo-partnerships-department (owl:sameAs|^owl:sameAs)
        id:organization/ilo-multilateral-partnerships-and-development-cooperation-department }""",
    )


COUNTRIES = {
    "chn": "CN",
    "khm": "KH",
    "lao": "LA",
    "mmr": "MM",
    "ken": "KE",
    "tjk": "TJ",
    "pak": "PK",
    "mng": "MN",
    "che": "CH",
}


@pytest.mark.parametrize("slug", sorted(COUNTRIES))
def test_countries_named(kg, slug):
    """China, Cambodia, Lao PDR, Myanmar, Kenya, Tajikistan, Pakistan, Mongolia, Switzerland."""
    assert ask(
        kg,
        f"""ASK {{ id:country/{slug} a schema:Country ;
        ilokg:iso3166Alpha2 "{COUNTRIES[slug]}" ;
        ilokg:iso3166Alpha3 "{slug.upper()}" ; prov:wasDerivedFrom {SRC} }}""",
    )


ENTITIES = [
    "organization/ilo",
    "organization/ilo-roap",
    "organization/ilo-co-china-mongolia",
    "organization/ilo-multilateral-partnerships-and-development-cooperation-department",
    "organization/ilo-emerging-and-special-partnerships",
    "organization/ilo-partnerships-department",
    "organization/government-of-china",
    "organization/mohrss",
    "organization/ministry-of-emergency-management",
    "organization/ministry-of-transport",
    "organization/acftu",
    "organization/brics",
    "organization/asean",
    "organization/united-nations",
    "organization/un-desa",
    "organization/un-peace-and-development-trust-fund",
    "organization/undesa-china-fund",
    "organization/skills-development-network",
    "person/xi-jinping",
    "person/yu-jiadong",
    "person/chihoko-asada-miyakawa",
    "person/peter-van-rooij",
    "place/beijing",
    "place/geneva",
    "place/hong-kong",
    "place/macau",
    "place/asia-and-the-pacific",
    "place/africa",
    "place/south-east-asia",
    "place/east-asia",
    "place/global-south",
    "place/asean-region",
    "event/un-general-assembly-2021-09-21",
    "event/brics-lemm-2017",
    "event/brics-lemm-2022",
    "event/seminar-high-quality-employment-2023",
    "event/asean-plus-3-e-forum-on-skills-development",
    "project/skills-development-asean",
    "project/prossce-asean",
    "project/social-protection-informal-economy-lao-kenya",
    "project/universal-social-protection-cambodia-pakistan",
    "project/universal-social-protection-lao-tajikistan",
    "project/trade-union-capacities-asia-pacific",
    "project/pes-lmi-cambodia-lao-pdr",
    "initiative/global-development-initiative",
    "initiative/belt-and-road-initiative",
    "initiative/agenda-2030",
    "initiative/ilo-centenary-declaration",
    "initiative/decent-work-agenda",
    "initiative/flagship-programme-social-protection-floors",
    "initiative/21st-century-maritime-silk-road",
]


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_entity_named_has_this_source(kg, entity):
    assert ask(kg, f"ASK {{ id:{entity} prov:wasDerivedFrom {SRC} }}")


def test_every_node_under_a_sourced_entity_is_sourced(kg):
    missing = unsourced_hash_nodes(kg, SRC)
    assert missing == set()


def test_network_launch_event_on_10_november_2021(kg):
    """ "Under the project, a Skills Development Network was launched through SSTC on
    10 November 2021." The launch event (detailed by the 2021 concept note) cites the brief too."""
    starts = values(
        kg,
        f"""SELECT ?v WHERE {{ ?event a ilokg:Event ; dct:type id:concept/event-type/launch-ceremony ;
            schema:about id:organization/skills-development-network ;
            ilokg:startDate ?v ; prov:wasDerivedFrom {SRC} }}""",
    )
    assert starts and all(v.startswith("2021-11-10") for v in starts), starts
