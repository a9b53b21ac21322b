"""/api/queries — the canned-query API, one typed OpenAPI operation per `queries/*.rq` file.

The per-query routes are generated at start-up from the `#+` headers (the router's lifespan runs
after the app's, loads the catalogue from the app's own settings and adds one GET route per
query), so /docs shows a real form for each. Execution goes through `service.run` (worker pool,
timeout); answers are cached per build in a bounded LRU keyed like the ETag.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from .. import apidoc
from ..answers import (
    LABEL_QUERY,
    LabelIndex,
    ResultCache,
    accept_languages,
    cut_results,
    to_csv,
    to_rows,
)
from ..catalog import RESERVED, CannedQuery, Catalog
from ..deps import get_service, service_of
from ..engine.base import QueryRequest, Term, client_gone
from ..errors import IlokgError, NotFound, ParameterError
from ..files import knowledge_root
from ..negotiation import negotiate
from ..params import Row, clip
from ..service import Service

log = logging.getLogger("ilokg.api")
TAG = "canned queries"
MEDIA = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "srj": "application/sparql-results+json",
}
ALIASES = {
    "json": ["application/json"],
    "csv": ["text/csv"],
    "srj": ["application/sparql-results+json"],
}
DIGITS = re.compile(r"^[+]?[0-9]{1,30}$")


@dataclass(frozen=True)
class Rendered:
    body: bytes
    media_type: str
    headers: dict[str, str]


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    service: Service = app.state.service
    try:
        folder = knowledge_root(service.settings.root) / "queries"
        catalog = Catalog.load(folder, service.ns, strict=False)
    except (IlokgError, OSError) as exc:
        log.error("canned queries not loaded: %s", getattr(exc, "message", exc))
        catalog = Catalog({})
    for error in catalog.errors:
        log.error("canned query left out: %s", error)
    service.extras["catalog"] = catalog
    service.extras["api_cache"] = ResultCache(service.settings.cache_size)
    service.extras["labels_lock"] = asyncio.Lock()
    add_query_routes(app, catalog)
    yield


router = APIRouter(tags=[TAG], lifespan=_lifespan)


def add_query_routes(app: FastAPI, catalog: Catalog) -> None:
    """One GET operation per canned query, then a fallback that answers 404 for other names."""
    for query in catalog:
        app.add_api_route(
            f"/api/queries/{query.name}",
            _endpoint(query.name),
            methods=["GET"],
            tags=[TAG],
            summary=query.title,
            description=apidoc.description(query),
            operation_id=f"query_{query.name.replace('-', '_')}",
            response_model=None,
            openapi_extra=apidoc.operation_extra(query),
        )
    app.add_api_route(
        "/api/queries/{name}",
        _unknown,
        methods=["GET"],
        include_in_schema=False,
        response_model=None,
    )
    app.openapi_schema = None


def _endpoint(name: str) -> Callable[..., Awaitable[Response]]:
    async def endpoint(
        request: Request, service: Annotated[Service, Depends(get_service)]
    ) -> Response:
        return await answer(request, service, name)

    endpoint.__name__ = f"query_{name.replace('-', '_')}"
    return endpoint


async def _unknown(request: Request, name: str) -> Response:
    catalog = _catalog(service_of(request))
    catalog.get(name)  # raises NotFound naming the known queries
    raise NotFound(f"no canned query `{clip(name)}`")


@router.get(
    "/api/queries",
    summary="The catalogue of canned queries",
    operation_id="list_queries",
    response_model=None,
)
async def list_queries(service: Annotated[Service, Depends(get_service)]) -> JSONResponse:
    """Every canned query: name, title, description, parameters, columns and an example call."""
    entries = [apidoc.catalogue_entry(q) for q in _catalog(service)]
    return JSONResponse(
        {"queries": entries, "count": len(entries)},
        headers={
            "ETag": service.etag("api-catalogue", entries),
            "Cache-Control": "public, max-age=300",
        },
    )


def _catalog(service: Service) -> Catalog:
    catalog = service.extras.get("catalog")
    if not isinstance(catalog, Catalog):
        raise NotFound("the canned-query catalogue is not loaded")
    return catalog


async def answer(request: Request, service: Service, name: str) -> Response:
    query = _catalog(service).get(name)
    params = request.query_params
    fmt = _format(params.getlist("format"), request.headers.get("accept"))
    max_limit = max(1, min(apidoc.MAX_LIMIT, service.settings.max_rows))
    limit = _integer(params.getlist("limit"), "limit", apidoc.DEFAULT_LIMIT, 1, max_limit)
    offset = _integer(params.getlist("offset"), "offset", 0, 0, apidoc.MAX_OFFSET)
    values: dict[str, str] = {}
    for key in dict.fromkeys(params.keys()):
        if key in RESERVED:
            continue
        given = params.getlist(key)
        if len(given) > 1:
            raise ParameterError(
                f"parameter `{clip(key)}` is given {len(given)} times; give it once"
            )
        values[key] = given[0]
    languages = accept_languages(request.headers.get("accept-language"))
    etag = service.etag("api", name, sorted(values.items()), limit, offset, fmt, languages)
    headers = {
        "ETag": etag,
        "Vary": "Accept, Accept-Language",
        "Cache-Control": "public, max-age=300",
    }
    if etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    cache: ResultCache = service.extras["api_cache"]
    cached = cache.get(etag)
    if isinstance(cached, Rendered):
        service.metrics.cache.labels("hit").inc()
        return Response(
            cached.body, media_type=cached.media_type, headers={**cached.headers, **headers}
        )
    service.metrics.cache.labels("miss").inc()
    gone = client_gone.set(request.is_disconnected)  # a queued query of a gone client is dropped
    try:
        rendered = await _evaluate(request, service, query, values, fmt, limit, offset, languages)
    finally:
        client_gone.reset(gone)
    cache.put(etag, rendered)
    return Response(
        rendered.body, media_type=rendered.media_type, headers={**rendered.headers, **headers}
    )


async def _evaluate(
    request: Request,
    service: Service,
    query: CannedQuery,
    values: dict[str, str],
    fmt: str,
    limit: int,
    offset: int,
    languages: list[str],
) -> Rendered:
    async def run(text: str, substitutions: dict[str, Term]) -> list[Row]:
        found: list[Row] = (await _select(service, text, substitutions, 50))["results"]["bindings"]
        return found

    prepared = await query.abind(values, run)
    # LIMIT and OFFSET are validated integers; parameters themselves are never put in the text.
    text = f"{query.text.rstrip()}\nLIMIT {limit + 1}\nOFFSET {offset}\n"
    results = await _select(service, text, prepared.substitutions(), limit + 1)
    bindings = results["results"]["bindings"]
    more = len(bindings) > limit
    links = []
    if more:
        links.append(f'<{_page(request, offset + limit, limit)}>; rel="next"')
    if offset > 0:
        links.append(f'<{_page(request, max(0, offset - limit), limit)}>; rel="prev"')
    headers = {"Link": ", ".join(links)} if links else {}
    headers["X-Result-Rows"] = str(min(len(bindings), limit))
    if fmt == "srj":
        return Rendered(cut_results(results, limit), MEDIA["srj"], headers)
    labels = await _labels(service)
    rows = to_rows(results, query.columns, labels, languages)[:limit]
    if fmt == "csv":
        return Rendered(to_csv(rows, query.columns).encode("utf-8"), MEDIA["csv"], headers)
    body = {
        "query": query.name,
        "columns": [c.name for c in query.columns],
        "rows": rows,
        "count": len(rows),
        "limit": limit,
        "offset": offset,
        "next": _page(request, offset + limit, limit) if more else None,
    }
    return Rendered(json.dumps(body, ensure_ascii=False).encode("utf-8"), MEDIA["json"], headers)


async def _select(
    service: Service, text: str, substitutions: dict[str, Term], max_rows: int
) -> dict[str, Any]:
    result = await service.run(
        QueryRequest(
            query=text, solution_format="json", max_rows=max_rows, substitutions=substitutions
        ),
        route="api",
    )
    parsed: dict[str, Any] = json.loads(result.body)
    return parsed


async def _labels(service: Service) -> LabelIndex:
    """The label index of the current build, loaded once per build."""
    held: tuple[str, LabelIndex] | None = service.extras.get("labels")
    if held is not None and held[0] == service.build_hash:
        return held[1]
    async with service.extras["labels_lock"]:
        held = service.extras.get("labels")
        if held is None or held[0] != service.build_hash:
            results = await _select(service, LABEL_QUERY, {}, 10_000_000)
            held = (service.build_hash, LabelIndex.from_bindings(results["results"]["bindings"]))
            service.extras["labels"] = held
    return held[1]


def _page(request: Request, offset: int, limit: int) -> str:
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in ("limit", "offset")]
    items += [("limit", str(limit)), ("offset", str(offset))]
    return f"{request.url.path}?{urlencode(items)}"


def _integer(given: list[str], name: str, default: int, minimum: int, maximum: int) -> int:
    """A paging integer: absent → default; too large → cut to the maximum; else 422."""
    if not given:
        return default
    if len(given) > 1:
        raise ParameterError(f"parameter `{name}` is given {len(given)} times; give it once")
    if not DIGITS.fullmatch(given[0]) or int(given[0]) < minimum:
        raise ParameterError(
            f"parameter `{name}`: expected an integer of at least {minimum} "
            f"(values above {maximum} are cut to {maximum})"
        )
    return min(int(given[0]), maximum)


def _format(given: list[str], accept: str | None) -> str:
    if len(given) > 1:
        raise ParameterError("parameter `format` is given more than once; give it once")
    if given:
        if given[0] not in MEDIA:
            raise ParameterError("parameter `format`: expected one of json, csv, srj")
        return given[0]
    return negotiate(accept, ALIASES, "json")
