"""Shared fixtures: the real graph and the shapes, loaded once per session."""

from __future__ import annotations

import shutil

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


@pytest.fixture
def graph(tmp_path, monkeypatch):
    """A copy of graph/ for a test to change, with a validation-report cache of its own."""
    monkeypatch.setenv("JHAAN_KG_CACHE", str(tmp_path / "cache"))
    copy = tmp_path / "graph"
    shutil.copytree(GRAPH, copy)
    return copy


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium from Debian (tests/browser.py), one per test module that asks for it."""
    from playwright.sync_api import sync_playwright  # only the browser tests need it

    from browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
