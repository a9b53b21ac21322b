"""The FastAPI application factory. No work at import: `create_app(settings)`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from . import __version__
from .config import Settings
from .engine.factory import create_engine
from .errors import EngineUnavailable, IlokgError
from .headmethod import HeadAsGet
from .namespaces import Namespaces
from .observability import instrument
from .service import Service, load_manifest

log = logging.getLogger("ilokg")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    _configure_logging(settings.log_level)
    service = Service(settings=settings, ns=Namespaces(settings.base))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        try:
            service.manifest = load_manifest(settings)
            service.engine = create_engine(service)
            await service.engine.start()
        except IlokgError as exc:
            service.startup_error = exc.message
            log.error("the store is not usable: %s", exc.message)
        try:
            yield
        finally:
            if service.engine is not None:
                await service.engine.close()

    app = FastAPI(
        title="ilokg — ILO–China Cooperation Knowledge Graph",
        version=__version__,
        description=(
            "Open linked data on ILO–China cooperation: agreements, projects, funding, events "
            "and reported results, each fact with its source document. SPARQL 1.1 endpoint at "
            "`/sparql`; canned questions under `/api/queries`; entity IRIs dereference under "
            "`/id/`."
        ),
        lifespan=lifespan,
    )
    app.state.service = service
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=[
            "ETag",
            "Link",
            "X-Result-Truncated",
            "X-Result-Rows",
            "X-Cache",
            "Retry-After",
        ],
    )
    _install_error_handlers(app)
    instrument(app, service.metrics)  # per-route request counts and latency (/metrics)
    app.add_middleware(HeadAsGet)  # outermost: HEAD on every GET resource, without the body
    from .routers import health, sparql

    app.include_router(health.router)
    app.include_router(sparql.router)
    for name in ("api", "linked_data", "dataset", "validation"):
        _include_optional(app, name)
    return app


def _configure_logging(level: str) -> None:
    logger = logging.getLogger("ilokg")
    logger.setLevel(level.upper())
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False


def _include_optional(app: FastAPI, name: str) -> None:
    """Routers added by later issues; each module exposes `router`."""
    import importlib

    try:
        module = importlib.import_module(f"ilokg.routers.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"ilokg.routers.{name}":
            return
        raise
    app.include_router(module.router)


def error_response(exc: IlokgError) -> JSONResponse:
    headers = {"Retry-After": "5"} if exc.status == 503 else None
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(IlokgError)
    async def ilokg_error(_request: Request, exc: IlokgError) -> JSONResponse:
        return error_response(exc)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = []
        for err in exc.errors():
            where = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "body"))
            problems.append(f"{where}: {err.get('msg')}")
        return JSONResponse(
            {"error": "invalid_parameter", "message": "; ".join(problems) or "invalid request"},
            status_code=422,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        return JSONResponse(
            {"error": code, "message": str(exc.detail)},
            status_code=exc.status_code,
            headers=getattr(exc, "headers", None),
        )

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error")
        return JSONResponse(
            {"error": "internal_error", "message": "an internal error occurred; it was logged"},
            status_code=500,
        )


__all__ = ["create_app", "EngineUnavailable"]
