"""The `sparql` backend: any SPARQL 1.1 store behind the service, and loading it.

Querying (`RemoteEngine`)
    The service keeps its own rules in front (service.check runs before the engine):
    its timeout (the HTTP request is abandoned at ILOKG_QUERY_TIMEOUT -> 503), its
    row cap (results are read as a stream and cut at max_rows + 1 lines: TSV for
    SELECT, N-Triples for CONSTRUCT/DESCRIBE, then converted by Oxigraph's own
    writers, exactly as the embedded backend renders them), its parameters
    (canned-query substitutions are inlined as VALUES blocks, every value escaped as
    an N-Triples term by Oxigraph) and a cap on operator chains, which crash stores.

    The default graph is the union of the named graphs, as in the embedded backend,
    chosen per query by ILOKG_SPARQL_DATASET:
      oxigraph  (default) send Oxigraph's `union-default-graph` request parameter,
                but not when the query has FROM / FROM NAMED or the client named
                graphs, so those keep their SPARQL meaning. Start `oxigraph serve`
                WITHOUT --union-default-graph: that flag makes it ignore FROM.
      store     send nothing: the store's own default graph must be the union of its
                named graphs (Virtuoso, GraphDB/RDF4J, Amazon Neptune and QLever
                answer queries without FROM over all their data by default).
      explicit  send the live graphs as `default-graph-uri` / `named-graph-uri`
                (plain SPARQL 1.1 Protocol, and nothing else in the store is
                visible), but Oxigraph evaluates a default graph given as a list of
                N graphs about N times slower on joins: with our ~100 per-file graphs
                a canned query takes seconds instead of milliseconds.
    In the two union modes the pointer graph below (two triples) is part of the union.

    Reachability and the live build are probed in the background every few seconds
    (one tiny SELECT on the pointer graph): `healthy()` only reads the last answer,
    so /healthz never waits for the store; a query that fails to connect marks the
    store down at once, and the next successful probe brings it back.

Loading (`load_remote`, used by `ilokg build --backend sparql`)
    1. read + SHACL-validate the files (store.prepare, the same code as a local
       build) and load them into an in-memory Oxigraph store with the same graph
       names as a local build (store.load_files); nothing is sent before this passed;
    2. with an update endpoint (ILOKG_SPARQL_UPDATE_URL): ONE update request drops
       the previous build's graphs and the new build's graph names, inserts every
       graph, and replaces the pointer graph `urn:ilokg:current-build` (build hash +
       manifest). A store that applies an update request in one transaction
       (Oxigraph, GraphDB/RDF4J, Amazon Neptune) switches atomically: queries see
       the old build or the new one, never a mix, and a failed or refused request
       changes nothing. (Staging graphs loaded first and MOVEd into place afterwards
       would sit in the union default graph during the upload: every answer would
       count them twice.)
    3. then the triples of every graph are counted through the query endpoint and
       compared with what was sent; a difference is reported as an error.
    Without an update endpoint (Graph Store Protocol only, ILOKG_SPARQL_STORE_URL)
    there is no atomic switch: graphs are replaced one PUT at a time, old graphs
    deleted, and the pointer written last; a failure part-way leaves a mix that the
    next successful build repairs. One build at a time per store. The single request
    holds the whole graph as text (~150 bytes a triple): for graphs of many millions
    of triples use the store's bulk loader and see docs/scaling.md.
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx
import pyoxigraph as ox

from .. import __version__
from ..errors import (
    DataError,
    EngineBusy,
    EngineError,
    EngineUnavailable,
    QueryRejected,
    QueryTimeout,
)
from ..sparqlscan import _TOKEN, FORMS, scan
from .base import QueryRequest, QueryResult, Term
from .formats import (
    GRAPH_FORMATS,
    SOLUTION_FORMATS,
    render_boolean,
    render_solutions,
    render_triples,
)
from .worker import to_term

if TYPE_CHECKING:
    from ..config import Settings

log = logging.getLogger("ilokg.engine")

POINTER_GRAPH = "urn:ilokg:current-build"
_BUILD = "urn:ilokg:build"
_HASH = "urn:ilokg:hash"
_MANIFEST = "urn:ilokg:manifest"
DATASET_MODES = ("oxigraph", "store", "explicit")
MAX_BODY_BYTES = 512 * 2**20  # a remote answer larger than this is refused, whatever the row cap
_VARNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_JSON = "application/sparql-results+json"
_NT = "application/n-triples"
_UA = {"User-Agent": f"ilokg/{__version__}"}


# -- query text --------------------------------------------------------------------------

MAX_OPERATORS = 2000
_OPS = frozenset("!&|+-*/^=<>")
_OPS_IN_NAMES = frozenset("!&|+*/^=<>")  # `-` is legal inside prefixed names


def count_operators(query: str) -> int:
    """Operator characters outside strings, IRIs and comments.

    Oxigraph recurses once per operator of a chain (`!!!…`, `a/b/c/…`, `1+1+…`):
    around 10,000 of them overflow a thread stack, and `oxigraph serve` aborts as a
    whole (measured with 0.5.13: 3,000 `!` pass, 10,000 kill the server). The
    embedded workers evaluate on a 256 MiB stack, but a remote store has to be
    protected here, since the service's bracket-depth limit does not see chains.
    """
    count = 0
    for match in _TOKEN.finditer(query):
        kind, value = match.lastgroup, match.group()
        if kind == "other":
            count += value in _OPS
        elif kind == "word" and ":" in value:
            count += sum(1 for ch in value.partition(":")[2] if ch in _OPS_IN_NAMES)
    return count


def sparql_term(term: Term) -> str:
    """A typed parameter value as a SPARQL term (N-Triples syntax, escaped by Oxigraph)."""
    if term[0] == "bnode":
        raise QueryRejected("a blank node cannot be a parameter value", code="invalid_parameter")
    try:
        return str(to_term(term))
    except (ValueError, TypeError, IndexError) as exc:
        raise QueryRejected(
            f"invalid parameter value {term[1]!r}: {exc}", code="invalid_parameter"
        ) from None


@dataclass
class _Scope:
    """The query or one sub-SELECT: where its projection, pattern and modifiers are."""

    form: str
    start: int  # token index of the form keyword
    depth: int
    top: bool
    projected: set[str] | None = None  # plain `?v` of the SELECT clause; None for `*`
    body: tuple[int, int] = (-1, -1)  # token indexes of its WHERE group's `{` and `}`
    end: int = 1 << 30  # first token index after the scope
    parent: _Scope | None = None
    binds: set[str] = field(default_factory=set)  # projected by a sub-SELECT in its body


def _tokens(query: str) -> list[tuple[str, str, int]]:
    """(kind, text, depth before the token) for every token, whitespace included."""
    out = []
    depth = 0
    for match in _TOKEN.finditer(query):
        kind, value = str(match.lastgroup), match.group()
        out.append((kind, value, depth))
        if kind == "open":
            depth += 1
        elif kind == "close":
            depth -= 1
    return out


def _scopes(tokens: list[tuple[str, str, int]]) -> list[_Scope]:
    scopes: list[_Scope] = []
    stack: list[_Scope] = []  # scopes whose end is not known yet
    pending: _Scope | None = None  # a scope whose WHERE `{` is not reached yet
    template = False
    saw_where = False
    for i, (kind, value, depth) in enumerate(tokens):
        while stack and kind == "close" and depth < stack[-1].depth + (not stack[-1].top):
            stack.pop().end = i
        if kind == "word" and ":" not in value:
            upper = value.upper()
            if upper in FORMS and (upper == "SELECT" or not scopes):
                pending = _Scope(
                    upper,
                    i,
                    depth,
                    top=not scopes,
                    projected=set() if upper == "SELECT" else None,
                    parent=stack[-1] if stack else None,
                )
                scopes.append(pending)
                stack.append(pending)
                template, saw_where = upper == "CONSTRUCT", False
            elif upper == "WHERE" and pending is not None and depth == pending.depth:
                saw_where = True
        elif kind == "var" and pending is not None and pending.form == "SELECT":
            if depth == pending.depth and pending.projected is not None:
                pending.projected.add(value[1:])
        elif kind == "other" and value == "*" and pending is not None:
            if pending.form == "SELECT" and depth == pending.depth:
                pending.projected = None
        elif kind == "open" and value == "{" and pending is not None and depth == pending.depth:
            if template and not saw_where:
                template = False  # CONSTRUCT's template; the WHERE group follows
            else:
                pending.body = (i, _matching(tokens, i))
                pending = None
    for scope in scopes:
        if scope.parent is not None and scope.projected:
            scope.parent.binds |= scope.projected
    return scopes


def _matching(tokens: list[tuple[str, str, int]], i: int) -> int:
    depth = tokens[i][2]
    for j in range(i + 1, len(tokens)):
        if tokens[j][0] == "close" and tokens[j][2] == depth + 1:
            return j
    return len(tokens)


def _previous(tokens: list[tuple[str, str, int]], i: int, n: int = 1) -> str:
    """The n-th significant token before i, upper-cased."""
    for j in range(i - 1, -1, -1):
        if tokens[j][0] not in ("ws", "comment"):
            n -= 1
            if n == 0:
                return tokens[j][1].upper()
    return ""


def _next(tokens: list[tuple[str, str, int]], i: int) -> str:
    for j in range(i + 1, len(tokens)):
        if tokens[j][0] not in ("ws", "comment"):
            return tokens[j][1].upper()
    return ""


def _in_values_list(tokens: list[tuple[str, str, int]], i: int) -> bool:
    """True for the variables declared by `VALUES ?v` or `VALUES (?a ?b)`."""
    for j in range(i - 1, -1, -1):
        kind, value, _ = tokens[j]
        if kind in ("ws", "comment", "var") or value == "(":
            continue
        return kind == "word" and value.upper() == "VALUES"
    return False


def substitute(query: str, substitutions: dict[str, Term]) -> str:
    """Write the parameter values into the query text, the way Oxigraph binds them.

    Oxigraph's substitutions act as if each variable were the constant wherever the
    query can see it: in the query's pattern (also inside nested groups, OPTIONAL,
    UNION, FILTER, EXISTS) and in every sub-SELECT that projects the variable, but not
    in one that does not. So the value (an N-Triples term escaped by Oxigraph: no
    text of the user's reaches the query unescaped) replaces the variable there; a
    projected `?v` becomes `(value AS ?v)` and `GROUP BY ?v` / `ORDER BY ?v` become
    `(value)` (both stay `?v` where a sub-SELECT of the scope projects it). Oxigraph's
    two documented quirks are kept: `BOUND(?v)` stays false and a plain
    `BIND(?v AS ?w)` leaves ?w unbound. A top SELECT must project every
    substituted variable (as with Oxigraph); `SELECT *` is refused.
    """
    for name in substitutions:
        if not _VARNAME.match(name):
            raise QueryRejected(f"invalid parameter name {name!r}", code="invalid_parameter")
    terms = {n: sparql_term(t) for n, t in substitutions.items()}
    tokens = _tokens(query)
    scopes = _scopes(tokens)
    if not scopes:
        raise QueryRejected(
            "parameters need a SELECT, ASK or CONSTRUCT query", code="invalid_parameter"
        )
    top = scopes[0]
    if top.form == "SELECT" and top.projected is not None:
        missing = sorted(set(terms) - top.projected)
        if missing:
            raise QueryRejected(
                f"the query could not be evaluated: the SPARQL query does not contain "
                f"variable ?{missing[0]} in its SELECT projection",
                code="evaluation_error",
            )
    out = []
    for i, (kind, value, depth) in enumerate(tokens):
        name = value[1:] if kind == "var" else ""
        if name not in terms:
            out.append(value)
            continue
        scope = max((s for s in scopes if s.start <= i < s.end), key=lambda s: s.start, default=top)
        if scope.form == "SELECT" and scope.projected is None:
            raise QueryRejected(
                "parameters need an explicit SELECT list (not SELECT *) on the sparql backend",
                code="invalid_parameter",
            )
        visible = scope.form != "SELECT" or name in (scope.projected or set())
        before, after = _previous(tokens, i), _next(tokens, i)
        keep = (
            not visible
            or before == "AS"
            or _in_values_list(tokens, i)
            or (before == "(" and _previous(tokens, i, 2) == "BOUND")
            or (before == "(" and _previous(tokens, i, 2) == "BIND" and after == "AS")
        )
        if keep:
            out.append(value)
        elif scope.form == "SELECT" and i < scope.body[0] and depth == scope.depth:
            # the SELECT list: still an output column, unless a sub-SELECT binds it
            out.append(value if name in scope.binds else f"({terms[name]} AS {value})")
        elif i > scope.body[1] and depth == scope.depth:
            # GROUP BY / ORDER BY ?v: still a variable where a sub-SELECT binds it
            out.append(value if name in scope.binds else f"({terms[name]})")
        else:
            out.append(terms[name])
    return "".join(out)


# -- the engine --------------------------------------------------------------------------


class RemoteEngine:
    """Queries a SPARQL 1.1 endpoint over HTTP, keeping ilokg's limits in front."""

    name = "sparql"

    def __init__(
        self,
        query_url: str,
        *,
        prefixes: dict[str, str] | None = None,
        on_manifest: Callable[[dict[str, Any] | None], None] | None = None,
        queue_size: int = 32,
        max_connections: int = 16,
        probe_interval: float = 2.0,
        probe_timeout: float = 2.0,
        dataset: str = "oxigraph",
    ) -> None:
        if dataset not in DATASET_MODES:
            raise ValueError(f"ILOKG_SPARQL_DATASET must be one of {', '.join(DATASET_MODES)}")
        self.dataset = dataset
        self.query_url = query_url
        self.prefixes = prefixes or {}
        self.on_manifest = on_manifest
        self.queue_size = queue_size
        self.max_connections = max_connections
        self.probe_interval = probe_interval
        self.probe_timeout = probe_timeout
        self.manifest: dict[str, Any] | None = None
        self._client: httpx.AsyncClient | None = None
        self._slots = asyncio.Semaphore(max_connections)
        self._waiting = 0
        self._reachable = False
        self._reason: str | None = "not started"
        self._probe_task: asyncio.Task[None] | None = None
        self._probe_now = asyncio.Event()
        self._last_probe = 0.0
        self.failures = 0
        self.timeouts = 0
        self.rejected = 0

    # -- life cycle ----------------------------------------------------------------------

    async def start(self) -> None:
        self._client = httpx.AsyncClient(
            headers=_UA,
            limits=httpx.Limits(
                max_connections=self.max_connections + 2,
                max_keepalive_connections=self.max_connections,
            ),
        )
        await self.probe()
        if not self._reachable:
            log.warning("the remote SPARQL store is not available yet: %s", self._reason)
        self._probe_task = asyncio.create_task(self._probe_loop(), name="ilokg-remote-probe")

    async def close(self) -> None:
        if self._probe_task is not None:
            self._probe_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._probe_task
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    def healthy(self) -> bool:
        """The last probe's verdict: reachable and holding an ilokg build (no I/O here)."""
        return self._client is not None and self._reachable and self.manifest is not None

    @property
    def reason(self) -> str | None:
        """Why the engine is not healthy, in words (None when it is)."""
        if self.healthy():
            return None
        return self._reason or "the remote SPARQL store is not available"

    def stats(self) -> dict[str, Any]:
        age = round(time.monotonic() - self._last_probe, 1) if self._last_probe else None
        return {
            "query_url": self.query_url,
            "dataset": self.dataset,
            "reachable": self._reachable,
            "message": self.reason,
            "waiting": self._waiting,
            "failures": self.failures,
            "timeouts": self.timeouts,
            "rejected": self.rejected,
            "probe_age_s": age,
        }

    # -- probing -------------------------------------------------------------------------

    async def _probe_loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.probe_interval):
                    await self._probe_now.wait()
            self._probe_now.clear()
            try:
                await self.probe()
            except Exception:  # never let the probe loop die
                log.exception("probing the remote SPARQL store failed")

    async def probe(self) -> None:
        """Ask the store for the live build's hash; fetch its manifest when it changed."""
        self._last_probe = time.monotonic()
        try:
            rows = await self._control_select(
                f"SELECT ?h WHERE {{ GRAPH <{POINTER_GRAPH}> {{ <{_BUILD}> <{_HASH}> ?h }} }}"
            )
            digest = rows[0]["h"] if rows else None
            if digest is None:
                self._set_manifest(None)
                self._reachable = True
                self._reason = (
                    f"the SPARQL store at {self.query_url} holds no ilokg build: run "
                    "`ilokg build --backend sparql`"
                )
                return
            if self.manifest is None or self.manifest.get("hash") != digest:
                rows = await self._control_select(
                    f"SELECT ?m WHERE {{ GRAPH <{POINTER_GRAPH}> "
                    f"{{ <{_BUILD}> <{_MANIFEST}> ?m }} }}"
                )
                manifest = json.loads(rows[0]["m"]) if rows else None
                if not isinstance(manifest, dict):
                    raise ValueError("the pointer graph holds no manifest")
                self._set_manifest(manifest)
                log.info("remote store: live build %s", digest[:12])
        except (httpx.HTTPError, ValueError, KeyError, IndexError, EngineError) as exc:
            self._mark_down(exc)
            return
        self._reachable = True
        self._reason = None

    def _set_manifest(self, manifest: dict[str, Any] | None) -> None:
        if manifest is not None:
            manifest = {**manifest, "backend": "sparql", "query_url": self.query_url}
        self.manifest = manifest
        if self.on_manifest is not None:
            self.on_manifest(manifest)

    def _mark_down(self, exc: BaseException) -> None:
        was = self._reachable
        self._reachable = False
        self._reason = f"the SPARQL store at {self.query_url} is not reachable: {_describe(exc)}"
        if was:
            log.warning("%s", self._reason)

    async def _control_select(self, query: str) -> list[dict[str, str]]:
        if self._client is None:
            raise EngineUnavailable("the engine is not started")
        resp = await self._client.post(
            self.query_url,
            data={"query": query},
            headers={"Accept": _JSON},
            timeout=self.probe_timeout,
        )
        if resp.status_code != 200:
            raise EngineUnavailable(f"HTTP {resp.status_code}: {resp.text[:200]}")
        return [{k: v["value"] for k, v in b.items()} for b in resp.json()["results"]["bindings"]]

    # -- queries -------------------------------------------------------------------------

    def _dataset(self, request: QueryRequest, has_from: bool) -> list[tuple[str, str]]:
        """The protocol's dataset parameters for one query (see ILOKG_SPARQL_DATASET)."""
        if request.default_graph or request.named_graphs:
            live: list[str] = list((self.manifest or {}).get("graphs", []))
            default = request.default_graph or live
            named = request.named_graphs or live
            return [("default-graph-uri", g) for g in default] + [
                ("named-graph-uri", g) for g in named
            ]
        if has_from or self.dataset == "store":
            return []  # the query's own FROM / FROM NAMED, or the store's default graph
        if self.dataset == "oxigraph":
            return [("union-default-graph", "")]
        live = list((self.manifest or {}).get("graphs", []))
        return [("default-graph-uri", g) for g in live] + [("named-graph-uri", g) for g in live]

    async def execute(self, request: QueryRequest, timeout: float) -> QueryResult:
        if self._client is None:
            raise EngineUnavailable("the remote engine is not started")
        if self.manifest is None:
            raise EngineUnavailable(self.reason or "the remote store holds no ilokg build")
        shape = scan(request.query)
        form = shape.form or "SELECT"
        operators = count_operators(request.query)
        if operators > MAX_OPERATORS:
            raise QueryRejected(
                f"the query has {operators} operators; the limit for the sparql backend is "
                f"{MAX_OPERATORS} (long operator chains crash SPARQL stores)",
                code="query_too_large",
            )
        query = request.query
        if request.substitutions:
            query = substitute(query, request.substitutions)
        if request.base_iri:
            query = f"BASE <{ox.NamedNode(request.base_iri).value}>\n{query}"
        has_from = bool(shape.from_graphs or shape.from_named)
        data = [("query", query), *self._dataset(request, has_from)]
        accept = _NT if form in ("CONSTRUCT", "DESCRIBE") else _JSON
        if self._slots.locked() and self._waiting >= self.queue_size:
            self.rejected += 1
            raise EngineBusy(
                f"{self._waiting} queries are waiting for the remote store; retry in a few seconds"
            )
        started = time.perf_counter()
        try:
            async with asyncio.timeout(timeout):
                self._waiting += 1
                try:
                    await self._slots.acquire()
                finally:
                    self._waiting -= 1
                try:
                    body, truncated = await self._fetch(data, accept, request.max_rows, timeout)
                finally:
                    self._slots.release()
        except TimeoutError:
            self.timeouts += 1
            raise QueryTimeout(
                f"the query was stopped after {timeout:g} s (ILOKG_QUERY_TIMEOUT); "
                "add a LIMIT or narrow the patterns"
            ) from None
        try:
            if form == "ASK":
                fmt = SOLUTION_FORMATS[request.solution_format]
                value = json.loads(body)["boolean"]
                out, rows, truncated, kind = render_boolean(bool(value), fmt), 1, False, "boolean"
            elif form in ("CONSTRUCT", "DESCRIBE"):
                fmt = GRAPH_FORMATS[request.graph_format]
                triples = [
                    ox.Triple(q.subject, q.predicate, q.object)
                    for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
                ]
                out, rows, cut = render_triples(triples, fmt, request.max_rows, self.prefixes)
                truncated = truncated or cut
                kind = "graph"
            else:
                fmt = SOLUTION_FORMATS[request.solution_format]
                solutions = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
                if isinstance(solutions, ox.QueryBoolean):
                    raise ValueError("a boolean answer to a SELECT query")
                out, rows, cut = render_solutions(solutions, fmt, request.max_rows)
                truncated = truncated or cut
                kind = "solutions"
        except (SyntaxError, ValueError, KeyError, TypeError) as exc:
            self.failures += 1
            raise EngineError(
                f"the SPARQL store at {self.query_url} sent an answer ilokg cannot read: {exc}",
                status=502,
                code="remote_error",
            ) from None
        return QueryResult(
            kind=kind,
            media_type=fmt.media_type,
            body=out,
            rows=rows,
            truncated=truncated,
            seconds=time.perf_counter() - started,
        )

    async def _fetch(
        self, data: list[tuple[str, str]], accept: str, max_rows: int, timeout: float
    ) -> tuple[bytes, bool]:
        """POST the query; read at most max_rows + 1 solutions or triples, then hang up."""
        assert self._client is not None
        try:
            async with self._client.stream(
                "POST",
                self.query_url,
                data=dict_multi(data),
                headers={"Accept": accept},
                timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            ) as resp:
                if resp.status_code != 200:
                    text = (await _read_some(resp, 2000)).decode("utf-8", "replace")
                    raise self._http_error(resp.status_code, text)
                if accept == _NT:
                    return await _read_triples(resp, max_rows)
                return await _read_solutions(resp, max_rows)
        except httpx.TimeoutException as exc:
            if isinstance(exc, httpx.PoolTimeout):
                raise EngineBusy("too many queries to the remote store; retry shortly") from None
            if isinstance(exc, httpx.ConnectTimeout):
                self._mark_down(exc)
                self._probe_now.set()
                raise EngineUnavailable(self._reason or "remote store unreachable") from None
            raise TimeoutError from None
        except httpx.TransportError as exc:
            self.failures += 1
            self._mark_down(exc)
            self._probe_now.set()
            raise EngineUnavailable(f"{self._reason}; retry in a few seconds") from None

    def _http_error(self, status: int, text: str) -> EngineError | QueryRejected:
        text = " ".join(text.split())[:500]
        low = text.lower()
        if status in (408, 504) or "timeout" in low or "timed out" in low:
            return QueryTimeout(f"the SPARQL store stopped the query: {text}")
        if status == 400:
            code = "syntax_error" if ("syntax" in low or "pars" in low) else "evaluation_error"
            return QueryRejected(f"the SPARQL store refused the query: {text}", code=code)
        self.failures += 1
        if status in (404, 401, 403):
            return EngineUnavailable(
                f"the SPARQL store at {self.query_url} answered HTTP {status}: check "
                f"ILOKG_SPARQL_QUERY_URL ({text})"
            )
        if status in (502, 503):
            return EngineUnavailable(f"the SPARQL store is unavailable (HTTP {status}): {text}")
        return EngineError(
            f"the SPARQL store failed on this query (HTTP {status}): {text}",
            status=502,
            code="remote_error",
        )


def dict_multi(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for k, v in pairs:
        out.setdefault(k, []).append(v)
    return out


async def _read_some(resp: httpx.Response, limit: int) -> bytes:
    buf = bytearray()
    async for chunk in resp.aiter_bytes():
        buf += chunk
        if len(buf) >= limit:
            break
    return bytes(buf[:limit])


def _too_large() -> EngineError:
    return EngineError(
        f"the remote answer exceeds {MAX_BODY_BYTES // 2**20} MiB; add a LIMIT",
        status=502,
        code="remote_error",
    )


async def _read_triples(resp: httpx.Response, max_rows: int) -> tuple[bytes, bool]:
    """N-Triples, cut after max_rows complete lines (True: more followed)."""
    buf = bytearray()
    lines = 0
    async for chunk in resp.aiter_bytes():
        buf += chunk
        lines += chunk.count(b"\n")
        if lines > max_rows:
            kept = bytes(buf).split(b"\n")[:max_rows]
            return b"\n".join(kept) + b"\n", True
        if len(buf) > MAX_BODY_BYTES:
            raise _too_large()
    return bytes(buf), False


_BINDINGS = re.compile(r'"bindings"\s*:\s*\[')
_VARS = re.compile(r'"vars"\s*:\s*(\[[^\]]*\])')
_SKIP = re.compile(r"[\s,]*")


async def _read_solutions(resp: httpx.Response, max_rows: int) -> tuple[bytes, bool]:
    """SPARQL JSON results, cut after max_rows solutions while they stream in.

    JSON rather than TSV: every store writes it (Virtuoso's TSV, for one, quotes names
    and drops datatypes). Each solution object is decoded by the C JSON decoder as soon
    as it is complete; after max_rows + 1 the connection is closed (True: truncated).
    """
    decoder = json.JSONDecoder()
    utf8 = codecs.getincrementaldecoder("utf-8")()
    text = ""
    start = -1  # where the next solution object begins, once the array is found
    solutions: list[Any] = []
    size = 0
    truncated = False
    ended = False
    async for chunk in resp.aiter_bytes():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise _too_large()
        text += utf8.decode(chunk)
        if start < 0:
            found = _BINDINGS.search(text)
            if not found:
                continue
            start = found.end()
        while True:
            start = _SKIP.match(text, start).end()  # type: ignore[union-attr]
            if start >= len(text):
                break
            if text[start] == "]":
                ended = True
                break
            try:
                obj, start = decoder.raw_decode(text, start)
            except ValueError:
                break  # incomplete: wait for more
            solutions.append(obj)
            if len(solutions) > max_rows:
                truncated = True
                break
        if truncated or ended:
            break
    text += utf8.decode(b"", final=True)
    if start < 0:  # a boolean or no solutions array: the whole (small) answer
        return text.encode("utf-8"), False
    head = _VARS.search(text, 0, text.find('"bindings"'))
    names = json.loads(head.group(1)) if head else sorted({k for b in solutions for k in b})
    body = {"head": {"vars": names}, "results": {"bindings": solutions[:max_rows]}}
    return json.dumps(body).encode("utf-8"), truncated


def _describe(exc: BaseException) -> str:
    text = str(exc) or exc.__class__.__name__
    return f"{exc.__class__.__name__}: {text}" if text != exc.__class__.__name__ else text


# -- loading -----------------------------------------------------------------------------


class _Remote:
    """Blocking SPARQL protocol calls for the loader."""

    def __init__(self, settings: Settings, timeout: float = 600.0) -> None:
        if not settings.sparql_query_url:
            raise EngineUnavailable("`build --backend sparql` needs ILOKG_SPARQL_QUERY_URL")
        if not (settings.sparql_update_url or settings.sparql_store_url):
            raise EngineUnavailable(
                "`build --backend sparql` needs ILOKG_SPARQL_UPDATE_URL (atomic switch) "
                "and/or ILOKG_SPARQL_STORE_URL (Graph Store Protocol)"
            )
        self.query_url = settings.sparql_query_url
        self.update_url = settings.sparql_update_url
        self.store_url = settings.sparql_store_url
        self.client = httpx.Client(headers=_UA, timeout=httpx.Timeout(timeout, connect=10.0))

    def _check(self, resp: httpx.Response, what: str) -> httpx.Response:
        if resp.status_code >= 300:
            raise EngineUnavailable(
                f"{what} failed: HTTP {resp.status_code} {' '.join(resp.text.split())[:300]}"
            )
        return resp

    def select(self, query: str) -> list[dict[str, str]]:
        try:
            resp = self.client.post(
                self.query_url, data={"query": query}, headers={"Accept": _JSON}
            )
        except httpx.HTTPError as exc:
            raise EngineUnavailable(
                f"the SPARQL store at {self.query_url} is not reachable: {_describe(exc)}"
            ) from None
        self._check(resp, f"query at {self.query_url}")
        return [{k: v["value"] for k, v in b.items()} for b in resp.json()["results"]["bindings"]]

    def update(self, text: str) -> None:
        assert self.update_url
        self._check(
            self.client.post(
                self.update_url,
                content=text.encode("utf-8"),
                headers={"Content-Type": "application/sparql-update"},
            ),
            f"update at {self.update_url}",
        )

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        assert self.store_url
        self._check(
            self.client.put(
                self.store_url,
                params={"graph": graph},
                content=ntriples,
                headers={"Content-Type": _NT},
            ),
            f"Graph Store PUT <{graph}>",
        )

    def delete_graph(self, graph: str) -> None:
        assert self.store_url
        resp = self.client.delete(self.store_url, params={"graph": graph})
        if resp.status_code != 404:
            self._check(resp, f"Graph Store DELETE <{graph}>")

    def drop(self, graphs: list[str]) -> None:
        if not graphs:
            return
        if self.update_url:
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs))
        else:
            for g in graphs:
                self.delete_graph(g)

    def graph_counts(self) -> dict[str, int]:
        rows = self.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
        return {r["g"]: int(r["n"]) for r in rows}

    def live_manifest(self) -> dict[str, Any] | None:
        rows = self.select(
            f"SELECT ?m WHERE {{ GRAPH <{POINTER_GRAPH}> {{ <{_BUILD}> <{_MANIFEST}> ?m }} }}"
        )
        if not rows:
            return None
        try:
            data = json.loads(rows[0]["m"])
        except ValueError:
            return None
        return data if isinstance(data, dict) else None


def _pointer_triples(manifest: dict[str, Any]) -> str:
    digest = str(ox.Literal(manifest["hash"]))
    body = str(ox.Literal(json.dumps(manifest, sort_keys=True)))
    return f"<{_BUILD}> <{_HASH}> {digest} .\n<{_BUILD}> <{_MANIFEST}> {body} .\n"


def load_remote(
    settings: Settings, root: Path, say: Callable[[str], None], *, validate: bool = True
) -> dict[str, Any]:
    """Validate, then load the graph into the remote store and switch to it (see above)."""
    from ..namespaces import Namespaces
    from ..store import describe, load_files, prepare

    ns = Namespaces(settings.base)
    remote = _Remote(settings)
    previous = remote.live_manifest()  # also checks that the store answers before any work
    prep = prepare(ns, root=root, validate=validate, progress=say)
    db = ox.Store()
    load_files(db, prep.files, ns, True, say)
    if any(True for _ in db.quads_for_pattern(None, None, None, ox.DefaultGraph())):
        raise DataError(
            "the sparql backend keeps every triple in a named graph; a dataset file put "
            "triples in the default graph"
        )
    graphs = sorted(g.value for g in db.named_graphs() if isinstance(g, ox.NamedNode))
    expected = {
        g: sum(1 for _ in db.quads_for_pattern(None, None, None, ox.NamedNode(g))) for g in graphs
    }
    manifest: dict[str, Any] = {
        "triples": len(db),
        "graphs": graphs,
        "backend": "sparql",
        **describe(prep, ns, True),
    }
    old_graphs = sorted(set((previous or {}).get("graphs", [])) - set(graphs))
    dumps: dict[str, bytes] = {
        g: db.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(g)) or b"" for g in graphs
    }
    size = sum(len(d) for d in dumps.values())
    if remote.update_url:
        say(
            f"loading {len(graphs)} graphs ({len(db)} triples, {size / 2**20:.1f} MiB) "
            "in one update request"
        )
        ops = [f"DROP SILENT GRAPH <{g}>" for g in [*old_graphs, *graphs, POINTER_GRAPH]]
        manifest["seconds"] = round(time.time() - prep.started, 3)
        body = (
            "".join(f"GRAPH <{g}> {{\n{dumps[g].decode('utf-8')}}}\n" for g in graphs)
            + f"GRAPH <{POINTER_GRAPH}> {{\n{_pointer_triples(manifest)}}}\n"
        )
        # INSERT … WHERE {} rather than INSERT DATA: the same triples, and Virtuoso refuses
        # blank nodes in INSERT DATA (they are fresh nodes in the template either way)
        remote.update(" ;\n".join(ops) + " ;\nINSERT {\n" + body + "} WHERE {}")
        method = "one update request (atomic where the store runs it in one transaction)"
    else:
        say(f"replacing {len(graphs)} graphs one by one (Graph Store Protocol: no atomic switch)")
        for g in graphs:
            remote.put_graph(g, dumps[g])
        remote.drop(old_graphs)
        manifest["seconds"] = round(time.time() - prep.started, 3)
        remote.put_graph(POINTER_GRAPH, _pointer_triples(manifest).encode("utf-8"))
        method = "graph-by-graph PUT (not atomic)"
    got = remote.graph_counts()
    wrong = [g for g in graphs if got.get(g) != expected[g]]
    if wrong:
        raise EngineUnavailable(
            f"after loading, the store holds {got.get(wrong[0], 0)} triples in <{wrong[0]}> "
            f"where {expected[wrong[0]]} were sent ({len(wrong)} graph(s) differ): check the "
            "store, then run the build again"
        )
    say(f"remote store now serves build {prep.digest[:12]}: {len(db)} triples")
    return {
        "hash": manifest["hash"],
        "triples": manifest["triples"],
        "graphs": len(graphs),
        "built_at": manifest["built_at"],
        "seconds": round(time.time() - prep.started, 3),
        "backend": "sparql",
        "query_url": remote.query_url,
        "switch": method,
        "previous_hash": (previous or {}).get("hash"),
    }
