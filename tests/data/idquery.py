"""SPARQL over the real graph with `id:kind/slug` shorthands, for the per-document coverage tests.

`id:organization/ilo` is not a valid SPARQL prefixed name (it holds a slash), so the tests write
it and `x()` expands it to the full entity IRI before the query runs."""

from __future__ import annotations

import re
from typing import Any

BASE = "https://w3id.org/ilo-china-kg/id/"
_ID = re.compile(r"\bid:([A-Za-z0-9][A-Za-z0-9._/#-]*[A-Za-z0-9])")


def x(query: str) -> str:
    """Expand id:kind/slug to a full IRI."""
    return _ID.sub(lambda m: f"<{BASE}{m.group(1)}>", query)


def ask(kg: Any, query: str) -> bool:
    return bool(kg.ask(x(query)))


def select(kg: Any, query: str) -> list[dict[str, str]]:
    return list(kg.select(x(query)))


def values(kg: Any, query: str) -> set[str]:
    return set(kg.values(x(query)))


# The 003/004 tests write entity IRIs as the data files do, relative to a BASE declaration.
BASE_DECLARATION = f"BASE <{BASE}>\n"


def ask_relative(kg: Any, query: str) -> bool:
    return bool(kg.ask(BASE_DECLARATION + query))


def select_relative(kg: Any, query: str) -> list[dict[str, str]]:
    return list(kg.select(BASE_DECLARATION + query))


def unsourced_hash_nodes(kg: Any, src: str) -> set[str]:
    """Hash nodes (`<entity#part>`) under an entity that cites `src` and that cite no source."""
    return values(
        kg,
        f"""SELECT ?n WHERE {{
        ?e prov:wasDerivedFrom {src} . ?e ?p ?n . FILTER (isIRI(?n) && CONTAINS(STR(?n), "#"))
        FILTER (STRSTARTS(STR(?n), STR(?e)))
        FILTER NOT EXISTS {{ ?n prov:wasDerivedFrom ?any }} }}""",
    )
