"""Result formats and rendering with Oxigraph's own parsers and serialisers.

Rendering caps SELECT results at `max_rows` by serialising to TSV (one solution per
line), cutting after the cap, and converting the kept lines to the asked format —
all in Oxigraph's native code; CONSTRUCT/DESCRIBE keep at most `max_rows` triples.
"""

from __future__ import annotations

import contextlib
import itertools
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox


@dataclass(frozen=True)
class Format:
    key: str
    media_type: str
    oxi: Any  # ox.QueryResultsFormat or ox.RdfFormat
    extension: str


SOLUTION_FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON, "srj"),
        Format("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML, "srx"),
        Format("csv", "text/csv", ox.QueryResultsFormat.CSV, "csv"),
        Format("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV, "tsv"),
    )
}
GRAPH_FORMATS: dict[str, Format] = {
    f.key: f
    for f in (
        Format("turtle", "text/turtle", ox.RdfFormat.TURTLE, "ttl"),
        Format("ntriples", "application/n-triples", ox.RdfFormat.N_TRIPLES, "nt"),
        Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, "jsonld"),
        Format("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML, "rdf"),
        Format("trig", "application/trig", ox.RdfFormat.TRIG, "trig"),
        Format("nquads", "application/n-quads", ox.RdfFormat.N_QUADS, "nq"),
    )
}


class _Stop(Exception):
    pass


class _LineCap:
    """A writer that keeps at most `cap` lines and then stops the serialiser."""

    def __init__(self, cap: int) -> None:
        self.parts: list[bytes] = []
        self.lines = 0
        self.cap = cap
        self.truncated = False

    def write(self, chunk: bytes) -> int:
        data = bytes(chunk)
        n = data.count(b"\n")
        if self.lines + n > self.cap:
            idx = -1
            for _ in range(self.cap - self.lines):
                idx = data.index(b"\n", idx + 1)
            self.parts.append(data[: idx + 1])
            self.lines = self.cap
            self.truncated = True
            raise _Stop
        self.parts.append(data)
        self.lines += n
        return len(data)

    def flush(self) -> None:
        pass


def render_solutions(
    results: ox.QuerySolutions, fmt: Format, max_rows: int
) -> tuple[bytes, int, bool]:
    """Serialise at most max_rows solutions; returns (body, rows, truncated)."""
    writer = _LineCap(max_rows + 1)  # the header line plus the rows
    with contextlib.suppress(_Stop):
        results.serialize(writer, format=ox.QueryResultsFormat.TSV)  # type: ignore[arg-type]
    tsv = b"".join(writer.parts)
    rows = max(0, tsv.count(b"\n") - 1)
    if fmt.key == "tsv":
        return tsv, rows, writer.truncated
    parsed = ox.parse_query_results(tsv, format=ox.QueryResultsFormat.TSV)
    return parsed.serialize(format=fmt.oxi) or b"", rows, writer.truncated


def render_tsv_bytes(tsv: bytes, fmt: Format, max_rows: int) -> tuple[bytes, int, bool]:
    """Cap and convert SPARQL TSV results received from a remote store."""
    lines = tsv.split(b"\n")
    body_lines = lines[1:]
    if body_lines and body_lines[-1] == b"":
        body_lines.pop()
    truncated = len(body_lines) > max_rows
    kept = body_lines[:max_rows]
    capped = b"\n".join([lines[0], *kept]) + b"\n"
    if fmt.key == "tsv":
        return capped, len(kept), truncated
    parsed = ox.parse_query_results(capped, format=ox.QueryResultsFormat.TSV)
    return parsed.serialize(format=fmt.oxi) or b"", len(kept), truncated


def render_boolean(value: bool, fmt: Format) -> bytes:
    if fmt.key == "json":
        return b'{"head":{},"boolean":%s}' % (b"true" if value else b"false")
    if fmt.key == "xml":
        return (
            b'<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            b"<head></head><boolean>%s</boolean></sparql>" % (b"true" if value else b"false")
        )
    return b"true\n" if value else b"false\n"


def render_triples(
    triples: Any, fmt: Format, max_rows: int, prefixes: dict[str, str] | None = None
) -> tuple[bytes, int, bool]:
    kept = list(itertools.islice(triples, max_rows + 1))
    truncated = len(kept) > max_rows
    kept = kept[:max_rows]
    if fmt.oxi in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        kept = [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in kept]
    with_prefixes = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML)
    pfx = prefixes if fmt.oxi in with_prefixes else None
    body = ox.serialize(kept, format=fmt.oxi, prefixes=pfx)
    return body or b"", len(kept), truncated
