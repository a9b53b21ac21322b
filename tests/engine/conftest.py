"""Engine tests: real `oxigraph serve` processes and real `ilokg serve` servers on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from ..helpers import ROOT, free_port, live_server, run_cli

JSON = "application/sparql-results+json"


def oxigraph_cli() -> str | None:
    """The `oxigraph` command of the `oxigraph` PyPI package (test extra)."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


class OxigraphServer:
    """`oxigraph serve` on 127.0.0.1, started and stopped by the tests."""

    def __init__(self, location: Path | None, timeout_s: int = 10) -> None:
        cli = oxigraph_cli()
        if cli is None:
            pytest.skip("the `oxigraph` command is not installed (pip install oxigraph)")
        self.cli = cli
        self.location = location
        self.timeout_s = timeout_s
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def env(self) -> dict[str, str]:
        return {
            "ILOKG_BACKEND": "sparql",
            "ILOKG_SPARQL_QUERY_URL": f"{self.base}/query",
            "ILOKG_SPARQL_UPDATE_URL": f"{self.base}/update",
            "ILOKG_SPARQL_STORE_URL": f"{self.base}/store",
        }

    def start(self) -> None:
        # No --union-default-graph: it would make the store ignore FROM clauses; the
        # service sends the dataset with every query instead (engine/remote.py).
        args = [
            self.cli,
            "serve",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--timeout-s",
            str(self.timeout_s),
        ]
        if self.location is not None:
            args += ["--location", str(self.location)]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.post(
                    f"{self.base}/query",
                    data={"query": "ASK {}"},
                    headers={"Accept": JSON},
                    timeout=2,
                )
                if r.status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("oxigraph serve did not come up")
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def select(self, query: str) -> list[dict[str, Any]]:
        r = httpx.post(
            f"{self.base}/query", data={"query": query}, headers={"Accept": JSON}, timeout=30
        )
        r.raise_for_status()
        return list(r.json()["results"]["bindings"])


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A persistent `oxigraph serve` (restartable on the same port and data)."""
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def remote_build(oxigraph: OxigraphServer) -> dict[str, Any]:
    """`ilokg build --backend sparql` of the real data into the oxigraph server."""
    done = run_cli(
        "build",
        "--backend",
        "sparql",
        "--root",
        str(ROOT),
        "--no-validate",
        "--quiet",
        env=oxigraph.env,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture(scope="session")
def remote_server(oxigraph: OxigraphServer, remote_build: dict[str, Any]) -> Iterator[str]:
    """`ilokg serve` with ILOKG_BACKEND=sparql over the oxigraph server (3 s timeout)."""
    with live_server(
        "--root",
        str(ROOT),
        "--query-timeout",
        "3",
        env={**oxigraph.env, "ILOKG_LOG_LEVEL": "warning"},
    ) as base:
        yield base


# -- comparing answers -------------------------------------------------------------------


def _norm(term: dict[str, str] | None) -> tuple[str, ...] | None:
    if term is None:
        return None
    if term["type"] == "bnode":
        return ("bnode",)  # labels differ between stores
    return (term["type"], term["value"], term.get("datatype", ""), term.get("xml:lang", ""))


def rows(base: str, query: str, **params: Any) -> Any:
    """A multiset of result rows (or the boolean of an ASK)."""
    r = httpx.post(
        f"{base}/sparql", data={"query": query, **params}, headers={"Accept": JSON}, timeout=30
    )
    assert r.status_code == 200, r.text
    assert "x-result-truncated" not in r.headers, "a comparison needs the whole answer"
    data = r.json()
    if "boolean" in data:
        return data["boolean"]
    names = data["head"]["vars"]
    return Counter(tuple(_norm(b.get(n)) for n in names) for b in data["results"]["bindings"])


def proc_alive(pid: int) -> bool:
    """True while /proc shows the process and it is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] not in ("Z", "X")


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def engine_stats(base: str) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{base}/healthz", timeout=5).json()
    return dict(body.get("engine") or {})


def wait_until(predicate: Any, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return bool(predicate())
