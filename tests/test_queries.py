"""The analysts' query catalogue (issue 5).

Every query in queries/ parses as plain SPARQL 1.1 and documents itself; every query gives its golden
result on the small synthetic graph of tests/fixtures/small; on the real graph the main queries answer
what the sources say, parameters cannot inject SPARQL, and the command line reports bad queries.

Golden results are refreshed only on purpose: JHAAN_UPDATE_GOLDEN=1 rewrites tests/golden/*.csv, which
are then read and checked by hand (tests/golden/README.md).
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib.plugins.sparql import prepareQuery

from helpers import FIXTURES, ONTOLOGY, REAL_PARAMS, ROOT
from jhaan_kg.cli import main
from jhaan_kg.query.formats import format_result
from jhaan_kg.load import load_graph, load_shapes
from jhaan_kg.errors import QueryError
from jhaan_kg.query import QueryResult, bind_parameters, load_catalogue, run_named_query, run_sparql
from jhaan_kg.validate import validate_graph

QUERIES = ROOT / "queries"
GOLDEN = ROOT / "tests" / "golden"
SMALL = FIXTURES / "small"
CATALOGUE = load_catalogue(QUERIES)
NAMES = sorted(CATALOGUE)
UPDATE_GOLDEN = os.environ.get("JHAAN_UPDATE_GOLDEN") == "1"

FIXTURE_ID = "https://w3id.org/jhaan-kg/id/"

# The parameter values of each golden result. A query whose parameter defaults to today must be given a
# date here, so that its golden result does not change with the calendar.
GOLDEN_PARAMS: dict[str, dict[str, str]] = {
    "instruments-by-country": {"country": "rs"},
    "agencies-without-instrument": {"country": "NO"},
    "meetings-attended": {"agency": "GAMMA"},
    "sources-of": {"subject": FIXTURE_ID + "event/fixture-2024-06-workshop"},
    "relex-instruments": {"as_of": "2020-12-31"},
    "relex-matrix": {"as_of": "2020-12-31"},
    "infographic-agencies": {"as_of": "2020-12-31"},
    "annex-figures": {"as_of": "2020-12-31"},
    "relex-footnotes": {"infographic": FIXTURE_ID + "network/fixture-relex-infographic"},
    "relex-legend": {"infographic": FIXTURE_ID + "network/fixture-relex-infographic"},
    "infographic-empact-cycle": {"infographic": FIXTURE_ID + "network/fixture-empact-infographic"},
}

SAMPLE_VALUES = {"xsd:date": "2020-01-01", "xsd:gYear": "2020", "xsd:integer": "2", "xsd:string": "X",
                 "xsd:boolean": "true", "iri": "https://example.org/x"}

INJECTION = 'RS" } UNION { ?s ?p ?o } #'


def header_fields(text: str) -> set[str]:
    """The field names of the leading comment block (`# title:` and so on)."""
    fields = set()
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"^# (\w+):", line)
        if m:
            fields.add(m.group(1))
    return fields


def rows_of(result) -> list[dict[str, str]]:
    """The rows of a QueryResult as dicts, column -> value."""
    return result.dicts()


@pytest.fixture(scope="module")
def small_kg():
    return load_graph([ONTOLOGY, SMALL])


def run_small(small_kg, name, **params):
    return run_named_query(small_kg, CATALOGUE[name], params)


# ---------------------------------------------------------------------------------------------------
# 1. Every query parses and documents itself
# ---------------------------------------------------------------------------------------------------


def test_the_catalogue_has_the_analysts_queries():
    assert set(NAMES) >= {
        "relex-instruments", "empact-involvement", "empact-priorities", "coverage-by-agency",
        "instruments-by-country", "countries-by-agency", "agencies-without-instrument",
        "personal-data-instruments", "instruments-timeline", "suspended-and-on-hold",
        "countries-covered-by-agencies", "agency-empact-involvement", "meetings-attended",
        "cooperating-agency-pairs", "working-groups", "chairs-and-trio", "sources-of",
        "conflicting-claims", "events-by-year"}


@pytest.mark.parametrize("name", NAMES)
def test_query_parses_as_plain_sparql_and_has_its_header(name):
    query = CATALOGUE[name]
    assert query.text.startswith("# title:"), "a query starts with its header"
    assert header_fields(query.text) >= {"title", "description", "parameters"}
    assert query.title and query.description
    assert query.description.endswith("."), "the description is written as sentences"
    # pyoxigraph on an empty store, and rdflib's SPARQL 1.1 parser (no engine extensions)
    list(ox.Store().query(query.text))
    prepareQuery(query.text)
    # a declared parameter is a variable of the query, and binding every one still gives valid SPARQL
    for p in query.parameters:
        assert re.search(rf"\?{p.name}\b", query.text), f"parameter {p.name} is not used"
    bound = bind_parameters(query, {p.name: SAMPLE_VALUES[p.type] for p in query.parameters})
    prepareQuery(bound)
    ox.Store().query(bound)


@pytest.mark.parametrize("name", NAMES)
def test_query_declares_every_prefix_it_uses(name):
    text = "\n".join(line for line in CATALOGUE[name].text.splitlines() if not line.lstrip().startswith("#"))
    body = re.sub(r'"(?:[^"\\]|\\.)*"|<[^>\s]*>', "", text)
    declared = set(re.findall(r"PREFIX\s+(\w*):", text, flags=re.IGNORECASE))
    used = set(re.findall(r"(?<![\w?$])([A-Za-z][\w-]*):(?=[A-Za-z_])", body)) - {"PREFIX"}
    assert used <= declared, f"undeclared prefixes: {sorted(used - declared)}"


# ---------------------------------------------------------------------------------------------------
# 2. Golden results on the small synthetic graph
# ---------------------------------------------------------------------------------------------------


def test_the_small_fixture_has_no_violation(small_kg):
    report = validate_graph(small_kg, load_shapes([ONTOLOGY]))
    assert report.violations == 0, report.to_text()  # warnings allowed (SHACL's sh:conforms is then false)


@pytest.mark.parametrize("name", NAMES)
def test_query_gives_its_golden_result_on_the_small_graph(small_kg, name):
    query = CATALOGUE[name]
    params = GOLDEN_PARAMS.get(name, {})
    missing = [p.name for p in query.parameters if p.required and p.name not in params]
    assert not missing, f"give {name}'s required parameters in GOLDEN_PARAMS: {missing}"
    dated = [p.name for p in query.parameters if "today" in (p.default or "") and p.name not in params]
    assert not dated, f"give {name}'s parameters that default to today in GOLDEN_PARAMS: {dated}"
    got = format_result(run_named_query(small_kg, query, params), "csv")
    golden = GOLDEN / f"{name}.csv"
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(got, encoding="utf-8")
        return
    assert golden.exists(), (f"no golden result for {name}: run JHAAN_UPDATE_GOLDEN=1 pytest tests/test_queries.py, "
                             f"then read {golden.relative_to(ROOT)} and check it against tests/fixtures/small")
    assert got == golden.read_text(encoding="utf-8")


def test_every_golden_file_belongs_to_a_query():
    assert {p.stem for p in GOLDEN.glob("*.csv")} <= set(NAMES)


def test_golden_results_come_out_the_same_twice(small_kg):
    # blank nodes and hash order must not leak into the results
    reloaded = load_graph([ONTOLOGY, SMALL])
    for name in NAMES:
        first = run_named_query(small_kg, CATALOGUE[name], GOLDEN_PARAMS.get(name, {}))
        again = run_named_query(reloaded, CATALOGUE[name], GOLDEN_PARAMS.get(name, {}))
        assert first == again, name


# Other parameter values on the small graph, beyond the one golden run of each query.


def test_country_code_is_read_in_either_case_and_an_unknown_code_gives_nothing(small_kg):
    upper = run_small(small_kg, "instruments-by-country", country="RS")
    assert upper == run_small(small_kg, "instruments-by-country", country="rs") and len(upper.rows) == 3
    assert run_small(small_kg, "instruments-by-country", country="ZZ").rows == ()
    assert run_small(small_kg, "agencies-without-instrument", country="ZZ").rows == ()
    assert [r["agency"] for r in rows_of(run_small(small_kg, "agencies-without-instrument", country="RS"))] == ["GAMMA"]


def test_agency_parameter_keeps_one_agency(small_kg):
    rows = rows_of(run_small(small_kg, "countries-by-agency", agency="GAMMA"))
    assert [(r["agency"], r["iso2"]) for r in rows] == [("GAMMA", "NO"), ("GAMMA", "UA")]
    rows = rows_of(run_small(small_kg, "instruments-timeline", agency="BETA"))
    assert [(r["year"], r["instruments"], r["agencies"]) for r in rows] == [("2016", "1", "BETA"), ("unknown", "1", "BETA")]
    rows = rows_of(run_small(small_kg, "agency-empact-involvement", agency="BETA"))
    assert [r["year"] for r in rows] == ["2023", "2024"]
    rows = rows_of(run_small(small_kg, "personal-data-instruments", agency="GAMMA"))
    assert rows == []


def test_year_parameter_keeps_one_year(small_kg):
    rows = rows_of(run_small(small_kg, "meetings-attended", agency="GAMMA", year="2024"))
    assert [(r["event"], r["via"]) for r in rows] == [("Fixture workshop", "FIXNET")]
    rows = rows_of(run_small(small_kg, "events-by-year", year="2023"))
    assert [r["event"] for r in rows] == ["Fixture contact points meeting"]
    assert run_small(small_kg, "events-by-year", year="1999").rows == ()


def test_min_agencies_parameter(small_kg):
    count = lambda n: [r["iso2"] for r in rows_of(run_small(small_kg, "countries-covered-by-agencies", min_agencies=n))]
    assert count("1") == ["RU", "RS", "UA", "NO"]  # most agencies first, then by name
    assert count("3") == []


def test_a_named_agency_is_not_listed_again_through_the_network(small_kg):
    rows = rows_of(run_small(small_kg, "meetings-attended", agency="BETA"))
    assert [(r["event"], r["roles"], r["via"]) for r in rows] == [
        ("Fixture contact points meeting", "Participant", ""), ("Fixture workshop", "Organiser", "")]


# ---------------------------------------------------------------------------------------------------
# 3. The real graph
# ---------------------------------------------------------------------------------------------------

TABLE_1 = [  # Table 1 of the 2023 report, seed 001_b093d6781c76cff1.txt §11.2
    ("1", "High risk criminal networks", "HRCN", "1"),
    ("2", "Cyber attacks", "CYBER", "2"),
    ("3", "Trafficking in human beings", "THB", "3"),
    ("4", "Child sexual exploitation", "CSE", "4"),
    ("5", "Migrant smuggling", "MIGR", "5"),
    ("6", "Cannabis, Cocaine and Heroin", "CCH", "6.1"),
    ("7", "New Psychoactive Substances and Synthetic drugs", "SYD-NPS", "6.2"),
    ("8", "Online fraud schemes", "OFS", "7.1"),
    ("9", "Excise fraud", "EXC", "7.2"),
    ("10", "MTIC fraud", "MTIC", "7.3"),
    ("11", "Intellectual Property Crime, Counterfeit Goods and Currencies", "IPRCGC", "7.4"),
    ("12", "Criminal Finances, Money Laundering and Asset Recovery", "CFMLAR", "7.5"),
    ("13", "Organised Property Crime", "OPC", "8"),
    ("14", "Environmental crime", "Envi", "9"),
    ("15", "Firearms", "FIA", "10"),
]


def test_empact_priorities_is_table_1_of_the_2023_report(kg):
    result = run_named_query(kg, CATALOGUE["empact-priorities"])
    assert result.columns == ("no", "name", "abbreviation", "oap", "source")
    assert [row[:4] for row in result.rows] == TABLE_1
    assert {row[4] for row in result.rows} == {"https://w3id.org/jhaan-kg/id/citation/report-2023-s11.2"}


def test_relex_instruments_as_of_2017_has_nothing_signed_later(kg):
    result = run_named_query(kg, CATALOGUE["relex-instruments"], {"as_of": "2017-12-31"})
    rows = rows_of(result)
    assert rows and all(not r["signed"] or r["signed"][:10] <= "2017-12-31" for r in rows)
    assert not any(r["signed"][:4] > "2017" for r in rows)
    assert any(not r["signed"] for r in rows)  # undated ones may already have existed: they are kept


def test_a_parameter_cannot_inject_sparql(kg):
    before = len(kg)
    quads = set(kg.store.quads_for_pattern(None, None, None, None))
    text = bind_parameters(CATALOGUE["instruments-by-country"], {"country": INJECTION})
    assert 'BIND ("RS\\" } UNION { ?s ?p ?o } #" AS ?country)' in text  # one escaped string literal
    prepareQuery(text)
    for name in ("instruments-by-country", "agencies-without-instrument"):
        assert run_named_query(kg, CATALOGUE[name], {"country": INJECTION}).rows == ()
    assert len(kg) == before
    assert set(kg.store.quads_for_pattern(None, None, None, None)) == quads


def test_the_real_graph_answers_the_analysts_questions(kg):
    serbia = rows_of(run_named_query(kg, CATALOGUE["instruments-by-country"], {"country": "RS"}))
    europol = {r["type"]: r for r in serbia if r["agency"] == "Europol"}
    assert europol["Strategic agreement"]["status"] == "Superseded"
    assert europol["Operational agreement"]["status"] == "Active"
    assert {r["agency"] for r in serbia} == {"EMCDDA", "Eurojust", "Europol", "FRA", "Frontex"}
    without = rows_of(run_named_query(kg, CATALOGUE["agencies-without-instrument"], {"country": "RS"}))
    assert {r["agency"] for r in without} == {"CEPOL", "EIGE", "EUAA", "eu-LISA"}
    held = rows_of(run_named_query(kg, CATALOGUE["suspended-and-on-hold"]))
    latest = {(r["agency"], r["iso2"]): r["status"] for r in held if r["latest"] == "yes"}
    assert latest[("Frontex", "BY")] == "Suspended" and latest[("Europol", "RU")] == "Suspended"
    chairs = rows_of(run_named_query(kg, CATALOGUE["chairs-and-trio"]))
    assert [(r["year"], r["chair"]) for r in chairs if r["trio"] == "2022-2024"] == [
        ("2022", "CEPOL"), ("2023", "EUAA"), ("2024", "eu-LISA")]
    claims = rows_of(run_named_query(kg, CATALOGUE["conflicting-claims"]))
    founding = sorted(r["claimed_value"] for r in claims if r["subject_label"] == "JHAAN")
    assert founding == ["2006", "2010"]


def test_a_query_that_does_not_parse_is_a_query_error(kg):
    with pytest.raises(QueryError, match="does not parse"):
        run_sparql(kg, "SELECT ?x WHERE { ?x ")


def test_cli_reports_a_query_that_does_not_parse_with_exit_2():
    result = CliRunner().invoke(main, ["query", "run", "--ontology", str(ONTOLOGY), "--graph", str(SMALL),
                                       "--sparql", "SELECT ?x WHERE { ?x "])
    assert result.exit_code == 2
    assert "does not parse" in result.output


def test_cli_lists_the_catalogue_as_json():
    result = CliRunner().invoke(main, ["query", "list", "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert [i["name"] for i in items] == NAMES
    for item in items:
        assert set(item) == {"name", "title", "description", "parameters"}
        assert item["title"] and item["description"]
        for p in item["parameters"]:
            assert set(p) >= {"name", "type", "required", "default", "description"}
    by_name = {i["name"]: i for i in items}
    assert by_name["instruments-by-country"]["parameters"][0] | {"description": ""} == {
        "name": "country", "type": "xsd:string", "required": True, "default": None, "description": ""}


def test_cli_runs_a_named_query_with_a_parameter_as_csv():
    result = CliRunner().invoke(main, ["query", "run", "instruments-by-country", "--ontology", str(ONTOLOGY),
                                       "--graph", str(SMALL), "--param", "country=RS", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout)))[1][:2] == [
        "ALPHA", FIXTURE_ID + "instrument/alpha-rs-strategic-agreement-2008"]


def test_the_whole_catalogue_runs_on_the_real_graph(kg):
    timings = []
    for name in NAMES:
        query = CATALOGUE[name]
        params = REAL_PARAMS.get(name, {})
        assert all(p.name in params for p in query.parameters if p.required), name
        start = time.perf_counter()
        result = run_named_query(kg, query, params)
        timings.append((time.perf_counter() - start, name, len(result.rows)))
        assert result.columns, name
    total = sum(t for t, _, _ in timings)
    print(f"\ncatalogue on the real graph ({len(kg)} quads): {len(timings)} queries in {total:.2f} s")
    for seconds, name, rows in sorted(timings, reverse=True):
        print(f"  {seconds * 1000:8.1f} ms  {rows:5d} rows  {name}")
    assert max(t for t, _, _ in timings) < 10


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv_are_exactly_what_the_csv_module_writes(fmt, delimiter):
    import itertools
    import random

    awkward = ["", "plain", "a,b", "a\tb", 'say "hi"', "line\nbreak", "cr\rhere", " spaced ", "é ü 中", "'q'", "\\"]
    cases = [QueryResult(("only",), tuple((v,) for v in awkward)),
             QueryResult(("a", "b"), tuple(itertools.product(awkward, repeat=2)))]
    rng = random.Random(7)
    cases.append(QueryResult(("a", "b", "c"), tuple(tuple(rng.choice(awkward) for _ in range(3)) for _ in range(500))))
    for result in cases:
        expected = io.StringIO()
        writer = csv.writer(expected, delimiter=delimiter, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
        assert format_result(result, fmt) == expected.getvalue()
