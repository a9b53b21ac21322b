"""The canned-query catalogue: `queries/*.rq` files with a `#+` YAML header.

A canned query is a SPARQL SELECT file whose name is its API name. Its header (lines starting
with `#+`) gives title, description, tags, typed parameters and the result columns. A parameter
`name` is bound to the variable `?name_param` as an RDF term through the engine's substitutions —
never spliced into the query text (see params.py). Absent optional parameters stay unbound;
parameters with a default are always bound.

Oxigraph 0.5 substitution semantics, which the queries follow: a substituted variable must be
projected by the top SELECT (and by any sub-SELECT that uses it). It takes the given value in
triple patterns and in expressions that compare or transform it, but the optimizer treats it as
never bound: `BOUND(?x_param)` is false and `BIND(?x_param AS ?y)` leaves ?y unbound. So a query
tests "parameter absent" with `sameTerm(COALESCE(?x_param, false), false)` — as the condition of
an `IF`, which evaluates only the branch it takes (`||` evaluates both) — and copies a value with
`BIND(IRI(STR(?x_param)) AS ?y)` (tests/api/test_catalog.py pins these idioms).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml

from .engine.base import Term
from .errors import IlokgError, NotFound, ParameterError
from .namespaces import Namespaces
from .params import (
    DUMMY,
    IRI,
    PARAM_TYPES,
    AsyncRunner,
    EntityLookup,
    Param,
    Prepared,
    SyncRunner,
    check_value,
    clip,
    entity_lookup,
)

COLUMN_TYPES = ("iri", "string", "integer", "decimal", "date", "boolean", "language", "term")
RESERVED = frozenset({"limit", "offset", "format"})
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
QUERY_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")

__all__ = ["Catalog", "CannedQuery", "CatalogError", "Column", "EntityLookup", "Param", "Prepared"]


class CatalogError(IlokgError):
    """A canned query file whose header or text is not usable (a packaging bug)."""

    code = "catalog_error"


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str = ""
    list: bool = False
    separator: str = " "


@dataclass
class CannedQuery:
    name: str
    title: str
    description: str
    tags: list[str]
    params: list[Param]
    columns: list[Column]
    text: str
    ns: Namespaces
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def prepare(self, values: Mapping[str, str]) -> Prepared:
        """Check every value; raise ParameterError (422) naming the parameter."""
        for key in values:
            if self.param(key) is None:
                known = ", ".join(p.name for p in self.params) or "no parameters"
                raise ParameterError(
                    f"unknown parameter `{clip(key)}`; query `{self.name}` takes: {known}"
                )
        out = Prepared()
        for p in self.params:
            raw = values.get(p.name)
            if raw is None or raw == "":
                if p.required:
                    raise ParameterError(
                        f"parameter `{p.name}` is required: expected {p.expected()}"
                    )
                if p.default is None:
                    continue
                raw = p.default
            self._check_one(p, raw, out)
        return out

    def _check_one(self, p: Param, raw: str, out: Prepared) -> None:
        if p.type == "iri":
            out.lookups.append(entity_lookup(p, raw, self.ns))
        else:
            out.terms[p.variable] = check_value(p, raw)

    def bind(self, values: Mapping[str, str], run: SyncRunner | None = None) -> dict[str, Term]:
        """Typed terms for the engine's substitutions; entity values resolved with `run`.

        Without a runner, an entity value must be an IRI or a path such as
        `organization/mohrss` and is bound without the class check.
        """
        prepared = self.prepare(values)
        for lookup in prepared.lookups:
            if run is not None:
                prepared.resolve(lookup, run(lookup.query, lookup.substitutions))
            elif "entity" in lookup.substitutions:
                prepared.terms[lookup.param.variable] = lookup.substitutions["entity"]
            else:
                raise ParameterError(
                    f"parameter `{lookup.param.name}`: give an IRI or a path such as "
                    "organization/mohrss (labels need the store)"
                )
        return prepared.substitutions()

    async def abind(self, values: Mapping[str, str], run: AsyncRunner) -> Prepared:
        prepared = self.prepare(values)
        for lookup in prepared.lookups:
            prepared.resolve(lookup, await run(lookup.query, lookup.substitutions))
        return prepared

    def bind_cli(self, values: Mapping[str, str], run: SyncRunner | None = None) -> dict[str, Term]:
        return self.bind(values, run)

    def example_values(self) -> dict[str, str]:
        return {p.name: p.example for p in self.params if p.example is not None}


class Catalog:
    """All canned queries of a queries/ folder, by name."""

    def __init__(self, queries: dict[str, CannedQuery], errors: list[str] | None = None) -> None:
        self.queries = dict(sorted(queries.items()))
        self.errors = errors or []  # files left out by a non-strict load

    @classmethod
    def load(
        cls, folder: Path, ns: Namespaces | type[Namespaces] | None = None, *, strict: bool = True
    ) -> Catalog:
        """Every `*.rq` of folder. Strict: a bad file raises CatalogError; else it is left out
        and its error kept in `errors` (the server keeps answering the other queries)."""
        names = ns() if isinstance(ns, type) else ns or Namespaces()
        found, errors = {}, []
        for path in sorted(Path(folder).glob("*.rq")):
            try:
                query = parse_file(path, names)
            except (CatalogError, OSError, UnicodeDecodeError) as exc:
                if strict:
                    raise
                errors.append(getattr(exc, "message", str(exc)))
                continue
            found[query.name] = query
        return cls(found, errors)

    def get(self, name: str) -> CannedQuery:
        query = self.queries.get(name)
        if query is None:
            raise NotFound(
                f"no canned query `{clip(name)}`; known: {', '.join(self.queries) or 'none'}"
            )
        return query

    def __iter__(self) -> Iterator[CannedQuery]:
        return iter(self.queries.values())

    def __len__(self) -> int:
        return len(self.queries)


def parse_file(path: Path, ns: Namespaces) -> CannedQuery:
    text = path.read_text(encoding="utf-8")
    return parse_text(path.stem, text, ns, path)


def parse_text(name: str, text: str, ns: Namespaces, path: Path | None = None) -> CannedQuery:
    where = str(path or name)
    if not QUERY_NAME.fullmatch(name):
        raise CatalogError(f"{where}: a query name is lower-case kebab-case")
    header = "\n".join(
        line[2:].removeprefix(" ") for line in text.splitlines() if line.startswith("#+")
    )
    try:
        meta = yaml.safe_load(header) or {}
    except yaml.YAMLError as exc:
        raise CatalogError(f"{where}: the #+ header is not valid YAML: {exc}") from None
    if not isinstance(meta, dict) or not meta.get("title"):
        raise CatalogError(f"{where}: the #+ header needs at least a title")
    prefixes = ns.prefixes()
    params = [_param(where, item, prefixes) for item in meta.get("params") or []]
    columns = [_column(where, item) for item in meta.get("columns") or []]
    if len({p.name for p in params}) != len(params):
        raise CatalogError(f"{where}: two parameters have the same name")
    if not columns:
        raise CatalogError(f"{where}: the header lists no columns")
    if re.search(r"\b(LIMIT|OFFSET)\s+\d+\s*$", _last_line(text), re.IGNORECASE):
        raise CatalogError(f"{where}: the API adds LIMIT/OFFSET; the query must not end with one")
    query = CannedQuery(
        name=name,
        title=str(meta["title"]).strip(),
        description=str(meta.get("description") or "").strip(),
        tags=[str(t) for t in meta.get("tags") or []],
        params=params,
        columns=columns,
        text=ns.rebase(text),
        ns=ns,
        path=path,
    )
    _check_query(query, where)
    return query


def _param(where: str, item: Any, prefixes: dict[str, str]) -> Param:
    if not isinstance(item, dict) or not NAME.fullmatch(str(item.get("name", ""))):
        raise CatalogError(f"{where}: a parameter needs a snake_case name: {item!r}")
    name = str(item["name"])
    kind = str(item.get("type", "string"))
    if name in RESERVED or kind not in PARAM_TYPES:
        raise CatalogError(f"{where}: parameter {name}: reserved name or unknown type {kind}")
    cls_name = item.get("class")
    cls = _expand(str(cls_name), prefixes, where) if cls_name else None
    p = Param(
        name=name,
        type=kind,
        description=str(item.get("description") or "").strip(),
        required=bool(item.get("required", False)),
        default=None if item.get("default") is None else str(item["default"]),
        example=None if item.get("example") is None else str(item["example"]),
        cls=cls,
        cls_name=str(cls_name) if cls_name else None,
        enum=tuple(str(v) for v in item.get("enum") or ()),
        minimum=item.get("minimum"),
        maximum=item.get("maximum"),
        max_length=int(item.get("max_length", 200)),
    )
    if p.default is not None and p.type != "iri":
        try:
            check_value(p, p.default)
        except ParameterError as exc:
            raise CatalogError(
                f"{where}: the default of {name} is invalid: {exc.message}"
            ) from None
    return p


def _column(where: str, item: Any) -> Column:
    if not isinstance(item, dict) or not NAME.fullmatch(str(item.get("name", ""))):
        raise CatalogError(f"{where}: a column needs a snake_case name: {item!r}")
    kind = str(item.get("type", "string"))
    if kind not in COLUMN_TYPES:
        raise CatalogError(f"{where}: column {item['name']}: unknown type {kind}")
    is_list = bool(item.get("list", False))
    default_sep = "\n" if kind == "string" else " "
    return Column(
        name=str(item["name"]),
        type=kind,
        description=str(item.get("description") or "").strip(),
        list=is_list,
        separator=str(item.get("separator", default_sep)),
    )


def _expand(curie: str, prefixes: dict[str, str], where: str) -> str:
    if IRI.fullmatch(curie):
        return curie
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in prefixes:
        raise CatalogError(f"{where}: unknown class {curie}")
    return prefixes[prefix] + local


def _last_line(text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return lines[-1] if lines else ""


def _check_query(query: CannedQuery, where: str) -> None:
    """Parse and evaluate on an empty store with every parameter bound."""
    from .engine.worker import to_term

    subs: dict[Any, Any] = {ox.Variable(p.variable): to_term(DUMMY[p.type]) for p in query.params}
    try:
        result = ox.Store().query(query.text, substitutions=subs)
    except (SyntaxError, RuntimeError, ValueError) as exc:
        raise CatalogError(f"{where}: {exc}") from None
    if not isinstance(result, ox.QuerySolutions):
        raise CatalogError(f"{where}: a canned query is a SELECT query")
    variables = {v.value for v in result.variables}
    missing = [c.name for c in query.columns if c.name not in variables]
    if missing:
        raise CatalogError(f"{where}: columns not projected by the query: {', '.join(missing)}")
