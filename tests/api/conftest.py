"""A real server over the hand-written canned-query fixture graph."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ..helpers import ROOT, live_server

FIXTURES = ROOT / "tests" / "fixtures" / "canned"
GRAPH = FIXTURES / "graph.ttl"
EXPECTED = FIXTURES / "expected"


@pytest.fixture(scope="session")
def canned_server() -> Iterator[str]:
    """Base URL of `ilokg serve --data graph.ttl` (default graph, no union), cache of 64."""
    with live_server(
        "--data",
        str(GRAPH),
        "--root",
        str(ROOT),
        "--engine-workers",
        "2",
        env={"ILOKG_CACHE_SIZE": "64"},
    ) as base:
        yield base


@pytest.fixture(scope="session")
def graph_path() -> Path:
    return GRAPH
