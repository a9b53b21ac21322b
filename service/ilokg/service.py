"""The running service's state: settings, namespaces, store manifest, engine, metrics."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .config import Settings
from .engine.base import Engine, QueryRequest, QueryResult
from .errors import EngineUnavailable, IlokgError
from .files import knowledge_root
from .metrics import Metrics
from .namespaces import Namespaces
from .sparqlscan import QueryShape, check_query
from .store import read_manifest

log = logging.getLogger("ilokg.query")


@dataclass
class Service:
    settings: Settings
    ns: Namespaces
    metrics: Metrics = field(default_factory=Metrics)
    manifest: dict[str, Any] | None = None
    engine: Engine | None = None
    startup_error: str | None = None
    extras: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return knowledge_root(self.settings.root)

    @property
    def build_hash(self) -> str:
        return str((self.manifest or {}).get("hash", "none"))

    @property
    def build_path(self) -> Path | None:
        return Path(self.manifest["path"]) if self.manifest and "path" in self.manifest else None

    def known_graphs(self) -> set[str] | None:
        """The build's graph names (do not modify: the set is reused while the manifest's
        graph list is the same object; hundreds of names at 1M triples, asked per query)."""
        if self.manifest is None:
            return None
        graphs = self.manifest.get("graphs", [])
        cached = self.extras.get("known_graphs")
        if cached is None or cached[0] is not graphs or cached[1] != len(graphs):
            cached = (graphs, len(graphs), set(graphs))
            self.extras["known_graphs"] = cached
        known: set[str] = cached[2]
        return known

    def require_engine(self) -> Engine:
        if self.engine is None or not self.engine.healthy():
            raise EngineUnavailable(
                self.startup_error
                or getattr(self.engine, "reason", None)  # e.g. why a remote store is down
                or "the query engine is not available; run `ilokg build`"
            )
        return self.engine

    def check(self, query: str, graphs: list[str] | None = None) -> QueryShape:
        s = self.settings
        shape = check_query(
            query,
            max_length=s.max_query_length,
            max_depth=s.max_nesting,
            max_union=s.max_union,
            known_graphs=self.known_graphs() if s.unknown_graphs == "refuse" else None,
        )
        return shape

    def etag(self, *parts: object) -> str:
        digest = hashlib.sha256(
            json.dumps([self.build_hash, *parts], sort_keys=True, default=str).encode()
        ).hexdigest()
        return f'"{digest[:32]}"'

    async def run(self, request: QueryRequest, *, route: str = "sparql") -> QueryResult:
        engine = self.require_engine()
        started = time.perf_counter()
        status = "ok"
        result: QueryResult | None = None
        try:
            result = await engine.execute(request, self.settings.query_timeout)
            return result
        except IlokgError as exc:
            status = exc.code
            if exc.code == "query_timeout":
                self.metrics.timeouts.inc()
            raise
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.queries.labels(status).inc()
            self.metrics.query_seconds.observe(elapsed)
            if log.isEnabledFor(logging.INFO):
                log.info(
                    json.dumps(
                        {
                            "event": "query",
                            "route": route,
                            "hash": hashlib.sha256(request.query.encode()).hexdigest()[:16],
                            "ms": round(elapsed * 1000, 2),
                            "rows": result.rows if result else None,
                            "truncated": result.truncated if result else None,
                            "status": status,
                        }
                    )
                )


def load_manifest(settings: Settings) -> dict[str, Any] | None:
    """The local build's manifest; None for the sparql and memory backends, whose engine
    reports the live build once started (engine.factory passes it back)."""
    if settings.backend != "oxigraph":
        return None
    return read_manifest(settings.store)
