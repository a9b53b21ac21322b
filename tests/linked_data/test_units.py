"""The plain modules behind the linked-data routes, tested without HTTP."""

from __future__ import annotations

import pytest
import rdflib

from ilokg import humanize as h
from ilokg.describe import search_words
from ilokg.entity_view import entity_view
from ilokg.errors import InputError, NotAcceptable
from ilokg.ldformats import choose, split_suffix
from ilokg.namespaces import Namespaces
from ilokg.safe_rdf import json_depth, parse, xml_depth

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.mark.parametrize(
    ("value", "datatype", "lang", "expected"),
    [
        ("--12-09", "gMonthDay", "en", "9 December (year not stated)"),
        ("--12-09", "gMonthDay", "zh", "12月9日（未注明年份）"),
        ("2022-12", "gYearMonth", "en", "December 2022"),
        ("2022-12", "gYearMonth", "zh", "2022年12月"),
        ("2008", "gYear", "en", "2008"),
        ("2022-12-07", "date", "en", "7 December 2022"),
        ("2022-12-07", "date", "zh", "2022年12月7日"),
        ("2021-11-10T14:00:00+07:00", "dateTime", "en", "10 November 2021, 14:00 (UTC+07:00)"),
        ("2021-11-10T14:00:00Z", "dateTime", "en", "10 November 2021, 14:00 (UTC)"),
        ("2021-11-10T14:00:00", "dateTime", "en", "10 November 2021, 14:00"),
        ("not a date", "date", "en", None),
        ("2022", "string", "en", None),
    ],
)
def test_dates_as_people_write_them(
    value: str, datatype: str, lang: str, expected: str | None
) -> None:
    assert h.format_date(value, XSD + datatype, lang) == expected


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        ("1000000", "USD", "US$ 1,000,000"),
        ("4390000.00", "USD", "US$ 4,390,000"),
        ("4.39", "USD", "US$ 4.39"),
        ("500", "CNY", "CN¥ 500"),
        ("12", "XYZ", "XYZ 12"),
        ("7", None, "7"),
    ],
)
def test_amounts_with_currency(value: str, currency: str | None, expected: str) -> None:
    assert h.format_amount(value, currency) == expected


@pytest.mark.parametrize(
    ("param", "header", "expected"),
    [
        (None, None, "en"),
        (None, "zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        (None, "fr-FR, zh-Hans;q=0.5", "zh"),
        (None, "en;q=0.2, zh;q=0.1", "en"),
        (None, "zh;q=0, en", "en"),
        ("zh", "en", "zh"),
        ("de", "zh", "zh"),
    ],
)
def test_page_language(param: str | None, header: str | None, expected: str) -> None:
    assert h.choose_language(param, header) == expected


def test_label_language_fallback_chain() -> None:
    values = [("ILO", "en"), ("国际劳工组织", "zh-hans"), ("OIT", "fr")]
    assert h.pick_by_language(values, "zh") == ("国际劳工组织", "zh-hans")
    assert h.pick_by_language(values, "en") == ("ILO", "en")
    assert h.pick_by_language([("ILO", "en")], "zh") == ("ILO", "en")
    assert h.pick_by_language([("x", None)], "zh") == ("x", "")
    assert h.pick_by_language([("OIT", "fr")], "en") == ("OIT", "fr")
    assert h.pick_by_language([], "en") is None


@pytest.mark.parametrize(
    ("accept", "param", "expected"),
    [
        ("text/html", None, "html"),
        ("text/turtle", None, "turtle"),
        ("application/ld+json", None, "jsonld"),
        ("application/json", None, "jsonld"),
        ("application/n-triples", None, "ntriples"),
        ("text/plain", None, "ntriples"),
        ("application/rdf+xml", None, "rdfxml"),
        ("*/*", None, "turtle"),
        (None, None, "turtle"),
        ("text/html", "ttl", "turtle"),
        ("text/turtle;q=0.4, application/rdf+xml;q=0.6", None, "rdfxml"),
    ],
)
def test_negotiation_table(accept: str | None, param: str | None, expected: str) -> None:
    assert choose(accept, param).key == expected


def test_negotiation_refusals() -> None:
    with pytest.raises(NotAcceptable):
        choose("image/png")
    with pytest.raises(NotAcceptable):
        choose(None, "pdf")


@pytest.mark.parametrize(
    ("path", "stem", "suffix"),
    [
        ("project/x.ttl", "project/x", "ttl"),
        ("project/x.jsonld", "project/x", "jsonld"),
        ("project/x", "project/x", None),
        ("concept/theme/decent-work.nt", "concept/theme/decent-work", "nt"),
        ("project/x.pdf", "project/x.pdf", None),
    ],
)
def test_suffixes(path: str, stem: str, suffix: str | None) -> None:
    got_stem, fmt = split_suffix(path)
    assert got_stem == stem and (fmt.suffix if fmt else None) == suffix


def test_search_words_are_stems_of_the_slug() -> None:
    assert search_words("prosce-asian") == ["pros", "asia"]
    assert search_words("the-of-and") == []
    assert search_words("gilbert-f-houngbo") == ["gilb", "houn"]


def test_nesting_depth_scanners() -> None:
    assert json_depth(b'{"a": [1, {"b": "[[[{{{"}]}') == 3
    assert xml_depth(b"<a><b><c/></b><d>x</d></a>") == 2


def test_safe_parse_refuses_dtds_and_reports_lines() -> None:
    with pytest.raises(InputError, match="DOCTYPE"):
        parse(
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><x/>',
            "application/rdf+xml",
            "http://e/",
        )
    with pytest.raises(InputError) as err:
        parse(b"<http://e/a> <http://e/b> .\n", "text/turtle", "http://e/")
    assert err.value.body()["line"] == 1
    parsed = parse(b"<a> <http://e/p> 1 .", "text/turtle", "https://w3id.org/ilo-china-kg/id/")
    assert (rdflib.URIRef("https://w3id.org/ilo-china-kg/id/a"), None, None) in parsed.graph


def test_entity_view_formats_parts_and_amounts() -> None:
    ns = Namespaces()
    e = ns.entity("project", "x")
    g = rdflib.Graph().parse(
        format="turtle",
        data=f"""
@prefix schema: <http://schema.org/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ilokg: <{ns.vocab}> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix dct: <http://purl.org/dc/terms/> .
<{e}> a ilokg:Project ; rdfs:label "X"@en , "某项目"@zh-Hans ;
  ilokg:startDate "2022-12"^^xsd:gYearMonth ;
  prov:wasDerivedFrom <{ns.entity("source", "s")}> .
<{ns.entity("source", "s")}> dct:title "A news release" ; dct:issued "2022-12-07"^^xsd:date .
<{e}#c> schema:fundedItem <{e}> ; schema:amount <{e}#c-amount> .
<{e}#c-amount> schema:value "1000000"^^xsd:decimal ; schema:currency "USD" .
<{ns.entity("organization", "o")}> ilokg:funds <{e}> ; rdfs:label "Org"@en .
""",
    )
    view = entity_view(g, e, lang="zh", ns=ns, labels={})
    assert view["label"] == "某项目"
    cells = [v["text"] for row in view["properties"] for v in row["values"]]
    assert "2022年12月" in cells
    part_cells = [
        v["text"] for p in view["parts"] for row in p["properties"] for v in row["values"]
    ]
    assert "US$ 1,000,000" in part_cells
    assert view["incoming"][0]["subject"]["text"] == "Org"
    assert view["sources"][0]["issued"] == "2022年12月7日"
