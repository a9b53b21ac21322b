"""Query engines behind one interface: embedded Oxigraph worker processes, or a remote store."""

from .base import Engine, QueryRequest, QueryResult
from .formats import GRAPH_FORMATS, SOLUTION_FORMATS

__all__ = ["Engine", "QueryRequest", "QueryResult", "GRAPH_FORMATS", "SOLUTION_FORMATS"]
