"""Choose the engine from the settings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import EngineUnavailable
from .base import Engine

if TYPE_CHECKING:
    from ..service import Service


def create_engine(service: Service) -> Engine:
    s = service.settings

    def on_manifest(manifest: dict[str, Any] | None) -> None:
        # remote and rdflib engines know the live build only once started (and the
        # remote one learns of a new build while running): keep the service's view current
        service.manifest = manifest

    if s.backend == "sparql":
        from .remote import RemoteEngine

        if not s.sparql_query_url:
            raise EngineUnavailable("ILOKG_BACKEND=sparql needs ILOKG_SPARQL_QUERY_URL")
        return RemoteEngine(
            s.sparql_query_url,
            prefixes=service.ns.serialization_prefixes(),
            on_manifest=on_manifest,
            queue_size=s.queue_size,
            dataset=s.sparql_dataset,
        )
    if s.backend == "memory":
        from .memory import RdflibEngine

        return RdflibEngine(service.root, service.ns, on_manifest=on_manifest)
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
