"""/sparql — the SPARQL 1.1 Protocol (query only; the endpoint is read-only).

Also the query editor page (GET /sparql from a browser) and the package's static files
(`/static/…`, vendored CodeMirror and the editor's script: nothing is loaded from a CDN).
"""

from __future__ import annotations

import email.utils
import functools
import hashlib
import json
import logging
import re
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ..answers import ResultCache
from ..bodies import read_body
from ..deps import service_of
from ..engine.base import QueryRequest, client_gone
from ..engine.formats import GRAPH_FORMATS, SOLUTION_FORMATS
from ..errors import (
    IlokgError,
    InputError,
    NotAcceptable,
    NotFound,
    QueryRejected,
    QueryTimeout,
)
from ..negotiation import (
    FORMAT_PARAM,
    GRAPH_ALIASES,
    check_acceptable,
    negotiate,
    pick_formats,
    wants_html,
)
from ..service import Service
from ..servicedesc import service_description
from ..sparqlscan import QueryShape, line_column, offset_of, undeclared_prefixes
from ..xsdcanon import canonical_results

router = APIRouter(tags=["sparql"])
log = logging.getLogger("ilokg.sparql")

READ_ONLY = (
    "this endpoint is read-only: SPARQL Update is refused (the data change only through "
    "a rebuild from the curated sources)"
)
SPARQL_DOC = """SPARQL 1.1 Protocol endpoint.

* `GET /sparql?query=…` or `POST` with `application/x-www-form-urlencoded` (`query=…`) or
  `application/sparql-query`; `default-graph-uri` / `named-graph-uri` pick graphs of this dataset.
* Results by `Accept` (q-values honoured) or `?format=` (json, xml, csv, tsv, turtle, nt, jsonld,
  rdfxml, trig). 406 lists the supported types.
* Without a query: the Service Description (RDF) or, for browsers, the query editor.
* Read-only: updates get 403. SERVICE, LOAD and unknown FROM graphs get 400. Queries stop after
  `ILOKG_QUERY_TIMEOUT` seconds (503) and results keep at most `ILOKG_MAX_ROWS` rows
  (`X-Result-Truncated: true`). A syntax error gives 400 with `line` and `column`.
* Relative IRIs in a query without `BASE` resolve against the dataset's base IRI.
"""
_POSITION = re.compile(r"\berror at (\d+):(\d+):?\s*")
_MAX_EXPECTED = 240  # characters of the parser's "expected one of …" list kept in a message


class SparqlSyntaxError(QueryRejected):
    """A query the parser refused, with where (1-based line and column)."""

    code = "syntax_error"

    def __init__(self, message: str, line: int | None, column: int | None, context: str | None):
        super().__init__(message)
        self.line = line
        self.column = column
        self.context = context

    def body(self) -> dict[str, object]:
        out = super().body()
        if self.line is not None:
            out.update(line=self.line, column=self.column)
        if self.context:
            out["context"] = self.context
        return out


def _text_type(media: str) -> str:
    if media.startswith("text/") or media.endswith(("+json", "+xml", "/json", "/xml", "ld+json")):
        return f"{media}; charset=utf-8"
    return media


def _format(values: list[str]) -> str | None:
    """The `format` parameter. SPARQLWrapper sends it up to three times (`format=json-ld&
    format=application/ld+json,…&format=`): empty values are ignored, and several values are
    fine when they name the same formats."""
    given = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    if len(given) <= 1:
        return given[0] if given else None
    picks: dict[tuple[str, str], str] = {}
    for value in given:
        try:
            sol, graph = pick_formats(value, None)
        except NotAcceptable:
            continue  # one value we do not know, beside others we do
        picks.setdefault((sol.key, graph.key), value)
    if len(picks) > 1:
        raise QueryRejected(f"the `format` parameters disagree: {', '.join(given)}")
    return next(iter(picks.values())) if picks else given[0]


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise QueryRejected(f"give exactly one `{name}` parameter, not {len(values)}")
    return values[0] if values else None


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryRejected(f"the request body is not valid UTF-8 (byte {exc.start})") from None


def _content_type(request: Request) -> tuple[str, str]:
    """(media type, charset) of the request body, both lower-case."""
    media, _, rest = request.headers.get("content-type", "").partition(";")
    charset = ""
    for part in rest.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return media.strip().lower(), charset


@router.api_route(
    "/sparql",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    summary="SPARQL query (GET)",
    description=SPARQL_DOC,
    response_model=None,
)
async def sparql_get(request: Request) -> Response:
    # (the service is looked up directly, not through Depends: dependency solving is a
    # measurable part of a sub-millisecond query's cost)
    service = service_of(request)
    params = request.query_params
    queries = params.getlist("query")
    if params.getlist("update"):
        if queries:
            raise QueryRejected("give either `query` or `update`, not both")
        raise InputError(READ_ONLY, status=403, code="read_only")
    query = _single(queries, "query")
    fmt = _format(params.getlist("format"))
    if query is None:
        return await _describe(request, service)
    if fmt is None and wants_html(request.headers.get("accept")):
        # a browser following a share link: the editor, with the query filled in
        return _editor(request, service, query)
    return await _answer(
        request,
        service,
        query,
        params.getlist("default-graph-uri"),
        params.getlist("named-graph-uri"),
        fmt,
        cacheable=True,
    )


@router.post("/sparql", summary="SPARQL query (POST)", description=SPARQL_DOC, response_model=None)
async def sparql_post(request: Request) -> Response:
    service = service_of(request)
    media, charset = _content_type(request)
    if charset and charset not in ("utf-8", "utf8"):
        raise QueryRejected(
            f"charset {charset} is not supported: send UTF-8",
            status=415,
            code="unsupported_charset",
        )
    url_params = request.query_params
    if media == "application/sparql-update" or url_params.getlist("update"):
        raise InputError(READ_ONLY, status=403, code="read_only")
    body = await read_body(request, service.settings.max_body_bytes)
    if media == "application/x-www-form-urlencoded":
        form = parse_qs(_decode(body), keep_blank_values=True, strict_parsing=False)
        queries = form.get("query", []) + url_params.getlist("query")
        if form.get("update"):
            if queries:
                raise QueryRejected("give either `query` or `update`, not both")
            raise InputError(READ_ONLY, status=403, code="read_only")
        query = _single(queries, "query")
        if query is None:
            raise QueryRejected("the form has no `query` field")
        graphs = form.get("default-graph-uri", []) + url_params.getlist("default-graph-uri")
        named = form.get("named-graph-uri", []) + url_params.getlist("named-graph-uri")
        fmt = _format(form.get("format", []) + url_params.getlist("format"))
    elif media == "application/sparql-query":
        if url_params.getlist("query"):
            raise QueryRejected(
                "a POST with application/sparql-query carries the query in the body only, "
                "not also in `?query=`"
            )
        query = _decode(body)
        graphs = url_params.getlist("default-graph-uri")
        named = url_params.getlist("named-graph-uri")
        fmt = _format(url_params.getlist("format"))
    elif not media:
        raise QueryRejected(
            "a POST needs a Content-Type: application/x-www-form-urlencoded or "
            "application/sparql-query"
        )
    else:
        raise QueryRejected(
            f"Content-Type {media} is not supported; use application/x-www-form-urlencoded "
            "or application/sparql-query",
            status=415,
            code="unsupported_media_type",
        )
    return await _answer(request, service, query, graphs, named, fmt, cacheable=False)


@functools.lru_cache(maxsize=8)
def _http_date(iso: str | None) -> str | None:
    """RFC 9110 date of the build time (manifest `built_at`, ISO 8601 UTC)."""
    if not iso:
        return None
    import datetime as dt

    try:
        when = dt.datetime.strptime(iso, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
    except ValueError:
        return None
    return email.utils.format_datetime(when, usegmt=True)


def _not_modified(request: Request, etag: str, last_modified: str | None) -> bool:
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
        return "*" in tags or etag in tags
    ims = request.headers.get("if-modified-since")
    if ims and last_modified:
        try:
            return email.utils.parsedate_to_datetime(ims) >= email.utils.parsedate_to_datetime(
                last_modified
            )
        except (TypeError, ValueError):
            return False
    return False


def _check_graphs(service: Service, graphs: list[str]) -> None:
    if service.settings.unknown_graphs != "refuse":
        return
    known = service.known_graphs() or set()
    for iri in graphs:
        if iri not in known:
            raise QueryRejected(
                f"graph <{iri}> is not part of this dataset; remote graphs are never fetched "
                "(the service description lists the graph names)",
                code="remote_graph_not_allowed",
            )


async def _answer(
    request: Request,
    service: Service,
    query: str,
    default_graphs: list[str],
    named_graphs: list[str],
    fmt: str | None,
    *,
    cacheable: bool,
) -> Response:
    shape = service.check(query)
    _check_graphs(service, [*default_graphs, *named_graphs])
    accept = request.headers.get("accept")
    check_acceptable(shape.form, fmt, accept)
    solution_fmt, graph_fmt = pick_formats(fmt, accept)
    etag = service.etag(query, default_graphs, named_graphs, solution_fmt.key, graph_fmt.key)
    headers = {"Vary": "Accept", "ETag": etag}
    last_modified = _http_date((service.manifest or {}).get("built_at"))
    if last_modified:
        headers["Last-Modified"] = last_modified
    if cacheable:
        headers["Cache-Control"] = "public, max-age=300"
        if _not_modified(request, etag, last_modified):
            service.metrics.cache.labels("not_modified").inc()
            return Response(status_code=304, headers=headers)
    else:
        headers["Cache-Control"] = "no-cache"
    cache = _result_cache(service)
    hit = cache.get(etag) if cache is not None else None
    if hit is not None:
        service.metrics.cache.labels("sparql_hit").inc()
        body, media_type, extra = hit
        return Response(body, media_type=media_type, headers={**headers, **extra, "X-Cache": "hit"})
    gone = client_gone.set(request.is_disconnected)
    try:
        result = await service.run(
            QueryRequest(
                query=query,
                solution_format=solution_fmt.key,
                graph_format=graph_fmt.key,
                max_rows=service.settings.max_rows,
                default_graph=default_graphs or None,
                named_graphs=named_graphs or None,
                # relative IRIs of a query without BASE resolve against the dataset's base:
                # `<id/organization/ilo>` is https://w3id.org/ilo-china-kg/id/organization/ilo
                base_iri=service.ns.base,
            )
        )
    except QueryRejected as exc:
        if exc.code == "syntax_error":
            raise syntax_error(query, exc.message, shape, service.ns.prefixes()) from None
        raise
    finally:
        client_gone.reset(gone)
    body = result.body
    if result.kind == "solutions":
        try:
            body = canonical_results(body, solution_fmt.key)
        except ValueError:  # not what we expected: send the engine's bytes as they are
            log.warning("could not canonicalise the numbers of a %s result", solution_fmt.key)
    headers["X-Result-Rows"] = str(result.rows)
    if result.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["Warning"] = (
            f'199 ilokg "result cut at {service.settings.max_rows} rows (ILOKG_MAX_ROWS); '
            'add LIMIT/OFFSET to page"'
        )
    media_type = _text_type(result.media_type)
    if cache is not None and len(body) <= CACHE_MAX_BODY:
        extra = {k: v for k, v in headers.items() if k.startswith(("X-Result", "Warning"))}
        cache.put(etag, (body, media_type, extra))
        service.metrics.cache.labels("sparql_miss").inc()
    headers["X-Cache"] = "miss"
    return Response(body, media_type=media_type, headers=headers)


# Answers of /sparql are kept per build (the key is the ETag: build hash, query text, dataset,
# format), so a repeated query is not evaluated again until the next build is served: never
# stale, since the data only changes with a build. Small answers only; ILOKG_CACHE_SIZE entries.
CACHE_MAX_BODY = 64 * 1024


def _result_cache(service: Service) -> ResultCache | None:
    # Only for the embedded store, whose data changes with a build and nothing else; a remote
    # store may be changed (or go away) behind our back, so its answers are always fresh.
    if (
        service.settings.cache_size <= 0
        or service.build_hash == "none"
        or service.settings.backend != "oxigraph"
    ):
        return None
    cache = service.extras.get("sparql_cache")
    if cache is None:
        cache = service.extras["sparql_cache"] = ResultCache(service.settings.cache_size)
    return cache


def syntax_error(
    query: str, message: str, shape: QueryShape, known_prefixes: dict[str, str]
) -> SparqlSyntaxError:
    """The parser's message, tidied: 1-based line and column, a short expectation list,
    and a plain word for the commonest mistake (a prefix used without PREFIX)."""
    detail = message.removeprefix("SPARQL syntax error:").strip()
    line = column = None
    match = _POSITION.search(detail)
    if match:
        line, column = int(match.group(1)), int(match.group(2))
        detail = (detail[: match.start()] + detail[match.end() :]).strip(" :")
    if len(detail) > _MAX_EXPECTED:
        detail = detail[:_MAX_EXPECTED].rstrip() + " …"
    error_at = offset_of(query, line, column) if line is not None and column is not None else None
    missing = undeclared_prefixes(shape)
    if missing:
        prefix, pos = min(missing.items(), key=lambda kv: kv[1])
        if error_at is None or pos <= error_at + 1:
            line, column = line_column(query, pos)
            error_at = pos
            iri = known_prefixes.get(prefix)
            hint = f"PREFIX {prefix}: <{iri}>" if iri else f"PREFIX {prefix}: <…>"
            detail = f"the prefix `{prefix}:` is not declared; add `{hint}`"
    where = f" at line {line}, column {column}" if line is not None else ""
    context = None
    if error_at is not None and column is not None:
        lines = query.splitlines() or [""]
        text = lines[min(len(lines), max(1, line or 1)) - 1]
        if len(text) <= 300:
            context = text + "\n" + " " * max(0, min(column - 1, len(text))) + "^"
    return SparqlSyntaxError(f"SPARQL syntax error{where}: {detail}", line, column, context)


# -- service description -------------------------------------------------------------------

_VOID_QUERIES = {
    "totals": "SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects) "
    "(COUNT(DISTINCT ?p) AS ?properties) (COUNT(DISTINCT ?o) AS ?objects) WHERE { ?s ?p ?o }",
    "classes": "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class",
    "properties": "SELECT ?property (COUNT(*) AS ?n) WHERE { ?s ?property ?o } GROUP BY ?property",
    "graphs": "SELECT ?graph (COUNT(*) AS ?n) WHERE { GRAPH ?graph { ?s ?p ?o } } GROUP BY ?graph",
}


async def void_statistics(service: Service) -> dict[str, Any]:
    """VoID counts of the served data, computed once per build (empty when they cannot be)."""
    key = f"void-statistics:{service.build_hash}"
    cached = service.extras.get(key)
    if cached is not None:
        return dict(cached)
    stats: dict[str, Any] = {}
    try:
        for name, text in _VOID_QUERIES.items():
            result = await service.run(
                QueryRequest(
                    query=text, solution_format="json", max_rows=service.settings.max_rows
                ),
                route="service-description",
            )
            rows = json.loads(result.body)["results"]["bindings"]
            if name == "totals":
                stats.update({k: int(v["value"]) for k, v in (rows[0] if rows else {}).items()})
            else:
                first = {"classes": "class", "properties": "property", "graphs": "graph"}[name]
                stats[name] = {
                    r[first]["value"]: int(r["n"]["value"])
                    for r in rows
                    if r.get(first, {}).get("type") == "uri"
                }
    except QueryTimeout as exc:
        # remembered: a store too big to count in time must not be counted on every GET
        log.warning("VoID statistics left out: %s", exc.message)
        stats = {}
    except (IlokgError, ValueError, KeyError, IndexError) as exc:
        log.warning("VoID statistics unavailable for now: %s", exc)
        return {}
    service.extras[key] = stats
    return dict(stats)


async def _describe(request: Request, service: Service) -> Response:
    accept = request.headers.get("accept")
    fmt_param = request.query_params.get("format")
    if fmt_param is None and wants_html(accept):
        return _editor(request, service, None)
    if fmt_param and FORMAT_PARAM.get(fmt_param.strip().lower(), (None, None))[1]:
        key = FORMAT_PARAM[fmt_param.strip().lower()][1] or "turtle"
    else:
        key = negotiate(fmt_param or accept, GRAPH_ALIASES, "turtle")
    fmt = GRAPH_FORMATS[key]
    endpoint = str(request.url.replace(query="", fragment="")).rstrip("?")
    etag = service.etag("service-description", key, endpoint)
    headers = {"Vary": "Accept", "ETag": etag, "Cache-Control": "public, max-age=300"}
    if _not_modified(request, etag, None):
        return Response(status_code=304, headers=headers)
    stats = await void_statistics(service) if service.engine is not None else {}
    graph = service_description(
        endpoint,
        service.manifest,
        service.ns.entity("dataset", "ilo-china-kg"),
        stats=stats,
        limits={
            "query_timeout": service.settings.query_timeout,
            "max_rows": service.settings.max_rows,
        },
    )
    rdflib_name = {
        "turtle": "turtle",
        "ntriples": "nt",
        "jsonld": "json-ld",
        "rdfxml": "xml",
        "trig": "trig",
        "nquads": "nquads",
    }[key]
    body = graph.serialize(format=rdflib_name)
    return Response(body, media_type=_text_type(fmt.media_type), headers=headers)


# -- the query editor --------------------------------------------------------------------

DEFAULT_QUERY = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# What kinds of things does the graph describe, and how many of each?
SELECT ?class (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?thing) AS ?things)
WHERE {
  ?thing a ?class .
  OPTIONAL { ?class rdfs:label ?name FILTER(LANGMATCHES(LANG(?name), "en")) }
}
GROUP BY ?class
ORDER BY DESC(?things)
LIMIT 50
"""


def _examples(service: Service) -> list[dict[str, str]]:
    """The canned queries (queries/*.rq) as editor examples: name, title, description, text."""
    try:
        folder = service.root / "queries"
    except Exception:  # noqa: BLE001 - no knowledge folder: no examples
        return []
    if not folder.is_dir():
        return []
    out: list[dict[str, str]] = []
    try:
        from ..catalog import Catalog

        catalog = service.extras.get("catalog")  # loaded by routers/api.py when present
        if not isinstance(catalog, Catalog):
            catalog = Catalog.load(folder, service.ns)
        for q in catalog:
            out.append(
                {"name": q.name, "title": q.title, "description": q.description, "query": q.text}
            )
        return out
    except Exception as exc:  # noqa: BLE001 - a bad header must not break the editor
        log.warning("canned queries not loaded through the catalogue: %s", exc)
    for path in sorted(folder.glob("*.rq")):
        text = service.ns.rebase(path.read_text(encoding="utf-8"))
        title = path.stem
        for line in text.splitlines():
            stripped = line.lstrip("#+ ").strip()
            if line.startswith("#") and stripped.lower().startswith("title:"):
                title = stripped.split(":", 1)[1].strip().strip("\"'")
                break
        out.append({"name": path.stem, "title": title, "description": "", "query": text})
    return out


def _editor(request: Request, service: Service, query: str | None) -> HTMLResponse:
    from ..templates_env import render

    settings = service.settings
    manifest = service.manifest or {}
    page = {
        "endpoint": request.url.path,
        "query": query,
        "defaultQuery": DEFAULT_QUERY,
        "examples": _examples(service),
        # the canned-query API, when this app has it (routers/api.py)
        "catalogue": "/api/queries"
        if any(getattr(r, "path", None) == "/api/queries" for r in request.app.routes)
        else None,
        "solutionFormats": [
            {"key": k, "label": k.upper(), "ext": f.extension, "media": f.media_type}
            for k, f in SOLUTION_FORMATS.items()
        ],
        "graphFormats": [
            {
                "key": k,
                "label": label,
                "ext": GRAPH_FORMATS[k].extension,
                "media": GRAPH_FORMATS[k].media_type,
            }
            for k, label in (
                ("turtle", "Turtle"),
                ("ntriples", "N-Triples"),
                ("jsonld", "JSON-LD"),
                ("rdfxml", "RDF/XML"),
                ("trig", "TriG"),
            )
        ],
        "formatParam": {
            "turtle": "turtle",
            "ntriples": "nt",
            "jsonld": "jsonld",
            "rdfxml": "rdfxml",
            "trig": "trig",
            "json": "json",
            "xml": "xml",
            "csv": "csv",
            "tsv": "tsv",
            "nquads": "nq",
        },
        "timeout": settings.query_timeout,
        "maxRows": settings.max_rows,
        "base": service.ns.base,
        "prefixes": service.ns.prefixes(),
    }
    html = render(
        "sparql.html",
        page=page,
        page_json=json.dumps(page, ensure_ascii=False).replace("<", "\\u003c"),
        triples=manifest.get("triples"),
        build_hash=service.build_hash,
        built_at=manifest.get("built_at"),
        static=static_url,
    )
    return HTMLResponse(
        html,
        headers={
            "Vary": "Accept",
            "Cache-Control": "no-cache",
            # everything comes from this site: a CDN reference would not even load
            "Content-Security-Policy": "default-src 'self'; script-src 'self'; "
            "style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'self'",
            "X-Content-Type-Options": "nosniff",
        },
    )


# -- static files shipped in the package ---------------------------------------------------

_STATIC_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".json": "application/json",
    "": "text/plain; charset=utf-8",  # LICENSE files
}


def _static_root() -> Path:
    return Path(str(resources.files("ilokg") / "static"))


def _static_file(path: str) -> Path:
    root = _static_root().resolve()
    target = (root / path).resolve()
    if root not in target.parents or not target.is_file():
        raise NotFound(f"no static file {path!r}")
    return target


def static_url(path: str) -> str:
    """URL of a static file with a content hash, so that it can be cached for a year."""
    try:
        target = _static_file(path)
    except NotFound:
        return f"/static/{path}"
    stat = target.stat()
    return f"/static/{path}?v={_digest(target, stat.st_mtime_ns, stat.st_size)}"


@functools.lru_cache(maxsize=64)
def _digest(target: Path, _mtime: int, _size: int) -> str:
    return hashlib.sha256(target.read_bytes()).hexdigest()[:12]


@router.get("/static/{path:path}", include_in_schema=False)
def static(path: str, request: Request) -> Response:
    target = _static_file(path)
    media = _STATIC_TYPES.get(target.suffix.lower())
    if media is None:
        raise NotFound(f"no static file {path!r}")
    data = target.read_bytes()
    etag = '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=31536000, immutable"
        if request.query_params.get("v")
        else "public, max-age=300",
        "X-Content-Type-Options": "nosniff",
    }
    if _not_modified(request, etag, None):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=media, headers=headers)
