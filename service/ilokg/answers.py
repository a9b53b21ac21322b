"""Canned-query answers: SPARQL JSON results turned into plain JSON rows or CSV.

The JSON mapping (documented in docs/api.md):

* an IRI becomes `{"iri": "...", "label": "..."}` with the entity's label in the preferred
  language (`Accept-Language`, then English, then no language, then any), or `null` when it has
  none; labels come from a per-build `LabelIndex` of skos:prefLabel, rdfs:label, foaf:name and
  dct:title (in that order of preference);
* numbers (xsd:integer, xsd:decimal, xsd:double, ...) become JSON numbers, whole decimals become
  integers; xsd:boolean becomes true/false;
* every other literal — strings, dates at any precision (2012, 2022-12, --12-09, dateTimes with
  their offset) — becomes its lexical form, the ISO string;
* a list column (a GROUP_CONCAT in the query) becomes a JSON array, without duplicates, sorted;
* an unbound value becomes `null` (`[]` for a list column).

CSV has the same columns; an IRI column is followed by a `{column}_label` column.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from .catalog import Column

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {
    XSD + t
    for t in (
        "integer",
        "decimal",
        "double",
        "float",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "negativeInteger",
        "nonPositiveInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
)
LABEL_QUERY = """PREFIX dct: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?entity ?property ?label WHERE {
  VALUES ?property { skos:prefLabel rdfs:label foaf:name dct:title }
  ?entity ?property ?label .
  FILTER(isIRI(?entity) && isLiteral(?label))
}
"""


class LabelIndex:
    """The labels of every IRI of one build, by language."""

    def __init__(self) -> None:
        self._labels: dict[str, list[tuple[int, str, str]]] = {}  # iri -> (rank, lang, text)

    @classmethod
    def from_bindings(cls, bindings: Iterable[dict[str, Any]]) -> LabelIndex:
        index = cls()
        rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}
        for b in bindings:
            label = b.get("label", {})
            entry = (
                rank.get(b.get("property", {}).get("value", ""), len(rank)),
                label.get("xml:lang", "").lower(),
                label.get("value", ""),
            )
            index._labels.setdefault(b["entity"]["value"], []).append(entry)
        for entries in index._labels.values():
            entries.sort()
        return index

    def __len__(self) -> int:
        return len(self._labels)

    def label(self, iri: str, languages: Sequence[str] = ()) -> str | None:
        entries = self._labels.get(iri)
        if not entries:
            return None
        for wanted in [*languages, "en", ""]:
            for _rank, lang, text in entries:
                if lang == wanted or (wanted and lang.startswith(wanted + "-")):
                    return text
        return entries[0][2]


def accept_languages(header: str | None) -> list[str]:
    """Language ranges of an Accept-Language header, best first (`*` and q=0 dropped)."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((header or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        tag = tag.strip().lower()
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        if tag and tag != "*" and q > 0 and len(tag) <= 35:
            ranked.append((-q, i, tag))
    return [tag for _q, _i, tag in sorted(ranked)]


def number(lexical: str) -> int | float | str:
    try:
        value = Decimal(lexical.strip())
    except InvalidOperation:
        return lexical
    if not value.is_finite():
        return lexical
    if value == value.to_integral_value() and abs(value) < Decimal(10) ** 18:
        return int(value)
    result = float(value)
    return result if math.isfinite(result) else lexical


def plain(term: dict[str, Any] | None, labels: LabelIndex, languages: Sequence[str]) -> Any:
    """One SPARQL JSON term as a plain JSON value."""
    if term is None:
        return None
    value = term["value"]
    if term["type"] == "uri":
        return {"iri": value, "label": labels.label(value, languages)}
    if term["type"] == "bnode":
        return {"bnode": value}
    datatype = term.get("datatype")
    if datatype in NUMERIC:
        return number(value)
    if datatype == XSD + "boolean":
        return value in ("true", "1")
    return value


def list_items(column: Column, term: dict[str, Any] | None) -> list[str]:
    if term is None:
        return []
    parts = term["value"].split(column.separator) if column.separator else [term["value"]]
    return sorted({p.strip() for p in parts if p.strip()})


def to_rows(
    results: dict[str, Any],
    columns: Sequence[Column],
    labels: LabelIndex,
    languages: Sequence[str] = (),
) -> list[dict[str, Any]]:
    rows = []
    for binding in results["results"]["bindings"]:
        row: dict[str, Any] = {}
        for column in columns:
            term = binding.get(column.name)
            if column.list:
                items = list_items(column, term)
                if column.type == "iri":
                    row[column.name] = [
                        {"iri": i, "label": labels.label(i, languages)} for i in items
                    ]
                elif column.type in ("integer", "decimal"):
                    row[column.name] = [number(i) for i in items]
                else:
                    row[column.name] = items
            else:
                row[column.name] = plain(term, labels, languages)
        rows.append(row)
    return rows


def csv_header(columns: Sequence[Column]) -> list[str]:
    names = []
    for column in columns:
        names.append(column.name)
        if column.type in ("iri", "term"):
            names.append(f"{column.name}_label")
    return names


def _cell(value: Any) -> tuple[str, str | None]:
    """(value, label) of one plain JSON value."""
    if value is None:
        return "", None
    if isinstance(value, dict):
        return value.get("iri") or value.get("bnode", ""), value.get("label")
    if isinstance(value, bool):
        return ("true" if value else "false"), None
    return str(value), None


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(csv_header(columns))
    for row in rows:
        cells: list[str] = []
        for column in columns:
            value = row.get(column.name)
            if isinstance(value, list):
                pairs = [_cell(v) for v in value]
                cells.append((" " if column.type != "string" else "\n").join(p[0] for p in pairs))
                if column.type in ("iri", "term"):
                    cells.append("; ".join(p[1] or "" for p in pairs))
            else:
                text, label = _cell(value)
                cells.append(text)
                if column.type in ("iri", "term"):
                    cells.append(label or "")
        writer.writerow(cells)
    return out.getvalue()


def cut_results(results: dict[str, Any], limit: int) -> bytes:
    """SPARQL JSON results with at most `limit` solutions (the raw format)."""
    trimmed = {**results, "results": {"bindings": results["results"]["bindings"][:limit]}}
    return json.dumps(trimmed, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class ResultCache:
    """A bounded LRU of rendered answers (size 0 disables it)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[str, Any] = OrderedDict()

    def get(self, key: str) -> Any | None:
        if key not in self._items:
            return None
        self._items.move_to_end(key)
        return self._items[key]

    def put(self, key: str, value: Any) -> None:
        if self.size <= 0:
            return
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
