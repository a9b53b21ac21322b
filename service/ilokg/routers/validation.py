"""POST /validate — check a proposed fact against the SHACL shapes before sending it."""

from __future__ import annotations

import asyncio
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from .. import rdfresponse as rr
from ..bodies import read_body
from ..deps import get_service
from ..errors import EngineBusy, InputError
from ..fact_check import background, check
from ..negotiation import negotiate
from ..safe_rdf import MAX_DEPTH, MAX_TRIPLES, parse
from ..service import Service

router = APIRouter(tags=["validation"])
ServiceDep = Annotated[Service, Depends(get_service)]
_LOCK_KEY = "validation_slots"
VALIDATE_DOC = f"""Validate RDF against the ilokg SHACL shapes (the same as `ilokg validate`).

Send the triples as the body with `Content-Type` text/turtle, application/n-triples,
application/ld+json or application/rdf+xml (UTF-8, at most `ILOKG_MAX_BODY_BYTES` bytes and
{MAX_TRIPLES} triples, else 413). Relative IRIs resolve against `{{ILOKG_BASE_IRI}}id/`, so
`<project/x>` works as in the data files. The data is checked together with the ontology, the
stored description of submitted subjects that already exist and the types of the IRIs it points
to; only findings about the submitted subjects are reported.

The answer is the SHACL report as JSON (`conforms`, counts, `findings`) or, with
`Accept: text/turtle`, as a Turtle `sh:ValidationReport`. A syntax error gives 400 with the
`line`. Nothing is fetched from the network: remote JSON-LD contexts are refused, and so is
RDF/XML with a DOCTYPE/ENTITY declaration; nesting deeper than {MAX_DEPTH} is refused.
"""


def _slots(service: Service) -> asyncio.Semaphore:
    slots = service.extras.get(_LOCK_KEY)
    if not isinstance(slots, asyncio.Semaphore):
        slots = asyncio.Semaphore(2)
        service.extras[_LOCK_KEY] = slots
    return slots


@router.post(
    "/validate",
    summary="Validate RDF against the shapes",
    description=VALIDATE_DOC,
    response_model=None,
    responses={
        200: {"content": {"application/json": {}, "text/turtle": {}}},
        400: {"description": "syntax error (with line) or unsafe input"},
        413: {"description": "body or graph too large"},
        415: {"description": "unsupported Content-Type"},
    },
)
async def validate(request: Request, service: ServiceDep) -> Response:
    answer = negotiate(
        request.headers.get("accept"),
        {"json": ["application/json"], "turtle": ["text/turtle"]},
        "json",
    )
    body = await read_body(request, service.settings.max_body_bytes)
    parsed = parse(body, request.headers.get("content-type"), service.ns.id)
    if len(parsed.graph) == 0:
        raise InputError("the body holds no triples: send the fact to check", code="empty_graph")
    extra = await background(service, parsed.graph)
    docs = rr.documents(service)
    slots = _slots(service)
    try:
        await asyncio.wait_for(slots.acquire(), timeout=service.settings.query_timeout)
    except TimeoutError:
        raise EngineBusy("validation is busy: try again in a few seconds") from None
    try:
        report = await run_in_threadpool(check, parsed.graph, extra, docs)
    finally:
        slots.release()
    headers = {"Vary": "Accept", "Cache-Control": "no-store"}
    if answer == "turtle":
        return Response(
            report.to_turtle(), media_type="text/turtle; charset=utf-8", headers=headers
        )
    return Response(report.to_json(), media_type="application/json", headers=headers)
