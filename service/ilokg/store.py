"""Building the on-disk Oxigraph store atomically, with dumps and a build manifest.

Layout: `ILOKG_STORE` (default var/store) is a symlink to one finished build in
`<store>.builds/<stamp>/` that holds the RocksDB store (`oxigraph/`), the dumps
(`dumps/`) and `manifest.json`. A build writes a new folder and swaps the link with
an atomic rename only once everything succeeded; a failed or killed build leaves
the previous store in place and serving.
"""

from __future__ import annotations

import fcntl
import gzip
import hashlib
import json
import os
import platform
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import __version__
from .errors import DataError, EngineUnavailable, ValidationFailed
from .files import knowledge_root, model_files
from .namespaces import Namespaces
from .rdfio import (
    SourceFile,
    content_hash,
    parse_with_oxigraph,
    rdf_format_for,
    read_sources,
    syntax_error,
    to_rdflib,
)

MANIFEST = "manifest.json"
STORE_DIR = "oxigraph"
DUMP_DIR = "dumps"
NQUADS_DUMP = "ilokg.nq"
MADE_DIR = ".made"  # in DUMP_DIR: {name}.json with bytes + sha256 of each dump made on demand
GZIP_LEVEL = 6
# Above this much text the load is split into groups of files that are parsed and written
# to RocksDB in a pipeline (each group is one bulk load, i.e. one set of SST files).
GROUP_BYTES = 12_000_000
MAX_UNCOMPACTED_LOADS = 8  # more bulk loads than this: compact the store (`optimize`)

# name -> (oxigraph format, media type, with named graphs?)
DUMP_FORMATS: dict[str, tuple[ox.RdfFormat, str, bool]] = {
    "ilokg.nq": (ox.RdfFormat.N_QUADS, "application/n-quads", True),
    "ilokg.trig": (ox.RdfFormat.TRIG, "application/trig", True),
    "ilokg.ttl": (ox.RdfFormat.TURTLE, "text/turtle", False),
    "ilokg.nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples", False),
    "ilokg.jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json", False),
    "ilokg.rdf": (ox.RdfFormat.RDF_XML, "application/rdf+xml", False),
}

Progress = Callable[[str], None]


@dataclass
class BuildResult:
    path: Path
    manifest: dict[str, Any]


def builds_dir(store: Path) -> Path:
    return store.parent / f"{store.name}.builds"


def current_build(store: Path) -> Path | None:
    """The folder of the live build, or None when there is no usable store."""
    target = store.resolve() if store.is_symlink() else store
    if (target / MANIFEST).is_file() and (target / STORE_DIR).is_dir():
        return target
    return None


def read_manifest(store: Path) -> dict[str, Any]:
    build = current_build(store)
    if build is None:
        raise EngineUnavailable(
            f"no store at {store}: run `ilokg build` first (or `make serve`, which builds)"
        )
    try:
        data: dict[str, Any] = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EngineUnavailable(f"the store manifest at {build} is unreadable: {exc}") from exc
    data["path"] = str(build)
    return data


def _graph_name(ns: Namespaces, f: SourceFile) -> str:
    rel = f.rel[: -len(f.path.suffix)] if f.path.suffix else f.rel
    return ns.graph(rel)


@dataclass
class Prepared:
    """Knowledge files read and checked (SHACL-validated, or at least parsed), not yet loaded."""

    root: Path
    files: list[SourceFile]
    digest: str
    started: float
    validation: dict[str, Any] | None = None  # summary of the SHACL report (None: not validated)
    report_turtle: str | None = None  # the sh:ValidationReport itself


def prepare(
    ns: Namespaces,
    *,
    root: Path | None = None,
    paths: list[Path] | None = None,
    validate: bool = True,
    progress: Progress | None = None,
    check_syntax: bool = True,
) -> Prepared:
    """Read the knowledge files and validate them; raises before anything is written.

    The first step of every build, local (`build`) or remote (`engine.remote.load_remote`).
    Without `validate`, each file is still parsed once to report syntax errors with file and
    line, unless `check_syntax` is False: the local build passes False because its load
    parses each file anyway and reports the same errors (into a build folder that is then
    removed, so nothing is swapped in).
    """
    say = progress or (lambda _msg: None)
    started = time.time()
    validation: dict[str, Any] | None = None
    report_turtle: str | None = None
    root = root or knowledge_root()
    files = read_sources(paths if paths is not None else model_files(root), root, ns)
    if not files:
        raise DataError(f"no RDF files found under {root}")
    say(f"read {len(files)} files")
    if validate:
        from .validate import load_shapes, validate_graph

        data, origin = to_rdflib(files)
        report = validate_graph(data, load_shapes(root, ns), origin)
        if not report.conforms:
            raise ValidationFailed(
                f"SHACL validation found {report.violations} violation(s); the store was not "
                f"changed. Run `ilokg validate` for the report.\n{report.to_text()}"
            )
        say(f"validated: {report.warnings} warning(s)")
        validation = validation_summary(report)
        report_turtle = report.to_turtle()
    elif check_syntax:
        for f in files:
            parse_with_oxigraph(f)  # syntax errors name file and line before anything is written
    else:
        for f in files:
            rdf_format_for(f.path)  # unknown extensions are refused before anything is written
    return Prepared(
        root=root,
        files=files,
        digest=content_hash(files),
        started=started,
        validation=validation,
        report_turtle=report_turtle,
    )


VALIDATION_REPORT = "validation.ttl"


def validation_summary(report: Any) -> dict[str, Any]:
    """What the manifest and /healthz say of a build's SHACL report."""
    by_shape: dict[str, int] = {}
    for f in report.findings:
        key = f"{f.severity}: {f.shape or 'unnamed shape'}"
        by_shape[key] = by_shape.get(key, 0) + 1
    return {
        "validated": True,
        "conforms": report.conforms,
        "violations": report.violations,
        "warnings": report.warnings,
        "infos": report.infos,
        "by_shape": dict(sorted(by_shape.items())),
        "report": VALIDATION_REPORT,
    }


def describe(prep: Prepared, ns: Namespaces, union_default_graph: bool) -> dict[str, Any]:
    """The manifest fields that do not depend on where the graph was loaded."""
    return {
        "hash": prep.digest,
        "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(prep.started)),
        "seconds": round(time.time() - prep.started, 3),
        "base_iri": ns.base,
        "union_default_graph": union_default_graph,
        "files": [f.rel for f in prep.files],
        "versions": {
            "ilokg": __version__,
            "pyoxigraph": getattr(ox, "__version__", "unknown"),
            "python": platform.python_version(),
        },
    }


def build(
    store: Path,
    ns: Namespaces,
    *,
    root: Path | None = None,
    paths: list[Path] | None = None,
    validate: bool = True,
    union_default_graph: bool = True,
    progress: Progress | None = None,
) -> BuildResult:
    """Parse, validate and load the knowledge files into a new store, then swap it in."""
    say = progress or (lambda _msg: None)
    prep = prepare(ns, root=root, paths=paths, validate=validate, progress=say, check_syntax=False)
    digest = prep.digest
    target_root = builds_dir(store)
    target_root.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(prep.started))
    target = target_root / f"{stamp}-{digest[:12]}-{os.getpid()}"
    target.mkdir()
    try:
        manifest = _load_and_dump(prep.files, target, ns, union_default_graph, say)
        manifest.update(describe(prep, ns, union_default_graph))
        manifest["validation"] = prep.validation or {"validated": False}
        if prep.report_turtle is not None:
            (target / VALIDATION_REPORT).write_text(prep.report_turtle, encoding="utf-8")
        (target / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    _swap(store, target)
    _prune(store, keep=target)
    say(f"store ready at {store} -> {target.name}: {manifest['triples']} quads")
    return BuildResult(target, manifest)


def load_files(
    db: ox.Store, files: list[SourceFile], ns: Namespaces, union: bool, say: Progress
) -> None:
    """Load the files into `db`: with `union`, each triples file into its own named graph."""
    for f in _progress(files, say):
        _load_one(db, f, ns, union)


def _load_one(db: ox.Store, f: SourceFile, ns: Namespaces, union: bool) -> None:
    fmt = ox.RdfFormat.from_extension(f.path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
    base = f.path.resolve().as_uri()
    try:
        if union and not fmt.supports_datasets:
            graph = ox.NamedNode(_graph_name(ns, f))
            db.bulk_load(f.text.encode("utf-8"), format=fmt, base_iri=base, to_graph=graph)
        else:
            db.bulk_load(f.text.encode("utf-8"), format=fmt, base_iri=base)
    except SyntaxError as exc:
        raise syntax_error(f, exc) from exc


def _groups(files: list[SourceFile], union: bool) -> list[list[SourceFile]]:
    """Consecutive runs of files of about GROUP_BYTES of text each (one run when small).

    Groups must not share quads, or the concatenated N-Quads dump would repeat them: with
    `union` each triples file has a graph of its own; datasets files (TriG, N-Quads) and
    builds without `union` stay in one group.
    """
    total = sum(len(f.text) for f in files)

    def dataset(f: SourceFile) -> bool:
        fmt = ox.RdfFormat.from_extension(f.path.suffix.lstrip(".")) or ox.RdfFormat.TURTLE
        return bool(fmt.supports_datasets)

    if not union or total <= GROUP_BYTES or any(dataset(f) for f in files):
        return [files]
    count = -(-total // GROUP_BYTES)
    size = total / count
    groups: list[list[SourceFile]] = [[]]
    filled = 0
    for f in files:
        if groups[-1] and filled >= size * len(groups):
            groups.append([])
        groups[-1].append(f)
        filled += len(f.text)
    return groups


def _load_and_dump(
    files: list[SourceFile], target: Path, ns: Namespaces, union: bool, say: Progress
) -> dict[str, Any]:
    """Load the files into a new RocksDB store and write the N-Quads dump.

    The files are parsed in groups into in-memory stores (each triples file into its own
    named graph). Each group's N-Quads are appended to `ilokg.nq` (which the query workers
    load) and bulk-loaded into RocksDB in a background thread while the next group is
    parsed: one bulk load per group, not per file, because each bulk load writes and
    ingests SST files of its own (~0.1 s per call, and a compaction afterwards).

    The other dumps (TriG, Turtle, N-Triples, JSON-LD, RDF/XML and every .gz) are made by
    `ensure_dump` on their first request: writing all of them took three quarters of the
    build time. The manifest lists them with `on_demand: true` until then.
    """
    folder = target / DUMP_DIR
    (folder / MADE_DIR).mkdir(parents=True)
    nq_path = folder / NQUADS_DUMP
    groups = _groups(files, union)
    digest = hashlib.sha256()
    graphs: set[str] = set()
    quads = 0
    db = ox.Store(str(target / STORE_DIR))
    loads: list[Future[None]] = []
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="ilokg-load") as pool:
        try:
            with nq_path.open("wb") as out:
                for i, group in enumerate(groups, 1):
                    mem = ox.Store()
                    for f in group:
                        _load_one(mem, f, ns, union)
                    data = mem.dump(format=ox.RdfFormat.N_QUADS) or b""
                    graphs.update(
                        g.value for g in mem.named_graphs() if isinstance(g, ox.NamedNode)
                    )
                    quads += len(mem)
                    del mem
                    if data:
                        loads.append(pool.submit(_bulk_load_nquads, db, data))
                    out.write(data)
                    digest.update(data)
                    del data
                    for done in [f for f in loads if f.done()]:
                        done.result()  # a failed load stops the build now
                    if len(groups) > 1:
                        say(f"parsed {i}/{len(groups)} groups of files")
            for fut in loads:
                fut.result()
        except BaseException:
            for fut in loads:
                fut.cancel()
            pool.shutdown(wait=True)
            del db  # closed before build() removes the folder
            raise
    db.flush()
    if len(loads) > MAX_UNCOMPACTED_LOADS:
        db.optimize()  # a few sets of SST files cost reads little; many do
    del db
    dumps: dict[str, dict[str, Any]] = {}
    for name in dump_names():
        if name == NQUADS_DUMP:
            dumps[name] = {
                "bytes": nq_path.stat().st_size,
                "sha256": digest.hexdigest(),
                "media_type": _media_type(name),
            }
        else:
            dumps[name] = {"media_type": _media_type(name), "on_demand": True}
    return {"triples": quads, "graphs": sorted(graphs), "dumps": dumps}


def _bulk_load_nquads(db: ox.Store, data: bytes) -> None:
    db.bulk_load(data, format=ox.RdfFormat.N_QUADS)


def _progress(files: list[SourceFile], say: Progress) -> Any:
    big = len(files) > 50 or sum(len(f.text) for f in files) > 20_000_000
    if not big:
        return files
    from tqdm import tqdm

    return tqdm(files, desc="loading", unit="file")


# ---------------------------------------------------------------- dumps made on first request


def dump_names() -> list[str]:
    return [n for name in DUMP_FORMATS for n in (name, f"{name}.gz")]


def _media_type(name: str) -> str:
    return "application/gzip" if name.endswith(".gz") else DUMP_FORMATS[name][1]


def _made_record(build: Path, name: str) -> dict[str, Any] | None:
    """The size and checksum of an on-demand dump, once it has been made (None before)."""
    try:
        record: dict[str, Any] = json.loads(
            (build / DUMP_DIR / MADE_DIR / f"{name}.json").read_text(encoding="utf-8")
        )
    except (OSError, ValueError):
        return None
    return record if (build / DUMP_DIR / name).is_file() else None


def dumps_info(build: Path | None, manifest: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Every dump of the build: bytes + sha256 + media type, or `on_demand` for one not made yet."""
    infos: dict[str, dict[str, Any]] = {}
    for name, info in ((manifest or {}).get("dumps") or {}).items():
        if info.get("on_demand") and build is not None:
            info = _made_record(build, name) or info
        infos[name] = dict(info)
    return infos


def ensure_dump(build: Path, name: str, manifest: dict[str, Any] | None = None) -> dict[str, Any]:
    """The dump `name` of a build (bytes, sha256, media type), made now if not made yet.

    Made from the build's RocksDB store (opened read-only) into a temporary file that is
    renamed into place, then its record is written the same way: a reader sees either no
    dump or the whole dump with its checksum. A lock file per dump makes concurrent callers
    (several server processes, `ilokg export`) wait for one maker.
    """
    if manifest is None:
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    info = (manifest.get("dumps") or {}).get(name)
    if info is None:
        raise KeyError(name)
    if not info.get("on_demand"):
        return dict(info)
    record = _made_record(build, name)
    if record is not None:
        return record
    folder = build / DUMP_DIR
    made = folder / MADE_DIR
    try:
        made.mkdir(exist_ok=True)
        lock = (made / f"{name}.lock").open("wb")
    except OSError as exc:
        raise EngineUnavailable(f"the dump {name} cannot be made in {folder}: {exc}") from exc
    with lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        record = _made_record(build, name)
        if record is not None:
            return record
        tmp = folder / f".{name}.tmp-{os.getpid()}"
        try:
            if name.endswith(".gz"):
                inner = name[: -len(".gz")]
                ensure_dump(build, inner, manifest)
                _gzip(folder / inner, tmp, inner)
            else:
                _write_dump(build, name, manifest, tmp)
            record = {
                "bytes": tmp.stat().st_size,
                "sha256": _sha256(tmp),
                "media_type": _media_type(name),
            }
            os.replace(tmp, folder / name)
            tmp_record = made / f".{name}.json.tmp-{os.getpid()}"
            tmp_record.write_text(json.dumps(record), encoding="utf-8")
            os.replace(tmp_record, made / f"{name}.json")
        except OSError as exc:
            raise EngineUnavailable(f"the dump {name} cannot be made in {folder}: {exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)
    return record


def _write_dump(build: Path, name: str, manifest: dict[str, Any], path: Path) -> None:
    fmt, _media, quads = DUMP_FORMATS[name]
    prefixes = Namespaces(manifest.get("base_iri") or Namespaces().base).serialization_prefixes()
    db = ox.Store.read_only(str(build / STORE_DIR))
    if quads:
        db.dump(str(path), format=fmt, prefixes=prefixes if fmt == ox.RdfFormat.TRIG else None)
        return
    # the triples of all graphs, each once, in the store's (subject-grouped) order
    triples = db.query("CONSTRUCT WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
    assert isinstance(triples, ox.QueryTriples)
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML):
        ox.serialize(triples, str(path), format=fmt, prefixes=prefixes)
    else:
        triples.serialize(str(path), format=fmt)


def _gzip(src: Path, dst: Path, inner: str) -> None:
    with (
        src.open("rb") as fin,
        dst.open("wb") as raw,
        gzip.GzipFile(
            filename=inner, mode="wb", compresslevel=GZIP_LEVEL, fileobj=raw, mtime=0
        ) as fout,
    ):
        shutil.copyfileobj(fin, fout, 1 << 20)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _swap(store: Path, target: Path) -> None:
    store.parent.mkdir(parents=True, exist_ok=True)
    if store.exists() and not store.is_symlink():
        # An older layout (a plain folder): move it aside once.
        store.rename(builds_dir(store) / f"legacy-{int(time.time())}")
    tmp = store.parent / f".{store.name}.link-{os.getpid()}"
    if tmp.is_symlink() or tmp.exists():
        tmp.unlink()
    os.symlink(os.path.relpath(target, store.parent), tmp)
    os.replace(tmp, store)


def _prune(store: Path, keep: Path, spare: int = 1) -> None:
    """Remove old builds, keeping the live one and `spare` previous ones."""
    older = sorted(
        (p for p in builds_dir(store).iterdir() if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for stale in older[spare:]:
        shutil.rmtree(stale, ignore_errors=True)


def build_from_files(paths: list[Path], store: Path) -> BuildResult:
    """A store of arbitrary RDF files, served as given (no validation, no union graph)."""
    for p in paths:
        if not p.is_file():
            raise DataError(f"{p}: no such file", path=str(p))
        if p.suffix.lower() in (".rdf", ".xml", ".owl") and b"<!ENTITY" in p.read_bytes():
            raise DataError(f"{p}: XML entity declarations are refused", path=str(p))
    root = Path(os.path.commonpath([p.resolve().parent for p in paths]))
    return build(
        store,
        Namespaces(),  # files are served as given: no base rewriting
        root=root,
        paths=paths,
        validate=False,
        union_default_graph=False,
    )
