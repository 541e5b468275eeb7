"""The persistent query store in build/: reused only while the inputs are unchanged, same rows as parsing."""

from __future__ import annotations

import os
import shutil

from helpers import GRAPH, ONTOLOGY, ROOT
from jhaan_kg.load import load_graph
from jhaan_kg.query import load_catalogue, run_named_query
from jhaan_kg.store import ANSWERS, answer_name, answer_of, catalogue_texts, open_store, write_answers, write_store


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


def test_kept_answers_equal_evaluation_on_the_store_and_in_memory(tmp_path):
    inputs = [ONTOLOGY, GRAPH]
    kg = load_graph(inputs, by_file=False)
    write_store(kg, inputs, tmp_path / "store")
    answers = {text: answer_of(kg.merged, text) for text in catalogue_texts()}
    write_answers(answers, tmp_path / "store")
    catalogue = load_catalogue(ROOT / "queries")
    without_parameters = [q for q in catalogue.values() if not any(p.required for p in q.parameters)]
    assert None not in answers.values() and len(answers) == len(without_parameters) >= 20
    kept, recomputed = open_store(tmp_path / "store", inputs), open_store(tmp_path / "store", inputs, recompute=True)
    for query in without_parameters:
        assert (tmp_path / "store" / ANSWERS / answer_name(query.text)).is_file(), query.name
        in_memory = run_named_query(kg, query)
        assert run_named_query(kept, query) == in_memory, query.name
        assert run_named_query(recomputed, query) == in_memory, query.name


def test_a_kept_answer_is_what_query_run_reads_unless_asked_to_recompute(tmp_path):
    inputs = [ONTOLOGY, GRAPH]
    kg = load_graph(inputs, by_file=False)
    write_store(kg, inputs, tmp_path / "store")
    query = load_catalogue(ROOT / "queries")["working-groups"]
    # a kept answer that evaluation could not give proves which one is read
    write_answers({query.text: b'{"columns": ["x"], "rows": [["kept"]]}'}, tmp_path / "store")
    assert run_named_query(open_store(tmp_path / "store", inputs), query).rows == (("kept",),)
    assert run_named_query(open_store(tmp_path / "store", inputs, recompute=True), query) == run_named_query(kg, query)
    # with a parameter bound the text differs, so it is evaluated
    countries = load_catalogue(ROOT / "queries")["countries-by-agency"]
    assert (run_named_query(open_store(tmp_path / "store", inputs), countries, {"agency": "Frontex"})
            == run_named_query(kg, countries, {"agency": "Frontex"}))
    # an unreadable answer is ignored, not reported as the query's error
    (tmp_path / "store" / ANSWERS / answer_name(query.text)).write_bytes(b"{not json")
    assert run_named_query(open_store(tmp_path / "store", inputs), query) == run_named_query(kg, query)


def test_an_answer_that_reads_the_clock_is_kept_for_one_day_only(monkeypatch):
    text = "SELECT (NOW() AS ?now) {}"
    today = answer_name(text)
    monkeypatch.setattr("jhaan_kg.store.time.strftime", lambda fmt, t=None: "2999-01-01")
    assert answer_name(text) != today
    assert answer_name("SELECT ?s {}") == answer_name("SELECT ?s {}")
