"""Reading the knowledge files: Turtle parsing with file/line errors, base rewriting, hashing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib

from .errors import DataError
from .namespaces import Namespaces

_LINE = re.compile(r"\bline (\d+)")


@dataclass
class SourceFile:
    path: Path
    rel: str
    text: str


def read_sources(paths: Iterable[Path], root: Path, ns: Namespaces) -> list[SourceFile]:
    files = []
    for path in paths:
        if not path.exists():
            raise DataError(f"{path}: no such file", path=str(path))
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(f"{path}: cannot read: {exc}", path=str(path)) from exc
        try:
            rel = path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            rel = path.name
        files.append(SourceFile(path, rel, ns.rebase(text)))
    return files


def content_hash(files: Iterable[SourceFile]) -> str:
    digest = hashlib.sha256()
    for f in sorted(files, key=lambda f: f.rel):
        digest.update(f.rel.encode() + b"\0" + f.text.encode() + b"\0")
    return digest.hexdigest()


def rdf_format_for(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".") or "ttl")
    if fmt is None:
        raise DataError(f"{path}: unknown RDF file extension {path.suffix!r}", path=str(path))
    return fmt


def parse_with_oxigraph(f: SourceFile) -> list[ox.Quad]:
    """Parse one file; a syntax error names the file and the line."""
    fmt = rdf_format_for(f.path)
    try:
        return list(
            ox.parse(f.text.encode("utf-8"), format=fmt, base_iri=f.path.resolve().as_uri())
        )
    except SyntaxError as exc:
        raise syntax_error(f, exc) from exc


def syntax_error(f: SourceFile, exc: SyntaxError) -> DataError:
    """The DataError for an Oxigraph syntax error in `f`, naming the file and the line."""
    msg = str(exc)
    match = _LINE.search(msg) or re.search(r"(\d+):(\d+)", msg)
    line = int(match.group(1)) if match else None
    where = f"{f.path}:{line}" if line else str(f.path)
    return DataError(f"{where}: syntax error: {msg}", path=str(f.path), line=line)


def to_rdflib(files: Iterable[SourceFile]) -> tuple[rdflib.Graph, dict[str, str]]:
    """One rdflib Graph of all files (for SHACL) and a map subject IRI -> first file naming it."""
    graph = rdflib.Graph()
    origin: dict[str, str] = {}
    for f in files:
        quads = parse_with_oxigraph(f)
        for q in quads:
            s, p, o = (_to_rdflib_term(t) for t in (q.subject, q.predicate, q.object))
            graph.add((s, p, o))
            origin.setdefault(str(s), f.rel)
    return graph, origin


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _to_rdflib_term(term: object) -> rdflib.term.Node:
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == _XSD_STRING:
            # A simple literal: RDF 1.1 gives it xsd:string, rdflib keeps it plain.
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise DataError(f"unsupported RDF term {term!r}")
