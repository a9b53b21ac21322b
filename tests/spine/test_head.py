"""HEAD answers like GET without a body on every GET resource (RFC 9110 §9.3.2)."""

from __future__ import annotations

import httpx
import pytest

PATHS = [
    "/healthz",
    "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D",
    "/api/queries",
    "/api/queries/agreements",
    "/id/organization/ilo",
    "/id/organization/ilo.ttl",
    "/dataset",
    "/ontology",
    "/openapi.json",
]


@pytest.mark.parametrize("path", PATHS)
def test_head_matches_get(server: str, path: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as client:
        got = client.get(path)
        head = client.head(path)
    assert got.status_code == 200, got.text[:300]
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers.get("content-type") == got.headers.get("content-type")
    for name in ("etag", "vary"):
        if name in got.headers:
            assert head.headers.get(name) == got.headers[name], name
    if "content-length" in got.headers:
        assert head.headers["content-length"] == str(len(got.content))


def test_head_on_unknown_entity_is_404(server: str) -> None:
    head = httpx.head(server + "/id/organization/no-such-thing", timeout=30)
    assert head.status_code == 404
    assert head.content == b""


def test_post_only_route_still_refuses_head(server: str) -> None:
    head = httpx.head(server + "/validate", timeout=30)
    assert head.status_code == 405
