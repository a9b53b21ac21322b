#!/usr/bin/env python3
"""Deterministic synthetic knowledge graphs shaped like ilokg's, for the benchmarks.

    python bench/generate.py --triples 100000 --out /tmp/kg100k [--seed 7]

writes a knowledge root that `ilokg build --root /tmp/kg100k` accepts:

    ontology/   copied from the repository (classes, properties, SKOS vocabularies)
    shapes/     copied from the repository (so `ilokg validate --root` checks the real shapes)
    queries/    copied from the repository (the canned-query catalogue, when there is one)
    data/       generated: sources, places, organisations (with units and posts), people (with
                memberships), agreements (with signings, signatories, contributions), projects (with
                pillars, extensions, contributions and indicator observations), events (with
                sessions and role nodes) -- every entity and every hash node with
                prov:wasDerivedFrom, as docs/data-model.md prescribes.

The same seed, size and ontology give byte-identical files. Concept IRIs (themes, roles, indicator,
units, ...) are read from the copied ontology/vocab, so the output follows the vocabularies as they
are. A few entities carry the slugs of real ones (organization/ilo, country/chn,
project/prossce-asean, ...) so that canned-query defaults name something that exists.

Aggregates are written in batch files (`data/projects/projects-0001.ttl`, 50 aggregates per file
by default; `--per-file 1` gives one file per aggregate like the curated data/).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/ilo-china-kg/id/"

PREFIXES = """@base <https://w3id.org/ilo-china-kg/id/> .
@prefix dct:    <http://purl.org/dc/terms/> .
@prefix foaf:   <http://xmlns.com/foaf/0.1/> .
@prefix ilokg:  <https://w3id.org/ilo-china-kg/def/ilokg#> .
@prefix org:    <http://www.w3.org/ns/org#> .
@prefix owl:    <http://www.w3.org/2002/07/owl#> .
@prefix prov:   <http://www.w3.org/ns/prov#> .
@prefix rdfs:   <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <http://schema.org/> .
@prefix skos:   <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:    <http://www.w3.org/2001/XMLSchema#> .

"""

# Real slugs first, so that canned-query defaults resolve on synthetic data.
ANCHOR_ORGS = [
    "ilo", "mohrss", "acftu", "asean", "government-of-china", "ministry-of-transport",
    "ministry-of-emergency-management", "un-desa", "united-nations", "molsw", "molvt", "brics",
]
ANCHOR_NETWORKS = ["skills-development-network", "brics-network-of-labour-research-institutes"]
ANCHOR_PEOPLE = [
    "gilbert-f-houngbo", "xi-jinping", "yu-jiadong", "chihoko-asada-miyakawa", "graeme-buckley",
    "anita-amorim", "julien-magnat", "peter-van-rooij", "panudda-boonpala", "tang-tao",
]
ANCHOR_AGREEMENTS = [
    "sstc-partnership-agreement", "sstc-partnership-agreement-amendment",
    "gdi-ssc-employment-agreement-2022", "gdi-ssc-social-protection-agreement-2023",
    "ilo-mohrss-mou-2019", "ilo-acftu-mou-2019", "china-dwcp-2016", "china-dwcp-2023-2025",
]
ANCHOR_PROJECTS = [
    "prossce-asean", "skills-development-asean", "gdi-ssc-employment-asean",
    "social-protection-gdi", "maritime-labour-convention-china",
]
ANCHOR_EVENTS = ["sdn-launch-2021", "prossce-asean-3rd-psc-meeting", "asia-and-the-pacific-regional-meeting-2022"]
ANCHOR_SOURCES = [
    ("ilo-china-bolster-asean-skills", "000_66a8640dee1daf8d.txt"),
    ("china-ilo-sign-partnership-agreement-2022", "001_8d3ac251cbde2b58.txt"),
    ("china-ilo-cooperation-2024", "002_d1a795d75590b0e2.txt"),
    ("prossce-asean-3rd-psc-meeting", "003_7d6c6e4a9e3a915c.txt"),
    ("sdn-launch-concept-note-2021", "004_3fd03f0991e04194.txt"),
]
COUNTRIES = [
    ("CHN", "CN", "China", "中国", "Q148"), ("KHM", "KH", "Cambodia", "柬埔寨", "Q424"),
    ("LAO", "LA", "Lao PDR", "老挝", "Q819"), ("MMR", "MM", "Myanmar", "缅甸", "Q836"),
    ("THA", "TH", "Thailand", "泰国", "Q869"), ("VNM", "VN", "Viet Nam", "越南", "Q881"),
    ("IDN", "ID", "Indonesia", "印度尼西亚", "Q252"), ("PHL", "PH", "Philippines", "菲律宾", "Q928"),
    ("MYS", "MY", "Malaysia", "马来西亚", "Q833"), ("SGP", "SG", "Singapore", "新加坡", "Q334"),
    ("BRN", "BN", "Brunei Darussalam", "文莱", "Q921"), ("MNG", "MN", "Mongolia", "蒙古", "Q711"),
    ("ETH", "ET", "Ethiopia", "埃塞俄比亚", "Q115"), ("KEN", "KE", "Kenya", "肯尼亚", "Q114"),
    ("ZAF", "ZA", "South Africa", "南非", "Q258"), ("BRA", "BR", "Brazil", "巴西", "Q155"),
    ("IND", "IN", "India", "印度", "Q668"), ("RUS", "RU", "Russian Federation", "俄罗斯", "Q159"),
    ("CHE", "CH", "Switzerland", "瑞士", "Q39"), ("PAK", "PK", "Pakistan", "巴基斯坦", "Q843"),
]
REGIONS = [
    ("asean-region", "ASEAN region"), ("asia-and-the-pacific", "Asia and the Pacific"),
    ("africa", "Africa"), ("south-east-asia", "South-East Asia"), ("east-asia", "East Asia"),
    ("global-south", "Global South"),
]

WORDS_ADJ = [
    "Decent", "Inclusive", "Sustainable", "Green", "Digital", "Resilient", "Regional", "National",
    "Integrated", "Innovative", "Fair", "Modern", "Safe", "Productive", "Rural", "Urban",
    "Cross-border", "Youth", "Women's", "Strategic",
]
WORDS_TOPIC = [
    "Skills", "Employment", "Social Protection", "Occupational Safety", "Maritime Labour",
    "Labour Migration", "Vocational Training", "Apprenticeship", "Entrepreneurship",
    "Public Employment Services", "Labour Inspection", "Wage Policy", "Social Dialogue",
    "Labour Market Information", "Just Transition", "Care Economy", "Informal Economy",
    "Rural Development", "Industrial Relations", "Resilience",
]
WORDS_NOUN = [
    "Programme", "Initiative", "Partnership", "Facility", "Project", "Platform", "Network",
    "Action Plan", "Capacity Building", "Cooperation",
]
SYLLABLES = ["ka", "lo", "mi", "an", "ra", "to", "se", "vu", "ne", "po", "li", "da", "ze", "shi", "ta", "ru"]
ZH = "国际劳工组织合作技能发展就业社会保障职业安全健康培训中心网络项目协定部委员会研究院大学"
HONORIFICS = ["Mr", "Ms", "H.E.", "Dr"]
GIVEN = ["Wei", "Li", "Anna", "Somchai", "Nguyen", "Maria", "Chen", "Sok", "Aung", "Fatima",
         "John", "Mei", "Thida", "Kofi", "Ravi", "Olga", "Juan", "Yuki", "Ahmed", "Sara"]
FAMILY = ["Zhang", "Wang", "Phan", "Sopheak", "Khin", "Santos", "Okafor", "Müller", "Silva",
          "Kumar", "Tanaka", "Ivanova", "Mensah", "Garcia", "Liu", "Chanthavong", "Tran", "Lee"]


def esc(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def lit(text: str, lang: str | None = "en") -> str:
    return f'"{esc(text)}"@{lang}' if lang else f'"{esc(text)}"'


def typed(text: str, dtype: str) -> str:
    return f'"{text}"^^xsd:{dtype}'


@dataclass
class Vocab:
    """Concept IRIs (relative, like `<concept/theme/tvet>`) per scheme, read from ontology/vocab."""

    schemes: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, ontology: Path) -> Vocab:
        import pyoxigraph as ox

        store = ox.Store()
        for f in sorted(ontology.rglob("*.ttl")):
            store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE, base_iri=BASE)
        schemes: dict[str, list[str]] = {}
        q = (
            "SELECT ?c ?s WHERE { ?c <http://www.w3.org/2004/02/skos/core#inScheme> ?s . "
            "?c a <http://www.w3.org/2004/02/skos/core#Concept> } ORDER BY ?s ?c"
        )
        for row in store.query(q):
            c, s = row["c"].value, row["s"].value
            if not (c.startswith(BASE) and s.startswith(BASE)):
                continue
            schemes.setdefault(s[len(BASE):].split("/", 1)[-1], []).append(f"<{c[len(BASE):]}>")
        return cls(schemes)

    def get(self, scheme: str) -> list[str]:
        found = self.schemes.get(scheme)
        if not found:
            raise SystemExit(f"generate: the ontology has no concepts in <scheme/{scheme}>")
        return found

    def pick(self, scheme: str, slug: str) -> str:
        """The concept with this slug if the scheme has it, else its first concept."""
        items = self.get(scheme)
        for c in items:
            if c.rstrip(">").endswith("/" + slug):
                return c
        return items[0]


class Writer:
    """Writes Turtle blocks into batch files and counts triples."""

    def __init__(self, root: Path | None, per_file: int) -> None:
        self.root = root
        self.per_file = per_file
        self.triples = 0
        self.files = 0
        self._open: dict[str, tuple[int, int, list[str]]] = {}  # kind -> (file no, aggregates, chunks)

    def block(self, subject: str, types: list[str], props: list[tuple[str, list[str]]]) -> str:
        lines = [f"{subject} a {' , '.join(types)}"]
        self.triples += len(types)
        for pred, objs in props:
            if not objs:
                continue
            self.triples += len(objs)
            lines.append(f"    {pred} {' , '.join(objs)}")
        return " ;\n".join(lines) + " .\n"

    def aggregate(self, kind: str, text: str) -> None:
        no, count, chunks = self._open.get(kind, (1, 0, []))
        chunks.append(text)
        count += 1
        if count >= self.per_file:
            self._flush(kind, no, chunks)
            self._open[kind] = (no + 1, 0, [])
        else:
            self._open[kind] = (no, count, chunks)

    def _flush(self, kind: str, no: int, chunks: list[str]) -> None:
        if not chunks:
            return
        self.files += 1
        if self.root is None:
            return
        folder = self.root / "data" / kind
        folder.mkdir(parents=True, exist_ok=True)
        name = f"{kind}-{no:04d}.ttl" if self.per_file > 1 else f"{kind}-{no:06d}.ttl"
        (folder / name).write_text(PREFIXES + "\n".join(chunks), encoding="utf-8")

    def close(self) -> None:
        for kind, (no, _count, chunks) in sorted(self._open.items()):
            self._flush(kind, no, chunks)
        self._open.clear()


@dataclass
class Sizes:
    projects: int

    @property
    def orgs(self) -> int:
        return max(len(ANCHOR_ORGS) + 4, self.projects // 4)

    @property
    def networks(self) -> int:
        return max(len(ANCHOR_NETWORKS), self.projects // 200)

    @property
    def people(self) -> int:
        return max(len(ANCHOR_PEOPLE) + 4, self.projects // 2)

    @property
    def agreements(self) -> int:
        return max(len(ANCHOR_AGREEMENTS) + 2, self.projects // 5)

    @property
    def events(self) -> int:
        return max(len(ANCHOR_EVENTS) + 2, self.projects // 4)

    @property
    def sources(self) -> int:
        return max(len(ANCHOR_SOURCES) + 5, self.projects // 10)

    @property
    def countries(self) -> int:
        return min(400, max(len(COUNTRIES), 20 + self.projects // 40))

    @property
    def cities(self) -> int:
        return self.countries * 2


def _name(rng: random.Random, parts: int = 3) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _zh(rng: random.Random, n: int = 6) -> str:
    return "".join(rng.choice(ZH) for _ in range(n))


def _slugify(text: str) -> str:
    out = "".join(ch.lower() if ch.isalnum() else "-" for ch in text)
    while "--" in out:
        out = out.replace("--", "-")
    return out.strip("-")


def _date(rng: random.Random, year: int) -> str:
    kind = rng.random()
    if kind < 0.4:
        return typed(str(year), "gYear")
    if kind < 0.7:
        return typed(f"{year}-{rng.randint(1, 12):02d}", "gYearMonth")
    return typed(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date")


class Generator:
    def __init__(self, sizes: Sizes, vocab: Vocab, writer: Writer, seed: int) -> None:
        self.s = sizes
        self.v = vocab
        self.w = writer
        self.seed = seed
        self.sources = [f"<source/{slug}>" for slug, _ in ANCHOR_SOURCES] + [
            f"<source/doc-{i:06d}>" for i in range(sizes.sources - len(ANCHOR_SOURCES))
        ]
        codes = [c[0].lower() for c in COUNTRIES]
        rng = random.Random(f"{seed}-codes")
        seen = set(codes)
        while len(codes) < sizes.countries:
            code = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3))
            if code not in seen:
                seen.add(code)
                codes.append(code)
        self.country_codes = codes
        self.countries = [f"<country/{c}>" for c in codes]
        self.regions = [f"<place/{slug}>" for slug, _ in REGIONS]
        self.cities = [f"<place/city-{i:05d}>" for i in range(sizes.cities)]
        self.online = "<place/zoom-online>"
        self.orgs = [f"<organization/{s}>" for s in ANCHOR_ORGS] + [
            f"<organization/org-{i:06d}>" for i in range(sizes.orgs - len(ANCHOR_ORGS))
        ]
        self.networks = [f"<organization/{s}>" for s in ANCHOR_NETWORKS] + [
            f"<organization/network-{i:04d}>" for i in range(sizes.networks - len(ANCHOR_NETWORKS))
        ]
        self.people = [f"<person/{s}>" for s in ANCHOR_PEOPLE] + [
            f"<person/person-{i:06d}>" for i in range(sizes.people - len(ANCHOR_PEOPLE))
        ]
        self.agreements = [f"<agreement/{s}>" for s in ANCHOR_AGREEMENTS] + [
            f"<agreement/agreement-{i:06d}>" for i in range(sizes.agreements - len(ANCHOR_AGREEMENTS))
        ]
        self.projects = [f"<project/{s}>" for s in ANCHOR_PROJECTS] + [
            f"<project/project-{i:06d}>" for i in range(sizes.projects - len(ANCHOR_PROJECTS))
        ]
        self.events = [f"<event/{s}>" for s in ANCHOR_EVENTS] + [
            f"<event/event-{i:06d}>" for i in range(sizes.events - len(ANCHOR_EVENTS))
        ]
        # posts per organisation, filled while writing organisations (people need them)
        self.posts: dict[str, list[tuple[str, str, str]]] = {}
        self.org_units: dict[str, list[str]] = {}
        self.members_of: dict[str, list[str]] = {}  # organisation -> people holding a post in it or its units

    # ------------------------------------------------------------------ helpers
    def rng(self, name: str) -> random.Random:
        return random.Random(f"{self.seed}-{name}")

    def prov(self, rng: random.Random, k: int | None = None) -> list[str]:
        k = k or rng.choice((1, 1, 1, 2, 2, 3))
        return sorted(set(rng.choice(self.sources) for _ in range(k)))

    def title(self, rng: random.Random) -> str:
        return f"{rng.choice(WORDS_ADJ)} {rng.choice(WORDS_TOPIC)} {rng.choice(WORDS_NOUN)}"

    # ------------------------------------------------------------------ kinds
    def write_sources(self) -> None:
        rng = self.rng("sources")
        dtypes = self.v.get("document-type")
        lang = "<http://id.loc.gov/vocabulary/iso639-1/en>"
        for i, src in enumerate(self.sources):
            if i < len(ANCHOR_SOURCES):
                seed_file = ANCHOR_SOURCES[i][1]
            else:
                seed_file = f"{i % 1000:03d}_{rng.getrandbits(64):016x}.txt"
            title = f"{self.title(rng)}: {rng.choice(['news release', 'country brief', 'meeting report', 'concept note'])} {i}"
            props = [
                ("rdfs:label", [lit(title)]),
                ("dct:title", [lit(title)]),
                ("dct:publisher", [self.orgs[0] if rng.random() < 0.6 else rng.choice(self.orgs)]),
                ("dct:language", [lang]),
                ("dct:type", [rng.choice(dtypes)]),
                ("ilokg:seedFile", [lit(seed_file, None)]),
            ]
            if rng.random() < 0.8:
                props.insert(3, ("dct:issued", [_date(rng, rng.randint(2005, 2025))]))
            self.w.aggregate("sources", self.w.block(src, ["ilokg:SourceDocument"], props))

    def write_places(self) -> None:
        rng = self.rng("places")
        chunks = []
        for i, code in enumerate(self.country_codes):
            if i < len(COUNTRIES):
                a3, a2, en, zh, q = COUNTRIES[i]
            else:
                a3, a2, en, zh, q = code.upper(), code[:2].upper(), f"Republic of {_name(rng)}", _zh(rng, 3), f"Q{900000 + i}"
            props = [
                ("rdfs:label", [lit(en), lit(zh, "zh-Hans")]),
                ("skos:prefLabel", [lit(en), lit(zh, "zh-Hans")]),
                ("ilokg:iso3166Alpha2", [lit(a2, None)]),
                ("ilokg:iso3166Alpha3", [lit(a3, None)]),
                ("skos:exactMatch", [f"<http://publications.europa.eu/resource/authority/country/{a3}>"]),
                ("owl:sameAs", [f"<http://www.wikidata.org/entity/{q}>"]),
                ("prov:wasDerivedFrom", self.prov(rng)),
            ]
            chunks.append(self.w.block(self.countries[i], ["schema:Country", "dct:Location"], props))
        self.w.aggregate("places", "\n".join(chunks))
        chunks = []
        for (_slug, label), iri in zip(REGIONS, self.regions, strict=True):
            chunks.append(self.w.block(iri, ["ilokg:Region"], [
                ("rdfs:label", [lit(label)]), ("skos:prefLabel", [lit(label)]),
                ("prov:wasDerivedFrom", self.prov(rng)),
            ]))
        chunks.append(self.w.block(self.online, ["schema:VirtualLocation"], [
            ("rdfs:label", [lit("ZOOM virtual meeting")]), ("prov:wasDerivedFrom", self.prov(rng)),
        ]))
        for i, iri in enumerate(self.cities):
            chunks.append(self.w.block(iri, ["schema:Place"], [
                ("rdfs:label", [lit(f"{_name(rng)} City")]),
                ("schema:containedInPlace", [self.countries[i % len(self.countries)]]),
                ("prov:wasDerivedFrom", self.prov(rng)),
            ]))
        self.w.aggregate("places", "\n".join(chunks))

    def write_organizations(self) -> None:
        rng = self.rng("organizations")
        otypes = self.v.get("organization-type")
        roles = self.v.get("role")
        all_orgs = self.orgs + self.networks
        for i, org in enumerate(all_orgs):
            is_network = org in self.networks
            slug = org[len("<organization/"):-1]
            words = f"{rng.choice(WORDS_ADJ)} {rng.choice(WORDS_TOPIC)} {'Network' if is_network else rng.choice(['Institute', 'Ministry', 'Centre', 'Council', 'Federation', 'Agency', 'Office'])}"
            name = f"{words} of {_name(rng)}"
            acronym = "".join(w[0] for w in name.split() if w[0].isupper())[:6] + str(i)
            zh = _zh(rng)
            country = rng.choice(self.countries[:40])
            chunks = []
            props = [
                ("rdfs:label", [lit(name), lit(zh, "zh-Hans")]),
                ("skos:prefLabel", [lit(name), lit(zh, "zh-Hans")]),
                ("skos:altLabel", [lit(acronym)]),
                ("org:classification", [self.v.pick("organization-type", "network") if is_network else rng.choice(otypes)]),
                ("ilokg:basedIn", [country]),
                ("ilokg:establishedOn", [_date(rng, rng.randint(1919, 2022))]),
                ("dct:description", [lit(f"{name} works on {rng.choice(WORDS_TOPIC).lower()} and {rng.choice(WORDS_TOPIC).lower()} with partners in {rng.randint(2, 40)} countries.")]),
            ]
            if is_network:
                members = sorted(set(rng.sample(self.orgs, min(len(self.orgs), rng.randint(10, 30)))))
                props.append(("org:hasMember", members))
            elif i > 0 and rng.random() < 0.3:
                props.append(("org:subOrganizationOf", [rng.choice(self.orgs[: max(1, i)])]))
            props.append(("prov:wasDerivedFrom", self.prov(rng)))
            kind = "org:Organization" if is_network else "org:FormalOrganization"
            chunks.append(self.w.block(org, [kind], props))
            units = []
            for u in range(0 if is_network else rng.randint(1, 3)):
                unit = f"<organization/{slug}-unit-{u + 1}>"
                units.append(unit)
                uname = f"Department of {rng.choice(WORDS_TOPIC)}, {name}"
                chunks.append(self.w.block(unit, ["org:OrganizationalUnit"], [
                    ("rdfs:label", [lit(uname)]),
                    ("skos:prefLabel", [lit(uname)]),
                    ("org:classification", [self.v.pick("organization-type", "government-department")]),
                    ("org:unitOf", [org]),
                    ("org:subOrganizationOf", [org]),
                    ("ilokg:basedIn", [country]),
                    ("prov:wasDerivedFrom", self.prov(rng)),
                ]))
            self.org_units[org] = units
            posts = []
            for p in range(rng.randint(2, 4)):
                holder = rng.choice([org, *units])
                role = rng.choice(roles)
                post = f"<post/{slug}-post-{p + 1}>"
                plabel = f"{role.rstrip('>').rsplit('/', 1)[-1].replace('-', ' ').title()}, {name}"
                posts.append((post, holder, role))
                chunks.append(self.w.block(post, ["org:Post"], [
                    ("rdfs:label", [lit(plabel)]),
                    ("org:postIn", [holder]),
                    ("org:role", [role]),
                    ("prov:wasDerivedFrom", self.prov(rng)),
                ]))
            self.posts[org] = posts
            self.w.aggregate("organizations", "\n".join(chunks))

    def write_people(self) -> None:
        rng = self.rng("people")
        orgs_with_posts = [o for o in self.orgs if self.posts.get(o)]
        for person in self.people:
            slug = person[len("<person/"):-1]
            name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)} {_name(rng, 2)}"
            chunks = [self.w.block(person, ["foaf:Person"], [
                ("foaf:name", [lit(name, None)]),
                ("rdfs:label", [lit(name)]),
                ("schema:honorificPrefix", [lit(rng.choice(HONORIFICS), None)]),
                ("prov:wasDerivedFrom", self.prov(rng)),
            ])]
            for _ in range(rng.randint(1, 2)):
                org = rng.choice(orgs_with_posts)
                post, holder, role = rng.choice(self.posts[org])
                self.members_of.setdefault(org, []).append(person)
                pslug = post[len("<post/"):-1]
                mem = f"<membership/{slug}--{pslug}>"
                chunks.append(self.w.block(mem, ["org:Membership"], [
                    ("rdfs:label", [lit(f"{name}, {pslug.replace('-', ' ')}")]),
                    ("org:member", [person]),
                    ("org:organization", [holder]),
                    ("org:role", [role]),
                    ("ilokg:post", [post]),
                    ("ilokg:asOf", [_date(rng, rng.randint(2010, 2025))]),
                    ("ilokg:statedAs", [lit(f"{role.rstrip('>').rsplit('/', 1)[-1].replace('-', ' ')} of {pslug}")]),
                    ("prov:wasDerivedFrom", self.prov(rng)),
                ]))
            # the same person may be named twice in one file's batch: that is fine in Turtle
            self.w.aggregate("people", "\n".join(dict.fromkeys(chunks)))

    def _contribution(self, rng: random.Random, owner: str, tag: str, funder: str, item: str, year: int) -> str:
        base = owner[:-1]
        node = f"{base}#contribution-{tag}>"
        amount = f"{base}#contribution-{tag}-amount>"
        value = rng.choice([50000, 100000, 250000, 500000, 1000000, 2000000, 4390000]) * rng.randint(1, 5)
        src = self.prov(rng)
        props = [
            ("rdfs:label", [lit(f"Contribution {tag} to {item[1:-1].rsplit('/', 1)[-1]}: USD {value}")]),
            ("schema:funder", [funder]),
            ("schema:fundedItem", [item]),
            ("schema:amount", [amount]),
            ("dct:type", [rng.choice(self.v.get("contribution-type"))]),
            ("ilokg:channel", [rng.choice(self.v.get("funding-channel"))]),
            ("ilokg:date", [_date(rng, year)]),
            ("ilokg:statedAs", [lit(f"US$ {value / 1e6:.2f} million", None)]),
            ("prov:wasDerivedFrom", src),
        ]
        if rng.random() < 0.15:
            props.insert(5, ("ilokg:valueQualifier", [rng.choice(self.v.get("value-qualifier"))]))
        return self.w.block(node, ["ilokg:Contribution"], props) + self.w.block(
            amount, ["schema:MonetaryAmount"], [
                ("schema:value", [typed(str(value), "decimal")]),
                ("schema:currency", [lit("USD", None)]),
                ("prov:wasDerivedFrom", src),
            ])

    def write_agreements(self) -> None:
        rng = self.rng("agreements")
        amendment = self.v.pick("agreement-type", "amendment")
        atypes = [t for t in self.v.get("agreement-type") if t != amendment]
        themes = self.v.get("themes")
        inits = self.v.get("initiatives")
        signatory = self.v.pick("role", "signatory")
        ceremony = self.v.pick("event-type", "signing-ceremony")
        for i, agr in enumerate(self.agreements):
            parties = sorted(set(rng.sample(self.orgs, 2)))
            title = f"{rng.choice(['Memorandum of Understanding', 'Partnership Agreement', 'Cooperation Agreement', 'Decent Work Country Programme'])} on {rng.choice(WORDS_TOPIC)} ({i})"
            year = rng.randint(2001, 2024)
            base = agr[:-1]
            signings = [f"{base}#signing>"] if rng.random() < 0.9 else [f"{base}#signing-{year}>", f"{base}#signing-{year + 4}>"]
            props = [
                ("rdfs:label", [lit(title)]),
                ("dct:title", [lit(title)]),
                ("dct:type", sorted(set(rng.sample(atypes, rng.randint(1, 2))))),
                ("ilokg:party", parties),
                ("dct:subject", sorted(set(rng.sample(themes, rng.randint(1, 4))))),
                ("ilokg:initiative", sorted(set(rng.sample(inits, rng.randint(0, 2))))),
                ("ilokg:signing", signings),
                ("dct:description", [lit(f"The parties agree to cooperate on {rng.choice(WORDS_TOPIC).lower()} in {rng.randint(1, 12)} countries.")]),
                ("prov:wasDerivedFrom", self.prov(rng)),
            ]
            if i > 0 and rng.random() < 0.1:
                props[2] = ("dct:type", sorted({*props[2][1], amendment}))
                props.insert(4, ("ilokg:amends", [rng.choice(self.agreements[:i])]))
            chunks = [self.w.block(agr, ["ilokg:Agreement"], props)]
            for k, sig in enumerate(signings):
                assocs = []
                for party in parties:
                    who = rng.choice(self.members_of.get(party) or self.people)
                    assoc = f"{base}#signatory-{k}-{who[len('<person/'):-1]}>"
                    assocs.append(assoc)
                    chunks.append(self.w.block(assoc, ["prov:Association"], [
                        ("prov:agent", [who]),
                        ("prov:hadRole", [signatory]),
                        ("ilokg:onBehalfOf", [party]),
                        ("prov:wasDerivedFrom", self.prov(rng)),
                    ]))
                chunks.append(self.w.block(sig, ["ilokg:Signing"], [
                    ("rdfs:label", [lit(f"Signing of {title}")]),
                    ("dct:type", [ceremony]),
                    ("ilokg:date", [_date(rng, year + 4 * k)]),
                    ("schema:location", [rng.choice(self.cities)]),
                    ("prov:qualifiedAssociation", sorted(set(assocs))),
                    ("prov:wasDerivedFrom", self.prov(rng)),
                ]))
            if rng.random() < 0.5:
                chunks.append(self._contribution(rng, agr, "initial", parties[0], agr, year))
            self.w.aggregate("agreements", "\n".join(chunks))

    def write_projects(self) -> None:
        rng = self.rng("projects")
        themes = self.v.get("themes")
        inits = self.v.get("initiatives")
        indicators = self.v.get("indicator")
        units = self.v.get("unit")
        qualifiers = self.v.get("value-qualifier")
        places = self.countries + self.regions
        for i, proj in enumerate(self.projects):
            base = proj[:-1]
            title = f"{self.title(rng)} in {rng.choice(['ASEAN', 'Africa', 'the Mekong region', 'Central Asia', 'the Pacific', 'South Asia'])} (phase {rng.randint(1, 4)}, {i})"
            acronym = "".join(w[0] for w in title.split() if w[0].isupper())[:5] + f"-{i}"
            start = rng.randint(2005, 2024)
            end = start + rng.randint(1, 5)
            funders = sorted(set(rng.sample(self.orgs, rng.randint(1, 2))))
            implementers = sorted(set([self.orgs[0]] if rng.random() < 0.5 else rng.sample(self.orgs, 1)))
            pillars = [f"{base}#pillar-{k + 1}>" for k in range(rng.randint(0, 3))]
            extensions = [f"{base}#extension-1>"] if rng.random() < 0.15 else []
            props = [
                ("rdfs:label", [lit(title)]),
                ("dct:title", [lit(title)] + ([lit(_zh(rng, 8), "zh-Hans")] if rng.random() < 0.3 else [])),
                ("skos:altLabel", [lit(acronym)]),
                ("ilokg:startDate", [_date(rng, start)]),
                ("ilokg:endDate", [_date(rng, end)]),
                ("ilokg:fundedBy", funders),
                ("ilokg:implementedBy", implementers),
                ("ilokg:partner", sorted(set(rng.sample(self.orgs, rng.randint(0, 3))))),
                ("ilokg:beneficiaryCountry", sorted(set(rng.sample(places, rng.randint(1, 3))))),
                ("dct:subject", sorted(set(rng.sample(themes, rng.randint(1, 4))))),
                ("ilokg:underAgreement", [rng.choice(self.agreements)] if rng.random() < 0.7 else []),
                ("ilokg:initiative", sorted(set(rng.sample(inits, rng.randint(0, 3))))),
                ("ilokg:pillar", pillars),
                ("ilokg:extension", extensions),
                ("dct:description", [lit(f"To strengthen {rng.choice(WORDS_TOPIC).lower()} and {rng.choice(WORDS_TOPIC).lower()} for {rng.randint(100, 90000)} workers and jobseekers.")]),
                ("prov:wasDerivedFrom", self.prov(rng)),
            ]
            chunks = [self.w.block(proj, ["ilokg:Project"], props)]
            for k, pil in enumerate(pillars):
                chunks.append(self.w.block(pil, ["ilokg:Pillar"], [
                    ("rdfs:label", [lit(f"Pillar {k + 1}: {rng.choice(WORDS_TOPIC)}")]),
                    ("prov:wasDerivedFrom", self.prov(rng)),
                ]))
            for ext in extensions:
                chunks.append(self.w.block(ext, ["ilokg:ProjectExtension"], [
                    ("ilokg:endDate", [typed(str(end + rng.randint(1, 3)), "gYear")]),
                    ("prov:wasDerivedFrom", self.prov(rng)),
                ]))
            for k in range(rng.randint(1, 3)):
                chunks.append(self._contribution(rng, proj, str(k + 1), rng.choice(funders), proj, rng.randint(start, end)))
            for k in range(rng.randint(1, 4)):
                ind = rng.choice(indicators)
                islug = ind.rstrip(">").rsplit("/", 1)[-1]
                year = rng.randint(start, end)
                as_of = typed(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "date")
                versions = 2 if rng.random() < 0.05 else 1  # sources that disagree: two observations
                obs_sources = rng.sample(self.sources, versions)
                for v in range(versions):
                    value = rng.randint(1, 50000)
                    obs = f"{base}#{islug}-{year}-{k}{'-v' + str(v) if versions > 1 else ''}>"
                    oprops = [
                        ("rdfs:label", [lit(f"{islug.replace('-', ' ')}: {value}")]),
                        ("ilokg:indicator", [ind]),
                        ("ilokg:observedEntity", [proj]),
                        ("ilokg:value", [typed(str(value), "decimal")]),
                        ("ilokg:unit", [rng.choice(units)]),
                        ("ilokg:asOf", [as_of]),
                        ("ilokg:statedAs", [lit(f"{value:,} {islug.replace('-', ' ')}", None)]),
                        ("prov:wasDerivedFrom", [obs_sources[v]]),
                    ]
                    if rng.random() < 0.2:
                        oprops.insert(4, ("ilokg:valueQualifier", [rng.choice(qualifiers)]))
                    chunks.append(self.w.block(obs, ["ilokg:IndicatorObservation"], oprops))
            self.w.aggregate("projects", "\n".join(chunks))

    def write_events(self) -> None:
        rng = self.rng("events")
        etypes = self.v.get("event-type")
        eroles = self.v.get("event-role")
        session_type = self.v.pick("event-type", "session")
        for i, ev in enumerate(self.events):
            base = ev[:-1]
            year = rng.randint(2010, 2025)
            month, day = rng.randint(1, 12), rng.randint(1, 27)
            hour = rng.randint(8, 15)
            online = rng.random() < 0.3
            title = f"{rng.choice(['Workshop', 'Forum', 'Seminar', 'Steering Committee Meeting', 'Launch', 'Policy Dialogue'])} on {rng.choice(WORDS_TOPIC)} {year} ({i})"
            sessions = [f"{base}#session-{k + 1}>" for k in range(rng.randint(0, 3))]
            roles = []
            chunks = []
            for k in range(rng.randint(1, 4)):
                who = rng.choice(self.people)
                role_node = f"{base}#role-{k + 1}>"
                roles.append(role_node)
                chunks.append(self.w.block(role_node, ["prov:Association"], [
                    ("prov:agent", [who]),
                    ("prov:hadRole", [rng.choice(eroles)]),
                    ("ilokg:onBehalfOf", [rng.choice(self.orgs)]),
                    ("prov:wasDerivedFrom", self.prov(rng)),
                ]))
            start = typed(f"{year}-{month:02d}-{day:02d}T{hour:02d}:00:00+07:00", "dateTime")
            end = typed(f"{year}-{month:02d}-{day + 1:02d}T17:00:00+07:00", "dateTime")
            props = [
                ("rdfs:label", [lit(title)]),
                ("dct:type", [rng.choice(etypes)]),
                ("ilokg:startDate", [start]),
                ("ilokg:endDate", [end]),
                ("schema:location", [self.online if online else rng.choice(self.cities)]),
                ("schema:organizer", sorted(set(rng.sample(self.orgs, rng.randint(1, 2))))),
                ("schema:attendee", sorted(set(rng.sample(self.orgs, rng.randint(0, 6))))),
                ("schema:about", [rng.choice(self.projects)]),
                ("prov:qualifiedAssociation", roles),
                ("prov:wasDerivedFrom", self.prov(rng)),
            ]
            chunks.insert(0, self.w.block(ev, ["ilokg:Event"], props))
            for k, ses in enumerate(sessions):
                chunks.append(self.w.block(ses, ["ilokg:Event"], [
                    ("rdfs:label", [lit(f"Session {k + 1}: {rng.choice(WORDS_TOPIC)}")]),
                    ("dct:type", [session_type]),
                    ("ilokg:startDate", [typed(f"{year}-{month:02d}-{day:02d}T{hour + k:02d}:00:00+07:00", "dateTime")]),
                    ("ilokg:endDate", [typed(f"{year}-{month:02d}-{day:02d}T{hour + k:02d}:45:00+07:00", "dateTime")]),
                    ("schema:superEvent", [ev]),
                    ("prov:wasDerivedFrom", self.prov(rng)),
                ]))
            self.w.aggregate("events", "\n".join(chunks))

    def run(self) -> None:
        self.write_sources()
        self.write_places()
        self.write_organizations()
        self.write_people()
        self.write_agreements()
        self.write_projects()
        self.write_events()
        self.w.close()


def _count_ontology(ontology: Path) -> int:
    import pyoxigraph as ox

    n = 0
    for f in sorted(ontology.rglob("*.ttl")):
        n += sum(1 for _ in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE, base_iri=BASE))
    return n


def _dry(projects: int, vocab: Vocab, seed: int) -> int:
    w = Writer(None, 50)
    Generator(Sizes(projects), vocab, w, seed).run()
    return w.triples


def plan(target: int, vocab: Vocab, ontology_triples: int, seed: int) -> int:
    """Number of projects whose graph (with the ontology) has about `target` triples."""
    want = max(1000, target - ontology_triples)
    probe = 400
    per = _dry(probe, vocab, seed) / probe
    projects = max(5, round(want / per))
    got = _dry(projects, vocab, seed) if projects <= 20000 else None
    if got:
        projects = max(5, round(projects * want / got))
    return projects


def generate(
    out: Path, triples: int, *, seed: int = 7, per_file: int = 50, repo: Path = REPO, force: bool = True
) -> dict[str, object]:
    """Write a knowledge root of about `triples` triples at `out`; return a summary."""
    started = time.perf_counter()
    if out.exists():
        if not force:
            raise SystemExit(f"generate: {out} exists")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for folder in ("ontology", "shapes", "queries"):
        src = repo / folder
        if src.is_dir():
            shutil.copytree(src, out / folder)
        else:
            (out / folder).mkdir()
    vocab = Vocab.load(out / "ontology")
    onto = _count_ontology(out / "ontology")
    projects = plan(triples, vocab, onto, seed)
    writer = Writer(out, per_file)
    sizes = Sizes(projects)
    Generator(sizes, vocab, writer, seed).run()
    summary = {
        "root": str(out),
        "seed": seed,
        "target_triples": triples,
        "triples": writer.triples + onto,
        "data_triples": writer.triples,
        "ontology_triples": onto,
        "data_files": writer.files,
        "per_file": per_file,
        "entities": {
            "projects": sizes.projects, "organizations": sizes.orgs, "networks": sizes.networks,
            "people": sizes.people, "agreements": sizes.agreements, "events": sizes.events,
            "sources": sizes.sources, "countries": sizes.countries, "cities": sizes.cities,
        },
        "seconds": round(time.perf_counter() - started, 2),
    }
    (out / "generated.json").write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return summary


def iter_sizes(spec: str) -> Iterator[int]:
    for part in spec.split(","):
        part = part.strip().lower()
        mult = 1
        if part.endswith("k"):
            mult, part = 1000, part[:-1]
        elif part.endswith("m"):
            mult, part = 1_000_000, part[:-1]
        yield int(float(part) * mult)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--triples", default="10k", help="target size, e.g. 10k, 100k, 1M")
    ap.add_argument("--out", type=Path, required=True, help="knowledge root to (re)create")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-file", type=int, default=50, help="aggregates per data file")
    ap.add_argument("--repo", type=Path, default=REPO, help="where ontology/ shapes/ queries/ come from")
    args = ap.parse_args(argv)
    (size,) = list(iter_sizes(args.triples))
    summary = generate(args.out, size, seed=args.seed, per_file=args.per_file, repo=args.repo)
    json.dump(summary, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
