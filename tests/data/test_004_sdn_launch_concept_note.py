"""Coverage of seed document 004: the concept note (as of 8 November 2021) for the launching ceremony
of the South-South Cooperation Skills Development Network, 10 November 2021, 14.00-17.00 Bangkok time
(GMT+7), on ZOOM.

Every expected value below is copied from the document (shared/seeds/004_3fd03f0991e04194.txt), not
from data/. Queries use BASE so that entity IRIs read as in the data files.
"""

from __future__ import annotations

import pytest

from .idquery import ask_relative as ask
from .idquery import select_relative as select

SRC = "<source/sdn-launch-concept-note-2021>"
EVENT = "<event/sdn-launch-2021>"
NETWORK = "<organization/skills-development-network>"
PROJECT = "<project/skills-development-asean>"
AS_OF = '"2021-11-10"^^xsd:date'


def dt(hhmm: str) -> str:
    return f'"2021-11-10T{hhmm}:00+07:00"^^xsd:dateTime'


# ---------------------------------------------------------------- "5. Participants" (tentative list)
# (list number as printed, organisation as printed without the acronym, acronym, country column)
PARTICIPANTS = [
    (1, "Ministry of Labour and Vocational Training", None, "Cambodia"),
    (2, "National Polytechnic Institute of Cambodia", "NPIC", "Cambodia"),
    (3, "National Polytechnic Institute of Angkor", "NPIA", "Cambodia"),
    (4, "Preah Sihanouk Cambodia China Friendship Polytechnic Institute", "PCCFPI", "Cambodia"),
    (5, "Ministry of Labour and Social Welfare", None, "Lao PDR"),
    (6, "Lao-Korea Skills Development Institute", None, "Lao PDR"),
    (7, "Champasak provincial Skills Development Center", None, "Lao PDR"),
    (8, "Vientiane Capital Skills Development Center", None, "Lao PDR"),
    (9, "Lao-German Technical College", None, "Lao PDR"),
    (10, "Lao Women Union (Training Center)", None, "Lao PDR"),
    (11, "Vocational Education Development Institute", None, "Lao PDR"),
    (12, "Vetsaphong Technical and Vocational School", None, "Lao PDR"),
    (13, "Center for Vocational Training", "CVT", "Myanmar"),
    (14, "Ministry of Human Resources and Social Security", None, "China"),
    (15, "Yunnan Technician College", None, "China"),
    (16, "Yunnan Advanced Technical School of Electronic Information", None, "China"),
    (18, "Baoshan Technician College", None, "China"),
    (18, "Guangzhou Industry and Trade Technician College", None, "China"),
    (19, "Dongguan Technician College", None, "China"),
    (20, "Guangxi Industrial Technician College", None, "China"),
    (21, "Guangxi Technician College of Machinery and Electricity", None, "China"),
    (22, "Hangzhou Technician Institute", None, "China"),
    (23, "Wuxi Technician College", None, "China"),
    (24, "Hainan Technician College", None, "China"),
    (25, "Regional Office for Asia and the Pacific", None, "ILO"),
    (26, "Country Office for Thailand, Cambodia and Lao PDR", None, "ILO"),
    (27, "ILO DWT for East and South-East Asia and the Pacific", None, "ILO"),
    (28, "ILO Joint Projects Office (Cambodia)", None, "ILO"),
    (29, "ILO Office in Vientiane, Lao PDR", None, "ILO"),
    (30, "ILO Liaison Office in Myanmar", None, "ILO"),
]
COUNTRY = {"Cambodia": "khm", "Lao PDR": "lao", "Myanmar": "mmr", "China": "chn"}
NAME = "(rdfs:label|skos:prefLabel|skos:altLabel)"


def org_named(name: str) -> str:
    """A graph pattern binding ?org to the organisation with this English name."""
    return f'?org {NAME} ?name . FILTER (STR(?name) = "{name}" && LANG(?name) = "en")'


def test_the_list_has_thirty_rows_and_numbers_18_twice() -> None:
    assert len(PARTICIPANTS) == 30
    assert [n for n, *_ in PARTICIPANTS].count(18) == 2
    assert 17 not in [n for n, *_ in PARTICIPANTS]


@pytest.mark.parametrize(("number", "name", "acronym", "country"), PARTICIPANTS)
def test_participant_is_an_attendee_of_the_launch(kg, number, name, acronym, country) -> None:
    assert ask(
        kg,
        f"ASK {{ {org_named(name)} {EVENT} schema:attendee ?org . ?org a ?class . "
        f"?class rdfs:subClassOf* org:Organization . }}",
    ), name


@pytest.mark.parametrize(("number", "name", "acronym", "country"), PARTICIPANTS)
def test_participant_has_its_list_number_and_tentative_role(
    kg, number, name, acronym, country
) -> None:
    assert ask(
        kg,
        f"""ASK {{ {org_named(name)}
        {EVENT} prov:qualifiedAssociation ?a .
        ?a prov:agent ?org ;
           prov:hadRole <concept/event-role/tentative-participant> ;
           schema:position {number} ;
           prov:wasDerivedFrom {SRC} .
    }}""",
    ), name


@pytest.mark.parametrize(
    ("number", "name", "acronym", "country"), [p for p in PARTICIPANTS if p[3] != "ILO"]
)
def test_participant_country(kg, number, name, acronym, country) -> None:
    assert ask(
        kg, f"ASK {{ {org_named(name)} ?org ilokg:basedIn <country/{COUNTRY[country]}> . }}"
    ), name


@pytest.mark.parametrize(
    ("number", "name", "acronym", "country"), [p for p in PARTICIPANTS if p[3] == "ILO"]
)
def test_ilo_participants_are_ilo_units(kg, number, name, acronym, country) -> None:
    assert ask(
        kg,
        f"ASK {{ {org_named(name)} ?org (org:unitOf|org:subOrganizationOf)+ <organization/ilo> . }}",
    ), name


@pytest.mark.parametrize(
    ("number", "name", "acronym", "country"), [p for p in PARTICIPANTS if p[2]]
)
def test_participant_acronym(kg, number, name, acronym, country) -> None:
    assert ask(kg, f'ASK {{ {org_named(name)} ?org skos:altLabel "{acronym}"@en . }}'), name


def test_thirty_distinct_attendees_and_thirty_list_entries(kg) -> None:
    rows = select(
        kg, f"SELECT (COUNT(DISTINCT ?org) AS ?n) WHERE {{ {EVENT} schema:attendee ?org }}"
    )
    assert rows[0]["n"] == "30"
    rows = select(
        kg,
        f"""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{
        {EVENT} prov:qualifiedAssociation ?a .
        ?a prov:hadRole <concept/event-role/tentative-participant> }}""",
    )
    assert rows[0]["n"] == "30"
    numbers = [
        r["p"]
        for r in select(
            kg,
            f"""SELECT ?a ?p WHERE {{
        {EVENT} prov:qualifiedAssociation ?a . ?a schema:position ?p }}""",
        )
    ]
    assert sorted(int(p) for p in numbers) == sorted(n for n, *_ in PARTICIPANTS)


def test_institutes_are_classified(kg) -> None:
    for name, concept in [
        ("Ministry of Labour and Vocational Training", "ministry"),
        ("Ministry of Labour and Social Welfare", "ministry"),
        ("National Polytechnic Institute of Cambodia", "tvet-institute"),
        ("Yunnan Technician College", "tvet-institute"),
        ("Vientiane Capital Skills Development Center", "skills-development-centre"),
    ]:
        assert ask(
            kg,
            f"ASK {{ {org_named(name)} ?org org:classification <concept/organization-type/{concept}> }}",
        ), name


def test_lao_women_union_training_center_is_a_unit_of_the_union(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {org_named("Lao Women Union (Training Center)")}
        ?org org:unitOf ?union . ?union rdfs:label "Lao Women Union"@en ; ilokg:basedIn <country/lao> }}""",
    )


def test_list_participants_are_not_stated_as_network_members(kg) -> None:
    # The list is of (tentative) participants of the launch; 004 names no member of the Network.
    assert not ask(kg, f"ASK {{ {NETWORK} org:hasMember ?m . {EVENT} schema:attendee ?m }}")


# ---------------------------------------------------------------- the event: date, time, place, kind


def test_launch_event_kind_label_and_times(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {EVENT} a ilokg:Event ;
        rdfs:label "Launching Ceremony of South-South Cooperation Skills Development Network"@en ;
        dct:type <concept/event-type/launch-ceremony> ;
        ilokg:startDate {dt("14:00")} ;
        ilokg:endDate {dt("17:00")} ;
        prov:wasDerivedFrom {SRC} . }}""",
    )


def test_launch_is_online_via_zoom(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {EVENT} schema:location ?place .
        ?place a schema:VirtualLocation ; {NAME} ?label .
        FILTER (CONTAINS(LCASE(STR(?label)), "zoom")) }}""",
    )


def test_launch_is_about_the_network_and_the_project(kg) -> None:
    assert ask(kg, f"ASK {{ {EVENT} schema:about {NETWORK} , {PROJECT} }}")


def test_launch_is_held_by_the_ilo(kg) -> None:
    assert ask(kg, f"ASK {{ {EVENT} schema:organizer <organization/ilo> }}")


def test_launch_objectives(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {EVENT} dct:description ?d .
        FILTER (CONTAINS(?d, "To build forward better and implement ILO Decent Work Country Programmes")
             && CONTAINS(?d, "To promote skills development, reskilling, upskilling through South-South and Cooperation")) }}""",
    )
    assert ask(
        kg,
        f"""ASK {{ {EVENT} ilokg:initiative ?dwcp , <initiative/asean-tvet-council-initiative> .
        ?dwcp skos:prefLabel ?l . FILTER (CONTAINS(STR(?l), "Decent Work Country Programmes")) }}""",
    )


# ---------------------------------------------------------------- "6. Provisional Agenda"
AGENDA = [
    ("Registration", "13:30", "14:00"),
    ("Welcoming remarks", "14:00", "14:30"),
    ("Power of Networking", "14:30", "15:00"),
    ("Our Workplan", "15:00", "15:30"),
    ("Discussion", "15:30", "16:30"),
    ("Closing session", "16:30", "17:00"),
]


@pytest.mark.parametrize(("title", "start", "end"), AGENDA)
def test_agenda_session_times_in_bangkok_time(kg, title, start, end) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?s schema:superEvent {EVENT} ;
        a ilokg:Event ;
        rdfs:label ?l ;
        ilokg:startDate {dt(start)} ;
        ilokg:endDate {dt(end)} ;
        prov:wasDerivedFrom {SRC} .
        FILTER (CONTAINS(STR(?l), "{title}")) }}""",
    ), title


def test_session_iris_follow_the_agenda_numbering(kg) -> None:
    for frag, title in [
        ("session-1", "Power of Networking"),
        ("session-2", "Our Workplan"),
        ("session-3", "Discussion"),
    ]:
        assert ask(
            kg,
            f'ASK {{ <event/sdn-launch-2021#{frag}> rdfs:label ?l . FILTER (CONTAINS(STR(?l), "{title}")) }}',
        )


def test_group_photo_in_the_welcoming_block(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?photo schema:superEvent+ {EVENT} ; rdfs:label "Group Photo"@en ;
        prov:wasDerivedFrom {SRC} }}""",
    )


def test_bilateral_tvet_sessions_have_no_date(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?s schema:superEvent {EVENT} ;
        rdfs:label "Bilateral TVET institutions Sessions"@en ;
        dct:type <concept/event-type/bilateral-meeting> .
        FILTER NOT EXISTS {{ ?s ilokg:startDate ?d }} }}""",
    )


# ---------------------------------------------------------------- speakers, roles, posts
# (name as written, honorific, role, agenda block, on behalf of)
SPEAKERS = [
    ("Panudda Boonpala", "Ms", "welcoming-remarks", "Welcoming remarks", "ilo-roap"),
    ("Panudda Boonpala", "Ms", "opening-remarks", "Welcoming remarks", "ilo-roap"),
    ("TANG Tao", "H.E.", "welcoming-remarks", "Welcoming remarks", "mohrss"),
    ("TANG Tao", "H.E.", "opening-remarks", "Welcoming remarks", "mohrss"),
    ("Pich Sophoan", "H.E.", "welcoming-remarks", "Welcoming remarks", "molvt"),
    ("Pich Sophoan", "H.E.", "opening-remarks", "Welcoming remarks", "molvt"),
    ("Phongxaysack INTHARATH", "H.E.", "welcoming-remarks", "Welcoming remarks", "molsw"),
    ("Phongxaysack INTHARATH", "H.E.", "opening-remarks", "Welcoming remarks", "molsw"),
    ("Yutong Liu", "Mr", "introduction", "Power of Networking", "ilo"),
    ("Ma Hezu", "Mr", "introduction", "Power of Networking", "mohrss-dic"),
    ("Julien Magnat", "Mr", "presentation", "Our Workplan", "ilo-dwt-bangkok"),
    ("Donglin Li", "Mr", "summing-up", "Discussion", "ilo-liaison-office-myanmar"),
    ("Hao Bin", "Mr", "closing-remarks", "Closing session", "mohrss-dic"),
    ("Graeme Buckley", "Mr", "closing-remarks", "Closing session", "ilo"),
]


@pytest.mark.parametrize(("name", "honorific", "role", "block", "org"), SPEAKERS)
def test_speaker_role_and_organisation(kg, name, honorific, role, block, org) -> None:
    assert ask(
        kg,
        f"""ASK {{
        ?session schema:superEvent {EVENT} ; rdfs:label ?l ; prov:qualifiedAssociation ?a .
        FILTER (CONTAINS(STR(?l), "{block}"))
        ?a prov:agent ?p ;
           prov:hadRole <concept/event-role/{role}> ;
           ilokg:onBehalfOf <organization/{org}> ;
           prov:wasDerivedFrom {SRC} .
        ?p a foaf:Person ; foaf:name "{name}" ; schema:honorificPrefix "{honorific}" ;
           prov:wasDerivedFrom {SRC} .
    }}""",
    ), (name, role)


DISCUSSANTS = [
    "Ministry of Labour and Vocational Training",
    "Ministry of Labour and Social Welfare",
    "Ministry of Human Resources and Social Security",
    "Yunnan Technician College",
    "Guangzhou Industry and Trade Technician College",
]


@pytest.mark.parametrize("name", DISCUSSANTS)
def test_discussion_session_comments_by_organisations(kg, name) -> None:
    assert ask(
        kg,
        f"""ASK {{ {org_named(name)}
        <event/sdn-launch-2021#session-3> prov:qualifiedAssociation ?a .
        ?a prov:agent ?org ; prov:hadRole <concept/event-role/discussant> . }}""",
    ), name


# (name, post label as written, organisation, role)
POSTS = [
    ("Panudda Boonpala", "Deputy Regional Director", "ilo-roap", "deputy-regional-director"),
    ("TANG Tao", "Vice Minister of Human Resources and Social Security", "mohrss", "vice-minister"),
    (
        "Pich Sophoan",
        "Minister Delegate Attached to the Prime Minister",
        "molvt",
        "minister-delegate",
    ),
    ("Pich Sophoan", "Permanent Secretary of State", "molvt", "permanent-secretary"),
    (
        "Phongxaysack INTHARATH",
        "Vice Minister of Labour and Social Welfare",
        "molsw",
        "vice-minister",
    ),
    (
        "Yutong Liu",
        "Project Manager and Coordinator, ILO-China Partnership Programme",
        "ilo",
        "project-manager",
    ),
    (
        "Ma Hezu",
        "Deputy Director General, Department of International Cooperation",
        "mohrss-dic",
        "deputy-director-general",
    ),
    ("Julien Magnat", "Employability and Skills Specialist", "ilo-dwt-bangkok", "specialist"),
    (
        "Donglin Li",
        "ILO Liaison Officer for Myanmar",
        "ilo-liaison-office-myanmar",
        "liaison-officer",
    ),
    (
        "Hao Bin",
        "Director General, Department of International Cooperation",
        "mohrss-dic",
        "director-general",
    ),
    (
        "Graeme Buckley",
        "Director of ILO Decent Work Team for East and South-East Asia and the Pacific",
        "ilo-dwt-bangkok",
        "director",
    ),
    (
        "Graeme Buckley",
        "Director of ILO Country Office for Thailand, Cambodia and Lao PDR",
        "ilo-co-bangkok",
        "director",
    ),
]


@pytest.mark.parametrize(("name", "post", "org", "role"), POSTS)
def test_post_held_on_the_event_date(kg, name, post, org, role) -> None:
    assert ask(
        kg,
        f"""ASK {{
        ?p foaf:name "{name}" .
        ?m a org:Membership ;
           org:member ?p ;
           org:organization <organization/{org}> ;
           org:role <concept/role/{role}> ;
           ilokg:post ?post ;
           ilokg:asOf {AS_OF} ;
           prov:wasDerivedFrom {SRC} .
        ?post a org:Post ; rdfs:label ?l ; org:postIn <organization/{org}> ; org:role <concept/role/{role}> .
        FILTER (CONTAINS(STR(?l), "{post}"))
    }}""",
    ), (name, post)


def test_graeme_buckley_holds_two_posts(kg) -> None:
    rows = select(
        kg,
        f"""SELECT DISTINCT ?post WHERE {{
        ?m org:member ?p ; ilokg:post ?post ; ilokg:asOf {AS_OF} . ?p foaf:name "Graeme Buckley" }}""",
    )
    assert len(rows) == 2


# ---------------------------------------------------------------- the Network and its workplans


def test_network_names_and_launch_date(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {NETWORK} a org:Organization ;
        skos:prefLabel "South-South Cooperation Skills Development Network"@en ;
        skos:altLabel "Skills Development Network"@en ,
                      "Skills Development Network through South-South Cooperation"@en ;
        org:classification <concept/organization-type/network> ;
        ilokg:establishedOn "2021-11-10"^^xsd:date ;
        prov:wasDerivedFrom {SRC} . }}""",
    )


def test_workplan_2020_2021_to_be_adopted_at_the_launch(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?w rdfs:label "Workplan of the Network for 2020-2021"@en ;
        schema:about {NETWORK} ;
        ilokg:startDate "2020"^^xsd:gYear ; ilokg:endDate "2021"^^xsd:gYear ;
        prov:wasDerivedFrom {SRC} .
        {EVENT} schema:about ?w . }}""",
    )


def test_workplan_2022_presented_in_session_2(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?w rdfs:label "Workplan 2022 of the Network"@en ;
        schema:about {NETWORK} ; ilokg:startDate "2022"^^xsd:gYear ; prov:wasDerivedFrom {SRC} .
        <event/sdn-launch-2021#session-2> schema:about ?w . }}""",
    )


def test_pair_cooperation_workplan(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?w schema:about {NETWORK} ; dct:description ?d ; prov:wasDerivedFrom {SRC} .
        FILTER (CONTAINS(?d, "curriculum development") && CONTAINS(?d, "Training of Trainers")
             && CONTAINS(?d, "exchange programmes for trainers and trainees")) }}""",
    )


# ---------------------------------------------------------------- the project (section 1, context)


def test_project_title_as_written(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} skos:altLabel "ILO-China Project on Strengthening Skills Development in Cambodia, Lao PDR and Myanmar through South-South and Triangular Cooperation Project"@en ;
        prov:wasDerivedFrom {SRC} . }}""",
    )


@pytest.mark.parametrize(
    "name",
    [
        "ILO/China Partnership Project",  # letterhead
        "ILO/China Partnership Programme",  # "ILO/China Partnership Programme will hold a virtual Launch"
        "ILO-China Partnership Programme",  # "the ILO-China Partnership Programme will compile a workplan"
    ],
)
def test_project_other_names(kg, name) -> None:
    assert ask(kg, f'ASK {{ {PROJECT} skos:altLabel "{name}"@en }}'), name


def test_project_ilo_and_mohrss_as_development_partner(kg) -> None:
    # "Both the ILO and the Ministry of Human Resources and Social Security of China (Development
    # Partner) commit to continued technical support to tripartite constituents"
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} ilokg:implementedBy <organization/ilo> ;
        ilokg:partner <organization/mohrss> ; prov:wasDerivedFrom {SRC} }}""",
    )


def test_project_focus_countries_clm(kg) -> None:
    for iso in ("khm", "lao", "mmr"):
        assert ask(kg, f"ASK {{ {PROJECT} ilokg:beneficiaryCountry <country/{iso}> }}"), iso


def test_project_aim(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} dct:description ?d .
        FILTER (CONTAINS(?d, "improve the employability of workers and increase the productivity of enterprises")) }}""",
    )


@pytest.mark.parametrize(
    ("number", "text"),
    [
        (1, "linking technical and vocational training to current labour market mechanisms"),
        (2, "developing skills qualification and competences standards"),
        (3, "promoting knowledge sharing on skills development between TVET institutions"),
    ],
)
def test_project_key_areas(kg, number, text) -> None:
    assert ask(
        kg,
        f"""ASK {{ {PROJECT} ilokg:pillar ?k . ?k a ilokg:Pillar ; rdfs:label ?l ;
        schema:position {number} ; prov:wasDerivedFrom {SRC} .
        FILTER (STRSTARTS(STR(?l), "{text}")) }}""",
    ), text


def test_project_initiatives(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ {PROJECT}
        ilokg:initiative <initiative/asean-tvet-council-initiative> ,
                         <initiative/south-south-and-triangular-cooperation> ,
                         <initiative/decent-work-country-programmes> . }}""",
    )


def test_project_needs_validation_consultations(kg) -> None:
    assert ask(
        kg,
        f"""ASK {{ ?c a ilokg:Event ; rdfs:label "Project Needs Validation consultations"@en ;
        dct:isPartOf {PROJECT} ; prov:wasDerivedFrom {SRC} . }}""",
    )


# ---------------------------------------------------------------- provenance


def test_every_node_of_the_launch_event_is_sourced(kg) -> None:
    rows = select(
        kg,
        f"""SELECT ?s WHERE {{
        ?s ?p ?o .
        FILTER (STRSTARTS(STR(?s), "https://w3id.org/ilo-china-kg/id/event/sdn-launch-2021"))
        FILTER NOT EXISTS {{ ?s prov:wasDerivedFrom {SRC} }} }}""",
    )
    assert rows == []


def test_every_participant_speaker_post_and_membership_is_sourced(kg) -> None:
    rows = select(
        kg,
        f"""SELECT DISTINCT ?x WHERE {{
        {{ {EVENT} schema:attendee ?x }}
        UNION {{ ?s schema:superEvent {EVENT} ; prov:qualifiedAssociation/prov:agent ?x }}
        UNION {{ ?x org:member ?p . ?s schema:superEvent {EVENT} ; prov:qualifiedAssociation/prov:agent ?p .
                 ?x prov:wasDerivedFrom {SRC} }}
        UNION {{ ?m ilokg:asOf {AS_OF} ; ilokg:post ?x }}
        FILTER NOT EXISTS {{ ?x prov:wasDerivedFrom {SRC} }} }}""",
    )
    assert rows == []


def test_every_hash_node_of_the_network_and_project_is_sourced(kg) -> None:
    rows = select(
        kg,
        """SELECT ?s WHERE {
        ?s ?p ?o .
        FILTER (STRSTARTS(STR(?s), "https://w3id.org/ilo-china-kg/id/organization/skills-development-network#")
             || STRSTARTS(STR(?s), "https://w3id.org/ilo-china-kg/id/project/skills-development-asean#"))
        FILTER NOT EXISTS { ?s prov:wasDerivedFrom ?src . ?src a ilokg:SourceDocument } }""",
    )
    assert rows == []


# Every entity 004 names beyond the participants, speakers, posts and memberships checked above, each
# read off the document.
ENTITIES = [
    "organization/ilo",  # letterhead, "International Labour Organization (ILO)"
    "organization/mohrss",  # Development Partner
    "organization/mohrss-dic",  # Department of International Cooperation, MOHRSS
    "organization/asean",  # "ASEAN member states", "ASEAN TVET Council Initiative"
    "organization/lao-women-union",  # "Lao Women Union (Training Center)"
    "organization/lao-women-union-training-center",
    "organization/skills-development-network",
    "project/skills-development-asean",
    "event/sdn-launch-2021",
    "country/khm",  # Cambodia
    "country/lao",  # Lao PDR
    "country/mmr",  # Myanmar
    "country/chn",  # China
    "country/tha",  # Country Office for Thailand, Cambodia and Lao PDR
    "place/asean-region",  # ASEAN member states
    "place/vientiane",  # ILO Office in Vientiane, Lao PDR
    "place/bangkok",  # Bangkok Time
    "place/zoom-online",  # Online Meeting via ZOOM
    "initiative/south-south-and-triangular-cooperation",
    "initiative/decent-work-country-programmes",
    "initiative/asean-tvet-council-initiative",
]


@pytest.mark.parametrize("entity", ENTITIES)
def test_every_entity_named_has_this_source(kg, entity) -> None:
    assert ask(kg, f"ASK {{ <{entity}> prov:wasDerivedFrom {SRC} }}"), entity


def test_initiatives_named_by_004_and_linked(kg) -> None:
    # "In supporting ILO Decent Work Country Programmes in project beneficiary countries, and ASEAN
    # TVET Council Initiative ..."; "through South-South and Triangular Cooperation".
    for initiative in (
        "decent-work-country-programmes",
        "asean-tvet-council-initiative",
        "south-south-and-triangular-cooperation",
    ):
        assert ask(
            kg,
            f"""ASK {{ {PROJECT} ilokg:initiative <initiative/{initiative}> .
            {EVENT} ilokg:initiative <initiative/{initiative}> }}""",
        ), initiative
