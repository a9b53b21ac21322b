"""Dereferenceable IRIs: /id/{kind}/{slug} (entities), /def/… (terms), /context.jsonld, /.

An entity IRI `{ILOKG_BASE_IRI}id/{kind}/{slug}` answers at `/id/{kind}/{slug}` on whatever
host serves it: 200 with the representation chosen by Accept (HTML, Turtle, JSON-LD,
N-Triples, RDF/XML), `Vary: Accept`, `Content-Location` and `Link: rel="alternate"` to the
suffix URLs (`.html .ttl .jsonld .nt .rdf`). See docs/linked-data.md for the 200-vs-303 choice.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from rdflib.namespace import OWL

from .. import rdfresponse as rr
from ..deps import get_service
from ..describe import describe, kind_counts, label_search
from ..entity_view import TEXT, entity_view
from ..errors import IlokgError
from ..ldformats import FORMATS, LdFormat, alternates, choose, split_suffix
from ..service import Service
from ..templates_env import render

router = APIRouter(tags=["linked data"])
ServiceDep = Annotated[Service, Depends(get_service)]
_SAFE_PATH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~!$&'()*+,;=:@%/-]*$")
CATALOGUE_KINDS = {"catalog", "dataset", "distribution", "service", "agent"}


@router.api_route(
    "/",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_class=HTMLResponse,
    summary="Landing page",
    include_in_schema=False,
)
async def landing(request: Request, service: ServiceDep) -> Response:
    kinds: list[tuple[str, int, dict[str, str] | None]] = []
    error = ""
    try:
        kinds = [(kind, count, None) for kind, count in await kind_counts(service)]
    except IlokgError as exc:
        error = exc.message
    html = render("landing.html", kinds=kinds, error=error, root=rr.root_path(request))
    return HTMLResponse(html, headers={"Cache-Control": rr.CACHE})


@router.get("/context.jsonld", summary="The JSON-LD @context of the entity documents")
async def jsonld_context(service: ServiceDep) -> JSONResponse:
    return JSONResponse(
        {"@context": rr.context(service)},
        media_type="application/ld+json",
        headers={"Cache-Control": rr.CACHE},
    )


@router.api_route(
    "/def/{name}",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_model=None,
    summary="Ontology (/def/ilokg) and shapes (/def/shapes) documents",
)
def definitions(name: str, request: Request, service: ServiceDep) -> Response:
    stem, suffix = split_suffix(name)
    if stem not in ("ilokg", "shapes"):
        return _plain_404(request, f"/def/{name}")
    which = "ontology" if stem == "ilokg" else "shapes"
    return rr.document_response(
        request, service, which, url_stem=f"{rr.base_url(request)}/def/{stem}", suffix=suffix
    )


@router.api_route(
    "/def/ilokg/{version}",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_model=None,
    summary="A version IRI of the ontology",
)
def ontology_version(version: str, request: Request, service: ServiceDep) -> Response:
    stem, suffix = split_suffix(version)
    versions = {
        str(v).rsplit("/", 1)[-1]
        for v in rr.documents(service).ontology.objects(None, OWL.versionIRI)
    }
    if stem not in versions:
        return _plain_404(request, f"/def/ilokg/{version}")
    return rr.document_response(
        request,
        service,
        "ontology",
        url_stem=f"{rr.base_url(request)}/def/ilokg/{stem}",
        suffix=suffix,
    )


@router.api_route(
    "/id/{path:path}",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_model=None,
    summary="Dereference an entity IRI",
    description="The entity `{ILOKG_BASE_IRI}id/{path}` as HTML, Turtle, JSON-LD, "
    "N-Triples or RDF/XML (Accept, `?format=`, or a suffix .html .ttl .jsonld .nt "
    ".rdf); `?lang=en|zh` picks the label language of the HTML page.",
)
async def entity(path: str, request: Request, service: ServiceDep) -> Response:
    stem, suffix = split_suffix(path)
    fmt = suffix or _choose(request)
    iri = service.ns.id + stem
    if not _SAFE_PATH.match(stem) or service.ns.split_entity(iri) is None:
        return await _not_found(request, service, iri, stem, fmt)
    kind = stem.split("/", 1)[0]
    if kind in CATALOGUE_KINDS:
        from .dataset import catalogue_response

        return await catalogue_response(request, service, suffix, stem=stem)
    graph = await describe(service, iri)
    if len(graph) == 0:
        return await _not_found(request, service, iri, stem, fmt)
    stem_url = f"{rr.base_url(request)}/id/{stem}"
    if fmt.key == "html":
        lang = rr.page_language(request)
        view = entity_view(
            graph,
            iri,
            lang=lang,
            ns=service.ns,
            labels=rr.labels(service),
            root=rr.root_path(request),
        )
        html = render(
            "entity.html",
            e=view,
            alternates=alternates(stem_url),
            html_lang=_html_lang(lang),
            root=rr.root_path(request),
            lang_links=rr.language_links(request),
        )
        return rr.html_page(
            request,
            service,
            html,
            url_stem=stem_url,
            etag_parts=("entity", iri, lang),
            negotiated=suffix is None,
        )
    return rr.rdf_response(
        request,
        service,
        graph,
        fmt,
        url_stem=stem_url,
        etag_parts=("entity", iri),
        negotiated=suffix is None,
        focus=iri,
    )


def _choose(request: Request) -> LdFormat:
    return choose(request.headers.get("accept"), request.query_params.get("format"))


def _html_lang(lang: str) -> str:
    return "zh-Hans" if lang == "zh" else "en"


def _plain_404(request: Request, path: str) -> Response:
    return JSONResponse(
        {
            "error": "not_found",
            "message": f"{path} is not a document of this "
            "service; the ontology is at /def/ilokg and the shapes at /def/shapes",
        },
        status_code=404,
    )


async def _not_found(
    request: Request, service: Service, iri: str, stem: str, fmt: LdFormat
) -> Response:
    """404 that suggests entities whose labels share words with the asked slug."""
    try:
        kind, _, slug = stem.partition("/")
        found = await label_search(service, slug or kind, kind if slug else "")
    except IlokgError:
        found = []
    root = rr.root_path(request)
    suggestions = [
        {**s, "href": f"{root}/id/{s['iri'][len(service.ns.id) :]}"}
        for s in found
        if s["iri"].startswith(service.ns.id)
    ]
    message = f"<{iri}> is not in the knowledge graph" + (
        f"; did you mean <{suggestions[0]['iri']}>?" if suggestions else ""
    )
    headers = {"Vary": "Accept", "Cache-Control": "no-cache"}
    if fmt.key == "html":
        lang = rr.page_language(request)
        html = render(
            "not_found.html",
            iri=iri,
            suggestions=suggestions,
            root=root,
            text=TEXT["zh" if lang == "zh" else "en"],
            html_lang=_html_lang(lang),
        )
        return HTMLResponse(html, status_code=404, headers=headers)
    if fmt.key in ("turtle", "ntriples"):
        lines = [f"# 404 not found: {message}"] + [
            f"# suggestion: <{s['iri']}> {s['label']}" for s in suggestions
        ]
        text = "\n".join(line.replace("\n", " ") for line in lines) + "\n"
        return Response(
            text, status_code=404, media_type=FORMATS[fmt.key].content_type, headers=headers
        )
    body = {
        "error": "not_found",
        "message": message,
        "suggestions": [{"iri": s["iri"], "label": s["label"]} for s in suggestions],
    }
    return JSONResponse(body, status_code=404, headers=headers)
