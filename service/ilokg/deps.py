"""Dependencies injected into routers (tests override them with dependency_overrides)."""

from __future__ import annotations

from fastapi import Request

from .service import Service


def get_service(request: Request) -> Service:
    service: Service = request.app.state.service
    return service
