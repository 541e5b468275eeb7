"""Parameters that say when they match nothing (issue 20, item 5): an agency or a country the graph does not
hold is an error naming the closest ones (exit 2), and an agency's acronym matches regardless of case, as a
country's code does. The value is put in the graph's spelling before it is bound (jhaan_kg/query/values.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import GRAPH, ONTOLOGY
from jhaan_kg.cli import main
from jhaan_kg.errors import QueryError
from jhaan_kg.load import load_graph
from jhaan_kg.query import load_catalogue, run_sparql
from jhaan_kg.query.values import Choices

CATALOGUE = load_catalogue()


def run(*args: str):
    return CliRunner().invoke(main, ["query", "run", *args, "--ontology", str(ONTOLOGY), "--graph", str(GRAPH),
                                     "--format", "csv", "--store", "/nonexistent"])


@pytest.fixture(scope="module")
def choices():
    kg = load_graph([ONTOLOGY, GRAPH], by_file=False)
    return Choices(lambda text: run_sparql(kg, text))


@pytest.mark.parametrize("name, given, spelled", [
    ("meetings-attended", "euaa", "EUAA"), ("meetings-attended", "EU-LISA", "eu-LISA"),
    ("countries-by-agency", "frontex", "Frontex"), ("instruments-by-country", "rs", "RS")])
def test_a_value_in_another_case_gives_the_rows_of_the_graphs_spelling(name, given, spelled):
    key = "agency" if name != "instruments-by-country" else "country"
    lower, proper = run(name, "--param", f"{key}={given}"), run(name, "--param", f"{key}={spelled}")
    assert lower.exit_code == proper.exit_code == 0, lower.output
    assert lower.stdout == proper.stdout and proper.stdout.count("\n") > 2


@pytest.mark.parametrize("name, param, words", [
    ("meetings-attended", "agency=frontx", ["no agency 'frontx'", "the closest: Frontex"]),
    ("countries-by-agency", "agency=Europl", ["no agency 'Europl'", "Europol"]),
    ("meetings-attended", "agency=nobody", ["no agency 'nobody'", "it holds: CEPOL, EIGE"]),
    ("instruments-by-country", "country=ZZ", ["no country 'ZZ'", "ISO 3166-1 alpha-2"]),
    ("agencies-without-instrument", "country=Serbia", ["no country 'Serbia'", "the closest: RS (Serbia)"]),
])
def test_a_value_the_graph_does_not_hold_is_an_error_with_the_closest(name, param, words):
    result = run(name, "--param", param)
    assert result.exit_code == 2 and result.stdout == ""
    assert all(w in result.stderr for w in words), result.stderr
    assert "Traceback" not in result.output


def test_choices_are_the_graphs_names(choices):
    agencies = [c.value for c in choices.of("agency")]
    assert sorted(agencies, key=str.lower) == agencies and {"Frontex", "eu-LISA", "EUAA"} <= set(agencies)
    countries = {c.value: c.name for c in choices.of("country")}
    assert countries["RS"] == "Serbia" and len(countries) > 100
    assert choices.of("as_of") == ()


def test_other_parameters_are_left_alone(choices):
    query = CATALOGUE["relex-instruments"]
    assert choices.normalise(query, {"as_of": "2017-12-31"}) == {"as_of": "2017-12-31"}
    with pytest.raises(QueryError, match="closest: Frontex"):
        choices.normalise(CATALOGUE["countries-by-agency"], {"agency": "frontexx"})
