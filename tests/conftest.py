"""Shared fixtures: the real project store and a real server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from ilokg.namespaces import Namespaces
from ilokg.store import build

from .helpers import ROOT, live_server


@pytest.fixture(scope="session")
def project_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real ontology + data, SHACL-validated and built into a store, as `ilokg build` does."""
    store = tmp_path_factory.mktemp("store") / "store"
    build(store, Namespaces(), root=ROOT)
    return store


@pytest.fixture(scope="session")
def server(project_store: Path) -> Iterator[str]:
    """Base URL of `ilokg serve` over the real store, with a short query timeout."""
    with live_server(
        "--store",
        str(project_store),
        "--root",
        str(ROOT),
        "--query-timeout",
        "3",
        "--engine-workers",
        "2",
    ) as base:
        yield base
