"""Canned-query parameters: typed values checked strictly and bound as RDF terms.

Every value is validated for its declared type (string, iri, integer, year, date, language) and
turned into a term for the engine's substitutions — never into query text. An `iri` parameter
accepts an absolute IRI, a path under the entity base (`organization/mohrss`), a bare slug
(`mohrss`) or an exact label in any language (case-insensitive); it becomes an `EntityLookup`,
a small query that the caller runs against the store (through the worker pool over HTTP, in
process from the CLI), and `Prepared.resolve` checks that exactly one entity of the declared
class matches. Bad values raise ParameterError (HTTP 422) naming the parameter and what is
expected.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from .engine.base import Term
from .errors import ParameterError
from .namespaces import Namespaces

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("string", "iri", "integer", "year", "date", "language")
IRI = re.compile(
    r"^(?:https?://[^\s<>\"{}|\\^`]+|urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[^\s<>\"{}|\\^`]+)$"
)
PATH = re.compile(r"^[a-z0-9-]+(?:/[a-z0-9-]+)+$")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
DATE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
MAX_IRI = 2048

Row = dict[str, Any]  # one SPARQL JSON binding: variable -> {"type", "value", ...}
SyncRunner = Callable[[str, dict[str, Term]], list[Row]]
AsyncRunner = Callable[[str, dict[str, Term]], Awaitable[list[Row]]]

_PROLOGUE = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# Is ?entity (substituted) in the store, as an instance of ?class (substituted)?
RESOLVE_IRI = (
    _PROLOGUE
    + """SELECT ?entity ?class WHERE {
  ?entity rdf:type ?type .
  ?type rdfs:subClassOf* ?class .
}
LIMIT 1
"""
)
RESOLVE_IRI_ANY = "SELECT ?entity WHERE {\n  ?entity ?predicate ?object .\n}\nLIMIT 1\n"
# Entities (not hash nodes) whose label is ?text, or whose IRI ends with ?suffix ("/slug").
RESOLVE_TEXT = (
    _PROLOGUE
    + """SELECT DISTINCT ?entity ?how ?text ?suffix ?class WHERE {
  {
    ?entity rdfs:label|skos:prefLabel|skos:altLabel|foaf:name|dct:title ?label .
    FILTER(LCASE(STR(?label)) = LCASE(?text))
    BIND("label" AS ?how)
  } UNION {
    ?entity rdf:type ?any_type .
    FILTER(STRENDS(STR(?entity), ?suffix))
    BIND("slug" AS ?how)
  }
  FILTER(isIRI(?entity) && !CONTAINS(STR(?entity), "#"))
  %CLASS%
}
ORDER BY ?how ?entity
LIMIT 20
"""
)
CLASS_PATTERN = "?entity rdf:type ?type .\n  ?type rdfs:subClassOf* ?class ."


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    description: str = ""
    required: bool = False
    default: str | None = None
    example: str | None = None
    cls: str | None = None  # IRI of the class an `iri` value must belong to
    cls_name: str | None = None  # the class as written in the header (a CURIE)
    enum: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 200

    @property
    def variable(self) -> str:
        return f"{self.name}_param"

    def expected(self) -> str:
        """What a valid value looks like, for 422 messages and the catalogue."""
        if self.enum:
            return "one of " + ", ".join(self.enum)
        return {
            "string": f"a text of at most {self.max_length} characters",
            "iri": "an IRI, a slug or an exact label of "
            + (f"an entity of class {self.cls_name}" if self.cls_name else "a known entity"),
            "integer": "an integer"
            + (f" from {self.minimum}" if self.minimum is not None else "")
            + (f" to {self.maximum}" if self.maximum is not None else ""),
            "year": "a year of 4 digits, e.g. 2019",
            "date": "an ISO date YYYY-MM-DD, YYYY-MM or YYYY",
            "language": "a BCP 47 language tag, e.g. en or zh-Hans",
        }[self.type]


@dataclass(frozen=True)
class EntityLookup:
    """A query that turns the value given for an `iri` parameter into one entity IRI."""

    param: Param
    value: str
    query: str
    substitutions: dict[str, Term]


@dataclass
class Prepared:
    """Validated parameter values: terms bound so far and entity lookups still to run."""

    terms: dict[str, Term] = field(default_factory=dict)
    lookups: list[EntityLookup] = field(default_factory=list)

    def resolve(self, lookup: EntityLookup, rows: list[Row]) -> None:
        p = lookup.param
        found = list(dict.fromkeys(r["entity"]["value"] for r in rows if "entity" in r))
        if len(found) > 1 and any(r.get("how", {}).get("value") == "slug" for r in rows):
            found = list(
                dict.fromkeys(
                    r["entity"]["value"] for r in rows if r.get("how", {}).get("value") == "slug"
                )
            )
        if not found and "entity" in lookup.substitutions:
            kind = f"an entity of class {p.cls_name}" if p.cls_name else "an entity"
            raise ParameterError(
                f"parameter `{p.name}`: <{lookup.substitutions['entity'][1]}> is not {kind} "
                f"of this graph; expected {p.expected()}"
            )
        if not found:
            raise ParameterError(
                f"parameter `{p.name}`: nothing in the graph matches {show(lookup.value)}; "
                f"expected {p.expected()}"
            )
        if len(found) > 1:
            raise ParameterError(
                f"parameter `{p.name}`: {show(lookup.value)} matches {len(found)} entities "
                f"({', '.join(found[:5])}); give one of their IRIs"
            )
        self.terms[p.variable] = ("iri", found[0])

    def substitutions(self) -> dict[str, Term]:
        if any(lk.param.variable not in self.terms for lk in self.lookups):
            raise ParameterError("an entity parameter was not resolved")
        return dict(self.terms)


def check_value(p: Param, raw: str) -> Term:
    """The RDF term for a non-entity value, or ParameterError."""
    bad = ParameterError(f"parameter `{p.name}`: expected {p.expected()}, got {show(raw)}")
    if len(raw) > max(p.max_length, 64) or CONTROL.search(raw):
        raise ParameterError(
            f"parameter `{p.name}`: expected {p.expected()} "
            f"(no control characters, at most {p.max_length} characters)"
        )
    if p.type == "string":
        if p.enum and raw not in p.enum:
            raise bad
        return ("literal", raw)
    if p.type == "integer":
        if not re.fullmatch(r"[+-]?[0-9]{1,18}", raw):
            raise bad
        n = int(raw)
        if (p.minimum is not None and n < p.minimum) or (p.maximum is not None and n > p.maximum):
            raise bad
        return ("literal", str(n), XSD + "integer")
    if p.type == "year":
        if not re.fullmatch(r"[0-9]{4}", raw):
            raise bad
        return ("literal", raw, XSD + "gYear")
    if p.type == "date":
        m = DATE.fullmatch(raw)
        if not m:
            raise bad
        year, month, day = m.groups()
        try:
            dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise bad from None
        kind = "date" if day else "gYearMonth" if month else "gYear"
        return ("literal", raw, XSD + kind)
    if p.type == "language":
        if len(raw) > 35 or not LANG.fullmatch(raw):
            raise bad
        return ("literal", raw)
    raise bad


def entity_lookup(p: Param, raw: str, ns: Namespaces) -> EntityLookup:
    if len(raw) > MAX_IRI or CONTROL.search(raw):
        raise ParameterError(
            f"parameter `{p.name}`: expected {p.expected()} (at most {MAX_IRI} characters, "
            "no control characters)"
        )
    subs: dict[str, Term] = {}
    if p.cls:
        subs["class"] = ("iri", p.cls)
    if IRI.fullmatch(raw) or PATH.fullmatch(raw):
        subs["entity"] = ("iri", raw if IRI.fullmatch(raw) else ns.id + raw)
        return EntityLookup(p, raw, RESOLVE_IRI if p.cls else RESOLVE_IRI_ANY, subs)
    if ":" in raw and any(c in raw for c in '<>"{}|\\^` '):
        raise ParameterError(
            f"parameter `{p.name}`: {show(raw)} is not a valid IRI "
            '(no spaces or any of <>"{}|\\^`)'
        )
    if len(raw) > p.max_length:
        raise ParameterError(f"parameter `{p.name}`: a label has at most {p.max_length} characters")
    subs["text"] = ("literal", raw)
    if SLUG.fullmatch(raw.lower()):
        subs["suffix"] = ("literal", "/" + raw.lower())
    query = RESOLVE_TEXT.replace("%CLASS%", CLASS_PATTERN if p.cls else "")
    return EntityLookup(p, raw, query, subs)


def show(value: str, limit: int = 60) -> str:
    """A user value for a message: quoted, cut to `limit` characters."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def clip(value: str, limit: int = 40) -> str:
    """A user-given name for a message: cut, and without backticks or control characters."""
    cleaned = "".join(c if c.isprintable() and c != "`" else "?" for c in value)
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + "…"


DUMMY: dict[str, Term] = {
    "string": ("literal", "x"),
    "iri": ("iri", "urn:x:x"),
    "integer": ("literal", "0", XSD + "integer"),
    "year": ("literal", "2000", XSD + "gYear"),
    "date": ("literal", "2000-01-01", XSD + "date"),
    "language": ("literal", "en"),
}
