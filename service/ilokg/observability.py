"""Request metrics: one Prometheus counter and latency histogram per route.

A plain ASGI middleware (no response buffering, so streamed bodies stay streamed). The
route label is the route's path template (`/sparql`, `/id/{kind}/{slug}`), never the raw
path, so that a scan of random URLs cannot blow up the number of time series; requests
that match no route are counted as `unmatched`.

Wired in `app.create_app` with `instrument(app, service.metrics)`; `/metrics` (routers/health)
exposes the registry together with the query metrics that `Service.run` records
(`ilokg_queries_total`, `ilokg_query_seconds`, `ilokg_query_timeouts_total`) and cache
lookups (`ilokg_cache_total`, e.g. `result="not_modified"` for 304 answers).
"""

from __future__ import annotations

import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .metrics import Metrics


def route_label(scope: Scope) -> str:
    route = scope.get("route")
    path = getattr(route, "path_format", None) or getattr(route, "path", None)
    if isinstance(path, str) and path:
        return path
    return "unmatched"


class MetricsMiddleware:
    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def send_wrapper(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        finally:
            label = route_label(scope)
            self.metrics.requests.labels(label, str(status["code"])).inc()
            self.metrics.latency.labels(label).observe(time.perf_counter() - started)


def instrument(app: Any, metrics: Metrics) -> None:
    """Count and time every HTTP request of `app` (call once, in create_app)."""
    app.add_middleware(MetricsMiddleware, metrics=metrics)
