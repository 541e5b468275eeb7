"""The persistent query store in build/: reused only while the inputs are unchanged, same rows as parsing."""

from __future__ import annotations

import os
import shutil

from helpers import GRAPH, ONTOLOGY, ROOT
from jhaan_kg.load import load_graph
from jhaan_kg.query import load_catalogue, run_named_query
from jhaan_kg.store import open_store, write_store


def test_the_store_gives_the_same_rows_and_goes_stale_when_a_file_changes(tmp_path):
    graph = tmp_path / "graph"
    shutil.copytree(GRAPH, graph)
    inputs = [ONTOLOGY, graph]
    kg = load_graph(inputs)
    write_store(kg, inputs, tmp_path / "store")
    stored = open_store(tmp_path / "store", inputs)
    assert stored is not None
    query = load_catalogue(ROOT / "queries")["relex-instruments"]
    assert run_named_query(stored, query, {"as_of": "2020-01-01"}) == run_named_query(kg, query, {"as_of": "2020-01-01"})
    del stored

    touched = graph / "agencies.ttl"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 1_000_000_000))
    assert open_store(tmp_path / "store", inputs) is None
    (graph / "agencies.ttl").unlink()
    assert open_store(tmp_path / "store", inputs) is None


def test_a_missing_or_broken_store_is_not_used(tmp_path):
    assert open_store(tmp_path / "nowhere", [ONTOLOGY, GRAPH]) is None
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "manifest.json").write_text("not json")
    assert open_store(tmp_path / "store", [ONTOLOGY, GRAPH]) is None
