"""The `ilokg` command line: validate, build, serve, query, export, stats."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys
import tempfile
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from .config import Settings
from .errors import DataError, IlokgError, ValidationFailed
from .files import knowledge_root
from .namespaces import Namespaces

app = typer.Typer(
    help="ILO–China Cooperation Knowledge Graph: validate, build, serve and query the graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Options shared by several commands; each maps to an ILOKG_* setting.
StoreOpt = Annotated[Path | None, typer.Option("--store", help="ILOKG_STORE: the store path.")]
BaseOpt = Annotated[str | None, typer.Option("--base-iri", help="ILOKG_BASE_IRI.")]
RootOpt = Annotated[
    Path | None, typer.Option("--root", help="ILOKG_ROOT: folder with ontology/ data/ shapes/.")
]
BackendOpt = Annotated[
    str | None, typer.Option("--backend", help="ILOKG_BACKEND: oxigraph, sparql or memory.")
]


def settings(**overrides: object) -> Settings:
    """Settings from the environment, with CLI flags (when given) taking precedence.

    Flags are also exported as ILOKG_* variables so that server worker processes see them.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    for key, value in given.items():
        os.environ[f"ILOKG_{key.upper()}"] = str(value)
    try:
        return Settings(**given)  # type: ignore[arg-type]
    except ValueError as exc:
        fail(f"invalid setting: {exc}", 2)
        raise  # unreachable


def fail(message: str, code: int) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _root(s: Settings) -> Path:
    try:
        return knowledge_root(s.root)
    except FileNotFoundError as exc:
        fail(str(exc), 2)
        raise


class ReportFormat(str, Enum):
    text = "text"
    json = "json"
    turtle = "turtle"


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Data files to check (default: all of data/).")
    ] = None,
    fmt: Annotated[
        ReportFormat, typer.Option("--format", help="Report format.")
    ] = ReportFormat.text,
    root: RootOpt = None,
    base_iri: BaseOpt = None,
) -> None:
    """SHACL-validate the ontology and data against shapes/.

    Exit 0 conforms, 1 violations, 2 unreadable input.
    """
    from .validate import validate_project

    s = settings(root=root, base_iri=base_iri)
    for p in paths or []:
        if not p.exists():
            fail(f"{p}: no such file or folder", 2)
    expanded: list[Path] = []
    for p in paths or []:
        expanded.extend(sorted(p.rglob("*.ttl")) if p.is_dir() else [p])
    try:
        report = validate_project(_root(s), Namespaces(s.base), expanded or None)
    except DataError as exc:
        fail(exc.message, 2)
        return
    out = {"text": report.to_text, "json": report.to_json, "turtle": report.to_turtle}[fmt.value]()
    typer.echo(out)
    raise typer.Exit(0 if report.conforms else 1)


class DumpsMode(str, Enum):
    all = "all"
    lazy = "lazy"


def _make_all_dumps(folder: Path, manifest: dict[str, Any], say: Any) -> None:
    """Write every dump of a new build (after the swap: the store already serves)."""
    import time as _time

    from .store import dump_names, ensure_dump

    started = _time.monotonic()
    for name in dump_names():
        ensure_dump(folder, name, manifest)
    say(f"dumps: {len(dump_names())} written with checksums in {_time.monotonic() - started:.1f} s")


@app.command()
def build(
    store: StoreOpt = None,
    base_iri: BaseOpt = None,
    root: RootOpt = None,
    backend: BackendOpt = None,
    no_validate: Annotated[bool, typer.Option("--no-validate", help="Skip SHACL.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q")] = False,
    dumps: Annotated[
        DumpsMode,
        typer.Option(
            "--dumps",
            help="all: write every dump (Turtle, N-Triples, JSON-LD, RDF/XML, TriG, N-Quads, "
            "gzip) with its checksum now; lazy: only N-Quads now, the others on first request.",
        ),
    ] = DumpsMode.all,
) -> None:
    """Parse, validate and load the graph into a new store; swap it in only on success."""
    s = settings(store=store, base_iri=base_iri, root=root, backend=backend)
    say = (lambda _m: None) if quiet else (lambda m: typer.echo(m, err=True))
    try:
        if s.backend == "sparql":
            from .engine.remote import load_remote

            result = load_remote(s, _root(s), say, validate=not no_validate)
            typer.echo(json.dumps(result, indent=2))
            return
        from .store import build as do_build

        result_b = do_build(
            s.store, Namespaces(s.base), root=_root(s), validate=not no_validate, progress=say
        )
        if dumps is DumpsMode.all:
            _make_all_dumps(result_b.path, result_b.manifest, say)
    except ValidationFailed as exc:
        fail(exc.message, 1)
        return
    except DataError as exc:
        fail(exc.message, 2)
        return
    except IlokgError as exc:
        fail(exc.message, 2)
        return
    m = result_b.manifest
    typer.echo(json.dumps({k: m[k] for k in ("hash", "triples", "built_at", "seconds")}, indent=2))


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


@app.command()
def serve(
    host: Annotated[str | None, typer.Option("--host", help="ILOKG_HOST.")] = None,
    port: Annotated[int | None, typer.Option("--port", help="ILOKG_PORT.")] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", help="ILOKG_WORKERS: uvicorn processes.")
    ] = None,
    store: StoreOpt = None,
    base_iri: BaseOpt = None,
    root: RootOpt = None,
    backend: BackendOpt = None,
    query_timeout: Annotated[
        float | None, typer.Option("--query-timeout", help="ILOKG_QUERY_TIMEOUT seconds.")
    ] = None,
    engine_workers: Annotated[
        int | None, typer.Option("--engine-workers", help="ILOKG_ENGINE_WORKERS.")
    ] = None,
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", help="Serve these RDF files read-only from a temporary store."),
    ] = None,
    engine_mode: Annotated[
        str | None, typer.Option("--engine-mode", help="ILOKG_ENGINE_MODE: memory or disk.")
    ] = None,
    queue_size: Annotated[
        int | None, typer.Option("--queue-size", help="ILOKG_QUEUE_SIZE.")
    ] = None,
    max_rows: Annotated[int | None, typer.Option("--max-rows", help="ILOKG_MAX_ROWS.")] = None,
    max_body_bytes: Annotated[
        int | None, typer.Option("--max-body-bytes", help="ILOKG_MAX_BODY_BYTES.")
    ] = None,
    max_query_length: Annotated[
        int | None, typer.Option("--max-query-length", help="ILOKG_MAX_QUERY_LENGTH.")
    ] = None,
    max_nesting: Annotated[
        int | None, typer.Option("--max-nesting", help="ILOKG_MAX_NESTING.")
    ] = None,
    max_union: Annotated[int | None, typer.Option("--max-union", help="ILOKG_MAX_UNION.")] = None,
    unknown_graphs: Annotated[
        str | None, typer.Option("--unknown-graphs", help="ILOKG_UNKNOWN_GRAPHS: refuse or empty.")
    ] = None,
    sparql_query_url: Annotated[
        str | None, typer.Option("--sparql-query-url", help="ILOKG_SPARQL_QUERY_URL.")
    ] = None,
    sparql_update_url: Annotated[
        str | None, typer.Option("--sparql-update-url", help="ILOKG_SPARQL_UPDATE_URL.")
    ] = None,
    sparql_store_url: Annotated[
        str | None, typer.Option("--sparql-store-url", help="ILOKG_SPARQL_STORE_URL.")
    ] = None,
    sparql_dataset: Annotated[
        str | None,
        typer.Option("--sparql-dataset", help="ILOKG_SPARQL_DATASET: oxigraph, store or explicit."),
    ] = None,
    cache_size: Annotated[
        int | None, typer.Option("--cache-size", help="ILOKG_CACHE_SIZE.")
    ] = None,
    log_level: Annotated[str | None, typer.Option("--log-level", help="ILOKG_LOG_LEVEL.")] = None,
) -> None:
    """Serve the HTTP API with uvicorn (builds the store first when there is none)."""
    import uvicorn

    tmpdir = None
    if data:
        tmpdir = tempfile.mkdtemp(prefix="ilokg-data-")
        store = Path(tmpdir) / "store"
    s = settings(
        host=host,
        port=port,
        workers=workers,
        store=store,
        base_iri=base_iri,
        root=root,
        backend=backend,
        query_timeout=query_timeout,
        engine_workers=engine_workers,
        engine_mode=engine_mode,
        queue_size=queue_size,
        max_rows=max_rows,
        max_body_bytes=max_body_bytes,
        max_query_length=max_query_length,
        max_nesting=max_nesting,
        max_union=max_union,
        unknown_graphs=unknown_graphs,
        sparql_query_url=sparql_query_url,
        sparql_update_url=sparql_update_url,
        sparql_store_url=sparql_store_url,
        sparql_dataset=sparql_dataset,
        cache_size=cache_size,
        log_level=log_level,
    )
    if not _port_free(s.host, s.port):
        fail(f"port {s.port} on {s.host} is already in use: pick another with --port", 2)
    try:
        if data:
            from .store import build_from_files

            build_from_files(list(data), s.store)
        elif s.backend == "oxigraph":
            from .store import build as do_build
            from .store import current_build

            if current_build(s.store) is None:
                typer.echo(f"no usable store at {s.store}: building it first", err=True)
                do_build(
                    s.store,
                    Namespaces(s.base),
                    root=_root(s),
                    progress=lambda m: typer.echo(m, err=True),
                )
    except ValidationFailed as exc:
        fail(exc.message, 1)
    except IlokgError as exc:
        fail(exc.message, 2)
    typer.echo(f"serving on http://{s.host}:{s.port}/ (SPARQL at /sparql, docs at /docs)", err=True)
    if tmpdir:
        # uvicorn re-raises SIGTERM after its graceful shutdown; make that an exception so
        # that the `finally` below removes the temporary store
        import signal

        signal.signal(signal.SIGTERM, lambda signum, _frame: sys.exit(128 + signum))
    try:
        uvicorn.run(
            "ilokg.app:create_app",
            factory=True,
            host=s.host,
            port=s.port,
            workers=s.workers,
            log_level=s.log_level,
            timeout_graceful_shutdown=5,
        )
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


class OutFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    xml = "xml"
    turtle = "turtle"
    nt = "nt"
    jsonld = "jsonld"


@app.command()
def query(
    text: Annotated[
        str | None, typer.Argument(help="SPARQL text, or a canned query name with --param.")
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", "-f", help="Read the query from a file.")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="Canned query parameter name=value.")
    ] = None,
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", help="Query these RDF files instead of the store."),
    ] = None,
    fmt: Annotated[OutFormat, typer.Option("--format", help="Output format.")] = OutFormat.table,
    store: StoreOpt = None,
    base_iri: BaseOpt = None,
    root: RootOpt = None,
) -> None:
    """Run a SPARQL query (inline, --file, or a canned query by name).

    Against the store, or against RDF files given with --data.
    """
    from .localquery import run_cli_query

    s = settings(store=store, base_iri=base_iri, root=root)
    if file is not None:
        if not file.is_file():
            fail(f"{file}: no such file", 2)
        text = file.read_text(encoding="utf-8")
    if not text:
        fail("give a query: inline, with --file, or a canned query name", 2)
    try:
        out = run_cli_query(s, text or "", params=param or [], data=data or [], fmt=fmt.value)
    except IlokgError as exc:
        fail(exc.message, 2)
        return
    sys.stdout.write(out if out.endswith("\n") else out + "\n")


class ExportFormat(str, Enum):
    ttl = "ttl"
    nt = "nt"
    nq = "nq"
    trig = "trig"
    jsonld = "jsonld"
    xml = "xml"


@app.command()
def export(
    fmt: Annotated[ExportFormat, typer.Option("--format", help="Dump format.")] = ExportFormat.ttl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")
    ] = None,
    store: StoreOpt = None,
) -> None:
    """Write the whole graph (the same bytes as the /dumps/ files; makes a dump not made yet)."""
    from .store import ensure_dump, read_manifest

    s = settings(store=store)
    name = {
        "ttl": "ilokg.ttl",
        "nt": "ilokg.nt",
        "nq": "ilokg.nq",
        "trig": "ilokg.trig",
        "jsonld": "ilokg.jsonld",
        "xml": "ilokg.rdf",
    }[fmt.value]
    try:
        manifest = read_manifest(s.store)
        ensure_dump(Path(manifest["path"]), name, manifest)
    except IlokgError as exc:
        fail(exc.message, 2)
        return
    path = Path(manifest["path"]) / "dumps" / name
    if output is None:
        with path.open("rb") as src:
            shutil.copyfileobj(src, sys.stdout.buffer)
    else:
        shutil.copyfile(path, output)
        typer.echo(f"wrote {output} ({path.stat().st_size} bytes)", err=True)


@app.command()
def stats(
    fmt: Annotated[str, typer.Option("--format", help="text or json")] = "text",
    root: RootOpt = None,
) -> None:
    """Counts per class, share of entities with a source, label languages, facts per source."""
    from .stats import compute_stats, stats_text

    s = settings(root=root)
    result = compute_stats(_root(s), Namespaces(s.base))
    typer.echo(
        json.dumps(result, indent=2, ensure_ascii=False) if fmt == "json" else stats_text(result)
    )


def main() -> None:
    app()


if __name__ == "__main__":
    main()
