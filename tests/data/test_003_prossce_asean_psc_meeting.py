"""Coverage of seed document 003: "3rd Project Steering Committee Meeting of the ProSSCE-ASEAN project".

The document states no meeting date and no publication date: the meeting reviewed the 2025 Annual
Progress Report and the proposed 2026 workplan. Expected values are copied from the document
(shared/seeds/003_7d6c6e4a9e3a915c.txt), not from data/. Queries use BASE so that entity IRIs read as
in the data files.
"""

from __future__ import annotations

import pytest

from .idquery import ask_relative as ask
from .idquery import select_relative as select

SRC = "<source/prossce-asean-3rd-psc-meeting>"
EVENT = "<event/prossce-asean-3rd-psc-meeting>"
PROJECT = "<project/prossce-asean>"
NAME = "(rdfs:label|skos:prefLabel|skos:altLabel)"


# ---------------------------------------------------------------- the meeting


def test_meeting_kind_label_and_subject(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {EVENT} a ilokg:Event ;
        rdfs:label "3rd Project Steering Committee Meeting of the ProSSCE-ASEAN project"@en ;
        dct:type <concept/event-type/steering-committee-meeting> ;
        schema:about {PROJECT} ;
        prov:wasDerivedFrom {SRC} . }}""",
    )


def test_meeting_date_is_not_invented(kg) -> None:
    # 003 gives no date for the meeting.
    assert not ask(kg, f"ASK {{ {EVENT} ilokg:startDate|ilokg:endDate|ilokg:date ?d }}")


def test_meeting_convened_mohrss_and_the_ilo(kg) -> None:
    assert ask(kg, f"ASK {{ {EVENT} schema:attendee <organization/mohrss> , <organization/ilo> }}")


def test_meeting_reviewed_the_2025_report_and_the_2026_workplan(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {EVENT} schema:about ?report , ?plan .
        ?report rdfs:label "2025 Annual Progress Report"@en ;
            ilokg:startDate "2025"^^xsd:gYear ; ilokg:endDate "2025"^^xsd:gYear ;
            dct:creator ?team ; prov:wasDerivedFrom {SRC} .
        ?team {NAME} "Project Team"@en .
        ?plan rdfs:label ?l ; ilokg:startDate "2026"^^xsd:gYear ; prov:wasDerivedFrom {SRC} .
        FILTER (CONTAINS(STR(?l), "2026 annual workplan and budget")) }}""",
    )


# ---------------------------------------------------------------- speakers
# (name, honorific or None, on behalf of)
OPENING = [
    ("Jiang Wei", "Mr", "mohrss-dic"),
    ("Anita Amorim", "Ms", "ilo-partnerships-department"),
    ("Xiaoyan Qian", None, "ilo-dwt-bangkok"),
    ("Sheng Ling", "Mr", None),
]


@pytest.mark.parametrize(("name", "honorific", "org"), OPENING)
def test_opening_remarks(kg, name, honorific, org) -> None:
    behalf = f"; ilokg:onBehalfOf <organization/{org}>" if org else ""
    hon = f'; schema:honorificPrefix "{honorific}"' if honorific else ""
    assert ask(
        kg,
        f"""ASK {{
        ?session schema:superEvent {EVENT} ; prov:qualifiedAssociation ?a .
        ?a prov:agent ?p ; prov:hadRole <concept/event-role/opening-remarks> {behalf} ;
           prov:wasDerivedFrom {SRC} .
        ?p a foaf:Person ; foaf:name "{name}" {hon} ; prov:wasDerivedFrom {SRC} .
    }}""",
    ), name


def test_anita_amorim_is_from_the_ilo_partnerships_department(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?m org:member ?p ; org:organization <organization/ilo-partnerships-department> ;
        prov:wasDerivedFrom {SRC} . ?p foaf:name "Anita Amorim" }}""",
    )


def test_jiang_wei_represents_the_mohrss_department_of_international_cooperation(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?m org:member ?p ; org:organization <organization/mohrss-dic> ;
        org:role <concept/role/representative> ; prov:wasDerivedFrom {SRC} . ?p foaf:name "Jiang Wei" .
        <organization/mohrss-dic> org:unitOf <organization/mohrss> }}""",
    )


def test_xiaoyan_qian_dwt_co_director_dwt_bangkok(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?m org:member ?p ; ilokg:post ?post ; org:role <concept/role/director> ;
        ilokg:statedAs ?s ; prov:wasDerivedFrom {SRC} .
        ?p foaf:name "Xiaoyan Qian" .
        ?post org:postIn <organization/ilo-dwt-bangkok> .
        FILTER (CONTAINS(STR(?s), "DWT/CO Director, DWT-Bangkok")) }}""",
    )


def test_sheng_ling_project_manager_of_prossce_asean(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?m org:member ?p ; ilokg:post ?post ; org:role <concept/role/project-manager> ;
        prov:wasDerivedFrom {SRC} .
        ?p foaf:name "Sheng Ling" .
        ?post rdfs:label ?l . FILTER (CONTAINS(STR(?l), "Project Manager of ProSSCE ASEAN")) }}""",
    )


def test_sheng_ling_post_is_in_the_project_team_not_an_unstated_employer(kg) -> None:
    # 003 names the project ("Project Manager of ProSSCE ASEAN"), not an employing organisation.
    assert ask(
        kg,
        f"""ASK {{ ?m org:member ?p ; ilokg:post ?post ;
        org:organization <organization/prossce-asean-project-team> ; prov:wasDerivedFrom {SRC} .
        ?p foaf:name "Sheng Ling" .
        ?post org:postIn <organization/prossce-asean-project-team> ; schema:about {PROJECT} ;
            prov:wasDerivedFrom {SRC} }}""",
    )
    assert not ask(
        kg, """ASK { ?m org:member <person/sheng-ling> ; org:organization <organization/ilo> }"""
    )


def test_memberships_from_003_carry_no_invented_date(kg) -> None:
    assert not ask(
        kg,
        f"""ASK {{ ?m a org:Membership ; ilokg:asOf ?d ; prov:wasDerivedFrom {SRC} .
        FILTER NOT EXISTS {{ ?m prov:wasDerivedFrom ?other . FILTER (?other != {SRC}) }} }}""",
    )


def test_project_team_presents_the_annual_progress_report(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?session schema:superEvent {EVENT} ; schema:about ?report ;
        prov:qualifiedAssociation ?a .
        ?report rdfs:label "2025 Annual Progress Report"@en .
        ?a prov:agent ?team ; prov:hadRole <concept/event-role/presentation> .
        ?team org:classification <concept/organization-type/project-team> }}""",
    )


def test_project_steering_committee(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?c org:classification <concept/organization-type/committee> ;
        dct:relation {PROJECT} ; prov:wasDerivedFrom {SRC} . {EVENT} schema:attendee ?c }}""",
    )


def test_discussion_sheng_ling_extension_welcome_and_gdi(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?session schema:superEvent {EVENT} ; prov:qualifiedAssociation ?a .
        ?a prov:agent ?p ; prov:hadRole <concept/event-role/discussant> ; ilokg:statedAs ?s .
        ?p foaf:name "Sheng Ling" .
        FILTER (CONTAINS(?s, "a project extension would be very welcome")
             && CONTAINS(?s, "first South-South initiative under China’s Global Development Initiative")) }}""",
    )


def test_discussion_mohrss_year_of_the_horse(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?session schema:superEvent {EVENT} ; prov:qualifiedAssociation ?a .
        ?a prov:agent <organization/mohrss> ; prov:hadRole <concept/event-role/discussant> ; ilokg:statedAs ?s .
        FILTER (CONTAINS(?s, "Year of the Horse")) }}""",
    )


def test_continuation_modalities(kg) -> None:
    rows = select(
        kg,
        f"""SELECT ?label WHERE {{ ?session schema:superEvent {EVENT} ; schema:about ?c .
        ?c skos:inScheme <scheme/continuation-modality> ; skos:prefLabel ?label }}""",
    )
    labels = {r["label"] for r in rows}
    assert labels == {"Amendment or extension", "Second phase", "New project agreement"}


def test_outreach_to_brics_and_consultations_with_the_government_of_china(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?session schema:superEvent {EVENT} ;
        schema:about <organization/brics> ; dct:relation <organization/government-of-china> ;
        dct:description ?d .
        FILTER (CONTAINS(?d, "comprehensive end-of-phase assessment")) }}""",
    )


def test_priorities_discussed(kg) -> None:
    for theme in (
        "digital-transformation",
        "informal-economy",
        "crisis-response",
        "employment-policy",
        "green-jobs",
    ):
        assert ask(
            kg,
            f"""ASK {{ ?session schema:superEvent {EVENT} ;
            dct:subject <concept/theme/{theme}> }}""",
        ), theme


# ---------------------------------------------------------------- the project


def test_project_names(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} skos:altLabel "ProSSCE-ASEAN"@en , "ProSSCE ASEAN"@en ;
        prov:wasDerivedFrom {SRC} }}""",
    )


@pytest.mark.parametrize(
    ("number", "label"),
    [
        (1, "policy development"),
        (2, "capacity-building for public employment services (PES) and entrepreneurship"),
        (3, "research and South-South and Triangular Cooperation (SSTC)"),
    ],
)
def test_three_operative_pillars(kg, number, label) -> None:
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} ilokg:pillar ?p . ?p a ilokg:Pillar ; rdfs:label "{label}"@en ;
        schema:position {number} ; prov:wasDerivedFrom {SRC} }}""",
    ), label


def test_exactly_three_pillars_from_003(kg) -> None:
    rows = select(
        kg,
        f"""SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE {{ {PROJECT} ilokg:pillar ?p .
        ?p prov:wasDerivedFrom {SRC} }}""",
    )
    assert rows[0]["n"] == "3"


def test_beneficiaries_more_than_186000_since_inception(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?o a ilokg:IndicatorObservation ;
        ilokg:indicator <concept/indicator/beneficiaries> ;
        ilokg:observedEntity {PROJECT} ;
        ilokg:value "186000"^^xsd:decimal ;
        ilokg:valueQualifier <concept/value-qualifier/more-than> ;
        ilokg:unit <concept/unit/person> ;
        ilokg:endDate "2025"^^xsd:gYear ;
        ilokg:statedAs ?s ;
        prov:wasDerivedFrom {SRC} .
        FILTER (CONTAINS(?s, "more than 186,000 beneficiaries")) }}""",
    )


def test_nearly_150000_jobseekers_connected_in_cambodia(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?o a ilokg:IndicatorObservation ;
        ilokg:indicator <concept/indicator/jobseekers-connected> ;
        ilokg:observedEntity {PROJECT} ;
        dct:spatial <country/khm> ;
        ilokg:value "150000"^^xsd:decimal ;
        ilokg:valueQualifier <concept/value-qualifier/nearly> ;
        ilokg:unit <concept/unit/person> ;
        ilokg:endDate "2025"^^xsd:gYear ;
        ilokg:statedAs ?s ;
        prov:wasDerivedFrom {SRC} .
        FILTER (CONTAINS(?s, "nearly 150,000 jobseekers in Cambodia") && CONTAINS(?s, "career fairs")) }}""",
    )


def test_observations_from_003_have_no_invented_as_of_date(kg) -> None:
    assert not ask(
        kg,
        f"""ASK {{ ?o a ilokg:IndicatorObservation ; ilokg:asOf ?d ;
        prov:wasDerivedFrom {SRC} }}""",
    )


def test_alignment_with_sdg8_gdi_and_sstc(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} ilokg:initiative <http://metadata.un.org/sdg/8> ,
        <initiative/global-development-initiative> ,
        <initiative/south-south-and-triangular-cooperation> }}""",
    )


def test_collaboration_with_the_asean_secretariat(kg) -> None:
    assert ask(kg, f"ASK {{ {PROJECT} ilokg:partner <organization/asean-secretariat> }}")


def test_collaboration_with_mohrss(kg) -> None:
    # "Strong collaboration with the ASEAN Secretariat and the Ministry of Human Resources and Social
    # Security of China supported policy integration ..."
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} ilokg:partner <organization/asean-secretariat> , ?m .
        ?m {NAME} "Ministry of Human Resources and Social Security of China"@en ; prov:wasDerivedFrom {SRC} }}""",
    )


def test_alignment_with_the_sustainable_development_goals(kg) -> None:
    # "the Sustainable Development Goals (notably SDG 8)": the SDGs (2030 Agenda) and SDG 8.
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} ilokg:initiative <initiative/agenda-2030> , ?sdg8 .
        ?sdg8 skos:altLabel "SDG 8"@en ; prov:wasDerivedFrom {SRC} .
        <initiative/agenda-2030> prov:wasDerivedFrom {SRC} }}""",
    )


def test_countries_and_region(kg) -> None:
    for place in ("place/asean-region", "country/khm", "country/idn"):
        assert ask(kg, f"ASK {{ {PROJECT} ilokg:beneficiaryCountry <{place}> }}"), place


def test_regional_policy_dialogue_on_high_quality_and_full_employment(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?e a ilokg:Event ;
        rdfs:label "Regional Policy Dialogue on high-quality and full employment"@en ;
        dct:type <concept/event-type/policy-dialogue> ;
        dct:isPartOf {PROJECT} ;
        prov:wasDerivedFrom {SRC} }}""",
    )


def test_comparative_study_on_green_entrepreneurship_policies(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?s rdfs:label ?l ; prov:wasGeneratedBy {PROJECT} ;
        dct:subject <concept/theme/entrepreneurship> , <concept/theme/green-jobs> ;
        prov:wasDerivedFrom {SRC} .
        FILTER (LCASE(STR(?l)) = "comparative study on green entrepreneurship policies") }}""",
    )


def test_itcilo_youth_employment_programme(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?e rdfs:label "ITCILO youth employment programme"@en ;
        schema:organizer <organization/itcilo> ; dct:isPartOf {PROJECT} ; prov:wasDerivedFrom {SRC} }}""",
    )


def test_four_tiered_pes_training_in_cambodia_and_indonesia(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?e rdfs:label ?l ; schema:location <country/khm> , <country/idn> ;
        dct:subject <concept/theme/public-employment-services> ; dct:isPartOf {PROJECT} ;
        prov:wasDerivedFrom {SRC} .
        FILTER (CONTAINS(LCASE(STR(?l)), "four-tiered pes training")) }}""",
    )


def test_career_fairs_in_cambodia(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?e dct:type <concept/event-type/career-fair> ; schema:location <country/khm> ;
        dct:isPartOf {PROJECT} ; prov:wasDerivedFrom {SRC} }}""",
    )


def test_challenges_and_outlook(kg) -> None:
    assert ask(
        kg,
        """ASK { ?r rdfs:label "2025 Annual Progress Report"@en ; dct:description ?d .
        FILTER (CONTAINS(?d, "third year of implementation")
             && CONTAINS(?d, "diverse national priorities, political transitions and limited in-country presence")
             && CONTAINS(?d, "scale up successful pilots")) }""",
    )


# ---------------------------------------------------------------- provenance


def test_every_node_of_the_meeting_is_sourced(kg) -> None:
    rows = select(
        kg,
        f"""SELECT ?s WHERE {{
        ?s ?p ?o .
        FILTER (STRSTARTS(STR(?s), "https://w3id.org/ilo-china-kg/id/event/prossce-asean-3rd-psc-meeting"))
        FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom {SRC} }} }}""",
    )
    assert rows == []


def test_every_project_hash_node_from_003_is_sourced(kg) -> None:
    # the hash nodes this document gives rise to, named in data/projects/prossce-asean--psc-2025.ttl
    for frag in (
        "pillar-policy-development",
        "pillar-capacity-building-pes-and-entrepreneurship",
        "pillar-research-and-sstc",
        "annual-progress-report-2025",
        "workplan-2026",
        "regional-policy-dialogue",
        "comparative-study-green-entrepreneurship-policies",
        "itcilo-youth-employment-programme",
        "pes-training-cambodia-indonesia",
        "career-fairs-cambodia",
        "beneficiaries-since-inception-2025",
        "jobseekers-connected-cambodia-since-inception-2025",
    ):
        assert ask(kg, f"ASK {{ <project/prossce-asean#{frag}> prov:wasDerivedFrom {SRC} }}"), frag


def test_every_agent_of_the_meeting_is_sourced(kg) -> None:
    rows = select(
        kg,
        f"""SELECT DISTINCT ?x WHERE {{
        {{ {EVENT} schema:attendee ?x }}
        UNION {{ ?s schema:superEvent {EVENT} ; prov:qualifiedAssociation ?a .
                 ?a prov:agent|ilokg:onBehalfOf ?x }}
        FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom {SRC} }} }}""",
    )
    assert rows == []


# Every entity 003 names, each read off the document: organisations, offices and departments, people,
# posts and memberships, places, initiatives.
ENTITIES = [
    "organization/mohrss",  # Ministry of Human Resources and Social Security of China
    "organization/mohrss-dic",  # its Department of International Cooperation
    "organization/ilo",  # International Labour Organization
    "organization/ilo-partnerships-department",  # ILO Partnerships Department
    "organization/ilo-dwt-bangkok",  # DWT-Bangkok
    "organization/ilo-co-bangkok",  # the "CO" of "DWT/CO Director"
    "organization/itcilo",  # ITCILO youth employment programme
    "organization/asean",  # ASEAN, ASEAN Member States
    "organization/asean-secretariat",  # the ASEAN Secretariat
    "organization/brics",  # outreach to BRICS
    "organization/government-of-china",  # consultations with the Government of China
    "organization/prossce-asean-project-team",  # the Project Team
    "organization/prossce-asean-project-steering-committee",  # the Committee
    "person/jiang-wei",
    "person/anita-amorim",
    "person/xiaoyan-qian",
    "person/sheng-ling",
    "post/ilo-dwt-bangkok-director",
    "post/ilo-co-bangkok-director",
    "post/prossce-asean-project-manager",
    "membership/jiang-wei--mohrss-dic",
    "membership/anita-amorim--ilo-partnerships-department",
    "membership/xiaoyan-qian--ilo-dwt-bangkok-director",
    "membership/xiaoyan-qian--ilo-co-bangkok-director",
    "membership/sheng-ling--prossce-asean-project-manager",
    "project/prossce-asean",
    "event/prossce-asean-3rd-psc-meeting",
    "place/asean-region",  # across ASEAN
    "place/bangkok",  # DWT-Bangkok
    "country/chn",  # China
    "country/khm",  # Cambodia
    "country/idn",  # Indonesia
    "initiative/global-development-initiative",
    "initiative/south-south-and-triangular-cooperation",
    "initiative/agenda-2030",  # the Sustainable Development Goals
]


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_entity_named_has_this_source(kg, entity) -> None:
    assert ask(kg, f"ASK {{ <{entity}> prov:wasDerivedFrom {SRC} }}"), entity


def test_sdg_8_has_this_source(kg) -> None:
    assert ask(kg, f"ASK {{ <http://metadata.un.org/sdg/8> prov:wasDerivedFrom {SRC} }}")
