"""/healthz and /metrics: answered without touching the query workers."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ..deps import get_service
from ..service import Service

router = APIRouter(tags=["service"])


@router.get("/healthz", summary="Service health: store, triple count, build hash, backend")
async def healthz(service: Annotated[Service, Depends(get_service)]) -> JSONResponse:
    manifest = service.manifest or {}
    engine = service.engine
    ok = engine is not None and engine.healthy()
    body: dict[str, Any] = {
        "status": "ok" if ok else "unavailable",
        "backend": service.settings.backend,
        "triples": manifest.get("triples"),
        "build_hash": manifest.get("hash"),
        "built_at": manifest.get("built_at"),
    }
    validation = manifest.get("validation")
    if validation:
        body["validation"] = {
            k: validation.get(k) for k in ("validated", "conforms", "violations", "warnings")
        }
    stats = getattr(engine, "stats", None)
    if callable(stats):
        body["engine"] = stats()
    if not ok:
        body["message"] = service.startup_error or "the query engine is not available"
    return JSONResponse(body, status_code=200 if ok else 503, headers={"Cache-Control": "no-store"})


@router.get("/metrics", summary="Prometheus metrics", include_in_schema=False)
async def metrics(service: Annotated[Service, Depends(get_service)]) -> Response:
    return Response(generate_latest(service.metrics.registry), media_type=CONTENT_TYPE_LATEST)
