"""Parsing RDF sent by strangers: no network, no XML entities, bounded nesting, line numbers.

Every syntax is parsed by pyoxigraph, which has no network access at all: JSON-LD remote
`@context` URLs are refused (it has no document loader unless one is given, and none is), RDF/XML
never resolves external entities. On top of that, RDF/XML with a `<!DOCTYPE` or `<!ENTITY` is
refused before parsing (no entity expansion, so no "billion laughs"), and JSON-LD and RDF/XML
nested deeper than MAX_DEPTH are refused up front (the parsers slow down badly on deep nesting).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
import rdflib

from .errors import InputError

MAX_DEPTH = 64
MAX_TRIPLES = 20_000

# Content-Type (without parameters) -> (format key, pyoxigraph format)
SYNTAXES: dict[str, tuple[str, ox.RdfFormat]] = {
    "text/turtle": ("turtle", ox.RdfFormat.TURTLE),
    "application/x-turtle": ("turtle", ox.RdfFormat.TURTLE),
    "application/n-triples": ("ntriples", ox.RdfFormat.N_TRIPLES),
    "text/plain": ("ntriples", ox.RdfFormat.N_TRIPLES),
    "application/ld+json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/json": ("jsonld", ox.RdfFormat.JSON_LD),
    "application/rdf+xml": ("rdfxml", ox.RdfFormat.RDF_XML),
    "application/xml": ("rdfxml", ox.RdfFormat.RDF_XML),
    "text/xml": ("rdfxml", ox.RdfFormat.RDF_XML),
}
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_POSITION = re.compile(r"line (\d+)")
_XML_TAG = re.compile(rb"<(/?)[A-Za-z_][^<>]*?(/?)>")


class RdfSyntaxError(InputError):
    code = "rdf_syntax_error"

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line

    def body(self) -> dict[str, object]:
        return {**super().body(), "line": self.line}


@dataclass
class Parsed:
    syntax: str
    graph: rdflib.Graph


def syntax_for(content_type: str | None) -> tuple[str, ox.RdfFormat]:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media not in SYNTAXES:
        raise InputError(
            f"Content-Type {media or '(none)'} is not supported; send text/turtle, "
            "application/n-triples, application/ld+json or application/rdf+xml",
            status=415,
            code="unsupported_media_type",
        )
    return SYNTAXES[media]


def json_depth(data: bytes) -> int:
    """Deepest nesting of [ and { outside strings."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in data:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def xml_depth(data: bytes) -> int:
    depth = deepest = 0
    for match in _XML_TAG.finditer(data):
        if match.group(1):
            depth -= 1
        elif not match.group(2):
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def check_safe(data: bytes, syntax: str) -> None:
    """Refuse what could make a parser fetch, expand or stall, before any parsing."""
    if syntax == "rdfxml":
        if _DTD.search(data):
            raise InputError(
                "RDF/XML with a DOCTYPE or ENTITY declaration is refused (no DTDs, no entity "
                "expansion): remove the declaration and write the values out",
                code="xml_dtd_refused",
            )
        if xml_depth(data) > MAX_DEPTH:
            raise InputError(
                f"the RDF/XML is nested deeper than {MAX_DEPTH} elements", code="too_deep"
            )
    if syntax == "jsonld" and json_depth(data) > MAX_DEPTH:
        raise InputError(f"the JSON-LD is nested deeper than {MAX_DEPTH} levels", code="too_deep")


def parse(data: bytes, content_type: str | None, base_iri: str) -> Parsed:
    """Parse a request body into an rdflib Graph (default graph only)."""
    syntax, fmt = syntax_for(content_type)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RdfSyntaxError(f"the body is not UTF-8 (byte {exc.start})") from None
    check_safe(data, syntax)
    graph = rdflib.Graph()
    try:
        for count, quad in enumerate(ox.parse(data, format=fmt, base_iri=base_iri), start=1):
            if count > MAX_TRIPLES:
                raise InputError(
                    f"more than {MAX_TRIPLES} triples: send a smaller graph",
                    status=413,
                    code="too_many_triples",
                )
            graph.add(
                (_term(quad.subject), rdflib.URIRef(quad.predicate.value), _term(quad.object))
            )
    except SyntaxError as exc:
        message = str(exc)
        if "LoadDocumentCallback" in message or "remote context" in message.lower():
            raise InputError(
                "remote JSON-LD contexts are not fetched: put the @context inline",
                code="remote_context_refused",
            ) from None
        match = _POSITION.search(message)
        line = int(match.group(1)) if match else None
        raise RdfSyntaxError(f"{syntax} syntax error: {message}", line=line) from None
    return Parsed(syntax, graph)


def _term(term: object) -> rdflib.term.Identifier:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise RdfSyntaxError("RDF-star triple terms are not supported")
