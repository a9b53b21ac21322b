"""In-process queries for the CLI: against the built store or against RDF files."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .config import Settings
from .engine.base import Term
from .engine.worker import evaluate
from .errors import DataError, QueryRejected
from .files import knowledge_root
from .namespaces import Namespaces
from .params import SyncRunner
from .rdfio import rdf_format_for
from .sparqlscan import check_query
from .store import read_manifest

NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def open_local(settings: Settings, data: list[Path]) -> tuple[ox.Store, bool]:
    """(store, union default graph?) for --data files or the built store."""
    if data:
        store = ox.Store()
        for path in data:
            if not path.is_file():
                raise DataError(f"{path}: no such file", path=str(path))
            try:
                store.load(path=str(path), format=rdf_format_for(path))
            except SyntaxError as exc:
                raise DataError(f"{path}: syntax error: {exc}", path=str(path)) from exc
        return store, False
    manifest = read_manifest(settings.store)
    store = ox.Store.read_only(str(Path(manifest["path"]) / "oxigraph"))
    return store, bool(manifest.get("union_default_graph", True))


def resolve_query(
    settings: Settings, text: str, params: list[str], run: SyncRunner | None = None
) -> tuple[str, dict[str, Term]]:
    """A canned query name with --param values, or plain SPARQL text.

    `run` evaluates the small lookup queries that resolve entity parameters (slugs, labels).
    """
    if NAME.match(text.strip()):
        from .catalog import Catalog

        catalog = Catalog.load(knowledge_root(settings.root) / "queries", Namespaces(settings.base))
        values: dict[str, str] = {}
        for p in params:
            key, sep, value = p.partition("=")
            if not sep:
                raise QueryRejected(f"--param {p!r}: write name=value")
            values[key.strip()] = value
        canned = catalog.get(text.strip())
        return canned.text, canned.bind_cli(values, run)
    if params:
        raise QueryRejected("--param applies to canned queries only")
    return text, {}


def run_cli_query(
    settings: Settings, text: str, *, params: list[str], data: list[Path], fmt: str
) -> str:
    opened: list[tuple[ox.Store, bool]] = []

    def local() -> tuple[ox.Store, bool]:
        if not opened:
            opened.append(open_local(settings, data))
        return opened[0]

    def lookup(lookup_query: str, substitutions: dict[str, Term]) -> list[dict[str, Any]]:
        store, union = local()
        reply = evaluate(
            store,
            {"query": lookup_query, "substitutions": substitutions, "max_rows": 50},
            union,
            {},
        )
        if "error" in reply:
            raise QueryRejected(reply["message"])
        bindings: list[dict[str, Any]] = json.loads(reply["body"])["results"]["bindings"]
        return bindings

    query, substitutions = resolve_query(settings, text, params, lookup)
    check_query(
        query,
        max_length=settings.max_query_length,
        max_depth=settings.max_nesting,
        max_union=settings.max_union,
    )
    store, union = local()
    graph_fmt = {"turtle": "turtle", "nt": "ntriples", "jsonld": "jsonld"}.get(fmt, "turtle")
    solution_fmt = fmt if fmt in ("csv", "tsv", "json", "xml") else "json"
    reply = evaluate(
        store,
        {
            "query": query,
            "solution_format": solution_fmt,
            "graph_format": graph_fmt,
            "max_rows": 1_000_000,
            "substitutions": substitutions,
        },
        union,
        Namespaces(settings.base).serialization_prefixes(),
    )
    if "error" in reply:
        raise QueryRejected(reply["message"])
    body: bytes = reply["body"]
    if fmt == "table" and reply["kind"] in ("solutions", "boolean"):
        return table(json.loads(body))
    return body.decode("utf-8")


def table(results: dict[str, Any]) -> str:
    if "boolean" in results:
        return "true" if results["boolean"] else "false"
    names = results["head"]["vars"]
    rows = [[_cell(b.get(n)) for n in names] for b in results["results"]["bindings"]]
    widths = [max([len(n), *(len(r[i]) for r in rows)]) for i, n in enumerate(names)]
    line = "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=False))
    rule = "  ".join("-" * w for w in widths)
    body = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)).rstrip() for r in rows]
    return "\n".join([line.rstrip(), rule, *body, f"({len(rows)} rows)"])


def _cell(term: dict[str, str] | None) -> str:
    if term is None:
        return ""
    value = term["value"].replace("\n", " ")
    if term["type"] == "literal" and "xml:lang" in term:
        return f"{value}@{term['xml:lang']}"
    return value
