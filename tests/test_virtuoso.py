"""The catalogue on a shared SPARQL 1.1 store (issue 6): every named query gives the same rows on Virtuoso
as on the embedded engine, through the same `--endpoint` path an analyst uses (SPARQLWrapper).

Two private Virtuoso servers (benchmarks/virtuoso.py), started once for this module: one loaded with the
real graph (ontology/ and graph/), one with the small fixture graph of the golden tests (this one with one
thread per query, so that both settings the benchmarks use are proved). Each query runs
with the parameters the golden and real-graph tests bind (GOLDEN_PARAMS, REAL_PARAMS), and each query that
takes parameters also as an analyst pastes it into a SPARQL tool, one BIND per parameter first inside its
outermost WHERE, for the values of test_queries_portable. `make test` installs Virtuoso; without it these
tests fail (they are never skipped) and say how to install it.

Rows are compared as the command line shows them (lexical values; '' when unbound), as multisets and in
the order the query's final ORDER BY fixes: the sequence of the ORDER BY columns must be the same, rows
that tie on them may come in either order. No value is rewritten before comparing: numbers, dates and
strings come out of both engines with the same lexical form for every query of the catalogue.
"""

from __future__ import annotations

import re
from collections import Counter
from contextlib import ExitStack

import pytest
from click.testing import CliRunner

from benchmarks.virtuoso import VirtuosoError, VirtuosoServer, catalogue_files
from helpers import FIXTURES, GRAPH, ONTOLOGY, REAL_PARAMS
from jhaan_kg.cli import main
from jhaan_kg.load import load_graph
from jhaan_kg.query import run_named_query, run_sparql_endpoint
from test_queries import CATALOGUE, GOLDEN_PARAMS, NAMES
from test_queries_portable import CASES as PORTABLE_CASES, analyst_text

SMALL = FIXTURES / "small"
DATA = {"real": [GRAPH], "small": [SMALL]}
PARAMS = {"real": REAL_PARAMS, "small": GOLDEN_PARAMS}
# two threads per query as in the harness, and one as `benchmarks.virtuoso --threads-per-query 1` gives
THREADS = {"real": 2, "small": 1}

# Differences Virtuoso 7.2.5 still shows, each for a reason found and checked by hand (strict: a fix shows).
KNOWN_DIFFERENCES = {
    ("agency-empact-involvement", "small"):
        "roles: Virtuoso sorts GROUP_CONCAT(DISTINCT ...) alphabetically ('Action leader, Driver') and ignores "
        "the order of the sub-select feeding it, which the embedded engine keeps ('Driver, Action leader', the "
        "order of the priorities); SPARQL leaves that order to the engine and the golden result fixes ours",
}


def cases() -> list:
    found = []
    for name in NAMES:
        for graph in DATA:
            reason = KNOWN_DIFFERENCES.get((name, graph))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            found.append(pytest.param(name, graph, marks=marks, id=f"{name}-{graph}"))
    return found


@pytest.fixture(scope="module")
def servers():
    # a failure, not a skip, when Virtuoso is missing: `make test` installs it (the message says so)
    with ExitStack() as stack:
        failure = None
        try:
            started = {name: stack.enter_context(VirtuosoServer(catalogue_files(paths, ONTOLOGY),
                                                                threads_per_query=THREADS[name]))
                       for name, paths in DATA.items()}
        except VirtuosoError as e:
            failure = str(e)
        if failure:
            pytest.fail(failure, pytrace=False)
        yield started


@pytest.fixture(scope="module")
def embedded():
    # what `jhaan-kg query run` queries: every triple once, in the default graph
    return {name: load_graph([ONTOLOGY, *paths], by_file=False) for name, paths in DATA.items()}


def order_columns(name: str, columns: tuple[str, ...]) -> list[int]:
    """The result columns the query's final ORDER BY sorts on (its other sort keys derive from them)."""
    text = "\n".join(line for line in CATALOGUE[name].text.splitlines() if not line.lstrip().startswith("#"))
    tail = text[text.rindex("}"):]
    match = re.search(r"\bORDER\s+BY\b(.*)", tail, flags=re.IGNORECASE | re.DOTALL)
    names = re.findall(r"\?(\w+)", match.group(1)) if match else []
    return [columns.index(n) for n in names if n in columns]


def assert_same_rows(name: str, expected, got) -> None:
    assert got.columns == expected.columns, name
    missing = Counter(expected.rows) - Counter(got.rows)
    extra = Counter(got.rows) - Counter(expected.rows)
    assert not missing and not extra, (
        f"{name}: {len(expected.rows)} rows embedded, {len(got.rows)} on Virtuoso\n"
        + "".join(f"  only embedded: {r}\n" for r in list(missing.elements())[:5])
        + "".join(f"  only Virtuoso: {r}\n" for r in list(extra.elements())[:5]))
    keys = order_columns(name, expected.columns)
    key = lambda row: tuple(row[i] for i in keys)
    assert [key(r) for r in got.rows] == [key(r) for r in expected.rows], f"{name}: rows in another order"


def test_virtuoso_holds_exactly_the_triples_the_embedded_engine_loads(servers, embedded):
    for name in DATA:
        assert servers[name].triples == len(embedded[name]), name


def test_each_server_runs_the_threads_per_query_it_was_given(servers):
    # the small graph's server answers every golden query below with one thread, the real graph's with two
    for name, threads in THREADS.items():
        settings = (servers[name].folder / "virtuoso.ini").read_text(encoding="utf-8").splitlines()
        wanted = [f"ThreadsPerQuery = {threads}"]
        assert [line for line in settings if line.startswith("ThreadsPerQuery")] == wanted, name


@pytest.mark.parametrize("name, graph", cases())
def test_query_gives_the_same_rows_on_virtuoso(servers, embedded, name, graph):
    params = PARAMS[graph].get(name, {})
    expected = run_named_query(embedded[graph], CATALOGUE[name], params)
    got = run_named_query(None, CATALOGUE[name], params, endpoint=servers[graph].endpoint)
    assert_same_rows(name, expected, got)


@pytest.mark.parametrize("name, graph, params", PORTABLE_CASES)
def test_the_analysts_text_gives_the_same_rows_on_virtuoso(servers, embedded, name, graph, params):
    # the query file with one BIND per parameter first inside its outermost WHERE (test_queries_portable)
    expected = run_named_query(embedded[graph], CATALOGUE[name], params)
    got = run_sparql_endpoint(servers[graph].endpoint, analyst_text(CATALOGUE[name], params))
    assert_same_rows(name, expected, got)


def test_command_line_gives_the_same_csv_from_virtuoso(servers):
    runner = CliRunner()
    local = runner.invoke(main, ["query", "run", "relex-instruments", "--ontology", str(ONTOLOGY),
                                 "--graph", str(GRAPH), "--format", "csv"])
    remote = runner.invoke(main, ["query", "run", "relex-instruments", "--endpoint", servers["real"].endpoint,
                                  "--format", "csv"])
    assert local.exit_code == 0 and remote.exit_code == 0, local.output + remote.output
    assert local.output.count("\n") > 50
    assert remote.output == local.output
