"""No spreadsheet formula gets in or out (issue 21, item 4): a CSV cell that a spreadsheet would run is
refused on import, and CSV or TSV output writes such a value as text."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner

from helpers import ONTOLOGY, digest
from jhaan_kg.cli import main
from jhaan_kg.query import QueryResult
from jhaan_kg.query.formats import format_result

HEADER = "agency,counterpart,iso2,type,signed,status,personal_data,source"


@pytest.mark.parametrize("cell", ['=HYPERLINK("https://evil.example","click")', "=cmd|' /C calc'!A0", "+1+1",
                                  "@SUM(A1)", "\x01hidden"])
def test_a_cell_a_spreadsheet_would_run_is_refused_on_import(graph, tmp_path, cell):
    path = tmp_path / "in.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([HEADER.split(","), ["Frontex", "Japan", "JP", "Working arrangement", "2020-03-01", cell,
                                                     "no", "https://example.org/x"]])
    before = digest(graph)
    result = CliRunner().invoke(main, ["import", "instruments", str(path), "--graph", str(graph), "--ontology",
                                       str(ONTOLOGY), "--apply"])
    assert result.exit_code == 2 and "reads as a formula" in result.stderr and "column status" in result.stderr
    assert "Traceback" not in result.output and digest(graph) == before


@pytest.mark.parametrize("fmt, delimiter", [("csv", ","), ("tsv", "\t")])
def test_csv_and_tsv_output_never_hold_a_formula(fmt, delimiter):
    result = QueryResult(("label", "note"), (("=HYPERLINK(\"x\")", "+1"), ("@me", "Serbia"), ("-3", "\x07bell")))
    lines = format_result(result, fmt).splitlines()[1:]
    cells = [cell.strip('"') for line in lines for cell in line.split(delimiter)]
    assert not any(cell.startswith(("=", "+", "@", "\x07")) for cell in cells), cells
    assert "'=HYPERLINK" in lines[0] and "Serbia" in lines[1] and "-3" in lines[2]
