"""The published documents: the catalogue record, the dumps, the ontology and the shapes.

* `/dataset` and `/.well-known/void`: DCAT-AP 3 catalogue record with VoID statistics
  (Turtle by default; JSON-LD, RDF/XML, N-Triples by Accept or `?format=`; HTML for browsers).
* `/dumps/{name}`: the dump files of the live build (`ETag` = sha256, `Content-Length`).
  The build writes the N-Quads dump; the others are made on their first request
  (`store.ensure_dump`), and the record lists their size and checksum once they exist.
* `/ontology` and `/shapes`: Turtle (and the other RDF syntaxes) or HTML documentation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, JSONResponse, Response
from rdflib import URIRef

from .. import rdfresponse as rr
from ..dcat import catalog_graph, iris
from ..deps import get_service
from ..errors import NotFound
from ..ldformats import FORMATS, LdFormat, choose, split_suffix
from ..service import Service
from ..store import DUMP_DIR, VALIDATION_REPORT, dumps_info, ensure_dump
from ..templates_env import render
from ..voidstats import cached

router = APIRouter(tags=["dataset"])
ServiceDep = Annotated[Service, Depends(get_service)]
DATASET_DOC = (
    "The DCAT-AP 3.0.1 catalogue record of this knowledge graph with VoID statistics: catalogue, "
    "dataset, one distribution per dump (download URL, media type, size, sha256), the SPARQL "
    "endpoint and the query API as data services. Turtle by default; JSON-LD, RDF/XML, "
    "N-Triples by Accept or `?format=`."
)


def _manifest_now(service: Service) -> dict[str, Any] | None:
    """The manifest with the dumps as they are now (those made on demand since the build)."""
    if service.manifest is None:
        return None
    return {**service.manifest, "dumps": dumps_info(service.build_path, service.manifest)}


def _dumps_made(manifest: dict[str, Any] | None) -> list[str]:
    """Part of the record's ETag: it changes when an on-demand dump gets its checksum."""
    return sorted(n for n, i in ((manifest or {}).get("dumps") or {}).items() if "sha256" in i)


async def _record(request: Request, service: Service, manifest: dict[str, Any] | None) -> Any:
    stats = await cached(service)
    return catalog_graph(service.ns, rr.base_url(request), manifest, stats)


async def catalogue_response(
    request: Request, service: Service, suffix: LdFormat | None, *, stem: str | None = None
) -> Response:
    """The record as RDF or HTML; for /id/{catalog,dataset,…}/x only when x is in the record."""
    manifest = _manifest_now(service)
    graph = await _record(request, service, manifest)
    if stem is not None and (URIRef(service.ns.id + stem), None, None) not in graph:
        raise NotFound(f"<{service.ns.id}{stem}> is not part of the catalogue record; see /dataset")
    fmt = suffix or choose(request.headers.get("accept"), request.query_params.get("format"))
    url_stem = f"{rr.base_url(request)}/{'id/' + stem if stem else 'dataset'}"
    parts = ("dataset", stem, _dumps_made(manifest))
    if fmt.key == "html":
        html = render(
            "dataset.html",
            d=dataset_view(graph, service),
            root=rr.root_path(request),
            alternates=[],
        )
        return rr.html_page(
            request, service, html, url_stem=url_stem, etag_parts=parts, negotiated=suffix is None
        )
    return rr.rdf_response(
        request,
        service,
        graph,
        fmt,
        url_stem=url_stem,
        etag_parts=parts,
        negotiated=suffix is None,
        with_context=False,
    )


@router.api_route(
    "/dataset",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_model=None,
    summary="DCAT-AP 3 catalogue record with VoID",
    description=DATASET_DOC,
)
async def dataset(request: Request, service: ServiceDep) -> Response:
    return await catalogue_response(request, service, None)


@router.api_route(
    "/dataset.{ext}",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_model=None,
    summary="The catalogue record in one syntax (.ttl .jsonld .nt .rdf .html)",
)
async def dataset_suffix(ext: str, request: Request, service: ServiceDep) -> Response:
    _stem, suffix = split_suffix(f"dataset.{ext}")
    if suffix is None:
        raise NotFound(f"no /dataset.{ext}: use .ttl, .jsonld, .nt, .rdf or .html")
    return await catalogue_response(request, service, suffix)


@router.api_route(
    "/.well-known/void",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_model=None,
    summary="VoID description (the same record)",
    description=DATASET_DOC,
)
async def well_known_void(request: Request, service: ServiceDep) -> Response:
    return await catalogue_response(request, service, None)


def _dumps(service: Service) -> tuple[Path, dict[str, dict[str, Any]]]:
    build = service.build_path
    dumps = dumps_info(build, service.manifest)
    if build is None or not dumps:
        raise NotFound("no dumps: this service runs without a local store build")
    return build, dumps


@router.get(
    "/dumps/",
    summary="The dump files with sizes and checksums",
    description="A dump marked `on_demand` is made on its first download; its size and "
    "checksum are listed from then on.",
)
async def dump_index(request: Request, service: ServiceDep) -> JSONResponse:
    _build, dumps = _dumps(service)
    site = rr.base_url(request)
    body = {name: {**info, "url": f"{site}/dumps/{name}"} for name, info in sorted(dumps.items())}
    return JSONResponse(body, headers={"Cache-Control": rr.CACHE})


@router.api_route(
    "/dumps/{name}",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_model=None,
    summary="Download one dump file",
    description="Same bytes as `ilokg export`. `ETag` is the file's sha256. A dump not made "
    "yet is made first (seconds per million triples).",
)
async def dump_file(name: str, request: Request, service: ServiceDep) -> Response:
    build, dumps = _dumps(service)
    info = dumps.get(name)
    if info is None:
        raise NotFound(f"no dump named {name!r}; the dumps are: " + ", ".join(sorted(dumps)))
    if "sha256" not in info:
        info = await run_in_threadpool(ensure_dump, build, name, service.manifest)
    etag = f'"{info["sha256"]}"'
    headers = {"ETag": etag, "Cache-Control": rr.CACHE}
    if rr.not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    media = info.get("media_type", "application/octet-stream")
    if media.startswith("text/") or media.endswith(
        ("+json", "+xml", "n-triples", "n-quads", "trig")
    ):
        media = f"{media}; charset=utf-8"
    return FileResponse(build / DUMP_DIR / name, media_type=media, headers=headers, filename=None)


@router.get(
    "/validation-report",
    response_model=None,
    summary="The SHACL validation report of the live build",
    description="The `sh:ValidationReport` that pySHACL produced when this build was validated "
    "against /shapes (Turtle), or with `Accept: application/json` its summary: conforms, "
    "violations, warnings and findings per shape. 404 when the build was not validated "
    "(`ilokg build --no-validate`).",
)
async def validation_report(request: Request, service: ServiceDep) -> Response:
    summary = (service.manifest or {}).get("validation") or {}
    build = service.build_path
    path = build / VALIDATION_REPORT if build is not None else None
    if not summary.get("validated") or path is None or not path.is_file():
        raise NotFound("this build was not SHACL-validated (built with --no-validate)")
    etag = f'"{(service.manifest or {}).get("hash", "")}-validation"'
    headers = {"ETag": etag, "Cache-Control": rr.CACHE, "Vary": "Accept"}
    if rr.not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    accept = request.headers.get("accept", "")
    if "json" in accept and "turtle" not in accept:
        return JSONResponse(summary, headers=headers)
    return FileResponse(path, media_type="text/turtle; charset=utf-8", headers=headers)


@router.api_route(
    "/ontology",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_model=None,
    summary="The ontology: Turtle/JSON-LD/N-Triples/RDF-XML or HTML (pyLODE)",
)
def ontology(request: Request, service: ServiceDep) -> Response:
    return rr.document_response(
        request, service, "ontology", url_stem=f"{rr.base_url(request)}/def/ilokg", suffix=None
    )


@router.api_route(
    "/shapes",
    methods=["GET"],  # HEAD: answered as GET by headmethod.HeadAsGet
    response_model=None,
    summary="The SHACL shapes: Turtle/JSON-LD/N-Triples/RDF-XML or HTML",
)
def shapes(request: Request, service: ServiceDep) -> Response:
    return rr.document_response(
        request, service, "shapes", url_stem=f"{rr.base_url(request)}/def/shapes", suffix=None
    )


def dataset_view(graph: Any, service: Service) -> dict[str, Any]:
    """Title, description and the distributions and services of the record, for HTML."""
    from rdflib.namespace import DCAT, DCTERMS

    i = iris(service.ns)
    ds = i["dataset"]
    dists = []
    for dist in sorted(graph.objects(ds, DCAT.distribution), key=str):
        checksum = graph.value(dist, URIRef("http://spdx.org/rdf/terms#checksum"))
        dists.append(
            {
                "title": str(graph.value(dist, DCTERMS.title) or dist),
                "url": str(graph.value(dist, DCAT.downloadURL) or ""),
                "bytes": str(graph.value(dist, DCAT.byteSize) or ""),
                "sha256": str(
                    graph.value(checksum, URIRef("http://spdx.org/rdf/terms#checksumValue")) or ""
                )
                if checksum is not None
                else "",
            }
        )
    services = [
        {"title": str(graph.value(s, DCTERMS.title)), "url": str(graph.value(s, DCAT.endpointURL))}
        for s in (i["sparql"], i["api"])
    ]
    return {
        "iri": str(ds),
        "title": str(graph.value(ds, DCTERMS.title)),
        "description": str(graph.value(ds, DCTERMS.description)),
        "distributions": dists,
        "services": services,
        "formats": [
            {"url": f"?format={FORMATS[k].suffix}", "label": FORMATS[k].label}
            for k in ("turtle", "jsonld", "ntriples", "rdfxml")
        ],
    }


__all__ = ["router", "catalogue_response"]
