"""The `ilokg` command line: help, bad input, validate, build, query, export."""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from ilokg.store import dumps_info, ensure_dump

from ..helpers import ILOKG, run_cli

COMMANDS = ["validate", "build", "serve", "query", "export", "stats"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage" in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    result = run_cli("frobnicate")
    assert result.returncode == 2
    assert "No such command" in result.stderr


def test_unknown_flag_is_a_usage_error() -> None:
    result = run_cli("build", "--no-such-flag")
    assert result.returncode == 2
    assert "No such option" in result.stderr


def test_validate_conforming_data(mini_root: Path) -> None:
    result = run_cli("validate", "--root", str(mini_root))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms: 0 violation(s), 2 warning(s)" in result.stdout


def test_validate_reports_violation_with_file(mini_root: Path) -> None:
    (mini_root / "data" / "bad.ttl").write_text(
        "@prefix ilokg: <https://w3id.org/ilo-china-kg/def/ilokg#> .\n"
        "<https://w3id.org/ilo-china-kg/id/project/nolabel> a ilokg:Project .\n"
    )
    result = run_cli("validate", "--root", str(mini_root))
    assert result.returncode == 1
    assert (
        "Violation: https://w3id.org/ilo-china-kg/id/project/nolabel (data/bad.ttl)"
        in result.stdout
    )
    assert "A project needs an rdfs:label." in result.stdout
    as_json = run_cli("validate", "--root", str(mini_root), "--format", "json")
    report = json.loads(as_json.stdout)
    assert report["conforms"] is False and report["violations"] == 1
    assert report["findings"][0]["file"] == "data/bad.ttl"
    as_ttl = run_cli("validate", "--root", str(mini_root), "--format", "turtle")
    assert "sh:ValidationReport" in as_ttl.stdout


def test_validate_syntax_error_names_file_and_line(mini_root: Path) -> None:
    bad = mini_root / "data" / "broken.ttl"
    bad.write_text("@prefix ex: <http://ex/> .\n\nex:a ex:b ex:c ;\n  ex:d .\n")
    result = run_cli("validate", "--root", str(mini_root))
    assert result.returncode == 2
    assert f"{bad}:4" in result.stderr


def test_validate_nonexistent_path(mini_root: Path) -> None:
    result = run_cli("validate", "--root", str(mini_root), "nowhere.ttl")
    assert result.returncode == 2
    assert "nowhere.ttl: no such file" in result.stderr


def _build(root: Path, store: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return run_cli("build", "--root", str(root), "--store", str(store), *extra)


def test_build_writes_store_manifest_and_dumps(mini_root: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = _build(mini_root, store, "--dumps", "lazy", "--no-validate")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["triples"] == 7
    assert json.loads((store / "manifest.json").read_text())["validation"] == {"validated": False}
    manifest = json.loads((store / "manifest.json").read_text())
    assert manifest["hash"] == summary["hash"]
    assert manifest["versions"]["ilokg"]
    # the build writes the N-Quads dump (the query workers load it) with its checksum
    nq = manifest["dumps"]["ilokg.nq"]
    data = (store / "dumps" / "ilokg.nq").read_bytes()
    assert nq["bytes"] == len(data) > 0 and nq["sha256"] == hashlib.sha256(data).hexdigest()
    # the others are listed, and made with their checksum on the first request
    formats = {
        "ilokg.ttl": "ttl",
        "ilokg.nt": "nt",
        "ilokg.trig": "trig",
        "ilokg.jsonld": "jsonld",
        "ilokg.rdf": "xml",
    }
    for name in (*formats, "ilokg.nq"):
        for n in (name, f"{name}.gz"):
            assert n == "ilokg.nq" or manifest["dumps"][n] == {
                "media_type": manifest["dumps"][n]["media_type"],
                "on_demand": True,
            }
    for name, fmt in formats.items():
        out = tmp_path / f"out-{name}"
        exported = run_cli("export", "--store", str(store), "--format", fmt, "-o", str(out))
        assert exported.returncode == 0, exported.stderr
        record = ensure_dump(store.resolve(), name)
        assert record["bytes"] == len(out.read_bytes()) > 0
        assert record["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
        assert ensure_dump(store.resolve(), f"{name}.gz")["bytes"] > 0
        assert gzip.decompress((store / "dumps" / f"{name}.gz").read_bytes()) == out.read_bytes()
    ttl = rdflib.Graph().parse(store / "dumps" / "ilokg.ttl", format="turtle")
    assert len(ttl) == 7
    assert store.is_symlink()


def test_default_build_writes_every_dump_with_its_checksum(mini_root: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    result = _build(mini_root, store)
    assert result.returncode == 0, result.stderr
    assert "dumps: 12 written" in result.stderr
    manifest = json.loads((store / "manifest.json").read_text())
    infos = dumps_info(store.resolve(), manifest)
    assert len(infos) == 12
    for name, info in infos.items():
        data = (store / "dumps" / name).read_bytes()
        assert info["bytes"] == len(data) > 0, name
        assert info["sha256"] == hashlib.sha256(data).hexdigest(), name
    assert len(rdflib.Graph().parse(store / "dumps" / "ilokg.rdf", format="xml")) == 7
    assert (
        manifest["validation"]["validated"] is True and manifest["validation"]["conforms"] is True
    )
    assert (store / manifest["validation"]["report"]).is_file()
    assert len(rdflib.Graph().parse(store / "dumps" / "ilokg.jsonld", format="json-ld")) == 7


def test_failed_builds_leave_the_store_untouched(mini_root: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _build(mini_root, store).returncode == 0
    before = os.readlink(store)
    bad = mini_root / "data" / "broken.ttl"
    bad.write_text("<a> <b> .\n")
    syntax = _build(mini_root, store)
    assert syntax.returncode == 2 and "broken.ttl:1" in syntax.stderr
    bad.write_text(
        "<https://w3id.org/ilo-china-kg/id/project/x> a "
        "<https://w3id.org/ilo-china-kg/def/ilokg#Project> .\n"
    )
    shacl = _build(mini_root, store)
    assert shacl.returncode == 1 and "violation" in shacl.stderr
    assert os.readlink(store) == before
    reopened = ox.Store.read_only(str(store / "oxigraph"))
    assert len(reopened) == 7


def test_killed_build_leaves_the_store_untouched(mini_root: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _build(mini_root, store).returncode == 0
    before = os.readlink(store)
    lines = [
        f"<https://w3id.org/ilo-china-kg/id/project/p{i}> a "
        f"<https://w3id.org/ilo-china-kg/def/ilokg#Project> ; "
        f'<http://www.w3.org/2000/01/rdf-schema#label> "P {i}"@en .'
        for i in range(60000)
    ]
    (mini_root / "data" / "big.ttl").write_text("\n".join(lines))
    proc = subprocess.Popen(
        [*ILOKG, "build", "--root", str(mini_root), "--store", str(store), "--no-validate"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(1.0)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert os.readlink(store) == before
    assert len(ox.Store.read_only(str(store / "oxigraph"))) == 7


def test_query_inline_file_and_formats(mini_root: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _build(mini_root, store).returncode == 0
    q = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?label WHERE { ?p a <https://w3id.org/ilo-china-kg/def/ilokg#Project> ; "
        "rdfs:label ?label FILTER(LANG(?label) = 'en') } ORDER BY ?label"
    )
    table = run_cli("query", "--store", str(store), q)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[0].strip() == "label"
    assert "Alpha@en" in table.stdout and "(2 rows)" in table.stdout
    csv = run_cli("query", "--store", str(store), "--format", "csv", q)
    assert csv.stdout.splitlines() == ["label", "Alpha", "Beta"]
    qfile = tmp_path / "q.rq"
    qfile.write_text(q)
    js = run_cli("query", "--store", str(store), "--format", "json", "--file", str(qfile))
    assert [b["label"]["value"] for b in json.loads(js.stdout)["results"]["bindings"]] == [
        "Alpha",
        "Beta",
    ]
    ttl = run_cli(
        "query",
        "--store",
        str(store),
        "--format",
        "turtle",
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    )
    assert "Alpha" in ttl.stdout
    bad = run_cli("query", "--store", str(store), "SELECT * WHERE {")
    assert bad.returncode == 2 and "syntax error" in bad.stderr.lower()


def test_query_against_data_files_needs_no_store(tmp_path: Path) -> None:
    data = tmp_path / "g.nt"
    data.write_text('<http://ex/a> <http://ex/b> "c" .\n')
    result = run_cli(
        "query",
        "--data",
        str(data),
        "--format",
        "tsv",
        "SELECT ?o WHERE { ?s ?p ?o }",
        env={"ILOKG_STORE": str(tmp_path / "no-store")},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["?o", '"c"']


def test_export_gives_the_dump_bytes(mini_root: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert _build(mini_root, store).returncode == 0
    out = tmp_path / "out.nt"
    result = run_cli("export", "--store", str(store), "--format", "nt", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == (store / "dumps" / "ilokg.nt").read_bytes()
    assert len(out.read_text().splitlines()) == 7
    missing = run_cli("export", "--store", str(tmp_path / "none"))
    assert missing.returncode == 2 and "ilokg build" in missing.stderr
