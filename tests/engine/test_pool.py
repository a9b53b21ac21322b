"""The embedded backend's worker pool, through real `ilokg serve` processes.

Runaway queries are killed at the timeout and their worker replaced, /healthz stays fast
meanwhile, crashes give a clean JSON error, a full queue gives 503 + Retry-After, 20
concurrent clients get their own answers, and no worker outlives its server.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox
import pytest

from ..helpers import ROOT, live_server
from .conftest import JSON, engine_stats, parent_of, proc_alive, rows, wait_until

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2.0


@pytest.fixture(scope="module")
def pool_server(project_store: Path) -> Iterator[str]:
    """A server of its own (the tests kill its workers): 2 workers, 2 s timeout."""
    with live_server(
        "--store",
        str(project_store),
        "--root",
        str(ROOT),
        "--query-timeout",
        str(TIMEOUT),
        "--engine-workers",
        "2",
        env={"ILOKG_LOG_LEVEL": "warning"},
    ) as base:
        yield base


def post(base: str, query: str, timeout: float = 30, **params: Any) -> httpx.Response:
    return httpx.post(
        f"{base}/sparql", data={"query": query, **params}, headers={"Accept": JSON}, timeout=timeout
    )


def test_runaway_queries_stopped_replaced_and_healthz_stays_fast(pool_server: str) -> None:
    before = set(engine_stats(pool_server)["worker_pids"])
    assert len(before) == 2
    answers: list[tuple[float, httpx.Response]] = []

    def runaway() -> None:
        started = time.monotonic()
        r = post(pool_server, RUNAWAY)
        answers.append((time.monotonic() - started, r))

    threads = [threading.Thread(target=runaway) for _ in range(2)]
    for t in threads:
        t.start()
    latencies = []
    with httpx.Client(timeout=5) as client:
        while any(t.is_alive() for t in threads):
            started = time.perf_counter()
            r = client.get(f"{pool_server}/healthz")
            latencies.append(time.perf_counter() - started)
            assert r.status_code == 200, r.text
            time.sleep(0.02)
    for t in threads:
        t.join()
    assert len(latencies) >= 20
    assert max(latencies) < 0.100, f"/healthz took {max(latencies) * 1000:.0f} ms"
    for took, r in answers:
        assert r.status_code == 503
        assert r.json()["error"] == "query_timeout"
        assert "ILOKG_QUERY_TIMEOUT" in r.json()["message"]
        assert r.headers.get("Retry-After")
        assert took < TIMEOUT + 2, f"the runaway query took {took:.1f} s"
    # both workers were killed and replaced, and the replacements really serve
    assert wait_until(lambda: len(engine_stats(pool_server)["worker_pids"]) == 2, 30)
    after = set(engine_stats(pool_server)["worker_pids"])
    assert not after & before
    assert not any(proc_alive(pid) for pid in before)
    assert rows(pool_server, "ASK { ?s ?p ?o }") is True
    stats = engine_stats(pool_server)
    assert stats["timeouts"] >= 2 and stats["respawns"] >= 2


def test_killed_worker_gives_clean_error_and_is_replaced(pool_server: str) -> None:
    assert wait_until(lambda: engine_stats(pool_server)["idle"] == 2, 30)
    pids = engine_stats(pool_server)["worker_pids"]
    result: dict[str, httpx.Response] = {}
    t = threading.Thread(target=lambda: result.setdefault("r", post(pool_server, RUNAWAY)))
    t.start()
    assert wait_until(lambda: engine_stats(pool_server)["idle"] == 1, 5)
    # what a stack overflow does to a worker, for both: the busy one and the idle one
    for pid in pids:
        os.kill(pid, signal.SIGSEGV)
    t.join()
    r = result["r"]
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"] == "engine_crash"
    assert r.json()["message"]
    # the dead idle worker is skipped, replacements answer
    assert rows(pool_server, "ASK { ?s ?p ?o }") is True
    assert wait_until(lambda: len(engine_stats(pool_server)["worker_pids"]) == 2, 30)
    assert not set(engine_stats(pool_server)["worker_pids"]) & set(pids)


def test_operator_chain_that_used_to_crash_is_answered(pool_server: str) -> None:
    """10,000 `!` overflowed an 8 MiB stack (under every lexical limit): now answered."""
    query = "SELECT * WHERE { FILTER(" + "!" * 10_000 + "true) }"
    r = post(pool_server, query)
    assert r.status_code == 200, r.text
    assert engine_stats(pool_server)["crashes"] <= 1  # only the SIGSEGV test's


def test_worker_memory_is_reported(pool_server: str) -> None:
    stats = engine_stats(pool_server)
    assert stats["mode"] == "memory"
    rss = [r for r in stats["worker_rss_mb"] if r is not None]
    assert rss and all(10 < r < 1000 for r in rss), rss


def _expected(project_store: Path) -> dict[str, Any]:
    store = ox.Store.read_only(str(project_store.resolve() / "oxigraph"))
    entities = [
        row[0].value
        for row in store.query(
            "SELECT DISTINCT ?s WHERE { ?s a ?t FILTER(isIRI(?s)) } ORDER BY ?s LIMIT 20",
            use_default_graph_as_union=True,
        )
    ]
    return {"entities": entities}


@pytest.mark.parametrize("backend", ["oxigraph", "sparql"])
def test_twenty_concurrent_clients_get_their_own_answers(
    backend: str, request: pytest.FixtureRequest, project_store: Path
) -> None:
    base = request.getfixturevalue("server" if backend == "oxigraph" else "remote_server")
    entities = _expected(project_store)["entities"]
    assert len(entities) == 20

    def describe(i: int) -> str:
        return (
            f"SELECT ?client ?p ?o WHERE {{ BIND({i} AS ?client) <{entities[i]}> ?p ?o "
            "FILTER(!isBlank(?o)) }"
        )

    # the answers one client at a time first
    expected = {i: rows(base, describe(i)) for i in range(20)}
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?r }"
    heavy_rows = rows(base, heavy)

    def client(i: int) -> list[str]:
        problems = []
        with httpx.Client(timeout=30) as http:
            for round_ in range(5):
                q = heavy if (i + round_) % 5 == 0 else describe(i)
                r = http.post(f"{base}/sparql", data={"query": q}, headers={"Accept": JSON})
                if r.status_code != 200:
                    problems.append(f"client {i}: HTTP {r.status_code} {r.text[:200]}")
                    continue
                got = rows_of(r.json())
                want = heavy_rows if q == heavy else expected[i]
                if got != want:
                    problems.append(f"client {i} round {round_}: wrong answer")
        return problems

    with ThreadPoolExecutor(20) as pool:
        problems = [p for ps in pool.map(client, range(20)) for p in ps]
    assert not problems, problems[:5]


def rows_of(data: dict[str, Any]) -> Any:
    from collections import Counter

    from .conftest import _norm

    names = data["head"]["vars"]
    return Counter(tuple(_norm(b.get(n)) for n in names) for b in data["results"]["bindings"])


def test_queue_full_gives_503_retry_after_and_shutdown_leaves_no_worker(
    project_store: Path,
) -> None:
    env = {"ILOKG_ENGINE_WORKERS": "1", "ILOKG_QUEUE_SIZE": "1", "ILOKG_LOG_LEVEL": "warning"}
    threads = []
    with live_server(
        "--store", str(project_store), "--root", str(ROOT), "--query-timeout", "2", env=env
    ) as base:
        pids = list(engine_stats(base)["worker_pids"])
        assert len(pids) == 1
        for _ in range(2):  # one runs, one waits
            t = threading.Thread(target=post, args=(base, RUNAWAY))
            t.start()
            threads.append(t)
            time.sleep(0.3)
        assert wait_until(lambda: engine_stats(base)["waiting"] == 1, 3)
        started = time.monotonic()
        r = post(base, "ASK { ?s ?p ?o }")
        assert time.monotonic() - started < 1.0
        assert r.status_code == 503
        assert r.json()["error"] == "busy"
        assert int(r.headers["Retry-After"]) > 0
        pids += engine_stats(base)["worker_pids"]
        # leave with a query running: the server must still stop every worker
    for t in threads:
        t.join()
    assert wait_until(lambda: not any(proc_alive(p) for p in pids), 5), [
        p for p in pids if proc_alive(p)
    ]


def _quietly(fn: Any, *args: Any) -> None:
    with contextlib.suppress(httpx.HTTPError):
        fn(*args)


def test_workers_exit_when_the_server_is_killed(pool_server: str) -> None:
    """Last test of the module: SIGKILLs the module's server (no shutdown hooks run)."""
    assert wait_until(lambda: engine_stats(pool_server)["idle"] == 2, 30)
    pids = list(engine_stats(pool_server)["worker_pids"])
    server_pid = parent_of(pids[0])
    t = threading.Thread(target=lambda: _quietly(post, pool_server, RUNAWAY, 10))
    t.start()
    assert wait_until(lambda: engine_stats(pool_server)["idle"] == 1, 5)
    os.kill(server_pid, signal.SIGKILL)
    # the busy worker is inside Oxigraph: only its watch on the parent can end it
    assert wait_until(lambda: not any(proc_alive(p) for p in pids), 5), [
        p for p in pids if proc_alive(p)
    ]
    t.join()


def test_queued_query_of_a_disconnected_client_is_not_evaluated(project_store: Path) -> None:
    """A query that waited for a worker is dropped if its client has gone meanwhile; the
    worker goes on to the next query (checked in-process, on the pool itself)."""
    from ilokg.engine.base import QueryRequest, client_gone
    from ilokg.engine.pool import GONE_CHECK_AFTER, WorkerPool
    from ilokg.errors import ClientGone
    from ilokg.store import read_manifest

    manifest = read_manifest(project_store)
    assert manifest is not None
    pool = WorkerPool(Path(manifest["path"]), size=1, queue_size=4)
    asked: list[str] = []

    async def scenario() -> None:
        await pool.start()
        try:
            # the only worker is busy with a runaway query for ~0.5 s (then killed, replaced)
            runaway = asyncio.ensure_future(pool.execute(QueryRequest(query=RUNAWAY), 0.5))
            await asyncio.sleep(0.1)

            async def gone() -> bool:
                asked.append("gone")
                return True

            async def still_there() -> bool:
                asked.append("there")
                return False

            async def queued(check: Any) -> Any:
                token = client_gone.set(check)
                try:
                    return await pool.execute(QueryRequest(query="ASK {}"), 30)
                finally:
                    client_gone.reset(token)

            dropped = asyncio.ensure_future(queued(gone))
            answered = asyncio.ensure_future(queued(still_there))
            with pytest.raises(Exception, match="stopped after"):
                await runaway
            with pytest.raises(ClientGone):
                await dropped
            result = await answered
            assert result.kind == "boolean" and b"true" in result.body
            # not queued: answered at once, the check is never made
            assert (await queued(gone)).kind == "boolean"
        finally:
            await pool.close()

    asyncio.run(scenario())
    assert asked == ["gone", "there"]
    assert GONE_CHECK_AFTER < 0.5
