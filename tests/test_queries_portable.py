"""Catalogue queries any SPARQL tool can run (issue 18, item 5).

An analyst who copies a query of queries/ into another SPARQL tool sets each parameter with one line,
`BIND(value AS ?name)`, first inside the outermost WHERE clause (queries/README.md). For every catalogue
query that takes parameters, and several values of them on the small fixture graph (GOLDEN_PARAMS and more)
and on graph/ (REAL_PARAMS and more), that text gives exactly the rows of `run_named_query` on pyoxigraph,
the same rows on rdflib (compared as test_rdflib_reference compares them: sorted, GROUP_CONCAT parts
sorted), and `bind_parameters` writes nothing else. test_virtuoso runs the same texts on Virtuoso.
"""

from __future__ import annotations

import re

import pytest
import rdflib

from benchmarks.rows import unordered_concat
from benchmarks.virtuoso import catalogue_files
from helpers import FIXTURES, GRAPH, ONTOLOGY, REAL_PARAMS
from jhaan_kg.load import load_graph
from jhaan_kg.query import bind_parameters, run_named_query, run_sparql, strip_comments, to_term
from test_queries import CATALOGUE, FIXTURE_ID, GOLDEN_PARAMS, NAMES

ID = "https://w3id.org/jhaan-kg/id/"
DATA = {"small": [FIXTURES / "small"], "real": [GRAPH]}
BASE_PARAMS = {"small": GOLDEN_PARAMS, "real": REAL_PARAMS}

# More parameter values, each set added to the query's base parameters of that graph.
MORE_PARAMS: dict[str, dict[str, list[dict[str, str]]]] = {
    "small": {
        # RU: an instrument with two status changes
        "instruments-by-country": [{"country": "RU"}, {"country": "UA"}, {"country": "ZZ"}],
        "agencies-without-instrument": [{"country": "RS"}],
        "meetings-attended": [{"year": "2024"}, {"agency": "BETA"}],
        "sources-of": [{"subject": FIXTURE_ID + "instrument/alpha-rs-strategic-agreement-2008"}],
        "agency-empact-involvement": [{"agency": "BETA"}, {"agency": "GAMMA"}],
        "countries-by-agency": [{"agency": "ALPHA"}, {"agency": "GAMMA"}],
        "empact-involvement": [{"agency": "ALPHA"}],
        "instruments-timeline": [{"agency": "BETA"}],
        "personal-data-instruments": [{"agency": "ALPHA"}, {"agency": "GAMMA"}],
        "events-by-year": [{"year": "2023"}, {"year": "1999"}],
        "countries-covered-by-agencies": [{"min_agencies": "1"}],
        "empact-priorities": [{"cycle": ID + "empact/cycle-2022-2025"}],
        "infographic-empact-cycle": [{"cycle": ID + "empact/cycle-2022-2025"}],
        "relex-instruments": [{"as_of": "2015-01-01"}],
    },
    "real": {
        # BY: an instrument with two status changes
        "instruments-by-country": [{"country": "BY"}, {"country": "ua"}, {"country": "XK"}],
        "agencies-without-instrument": [{"country": "UA"}],
        "meetings-attended": [{"year": "2023"}, {"agency": "eu-LISA"}],
        # the roadmap: a hanging node (its participation) without a source of its own
        "sources-of": [{"subject": ID + "agency/frontex"}, {"subject": ID + "project/euaa-ba-roadmap"}],
        "agency-empact-involvement": [{"agency": "Frontex"}, {"agency": "eu-LISA"}, {"agency": "EIGE"}],
        "countries-by-agency": [{"agency": "Frontex"}, {"agency": "eu-LISA"}, {"agency": "EIGE"}],
        "empact-involvement": [{"agency": "Frontex"}, {"agency": "Europol"}],
        "instruments-timeline": [{"agency": "Frontex"}, {"agency": "EIGE"}],
        "personal-data-instruments": [{"agency": "Europol"}, {"agency": "Frontex"}],
        "events-by-year": [{"year": "2023"}],
        "countries-covered-by-agencies": [{"min_agencies": "3"}],
        "empact-priorities": [{"cycle": ID + "empact/cycle-2018-2021"}],
        "infographic-agencies": [{"as_of": "2017-12-31"}],
        "infographic-empact-cycle": [{"infographic": ID + "empact/infographic-2023"}],
        "relex-footnotes": [{"infographic": ID + "network/relex-infographic-2023"}],
        "relex-legend": [{"infographic": ID + "network/relex-infographic-2023"}],
        "relex-instruments": [{"as_of": "2017-12-31"}],
        "relex-matrix": [{"as_of": "2020-12-31"}],
        "annex-figures": [{"as_of": "2017-12-31"}],
    },
}


def analyst_text(query, params: dict[str, str]) -> str:
    """The query file as an analyst runs it in another tool: a line `BIND(value AS ?name)` per parameter,
    first inside the outermost WHERE clause (the first in the text: a sub-query's comes after it)."""
    where = re.search(r"\bWHERE\s*\{", strip_comments(query.text), flags=re.IGNORECASE).end()
    declared = {p.name: p for p in query.parameters}
    lines = "".join(f"\n  BIND({to_term(declared[n], v)} AS ?{n})" for n, v in sorted(params.items()))
    return query.text[:where] + lines + query.text[where:]


def portable_cases() -> list[tuple[str, str, dict[str, str]]]:
    """(query, graph, parameters) for every catalogue query that takes parameters: its base parameters of
    the graph, and the base with each set of MORE_PARAMS; never without a parameter bound."""
    cases = []
    for graph, base in BASE_PARAMS.items():
        for name in NAMES:
            if not CATALOGUE[name].parameters:
                continue
            sets = [base.get(name, {})] + [base.get(name, {}) | more for more in MORE_PARAMS[graph].get(name, [])]
            for params in sets:
                if params and (name, graph, params) not in cases:
                    cases.append((name, graph, params))
    return cases


def case_id(name: str, graph: str, params: dict[str, str]) -> str:
    return f"{name}-{graph}-" + "-".join(v.rsplit("/", 1)[-1] for _, v in sorted(params.items()))


CASES = [pytest.param(*case, id=case_id(*case)) for case in portable_cases()]


@pytest.fixture(scope="module")
def embedded(kg):
    return {"small": load_graph([ONTOLOGY, *DATA["small"]]), "real": kg}


@pytest.fixture(scope="module")
def rdflib_graphs():
    graphs = {}
    for name, paths in DATA.items():
        graphs[name] = rdflib.Graph()
        for path in catalogue_files(paths, ONTOLOGY):
            graphs[name].parse(path, format="turtle")
    return graphs


def test_every_query_with_parameters_is_run_with_some_bound_on_both_graphs():
    covered = {(name, graph) for name, graph, _ in portable_cases()}
    for name in NAMES:
        if CATALOGUE[name].parameters:
            assert {(name, "small"), (name, "real")} <= covered, name


def test_no_query_asks_for_its_parameters_to_be_bound_anywhere_else():
    for name in NAMES:
        assert "bind parameters here" not in CATALOGUE[name].text.lower(), name


def test_serbia_pasted_into_another_tool_gives_the_eight_instruments_query_run_gives(kg):
    # the issue's example: with its parameter bound inside sub-queries too, the text an analyst bound with
    # one BIND gave no row
    rows = run_sparql(kg, analyst_text(CATALOGUE["instruments-by-country"], {"country": "RS"})).rows
    assert len(rows) == 8 and {r[0] for r in rows} == {"EMCDDA", "Eurojust", "Europol", "FRA", "Frontex"}


@pytest.mark.parametrize("graph, country, instrument", [
    ("real", "BY", ID + "instrument/frontex-by-working-arrangement-2009"),
    ("small", "RU", FIXTURE_ID + "instrument/beta-ru-working-arrangement")])
def test_an_instrument_with_two_status_changes_has_one_row_with_the_latest(embedded, graph, country, instrument):
    # the latest status change is found per instrument in an OPTIONAL now, not by a sub-query
    rows = run_sparql(embedded[graph], analyst_text(CATALOGUE["instruments-by-country"], {"country": country})).dicts()
    assert [(r["status"], r["status_since"]) for r in rows if r["instrument"] == instrument] == [
        ("Suspended", "not before 2021")]


@pytest.mark.parametrize("name, graph, params", CASES)
def test_bind_parameters_writes_just_the_analysts_lines(name, graph, params):
    # the same text but for spaces: `BIND (` and one line for all parameters
    squeeze = lambda text: re.sub(r"\s+", "", text)
    assert squeeze(bind_parameters(CATALOGUE[name], params)) == squeeze(analyst_text(CATALOGUE[name], params))


@pytest.mark.parametrize("name, graph, params", CASES)
def test_the_analysts_text_gives_our_rows_on_pyoxigraph(embedded, name, graph, params):
    expected = run_named_query(embedded[graph], CATALOGUE[name], params)
    assert run_sparql(embedded[graph], analyst_text(CATALOGUE[name], params)) == expected


@pytest.mark.parametrize("name, graph, params", CASES)
def test_the_analysts_text_gives_our_rows_on_rdflib(embedded, rdflib_graphs, name, graph, params):
    text = analyst_text(CATALOGUE[name], params)
    ours = unordered_concat(text, run_named_query(embedded[graph], CATALOGUE[name], params).rows)
    theirs = unordered_concat(text, [tuple("" if v is None else str(v) for v in row)
                                     for row in rdflib_graphs[graph].query(text)])
    assert theirs == ours
