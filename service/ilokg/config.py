"""One typed Settings object, read from ILOKG_* environment variables (and CLI flags)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_BASE_IRI = "https://w3id.org/ilo-china-kg/"


class Settings(BaseSettings):
    """Service and build settings. Each field is `ILOKG_<NAME>` in the environment."""

    model_config = SettingsConfigDict(env_prefix="ILOKG_", extra="ignore")

    host: str = Field("127.0.0.1", description="Interface the HTTP server binds.")
    port: int = Field(8000, ge=0, le=65535, description="TCP port of the HTTP server.")
    base_iri: str = Field(DEFAULT_BASE_IRI, description="Base of every entity and term IRI.")
    store: Path = Field(Path("var/store"), description="On-disk Oxigraph store made by `build`.")
    backend: Literal["oxigraph", "sparql", "memory"] = Field(
        "oxigraph", description="Query engine: embedded Oxigraph, a remote SPARQL store, or rdflib."
    )
    query_timeout: float = Field(30.0, gt=0, description="Seconds before a query is stopped.")
    root: Path | None = Field(
        None, description="Folder holding ontology/ shapes/ data/ queries/ (default: bundled)."
    )
    workers: int = Field(1, ge=1, description="uvicorn worker processes for `serve`.")
    engine_workers: int = Field(
        0, ge=0, description="Query worker processes per server process (0: one per CPU, min 2)."
    )
    engine_mode: Literal["memory", "disk"] = Field(
        "memory", description="Workers copy the store into memory, or open it read-only on disk."
    )
    queue_size: int = Field(32, ge=1, description="Queries that may wait for a worker before 503.")
    max_rows: int = Field(10000, ge=1, description="Result rows (or triples) returned at most.")
    max_body_bytes: int = Field(1_000_000, ge=1024, description="Largest request body accepted.")
    max_query_length: int = Field(100_000, ge=100, description="Longest query text accepted.")
    max_nesting: int = Field(128, ge=4, description="Deepest bracket nesting accepted in a query.")
    max_union: int = Field(1000, ge=1, description="Most UNION keywords accepted in a query.")
    unknown_graphs: Literal["refuse", "empty"] = Field(
        "refuse",
        description="FROM / default-graph-uri naming a graph the store lacks: 400 (refuse) or an "
        "empty graph (empty, as plain SPARQL engines do). Never fetched either way.",
    )
    sparql_query_url: str | None = Field(None, description="Remote backend: query endpoint URL.")
    sparql_update_url: str | None = Field(None, description="Remote backend: update endpoint URL.")
    sparql_store_url: str | None = Field(None, description="Remote backend: Graph Store URL.")
    sparql_dataset: Literal["oxigraph", "store", "explicit"] = Field(
        "oxigraph",
        description="Remote backend: how the default graph becomes the union of the named "
        "graphs — Oxigraph's union-default-graph parameter, the store's own default graph, "
        "or the live graphs listed per query (docs/scaling.md).",
    )
    cache_size: int = Field(
        512,
        ge=0,
        description="Answers kept per build: canned-query results and small /sparql answers.",
    )
    log_level: str = Field("info", description="Log level of the service.")

    @property
    def base(self) -> str:
        return self.base_iri if self.base_iri.endswith(("/", "#")) else self.base_iri + "/"

    def pool_size(self) -> int:
        if self.engine_workers:
            return self.engine_workers
        return max(2, os.cpu_count() or 2)


def settings_table() -> list[tuple[str, str, str]]:
    """(variable, default, description) rows for the README and `--help`."""
    rows = []
    for name, field in Settings.model_fields.items():
        rows.append((f"ILOKG_{name.upper()}", repr(field.default), field.description or ""))
    return rows
