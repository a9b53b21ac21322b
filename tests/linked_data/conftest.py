"""Fixtures for the linked-data tests: SPARQL helpers over the live server and a canary."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

BASE = "https://w3id.org/ilo-china-kg/"
ID = BASE + "id/"
PREFIXES = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX ilokg: <https://w3id.org/ilo-china-kg/def/ilokg#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def select(server: str, query: str) -> list[dict[str, str]]:
    """Rows of {variable: value} from the live /sparql endpoint."""
    r = httpx.post(
        f"{server}/sparql",
        data={"query": PREFIXES + query},
        headers={"Accept": "application/sparql-results+json"},
        timeout=30,
    )
    assert r.status_code == 200, r.text
    return [{k: v["value"] for k, v in row.items()} for row in r.json()["results"]["bindings"]]


def path_of(iri: str) -> str:
    """/id/kind/slug for an entity IRI (fragment dropped)."""
    assert iri.startswith(ID), iri
    return "/id/" + iri[len(ID) :].split("#", 1)[0]


@dataclass
class Canary:
    """A loopback HTTP server that records every request it receives."""

    url: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture()
def canary() -> Iterator[Canary]:
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _hit(self) -> None:
            hits.append(f"{self.command} {self.path}")
            body = b'{"@context": {"name": "http://schema.org/name"}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_HEAD = _hit

        def log_message(self, *args: object) -> None:
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield Canary(f"http://127.0.0.1:{srv.server_address[1]}", hits)
    finally:
        srv.shutdown()
        srv.server_close()
