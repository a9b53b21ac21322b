"""Session fixtures for the ontology and shape tests: the graphs are loaded once."""

from __future__ import annotations

import pytest
import rdflib
from ontology_helpers import load, model_files, shape_files


@pytest.fixture(scope="session")
def model() -> rdflib.Graph:
    """The ontology and all SKOS vocabularies, merged."""
    return load(model_files())


@pytest.fixture(scope="session")
def shapes() -> rdflib.Graph:
    return load(shape_files())
