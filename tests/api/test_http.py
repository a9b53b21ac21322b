"""The canned-query HTTP API on the fixture graph: safety, paging, formats, caching, OpenAPI."""

from __future__ import annotations

import csv
import io
import json
import re
import socket
from typing import Any

import httpx
import pytest

from ilokg.catalog import Catalog
from ilokg.namespaces import Namespaces

from ..helpers import ROOT

CATALOG = Catalog.load(ROOT / "queries", Namespaces())
# attack_matrix.md §6: inputs that must never change the query text.
ATTACKS = [
    'x" } ; DROP ALL ; #',
    "<http://ex/a> } UNION { ?s ?p ?o",
    "http://ex/a> . ?s ?p ?o . <http://ex/b",
    "x\\u0022 } SERVICE <http://127.0.0.1/> {",
    'x" } SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } #',
    "#",
    "a\nb",
    "\\",
    ".*",
    "') || true || ('",
    "?s",
    'en"@de',
]
STRING_PARAMS = [
    pytest.param(q.name, p.name, p.type == "string" and not p.enum, id=f"{q.name}-{p.name}")
    for q in CATALOG
    for p in q.params  # every parameter, not only string and iri ones
]


def get(base: str, path: str, **kw: Any) -> httpx.Response:
    return httpx.get(base + path, timeout=30, **kw)


def _required(name: str) -> dict[str, str]:
    query = CATALOG.get(name)
    return {p.name: p.example or "" for p in query.params if p.required}


def _triples(base: str) -> int:
    return int(get(base, "/healthz").json()["triples"])


@pytest.mark.parametrize(("name", "param", "free_text"), STRING_PARAMS)
def test_injection_is_inert(canned_server: str, name: str, param: str, free_text: bool) -> None:
    before = _triples(canned_server)
    for attack in ATTACKS:
        r = get(canned_server, f"/api/queries/{name}", params={**_required(name), param: attack})
        assert r.status_code in (200, 422), (attack, r.status_code, r.text)
        body = r.json()
        if r.status_code == 422:
            assert body["error"] == "invalid_parameter"
            assert f"`{param}`" in body["message"]
        else:  # free text is searched as that exact text: it matches nothing
            assert free_text and body["rows"] == [], attack
    assert _triples(canned_server) == before


def test_huge_values_are_refused(canned_server: str) -> None:
    r = get(canned_server, "/api/queries/search", params={"q": "x" * 5000})
    assert r.status_code == 422 and "at most 100" in r.json()["message"]
    # 1 MB in the request line (httpx refuses to send it): a 4xx or a closed connection.
    host, port = canned_server.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as sock:
        try:
            sock.sendall(
                b"GET /api/queries/search?q=" + b"x" * 1_000_000 + b" HTTP/1.1\r\n"
                b"Host: x\r\nConnection: close\r\n\r\n"
            )
            status = sock.recv(64)
        except OSError:
            status = b""
    assert status == b"" or re.match(rb"HTTP/1\.1 4\d\d", status), status
    assert get(canned_server, "/healthz").status_code == 200


@pytest.mark.parametrize(
    ("params", "fragment"),
    [
        ({"from": "20"}, "`from`: expected a year of 4 digits"),
        ({"to": "2019-01"}, "`to`: expected a year"),
        ({"party": "nobody"}, "`party`: nothing in the graph matches 'nobody'"),
        ({"party": "country/chn"}, "is not an entity of class org:Organization"),
        ({"party": "Alice Wang"}, "`party`: nothing in the graph matches"),
        ({"theme": "http://ex/a b"}, "not a valid IRI"),
        ({"zz": "1"}, "unknown parameter `zz`; query `agreements` takes: party, theme, from, to"),
        ({"limit": "1e12"}, "`limit`: expected an integer"),
        ({"limit": "-1"}, "`limit`: expected an integer of at least 1"),
        ({"limit": "0"}, "`limit`"),
        ({"offset": "-5"}, "`offset`"),
        ({"format": "xml"}, "`format`: expected one of json, csv, srj"),
    ],
)
def test_bad_parameters_get_422_naming_them(
    canned_server: str, params: dict[str, str], fragment: str
) -> None:
    r = get(canned_server, "/api/queries/agreements", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["error"] == "invalid_parameter"
    assert fragment in r.json()["message"]


def test_more_422s(canned_server: str) -> None:
    cases = [
        ("/api/queries/initiative", {}, "`initiative` is required"),
        ("/api/queries/timeline", {"from": "2021-02-30"}, "`from`: expected an ISO date"),
        ("/api/queries/timeline", {"kind": "party"}, "`kind`: expected one of signing"),
        ("/api/queries/search", {"q": "a", "lang": 'en"@de'}, "`lang`: expected a BCP 47"),
        ("/api/queries/contributions", {"min_amount": "lots"}, "`min_amount`: expected an integer"),
        ("/api/queries/search", {"q": ["a", "b"]}, "`q` is given 2 times"),
    ]
    for path, params, fragment in cases:
        r = get(canned_server, path, params=params)
        assert r.status_code == 422 and fragment in r.json()["message"], (path, r.text)


def test_unknown_query_is_404(canned_server: str) -> None:
    r = get(canned_server, "/api/queries/nope")
    assert r.status_code == 404
    assert r.json()["error"] == "not_found" and "agreements" in r.json()["message"]


def test_limit_and_offset_are_clamped_and_paged(canned_server: str) -> None:
    full = get(canned_server, "/api/queries/timeline", params={"limit": 1000}).json()["rows"]
    assert len(full) == 19
    huge = get(canned_server, "/api/queries/timeline", params={"limit": "99999999999"}).json()
    assert huge["limit"] == 1000 and len(huge["rows"]) == 19
    far = get(canned_server, "/api/queries/timeline", params={"offset": "99999999999"}).json()
    assert far["offset"] == 100_000 and far["rows"] == [] and far["next"] is None
    rows, url, pages = [], "/api/queries/timeline?limit=5", 0
    while url:
        r = get(canned_server, url)
        assert r.status_code == 200
        rows += r.json()["rows"]
        pages += 1
        links = dict(
            (rel, u) for u, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', r.headers.get("link", ""))
        )
        assert ("prev" in links) == (pages > 1)
        assert r.json()["next"] == links.get("next")
        url = links.get("next", "")
    assert pages == 4 and rows == full


def test_csv(canned_server: str) -> None:
    r = get(
        canned_server,
        "/api/queries/people",
        params={"organization": "mohrss"},
        headers={"Accept": "text/csv"},
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(r.text)))
    assert len(table) == 4
    assert table[0]["person_label"] == "Alice Wang"
    assert table[0]["organization"].endswith("/organization/mohrss")
    assert table[0]["sources"].split() == [
        "https://w3id.org/ilo-china-kg/id/source/doc-a",
        "https://w3id.org/ilo-china-kg/id/source/doc-c",
    ]
    same = get(
        canned_server, "/api/queries/people", params={"organization": "mohrss", "format": "csv"}
    )
    assert same.text == r.text


def test_raw_sparql_json(canned_server: str) -> None:
    r = get(
        canned_server,
        "/api/queries/agreements",
        params={"party": "mohrss"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    body = r.json()
    assert {"agreement", "signatories", "party_param"} <= set(body["head"]["vars"])
    [row] = body["results"]["bindings"]
    assert row["party_param"]["value"].endswith("/organization/mohrss")


def test_not_acceptable(canned_server: str) -> None:
    r = get(canned_server, "/api/queries/sources", headers={"Accept": "application/xml"})
    assert r.status_code == 406 and "text/csv" in r.json()["message"]


def test_labels_follow_accept_language(canned_server: str) -> None:
    r = get(
        canned_server,
        "/api/queries/search",
        params={"q": "ilo", "limit": 1},
        headers={"Accept-Language": "zh-CN, zh;q=0.9"},
    )
    assert r.json()["rows"][0]["entity"]["label"] == "国际劳工组织"
    assert "Accept-Language" in r.headers["vary"]


def _cache_hits(base: str) -> float:
    text = get(base, "/metrics").text
    m = re.search(r'^ilokg_cache_total\{result="hit"\} ([0-9.]+)$', text, re.M)
    return float(m.group(1)) if m else 0.0


def test_etag_304_and_cache(canned_server: str) -> None:
    params = {"q": "skills", "type": "project"}
    first = get(canned_server, "/api/queries/search", params=params)
    etag = first.headers["etag"]
    hits = _cache_hits(canned_server)
    second = get(canned_server, "/api/queries/search", params=params)
    assert second.headers["etag"] == etag and second.content == first.content
    assert _cache_hits(canned_server) == hits + 1
    r = get(canned_server, "/api/queries/search", params=params, headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.content == b""
    other = get(canned_server, "/api/queries/search", params={"q": "skills"})
    assert other.headers["etag"] != etag
    as_csv = get(canned_server, "/api/queries/search", params={**params, "format": "csv"})
    assert as_csv.headers["etag"] != etag


def test_catalogue(canned_server: str) -> None:
    body = get(canned_server, "/api/queries").json()
    assert body["count"] == len(CATALOG) == len(body["queries"])
    by_name = {q["name"]: q for q in body["queries"]}
    agreements = by_name["agreements"]
    assert [p["name"] for p in agreements["parameters"]] == ["party", "theme", "from", "to"]
    assert agreements["parameters"][0]["class"] == "http://www.w3.org/ns/org#Organization"
    assert agreements["example"].startswith("/api/queries/agreements?party=mohrss")
    assert any(c["name"] == "sources" for c in agreements["columns"])
    for entry in body["queries"]:  # examples name real entities (tested on the real data)
        r = get(canned_server, entry["example"])
        assert r.status_code in (200, 422), (entry["example"], r.text)


def test_openapi_has_one_typed_operation_per_query(canned_server: str) -> None:
    spec = get(canned_server, "/openapi.json").json()
    for query in CATALOG:
        op = spec["paths"][f"/api/queries/{query.name}"]["get"]
        assert op["operationId"] == f"query_{query.name.replace('-', '_')}"
        assert op["summary"] == query.title
        params = {p["name"]: p for p in op["parameters"]}
        assert list(params) == [p.name for p in query.params] + ["limit", "offset", "format"]
        for p in query.params:
            spec_p = params[p.name]
            assert spec_p["in"] == "query" and spec_p["required"] == p.required
            assert "example" in spec_p and spec_p["description"]
            if p.enum:
                assert spec_p["schema"]["enum"] == list(p.enum)
            if p.type == "integer":
                assert spec_p["schema"]["type"] == "integer"
            if p.type == "year":
                assert spec_p["schema"]["pattern"] == "^[0-9]{4}$"
        content = op["responses"]["200"]["content"]
        assert {"application/json", "text/csv", "application/sparql-results+json"} <= set(content)
        row = content["application/json"]["schema"]["properties"]["rows"]["items"]["properties"]
        assert list(row) == [c.name for c in query.columns]
    assert "/api/queries/{name}" not in spec["paths"]
    docs = get(canned_server, "/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    json.dumps(spec)
