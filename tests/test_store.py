"""The persistent query store in build/: reused only while the inputs are unchanged, same rows as parsing."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from helpers import GRAPH, ONTOLOGY, ROOT
from jhaan_kg.cli import main
from jhaan_kg.load import load_graph
from jhaan_kg.query import bind_parameters, load_catalogue, run_named_query, run_sparql, strip_comments
from jhaan_kg.load.store import open_store, write_store
from jhaan_kg.query.answers import (ANSWERS, CLOCK, THE_DAY, KeptAnswers, answer_name, answer_of, catalogue_texts,
                                    today, write_answers)


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


def test_query_run_says_when_it_reads_the_files_instead_of_a_store_that_does_not_match(tmp_path, monkeypatch):
    # a project folder of its own, so that its build/store is the default store
    shutil.copytree(GRAPH, tmp_path / "graph")
    shutil.copytree(ONTOLOGY, tmp_path / "ontology")
    shutil.copytree(ROOT / "queries", tmp_path / "queries")
    inputs = [tmp_path / "ontology", tmp_path / "graph"]
    write_store(load_graph(inputs), inputs, tmp_path / "build" / "store")
    monkeypatch.chdir(tmp_path)

    def run(*options):
        return CliRunner().invoke(main, ["query", "run", "working-groups", "--format", "csv", *options])

    matching = run()
    assert matching.exit_code == 0 and matching.stderr == "" and matching.stdout.count("\n") > 1
    touched = tmp_path / "graph" / "agencies.ttl"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 1_000_000_000))
    stale = run()
    assert stale.exit_code == 0 and stale.stdout == matching.stdout
    assert f"{tmp_path / 'build' / 'store'} does not match the input files" in stale.stderr
    # another graph named: the default store is not expected to match it, so nothing is said
    other = run("--graph", str(tmp_path / "graph" / "agencies.ttl"))
    assert other.exit_code == 0 and other.stderr == ""
    missing = run("--store", str(tmp_path / "nowhere"))
    assert missing.exit_code == 0 and missing.stdout == matching.stdout
    assert f"no store in {tmp_path / 'nowhere'}" in missing.stderr


def test_a_missing_or_broken_store_is_not_used(tmp_path):
    assert open_store(tmp_path / "nowhere", [ONTOLOGY, GRAPH]) is None
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "manifest.json").write_text("not json")
    assert open_store(tmp_path / "store", [ONTOLOGY, GRAPH]) is None


def test_kept_answers_equal_evaluation_on_the_store_and_in_memory(tmp_path):
    inputs = [ONTOLOGY, GRAPH]
    kg = load_graph(inputs, by_file=False)
    write_store(kg, inputs, tmp_path / "store")
    answers = {text: answer_of(kg.merged, text) for text in catalogue_texts(kg.merged)}
    write_answers(answers, tmp_path / "store")
    catalogue = load_catalogue(ROOT / "queries")
    # each query without parameters, and the one that needs an agency once for each of the nine agencies
    runs = [(q, {}) for q in catalogue.values() if not any(p.required for p in q.parameters)]
    agencies = [row[0] for row in run_sparql(kg, "PREFIX jhaan: <https://w3id.org/jhaan-kg/ontology#> "
                                                 "SELECT ?acronym { ?a a jhaan:Agency ; jhaan:acronym ?acronym }").rows]
    assert len(agencies) == 9 and "Europol" in agencies
    runs += [(catalogue["meetings-attended"], {"agency": agency}) for agency in agencies]
    assert None not in answers.values() and len(answers) == len(runs) >= 29
    stored, kept = open_store(tmp_path / "store", inputs), KeptAnswers(tmp_path / "store")
    for query, params in runs:
        assert (tmp_path / "store" / ANSWERS / answer_name(bind_parameters(query, params))).is_file(), query.name
        in_memory = run_named_query(kg, query, params)
        assert run_named_query(stored, query, params, answers=kept) == in_memory, (query.name, params)
        assert run_named_query(stored, query, params) == in_memory, (query.name, params)
    assert any(run_named_query(kg, catalogue["meetings-attended"], {"agency": a}).rows for a in agencies)


def test_build_keeps_one_answer_per_agency_for_a_query_that_needs_an_agency(tmp_path):
    inputs = [ONTOLOGY, GRAPH]
    kg = load_graph(inputs, by_file=False)
    write_store(kg, inputs, tmp_path / "store")
    meetings = load_catalogue(ROOT / "queries")["meetings-attended"]
    europol = bind_parameters(meetings, {"agency": "Europol"})
    assert europol in catalogue_texts(kg.merged)
    # a kept answer that evaluation could not give proves which one is read
    write_answers({europol: b'{"columns": ["x"], "rows": [["kept"]]}'}, tmp_path / "store")
    stored, kept = open_store(tmp_path / "store", inputs), KeptAnswers(tmp_path / "store")
    assert run_named_query(stored, meetings, {"agency": "Europol"}, answers=kept).rows == (("kept",),)
    # another agency, or another parameter beside the agency, is another text: evaluated
    for params in ({"agency": "Frontex"}, {"agency": "Europol", "year": "2023"}, {"agency": "europol"}):
        assert run_named_query(stored, meetings, params, answers=kept) == run_named_query(kg, meetings, params), params


def test_a_kept_answer_is_what_query_run_reads_unless_asked_to_recompute(tmp_path):
    inputs = [ONTOLOGY, GRAPH]
    kg = load_graph(inputs, by_file=False)
    write_store(kg, inputs, tmp_path / "store")
    query = load_catalogue(ROOT / "queries")["working-groups"]
    # a kept answer that evaluation could not give proves which one is read
    write_answers({query.text: b'{"columns": ["x"], "rows": [["kept"]]}'}, tmp_path / "store")
    stored, kept = open_store(tmp_path / "store", inputs), KeptAnswers(tmp_path / "store")
    assert run_named_query(stored, query, answers=kept).rows == (("kept",),)
    assert run_named_query(stored, query) == run_named_query(kg, query)  # what --recompute does
    # with a parameter bound the text differs, so it is evaluated
    countries = load_catalogue(ROOT / "queries")["countries-by-agency"]
    assert (run_named_query(stored, countries, {"agency": "Frontex"}, answers=kept)
            == run_named_query(kg, countries, {"agency": "Frontex"}))
    # an unreadable answer is ignored, not reported as the query's error
    (tmp_path / "store" / ANSWERS / answer_name(query.text)).write_bytes(b"{not json")
    assert run_named_query(stored, query, answers=kept) == run_named_query(kg, query)


def on_day(text: str, day: str) -> str:
    """Query text `text` as it reads on `day`: the engine's clock replaced by that day."""
    return THE_DAY.sub(f'"{day}"', text)


def last_day_before(value: str | None) -> str:
    """The latest day whose text sorts before `value` (a date, a year, anything after every day, or None)."""
    if value is None or not value[:1].isdigit():
        return "9999-12-31"
    start = date.fromisoformat(value[:10]) if len(value) >= 10 else date(int(value[:4]), 1, 1)
    return start.isoformat() if start.isoformat() < value else (start - timedelta(days=1)).isoformat()


def test_an_answer_that_reads_the_day_holds_until_the_next_value_of_the_graph():
    kg = load_graph([ONTOLOGY, GRAPH], by_file=False)
    clock_queries = [text for text in catalogue_texts(kg.merged) if CLOCK.search(strip_comments(text))]
    assert len(clock_queries) == 4  # relex-instruments, relex-matrix, infographic-agencies, annex-figures
    dates = sorted({s[0].value for s in kg.merged.query(
        "SELECT DISTINCT ?d { ?s ?p ?d FILTER (DATATYPE(?d) = <http://www.w3.org/2001/XMLSchema#date>) }")})
    assert len(dates) > 40
    # build days just before, on and after dates the graph holds, and today: the answer on the last day of
    # each window is the answer on its first
    days = [(date.fromisoformat(d) + timedelta(days=shift)).isoformat()
            for d in dates[::len(dates) // 12] for shift in (-1, 0, 1)] + [today()]
    checked = 0
    for text in clock_queries:
        assert not CLOCK.search(THE_DAY.sub("", strip_comments(text))), "the clock is read only as the day"
        for day in days:
            kept = answer_with_clock(kg.merged, text, day)
            if kept is None:  # a row shows that day (a date of the graph): evaluated, not kept
                assert day in dates
                continue
            until = json.loads(kept)["until"]
            last = max(day, last_day_before(until))
            if last != day:
                checked += 1
                assert run_sparql(kg.merged, on_day(text, last)) == run_sparql(kg.merged, on_day(text, day)), (text[:40], day, last)
    assert checked > 20


def answer_with_clock(graph, text: str, day: str) -> bytes:
    """The answer build would keep on `day` (its rows are today's: only its window is of that day)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("jhaan_kg.query.answers.today", lambda: day)
        return answer_of(graph, text)


def test_a_kept_answer_that_reads_the_day_is_read_only_inside_its_window(tmp_path, monkeypatch):
    inputs = [ONTOLOGY, GRAPH]
    kg = load_graph(inputs, by_file=False)
    write_store(kg, inputs, tmp_path / "store")
    query = load_catalogue(ROOT / "queries")["relex-instruments"]
    planted = {"columns": ["x"], "rows": [["kept"]], "day": "2030-01-10"}
    write_answers({query.text: json.dumps(planted).encode()}, tmp_path / "store")
    stored = open_store(tmp_path / "store", inputs)

    def read_on(day: str, until: str | None) -> bool:
        (tmp_path / "store" / ANSWERS / answer_name(query.text)).write_text(json.dumps({**planted, "until": until}))
        monkeypatch.setattr("jhaan_kg.query.answers.today", lambda: day)
        return run_named_query(stored, query, answers=KeptAnswers(tmp_path / "store")).rows == (("kept",),)

    for day, kept in [("2030-01-09", False), ("2030-01-10", True), ("2030-01-31", True), ("2030-02-01", False),
                      ("2031-01-01", False)]:
        assert read_on(day, "2030-02-01") is kept, day
    # no value after the day: kept from then on; a value on the day itself: kept on that day only
    assert read_on("2999-01-01", None) and read_on("2030-01-10", "2030-01-10")
    assert not read_on("2030-01-11", "2030-01-10")


def test_an_answer_that_reads_the_time_of_day_or_shows_the_day_is_not_kept():
    kg = load_graph([ONTOLOGY, GRAPH], by_file=False)
    assert answer_of(kg.merged, "SELECT (NOW() AS ?now) {}") is None
    # nor one that shows the day itself: it changes every day
    assert answer_of(kg.merged, "SELECT (SUBSTR(STR(NOW()), 1, 10) AS ?day) {}") is None
    kept = json.loads(answer_of(kg.merged, 'SELECT ?x { BIND (IF("2000-01-01" <= SUBSTR(STR(NOW()), 1, 10), '
                                           '"after", "before") AS ?x) }'))
    assert kept["rows"] == [["after"]] and kept["day"] == today() < kept["until"]
    assert answer_name("SELECT ?s {}") == answer_name("SELECT ?s {}") != answer_name("SELECT ?o {}")


def test_the_strings_of_a_query_end_its_window_and_those_in_its_comments_do_not():
    kg = load_graph([ONTOLOGY, GRAPH], by_file=False)
    day = date.fromisoformat(today())
    in_comment, in_long_string = (day + timedelta(days=1)).isoformat(), (day + timedelta(days=2)).isoformat()
    text = (f'SELECT ?x {{ BIND (IF(SUBSTR(STR(NOW()), 1, 10) < """{in_long_string}""", "before", "after") AS ?x) }}'
            f' # until "{in_comment}"')
    kept = json.loads(answer_of(kg.merged, text, first_value=lambda _: None))
    assert kept["rows"] == [["before"]] and kept["until"] == in_long_string
