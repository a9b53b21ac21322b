"""The HTML entity page is for people: labels in their language, dates and amounts as written."""

from __future__ import annotations

import calendar
import html
import re
from decimal import Decimal

import httpx
import pytest

from .conftest import ID, path_of, select


def page(server: str, path: str, **headers: str) -> str:
    r = httpx.get(server + path, headers={"Accept": "text/html", **headers})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    return html.unescape(r.text)


def test_month_day_without_year_is_written_as_such(server: str) -> None:
    rows = select(
        server,
        f"""
SELECT ?s ?d WHERE {{
  ?s ?p ?d .
  FILTER(DATATYPE(?d) = xsd:gMonthDay && STRSTARTS(STR(?s), "{ID}"))
}} ORDER BY ?s LIMIT 1""",
    )
    if not rows:
        pytest.skip("no xsd:gMonthDay date in the data")
    month, day = int(rows[0]["d"][2:4]), int(rows[0]["d"][5:7])
    text = page(server, path_of(rows[0]["s"]))
    assert f"{day} {calendar.month_name[month]} (year not stated)" in text
    assert rows[0]["d"] not in re.sub(r'title="[^"]*"', "", text), "no raw --MM-DD shown"
    zh = page(server, path_of(rows[0]["s"]) + "?lang=zh")
    assert f"{month}月{day}日（未注明年份）" in zh


def test_amount_is_written_with_its_currency(server: str) -> None:
    rows = select(
        server,
        """
SELECT ?amount ?value WHERE {
  ?c schema:amount ?amount . ?amount schema:value ?value ; schema:currency "USD" .
} ORDER BY ?amount LIMIT 1""",
    )
    if not rows:
        pytest.skip("no USD amount in the data")
    value = Decimal(rows[0]["value"])
    expected = f"US$ {int(value):,}" if value == value.to_integral_value() else f"US$ {value:,}"
    assert expected in page(server, path_of(rows[0]["amount"]))


def test_dates_of_other_precisions_are_readable(server: str) -> None:
    rows = select(
        server,
        f"""
SELECT ?s ?d WHERE {{
  ?s ilokg:startDate|ilokg:date|ilokg:endDate ?d .
  FILTER(DATATYPE(?d) = xsd:gYearMonth && STRSTARTS(STR(?s), "{ID}"))
}} ORDER BY ?s LIMIT 1""",
    )
    if not rows:
        pytest.skip("no xsd:gYearMonth date in the data")
    year, month = rows[0]["d"][:4], int(rows[0]["d"][5:7])
    assert f"{calendar.month_name[month]} {year}" in page(server, path_of(rows[0]["s"]))


def test_accept_language_zh_picks_the_chinese_label(server: str) -> None:
    rows = select(
        server,
        f"""
SELECT ?s ?zh ?en WHERE {{
  ?s rdfs:label ?zh , ?en .
  FILTER(LANGMATCHES(LANG(?zh), "zh") && LANGMATCHES(LANG(?en), "en"))
  FILTER(STRSTARTS(STR(?s), "{ID}organization/"))
}} ORDER BY ?s LIMIT 1""",
    )
    assert rows, "some organisation should have a zh-Hans label"
    row = rows[0]
    heading = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
    zh = page(server, path_of(row["s"]), **{"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"})
    assert heading.search(zh).group(1).strip() == row["zh"]  # type: ignore[union-attr]
    assert '<html lang="zh-Hans">' in zh
    en = page(server, path_of(row["s"]), **{"Accept-Language": "en-GB,en;q=0.9"})
    assert heading.search(en).group(1).strip() != row["zh"]  # type: ignore[union-attr]
    forced = page(server, path_of(row["s"]) + "?lang=zh", **{"Accept-Language": "en"})
    assert heading.search(forced).group(1).strip() == row["zh"]  # type: ignore[union-attr]


def test_page_lists_properties_incoming_links_sources_and_formats(server: str) -> None:
    rows = select(
        server,
        f"""
SELECT ?e ?title (COUNT(?in) AS ?n) WHERE {{
  ?in ?p ?e . ?e prov:wasDerivedFrom ?src . ?src dct:title ?title .
  FILTER(STRSTARTS(STR(?e), "{ID}project/"))
}} GROUP BY ?e ?title ORDER BY DESC(?n) ?e LIMIT 1""",
    )
    assert rows
    text = page(server, path_of(rows[0]["e"]))
    assert "What links here" in text and "Source documents" in text
    assert rows[0]["title"] in text
    for suffix in (".ttl", ".jsonld", ".nt", ".rdf"):
        assert f'{path_of(rows[0]["e"])}{suffix}"' in text
    assert 'href="/id/' in text, "linked entities are links on this host"


def test_page_works_without_javascript_or_remote_assets(server: str) -> None:
    r = httpx.get(server + "/id/organization/ilo", headers={"Accept": "text/html"})
    assert r.status_code == 200
    assert "<script" not in r.text.lower()
    assert not re.search(r'<link[^>]+rel="stylesheet"[^>]+href="https?://', r.text)
    assert "<style>" in r.text


def test_landing_page_lists_kinds_with_counts(server: str) -> None:
    r = httpx.get(server + "/", headers={"Accept": "text/html"})
    assert r.status_code == 200
    for link in ("/sparql", "/docs", "/dataset", "/api/queries"):
        assert f'href="{link}"' in r.text
    assert re.search(r"<th scope=\"row\">organization</th><td>\d+", r.text)
