"""Fixtures for the SPARQL endpoint tests.

* `server` (tests/conftest.py): `ilokg serve` over the real data, 3 s query timeout.
* `sandbox`: `ilokg serve --data` over a small generated graph with a 1 s timeout, a
  100-row cap and its log captured — for runaway queries, the row cap and the query log.
* `canary`: an HTTP listener on 127.0.0.1 that records every request it gets; a query that
  names it must never reach it.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from ..helpers import free_port, live_server

JSON = "application/sparql-results+json"
SANDBOX_TRIPLES = 400


@dataclass
class Sandbox:
    base: str
    log: Path
    endpoint: str = field(init=False)

    def __post_init__(self) -> None:
        self.endpoint = self.base + "/sparql"

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def sandbox_data(path: Path) -> Path:
    """400 triples in the default graph and 3 in a named graph <urn:g:named>."""
    lines = [
        f'<urn:s:{i}> <urn:p:{i % 7}> "value {i}" <urn:g:named> .\n'
        if i < 3
        else f"<urn:s:{i}> <urn:p:{i % 7}> <urn:s:{(i * 31) % SANDBOX_TRIPLES}> .\n"
        for i in range(SANDBOX_TRIPLES + 3)
    ]
    path.write_text("".join(lines), encoding="utf-8")
    return path


@contextlib.contextmanager
def serve_logged(
    log: Path, *args: str, env: dict[str, str] | None = None, startup: float = 120
) -> Iterator[str]:
    """`ilokg serve ARGS` on a free port with stdout+stderr in `log`."""
    with live_server(*args, env=env, startup=startup, log=log) as base:
        yield base


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sandbox]:
    folder = tmp_path_factory.mktemp("sandbox")
    data = sandbox_data(folder / "sandbox.nq")
    log = folder / "server.log"
    with serve_logged(
        log,
        "--data",
        str(data),
        "--query-timeout",
        "1",
        "--engine-workers",
        "2",
        env={"ILOKG_MAX_ROWS": "100", "ILOKG_LOG_LEVEL": "info"},
    ) as base:
        yield Sandbox(base, log)


@pytest.fixture(scope="session")
def endpoint(server: str) -> str:
    return server + "/sparql"


def wait_idle(base: str, timeout: float = 60) -> None:
    """Wait until every query worker is back (after runaway queries killed some)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            body = httpx.get(base + "/healthz", timeout=5).json()
        except (httpx.HTTPError, ValueError):
            body = {}
        engine = body.get("engine") or {}
        size = engine.get("size", engine.get("workers"))
        if body.get("status") == "ok" and size and engine.get("idle") == size:
            return
        time.sleep(0.2)
    raise AssertionError(f"the query workers did not come back: {body}")


def ask(endpoint: str, query: str) -> bool:
    r = httpx.post(endpoint, data={"query": query}, headers={"Accept": JSON}, timeout=30)
    assert r.status_code == 200, r.text
    return bool(r.json()["boolean"])


class Canary:
    """Records every request that reaches it; answers 200 with a tiny N-Triples body."""

    def __init__(self) -> None:
        self.hits: list[tuple[str, str]] = []
        hits = self.hits

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                hits.append((self.command, self.path))
                body = b"<urn:canary> <urn:canary> <urn:canary> .\n"
                self.send_response(200)
                self.send_header("Content-Type", "application/n-triples")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = do_HEAD = _answer

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Canary:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def canary() -> Iterator[Canary]:
    with Canary() as c:
        # the canary itself works: a request to it is seen
        httpx.get(c.url + "/self-test", timeout=5)
        assert c.hits == [("GET", "/self-test")]
        c.hits.clear()
        yield c
