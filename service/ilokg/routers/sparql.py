"""/sparql — the SPARQL 1.1 Protocol (query only; the endpoint is read-only)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from ..deps import get_service
from ..engine.base import QueryRequest
from ..engine.formats import GRAPH_FORMATS
from ..errors import InputError, QueryRejected
from ..negotiation import GRAPH_ALIASES, check_acceptable, negotiate, pick_formats, wants_html
from ..service import Service
from ..servicedesc import service_description

router = APIRouter(tags=["sparql"])

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
  (`X-Result-Truncated: true`).
"""


def _text_type(media: str) -> str:
    if media.startswith("text/") or media.endswith(("+json", "+xml", "/json", "/xml", "ld+json")):
        return f"{media}; charset=utf-8"
    return media


def _single(values: list[str], name: str) -> str | None:
    if len(values) > 1:
        raise QueryRejected(f"give exactly one `{name}` parameter, not {len(values)}")
    return values[0] if values else None


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise InputError(
            f"the request body is {length} bytes; the limit is {limit}", status=413,
            code="body_too_large",
        )
    size = 0
    chunks = []
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise InputError(
                f"the request body exceeds the limit of {limit} bytes", status=413,
                code="body_too_large",
            )
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise QueryRejected(f"the request body is not valid UTF-8 (byte {exc.start})") from None


@router.get("/sparql", summary="SPARQL query (GET)", description=SPARQL_DOC, response_model=None)
async def sparql_get(
    request: Request, service: Annotated[Service, Depends(get_service)]
) -> Response:
    params = request.query_params
    if params.getlist("update"):
        raise InputError(READ_ONLY, status=403, code="read_only")
    query = _single(params.getlist("query"), "query")
    if query is None:
        return _describe(request, service)
    return await _answer(
        request,
        service,
        query,
        params.getlist("default-graph-uri"),
        params.getlist("named-graph-uri"),
        _single(params.getlist("format"), "format"),
        cacheable=True,
    )


@router.post("/sparql", summary="SPARQL query (POST)", description=SPARQL_DOC, response_model=None)
async def sparql_post(
    request: Request, service: Annotated[Service, Depends(get_service)]
) -> Response:
    ctype = request.headers.get("content-type", "")
    media, _, rest = ctype.partition(";")
    media = media.strip().lower()
    charset = ""
    for part in rest.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    if charset and charset not in ("utf-8", "utf8"):
        raise QueryRejected(
            f"charset {charset} is not supported: send UTF-8", status=415, code="unsupported_charset"
        )
    body = await _read_body(request, service.settings.max_body_bytes)
    url_params = request.query_params
    if media == "application/sparql-update":
        raise InputError(READ_ONLY, status=403, code="read_only")
    if media == "application/x-www-form-urlencoded":
        form = parse_qs(_decode(body), keep_blank_values=True, strict_parsing=False)
        if form.get("update"):
            if form.get("query"):
                raise QueryRejected("give either `query` or `update`, not both")
            raise InputError(READ_ONLY, status=403, code="read_only")
        query = _single(form.get("query", []), "query")
        if query is None:
            raise QueryRejected("the form has no `query` field")
        graphs = form.get("default-graph-uri", []) + url_params.getlist("default-graph-uri")
        named = form.get("named-graph-uri", []) + url_params.getlist("named-graph-uri")
        fmt = _single(form.get("format", []) + url_params.getlist("format"), "format")
    elif media == "application/sparql-query":
        query = _decode(body)
        graphs = url_params.getlist("default-graph-uri")
        named = url_params.getlist("named-graph-uri")
        fmt = _single(url_params.getlist("format"), "format")
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
    known = service.known_graphs() or set()
    for iri in [*default_graphs, *named_graphs]:
        if iri not in known:
            raise QueryRejected(
                f"graph <{iri}> is not part of this dataset; remote graphs are never fetched",
                code="remote_graph_not_allowed",
            )
    accept = request.headers.get("accept")
    check_acceptable(shape.form, fmt, accept)
    solution_fmt, graph_fmt = pick_formats(fmt, accept)
    etag = service.etag(query, default_graphs, named_graphs, solution_fmt.key, graph_fmt.key)
    headers = {"Vary": "Accept", "ETag": etag}
    if cacheable:
        headers["Cache-Control"] = "public, max-age=300"
        if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
            return Response(status_code=304, headers=headers)
    else:
        headers["Cache-Control"] = "no-cache"
    result = await service.run(
        QueryRequest(
            query=query,
            solution_format=solution_fmt.key,
            graph_format=graph_fmt.key,
            max_rows=service.settings.max_rows,
            default_graph=default_graphs or None,
            named_graphs=named_graphs or None,
        )
    )
    headers["X-Result-Rows"] = str(result.rows)
    if result.truncated:
        headers["X-Result-Truncated"] = "true"
        headers["Warning"] = (
            f'199 ilokg "result cut at {service.settings.max_rows} rows (ILOKG_MAX_ROWS); '
            'add LIMIT/OFFSET to page"'
        )
    return Response(result.body, media_type=_text_type(result.media_type), headers=headers)


def _describe(request: Request, service: Service) -> Response:
    accept = request.headers.get("accept")
    headers = {"Vary": "Accept"}
    if wants_html(accept):
        from ..templates_env import render

        html = render("sparql.html", service=service, request=request)
        return HTMLResponse(html, headers=headers)
    fmt_param = request.query_params.get("format")
    key = negotiate(fmt_param or accept, GRAPH_ALIASES, "turtle")
    fmt = GRAPH_FORMATS[key]
    endpoint = str(request.url.replace(query="", fragment="")).rstrip("?")
    graph = service_description(endpoint, service.manifest, service.ns.entity("dataset", "ilo-china-kg"))
    rdflib_name = {
        "turtle": "turtle", "ntriples": "nt", "jsonld": "json-ld", "rdfxml": "xml",
        "trig": "trig", "nquads": "nquads",
    }[key]
    body = graph.serialize(format=rdflib_name)
    headers["ETag"] = service.etag("service-description", key, endpoint)
    return Response(body, media_type=_text_type(fmt.media_type), headers=headers)
