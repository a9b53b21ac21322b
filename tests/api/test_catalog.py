"""The catalogue, parameter checking and answer mapping as plain modules (no HTTP)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from ilokg.answers import LabelIndex, ResultCache, accept_languages, number, to_csv, to_rows
from ilokg.catalog import Catalog, CatalogError, Column, parse_text
from ilokg.errors import NotFound, ParameterError
from ilokg.namespaces import Namespaces
from ilokg.params import RESOLVE_IRI, Param, check_value, entity_lookup

from ..helpers import ROOT

XSD = "http://www.w3.org/2001/XMLSchema#"
CONTRACT = {
    "agreements": {"party", "theme", "from", "to"},
    "projects": {"country", "theme", "initiative", "active_in"},
    "contributions": {"donor", "from", "to"},
    "funding-totals": set(),
    "network-members": {"country"},
    "timeline": {"from", "to", "kind"},
    "people": {"organization"},
    "initiative": {"initiative"},
    "country": {"country"},
    "indicators": {"project"},
    "sources": {"entity"},
    "conflicts": set(),
    "search": {"q", "type"},
}
KEYWORDS = re.compile(
    r"(?<![?:\w-])(select|where|optional|filter|union|bind|values|distinct|group by|order by|"
    r"exists|prefix|as|in|not)(?![\w-])"
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return Catalog.load(ROOT / "queries", Namespaces())


def test_the_contract_names_and_parameters(catalog: Catalog) -> None:
    assert set(catalog.queries) == set(CONTRACT)
    for name, params in CONTRACT.items():
        assert params <= {p.name for p in catalog.get(name).params}, name
    assert catalog.get("initiative").param("initiative").required  # type: ignore[union-attr]
    assert catalog.get("country").param("country").required  # type: ignore[union-attr]
    assert catalog.get("search").param("q").required  # type: ignore[union-attr]


def test_headers_are_complete(catalog: Catalog) -> None:
    for q in catalog:
        assert q.title and q.description.endswith("."), q.name
        assert q.columns and all(c.description for c in q.columns), q.name
        for p in q.params:
            assert p.description and p.example, (q.name, p.name)
            if p.type != "iri":
                check_value(p, p.example)
        names = [c.name for c in q.columns]
        if "sources" in names or "source" in names:
            continue
        assert q.name in ("funding-totals",), f"{q.name}: no sources column"


def _code(text: str) -> list[str]:
    """Query lines without comments and string literals."""
    lines = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        lines.append(re.sub(r'"[^"]*"', '""', re.sub(r"<[^>]*>", "<>", line)))
    return lines


def test_house_style(catalog: Catalog) -> None:
    for q in catalog:
        code = _code(q.text)
        prefixes = [line for line in code if line.startswith("PREFIX")]
        assert prefixes == sorted(prefixes), f"{q.name}: PREFIX lines not sorted"
        body = "\n".join(code)
        assert "ORDER BY" in body, f"{q.name}: no ORDER BY"
        assert not KEYWORDS.search(body), f"{q.name}: lower-case keyword {KEYWORDS.search(body)}"
        camel = re.search(r"\?[a-z0-9_]*[A-Z]", body)
        assert camel is None, f"{q.name}: variable not snake_case: {camel}"
        assert not re.search(r"BOUND\(\?\w+_param\)", body), f"{q.name}: BOUND on a parameter"
        lazy = re.search(r"COALESCE\(\?\w+_param, false\), false\)\s*\|\|", body)
        assert lazy is None, f"{q.name}: use IF(absent, true, test), not absent || test"
        for p in q.params:
            assert f"?{p.variable}" in body, (q.name, p.name)


def test_a_bad_header_is_refused() -> None:
    ns = Namespaces()
    good = (
        "#+ title: T\n#+ columns: [{name: x, type: string}]\n"
        "SELECT ?x WHERE { BIND(1 AS ?x) } ORDER BY ?x\n"
    )
    assert parse_text("ok", good, ns).columns[0].name == "x"
    for text, fragment in [
        ("#+ title: [\n", "not valid YAML"),
        ("SELECT ?x WHERE {}", "title"),
        (good.replace("?x WHERE", "?y WHERE"), "not projected"),
        (good + "LIMIT 3\n", "LIMIT"),
        ("#+ title: T\n#+ params: [{name: limit}]\n" + good, "reserved"),
        (
            "#+ title: T\n#+ params: [{name: p, type: iri}]\n#+ columns: [{name: x}]\n"
            "SELECT ?x WHERE { BIND(1 AS ?x) }",
            "SELECT projection",
        ),
        ("#+ title: T\n#+ params: [{name: p, type: iri, class: nope:X}]\n" + good, "unknown class"),
        ("#+ title: T\n#+ params: [{name: p, type: year, default: '19'}]\n" + good, "default"),
        ("#+ title: T\n#+ columns: [{name: x}]\nSELECT ?x WHERE { ", "ox"),
    ]:
        with pytest.raises(CatalogError) as info:
            parse_text("bad", text, ns)
        if fragment != "ox":
            assert fragment in info.value.message, (fragment, info.value.message)


def test_a_lenient_load_leaves_bad_files_out(tmp_path: Path) -> None:
    (tmp_path / "good.rq").write_text(
        "#+ title: T\n#+ columns: [{name: x}]\nSELECT ?x WHERE { BIND(1 AS ?x) } ORDER BY ?x\n"
    )
    (tmp_path / "bad.rq").write_text("SELECT nonsense")
    lenient = Catalog.load(tmp_path, Namespaces(), strict=False)
    assert list(lenient.queries) == ["good"] and "bad.rq" in lenient.errors[0]
    with pytest.raises(CatalogError):
        Catalog.load(tmp_path, Namespaces())


def _param(kind: str, **kw: Any) -> Param:
    return Param(name="p", type=kind, **kw)


@pytest.mark.parametrize(
    ("kind", "value", "term"),
    [
        ("year", "2019", ("literal", "2019", XSD + "gYear")),
        ("date", "2021", ("literal", "2021", XSD + "gYear")),
        ("date", "2021-11", ("literal", "2021-11", XSD + "gYearMonth")),
        ("date", "2021-11-10", ("literal", "2021-11-10", XSD + "date")),
        ("integer", "+42", ("literal", "42", XSD + "integer")),
        ("language", "zh-Hans", ("literal", "zh-Hans")),
        ("string", 'x" } ; DROP ALL ; #', ("literal", 'x" } ; DROP ALL ; #')),
    ],
)
def test_values_become_typed_terms(kind: str, value: str, term: tuple[str, ...]) -> None:
    assert check_value(_param(kind), value) == term


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("year", "19"),
        ("year", "2019-01"),
        ("year", "２０１９"),
        ("year", "2019 "),
        ("date", "2021-13"),
        ("date", "2021-02-30"),
        ("date", "21-11-10"),
        ("date", "2021/11/10"),
        ("integer", "1e12"),
        ("integer", "1.5"),
        ("integer", "-1"),
        ("integer", "9" * 30),
        ("language", 'en"@de'),
        ("language", "e"),
        ("language", "en-"),
        ("language", "x" * 40),
        ("string", "a\nb"),
        ("string", "\x00"),
        ("string", "x" * 201),
    ],
)
def test_bad_values_name_the_parameter(kind: str, value: str) -> None:
    with pytest.raises(ParameterError) as info:
        check_value(_param(kind, minimum=0), value)
    assert info.value.status == 422
    assert "parameter `p`" in info.value.message and "expected" in info.value.message


def test_enums_and_bounds() -> None:
    assert check_value(_param("string", enum=("a", "b")), "b")[1] == "b"
    with pytest.raises(ParameterError, match="one of a, b"):
        check_value(_param("string", enum=("a", "b")), "c")
    with pytest.raises(ParameterError, match="from 1 to 5"):
        check_value(_param("integer", minimum=1, maximum=5), "6")


def test_entity_values_become_lookups() -> None:
    ns = Namespaces()
    p = _param("iri", cls="http://www.w3.org/ns/org#Organization", cls_name="org:Organization")
    iri = entity_lookup(p, "https://w3id.org/ilo-china-kg/id/organization/ilo", ns)
    assert iri.query == RESOLVE_IRI and iri.substitutions["entity"][1].endswith("/organization/ilo")
    path = entity_lookup(p, "organization/mohrss", ns)
    assert path.substitutions["entity"] == ("iri", ns.entity("organization", "mohrss"))
    slug = entity_lookup(p, "MOHRSS", ns)
    assert (
        slug.substitutions["suffix"][1] == "/mohrss" and slug.substitutions["text"][1] == "MOHRSS"
    )
    label = entity_lookup(p, "Yu Jiadong", ns)
    assert "suffix" not in label.substitutions and label.substitutions["text"][1] == "Yu Jiadong"
    for bad in [
        "http://ex/a> . ?s ?p ?o . <http://ex/b",
        "<http://ex/a> } UNION { ?s ?p ?o",
        "x" * 3000,
        "a\nb",
    ]:
        with pytest.raises(ParameterError):
            entity_lookup(p, bad, ns)
    for text in [iri.query, slug.query]:
        assert "MOHRSS" not in text and "organization/ilo" not in text  # never spliced


def test_prepare_and_bind(catalog: Catalog) -> None:
    totals = catalog.get("funding-totals")
    assert totals.bind({}) == {"by_param": ("literal", "year")}  # the default
    agreements = catalog.get("agreements")
    subs = agreements.bind({"party": "organization/mohrss", "from": "2019"})
    assert subs["party_param"] == ("iri", "https://w3id.org/ilo-china-kg/id/organization/mohrss")
    assert subs["from_param"][2] == XSD + "gYear" and "to_param" not in subs
    with pytest.raises(ParameterError, match="unknown parameter `nope`"):
        agreements.bind({"nope": "1"})
    with pytest.raises(ParameterError, match="labels need the store"):
        agreements.bind({"party": "MOHRSS"})
    with pytest.raises(ParameterError, match="`initiative` is required"):
        catalog.get("initiative").bind({})
    with pytest.raises(NotFound):
        catalog.get("nope")


def test_substitution_idioms_of_this_oxigraph() -> None:
    """Pin the pyoxigraph 0.5 behaviour the canned queries rely on (see catalog.py)."""
    store = ox.Store()
    store.load(
        b"<http://e/a> <http://e/p> <http://e/x> .\n<http://e/b> <http://e/p> <http://e/y> .\n",
        format=ox.RdfFormat.N_TRIPLES,
    )
    y = {ox.Variable("v"): ox.NamedNode("http://e/y")}

    def rows(where: str, subs: dict[Any, Any] | None = None, extra: str = "") -> list[str]:
        q = f"SELECT ?s ?v {extra} WHERE {{ ?s <http://e/p> ?o . {where} }} ORDER BY ?s"
        return [str(r["s"]) for r in store.query(q, substitutions=subs or {})]

    absent = "FILTER(sameTerm(COALESCE(?v, false), false) || ?o = ?v)"
    assert rows(absent) == ["<http://e/a>", "<http://e/b>"]
    assert rows(absent, y) == ["<http://e/b>"]
    assert rows("FILTER(!BOUND(?v))", y) == ["<http://e/a>", "<http://e/b>"]  # BOUND is false
    copied = [
        str(r["w"])
        for r in store.query("SELECT ?w ?v WHERE { BIND(IRI(STR(?v)) AS ?w) }", substitutions=y)
    ]
    assert copied == ["<http://e/y>"]
    with pytest.raises(RuntimeError):  # a substituted variable must be projected
        store.query("SELECT ?s WHERE { ?s ?p ?v }", substitutions=y)


def test_answers_mapping() -> None:
    labels = LabelIndex.from_bindings(
        [
            {
                "entity": {"value": "http://e/c"},
                "property": {"value": "http://www.w3.org/2000/01/rdf-schema#label"},
                "label": {"value": "China", "xml:lang": "en"},
            },
            {
                "entity": {"value": "http://e/c"},
                "property": {"value": "http://www.w3.org/2004/02/skos/core#prefLabel"},
                "label": {"value": "中国", "xml:lang": "zh-Hans"},
            },
        ]
    )
    assert labels.label("http://e/c") == "China"
    assert labels.label("http://e/c", ["zh"]) == "中国"
    assert labels.label("http://e/none") is None
    assert accept_languages("zh-CN;q=0.8, en;q=0.9, *;q=0.1") == ["en", "zh-cn"]
    assert (number("1000000"), number("1.50"), number("7.0E0")) == (1000000, 1.5, 7)
    columns = [
        Column("c", "iri"),
        Column("n", "decimal"),
        Column("l", "iri", list=True),
        Column("d", "date"),
    ]
    results = {
        "results": {
            "bindings": [
                {
                    "c": {"type": "uri", "value": "http://e/c"},
                    "n": {"type": "literal", "value": "28", "datatype": XSD + "decimal"},
                    "l": {"type": "literal", "value": "http://e/c http://e/b http://e/c"},
                    "d": {"type": "literal", "value": "--12-09", "datatype": XSD + "gMonthDay"},
                }
            ]
        }
    }
    rows = to_rows(results, columns, labels)
    assert rows == [
        {
            "c": {"iri": "http://e/c", "label": "China"},
            "n": 28,
            "l": [{"iri": "http://e/b", "label": None}, {"iri": "http://e/c", "label": "China"}],
            "d": "--12-09",
        }
    ]
    assert to_csv(rows, columns).splitlines() == [
        "c,c_label,n,l,l_label,d",
        "http://e/c,China,28,http://e/b http://e/c,; China,--12-09",
    ]


def test_the_result_cache_is_a_bounded_lru() -> None:
    cache = ResultCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert (cache.get("b"), cache.get("a"), len(cache)) == (None, 1, 2)
    off = ResultCache(0)
    off.put("a", 1)
    assert off.get("a") is None
