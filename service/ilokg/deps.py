"""Dependencies injected into routers (tests override them with dependency_overrides)."""

from __future__ import annotations

from fastapi import Request

from .service import Service


def service_of(request: Request) -> Service:
    service: Service = request.app.state.service
    return service


async def get_service(request: Request) -> Service:
    # async on purpose: FastAPI runs a plain `def` dependency in a worker thread, a thread
    # hop on every request for what is an attribute lookup
    return service_of(request)
