"""Literals as written (issue 23 item 3): the store keeps "3"^^xsd:int as "3"^^xsd:integer, yet sh:datatype
judges the literal its file wrote, in every command that validates (validate, update, import, build), and
reports it as written, with its file and line."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from helpers import FIXTURES, GRAPH, ONTOLOGY
from jhaan_kg.cli import main
from jhaan_kg.load import load_graph
from jhaan_kg.load.written import may_rewrite, rewritten
from jhaan_kg.namespaces import XSD

INT_EVENT = '''@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix event: <https://w3id.org/jhaan-kg/id/event/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
event:2024-12-04-jai-net-17 jhaan:participantCount "91"^^xsd:int .
'''
EXPECTED = 'value "91"^^xsd:int | A participant count is a non-negative integer.'


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def literal(text: str, datatype: str) -> ox.Literal:
    return ox.Literal(text, datatype=ox.NamedNode(XSD + datatype))


def test_the_store_rewrites_what_the_graph_keeps_as_written():
    """The reason for all this: pyoxigraph's store keeps values, not spellings."""
    store = ox.Store()
    s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
    store.add(ox.Quad(s, p, literal("3", "int")))
    assert next(iter(store)).object == literal("3", "integer")
    written = rewritten([ox.Triple(s, p, literal("3", "int")), ox.Triple(s, p, literal("3", "integer"))])
    assert written == {ox.Triple(s, p, literal("3", "integer")): (literal("3", "int"), literal("3", "integer"))}


@pytest.mark.parametrize("text, expected", [
    (b'@prefix x: <http://www.w3.org/2001/XMLSchema#> . <a> <b> "1"^^x:byte .', True),
    (b'PREFIX x: <http://www.w3.org/2001/XMLSchema#> <a> <b> "1"^^x:unsignedInt .', True),
    (b'<a> <b> "inf"^^<http://www.w3.org/2001/XMLSchema#double> .', True),
    (b'@prefix x: <http://www.w3.org/2001/XMLSchema#in> . <a> <b> "1"^^x:t .', True),  # a split namespace
    (b'@prefix x: <http://example.org/> . <a> <b> "1"^^y:int .', True),  # an undeclared prefix: cannot tell
    (b'@prefix x: <http://www.w3.org/2001/XMLSchema#> . <a> <b> "2020-01-01"^^x:date , "int" , 42 .', False),
    (b'@prefix x: <http://www.w3.org/2001/XMLSchema#> . <a> <b> "1"^^x:int-like .', False),
])
def test_a_file_is_read_in_python_when_it_may_hold_such_a_literal(text, expected):
    assert may_rewrite(text) is expected


def test_load_graph_keeps_the_literals_as_written():
    kg = load_graph([ONTOLOGY, FIXTURES / "ill-typed.ttl"], by_file=False)
    forms = {str(f) for fs in kg.written.values() for f in fs}
    assert {f'"3"^^<{XSD}int>', f'"1"^^<{XSD}byte>'} <= forms


def test_validate_reports_the_literal_as_written_with_file_and_line():
    result = run("validate", FIXTURES / "ill-typed.ttl", "--ontology", ONTOLOGY)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "event:count-" in line]
    assert any('value "3"^^xsd:int' in line and "ill-typed.ttl:53" in line for line in lines), result.output
    assert any('value "1"^^xsd:byte' in line and "ill-typed.ttl:55" in line for line in lines), result.output


def test_update_refuses_an_xsd_int_where_an_xsd_integer_is_required(graph, tmp_path):
    add = tmp_path / "add.ttl"
    add.write_text(INT_EVENT, encoding="utf-8")
    result = run("update", "--graph", graph, "--ontology", ONTOLOGY, "--add", add, "--apply")
    assert result.exit_code == 1 and "Refused" in result.output
    line = next(line for line in result.output.splitlines() if EXPECTED in line)
    assert "add.ttl:4" in line


def test_import_refuses_a_day_that_does_not_exist(graph, tmp_path):
    """Import types each cell itself and refuses one that is not of its type, naming the row and column,
    before any literal is made; what it does make goes through the same checks as update."""
    path = tmp_path / "instruments.csv"
    path.write_text("agency,counterpart,iso2,type,signed,status,personal_data,source\n"
                    "Frontex,Japan,JP,Working arrangement,2020-02-30,Active,no,https://example.org/a\n", encoding="utf-8")
    result = run("import", "instruments", path, "--graph", graph, "--ontology", ONTOLOGY)
    assert result.exit_code == 2 and "row 1, column signed: '2020-02-30' is not a date" in result.stderr


def test_build_reports_the_literal_as_written(tmp_path):
    graph = tmp_path / "graph"
    shutil.copytree(GRAPH, graph)
    (graph / "events" / "int.ttl").write_text(INT_EVENT, encoding="utf-8")
    out = tmp_path / "build"
    result = run("build", "--out", out, "--ontology", ONTOLOGY, "--graph", graph)
    assert result.exit_code == 1, result.output
    assert EXPECTED in (out / "validation.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("value, datatype, fails", [
    ('"1"^^xsd:byte', "byte", False), ('"300"^^xsd:byte', "byte", True), ('"1"^^xsd:byte', "integer", True),
    ('"3"^^xsd:integer', "integer", False), ('"03"^^xsd:integer', "integer", False),
    ('"INF"^^xsd:double', "double", False), ('"inf"^^xsd:double', "double", True),
    ('"2020-01-01T00:00:00Z"^^xsd:dateTimeStamp', "dateTime", True),
    ('"2020-01-01T00:00:00Z"^^xsd:dateTimeStamp', "dateTimeStamp", False),
])
def test_sh_datatype_judges_the_literal_as_written(tmp_path, value, datatype, fails):
    """The store would answer otherwise for each: it keeps all these as another datatype or another form."""
    data = tmp_path / "data.ttl"
    data.write_text(f"@prefix ex: <http://example.org/> . @prefix xsd: <{XSD}> .\n"
                    f"ex:a ex:v {value} .\n", encoding="utf-8")
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(f"@prefix ex: <http://example.org/> . @prefix sh: <http://www.w3.org/ns/shacl#> .\n"
                      f"ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:v ; sh:property [ sh:path ex:v ; "
                      f"sh:or ( [ sh:datatype <{XSD}{datatype}> ] [ sh:class ex:C ] ) ] .\n"
                      f"ex:T a sh:NodeShape ; sh:targetSubjectsOf ex:v ; sh:property [ sh:path ex:v ; "
                      f"sh:datatype <{XSD}{datatype}> ] .\n", encoding="utf-8")
    from jhaan_kg import validate_rdf

    report = validate_rdf(data, shapes)
    assert {r.component.rsplit("#", 1)[-1] for r in report.results} == ({"OrConstraintComponent>", "DatatypeConstraintComponent>"}
                                                                        if fails else set())
    assert all(r.value_node.startswith(value.split("^^")[0]) for r in report.results)
