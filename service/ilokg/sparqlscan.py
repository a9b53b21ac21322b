"""A cheap lexical look at a SPARQL query before any engine sees it.

It finds the query form, the dataset clauses (FROM / FROM NAMED), SERVICE, update
keywords, the bracket nesting depth and the number of UNIONs — enough to refuse
hostile or unsupported queries (federation, remote graphs, stack-overflow bombs)
without parsing them. Strings, IRIs and comments are skipped, so `"SERVICE"` in a
literal or `<http://x/SERVICE>` never trigger anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from .errors import QueryRejected

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<word>[A-Za-z_\u00c0-\uffff][\w\-.\u00b7\u00c0-\uffff]*(?::[^\s{}()\[\],;]*)?|:[^\s{}()\[\],;]*)
  | (?P<open>[{(\[])
  | (?P<close>[})\]])
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)

_UNION_WORD = re.compile(r"\bUNION\b", re.IGNORECASE)

FORMS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK")
UPDATE_KEYWORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}


@dataclass
class QueryShape:
    form: str | None = None
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    service: bool = False
    update_keywords: set[str] = field(default_factory=set)
    depth: int = 0
    unions: int = 0
    declared_prefixes: set[str] = field(default_factory=set)
    # prefixed names used, by prefix: the offset of the first use
    used_prefixes: dict[str, int] = field(default_factory=dict)


def _resolve(base: str | None, iri: str) -> str:
    """An IRI of the query resolved against its BASE (RFC 3986), as the parser will."""
    if not base or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri):
        return iri
    return urljoin(base, iri)


def scan(text: str) -> QueryShape:
    shape = QueryShape()
    depth = 0
    expect_from: str | None = None  # "FROM" or "FROM NAMED" while waiting for the IRI
    prev_word = ""
    base: str | None = None
    prefixes: dict[str, str] = {}
    pending_prefix: str | None = None  # PREFIX p: seen, waiting for its IRI
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        value = match.group()
        if kind in ("ws", "comment"):
            continue
        if kind == "iri" and prev_word == "BASE":
            base = _resolve(base, value[1:-1])
            prev_word = ""
            continue
        if kind == "iri" and pending_prefix is not None:
            prefixes[pending_prefix] = _resolve(base, value[1:-1])
            pending_prefix = None
            continue
        pending_prefix = None
        if kind == "open":
            depth += 1
            shape.depth = max(shape.depth, depth)
        elif kind == "close":
            depth -= 1
        elif kind == "word" and ":" in value and prev_word == "PREFIX":
            name, _, rest = value.partition(":")
            shape.declared_prefixes.add(name)
            if rest.startswith("<") and rest.endswith(">"):  # `p:<iri>` without a space
                prefixes[name] = _resolve(base, rest[1:-1])
            else:
                pending_prefix = name
            prev_word = ""
            expect_from = None
            continue
        elif kind == "word" and ":" not in value:
            upper = value.upper()
            if upper in FORMS and shape.form is None:
                shape.form = upper
            elif upper == "SERVICE":
                shape.service = True
            elif upper == "UNION":
                shape.unions += 1
            elif upper in UPDATE_KEYWORDS and not (upper == "DELETE" and prev_word == "DETACH"):
                shape.update_keywords.add(upper)
            if upper == "FROM":
                expect_from = "FROM"
            elif upper == "NAMED" and expect_from == "FROM":
                expect_from = "FROM NAMED"
            else:
                expect_from = None
            prev_word = upper
            continue
        elif kind == "iri" and expect_from:
            target = shape.from_named if expect_from == "FROM NAMED" else shape.from_graphs
            target.append(_resolve(base, value[1:-1]))
        elif kind == "word" and expect_from:
            # FROM with a prefixed name: expanded when the prefix is declared
            target = shape.from_named if expect_from == "FROM NAMED" else shape.from_graphs
            name, _, local = value.partition(":")
            target.append(prefixes[name] + local if name in prefixes else value)
        if kind == "word" and ":" in value:
            prefix = value.split(":", 1)[0]
            if prefix != "_":
                shape.used_prefixes.setdefault(prefix, match.start())
        expect_from = None
        prev_word = ""
    return shape


def check_query(
    text: str,
    *,
    max_length: int,
    max_depth: int,
    max_union: int,
    known_graphs: set[str] | None = None,
) -> QueryShape:
    """Refuse what must never reach the engine; return the query's shape otherwise."""
    if not text.strip():
        raise QueryRejected("the query is empty: send a SPARQL query in `query`")
    if "\x00" in text:
        raise QueryRejected("the query contains a NUL character")
    if len(text) > max_length:
        unions = len(_UNION_WORD.findall(text))
        if unions > max_union:  # the more useful message for a UNION bomb
            raise QueryRejected(
                f"the query has {unions} UNIONs; the limit is {max_union}",
                code="query_too_large",
            )
        raise QueryRejected(
            f"the query is {len(text)} characters long; the limit is {max_length}",
            status=413,
            code="query_too_long",
        )
    shape = scan(text)
    if shape.depth > max_depth:
        raise QueryRejected(
            f"the query nests brackets {shape.depth} deep; the limit is {max_depth}",
            code="query_too_deep",
        )
    if shape.unions > max_union:
        raise QueryRejected(
            f"the query has {shape.unions} UNIONs; the limit is {max_union}", code="query_too_large"
        )
    if shape.form is None and shape.update_keywords:
        raise QueryRejected(
            "this is a SPARQL Update ("
            + ", ".join(sorted(shape.update_keywords))
            + "), not a query: the endpoint is read-only and refuses updates",
            status=403,
            code="read_only",
        )
    if shape.service:
        raise QueryRejected(
            "SERVICE (federated query) is disabled: this endpoint never contacts other servers",
            code="service_not_allowed",
        )
    if known_graphs is not None:
        for iri in [*shape.from_graphs, *shape.from_named]:
            if iri not in known_graphs:
                raise QueryRejected(
                    f"FROM <{iri}> names no graph of this dataset; remote graphs are never "
                    "fetched (see the service description for the graph names)",
                    code="remote_graph_not_allowed",
                )
    return shape


def undeclared_prefixes(shape: QueryShape) -> dict[str, int]:
    """Prefixes used in prefixed names but never declared, with the offset of the first use."""
    return {p: pos for p, pos in shape.used_prefixes.items() if p not in shape.declared_prefixes}


def line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def offset_of(text: str, line: int, column: int) -> int:
    """Character offset of a 1-based line and column (clamped to the text)."""
    pos = 0
    for _ in range(line - 1):
        nxt = text.find("\n", pos)
        if nxt < 0:
            return len(text)
        pos = nxt + 1
    return min(len(text), pos + max(0, column - 1))
