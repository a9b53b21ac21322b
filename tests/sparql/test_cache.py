"""/sparql answers are kept per build: a repeat is not evaluated again, and says so."""

from __future__ import annotations

import time

import httpx

JSON = "application/sparql-results+json"


def test_repeat_is_answered_from_the_cache_with_the_same_bytes(server: str) -> None:
    query = f"SELECT ?s WHERE {{ ?s a ?c }} ORDER BY ?s LIMIT 5 # cache {time.time_ns()}"
    with httpx.Client(base_url=server, timeout=30) as client:
        first = client.post("/sparql", data={"query": query}, headers={"Accept": JSON})
        again = client.post("/sparql", data={"query": query}, headers={"Accept": JSON})
        as_get = client.get("/sparql", params={"query": query}, headers={"Accept": JSON})
        as_csv = client.post("/sparql", data={"query": query}, headers={"Accept": "text/csv"})
    assert first.status_code == again.status_code == as_get.status_code == 200
    assert first.headers["x-cache"] == "miss"
    assert again.headers["x-cache"] == "hit" and as_get.headers["x-cache"] == "hit"
    assert again.content == first.content == as_get.content
    assert again.headers["x-result-rows"] == first.headers["x-result-rows"] == "5"
    assert again.headers["etag"] == first.headers["etag"]
    assert as_csv.headers["x-cache"] == "miss"  # another format is another answer
    assert as_csv.text.splitlines()[0] == "s"


def test_errors_are_not_cached(server: str) -> None:
    bad = f"SELECT * WHERE {{ ?s ?p }} # cache {time.time_ns()}"
    for _ in range(2):
        r = httpx.post(f"{server}/sparql", data={"query": bad}, timeout=30)
        assert r.status_code == 400
        assert "x-cache" not in r.headers
