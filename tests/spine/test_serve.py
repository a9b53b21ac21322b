"""`ilokg serve` over a real store: SPARQL, health, settings, bad start-ups."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from ..helpers import free_port, live_server, run_cli


def _built(root: Path, tmp_path: Path) -> Path:
    store = tmp_path / "store"
    result = run_cli("build", "--root", str(root), "--store", str(store))
    assert result.returncode == 0, result.stderr
    return store


def test_serve_answers_sparql_and_health(mini_root: Path, tmp_path: Path) -> None:
    store = _built(mini_root, tmp_path)
    with live_server("--store", str(store), "--root", str(mini_root)) as base:
        ask = httpx.get(f"{base}/sparql", params={"query": "ASK{?s ?p ?o}"})
        assert ask.status_code == 200
        assert ask.json() == {"head": {}, "boolean": True}
        health = httpx.get(f"{base}/healthz").json()
        assert health["status"] == "ok"
        assert health["triples"] == 7
        assert health["backend"] == "oxigraph"
        assert len(health["build_hash"]) == 64
        docs = httpx.get(f"{base}/openapi.json").json()
        assert "/sparql" in docs["paths"] and "/healthz" in docs["paths"]


def test_failed_rebuild_keeps_serving_the_last_good_store(mini_root: Path, tmp_path: Path) -> None:
    store = _built(mini_root, tmp_path)
    with live_server("--store", str(store), "--root", str(mini_root)) as base:
        (mini_root / "data" / "broken.ttl").write_text("this is not turtle\n")
        assert run_cli("build", "--root", str(mini_root), "--store", str(store)).returncode == 2
        count = httpx.get(
            f"{base}/sparql",
            params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
            headers={"Accept": "text/csv"},
        )
        assert count.text.splitlines() == ["n", "7"]
        assert httpx.get(f"{base}/healthz").status_code == 200


def test_serve_builds_a_missing_store(mini_root: Path, tmp_path: Path) -> None:
    store = tmp_path / "fresh" / "store"
    with live_server("--store", str(store), "--root", str(mini_root)) as base:
        assert httpx.get(f"{base}/healthz").json()["triples"] == 7
    assert (store / "manifest.json").is_file()


def test_settings_come_from_the_environment(mini_root: Path, tmp_path: Path) -> None:
    store = _built(mini_root, tmp_path)
    port = free_port()
    env = {
        **os.environ,
        "ILOKG_PORT": str(port),
        "ILOKG_STORE": str(store),
        "ILOKG_ROOT": str(mini_root),
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "ilokg.cli", "serve"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise AssertionError("server did not start on ILOKG_PORT")
    finally:
        proc.terminate()
        proc.wait(timeout=15)


def test_port_in_use_is_a_clear_error(mini_root: Path, tmp_path: Path) -> None:
    store = _built(mini_root, tmp_path)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--store", str(store), "--port", str(port), timeout=60)
    assert result.returncode == 2
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr


def test_health_is_503_when_the_store_is_unusable(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "ILOKG_STORE": str(tmp_path / "missing")}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "ilokg.app:create_app",
            "--factory",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.2)
        assert r.status_code == 503
        assert "ilokg build" in r.json()["message"]
        q = httpx.get(f"http://127.0.0.1:{port}/sparql", params={"query": "ASK{}"})
        assert q.status_code == 503
        assert q.json()["error"] == "store_unavailable"
    finally:
        proc.terminate()
        proc.wait(timeout=15)
