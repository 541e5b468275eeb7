"""`serve` under load (issue 20, item 6): the load script runs, bounded in time, with no error, and a long
query neither holds the short ones up nor keeps its CPU priority; the answers `serve` keeps are those it
would evaluate (jhaan_kg/publish/cache.py, off with JHAAN_KG_SERVE_CACHE=off).

The figures themselves come from `make bench` (benchmarks/harness.py) and are kept in docs/bench.md; here
the script runs for a few seconds, on 127.0.0.1, with the server stopped at the end."""

from __future__ import annotations

import threading
import time

import pytest

from benchmarks.serve_load import measure
from helpers import GRAPH
from jhaan_kg.errors import Refused
from jhaan_kg.publish.cache import AnswerCache
from jhaan_kg.publish.protocol import Answer


@pytest.mark.parametrize("cache", [True, False], ids=["answers-kept", "every-query-evaluated"])
def test_the_load_script_runs_its_three_phases_without_an_error(tmp_path, cache):
    started = time.monotonic()
    phases = measure(GRAPH, tmp_path / "no-store", clients_count=4, seconds=2, timeout=3,
                     names=("relex-legend", "instruments-by-country", "meetings-attended"), cache=cache)
    assert time.monotonic() - started < 120
    one, many, loaded = phases
    assert [p.errors for p in phases] == [0, 0, 0], [p.examples for p in phases]
    assert one.answers > 10 and many.answers > 10 and loaded.answers > 10
    assert loaded.runaways >= 1
    assert many.quantile(0.95) is not None and many.quantile(0.5) <= many.quantile(0.95)


def test_a_kept_answer_is_the_evaluated_one_and_given_again():
    cache = AnswerCache()
    calls = []

    def evaluate(body=b"rows"):
        calls.append(1)
        return Answer("text/csv", body)

    first = cache.answer("SELECT * {}", "text/csv", None, evaluate)
    again = cache.answer("SELECT * {}", "text/csv", None, evaluate)
    assert first == again == Answer("text/csv", b"rows") and len(calls) == 1 and cache.hits == 1
    # another media type, or another text, is another question
    cache.answer("SELECT * {}", "application/json", None, evaluate)
    cache.answer("SELECT ?s {}", "text/csv", None, evaluate)
    assert len(calls) == 3


def test_a_query_that_reads_the_clock_or_is_refused_is_never_kept():
    cache = AnswerCache()
    calls = []

    def evaluate():
        calls.append(1)
        return Answer("text/csv", b"today")

    for text in ("SELECT (NOW() AS ?t) {}", "SELECT (rand() AS ?r) {}", "SELECT (STRUUID() AS ?u) {}"):
        for _ in range(2):
            cache.answer(text, "text/csv", None, evaluate)
    assert len(calls) == 6

    def refuse():
        calls.append(1)
        raise Refused(400, "the query does not parse")

    for _ in range(2):
        with pytest.raises(Refused):
            cache.answer("SELECT ?x WHERE {", "text/csv", None, refuse)
    assert len(calls) == 8


def test_the_cache_keeps_within_its_limit_dropping_the_least_recently_asked():
    cache = AnswerCache(limit=10_000)
    for i in range(30):
        cache.answer(f"q{i}", None, None, lambda: Answer("text/csv", b"x" * 900))
    assert cache.used <= 10_000 and ("q29", None, None) in cache.kept and ("q0", None, None) not in cache.kept
    cache.answer("big", None, None, lambda: Answer("text/csv", b"x" * 5000))  # over a tenth: not kept
    assert ("big", None, None) not in cache.kept


def test_the_cache_is_safe_across_threads():
    cache = AnswerCache(limit=50_000)
    errors = []

    def work(n):
        try:
            for i in range(300):
                key = f"q{(i * n) % 40}"
                assert cache.answer(key, None, None, lambda: Answer("text/csv", key.encode() * 50)).body == key.encode() * 50
        except AssertionError as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(1, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert errors == [] and cache.used <= 50_000
