"""Test helpers: real servers on 127.0.0.1, started as the user would start them."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ILOKG = [sys.executable, "-m", "ilokg.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*ILOKG, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
        cwd=cwd,
    )


@contextlib.contextmanager
def live_server(
    *args: str,
    env: dict[str, str] | None = None,
    wait_for: str = "/healthz",
    expect_ok: bool = True,
    startup: float = 120,
    log: Path | None = None,
) -> Iterator[str]:
    """Start `ilokg serve ARGS --port P` and yield its base URL; stop it afterwards.

    With `log`, the server's stdout and stderr go to that file (and a server that exits
    during start-up is reported with it); otherwise they are discarded."""
    port = free_port()
    out = log.open("w", encoding="utf-8") if log is not None else open(os.devnull, "w")  # noqa: SIM115
    proc = subprocess.Popen(
        [*ILOKG, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        env={**os.environ, **(env or {})},
        stdout=out,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + startup
        while True:
            if proc.poll() is not None:
                told = f": {log.read_text()}" if log is not None else ""
                raise RuntimeError(f"ilokg serve exited with {proc.returncode}{told}")
            try:
                r = httpx.get(base + wait_for, timeout=2)
                if r.status_code == 200 or not expect_ok:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("ilokg serve did not come up in time")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        out.close()
