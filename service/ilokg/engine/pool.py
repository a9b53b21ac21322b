"""A pool of query worker processes, driven from the asyncio event loop.

The event loop never evaluates a query: it hands the request to an idle worker
through a pipe and waits for the answer in a helper thread with a deadline. On
timeout the worker is killed and replaced, and the caller gets QueryTimeout (503);
a full queue gives EngineBusy (503 + Retry-After). Each worker opens the store
itself (an in-memory copy by default, or the on-disk store read-only).
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing as mp
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from ..errors import EngineBusy, EngineError, EngineUnavailable, QueryRejected, QueryTimeout
from .base import QueryRequest, QueryResult
from .worker import main as worker_main

log = logging.getLogger("ilokg.engine")
_CTX = mp.get_context("spawn")
START_TIMEOUT = 600.0


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection

    def kill(self) -> None:
        try:
            self.process.kill()
            self.process.join(timeout=5)
        finally:
            self.conn.close()


class WorkerPool:
    """The embedded Oxigraph backend."""

    name = "oxigraph"

    def __init__(
        self,
        build: Path,
        *,
        size: int,
        queue_size: int,
        mode: str = "memory",
        union: bool = True,
        prefixes: dict[str, str] | None = None,
    ) -> None:
        self.build = build
        self.size = size
        self.queue_size = queue_size
        self.mode = mode
        self.union = union
        self.prefixes = prefixes or {}
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._waiting = 0
        self._closed = False
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="ilokg-wait")
        self._loop: asyncio.AbstractEventLoop | None = None
        self.timeouts = 0
        self.crashes = 0

    def _spawn(self) -> _Worker:
        parent, child = _CTX.Pipe(duplex=True)
        process = _CTX.Process(
            target=worker_main,
            args=(child, str(self.build), self.mode, self.union, self.prefixes),
            daemon=True,
            name="ilokg-query-worker",
        )
        process.start()
        child.close()
        if not parent.poll(START_TIMEOUT):
            process.kill()
            raise EngineUnavailable("a query worker did not start in time")
        try:
            hello = parent.recv()
        except EOFError as exc:
            raise EngineUnavailable("a query worker died while opening the store") from exc
        if not hello.get("ready"):
            process.kill()
            raise EngineUnavailable(hello.get("message", "a query worker could not start"))
        worker = _Worker(process, parent)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        workers = await asyncio.gather(
            *(self._loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size))
        )
        for w in workers:
            self._idle.put_nowait(w)

    def _replace_later(self, dead: _Worker) -> None:
        self._all.discard(dead)
        loop = self._loop

        def respawn() -> None:
            for attempt in range(5):
                if self._closed:
                    return
                try:
                    fresh = self._spawn()
                except EngineError:
                    log.exception("respawning a query worker failed (attempt %d)", attempt + 1)
                    time.sleep(1 + attempt)
                    continue
                if loop is not None and not loop.is_closed():
                    loop.call_soon_threadsafe(self._idle.put_nowait, fresh)
                return

        threading.Thread(target=respawn, name="ilokg-respawn", daemon=True).start()

    async def execute(self, request: QueryRequest, timeout: float) -> QueryResult:
        if self._closed:
            raise EngineUnavailable("the engine is shutting down")
        if self._waiting >= self.queue_size + self.size:
            raise EngineBusy("too many queries are waiting; retry in a few seconds")
        self._waiting += 1
        deadline = time.monotonic() + timeout
        try:
            try:
                worker = await asyncio.wait_for(self._idle.get(), timeout)
            except TimeoutError as exc:
                raise EngineBusy("no query worker became free in time; retry shortly") from exc
        finally:
            self._waiting -= 1
        remaining = max(0.01, deadline - time.monotonic())
        loop = asyncio.get_running_loop()
        started = time.perf_counter()
        try:
            reply = await loop.run_in_executor(
                self._threads, _ask, worker, request.to_wire(), remaining
            )
        except _Timeout:
            self.timeouts += 1
            worker.kill()
            self._replace_later(worker)
            raise QueryTimeout(
                f"the query was stopped after {timeout:g} s (ILOKG_QUERY_TIMEOUT); "
                "add a LIMIT or narrow the patterns"
            ) from None
        except (EOFError, OSError):
            self.crashes += 1
            worker.kill()
            self._replace_later(worker)
            raise EngineError(
                "the query engine crashed on this query (too deep or too large?); "
                "simplify the query", code="engine_crash"
            ) from None
        except BaseException:
            # cancelled while the worker is busy: its answer can't be matched any more
            worker.kill()
            self._replace_later(worker)
            raise
        self._idle.put_nowait(worker)
        if "error" in reply:
            raise QueryRejected(reply["message"], code=reply["error"])
        return QueryResult(
            kind=reply["kind"],
            media_type=reply["media_type"],
            body=reply["body"],
            rows=reply["rows"],
            truncated=reply["truncated"],
            seconds=time.perf_counter() - started,
        )

    def healthy(self) -> bool:
        return not self._closed and any(w.process.is_alive() for w in self._all)

    def stats(self) -> dict[str, Any]:
        return {
            "workers": len(self._all),
            "idle": self._idle.qsize(),
            "waiting": self._waiting,
            "timeouts": self.timeouts,
            "crashes": self.crashes,
        }

    async def close(self) -> None:
        self._closed = True
        for w in list(self._all):
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.kill()
        self._all.clear()
        self._threads.shutdown(wait=False, cancel_futures=True)


class _Timeout(Exception):
    pass


def _ask(worker: _Worker, wire: dict[str, Any], timeout: float) -> dict[str, Any]:
    worker.conn.send(wire)
    if not worker.conn.poll(timeout):
        raise _Timeout
    reply: dict[str, Any] = worker.conn.recv()
    return reply
