"""Validation: the real graph has no violation, the engine agrees with pySHACL on the files, the CLI reports well."""

from __future__ import annotations

import json
from collections import Counter

import pyshacl
import rdflib
import pytest
from click.testing import CliRunner

from helpers import FIXTURES, GRAPH, ONTOLOGY
from jhaan_kg.cli import main
from jhaan_kg.load import is_shapes_file, load_graph, turtle_files
from jhaan_kg.namespaces import ID, SHAPES, XSD, shorten
from jhaan_kg.validate import validate_graph
from jhaan_kg.validate.terms import to_ox_term

SPARQL_SHAPES = {"shapes:FrontexSchengenShape", "shapes:DateOrderShape", "shapes:SuspensionExplainedShape",
                 "shapes:DuplicateInstrumentShape", "shapes:EmcddaTerminologyShape", "shapes:StatusAgreementShape",
                 "shapes:NoFutureDateShape", "shapes:EventDateOrderShape", "shapes:DeclaredTermShape"}


def test_the_real_graph_has_no_violation(kg, shapes):
    """No violation; SHACL's sh:conforms is false all the same, as it is for any report with a result: the
    graph has ten warnings, the countries without a region (the exit code goes by violations: 0)."""
    report = validate_graph(kg, shapes)
    assert report.violations == 0, report.to_text()
    assert not report.conforms and report.counts == {"Warning": 10}
    assert report.to_text().splitlines()[-1] == "No violations; 10 warnings."


@pytest.fixture(scope="module")
def rules_kg():
    return load_graph([ONTOLOGY, FIXTURES / "rules-invalid.ttl"])


def test_each_rule_fires_on_its_fixture(rules_kg, shapes):
    report = validate_graph(rules_kg, shapes)
    fired = {(shorten(r.focus), r.shape) for r in report.results if r.shape in SPARQL_SHAPES}
    assert fired == {
        ("instrument:frontex-no", "shapes:FrontexSchengenShape"),
        ("instrument:frontex-rs", "shapes:DateOrderShape"),
        ("instrument:emcdda-rs-a", "shapes:DuplicateInstrumentShape"),
        ("instrument:emcdda-rs-b", "shapes:DuplicateInstrumentShape"),
        ("instrument:emcdda-rs-a", "shapes:EmcddaTerminologyShape"),
        ("instrument:emcdda-rs-b", "shapes:EmcddaTerminologyShape"),
        ("instrument:frontex-rs-status", "shapes:StatusAgreementShape"),
        ("instrument:frontex-rs-status", "shapes:NoFutureDateShape"),
        ("event:backwards", "shapes:EventDateOrderShape"),
        ("event:typo", "shapes:DeclaredTermShape"),
    } | {(r, "shapes:SuspensionExplainedShape") for r in [shorten(x.focus) for x in report.results
                                                         if x.shape == "shapes:SuspensionExplainedShape"]}
    suspension = [r for r in report.results if r.shape == "shapes:SuspensionExplainedShape"]
    assert len(suspension) == 1 and "instrument:frontex-rs" in suspension[0].focus_label


def key(focus, shape: str, severity: str, value, component: str) -> tuple:
    """A result as both engines can state it: blank nodes loosely (each parse names them afresh)."""
    def term(x):
        return "_:" if x.startswith("_:") else x
    return term(focus), shape, severity, term(value), component


def pyshacl_results(paths, shapes) -> Counter:
    """Plain pySHACL's results on the files themselves (parsed by rdflib, literals as written): pySHACL never
    sees the store's copy, which keeps "3"^^xsd:int as "3"^^xsd:integer."""
    import pyoxigraph as ox

    data = rdflib.Graph()
    for path in turtle_files(paths):
        if not is_shapes_file(path):
            data.parse(path, format="turtle")
    shapes_graph = rdflib.Graph().parse(data=ox.serialize(shapes, format=ox.RdfFormat.N_TRIPLES), format="nt")
    _, results, _ = pyshacl.validate(data, shacl_graph=shapes_graph, advanced=True, allow_warnings=True, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    found = Counter()
    for report in results.subjects(rdflib.RDF.type, sh.ValidationReport):
        for r in results.objects(report, sh.result):  # results nested in sh:detail are not results of their own
            shape = results.value(r, sh.sourceShape)
            path = results.value(r, sh.resultPath)
            if isinstance(shape, rdflib.BNode):  # an anonymous property shape: name it by its node shape and path
                parent = next(shapes_graph.subjects(sh.property, shape), None)
                shape = f"{shorten(str(parent))} / {shorten(str(path))}" if parent is not None else "anonymous shape"
            else:
                shape = shorten(str(shape))
            value = results.value(r, sh.value)
            found[key(str(to_ox_term(results.value(r, sh.focusNode))), shape,
                      str(results.value(r, sh.resultSeverity)).rsplit("#", 1)[-1],
                      str(to_ox_term(value)) if value is not None else "", f"<{results.value(r, sh.sourceConstraintComponent)}>")] += 1
    return found


def our_results(kg, shapes) -> Counter:
    return Counter(key(r.focus_node, r.shape, r.severity, r.value_node, r.component) for r in validate_graph(kg, shapes).results)


@pytest.mark.parametrize("data", [FIXTURES / "rules-invalid.ttl", FIXTURES / "core-invalid.ttl", FIXTURES / "ill-typed.ttl",
                                  GRAPH])
def test_results_equal_plain_pyshacl_on_the_same_data_and_shapes(data, shapes):
    """Our engine (SHACL Core and SHACL-SPARQL compiled to SPARQL) finds exactly what pySHACL finds on the files."""
    kg = load_graph([ONTOLOGY, data])
    ours, theirs = our_results(kg, shapes), pyshacl_results([ONTOLOGY, data], shapes)
    if data.name == "ill-typed.ttl":
        # rdflib checks the lexical form of dates, booleans and integers but not of xsd:gYear or
        # xsd:gYearMonth, so pySHACL lets "20x0"^^xsd:gYear pass, which SHACL 4.1.1 calls a violation; and
        # rdflib reads "none"^^xsd:boolean as "false" (the Python value it makes of it), so pySHACL shows that
        missed = Counter({r: n for r, n in ours.items() if '"20x0"' in r[3] or '"2013-13"' in r[3]})
        assert sum(missed.values()) == 2
        as_rdflib_shows = Counter({r[:3] + (r[3].replace('"none"^^', '"false"^^'),) + r[4:]: n for r, n in (ours - missed).items()})
        assert as_rdflib_shows == theirs
        written = {r[3] for r in ours}  # the values as the file wrote them, not as the store keeps them
        assert {f'"3"^^<{XSD}int>', f'"1"^^<{XSD}byte>'} <= written
        return
    assert ours == theirs
    assert sum(ours.values()) >= 10


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_validate_cli_names_node_file_and_line_and_exits_1(tmp_path):
    result = invoke("validate", FIXTURES / "rules-invalid.ttl", "--ontology", ONTOLOGY)
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "FrontexSchengenShape]" in l)
    assert line.strip().startswith("Violation: Frontex with Norway (instrument:frontex-no)")
    assert "country:no" in line and "rules-invalid.ttl:28" in line
    assert result.output.rstrip().splitlines()[-1].startswith("Does not conform:")


def test_validate_json_lists_every_result(tmp_path):
    result = invoke("validate", FIXTURES / "rules-invalid.ttl", "--ontology", ONTOLOGY, "--format", "json")
    data = json.loads(result.output)
    assert data["conforms"] is False and data["counts"]["Violation"] == len(
        [r for r in data["results"] if r["severity"] == "Violation"])
    assert {"severity", "focus", "focus_label", "path", "value", "message", "shape", "file", "line"} <= set(data["results"][0])


def test_validate_turtle_is_a_shacl_report(tmp_path):
    result = invoke("validate", FIXTURES / "rules-invalid.ttl", "--ontology", ONTOLOGY, "--format", "turtle")
    g = rdflib.Graph().parse(data=result.output, format="turtle")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert (None, sh.conforms, rdflib.Literal(False)) in g
    results = list(g.objects(None, sh.result))
    assert len(results) == len(json.loads(invoke("validate", FIXTURES / "rules-invalid.ttl", "--ontology", ONTOLOGY,
                                                  "--format", "json").output)["results"])
    # every result with its constraint component, and its terms as the RDF terms they are
    assert all(isinstance(g.value(r, sh.sourceConstraintComponent), rdflib.URIRef) for r in results)
    assert all(isinstance(g.value(r, sh.focusNode), (rdflib.URIRef, rdflib.BNode)) for r in results)
    assert all(isinstance(g.value(r, sh.sourceShape), (rdflib.URIRef, rdflib.BNode)) for r in results)
    assert all(isinstance(g.value(r, sh.resultPath), (rdflib.URIRef, rdflib.BNode)) for r in results
               if g.value(r, sh.resultPath) is not None)
    frontex = next(r for r in results if g.value(r, sh.sourceShape) == rdflib.URIRef(SHAPES + "FrontexSchengenShape"))
    assert g.value(frontex, sh.sourceConstraintComponent) == sh.SPARQLConstraintComponent
    assert g.value(frontex, sh.focusNode) == rdflib.URIRef(ID + "instrument/frontex-no")


def test_validate_exits_2_on_unreadable_input(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_bytes(b'@prefix a: <http://x/> .\na:s a:p "caf\xe9" .\n')
    result = invoke("validate", bad, "--ontology", ONTOLOGY)
    assert result.exit_code == 2 and "bad.ttl:2" in result.stderr and "UTF-8" in result.stderr
