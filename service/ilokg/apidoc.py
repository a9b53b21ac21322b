"""OpenAPI descriptions of the canned queries, generated from their `#+` headers.

Each canned query becomes its own GET operation with typed query parameters (with examples and
defaults), a row schema built from its columns and the three response media types; the catalogue
entry of `GET /api/queries` is built from the same header. Nothing here is written per query.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from .catalog import CannedQuery, Column
from .params import LANG, Param

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
MAX_OFFSET = 100_000

_COLUMN_SCHEMA: dict[str, dict[str, Any]] = {
    "iri": {
        "type": "object",
        "properties": {"iri": {"type": "string", "format": "iri"}, "label": {"type": "string"}},
        "required": ["iri", "label"],
    },
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "decimal": {"type": "number"},
    "date": {"type": "string", "description": "ISO 8601 at the precision stated"},
    "boolean": {"type": "boolean"},
    "language": {"type": "string"},
    "term": {},
}


def param_schema(p: Param) -> dict[str, Any]:
    schema: dict[str, Any]
    if p.type == "integer":
        schema = {"type": "integer"}
        if p.minimum is not None:
            schema["minimum"] = p.minimum
        if p.maximum is not None:
            schema["maximum"] = p.maximum
    elif p.type == "year":
        schema = {"type": "string", "pattern": "^[0-9]{4}$"}
    elif p.type == "date":
        schema = {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}
    elif p.type == "language":
        schema = {"type": "string", "pattern": LANG.pattern, "maxLength": 35}
    elif p.type == "iri":
        schema = {"type": "string", "maxLength": 2048}
    else:
        schema = {"type": "string", "maxLength": p.max_length}
        if p.enum:
            schema["enum"] = list(p.enum)
    if p.default is not None:
        schema["default"] = int(p.default) if p.type == "integer" else p.default
    return schema


def parameter(p: Param) -> dict[str, Any]:
    text = p.description or p.name
    if p.type == "iri":
        text += (
            f" Give an IRI, a path such as `organization/mohrss`, a slug or an exact label "
            f"(any language, any case) of a `{p.cls_name or 'entity'}`."
        )
    spec: dict[str, Any] = {
        "name": p.name,
        "in": "query",
        "required": p.required,
        "description": text,
        "schema": param_schema(p),
    }
    if p.example is not None:
        spec["example"] = int(p.example) if p.type == "integer" else p.example
    return spec


PAGING = [
    {
        "name": "limit",
        "in": "query",
        "required": False,
        "description": (
            f"Rows per page (default {DEFAULT_LIMIT}; larger values are cut to {MAX_LIMIT})."
        ),
        "schema": {"type": "integer", "minimum": 1, "default": DEFAULT_LIMIT},
    },
    {
        "name": "offset",
        "in": "query",
        "required": False,
        "description": f"Rows to skip (larger values are cut to {MAX_OFFSET}).",
        "schema": {"type": "integer", "minimum": 0, "default": 0},
    },
    {
        "name": "format",
        "in": "query",
        "required": False,
        "description": "Instead of Accept: json, csv or srj (raw SPARQL JSON results).",
        "schema": {"type": "string", "enum": ["json", "csv", "srj"]},
    },
]


def column_schema(column: Column) -> dict[str, Any]:
    schema = dict(_COLUMN_SCHEMA[column.type])
    if column.list:
        schema = {"type": "array", "items": schema}
    else:
        schema = {"anyOf": [schema, {"type": "null"}]} if schema else {}
    if column.description:
        schema["description"] = column.description
    return schema


def answer_schema(query: CannedQuery) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "query": {"type": "string", "const": query.name},
            "columns": {"type": "array", "items": {"type": "string"}},
            "rows": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {c.name: column_schema(c) for c in query.columns},
                },
            },
            "count": {"type": "integer", "description": "Rows in this page."},
            "limit": {"type": "integer"},
            "offset": {"type": "integer"},
            "next": {"type": ["string", "null"], "description": "URL of the next page."},
        },
    }


def description(query: CannedQuery) -> str:
    lines = [query.description, "", "| column | type | meaning |", "|---|---|---|"]
    for c in query.columns:
        kind = f"list of {c.type}" if c.list else c.type
        lines.append(f"| `{c.name}` | {kind} | {c.description.replace('|', '/')} |")
    if query.tags:
        lines += ["", "Tags: " + ", ".join(query.tags) + "."]
    return "\n".join(lines)


ERROR_SCHEMA = {
    "type": "object",
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
    "required": ["error", "message"],
}


def operation_extra(query: CannedQuery) -> dict[str, Any]:
    error = ERROR_SCHEMA
    return {
        "parameters": [parameter(p) for p in query.params] + PAGING,
        "responses": {
            "200": {
                "description": "The answer, one page of rows.",
                "content": {
                    "application/json": {"schema": answer_schema(query)},
                    "text/csv": {"schema": {"type": "string"}},
                    "application/sparql-results+json": {"schema": {"type": "object"}},
                },
            },
            "304": {"description": "Not modified (If-None-Match matched the ETag)."},
            "404": {
                "description": "No such query.",
                "content": {"application/json": {"schema": error}},
            },
            "406": {
                "description": "No acceptable media type.",
                "content": {"application/json": {"schema": error}},
            },
            "422": {
                "description": "A parameter is missing or invalid; the message names it.",
                "content": {"application/json": {"schema": error}},
            },
        },
    }


def example_call(query: CannedQuery) -> str:
    values = query.example_values()
    return f"/api/queries/{query.name}" + (f"?{urlencode(values)}" if values else "")


def catalogue_entry(query: CannedQuery) -> dict[str, Any]:
    return {
        "name": query.name,
        "title": query.title,
        "description": query.description,
        "tags": query.tags,
        "parameters": [
            {
                "name": p.name,
                "type": p.type,
                "required": p.required,
                "default": p.default,
                "example": p.example,
                "class": p.cls,
                "enum": list(p.enum) or None,
                "description": p.description,
                "expected": p.expected(),
            }
            for p in query.params
        ],
        "columns": [
            {"name": c.name, "type": c.type, "list": c.list, "description": c.description}
            for c in query.columns
        ],
        "example": example_call(query),
        "url": f"/api/queries/{query.name}",
    }
