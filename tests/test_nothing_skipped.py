"""Nothing skipped in silence (issue 23 item 2): every shape with a target is validated, by the compiler or by
pySHACL, and a shape the engine cannot evaluate stops validation with its name (exit 2), never a pass."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from helpers import ONTOLOGY
from jhaan_kg import validate_rdf
from jhaan_kg.cli import main
from jhaan_kg.errors import ShapesError
from jhaan_kg.load import load_shapes
from jhaan_kg.validate.engine import compile_all

PREFIXES = """@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
DATA = PREFIXES + "ex:a a ex:Thing ; ex:n 1 .\n"


def shapes_file(tmp_path, text: str):
    path = tmp_path / "shapes.ttl"
    path.write_text(PREFIXES + text, encoding="utf-8")
    return path


def data_file(tmp_path):
    path = tmp_path / "data.ttl"
    path.write_text(DATA, encoding="utf-8")
    return path


def test_a_shape_that_is_a_class_validates_its_instances(tmp_path):
    shapes = shapes_file(tmp_path, "ex:Thing a rdfs:Class , sh:NodeShape ; "
                                   "sh:property [ sh:path ex:n ; sh:datatype xsd:string ] .\n")
    report = validate_rdf(data_file(tmp_path), shapes)
    assert [(r.focus, r.value) for r in report.results] == [("http://example.org/a", '"1"^^xsd:integer')]


def test_a_constraint_component_of_the_shapes_own_is_validated(tmp_path):
    shapes = shapes_file(tmp_path, '''
ex:MaxComponent a sh:ConstraintComponent ;
    sh:parameter [ sh:path ex:most ] ;
    sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { FILTER ($value <= $most) }" ] .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:property [ sh:path ex:n ; ex:most 0 ] .
''')
    report = validate_rdf(data_file(tmp_path), shapes)
    assert [(r.focus, r.component) for r in report.results] == [("http://example.org/a", "<http://example.org/MaxComponent>")]


@pytest.mark.parametrize("query, why", [
    ('SELECT $this WHERE { $this ?p ?o . MINUS { $this ex:n 1 } }', "uses MINUS"),
    ('SELECT $this WHERE { VALUES ?x { 1 } $this ?p ?x }', "uses VALUES"),
    ('SELECT $this WHERE { BIND (ex:a AS $this) }', "binds $this with AS"),
    ('SELECT $this WHERE { $this ?p ?o . { SELECT * WHERE { ?s ?p ?o } } }', "does not return $this"),
    ('SELECT $this WHERE { $this ?p ?o', "does not parse"),
])
def test_a_sparql_query_shacl_forbids_or_that_does_not_parse_is_an_error_naming_the_shape(tmp_path, query, why):
    shapes = shapes_file(tmp_path, f'''
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ sh:prefixes ex:Prefixes ; sh:select """PREFIX ex: <http://example.org/> {query}""" ] .
''')
    with pytest.raises(ShapesError, match="ex:ThingShape|<http://example.org/ThingShape>") as raised:
        validate_rdf(data_file(tmp_path), shapes)
    assert why in str(raised.value)


def test_the_command_line_exits_2_naming_the_shape(tmp_path):
    ontology = tmp_path / "ontology"
    ontology.mkdir()
    (ontology / "shapes.ttl").write_text(PREFIXES + '''
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o . SERVICE <http://example.org/sparql> { ?s ?p ?o } }" ] .
''', encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(data_file(tmp_path)), "--ontology", str(ontology)])
    assert result.exit_code == 2 and "ThingShape" in result.stderr and "SERVICE" in result.stderr


def test_a_javascript_constraint_is_an_error_not_a_pass(tmp_path):
    shapes = shapes_file(tmp_path, 'ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; sh:js [ sh:jsFunctionName "f" ] .\n')
    with pytest.raises(ShapesError, match="ThingShape"):
        validate_rdf(data_file(tmp_path), shapes)


def test_every_shape_of_the_project_is_compiled_and_every_sparql_query_runs_once():
    """The project's own shapes need neither pySHACL nor a query per focus node: that is what keeps
    validation fast (README, Headline figures)."""
    compiled = compile_all(load_shapes([ONTOLOGY]))
    assert compiled.fallback == b""
    assert compiled.sparql and all(c.free for c in compiled.sparql)


def test_shapes_pySHACL_refuses_are_an_error_naming_them(tmp_path):
    """A constraint component whose validator binds $value (SHACL forbids it: W3C unsupported-sparql-006)."""
    shapes = shapes_file(tmp_path, '''
ex:BadComponent a sh:ConstraintComponent ;
    sh:parameter [ sh:path ex:whatever ] ;
    sh:validator [ a sh:SPARQLAskValidator ; sh:ask "ASK { BIND (true AS ?value) }" ] .
ex:ThingShape a sh:NodeShape ; sh:targetClass ex:Thing ; ex:whatever 1 .
''')
    with pytest.raises(ShapesError, match="ex:ThingShape|<http://example.org/ThingShape>"):
        validate_rdf(data_file(tmp_path), shapes)
