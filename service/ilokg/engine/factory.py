"""Choose the engine from the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import EngineUnavailable
from .base import Engine

if TYPE_CHECKING:
    from ..service import Service


def create_engine(service: Service) -> Engine:
    s = service.settings
    if s.backend == "sparql":
        from .remote import RemoteEngine

        if not s.sparql_query_url:
            raise EngineUnavailable("ILOKG_BACKEND=sparql needs ILOKG_SPARQL_QUERY_URL")
        return RemoteEngine(s.sparql_query_url, prefixes=service.ns.prefixes())
    if s.backend == "memory":
        from .memory import RdflibEngine

        return RdflibEngine(service.root, service.ns)
    build = service.build_path
    if build is None:
        raise EngineUnavailable("no store: run `ilokg build`")
    from .pool import WorkerPool

    return WorkerPool(
        build,
        size=s.pool_size(),
        queue_size=s.queue_size,
        mode=s.engine_mode,
        union=bool((service.manifest or {}).get("union_default_graph", True)),
        prefixes=service.ns.serialization_prefixes(),
    )
