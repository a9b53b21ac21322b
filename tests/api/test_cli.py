"""`ilokg query NAME --param k=v` runs the same canned query as the API, with the same rows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from ilokg.catalog import Catalog
from ilokg.namespaces import Namespaces

from ..helpers import ROOT, run_cli

CATALOG = Catalog.load(ROOT / "queries", Namespaces())
CASES = [
    ("agreements", {"party": "MOHRSS", "from": "2020"}),
    ("projects", {"country": "Lao PDR"}),
    ("funding-totals", {"by": "theme"}),
    ("search", {"q": "中国"}),
    ("country", {"country": "chn"}),
    ("conflicts", {}),
    ("people", {"organization": "https://w3id.org/ilo-china-kg/id/organization/mohrss"}),
]


def _normalised(name: str, bindings: list[dict[str, Any]]) -> list[str]:
    """Rows as JSON text, list columns split and sorted (GROUP_CONCAT has no order)."""
    lists = {c.name: c.separator for c in CATALOG.get(name).columns if c.list}
    rows = []
    for binding in bindings:
        row = {}
        for var, term in binding.items():
            value = term["value"]
            row[var] = sorted(set(value.split(lists[var]))) if var in lists else value
        rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    return sorted(rows)


@pytest.mark.parametrize(("name", "params"), CASES, ids=[c[0] for c in CASES])
def test_cli_gives_the_api_rows(
    canned_server: str, graph_path: Path, name: str, params: dict[str, str]
) -> None:
    args = [arg for k, v in params.items() for arg in ("--param", f"{k}={v}")]
    done = run_cli(
        "query", name, *args, "--data", str(graph_path), "--root", str(ROOT), "--format", "json"
    )
    assert done.returncode == 0, done.stderr
    cli = json.loads(done.stdout)["results"]["bindings"]
    api = httpx.get(
        f"{canned_server}/api/queries/{name}",
        params={**params, "format": "srj", "limit": 1000},
        timeout=30,
    ).json()
    assert cli, name
    assert _normalised(name, cli) == _normalised(name, api["results"]["bindings"])


def test_cli_table_and_errors(graph_path: Path) -> None:
    done = run_cli(
        "query",
        "initiative",
        "--param",
        "initiative=GDI",
        "--data",
        str(graph_path),
        "--root",
        str(ROOT),
    )
    assert done.returncode == 0, done.stderr
    assert "announced-at" in done.stdout and "(4 rows)" in done.stdout
    bad = run_cli(
        "query", "agreements", "--param", "from=20", "--data", str(graph_path), "--root", str(ROOT)
    )
    assert bad.returncode == 2 and "`from`: expected a year" in bad.stderr
    unknown = run_cli(
        "query", "agreements", "--param", "nope=1", "--data", str(graph_path), "--root", str(ROOT)
    )
    assert unknown.returncode == 2 and "unknown parameter `nope`" in unknown.stderr
