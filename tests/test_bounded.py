"""Bounded (issue 21, item 6): a refused input shows at most a hundred problems and counts the rest.
(The time and memory of large inputs are measured by benchmarks/steward_scale.py, not here.)"""

from __future__ import annotations

from click.testing import CliRunner

from benchmarks.steward_scale import bad_csv, change_of
from helpers import ONTOLOGY
from jhaan_kg.cli import main


def test_a_csv_with_hundreds_of_bad_rows_shows_a_hundred_and_counts_the_rest(graph, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(bad_csv(0) + "".join(f"Nobody,Japan,JP,Working arrangement,2020-03-01,,no,https://e.org/{i}\n"
                                         for i in range(300)), encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "instruments", str(path), "--graph", str(graph), "--ontology",
                                       str(ONTOLOGY)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 101 and "and 200 more problems (the first 100 are shown)" in lines[-1]


def test_a_change_with_hundreds_of_violations_lists_a_hundred_and_counts_the_rest(graph, tmp_path):
    change = tmp_path / "change.ttl"
    change.write_text(change_of(7 * 250).replace("jhaan:dateSigned", "jhaan:dateInForce \"2000-01-01\"^^xsd:date ; "
                                                                     "jhaan:dateSigned"), encoding="utf-8")
    result = CliRunner().invoke(main, ["update", "--graph", str(graph), "--ontology", str(ONTOLOGY), "--add", str(change)])
    assert result.exit_code == 1, result.output
    assert "The change would add 250 violations" in result.output
    assert "... and 150 more (the first 100 are shown)" in result.output
    assert result.output.count("shapes:DateOrderShape") == 100
