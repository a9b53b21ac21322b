"""XSD 1.1 canonical forms for the decimal and floating-point numbers in SPARQL results.

Oxigraph stores numbers by value and writes them in the shortest form (`3`^^xsd:decimal,
`30000`^^xsd:double), which reads like an integer and is not the canonical lexical form
that XSD 1.1 and the W3C SPARQL tests use (`3.0`, `3.0E4`). The endpoint rewrites those
literals in SPARQL JSON, XML and TSV results; the value never changes. (CSV carries no
datatypes, so it keeps the engine's digits.)
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
DECIMAL = XSD + "decimal"
FLOATS = (XSD + "double", XSD + "float")
_XML = re.compile(
    rb'(<literal datatype="http://www\.w3\.org/2001/XMLSchema#(decimal|double|float)">)([^<]*)(</literal>)'
)
_TSV = re.compile(
    rb'"([^"\\\t\n]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#(decimal|double|float)>'
)
_MARKERS = (b"#decimal", b"#double", b"#float")


def canonical_decimal(lexical: str) -> str:
    try:
        value = Decimal(lexical.strip())
    except InvalidOperation:
        return lexical
    if not value.is_finite():
        return lexical
    if value == 0:
        return "0.0"
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if "." in text else text + ".0"


def canonical_double(lexical: str) -> str:
    text = lexical.strip()
    if text in ("INF", "-INF", "NaN", "+INF"):
        return text.lstrip("+")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return lexical
    if not value.is_finite():
        return lexical
    sign = "-" if value.is_signed() else ""
    if value == 0:
        return f"{sign}0.0E0"
    _, digits, exponent = value.normalize().as_tuple()
    assert isinstance(exponent, int)
    shown = "".join(map(str, digits))
    power = len(digits) - 1 + exponent
    return f"{sign}{shown[0]}.{shown[1:] or '0'}E{power}"


def canonical(lexical: str, datatype: str) -> str:
    if datatype == DECIMAL:
        return canonical_decimal(lexical)
    if datatype in FLOATS:
        return canonical_double(lexical)
    return lexical


def canonical_results(body: bytes, fmt: str) -> bytes:
    """`body` (SPARQL results in format `fmt`: json, xml, tsv) with canonical numbers."""
    if not any(marker in body for marker in _MARKERS):
        return body
    if fmt == "json":
        data = json.loads(body)
        changed = False
        for row in (data.get("results") or {}).get("bindings") or []:
            for term in row.values():
                if term.get("type") in ("literal", "typed-literal") and "datatype" in term:
                    new = canonical(term["value"], term["datatype"])
                    if new != term["value"]:
                        term["value"] = new
                        changed = True
        if not changed:
            return body
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if fmt == "xml":
        return _XML.sub(
            lambda m: (
                m.group(1)
                + canonical(m.group(3).decode(), XSD + m.group(2).decode()).encode()
                + m.group(4)
            ),
            body,
        )
    if fmt == "tsv":
        return _TSV.sub(
            lambda m: (
                b'"'
                + canonical(m.group(1).decode(), XSD + m.group(2).decode()).encode()
                + b'"^^<'
                + XSD.encode()
                + m.group(2)
                + b">"
            ),
            body,
        )
    return body
