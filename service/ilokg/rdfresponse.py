"""HTTP responses for linked-data resources: negotiated RDF or HTML with the right headers.

Shared by the linked-data, ontology and dataset routers: `Vary`, `ETag` (+ 304), `Link` to
the suffix alternates, `Content-Location` of the negotiated document, cache headers.
"""

from __future__ import annotations

from typing import Any

import rdflib
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from .humanize import choose_language
from .ldformats import FORMATS, LdFormat, alternates, link_header, serialize
from .ontology_docs import Documents
from .service import Service
from .terms import jsonld_context, term_labels

CACHE = "public, max-age=300"


def base_url(request: Request) -> str:
    """The service's own URL as the client reached it, without a trailing slash."""
    return str(request.base_url).rstrip("/")


def root_path(request: Request) -> str:
    return str(request.scope.get("root_path", "")).rstrip("/")


def documents(service: Service) -> Documents:
    docs = service.extras.get("documents")
    if not isinstance(docs, Documents):
        cache_dir = service.build_path / "docs" if service.build_path else None
        docs = Documents(service.root, service.ns, cache_dir)
        service.extras["documents"] = docs
    return docs


def labels(service: Service) -> dict[str, dict[str, str]]:
    cached = service.extras.get("term_labels")
    if cached is None:
        cached = term_labels(documents(service).ontology)
        service.extras["term_labels"] = cached
    result: dict[str, dict[str, str]] = cached
    return result


def context(service: Service) -> dict[str, Any]:
    cached = service.extras.get("jsonld_context")
    if cached is None:
        cached = jsonld_context(documents(service).ontology, service.ns)
        service.extras["jsonld_context"] = cached
    result: dict[str, Any] = cached
    return result


def page_language(request: Request) -> str:
    return choose_language(request.query_params.get("lang"), request.headers.get("accept-language"))


def language_links(request: Request) -> list[dict[str, str]]:
    return [
        {"code": code, "text": text, "href": str(request.url.include_query_params(lang=code))}
        for code, text in (("en", "English"), ("zh", "中文"))
    ]


def not_modified(request: Request, etag: str) -> bool:
    wanted = [t.strip() for t in request.headers.get("if-none-match", "").split(",")]
    return etag in wanted or "*" in wanted


def headers_for(
    request: Request,
    service: Service,
    *,
    alts: list[dict[str, str]],
    etag_parts: tuple[object, ...],
    negotiated: bool,
    fmt: LdFormat,
) -> dict[str, str]:
    headers = {
        "Vary": "Accept, Accept-Language" if fmt.key == "html" else "Accept",
        "Link": link_header(alts),
        "ETag": service.etag(*etag_parts, fmt.key, base_url(request)),
        "Cache-Control": CACHE,
    }
    if negotiated:
        for alt in alts:
            if alt["type"] == fmt.media_type:
                headers["Content-Location"] = alt["url"]
    return headers


def rdf_response(
    request: Request,
    service: Service,
    graph: rdflib.Graph,
    fmt: LdFormat,
    *,
    url_stem: str,
    etag_parts: tuple[object, ...],
    negotiated: bool,
    keys: tuple[str, ...] = ("html", "turtle", "jsonld", "ntriples", "rdfxml"),
    with_context: bool = True,
    focus: str | None = None,
    status: int = 200,
) -> Response:
    alts = alternates(url_stem, keys)
    headers = headers_for(
        request, service, alts=alts, etag_parts=etag_parts, negotiated=negotiated, fmt=fmt
    )
    if status == 200 and not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    prefixes = service.ns.serialization_prefixes()
    known = set(prefixes.values())
    for prefix, namespace in graph.namespaces():  # those the graph's author bound (dcat.py)
        if str(namespace) not in known and prefix not in prefixes:
            prefixes[prefix] = str(namespace)
    body = serialize(graph, fmt.key, prefixes, context(service) if with_context else None, focus)
    return Response(body, status_code=status, media_type=fmt.content_type, headers=headers)


def html_page(
    request: Request,
    service: Service,
    html: str,
    *,
    url_stem: str,
    etag_parts: tuple[object, ...],
    negotiated: bool,
    keys: tuple[str, ...] = ("html", "turtle", "jsonld", "ntriples", "rdfxml"),
    status: int = 200,
) -> Response:
    fmt = FORMATS["html"]
    alts = alternates(url_stem, keys)
    headers = headers_for(
        request, service, alts=alts, etag_parts=etag_parts, negotiated=negotiated, fmt=fmt
    )
    if status == 200 and not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return HTMLResponse(html, status_code=status, headers=headers)


def document_response(
    request: Request,
    service: Service,
    which: str,
    *,
    url_stem: str,
    suffix: LdFormat | None,
) -> Response:
    """The ontology or the shapes: RDF by content negotiation, HTML documentation for people."""
    from .ldformats import choose

    docs = documents(service)
    fmt = suffix or choose(request.headers.get("accept"), request.query_params.get("format"))
    parts = ("document", which)
    if fmt.key == "html":
        html = docs.ontology_html() if which == "ontology" else docs.shapes_html()
        return html_page(
            request, service, html, url_stem=url_stem, etag_parts=parts, negotiated=suffix is None
        )
    graph = docs.ontology if which == "ontology" else docs.shapes
    return rdf_response(
        request,
        service,
        graph,
        fmt,
        url_stem=url_stem,
        etag_parts=parts,
        negotiated=suffix is None,
        with_context=False,
    )
