"""The engine interface: a query request in, a rendered result out."""

from __future__ import annotations

import contextvars
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

# Set by the HTTP layer around a query: an awaitable check "has the client gone away?".
# The worker pool calls it only for a query that had to wait for a worker, right before
# handing it over, so queued requests whose clients have hung up are not evaluated.
client_gone: contextvars.ContextVar[Callable[[], Awaitable[bool]] | None] = contextvars.ContextVar(
    "ilokg_client_gone", default=None
)

Term = tuple[str, ...]  # ("iri", v) | ("literal", v, datatype, lang) | ("bnode", v)


@dataclass
class QueryRequest:
    query: str
    solution_format: str = "json"  # key of SOLUTION_FORMATS for SELECT/ASK
    graph_format: str = "turtle"  # key of GRAPH_FORMATS for CONSTRUCT/DESCRIBE
    max_rows: int = 10000
    default_graph: list[str] | None = None
    named_graphs: list[str] | None = None
    substitutions: dict[str, Term] = field(default_factory=dict)
    base_iri: str | None = None

    def to_wire(self) -> dict[str, Any]:
        return self.__dict__.copy()


@dataclass
class QueryResult:
    kind: str  # "solutions" | "boolean" | "graph"
    media_type: str
    body: bytes
    rows: int
    truncated: bool
    seconds: float = 0.0


class Engine(Protocol):
    name: str

    async def start(self) -> None: ...

    async def execute(self, request: QueryRequest, timeout: float) -> QueryResult: ...

    def healthy(self) -> bool: ...

    async def close(self) -> None: ...
