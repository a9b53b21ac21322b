"""Golden tests: every canned query on the fixture graph, through the real HTTP server.

Each `tests/fixtures/canned/expected/{name}.json` holds cases (parameters and the expected rows,
checked by hand against graph.ttl). `ILOKG_UPDATE_GOLDEN=1` rewrites the rows from the server;
review the diff before committing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import httpx
import pytest

from ilokg.catalog import Catalog
from ilokg.namespaces import Namespaces

from ..helpers import ROOT
from .conftest import EXPECTED

NAMES = sorted(p.stem for p in (ROOT / "queries").glob("*.rq"))
UPDATE = os.environ.get("ILOKG_UPDATE_GOLDEN") == "1"


def test_every_query_has_a_golden_file() -> None:
    assert NAMES, "no canned queries"
    assert sorted(p.stem for p in EXPECTED.glob("*.json")) == NAMES


def test_every_parameter_is_exercised() -> None:
    catalog = Catalog.load(ROOT / "queries", Namespaces())
    for query in catalog:
        cases = json.loads((EXPECTED / f"{query.name}.json").read_text())["cases"]
        used = {k for case in cases for k in case["params"]}
        assert used == {p.name for p in query.params}, query.name
        assert any(case["rows"] for case in cases), f"{query.name}: no case with rows"


@pytest.mark.parametrize("name", NAMES)
def test_golden(canned_server: str, name: str) -> None:
    path: Path = EXPECTED / f"{name}.json"
    golden: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    for case in golden["cases"]:
        r = httpx.get(
            f"{canned_server}/api/queries/{name}",
            params={**case["params"], "limit": 1000},
            timeout=30,
        )
        assert r.status_code == 200, (case["params"], r.text)
        body = r.json()
        assert body["query"] == name
        assert body["count"] == len(body["rows"])
        if UPDATE:
            case["rows"] = body["rows"]
            continue
        assert body["rows"] == case["rows"], f"{name} {case['params']}"
    if UPDATE:
        path.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
