"""A pool of query worker processes, driven from the asyncio event loop.

The event loop never evaluates a query: it writes the request to an idle worker's
pipe and reads the answer from it without blocking (the pipe's socket is registered
with the loop; no helper thread per query), with a deadline. Each
worker opens the store itself (an in-memory copy by default, or the on-disk store
read-only) and answers one query at a time, so a reply always belongs to the request
sent to that worker.

What happens when things go wrong:

* a query runs past the timeout: the worker is SIGKILLed at the deadline, the caller
  gets QueryTimeout (503), and a replacement is spawned in a background thread;
* a worker dies during a query (a stack overflow in the engine, the OOM killer, an
  operator's `kill`): the caller gets EngineError `engine_crash` (503), the worker is
  replaced; the query is not retried, since it may be what killed the worker;
* a worker that dies while idle is replaced at once (the loop watches each worker's
  exit sentinel); one found dead at dispatch is skipped: the query goes to another;
* every worker is busy and `queue_size` queries already wait: EngineBusy (503 +
  Retry-After) at once; a query that waited `timeout` seconds for a worker gets
  EngineBusy too. Waiting does not eat into the evaluation budget: a query gets the
  full timeout once it has a worker (otherwise a queue under load turns into a storm
  of killed and respawned workers);
* shutdown: every worker (also those still starting) is killed and reaped; a worker
  whose server was SIGKILLed exits on its own (it watches its parent).

Kills never block the event loop: SIGKILL is sent from the loop, reaping and
respawning happen in threads. A request whose client hung up while it waited for a
worker is dropped before evaluation (see `client_gone`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing as mp
import os
import pickle
import socket
import struct
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from ..errors import (
    ClientGone,
    EngineBusy,
    EngineError,
    EngineUnavailable,
    QueryRejected,
    QueryTimeout,
)
from .base import QueryRequest, QueryResult, client_gone
from .worker import main as worker_main

log = logging.getLogger("ilokg.engine")
_CTX = mp.get_context("spawn")
START_TIMEOUT = 600.0
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
GONE_CHECK_AFTER = 0.05  # seconds in the queue after which a query's client is checked


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    pid: int
    queries: int = 0
    busy: bool = False
    retired: bool = False
    # the same socketpair end as `conn`, non-blocking, read and written by the event loop
    # (no helper thread per query: one pipe round trip is the whole dispatch cost)
    sock: socket.socket | None = None

    def attach(self) -> None:
        if self.sock is None:
            sock = socket.socket(fileno=os.dup(self.conn.fileno()))
            sock.setblocking(False)
            self.sock = sock

    def close_pipe(self) -> None:
        for closer in (getattr(self.sock, "close", None), self.conn.close):
            with contextlib.suppress(OSError, ValueError, TypeError):
                if closer is not None:
                    closer()

    def signal_kill(self) -> None:
        """SIGKILL without waiting (safe to call from the event loop, and twice)."""
        with contextlib.suppress(OSError, ValueError, AttributeError):
            self.process.kill()

    def rss(self) -> int | None:
        try:
            with open(f"/proc/{self.pid}/statm", encoding="ascii") as fh:
                return int(fh.read().split()[1]) * _PAGE
        except (OSError, ValueError, IndexError):
            return None


@contextlib.contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start a spawn child without re-importing the parent's __main__ in it.

    A spawned child first imports the parent's main module (`ilokg.cli` with typer and
    pydantic-settings under `ilokg serve`): half a second per worker start, which is
    paid again on every kill-and-replace. The worker's entry point lives in
    ilokg.engine.worker, so the main module is not needed; multiprocessing reads
    `__main__.__spec__` / `__file__` only while `start()` prepares the child (the caller
    holds the pool's lock).
    """
    main = sys.modules.get("__main__")
    if main is None:
        yield
        return
    saved: dict[str, Any] = {
        k: main.__dict__[k] for k in ("__spec__", "__file__") if k in main.__dict__
    }
    try:
        main.__dict__["__spec__"] = None
        main.__dict__.pop("__file__", None)
        yield
    finally:
        main.__dict__.update(saved)


class _Timeout(Exception):
    pass


class _NotDelivered(Exception):
    """The request could not be written to the worker: it never started the query."""


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
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()  # started and ready (idle or busy)
        self._starting: set[BaseProcess] = set()  # spawned, still opening the store
        self._respawning = 0
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._waiting = 0
        self._closed = False
        # threads for start-up and respawns only (replies are read on the event loop)
        self._threads = ThreadPoolExecutor(max_workers=size + 2, thread_name_prefix="ilokg-wait")
        self._loop: asyncio.AbstractEventLoop | None = None
        self.timeouts = 0
        self.crashes = 0
        self.respawns = 0
        self.rejected = 0
        self.last_error: str | None = None

    # -- worker life cycle -------------------------------------------------------------

    def _spawn(self) -> _Worker:
        """Start one worker and wait until it has opened the store (runs in a thread)."""
        parent, child = _CTX.Pipe(duplex=True)
        process = _CTX.Process(
            target=worker_main,
            args=(child, str(self.build), self.mode, self.union, self.prefixes, os.getpid()),
            daemon=True,
            name="ilokg-query-worker",
        )
        with self._lock:
            if self._closed:
                raise EngineUnavailable("the engine is shutting down")
            with _main_module_hidden():
                process.start()
            self._starting.add(process)
        child.close()
        try:
            if not parent.poll(START_TIMEOUT):
                raise EngineUnavailable("a query worker did not start in time")
            try:
                hello = parent.recv()
            except (EOFError, OSError) as exc:
                raise EngineUnavailable("a query worker died while opening the store") from exc
            if not hello.get("ready"):
                raise EngineUnavailable(hello.get("message", "a query worker could not start"))
        except BaseException:
            process.kill()
            process.join(timeout=5)
            parent.close()
            raise
        finally:
            with self._lock:
                self._starting.discard(process)
        worker = _Worker(process, parent, pid=int(hello.get("pid") or process.pid or 0))
        with self._lock:
            if self._closed:
                process.kill()
                process.join(timeout=5)
                raise EngineUnavailable("the engine is shutting down")
            self._workers.add(worker)
        return worker

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        results = await asyncio.gather(
            *(self._loop.run_in_executor(self._threads, self._spawn) for _ in range(self.size)),
            return_exceptions=True,
        )
        started = [w for w in results if isinstance(w, _Worker)]
        errors = [e for e in results if isinstance(e, BaseException)]
        for w in started:
            self._add_idle(w)
        if not started:
            err = errors[0]
            raise err if isinstance(err, EngineError) else EngineUnavailable(str(err))
        for err in errors:  # a partial start: keep serving, fill the pool in the background
            log.warning("a query worker failed to start (%s); retrying in the background", err)
            self._respawn_in_background(None)
        log.info(
            "engine: %d query worker(s), %s mode, store %s", len(started), self.mode, self.build
        )

    def _add_idle(self, worker: _Worker) -> None:
        """Hand a new worker to the queue and watch its exit (in the event loop)."""
        if self._closed:
            worker.signal_kill()
            return
        loop = asyncio.get_running_loop()
        # (where the loop cannot watch it, a dead worker is found at dispatch instead)
        with contextlib.suppress(OSError, ValueError, NotImplementedError):
            loop.add_reader(worker.process.sentinel, self._on_exit, worker)
        worker.attach()
        self._idle.put_nowait(worker)

    def _on_exit(self, worker: _Worker) -> None:
        """A worker process ended: replace it now if idle (a busy one is handled by its query)."""
        self._unwatch(worker)
        if not worker.busy and not self._closed:
            self._retire(worker, "it exited while idle")

    def _unwatch(self, worker: _Worker) -> None:
        if self._loop is not None and not self._loop.is_closed():
            with contextlib.suppress(OSError, ValueError, NotImplementedError):
                self._loop.remove_reader(worker.process.sentinel)

    def _retire(self, worker: _Worker, why: str) -> None:
        """Kill a worker (from the event loop: SIGKILL only) and replace it in the background."""
        if worker.retired:
            return
        worker.retired = True
        self._unwatch(worker)
        worker.signal_kill()
        # (called from the loop when no read or write on the pipe is pending)
        worker.close_pipe()
        with self._lock:
            self._workers.discard(worker)
        log.warning("query worker %d stopped (%s); starting a replacement", worker.pid, why)
        self._respawn_in_background(worker)

    def _respawn_in_background(self, dead: _Worker | None) -> None:
        loop = self._loop
        with self._lock:
            self._respawning += 1

        def respawn() -> None:
            try:
                if dead is not None:
                    dead.process.join(timeout=10)  # reap it
                delay = 0.5
                while not self._closed:
                    try:
                        fresh = self._spawn()
                    except EngineError as exc:
                        if self._closed:
                            return
                        self.last_error = exc.message
                        log.error("respawning a query worker failed: %s", exc.message)
                        time.sleep(delay)
                        delay = min(delay * 2, 30.0)
                        continue
                    self.last_error = None
                    self.respawns += 1
                    try:
                        if loop is None or loop.is_closed():
                            raise RuntimeError("no event loop")
                        loop.call_soon_threadsafe(self._add_idle, fresh)
                    except RuntimeError:
                        fresh.signal_kill()
                        with self._lock:
                            self._workers.discard(fresh)
                    return
            finally:
                with self._lock:
                    self._respawning -= 1

        threading.Thread(target=respawn, name="ilokg-respawn", daemon=True).start()

    # -- queries -------------------------------------------------------------------------

    async def _acquire(self, timeout: float) -> tuple[_Worker, float]:
        """An idle worker, and how long the caller waited for it (seconds)."""
        if self._closed:
            raise EngineUnavailable("the engine is shutting down")
        with contextlib.suppress(asyncio.QueueEmpty):
            return self._idle.get_nowait(), 0.0
        if self._waiting >= self.queue_size:
            self.rejected += 1
            raise EngineBusy(
                f"all {self.size} query workers are busy and {self._waiting} queries are "
                "waiting; retry in a few seconds"
            )
        self._waiting += 1
        queued = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                worker = await self._idle.get()
                return worker, time.perf_counter() - queued
        except TimeoutError:
            if not self.healthy():
                raise EngineUnavailable(self.last_error or "no query worker is running") from None
            raise EngineBusy(
                f"no query worker became free within {timeout:g} s; retry shortly"
            ) from None
        finally:
            self._waiting -= 1

    def _release(self, worker: _Worker) -> None:
        worker.busy = False
        if not worker.retired:  # (one that exited right after answering is replaced)
            self._idle.put_nowait(worker)

    async def execute(self, request: QueryRequest, timeout: float) -> QueryResult:
        payload = _frame(request.to_wire())
        gone = client_gone.get()
        for _attempt in range(self.size + 1):
            worker, waited = await self._acquire(timeout)
            if worker.retired or not worker.process.is_alive():
                self._retire(worker, "found dead while idle")
                continue
            if waited > GONE_CHECK_AFTER and gone is not None:
                # the query sat in the queue: skip it if nobody waits for the answer any more
                # (not checked after a short wait: the check costs a few percent of a
                # sub-millisecond query, and clients give up after seconds, not milliseconds)
                try:
                    left = await gone()
                except BaseException:
                    self._release(worker)
                    raise
                if left:
                    self._release(worker)
                    raise ClientGone("the client disconnected before its query started")
            started = time.perf_counter()
            worker.busy = True
            try:
                reply = await _ask(worker, payload, timeout)
            except _NotDelivered:
                self._retire(worker, "its pipe was broken")
                continue
            except _Timeout:
                self.timeouts += 1
                self._retire(worker, f"query over {timeout:g} s")
                raise QueryTimeout(
                    f"the query was stopped after {timeout:g} s (ILOKG_QUERY_TIMEOUT); "
                    "add a LIMIT or narrow the patterns"
                ) from None
            except (EOFError, OSError, pickle.UnpicklingError):
                self.crashes += 1
                self._retire(worker, "it died during a query")
                raise EngineError(
                    "the query engine crashed on this query (too deep or too large?); "
                    "simplify the query",
                    code="engine_crash",
                ) from None
            except BaseException:
                # cancelled while the worker is busy: its answer can't be matched any more
                self._retire(worker, "its query was cancelled")
                raise
            worker.queries += 1
            self._release(worker)
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
        raise EngineUnavailable("no live query worker could take the query; retry shortly")

    # -- state -----------------------------------------------------------------------------

    def healthy(self) -> bool:
        """Cheap (no system calls, never touches a worker): safe for /healthz."""
        if self._closed:
            return False
        return bool(self._workers) or (self._respawning > 0 and self.last_error is None)

    def stats(self) -> dict[str, Any]:
        with self._lock:
            workers = list(self._workers)
            starting = len(self._starting)
        rss = [w.rss() for w in workers]
        return {
            "mode": self.mode,
            "size": self.size,
            "workers": len(workers),
            "starting": starting,
            "idle": self._idle.qsize(),
            "waiting": self._waiting,
            "queue_size": self.queue_size,
            "timeouts": self.timeouts,
            "crashes": self.crashes,
            "respawns": self.respawns,
            "rejected": self.rejected,
            "worker_pids": [w.pid for w in workers],
            "worker_rss_mb": [round(r / 2**20, 1) if r else None for r in rss],
        }

    async def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            processes = [w.process for w in workers] + list(self._starting)
            self._workers.clear()
        for w in workers:
            with contextlib.suppress(OSError, ValueError):
                w.conn.send(None)  # idle workers exit on their own
        for w in workers:
            self._unwatch(w)
        for p in processes:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                p.kill()

        def reap() -> None:
            for p in processes:
                p.join(timeout=5)
            for w in workers:
                if not w.busy:  # (a busy one's pipe is closed by its query, on the loop)
                    w.close_pipe()

        await asyncio.get_running_loop().run_in_executor(None, reap)
        self._threads.shutdown(wait=False, cancel_futures=True)


def _frame(message: Any) -> bytes:
    """`message` as multiprocessing.Connection frames it (the worker reads it with recv())."""
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    if len(data) > 0x7FFFFFFF:
        return struct.pack("!i", -1) + struct.pack("!Q", len(data)) + data
    return struct.pack("!i", len(data)) + data


async def _recv_exactly(loop: asyncio.AbstractEventLoop, sock: socket.socket, size: int) -> bytes:
    buf = bytearray(size)
    view = memoryview(buf)
    got = 0
    while got < size:
        n = await loop.sock_recv_into(sock, view[got:])
        if not n:
            raise EOFError("the worker closed its pipe")
        got += n
    return bytes(buf)


async def _ask(worker: _Worker, payload: bytes, timeout: float) -> dict[str, Any]:
    """Send one framed request and read the reply on the event loop, with a deadline."""
    loop = asyncio.get_running_loop()
    sock = worker.sock
    if sock is None:
        raise _NotDelivered
    try:
        await loop.sock_sendall(sock, payload)
    except (OSError, ValueError) as exc:  # (ValueError: a socket closed by a retirement)
        raise _NotDelivered from exc
    try:
        async with asyncio.timeout(timeout):
            (size,) = struct.unpack("!i", await _recv_exactly(loop, sock, 4))
            if size == -1:
                (size,) = struct.unpack("!Q", await _recv_exactly(loop, sock, 8))
            data = await _recv_exactly(loop, sock, size)
    except TimeoutError:
        raise _Timeout from None
    reply: dict[str, Any] = pickle.loads(data)
    return reply
