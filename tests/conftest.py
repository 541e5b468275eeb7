"""Shared fixtures: the real graph and the shapes, loaded once per session."""

from __future__ import annotations

import pytest

from helpers import GRAPH, ONTOLOGY
from jhaan_kg.load import load_graph, load_shapes

@pytest.fixture(scope="session")
def ontology_kg():
    return load_graph([ONTOLOGY])


@pytest.fixture(scope="session")
def kg():
    return load_graph([ONTOLOGY, GRAPH])


@pytest.fixture(scope="session")
def shapes():
    return load_shapes([ONTOLOGY])
