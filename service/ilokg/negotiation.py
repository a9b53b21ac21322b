"""Content negotiation from one table: Accept (with q-values) or an explicit ?format=."""

from __future__ import annotations

from collections.abc import Callable

import mimeparse

from .engine.formats import GRAPH_FORMATS, SOLUTION_FORMATS, Format
from .errors import NotAcceptable

# Media types accepted for each format key, the canonical one first.
SOLUTION_ALIASES: dict[str, list[str]] = {
    "json": ["application/sparql-results+json", "application/json"],
    "xml": ["application/sparql-results+xml", "application/xml", "text/xml"],
    "csv": ["text/csv"],
    "tsv": ["text/tab-separated-values"],
}
GRAPH_ALIASES: dict[str, list[str]] = {
    "turtle": ["text/turtle", "application/x-turtle"],
    "ntriples": ["application/n-triples", "text/plain"],
    "jsonld": ["application/ld+json", "application/json"],
    "rdfxml": ["application/rdf+xml", "application/xml", "text/xml"],
    "trig": ["application/trig"],
    "nquads": ["application/n-quads"],
}
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    # ?format= value -> (solution key, graph key)
    "json": ("json", "jsonld"),
    "srj": ("json", None),
    "xml": ("xml", "rdfxml"),
    "srx": ("xml", None),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "n3": (None, "turtle"),  # Turtle is N3 (SPARQLWrapper's N3 asks for it)
    "nt": (None, "ntriples"),
    "ntriples": (None, "ntriples"),
    "n-triples": (None, "ntriples"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),
    "rdf/xml": (None, "rdfxml"),
    "trig": (None, "trig"),
    "nq": (None, "nquads"),
    "nquads": (None, "nquads"),
}


def _table(aliases: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(media, key) for key, medias in aliases.items() for media in medias]


_CACHE: dict[tuple[str, int, str], str | NotAcceptable] = {}
_CACHE_MAX = 1024  # distinct Accept headers remembered (clients send a handful)


def negotiate(accept: str | None, aliases: dict[str, list[str]], default: str) -> str:
    """The format key that best matches an Accept header; `default` for none or */*.

    Memoised for the two module tables: mimeparse costs ~0.1 ms per call, paid up to three
    times per query, and clients send the same few Accept headers over and over."""
    if not accept or not accept.strip():
        return default
    if aliases is not SOLUTION_ALIASES and aliases is not GRAPH_ALIASES:
        return _negotiate(accept, aliases, default)
    key = (accept, id(aliases), default)
    hit = _CACHE.get(key)
    if hit is None:
        try:
            hit = _negotiate(accept, aliases, default)
        except NotAcceptable as exc:
            hit = exc
        if len(_CACHE) < _CACHE_MAX:
            _CACHE[key] = hit
    if isinstance(hit, NotAcceptable):
        raise NotAcceptable(hit.message)
    return hit


def _negotiate(accept: str, aliases: dict[str, list[str]], default: str) -> str:
    table = _table(aliases)
    supported = [m for m, _ in table]
    # mimeparse prefers later entries on ties: aliases first, then the canonical types, the
    # default's last — so that `text/*` means CSV/TSV, not SPARQL XML by way of `text/xml`
    default_types = aliases[default]
    canonical = [medias[0] for key, medias in aliases.items() if key != default]
    alias_types = [m for m in supported if m not in canonical and m not in default_types]
    ordered = (
        list(reversed(alias_types)) + list(reversed(canonical)) + list(reversed(default_types))
    )
    try:
        best = mimeparse.best_match(ordered, accept)
    except (ValueError, IndexError):
        best = ""
    if not best:
        raise NotAcceptable(
            f"none of the accepted media types ({accept}) can be produced; supported: "
            + ", ".join(dict.fromkeys(supported))
        )
    return dict(table)[best]


def pick_formats(format_param: str | None, accept: str | None) -> tuple[Format, Format]:
    """(solution format, graph format) for a query whose form may not be known yet.

    A 406 is raised only by `pick_for_form` once the form is known, so that a
    Turtle-only Accept still works for CONSTRUCT.
    """
    sol = _safe(lambda: negotiate(accept, SOLUTION_ALIASES, "json"), "json")
    graph = _safe(lambda: negotiate(accept, GRAPH_ALIASES, "turtle"), "turtle")
    if format_param:
        key = format_param.strip().lower()
        if key in FORMAT_PARAM:
            s, g = FORMAT_PARAM[key]
            sol, graph = s or sol, g or graph
        else:
            s = _safe(lambda: negotiate(key, SOLUTION_ALIASES, "json"), None)
            g = _safe(lambda: negotiate(key, GRAPH_ALIASES, "turtle"), None)
            if s is None and g is None:
                raise NotAcceptable(
                    f"unknown format {format_param!r}; use one of " + ", ".join(FORMAT_PARAM)
                )
            sol, graph = s or sol, g or graph
    return SOLUTION_FORMATS[sol or "json"], GRAPH_FORMATS[graph or "turtle"]


def check_acceptable(form: str | None, format_param: str | None, accept: str | None) -> None:
    """406 when neither the Accept header nor ?format= fits the query's form."""
    if format_param:
        key = format_param.strip().lower()
        if key in FORMAT_PARAM:
            s, g = FORMAT_PARAM[key]
            if (
                form in ("SELECT", "ASK")
                and s is None
                or form in ("CONSTRUCT", "DESCRIBE")
                and g is None
            ):
                raise NotAcceptable(f"format {format_param!r} does not fit a {form} query")
        return
    if form in ("SELECT", "ASK"):
        negotiate(accept, SOLUTION_ALIASES, "json")
    elif form in ("CONSTRUCT", "DESCRIBE"):
        negotiate(accept, GRAPH_ALIASES, "turtle")


def _safe(fn: Callable[[], str], fallback: str | None) -> str | None:
    try:
        return fn()
    except NotAcceptable:
        return fallback


def wants_html(accept: str | None) -> bool:
    if not accept:
        return False
    try:
        best = mimeparse.best_match(
            ["text/html", "text/turtle", "application/sparql-results+json"], accept
        )
    except (ValueError, IndexError):
        return False
    return bool(best == "text/html")
