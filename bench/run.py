#!/usr/bin/env python3
"""ilokg against the peers users would pick instead: same data, same questions, one run.

    python bench/run.py            # 10k, 100k and 1M triples (about 15 minutes on 2 cores)
    python bench/run.py --quick    # 10k only (about 2 minutes)
    python bench/run.py --sizes 100k --systems ilokg,oxigraph

For each size the driver generates a synthetic graph (bench/generate.py), then, one system at a
time, on 127.0.0.1 and free ports:

  ilokg     `ilokg build --no-validate --dumps lazy` then `ilokg serve` (embedded Oxigraph, worker pool)
  remote    `ilokg serve` with ILOKG_BACKEND=sparql in front of `oxigraph serve` (when
            ilokg.engine.remote exists; loaded with `ilokg build --backend sparql`, else with
            `oxigraph load`)
  oxigraph  `oxigraph load` then `oxigraph serve-read-only` (PyPI `oxigraph`)
  rdflib    `rdflib-endpoint serve` on the same files (PyPI `rdflib-endpoint`)

and measures build/load time and peak RSS (psutil, whole process tree), p50/p99 per canned query
(ilokg: /api/queries/{name}; peers: the same SPARQL text with the parameter values written in),
p50/p99 per ad-hoc SPARQL shape, throughput at 1, 8 and 32 clients (wrk when installed, else a
bounded asyncio client) and /healthz latency while two runaway queries run. Results go to
bench/results/YYYY-MM-DD.md and .json. Every server is killed at the end, also on error.
Never part of `make test`.
"""

from __future__ import annotations

import argparse
import itertools
import asyncio
import contextlib
import datetime as dt
import importlib.util
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import generate as gen  # noqa: E402

BIN = Path(sys.executable).parent
ID = gen.BASE
SPARQL_JSON = "application/sparql-results+json"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ALL_SYSTEMS = ("ilokg", "remote", "oxigraph", "rdflib")
LABELS = {
    "ilokg": "ilokg (embedded)",
    "remote": "ilokg (remote → oxigraph serve)",
    "oxigraph": "oxigraph serve-read-only",
    "rdflib": "rdflib-endpoint",
}
PREFIXES = {
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "ilokg": "https://w3id.org/ilo-china-kg/def/ilokg#",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "http://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')} +{time.monotonic() - T0:6.1f}s] {msg}", file=sys.stderr, flush=True)


T0 = time.monotonic()


# ====================================================================== settings per size

@dataclass
class Plan:
    """How much to measure at one size (bounded so that the whole run fits its time)."""

    budget: float  # seconds of sequential requests per (system, query)
    max_n: int  # most samples per (system, query)
    tp_seconds: float  # duration of each throughput level
    query_timeout: float  # ILOKG_QUERY_TIMEOUT / oxigraph --timeout-s
    request_timeout: float  # client timeout for one request
    system_cap: float  # seconds of query measurements per system before the rest is skipped
    levels: tuple[int, ...] = (1, 8, 32)


def plan_for(size: int, quick: bool) -> Plan:
    if quick:
        return Plan(0.25, 50, 1.0, 3.0, 20.0, 40.0)
    if size <= 20_000:
        return Plan(0.5, 100, 1.5, 10.0, 60.0, 90.0)
    if size <= 200_000:
        return Plan(0.8, 100, 1.5, 10.0, 60.0, 100.0)
    return Plan(1.0, 60, 2.0, 10.0, 90.0, 150.0)


# ====================================================================== processes

class Procs:
    """Every process this run starts, each in its own session so its whole group can be ended."""

    def __init__(self) -> None:
        self.items: list[subprocess.Popen[bytes]] = []

    def start(self, args: list[str], *, env: dict[str, str] | None = None, logfile: Path) -> subprocess.Popen[bytes]:
        out = logfile.open("ab")
        proc = subprocess.Popen(
            args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, **(env or {})}, start_new_session=True,
        )
        out.close()
        self.items.append(proc)
        return proc

    def stop(self, proc: subprocess.Popen[bytes], grace: float = 5.0) -> None:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(grace)
        # the group may still hold children (workers) after the leader exited
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(5)
        if proc in self.items:
            self.items.remove(proc)

    def stop_all(self) -> None:
        for proc in list(self.items):
            self.stop(proc, grace=2.0)


PROCS = Procs()


def _on_signal(signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tool(name: str) -> str | None:
    p = BIN / name
    return str(p) if p.exists() else shutil.which(name)


def tail(path: Path, n: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-n:])
    except OSError:
        return ""


def dir_bytes(path: Path) -> int:
    total = 0
    for p in path.rglob("*"):
        with contextlib.suppress(OSError):
            if p.is_file() and not p.is_symlink():
                total += p.stat().st_size
    return total


class RssSampler(threading.Thread):
    """Samples the summed RSS of process trees every `interval` seconds; keeps the peaks."""

    def __init__(self, interval: float = 0.2) -> None:
        super().__init__(daemon=True, name="rss-sampler")
        self.interval = interval
        self.roots: list[int] = []
        self.peak = 0
        self.peak_child = 0  # largest single non-root process (a query worker)
        self.last = self.last_child = 0
        self._halt = threading.Event()
        self._lock = threading.Lock()

    def watch(self, *pids: int, keep_peak: bool = False) -> None:
        with self._lock:
            self.roots = list(pids)
            if not keep_peak:
                self.peak = self.peak_child = 0

    def reset(self) -> None:
        with self._lock:
            self.peak = self.peak_child = 0

    def current(self) -> tuple[int, int]:
        """RSS now: the whole tree and its largest non-root process."""
        self.sample()
        return self.last, self.last_child

    def sample(self) -> None:
        with self._lock:
            roots = list(self.roots)
        total = 0
        child_max = 0
        for pid in roots:
            try:
                root = psutil.Process(pid)
                procs = [root, *root.children(recursive=True)]
            except psutil.Error:
                continue
            for p in procs:
                try:
                    rss = p.memory_info().rss
                except psutil.Error:
                    continue
                total += rss
                if p.pid != pid:
                    child_max = max(child_max, rss)
        with self._lock:
            self.last, self.last_child = total, child_max
            self.peak = max(self.peak, total)
            self.peak_child = max(self.peak_child, child_max)

    def run(self) -> None:
        while not self._halt.is_set():
            self.sample()
            self._halt.wait(self.interval)

    def stop(self) -> None:
        self._halt.set()


def run_timed(args: list[str], *, env: dict[str, str] | None = None, logfile: Path, timeout: float,
              sampler: RssSampler) -> dict[str, Any]:
    """Run a command to completion; wall time and peak RSS of its process tree."""
    started = time.perf_counter()
    proc = PROCS.start(args, env=env, logfile=logfile)
    sampler.watch(proc.pid)
    try:
        rc = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        PROCS.stop(proc)
        raise RuntimeError(f"{' '.join(args[:3])} took more than {timeout:.0f} s") from None
    seconds = time.perf_counter() - started
    peak = sampler.peak
    PROCS.stop(proc)
    if rc != 0:
        raise RuntimeError(f"{' '.join(args[:3])} exited {rc}:\n{tail(logfile)}")
    return {"seconds": round(seconds, 3), "peak_rss": peak}


def wait_http(url: str, proc: subprocess.Popen[bytes], logfile: Path, timeout: float, params: dict[str, str] | None = None) -> float:
    """Seconds until `url` answers 200 (the process dying or the timeout raise)."""
    started = time.perf_counter()
    with httpx.Client(timeout=5.0) as client:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"the server exited {proc.returncode}:\n{tail(logfile)}")
            try:
                r = client.get(url, params=params, headers={"Accept": SPARQL_JSON})
                if r.status_code == 200:
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"{url} did not answer within {timeout:.0f} s:\n{tail(logfile)}")
            time.sleep(0.1)


# ====================================================================== queries

def prologue(text: str) -> str:
    """PREFIX lines for the standard prefixes that the query does not declare itself."""
    declared = {m.group(1) for m in re.finditer(r"(?im)^\s*PREFIX\s+([\w-]*):", text)}
    lines = [f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items() if p not in declared]
    return "\n".join(lines) + "\n" if lines else ""


def adhoc_queries(vocab: gen.Vocab) -> dict[str, dict[str, str]]:
    """The ad-hoc SPARQL shapes, written against entities every generated size has."""
    theme = vocab.pick("themes", "skills-development")[1:-1]
    q = {
        "lookup": (
            "entity lookup (all properties of one project)",
            f"SELECT ?p ?o WHERE {{ <{ID}project/prossce-asean> ?p ?o }}",
        ),
        "filtered-list": (
            "filtered list (projects on a theme starting 2015–2020, sorted)",
            f"""SELECT ?project ?title ?start WHERE {{
  ?project a ilokg:Project ; dct:title ?title ; ilokg:startDate ?start ;
           dct:subject <{ID}{theme}> .
  FILTER(LANG(?title) = "en" && SUBSTR(STR(?start), 1, 4) >= "2015" && SUBSTR(STR(?start), 1, 4) <= "2020")
}} ORDER BY ?start ?title LIMIT 100""",
        ),
        "aggregate": (
            "aggregate (contributions summed per funder)",
            """SELECT ?funder (COUNT(?c) AS ?contributions) (SUM(?value) AS ?total) WHERE {
  ?c a ilokg:Contribution ; schema:funder ?funder ; schema:amount ?amount .
  ?amount schema:value ?value .
} GROUP BY ?funder ORDER BY DESC(?total) LIMIT 20""",
        ),
        "join-3hop": (
            "3-hop join (country ← project → implementer ← membership → person)",
            f"""SELECT DISTINCT ?person ?name ?org ?project WHERE {{
  ?project ilokg:beneficiaryCountry <{ID}country/khm> ; ilokg:implementedBy ?org .
  ?membership org:organization ?org ; org:member ?person .
  ?person foaf:name ?name .
}} ORDER BY ?name ?project LIMIT 200""",
        ),
        "text-filter": (
            "label text filter (CONTAINS over every rdfs:label)",
            """SELECT ?s ?label WHERE {
  ?s rdfs:label ?label .
  FILTER(CONTAINS(LCASE(STR(?label)), "maritime labour"))
}""",
        ),
        "optional-listing": (
            "OPTIONAL-heavy listing (projects with 6 optional facets, sorted)",
            """SELECT ?project ?title ?acronym ?start ?end ?agreement ?agreementTitle ?implementer ?implementerLabel ?description WHERE {
  ?project a ilokg:Project ; dct:title ?title .
  FILTER(LANG(?title) = "en")
  OPTIONAL { ?project skos:altLabel ?acronym }
  OPTIONAL { ?project ilokg:startDate ?start }
  OPTIONAL { ?project ilokg:endDate ?end }
  OPTIONAL { ?project ilokg:underAgreement ?agreement . ?agreement dct:title ?agreementTitle }
  OPTIONAL { ?project ilokg:implementedBy ?implementer .
             ?implementer skos:prefLabel ?implementerLabel FILTER(LANG(?implementerLabel) = "en") }
  OPTIONAL { ?project dct:description ?description }
} ORDER BY ?title LIMIT 500""",
        ),
    }
    return {k: {"title": t, "sparql": prologue(s) + s} for k, (t, s) in q.items()}


@dataclass
class Canned:
    name: str
    title: str
    api_params: dict[str, str]  # what ilokg's /api/queries/{name} gets
    sparql: str  # the same text with the values written in (for the peers and ilokg /sparql)
    api_limit: int = 100
    note: str = ""


class EntityIndex:
    """Which entity IRIs the generated graph (ontology + data) has, to resolve parameter examples."""

    KINDS_BY_CLASS = {
        "Organization": ("organization",), "Agent": ("organization", "person"),
        "FormalOrganization": ("organization",), "Location": ("country", "place"),
        "Place": ("place", "country"), "Country": ("country",), "Project": ("project",),
        "Agreement": ("agreement",), "Concept": ("initiative", "concept"), "Initiative": ("initiative",),
        "Person": ("person",), "Event": ("event",), "SourceDocument": ("source",),
    }
    ORDER = ("organization", "country", "project", "agreement", "person", "event", "initiative",
             "concept", "place", "source")

    def __init__(self, root: Path) -> None:
        self.iris: dict[str, str] = {}  # path (kind/slug) -> kind
        pattern = re.compile(r"^<([a-z]+)/([^>#\s]+)>", re.M)
        for f in sorted((root / "ontology").rglob("*.ttl")) + sorted((root / "data").rglob("*.ttl")):
            for m in pattern.finditer(f.read_text(encoding="utf-8")):
                self.iris.setdefault(f"{m.group(1)}/{m.group(2)}", m.group(1))
        self.by_slug: dict[str, list[str]] = {}
        for path in self.iris:
            self.by_slug.setdefault(path.rsplit("/", 1)[-1], []).append(path)
        self._labels: Any = None
        self.root = root

    def _label_store(self) -> Any:
        if self._labels is None:
            import pyoxigraph as ox

            self._labels = ox.Store()
            for f in sorted((self.root / "ontology").rglob("*.ttl")):
                self._labels.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE, base_iri=ID)
        return self._labels

    def resolve(self, value: str, cls: str | None) -> str | None:
        """The IRI for an example value (IRI, path, slug or a vocabulary label), or None."""
        if value.startswith(("http://", "https://")):
            return value
        if value in self.iris:
            return ID + value
        local = (cls or "").rsplit("#", 1)[-1].rsplit("/", 1)[-1]
        kinds = self.KINDS_BY_CLASS.get(local, self.ORDER)
        cands = self.by_slug.get(value.lower(), [])
        for kind in (*kinds, *self.ORDER):
            for path in cands:
                if self.iris[path] == kind:
                    return ID + path
        q = ("SELECT ?s WHERE { ?s ?p ?l FILTER(isIRI(?s) && isLiteral(?l) && LCASE(STR(?l)) = "
             + json.dumps(value.lower()) + ") } ORDER BY ?s LIMIT 1")
        for row in self._label_store().query(q):
            return str(row["s"].value)
        return None


def term_text(term: tuple[str, ...]) -> str:
    """An engine substitution term (("iri", v) or ("literal", v, datatype, lang)) as SPARQL text."""
    if term[0] == "iri":
        return f"<{term[1]}>"
    value = json.dumps(term[1], ensure_ascii=False)
    dtype = term[2] if len(term) > 2 else None
    lang = term[3] if len(term) > 3 else None
    if lang:
        return f"{value}@{lang}"
    if dtype and dtype != "http://www.w3.org/2001/XMLSchema#string":
        return f"{value}^^<{dtype}>"
    return value


_TOKEN = (
    r'(?P<comment>#[^\n]*)'
    r'|(?P<str>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')'
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r'|(?P<var>[?$](?:NAMES)(?!\w))'
    r'|(?P<kw>\b(?:SELECT|WHERE|FROM|GROUP\s+BY|ORDER\s+BY|HAVING|LIMIT|OFFSET|VALUES)\b)'
    r'|(?P<open>[({])|(?P<close>[)}])'
)


def write_in(text: str, values: dict[str, str]) -> str:
    """Write parameter values into the query text, the way Oxigraph's substitutions bind them.

    `?name` becomes the term in patterns and expressions, `(term AS ?name)` where a SELECT
    projects it, and `(term)` where GROUP BY / ORDER BY / HAVING name it.
    """
    if not values:
        return text
    names = "|".join(re.escape(n) for n in sorted(values, key=len, reverse=True))
    token = re.compile(_TOKEN.replace("NAMES", names), re.I)
    out: list[str] = []
    pos = 0
    depth = 0  # parentheses and braces together
    mode: str | None = None
    mode_depth = 0
    for m in token.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        tok = m.group(0)
        kind = m.lastgroup
        if kind == "kw":
            word = re.sub(r"\s+", " ", tok.upper())
            if word == "SELECT":
                mode, mode_depth = "projection", depth
            elif word in ("GROUP BY", "ORDER BY", "HAVING"):
                mode, mode_depth = "condition", depth
            else:
                mode = None
        elif kind == "open":
            if tok == "{" and mode == "projection" and depth == mode_depth:
                mode = None
            depth += 1
        elif kind == "close":
            depth -= 1
            if mode and depth < mode_depth:
                mode = None
        elif kind == "var":
            term = values[tok[1:]]
            if mode == "projection" and depth == mode_depth:
                tok = f"({term} AS ?{tok[1:]})"
            elif mode == "condition" and depth == mode_depth:
                tok = f"({term})"
            else:
                tok = term
        out.append(tok)
    out.append(text[pos:])
    return "".join(out)


def canned_queries(root: Path, index: EntityIndex) -> tuple[list[Canned], str]:
    """The canned catalogue of queries/, each with its required parameters (examples) and defaults.

    ilokg gets `GET /api/queries/{name}?…`; the peers get the query text as the API runs it
    (with `LIMIT limit+1 OFFSET 0`), the parameter values written in.
    """
    if not sorted((root / "queries").glob("*.rq")):
        return [], "queries/ has no .rq files yet: no canned queries were measured"
    try:
        from ilokg.apidoc import DEFAULT_LIMIT
        from ilokg.catalog import Catalog
        from ilokg.namespaces import Namespaces
    except ImportError as exc:
        return [], f"the canned-query catalogue module is not importable ({exc}): no canned queries"
    try:
        catalog = Catalog.load(root / "queries", Namespaces())
    except Exception as exc:
        return [], f"the canned-query catalogue does not load ({getattr(exc, 'message', exc)})"
    found = []
    for q in catalog:
        values: dict[str, str] = {}
        notes = []
        for p in q.params:
            if not p.required and p.default is None:
                continue  # absent: the whole list, the question asked most
            raw = p.default if p.default is not None else p.example
            if raw is None:
                notes.append(f"required {p.name} has no example")
                continue
            if p.type == "iri":
                iri = index.resolve(raw, p.cls)
                if iri is None:
                    notes.append(f"{p.name}={raw} is not in the synthetic graph")
                    continue
                if iri.rsplit("/", 1)[-1] != raw.rsplit("/", 1)[-1]:
                    notes.append(f"{p.name}={raw} → {iri[len(ID):]}")
                raw = iri
            values[p.name] = raw
        try:
            subs = q.bind(values)
        except Exception as exc:
            log(f"canned {q.name}: cannot bind {values}: {getattr(exc, 'message', exc)}; skipped")
            continue
        text = f"{q.text.rstrip()}\nLIMIT {DEFAULT_LIMIT + 1}\nOFFSET 0\n"
        text = write_in(text, {var: term_text(t) for var, t in subs.items()})
        found.append(Canned(q.name, q.title, values, prologue(text) + text, DEFAULT_LIMIT, "; ".join(notes)))
    return found, ""


# ====================================================================== measuring

def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]


def count_rows(resp: httpx.Response) -> int | None:
    try:
        data = resp.json()
    except ValueError:
        return None
    if isinstance(data, dict):
        if "results" in data and isinstance(data["results"], dict):
            return len(data["results"].get("bindings", []))
        if "rows" in data and isinstance(data["rows"], list):
            return len(data["rows"])
        if "boolean" in data:
            return 1
    return None


_BUST = itertools.count(1)


@dataclass
class Call:
    """One HTTP request: GET with query parameters, or (SPARQL) a form POST of `form`."""

    url: str
    params: dict[str, str]
    headers: dict[str, str] = field(default_factory=lambda: {"Accept": SPARQL_JSON})
    form: dict[str, str] | None = None
    cached: bool = False  # ilokg's canned API: repeats are answered from the per-build cache
    # SPARQL text made unique per request (a trailing `# n` comment), so that no system answers
    # a repeat from a result cache (ilokg keeps /sparql answers per build): evaluation is measured
    bust: bool = False

    def form_data(self) -> dict[str, str] | None:
        if self.form is None or not self.bust:
            return self.form
        return {**self.form, "query": f"{self.form['query']}\n# {next(_BUST)}"}

    def full_url(self) -> str:
        return self.url + ("?" + urllib.parse.urlencode(self.params) if self.params else "")

    def send(self, client: httpx.Client, timeout: float) -> httpx.Response:
        if self.form is not None:
            return client.post(self.url, params=self.params, data=self.form_data(), headers=self.headers, timeout=timeout)
        return client.get(self.url, params=self.params, headers=self.headers, timeout=timeout)

    def body(self) -> str:
        return urllib.parse.urlencode(self.form or {})


def _valid(r: httpx.Response) -> str | None:
    """None when the answer is a complete result; else what is wrong with it."""
    if r.status_code != 200:
        return f"HTTP {r.status_code}: {r.text[:200]}"
    if "json" in r.headers.get("content-type", ""):
        try:
            r.json()
        except ValueError:
            return f"HTTP 200 with a cut JSON body ({len(r.content)} bytes): {r.text[-120:]!r}"
    return None


def latency(client: httpx.Client, call: Call, plan: Plan, deadline: float) -> dict[str, Any]:
    """Sequential requests: the first (cold) apart, then up to max_n within the budget."""
    res: dict[str, Any] = {"n": 0}
    try:
        t = time.perf_counter()
        r = call.send(client, plan.request_timeout)
        first = time.perf_counter() - t
    except httpx.TimeoutException:
        return {"error": f"timeout > {plan.request_timeout:.0f} s", "n": 0}
    except httpx.HTTPError as exc:
        return {"error": f"{type(exc).__name__}: {exc}", "n": 0}
    res["first_ms"] = first * 1000
    res["status"] = r.status_code
    res["bytes"] = len(r.content)
    bad = _valid(r)
    if bad:
        res["error"] = bad
        return res
    res["rows"] = count_rows(r)
    samples: list[float] = []
    errors = 0
    started = time.perf_counter()
    # at least 3 samples when a request is cheap enough (or cached), else only the first
    min_n = 3 if (call.cached or first < plan.budget) else 0
    while len(samples) < plan.max_n and time.monotonic() < deadline and (
        (first < plan.budget and time.perf_counter() - started < plan.budget) or len(samples) < min_n
    ):
        t = time.perf_counter()
        try:
            r = call.send(client, plan.request_timeout)
        except httpx.HTTPError as exc:
            res["error_later"] = f"{type(exc).__name__} after {len(samples)} samples"
            errors += 1
            break
        el = time.perf_counter() - t
        if _valid(r):
            errors += 1
            res["error_later"] = _valid(r)
            if errors >= 3:
                break
            continue
        samples.append(el)
    if not samples:
        samples = [first]
    ms = [s * 1000 for s in samples]
    res.update(n=len(ms), p50_ms=pct(ms, 50), p99_ms=pct(ms, 99), min_ms=min(ms), max_ms=max(ms), errors=errors)
    return res


def wrk_throughput(call: Call, conns: int, seconds: float, timeout: float) -> dict[str, Any]:
    wrk = shutil.which("wrk")
    assert wrk
    args = [wrk, f"-t{min(2, conns)}", f"-c{conns}", f"-d{max(1, round(seconds))}s", "--latency",
            f"--timeout={int(max(2, timeout))}s"]
    for k, v in call.headers.items():
        args += ["-H", f"{k}: {v}"]
    script = None
    if call.form is not None:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write('wrk.method = "POST"\n')
            fh.write('wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n')
            fh.write(f"wrk.body = {json.dumps(call.body())}\n")
            if call.bust:  # a unique query text per request: `\n# n` appended, URL-encoded
                fh.write("local n = 0\n")
                fh.write("request = function()\n  n = n + 1\n"
                         "  return wrk.format(nil, nil, nil, wrk.body .. \"%0A%23+\" .. n)\nend\n")
            script = fh.name
        args += ["-s", script]
    args.append(call.full_url())
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=seconds + timeout + 30).stdout
    finally:
        if script:
            os.unlink(script)
    res: dict[str, Any] = {"tool": "wrk"}
    m = re.search(r"Requests/sec:\s*([\d.]+)", out)
    res["rps"] = float(m.group(1)) if m else 0.0
    m = re.search(r"(\d+) requests in", out)
    res["requests"] = int(m.group(1)) if m else 0
    m = re.search(r"Non-2xx or 3xx responses:\s*(\d+)", out)
    res["non2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors:.*?timeout (\d+)", out)
    res["timeouts"] = int(m.group(1)) if m else 0
    for p in ("50", "99"):
        m = re.search(rf"^\s*{p}%\s+([\d.]+)(us|ms|s)\b", out, re.M)
        if m:
            v = float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
            res[f"p{p}_ms"] = v
    # wrk counts non-2xx responses as requests: keep the good ones only
    if res["requests"] and res["non2xx"]:
        res["rps"] = res["rps"] * (res["requests"] - res["non2xx"]) / res["requests"]
    return res


async def _async_throughput(call: Call, conns: int, seconds: float, timeout: float) -> dict[str, Any]:
    ok = bad = 0
    lat: list[float] = []
    deadline = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=conns, max_keepalive_connections=conns)
    async with httpx.AsyncClient(limits=limits, timeout=timeout) as client:
        async def one() -> None:
            nonlocal ok, bad
            while time.perf_counter() < deadline:
                t = time.perf_counter()
                try:
                    if call.form is not None:
                        r = await client.post(call.url, params=call.params, data=call.form_data(), headers=call.headers)
                    else:
                        r = await client.get(call.url, params=call.params, headers=call.headers)
                    await r.aread()
                except httpx.HTTPError:
                    bad += 1
                    continue
                if r.status_code == 200:
                    ok += 1
                    lat.append((time.perf_counter() - t) * 1000)
                else:
                    bad += 1
        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(conns)))
        took = time.perf_counter() - started
    return {"tool": "httpx", "rps": ok / took, "requests": ok + bad, "non2xx": bad,
            "p50_ms": pct(lat, 50), "p99_ms": pct(lat, 99)}


def throughput(call: Call, conns: int, seconds: float, timeout: float) -> dict[str, Any]:
    if shutil.which("wrk"):
        return wrk_throughput(call, conns, seconds, timeout)
    return asyncio.run(_async_throughput(call, conns, seconds, timeout))


def runaway_probe(probe: Call, runaway: Call, plan: Plan) -> dict[str, Any]:
    """Two runaway queries in flight; `probe` polled every 20 ms until both have returned."""
    outcomes: list[dict[str, Any]] = []

    def fire() -> None:
        t = time.perf_counter()
        try:
            with httpx.Client(timeout=plan.query_timeout + 20) as c:
                r = runaway.send(c, plan.query_timeout + 20)
                outcomes.append({"status": r.status_code, "seconds": round(time.perf_counter() - t, 2),
                                 "body": r.text[:160]})
        except httpx.HTTPError as exc:
            outcomes.append({"status": None, "seconds": round(time.perf_counter() - t, 2), "body": type(exc).__name__})

    threads = [threading.Thread(target=fire, daemon=True) for _ in range(2)]
    for th in threads:
        th.start()
    time.sleep(0.3)
    lat: list[float] = []
    failed = 0
    began = time.perf_counter()
    hard_stop = began + plan.query_timeout + 4
    with httpx.Client(timeout=5.0) as c:
        while any(th.is_alive() for th in threads) and time.perf_counter() < hard_stop:
            t = time.perf_counter()
            try:
                r = probe.send(c, 5.0)
                if r.status_code == 200:
                    lat.append((time.perf_counter() - t) * 1000)
                else:
                    failed += 1
            except httpx.HTTPError:
                failed += 1
            time.sleep(0.02)
    for th in threads:
        th.join(0.5)
    answers = list(outcomes)
    for _ in range(2 - len(answers)):
        answers.append({"status": None, "seconds": f">{time.perf_counter() - began:.0f}",
                        "body": "no answer yet (the query was still running)"})
    res: dict[str, Any] = {"n": len(lat), "failed": failed, "runaways": answers}
    if lat:
        res.update(p50_ms=pct(lat, 50), p99_ms=pct(lat, 99), max_ms=max(lat))
    return res


# ====================================================================== systems

@dataclass
class Running:
    """One started system: its URLs, processes, RSS sampler and measuring state."""

    key: str
    sparql_url: str
    procs: list[subprocess.Popen[bytes]]
    sampler: RssSampler
    api_url: str | None = None
    health_url: str | None = None
    info: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    restart_fn: Callable[..., None] | None = None  # after a client timeout (the query may still run)
    client_timeout: float | None = None  # None: the plan's request timeout
    restarts: int = 0
    busy: str | None = None  # set when a timed-out query still occupies a server that cannot be restarted
    spent: float = 0.0  # seconds of latency measurements so far
    client: httpx.Client | None = None
    logfile: Path | None = None

    def sparql(self, text: str, bust: bool = True) -> Call:
        return Call(self.sparql_url, {}, form={"query": text}, bust=bust)

    def http(self, timeout: float) -> httpx.Client:
        if self.client is None:
            self.client = httpx.Client(timeout=timeout)
        return self.client

    def close(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        self.sampler.stop()
        for p in self.procs:
            PROCS.stop(p)


class Skip(Exception):
    pass


class Bench:
    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.results: dict[str, Any] = {"sizes": {}}
        self.tp_canned: Canned | None = None

    # ------------------------------------------------------------------ starting the systems
    def _ilokg_serve(self, key: str, root: Path, store: Path, plan: Plan, env: dict[str, str],
                     logfile: Path, sampler: RssSampler, extra: list[int]) -> Running:
        port = free_port()
        args = [tool("ilokg") or "ilokg", "serve", "--host", "127.0.0.1", "--port", str(port),
                "--root", str(root), "--store", str(store), "--query-timeout", str(plan.query_timeout)]
        env = {"ILOKG_LOG_LEVEL": "warning", **env}
        t = time.perf_counter()
        proc = PROCS.start(args, env=env, logfile=logfile)
        sampler.watch(proc.pid, *extra)
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/healthz", proc, logfile, timeout=180)
        ready = time.perf_counter() - t
        time.sleep(0.3)
        rss, worker = sampler.current()
        return Running(key, base + "/sparql", [proc], sampler, api_url=base + "/api/queries",
                       health_url=base + "/healthz", logfile=logfile,
                       info={"ready_s": round(ready, 2), "ready_rss": rss, "ready_worker_rss": worker})

    def start_ilokg(self, root: Path, files: list[Path], plan: Plan, tag: str, sampler: RssSampler) -> Running:
        store = self.work / f"ilokg-{tag}" / "store"
        shutil.rmtree(store.parent, ignore_errors=True)
        logfile = self.work / f"ilokg-{tag}.log"
        b = run_timed([tool("ilokg") or "ilokg", "build", "--root", str(root), "--store", str(store), "--no-validate",
                      "--dumps", "lazy", "-q"],
                      logfile=logfile, timeout=1200, sampler=sampler)
        manifest = json.loads((store.resolve() / "manifest.json").read_text())
        r = self._ilokg_serve("ilokg", root, store, plan, {}, logfile, sampler, [])
        r.info.update(load_s=b["seconds"], load_peak_rss=b["peak_rss"], triples=manifest.get("triples"),
                      store_bytes=dir_bytes(store.resolve() / "oxigraph"),
                      dumps_bytes=dir_bytes(store.resolve() / "dumps"),
                      load_how="ilokg build --no-validate --dumps lazy: store + N-Quads dump")
        return r

    def start_remote(self, root: Path, files: list[Path], plan: Plan, tag: str, sampler: RssSampler) -> Running:
        if importlib.util.find_spec("ilokg.engine.remote") is None:
            raise Skip("service/ilokg/engine/remote.py does not exist yet")
        ox = tool("oxigraph")
        if not ox:
            raise Skip("the `oxigraph` CLI is not installed (pip install oxigraph)")
        loc = self.work / f"remote-{tag}"
        shutil.rmtree(loc, ignore_errors=True)
        logfile = self.work / f"remote-{tag}.log"
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {
            "ILOKG_BACKEND": "sparql",
            "ILOKG_SPARQL_QUERY_URL": base + "/query",
            "ILOKG_SPARQL_UPDATE_URL": base + "/update",
            "ILOKG_SPARQL_STORE_URL": base + "/store",
        }
        serve = [ox, "serve", "--location", str(loc), "--bind", f"127.0.0.1:{port}",
                 "--timeout-s", str(int(plan.query_timeout))]
        oxp = PROCS.start(serve, logfile=logfile)
        wait_http(base + "/query", oxp, logfile, 60, params={"query": "ASK {}"})
        t = time.perf_counter()
        bl = PROCS.start([tool("ilokg") or "ilokg", "build", "--backend", "sparql", "--root", str(root), "--no-validate", "-q"],
                         env=env, logfile=logfile)
        sampler.watch(bl.pid, oxp.pid)
        try:
            rc = bl.wait(1200)
        except subprocess.TimeoutExpired:
            rc = -1
        load_s = time.perf_counter() - t
        peak = sampler.peak
        PROCS.stop(bl)
        if rc != 0:
            PROCS.stop(oxp)
            raise RuntimeError(f"`ilokg build --backend sparql --no-validate` exited {rc}: {tail(logfile, 6)}")
        r = self._ilokg_serve("remote", root, self.work / f"remote-{tag}-nostore" / "store", plan, env, logfile,
                              sampler, [oxp.pid])
        r.procs.append(oxp)
        r.info.update(load_s=round(load_s, 3), load_peak_rss=peak, store_bytes=dir_bytes(loc),
                      load_how="ilokg build --backend sparql --no-validate")
        return r

    def start_oxigraph(self, root: Path, files: list[Path], plan: Plan, tag: str, sampler: RssSampler) -> Running:
        ox = tool("oxigraph")
        if not ox:
            raise Skip("the `oxigraph` CLI is not installed (pip install oxigraph)")
        loc = self.work / f"oxigraph-{tag}"
        shutil.rmtree(loc, ignore_errors=True)
        logfile = self.work / f"oxigraph-{tag}.log"
        b = run_timed([ox, "load", "--location", str(loc), "--file", *map(str, files)], logfile=logfile,
                      timeout=1200, sampler=sampler)
        o = run_timed([ox, "optimize", "--location", str(loc)], logfile=logfile, timeout=1200, sampler=sampler)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        args = [ox, "serve-read-only", "--location", str(loc), "--bind", f"127.0.0.1:{port}",
                "--timeout-s", str(int(plan.query_timeout))]
        t = time.perf_counter()
        proc = PROCS.start(args, logfile=logfile)
        sampler.watch(proc.pid)
        wait_http(base + "/query", proc, logfile, 120, params={"query": "ASK {}"})
        r = Running("oxigraph", base + "/query", [proc], sampler, info={
            "ready_rss": sampler.current()[0], "load_s": b["seconds"], "load_peak_rss": b["peak_rss"], "ready_s": round(time.perf_counter() - t, 2),
            "store_bytes": dir_bytes(loc), "optimize_s": o["seconds"],
            "load_how": f"oxigraph load of {len(files)} files; then optimize ({o['seconds']} s, not counted)"},
            client_timeout=plan.query_timeout + 5, logfile=logfile)

        def restart(counted: bool = True) -> None:
            # oxigraph's --timeout-s does not stop every query (an aggregate runs on): start afresh
            PROCS.stop(r.procs[0])
            r.procs[0] = PROCS.start(args, logfile=logfile)
            sampler.watch(r.procs[0].pid, keep_peak=True)
            wait_http(base + "/query", r.procs[0], logfile, 120, params={"query": "ASK {}"})
            r.restarts += counted

        r.restart_fn = restart
        return r

    def start_rdflib(self, root: Path, files: list[Path], plan: Plan, tag: str, sampler: RssSampler) -> Running:
        exe = tool("rdflib-endpoint")
        if not exe:
            raise Skip("rdflib-endpoint is not installed (pip install rdflib-endpoint)")
        logfile = self.work / f"rdflib-{tag}.log"
        port = free_port()
        base = f"http://127.0.0.1:{port}/"
        t = time.perf_counter()
        proc = PROCS.start([exe, "serve", "--host", "127.0.0.1", "--port", str(port), *map(str, files)], logfile=logfile)
        sampler.watch(proc.pid)
        wait_http(base, proc, logfile, 900, params={"query": "ASK {}"})
        load = time.perf_counter() - t
        return Running("rdflib", base, [proc], sampler, info={
            "ready_rss": sampler.current()[0], "load_s": round(load, 3), "load_peak_rss": sampler.peak, "ready_s": 0.0,
            "load_how": "rdflib-endpoint serve: parse + start, until the first answer"}, logfile=logfile)

    # ------------------------------------------------------------------ one size
    def run_size(self, size: int, quick: bool) -> None:
        tag = _label(size)
        plan = plan_for(size, quick)
        res: dict[str, Any] = {"plan": plan.__dict__, "systems": {}, "notes": []}
        self.results["sizes"][tag] = res
        root = self.work / f"kg-{tag}"
        log(f"== {tag}: generating")
        res["generated"] = gen.generate(root, size, seed=self.args.seed, per_file=self.args.per_file)
        g = res["generated"]
        log(f"   {g['triples']} triples in {g['data_files']} data files ({g['seconds']} s)")
        files = sorted((root / "ontology").rglob("*.ttl")) + sorted((root / "data").rglob("*.ttl"))
        res["input_bytes"] = sum(f.stat().st_size for f in files)
        res["inmemory"] = inmemory_size(files)
        log(f"   pyoxigraph in-memory store: {mb(res['inmemory']['rss_delta'])} MB, loads in {res['inmemory']['seconds']} s")
        if size <= 20_000 and not self.args.no_validate_check:
            res["validation"] = validate_root(root, self.work / f"validate-{tag}.log")
            log(f"   SHACL on {tag}: {res['validation']}")
        adhoc = adhoc_queries(gen.Vocab.load(root / "ontology"))
        canned, why = canned_queries(root, EntityIndex(root))
        res["canned_list"] = [c.__dict__ for c in canned]
        if why:
            res["notes"].append(why)
        log(f"   canned queries: {[c.name for c in canned] or why}")
        systems = []
        for k in self.args.systems:
            limit = {"rdflib": self.args.rdflib_max, "remote": self.args.remote_max}.get(k)
            if limit is not None and size > limit:
                res["systems"][k] = {"skipped": f"not run above {_label(limit)} by default (--{k}-max)"}
                continue
            systems.append(k)
        running: dict[str, Running] = {}
        try:
            # 1. build/load and start every system (each measured alone: the others only idle)
            for key in systems:
                out: dict[str, Any] = {"adhoc": {}, "canned": {}, "throughput": {}}
                res["systems"][key] = out
                if self.budget_left() <= 0:
                    out["skipped"] = "the run's time budget (--max-minutes) was used up"
                    continue
                log(f"-- {tag} {LABELS[key]}: building/loading and starting")
                sampler = RssSampler()
                sampler.start()
                try:
                    r = getattr(self, f"start_{key}")(root, files, plan, tag, sampler)
                except Skip as exc:
                    sampler.stop()
                    out["skipped"] = str(exc)
                    log(f"   skipped: {exc}")
                    continue
                except Exception as exc:  # one system failing must not lose the others
                    sampler.stop()
                    out["error"] = f"{type(exc).__name__}: {exc}"
                    log(f"   FAILED: {out['error'][:600]}")
                    continue
                out.update(r.info)
                running[key] = r
                r.sampler.reset()
                log(f"   loaded in {out.get('load_s')} s (peak {mb(out.get('load_peak_rss'))} MB), ready in {out.get('ready_s')} s")
            self.save()
            # 2. latency, interleaved: each query on every system in turn (background load drifts)
            for name, q in adhoc.items():
                for key, r in running.items():
                    res["systems"][key]["adhoc"][name] = self.one(r, r.sparql(q["sparql"]), plan)
                    if key == "ilokg":  # the same text repeated: answered from the per-build cache
                        res["systems"][key].setdefault("adhoc_repeat", {})[name] = self.one(
                            r, r.sparql(q["sparql"], bust=False), plan)
            for key in running:
                log(f"   ad-hoc {key}: " + ", ".join(f"{k} {_fmt_ms(v.get('p50_ms'))}" for k, v in res["systems"][key]["adhoc"].items()))
            for c in canned:
                for key, r in running.items():
                    if key == "rdflib" and size > self.args.rdflib_canned_max:
                        res["systems"][key]["canned"][c.name] = {"sparql": {"skipped": "canned queries on rdflib-endpoint only up to --rdflib-canned-max"}}
                        continue
                    entry: dict[str, Any] = {}
                    if r.api_url:
                        entry["api"] = self.one(r, Call(f"{r.api_url}/{c.name}", c.api_params, {"Accept": "application/json"}, cached=True), plan)
                    entry["sparql"] = self.one(r, r.sparql(c.sparql), plan)
                    res["systems"][key]["canned"][c.name] = entry
            for key in running:
                if canned:
                    log(f"   canned {key}: " + ", ".join(
                        f"{k} {_fmt_ms((v.get('api') or v.get('sparql') or {}).get('p50_ms'))}" for k, v in res["systems"][key]["canned"].items()))
            self.tp_canned = pick_tp_canned(canned, res)
            res["throughput_canned"] = self.tp_canned.name if self.tp_canned else None
            self.save()
            # 3. throughput, one system at a time; 4. runaway queries, then the system is stopped
            for key, r in list(running.items()):
                out = res["systems"][key]
                self.throughput(r, plan, adhoc, canned, out)
                if key in ("ilokg", "remote", "oxigraph") and not self.args.no_runaway:
                    self.runaway(r, plan, out)
                out["serve_peak_rss"] = r.sampler.peak
                out["serve_peak_worker_rss"] = r.sampler.peak_child
                if r.restarts:
                    r.notes.append(f"restarted {r.restarts}× after a client timeout (its --timeout-s did not end the query)")
                if r.busy:
                    out["busy"] = r.busy
                out["notes"] = r.notes
                r.close()
                del running[key]
                self.save()
        finally:
            for r in running.values():
                r.close()
        check_answers(res)
        self.save()

    def budget_left(self) -> float:
        return self.args.max_minutes * 60 - (time.monotonic() - T0)

    def one(self, r: Running, call: Call, plan: Plan) -> dict[str, Any]:
        """Latency of one call on one system, with its time cap, restart and busy rules."""
        if r.busy:
            return {"skipped": r.busy}
        if r.spent > plan.system_cap:
            return {"skipped": f"time cap of {plan.system_cap:.0f} s of queries for this system"}
        req_plan = plan if r.client_timeout is None else Plan(**{**plan.__dict__, "request_timeout": r.client_timeout})
        t = time.monotonic()
        e = latency(r.http(req_plan.request_timeout), call, req_plan, t + max(5.0, plan.system_cap - r.spent))
        r.spent += time.monotonic() - t
        if str(e.get("error", "")).startswith("timeout >"):
            if r.restart_fn is not None:
                if r.client is not None:
                    r.client.close()
                    r.client = None
                r.restart_fn()
                e["error"] += " (server restarted)"
            else:
                r.busy = (f"not measured: the server was still busy with a query abandoned after "
                          f"{req_plan.request_timeout:.0f} s")
        return e

    def throughput(self, r: Running, plan: Plan, adhoc: dict[str, dict[str, str]], canned: list[Canned], out: dict[str, Any]) -> None:
        """Requests/s at 1, 8 and 32 clients on one canned query and two ad-hoc ones."""
        workloads: list[tuple[str, Call]] = []
        tp = self.tp_canned
        if tp is not None:
            call = (Call(f"{r.api_url}/{tp.name}", tp.api_params, {"Accept": "application/json"}, cached=True)
                    if r.api_url else r.sparql(tp.sparql))
            workloads.append((f"canned:{tp.name}", call))
        workloads.append(("adhoc:lookup", r.sparql(adhoc["lookup"]["sparql"])))
        workloads.append(("adhoc:aggregate", r.sparql(adhoc["aggregate"]["sparql"])))
        for wname, call in workloads:
            kind, _, qname = wname.partition(":")
            seen = out.get(kind, {}).get(qname, {})
            seen = (seen.get("api") or seen.get("sparql")) if kind == "canned" else seen
            p50 = (seen or {}).get("p50_ms")
            if r.busy or not seen or seen.get("error") or "skipped" in seen:
                out["throughput"][wname] = {"skipped": "the query did not answer in the latency test"}
                continue
            if p50 and p50 > 600:
                out["throughput"][wname] = {"skipped": f"one request takes {p50 / 1000:.1f} s: 32 clients would queue for minutes"}
                continue
            levels = {}
            for conns in plan.levels:
                levels[str(conns)] = throughput(call, conns, plan.tp_seconds, plan.request_timeout)
                time.sleep(0.2)
                if any(p.poll() is not None for p in r.procs):
                    levels[str(conns)]["crashed"] = True
                    why = crash_reason(r.logfile)
                    out.setdefault("crashes", []).append(f"{wname} at {conns} clients: {why}")
                    log(f"   {r.key} CRASHED during {wname} at {conns} clients: {why}")
                    if r.restart_fn is None:
                        break
                    r.restart_fn(counted=False)
            out["throughput"][wname] = levels
            if r.restart_fn is not None:
                r.restart_fn(counted=False)  # queries wrk left behind must not slow the next workload
            elif r.health_url:
                # ilokg keeps evaluating queued queries whose clients are gone: wait for the pool
                drained = wait_recovered(r.health_url, 120)
                out.setdefault("drain_s", {})[wname] = drained
        log(f"   throughput {r.key}: " + "; ".join(
            f"{w} " + "/".join(f"{v.get('rps', 0):.0f}" for v in lv.values())
            for w, lv in out["throughput"].items() if isinstance(lv, dict) and "skipped" not in lv))

    def runaway(self, r: Running, plan: Plan, out: dict[str, Any]) -> None:
        """/healthz (or, without one, a trivial ASK) while two runaway queries run."""
        probe = Call(r.health_url, {}, {"Accept": "application/json"}) if r.health_url else r.sparql("ASK {}")
        rw = runaway_probe(probe, r.sparql(RUNAWAY), plan)
        rw["probe"] = "GET /healthz" if r.health_url else "ASK {} (no /healthz)"
        if r.health_url:
            rw["recovered_s"] = wait_recovered(r.health_url)
        out["runaway"] = rw
        log(f"   runaway {r.key}: probe p50 {_fmt_ms(rw.get('p50_ms'))} p99 {_fmt_ms(rw.get('p99_ms'))} "
            f"(n={rw['n']}, failed {rw['failed']}); runaways: {[(o['status'], o['seconds']) for o in rw['runaways']]}")

    def save(self) -> None:
        self.results["finished_at"] = dt.datetime.now().isoformat(timespec="seconds")
        self.results["elapsed_s"] = round(time.monotonic() - T0, 1)
        self.results["load_after"] = [round(x, 2) for x in os.getloadavg()]
        out = Path(self.args.out)
        out.mkdir(parents=True, exist_ok=True)
        stem = self.args.name or dt.date.today().isoformat()
        (out / f"{stem}.json").write_text(json.dumps(self.results, indent=2, default=str), encoding="utf-8")
        (out / f"{stem}.md").write_text(render(self.results), encoding="utf-8")


def pick_tp_canned(canned: list[Canned], res: dict[str, Any]) -> Canned | None:
    """The canned query for the throughput test: the one oxigraph answers fastest.

    That is the hardest case for the "≥ 2× oxigraph" target (ilokg answers every canned query
    from its per-build cache after the first call; the slower the query is on the peer, the
    larger ilokg's lead).
    """
    best: tuple[float, Canned] | None = None
    for c in canned:
        times = []
        for key in ("oxigraph", "ilokg"):
            e = (res["systems"].get(key) or {}).get("canned", {}).get(c.name, {}).get("sparql")
            if e and not e.get("error") and "skipped" not in e and e.get("p50_ms"):
                times.append(e["p50_ms"])
        if times and (best is None or times[0] < best[0]):
            best = (times[0], c)
    return best[1] if best else None


def crash_reason(logfile: Path | None) -> str:
    """The telling lines of a crashed server's log (distinct, last first)."""
    if logfile is None:
        return "the server process exited"
    lines = [ln.strip() for ln in tail(logfile, 400).splitlines() if ln.strip()]
    keep = [ln for ln in lines if re.search(r"panicked|Cannot allocate|temporarily unavailable|Error|error", ln)]
    seen = list(dict.fromkeys(keep))[-3:]
    n = sum(1 for ln in lines if "temporarily unavailable" in ln)
    extra = f" ({n}× 'Resource temporarily unavailable' in the last 400 log lines)" if n else ""
    return ("; ".join(seen) or "the server process exited") [:400] + extra


def wait_recovered(health_url: str, limit: float = 20.0) -> float | None:
    """Seconds until every query worker is back and idle after the runaways (None: not within limit)."""
    t = time.perf_counter()
    with httpx.Client(timeout=5) as c:
        while time.perf_counter() - t < limit:
            with contextlib.suppress(httpx.HTTPError, ValueError):
                eng = c.get(health_url).json().get("engine") or {}
                if "idle" not in eng or (eng.get("workers", 0) > 0 and eng.get("idle") == eng.get("workers")
                                         and not eng.get("waiting")):
                    return round(time.perf_counter() - t, 2)
            time.sleep(0.2)
    return None


def inmemory_size(files: list[Path]) -> dict[str, Any]:
    """RSS growth of a fresh Python process that loads the files into an in-memory pyoxigraph store."""
    code = r"""
import sys, time, json, psutil, pyoxigraph as ox
p = psutil.Process()
before = p.memory_info().rss
t = time.perf_counter()
s = ox.Store()
for f in sys.argv[1:]:
    s.bulk_load(path=f, format=ox.RdfFormat.TURTLE, base_iri="https://w3id.org/ilo-china-kg/id/")
n = len(s)
print(json.dumps({"rss_delta": p.memory_info().rss - before, "seconds": round(time.perf_counter() - t, 2), "quads": n}))
"""
    out = subprocess.run([sys.executable, "-c", code, *map(str, files)], capture_output=True, text=True, timeout=600)
    try:
        return json.loads(out.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return {"error": out.stderr[-300:], "rss_delta": 0, "seconds": None}


def validate_root(root: Path, logfile: Path) -> dict[str, Any]:
    t = time.perf_counter()
    with logfile.open("wb") as fh:
        rc = subprocess.run([tool("ilokg") or "ilokg", "validate", "--root", str(root), "--format", "json"],
                            stdout=fh, stderr=subprocess.STDOUT, timeout=900).returncode
    res: dict[str, Any] = {"exit": rc, "conforms": rc == 0, "seconds": round(time.perf_counter() - t, 1)}
    try:
        text = logfile.read_text()
        data = json.loads(text[text.index("{"):])
        for k in ("violations", "warnings", "conforms"):
            if k in data:
                res[k] = data[k]
        if rc != 0:
            res["first_results"] = [
                {k: r.get(k) for k in ("focus", "path", "message", "focusNode", "resultPath", "resultMessage") if r.get(k)}
                for r in (data.get("results") or [])[:5] if isinstance(r, dict)
            ]
    except (ValueError, OSError):
        res["tail"] = tail(logfile, 8)
    return res


def check_answers(res: dict[str, Any]) -> None:
    """Same question, same number of rows on every system (a sanity check of the comparison)."""
    mismatches = []
    systems = res["systems"]
    for part in ("adhoc", "canned"):
        names = set()
        for s in systems.values():
            names |= set(s.get(part, {}))
        for name in sorted(names):
            rows = {}
            for key, s in systems.items():
                e = s.get(part, {}).get(name)
                if not e:
                    continue
                e = e.get("sparql", e) if part == "canned" else e
                if e.get("rows") is not None:
                    rows[key] = e["rows"]
            if len(set(rows.values())) > 1:
                mismatches.append(f"{part} {name}: rows {rows}")
    res["answer_mismatches"] = mismatches


# ====================================================================== report

def mb(n: Any) -> str:
    return "–" if not n else f"{n / 1e6:,.0f}"


def _fmt_ms(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "–"
    if v >= 1000:
        return f"{v / 1000:.2f} s"
    if v >= 100:
        return f"{v:.0f} ms"
    if v >= 10:
        return f"{v:.1f} ms"
    return f"{v:.2f} ms"


def _label(size: int) -> str:
    return f"{size // 1_000_000}M" if size >= 1_000_000 and size % 1_000_000 == 0 else f"{size // 1000}k"


def _ratio(a: Any, b: Any) -> str:
    if not a or not b or (isinstance(a, float) and math.isnan(a)) or (isinstance(b, float) and math.isnan(b)):
        return "–"
    r = a / b
    return f"{r:.2f}×" if r < 10 else f"{r:.0f}×"


def _cell(e: dict[str, Any] | None) -> str:
    if not e:
        return "–"
    if "skipped" in e:
        return "skipped"
    if e.get("error"):
        return _short_error(e["error"])
    s = _fmt_ms(e.get("p50_ms"))
    if e.get("n", 0) > 1:
        s += f" ({_fmt_ms(e.get('min_ms'))}–{_fmt_ms(e.get('max_ms'))})"
    return s


def _rps(e: dict[str, Any] | None) -> float | None:
    """Requests/s of a throughput cell, None when the server crashed during it (no ratio)."""
    if not e or e.get("crashed"):
        return None
    return e.get("rps")


def _short_error(err: str) -> str:
    if err.startswith("timeout >"):
        return err.split(" (")[0]
    if "query_timeout" in err:
        return "503 timeout"
    if "cut JSON body" in err:
        return "200, cut body"
    m = re.match(r"HTTP (\d+)", err)
    return f"error {m.group(1)}" if m else "error"


def _p(e: dict[str, Any] | None, key: str = "p50_ms") -> float | None:
    if not e or e.get("error") or "skipped" in e:
        return None
    return e.get(key)


def render(results: dict[str, Any]) -> str:
    env = results.get("environment", {})
    lines = [f"# ilokg benchmark against its peers — {results.get('date', '')}", ""]
    lines += [
        f"Command: `{env.get('command', 'python bench/run.py')}`. Machine: {env.get('cpus')} CPUs, "
        f"{env.get('mem_gb')} GB RAM, Python {env.get('python')}, pyoxigraph {env.get('pyoxigraph')}, "
        f"oxigraph CLI {env.get('oxigraph_cli')}, rdflib-endpoint {env.get('rdflib_endpoint')}, "
        f"throughput client: {env.get('throughput_client')}.",
        f"Load average (1/5/15 min) before: {env.get('load_before')}; after: "
        f"{[round(x, 2) for x in results.get('load_after', [])]} (`uptime` at the start: `{env.get('uptime')}`). "
        f"Elapsed: {results.get('elapsed_s')} s.",
        "",
        "Latency cells: p50 (min–max) over n sequential requests after one cold request; ratios are "
        "p50 ilokg ÷ p50 peer (below 1× ilokg is faster). Throughput: successful requests/s; ratios "
        "are ilokg ÷ peer (above 1× ilokg is faster). All systems serve the same generated files; "
        "loading, throughput and runaway tests run one system at a time, the latency tests are "
        "interleaved (each query on every system in turn). wrk shares the CPUs with the server.",
        "",
    ]
    for tag, res in results.get("sizes", {}).items():
        g = res.get("generated", {})
        systems = res.get("systems", {})
        lines += [f"## {tag}: {g.get('triples', '?'):,} triples", ""]
        lines.append(
            f"{g.get('data_files')} data files + ontology ({mb(res.get('input_bytes'))} MB Turtle); "
            f"{', '.join(f'{v:,} {k}' for k, v in (g.get('entities') or {}).items())}. "
            f"pyoxigraph in-memory store: {mb(res.get('inmemory', {}).get('rss_delta'))} MB."
        )
        if "validation" in res:
            v = res["validation"]
            lines.append(
                f"SHACL (`ilokg validate --root`): {'conforms' if v.get('conforms') else 'DOES NOT CONFORM'}"
                f" ({v.get('violations', '?')} violations, {v.get('warnings', '?')} warnings, {v.get('seconds')} s)."
            )
        lines.append("")
        # --- load
        lines += ["| system | build / load | peak RSS while loading | start until ready | store on disk | RSS ready (largest worker) | peak RSS serving (largest worker) |",
                  "|---|---|---|---|---|---|---|"]
        for key in ALL_SYSTEMS:
            s = systems.get(key)
            if s is None:
                continue
            if "skipped" in s or "error" in s and "load_s" not in s:
                lines.append(f"| {LABELS[key]} | {s.get('skipped') or s.get('error')} | | | | | |")
                continue
            worker = f" ({mb(s.get('serve_peak_worker_rss'))})" if s.get("serve_peak_worker_rss") else ""
            rworker = f" ({mb(s.get('ready_worker_rss'))})" if s.get("ready_worker_rss") else ""
            lines.append(
                f"| {LABELS[key]} | {s.get('load_s')} s ({s.get('load_how', '')}) | {mb(s.get('load_peak_rss'))} MB | "
                f"{s.get('ready_s')} s | {mb(s.get('store_bytes'))} MB | {mb(s.get('ready_rss'))} MB{rworker} | "
                f"{mb(s.get('serve_peak_rss'))} MB{worker} |"
            )
        il, ox = systems.get("ilokg", {}), systems.get("oxigraph", {})
        if il.get("load_s") and ox.get("load_s"):
            lines.append("")
            lines.append(f"Build ratio ilokg build ÷ oxigraph load: **{_ratio(il['load_s'], ox['load_s'])}**.")
        lines.append("")
        # --- ad-hoc
        lines += ["### Ad-hoc SPARQL (form POST to each system's SPARQL endpoint)", "",
                  "Every request's query text is made unique (a trailing `# n` comment), so every system "
                  "evaluates every request. `ilokg repeat` sends the same text again and again: ilokg "
                  "answers it from its per-build result cache (never stale: the data only changes with "
                  "a build); it is not used in the ratios.", "",
                  "| query | rows | ilokg | ilokg repeat | remote | oxigraph | rdflib-endpoint | ilokg p99 | oxigraph p99 | ilokg/oxigraph | ilokg/rdflib |",
                  "|---|---|---|---|---|---|---|---|---|---|---|"]
        names = list((systems.get("ilokg") or systems.get("oxigraph") or {}).get("adhoc", {}).keys())
        for name in names:
            cells = {k: (systems.get(k) or {}).get("adhoc", {}).get(name) for k in ALL_SYSTEMS}
            rows = next((c.get("rows") for c in cells.values() if c and c.get("rows") is not None), "–")
            lines.append(
                f"| {name} | {rows} | {_cell(cells['ilokg'])} | "
                f"{_cell((systems.get('ilokg') or {}).get('adhoc_repeat', {}).get(name))} | "
                f"{_cell(cells['remote'])} | {_cell(cells['oxigraph'])} | "
                f"{_cell(cells['rdflib'])} | {_fmt_ms(_p(cells['ilokg'], 'p99_ms'))} | {_fmt_ms(_p(cells['oxigraph'], 'p99_ms'))} | "
                f"{_ratio(_p(cells['ilokg']), _p(cells['oxigraph']))} | {_ratio(_p(cells['ilokg']), _p(cells['rdflib']))} |"
            )
        lines.append("")
        # --- canned
        canned_names = [c["name"] for c in res.get("canned_list", [])]
        lines += ["### Canned queries", ""]
        if not canned_names:
            lines += [n for n in res.get("notes", []) if "canned" in n] or ["(none)"]
            lines.append("")
        else:
            lines += [
                "ilokg API = `GET /api/queries/{name}` (JSON, cached per build; first = cold). The other "
                "columns send the same SPARQL text with the parameter values written in.", "",
                "| query | rows | ilokg API first | ilokg API | ilokg /sparql | remote API | oxigraph | rdflib-endpoint | API p99 | oxigraph p99 | API/oxigraph | /sparql/oxigraph | API/rdflib |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
            for name in canned_names:
                c = {k: (systems.get(k) or {}).get("canned", {}).get(name) or {} for k in ALL_SYSTEMS}
                api = c["ilokg"].get("api")
                rows = next((e.get("rows") for e in (c["oxigraph"].get("sparql"), c["ilokg"].get("sparql"), api) if e and e.get("rows") is not None), "–")
                lines.append(
                    f"| {name} | {rows} | {_fmt_ms((api or {}).get('first_ms'))} | {_cell(api)} | {_cell(c['ilokg'].get('sparql'))} | "
                    f"{_cell(c['remote'].get('api'))} | {_cell(c['oxigraph'].get('sparql'))} | {_cell(c['rdflib'].get('sparql'))} | "
                    f"{_fmt_ms(_p(api, 'p99_ms'))} | {_fmt_ms(_p(c['oxigraph'].get('sparql'), 'p99_ms'))} | "
                    f"{_ratio(_p(api), _p(c['oxigraph'].get('sparql')))} | {_ratio(_p(c['ilokg'].get('sparql')), _p(c['oxigraph'].get('sparql')))} | "
                    f"{_ratio(_p(api), _p(c['rdflib'].get('sparql')))} |"
                )
            lines.append("")
        # --- throughput
        lines += ["### Throughput (requests/s at 1 / 8 / 32 concurrent clients)", "",
                  "| workload | clients | ilokg | remote | oxigraph | rdflib-endpoint | ilokg p99 | ilokg/oxigraph | ilokg/rdflib |",
                  "|---|---|---|---|---|---|---|---|---|"]
        wl: list[str] = []
        for s in systems.values():
            for w in s.get("throughput", {}):
                if w not in wl:
                    wl.append(w)
        for w in wl:
            for conns in ("1", "8", "32"):
                cell = {}
                for k in ALL_SYSTEMS:
                    e = (systems.get(k) or {}).get("throughput", {}).get(w)
                    cell[k] = e.get(conns) if isinstance(e, dict) and "skipped" not in e else None
                def rps(e: dict[str, Any] | None) -> str:
                    if not e:
                        return "–"
                    bad = f" ({e['non2xx']} non-2xx)" if e.get("non2xx") else ""
                    if e.get("crashed"):
                        bad += " CRASHED"
                    return f"{e['rps']:,.0f}{bad}"
                lines.append(
                    f"| {w} | {conns} | {rps(cell['ilokg'])} | {rps(cell['remote'])} | {rps(cell['oxigraph'])} | {rps(cell['rdflib'])} | "
                    f"{_fmt_ms((cell['ilokg'] or {}).get('p99_ms'))} | {_ratio(_rps(cell['ilokg']), _rps(cell['oxigraph']))} | "
                    f"{_ratio(_rps(cell['ilokg']), _rps(cell['rdflib']))} |"
                )
        lines.append("")
        # --- runaway
        lines += ["### Liveness while two runaway queries run", "",
                  f"Runaway query: `{RUNAWAY}`; query timeout {res.get('plan', {}).get('query_timeout')} s on ilokg and oxigraph (`--timeout-s`).", "",
                  "| system | probe | n | p50 | p99 | max | failed | runaway answers (status, seconds) |",
                  "|---|---|---|---|---|---|---|---|"]
        for key in ALL_SYSTEMS:
            rw = (systems.get(key) or {}).get("runaway")
            if not rw:
                continue
            answers = ", ".join(f"{o['status']} after {o['seconds']} s" for o in rw.get("runaways", []))
            lines.append(f"| {LABELS[key]} | {rw.get('probe')} | {rw['n']} | {_fmt_ms(rw.get('p50_ms'))} | {_fmt_ms(rw.get('p99_ms'))} | "
                         f"{_fmt_ms(rw.get('max_ms'))} | {rw['failed']} | {answers} |")
        lines.append("")
        for key in ALL_SYSTEMS:
            rw = (systems.get(key) or {}).get("runaway")
            for o in (rw or {}).get("runaways", [])[:1]:
                lines.append(f"- {LABELS[key]} runaway answer body: `{o.get('body', '')[:140].strip()}`")
        lines.append("")
        notes = list(res.get("notes", []))
        for key, s in systems.items():
            notes += [f"{LABELS[key]}: {n}" for n in s.get("notes", [])]
            if s.get("error"):
                notes.append(f"{LABELS[key]}: FAILED — {s['error'][:400]}")
        for c in res.get("canned_list", []):
            if c.get("note"):
                notes.append(f"canned {c['name']}: parameter values replaced by synthetic entities: {c['note']}")
        for key, s in systems.items():
            for c in s.get("crashes", []):
                notes.append(f"{LABELS[key]} crashed (the process exited) during the throughput test {c}; it was restarted for the next level")
            for w, secs in (s.get("drain_s") or {}).items():
                if secs is None or secs > 1:
                    notes.append(f"{LABELS[key]}: after the {w} throughput test its workers were still busy with queued "
                                 f"queries whose clients had gone, for {'over 120' if secs is None else secs} s")
        errs: dict[str, set[str]] = {}
        for key, s in systems.items():
            for part in ("adhoc", "canned"):
                for name, e in s.get(part, {}).items():
                    for sub in ([e] if part == "adhoc" else list(e.values())):
                        if isinstance(sub, dict) and sub.get("error") and not sub["error"].startswith("timeout >"):
                            errs.setdefault(f"{LABELS[key]}: {sub['error'][:170]}", set()).add(name)
        for msg, names in errs.items():
            notes.append(f"{msg} — on {', '.join(sorted(names))}")
        if res.get("answer_mismatches"):
            notes += [f"row counts differ: {m}" for m in res["answer_mismatches"]]
        if notes:
            lines += ["Notes:", ""] + [f"- {n}" for n in notes] + [""]
    lines += targets(results)
    return "\n".join(lines) + "\n"


def targets(results: dict[str, Any]) -> list[str]:
    """Where each target of issues 5 and 9 stands, from the largest sizes measured."""
    out = ["## Targets", "", "| target | measured | status |", "|---|---|---|"]
    sizes = results.get("sizes", {})

    def status(ok: bool | None) -> str:
        return "–" if ok is None else ("met" if ok else "**not met**")

    # canned throughput >= 2x oxigraph
    vals = []
    for tag, res in sizes.items():
        s = res.get("systems", {})
        tp_i = (s.get("ilokg") or {}).get("throughput", {})
        tp_o = (s.get("oxigraph") or {}).get("throughput", {})
        for w, lv in tp_i.items():
            if w.startswith("canned:") and isinstance(lv, dict) and w in tp_o and isinstance(tp_o[w], dict):
                for conns, e in lv.items():
                    o = tp_o[w].get(conns)
                    if isinstance(e, dict) and isinstance(o, dict) and _rps(o) and _rps(e) is not None:
                        vals.append((tag, conns, e["rps"] / o["rps"]))
    if vals:
        worst = min(vals, key=lambda v: v[2])
        out.append(f"| canned throughput ≥ 2× oxigraph serve | min {worst[2]:.2f}× ({worst[0]}, {worst[1]} clients); "
                   + ", ".join(f"{t}/{c}: {r:.1f}×" for t, c, r in vals) + f" | {status(worst[2] >= 2)} |")
    else:
        out.append("| canned throughput ≥ 2× oxigraph serve | not measured (no canned query) | – |")
    # ad-hoc p50 at 100k / 1M
    big = [t for t in sizes if t not in ("10k",)] or list(sizes)
    slow_r, fast_r = [], []
    for tag in big:
        s = sizes[tag].get("systems", {})
        for name, e in (s.get("ilokg") or {}).get("adhoc", {}).items():
            o = (s.get("oxigraph") or {}).get("adhoc", {}).get(name)
            a, b = _p(e), _p(o)
            if a and b:
                (slow_r if b > 5 else fast_r).append((tag, name, a / b, b))
    if slow_r:
        w = max(slow_r, key=lambda v: v[2])
        out.append(f"| ad-hoc p50 ≤ 1.0× oxigraph (queries > 5 ms on oxigraph; {', '.join(big)}) | worst {w[2]:.2f}× ({w[0]} {w[1]}); "
                   + ", ".join(f"{t} {n} {r:.2f}×" for t, n, r, _ in slow_r) + f" | {status(w[2] <= 1.0)} |")
    if fast_r:
        sub = [v for v in fast_r if v[3] < 1]
        mid = [v for v in fast_r if v[3] >= 1]
        if sub:
            w = max(sub, key=lambda v: v[2])
            out.append(f"| ad-hoc p50 ≤ 2× oxigraph (sub-ms lookups) | worst {w[2]:.2f}× ({w[0]} {w[1]}) | {status(w[2] <= 2)} |")
        if mid:
            out.append("| (1–5 ms on oxigraph: no target) | " + ", ".join(f"{t} {n} {r:.2f}×" for t, n, r, _ in mid) + " | – |")
    # >= 10x rdflib on aggregates and text filters
    rd = []
    for tag, res in sizes.items():
        s = res.get("systems", {})
        for name in ("aggregate", "text-filter"):
            a = _p((s.get("ilokg") or {}).get("adhoc", {}).get(name))
            b = _p((s.get("rdflib") or {}).get("adhoc", {}).get(name))
            if a and b:
                rd.append((tag, name, b / a))
    if rd:
        judged = [v for v in rd if v[0] != "10k"] or rd
        w = min(judged, key=lambda v: v[2])
        out.append("| ≥ 10× rdflib-endpoint on aggregates and text filters (judged above 10k, where the queries take rdflib over 100 ms) | "
                   + ", ".join(f"{t} {n} {r:.1f}×" for t, n, r in rd) + f" | {status(w[2] >= 10)} |")
    # healthz p99
    hz = []
    for tag, res in sizes.items():
        for key in ("ilokg", "remote"):
            rw = (res.get("systems", {}).get(key) or {}).get("runaway")
            if rw and rw.get("p99_ms") is not None:
                hz.append((tag, key, rw["p99_ms"]))
    if hz:
        w = max(hz, key=lambda v: v[2])
        out.append("| /healthz p99 ≤ 20 ms during two runaway queries | " + ", ".join(f"{t} {k} {v:.1f} ms" for t, k, v in hz)
                   + f" | {status(w[2] <= 20)} |")
    # build of 1M <= 1.5x oxigraph load
    bl = []
    for tag, res in sizes.items():
        s = res.get("systems", {})
        a, b = (s.get("ilokg") or {}).get("load_s"), (s.get("oxigraph") or {}).get("load_s")
        if a and b:
            bl.append((tag, a / b))
    if bl:
        w = bl[-1]
        out.append("| build ≤ 1.5× `oxigraph load` (at the largest size) | " + ", ".join(f"{t} {r:.1f}×" for t, r in bl)
                   + f" | {status(w[1] <= 1.5)} ({w[0]}) |")
    # RSS
    rs = []
    for tag, res in sizes.items():
        s = res.get("systems", {}).get("ilokg") or {}
        mem = res.get("inmemory", {}).get("rss_delta")
        if s.get("ready_worker_rss") and mem:
            rs.append((tag, s["ready_worker_rss"] / mem, s.get("ready_rss", 0) / mem,
                       (s.get("serve_peak_worker_rss") or 0) / mem, (s.get("serve_peak_rss") or 0) / mem))
    if rs:
        w = rs[-1]
        out.append("| service RSS ≤ 2× the graph's in-memory size, per worker (judged at rest, at the largest size) | " + ", ".join(
            f"{t}: worker {a:.1f}× at rest ({c:.1f}× peak under load), whole service {b:.1f}× at rest ({d:.1f}× peak)"
            for t, a, b, c, d in rs) + f" | {status(w[1] <= 2)} ({w[0]}) |")
    out.append("")
    return out


# ====================================================================== main

def environment(args: argparse.Namespace) -> dict[str, Any]:
    def version(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, timeout=20).stdout.strip().splitlines()[0]
        except Exception:
            return "?"

    import pyoxigraph

    try:
        from importlib.metadata import version as dist_version

        rdfe = dist_version("rdflib-endpoint")
    except Exception:
        rdfe = "not installed"
    return {
        "command": " ".join(["python bench/run.py", *sys.argv[1:]]),
        "cpus": os.cpu_count(),
        "mem_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "pyoxigraph": getattr(pyoxigraph, "__version__", "?"),
        "oxigraph_cli": version([tool("oxigraph") or "oxigraph", "--version"]),
        "rdflib_endpoint": rdfe,
        "throughput_client": "wrk" if shutil.which("wrk") else "httpx asyncio (install wrk for less client overhead)",
        "load_before": [round(x, 2) for x in os.getloadavg()],
        "uptime": version(["uptime"]),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="ilokg against oxigraph serve and rdflib-endpoint.")
    ap.add_argument("--quick", action="store_true", help="10k triples only, short budgets (~2 minutes)")
    ap.add_argument("--sizes", default=None, help="comma list, e.g. 10k,100k,1M (default: all three)")
    ap.add_argument("--systems", default=",".join(ALL_SYSTEMS), help=f"subset of {','.join(ALL_SYSTEMS)}")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--per-file", type=int, default=50, help="aggregates per generated data file")
    ap.add_argument("--out", default=str(HERE / "results"), help="folder for YYYY-MM-DD.md/.json")
    ap.add_argument("--name", default=None, help="file stem instead of today's date")
    ap.add_argument("--work", default=None, help="work folder (default: a temp folder, removed at the end)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (graphs, stores, logs)")
    ap.add_argument("--rdflib-max", default="100k", help="largest size rdflib-endpoint is run on")
    ap.add_argument("--rdflib-canned-max", default="10k", help="largest size rdflib-endpoint gets the canned queries")
    ap.add_argument("--remote-max", default="100k", help="largest size the remote backend is run on")
    ap.add_argument("--max-minutes", type=float, default=20.0, help="start no further system after this many minutes")
    ap.add_argument("--no-runaway", action="store_true")
    ap.add_argument("--no-validate-check", action="store_true", help="skip the SHACL check of the 10k graph")
    ap.add_argument("--render", metavar="JSON", help="only re-write the Markdown report of an earlier run's JSON")
    args = ap.parse_args(argv)
    if args.render:
        src = Path(args.render)
        src.with_suffix(".md").write_text(render(json.loads(src.read_text(encoding="utf-8"))), encoding="utf-8")
        return 0
    args.systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    bad = [s for s in args.systems if s not in ALL_SYSTEMS]
    if bad:
        ap.error(f"unknown systems {bad}")
    sizes = list(gen.iter_sizes(args.sizes or ("10k" if args.quick else "10k,100k,1M")))
    args.rdflib_max = list(gen.iter_sizes(args.rdflib_max))[0]
    args.rdflib_canned_max = list(gen.iter_sizes(args.rdflib_canned_max))[0]
    args.remote_max = list(gen.iter_sizes(args.remote_max))[0]
    signal.signal(signal.SIGTERM, _on_signal)
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="ilokg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    bench = Bench(args, work)
    bench.results["date"] = dt.date.today().isoformat()
    bench.results["environment"] = environment(args)
    log(f"work folder {work}; sizes {[_label(s) for s in sizes]}; systems {args.systems}; load {os.getloadavg()}")
    code = 0
    try:
        for size in sizes:
            bench.run_size(size, args.quick)
    except KeyboardInterrupt:
        log("interrupted: stopping every server")
        code = 130
    finally:
        PROCS.stop_all()
        bench.save()
        if not args.keep and not args.work:
            shutil.rmtree(work, ignore_errors=True)
    stem = args.name or dt.date.today().isoformat()
    log(f"wrote {Path(args.out) / (stem + '.md')} and .json")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
