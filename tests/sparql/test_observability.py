"""One structured log line per query, and /metrics in the Prometheus text format."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from .conftest import JSON, Sandbox, wait_idle


def query_log(sandbox: Sandbox) -> list[dict[str, Any]]:
    lines = []
    for line in sandbox.log_text().splitlines():
        _, sep, payload = line.partition(" ilokg.query ")
        if sep:
            lines.append(json.loads(payload))
    return lines


def find(sandbox: Sandbox, query: str, timeout: float = 5) -> dict[str, Any]:
    digest = hashlib.sha256(query.encode()).hexdigest()[:16]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        hits = [e for e in query_log(sandbox) if e.get("hash") == digest]
        if hits:
            assert len(hits) == 1, hits
            return hits[0]
        time.sleep(0.1)
    raise AssertionError(f"no log line for {digest}")


def samples(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    r = httpx.get(base + "/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    out = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(metrics: dict[Any, float], name: str, **labels: str) -> float:
    return metrics.get((name, tuple(sorted(labels.items()))), 0.0)


def test_one_structured_log_line_per_query(sandbox: Sandbox) -> None:
    tag = uuid.uuid4().hex
    ok = f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT 7 # {tag}"
    assert httpx.post(sandbox.endpoint, data={"query": ok}).status_code == 200
    entry = find(sandbox, ok)
    assert entry["event"] == "query"
    assert entry["status"] == "ok"
    assert entry["rows"] == 7
    assert entry["truncated"] is False
    assert isinstance(entry["ms"], (int, float)) and entry["ms"] >= 0
    assert tag not in json.dumps(entry)  # the log keeps a hash, not the query text

    bad = f"SELECT * WHERE {{ ?s ?p }} # {tag}"
    assert httpx.post(sandbox.endpoint, data={"query": bad}).status_code == 400
    assert find(sandbox, bad)["status"] == "syntax_error"

    runaway = f"SELECT (COUNT(*) AS ?n) {{ ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }} # {tag}"
    assert httpx.post(sandbox.endpoint, data={"query": runaway}, timeout=30).status_code == 503
    entry = find(sandbox, runaway)
    assert entry["status"] == "query_timeout"
    assert entry["ms"] >= 900
    wait_idle(sandbox.base)


def test_prometheus_metrics(sandbox: Sandbox) -> None:
    before = samples(sandbox.base)
    query = f"SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o }} # metrics {time.time_ns()}"
    for _ in range(3):
        assert httpx.get(sandbox.endpoint, params={"query": query}).status_code == 200
    etag = httpx.get(sandbox.endpoint, params={"query": query}).headers["etag"]
    assert (
        httpx.get(
            sandbox.endpoint, params={"query": query}, headers={"If-None-Match": etag}
        ).status_code
        == 304
    )
    assert httpx.post(sandbox.endpoint, data={"query": "SELECT * {"}).status_code == 400
    assert httpx.get(sandbox.base + "/no/such/page").status_code == 404
    assert httpx.get(sandbox.base + "/healthz").status_code == 200
    after = samples(sandbox.base)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("ilokg_http_requests_total", route="/sparql", status="200") >= 4
    assert delta("ilokg_http_requests_total", route="/sparql", status="304") == 1
    assert delta("ilokg_http_requests_total", route="/sparql", status="400") == 1
    assert delta("ilokg_http_requests_total", route="unmatched", status="404") == 1
    assert delta("ilokg_http_requests_total", route="/healthz", status="200") >= 1
    assert delta("ilokg_http_request_seconds_count", route="/sparql") >= 6
    assert value(after, "ilokg_http_request_seconds_bucket", route="/sparql", le="+Inf") >= 6
    assert delta("ilokg_cache_total", result="not_modified") == 1
    # evaluated once; the repeats come from the per-build result cache
    assert delta("ilokg_queries_total", outcome="ok") == 1
    assert delta("ilokg_cache_total", result="sparql_miss") == 1
    assert delta("ilokg_cache_total", result="sparql_hit") == 3
    assert delta("ilokg_queries_total", outcome="syntax_error") == 1
    assert value(after, "ilokg_query_seconds_count") >= 1
    assert ("ilokg_query_timeouts_total", ()) in after
    # routes are labelled by their template, never by the raw path
    assert not any(dict(labels).get("route", "").startswith("/no/") for (_, labels) in after)


def test_timeouts_are_counted(sandbox: Sandbox) -> None:
    before = value(samples(sandbox.base), "ilokg_query_timeouts_total")
    runaway = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?x ?y ?z }"
    assert (
        httpx.post(
            sandbox.endpoint, data={"query": runaway}, timeout=30, headers={"Accept": JSON}
        ).status_code
        == 503
    )
    wait_idle(sandbox.base)
    after = samples(sandbox.base)
    assert value(after, "ilokg_query_timeouts_total") == before + 1
    assert value(after, "ilokg_queries_total", outcome="query_timeout") >= 1
