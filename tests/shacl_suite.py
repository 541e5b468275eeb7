"""The W3C SHACL test suite (tests/shacl-test-suite/): its manifests read, and validation reports compared
the way the suite defines its expected reports.

A test passes when the report conforms as expected and holds the same results: each result is compared on
its focus node, path, value, source shape, severity and source constraint component (a field the
expected result leaves out must be absent too), as a multiset. Blank nodes are compared loosely (any
blank node matches any blank node: the expected report's blank nodes are not the data's), except a path,
which is compared by its structure (a sequence of an inverse path...). Messages and sh:detail are not
compared, as in the suite's own harness. A test whose expected result is sht:Failure passes when the
validator refuses the shapes (ShapesError for this project's engine).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib.collection import Collection

SUITE = Path(__file__).resolve().parent / "shacl-test-suite"
MF = rdflib.Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = rdflib.Namespace("http://www.w3.org/ns/shacl-test#")
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
PATH_KINDS = ("inversePath", "alternativePath", "zeroOrMorePath", "oneOrMorePath", "zeroOrOnePath")


@dataclass(frozen=True)
class SuiteTest:
    name: str  # the test file's path in the suite, without .ttl: core/node/datatype-002
    data: Path
    shapes: Path
    manifest: rdflib.Graph  # the file that holds the expected result
    expected: rdflib.term.Node  # the expected report node, or sht:Failure
    status: str  # approved or proposed

    @property
    def expects_failure(self) -> bool:
        return self.expected == SHT.Failure

    @property
    def folder(self) -> str:
        return self.name.split("/")[0]


def _path_of(iri) -> Path:
    return Path(str(iri).removeprefix("file://"))


def suite_tests(manifest: Path = SUITE / "manifest.ttl") -> list[SuiteTest]:
    """Every sht:Validate test reachable from `manifest` through mf:include, in file order."""
    graph = rdflib.Graph().parse(manifest, format="turtle")
    found = []
    for include in sorted(graph.objects(None, MF.include), key=str):
        found.extend(suite_tests(_path_of(include)))
    for entries in graph.objects(None, MF.entries):
        for entry in Collection(graph, entries):
            if (entry, rdflib.RDF.type, SHT.Validate) not in graph:
                continue
            action = graph.value(entry, MF.action)
            status = graph.value(entry, MF.status)
            found.append(SuiteTest(
                name=str(_path_of(entry).relative_to(SUITE)).removesuffix(".ttl"),
                data=_path_of(graph.value(action, SHT.dataGraph)),
                shapes=_path_of(graph.value(action, SHT.shapesGraph)),
                manifest=graph, expected=graph.value(entry, MF.result),
                status=str(status).rsplit("#", 1)[-1] if status is not None else ""))
    return found


def _term_key(node):
    if isinstance(node, rdflib.BNode):
        return "_:"
    if isinstance(node, rdflib.Literal):
        return ("literal", str(node), str(node.datatype or ""), (node.language or "").lower())
    return None if node is None else str(node)


def _path_key(graph, node):
    """A path as its structure: an IRI, a sequence (a list), or one of the path kinds around a path."""
    if node is None or isinstance(node, rdflib.URIRef):
        return _term_key(node)
    if graph.value(node, rdflib.RDF.first) is not None:
        return ("sequence",) + tuple(_path_key(graph, item) for item in Collection(graph, node))
    for kind in PATH_KINDS:
        inner = graph.value(node, SH[kind])
        if inner is not None:
            return (kind, _path_key(graph, inner))
    return "_:"


def result_keys(graph: rdflib.Graph, report) -> Counter:
    """The results of `report` in `graph`, each as (focus, path, value, source shape, severity, component)."""
    keys = Counter()
    for result in graph.objects(report, SH.result):
        def one(prop):
            values = list(graph.objects(result, prop))
            assert len(values) <= 1, f"a result with {len(values)} values of {prop}"
            return values[0] if values else None
        keys[(_term_key(one(SH.focusNode)), _path_key(graph, one(SH.resultPath)), _term_key(one(SH.value)),
              _term_key(one(SH.sourceShape)), _term_key(one(SH.resultSeverity)),
              _term_key(one(SH.sourceConstraintComponent)))] += 1
    return keys


def conforms_of(graph: rdflib.Graph, report) -> bool:
    value = graph.value(report, SH.conforms)
    assert value is not None, "the report has no sh:conforms"
    return bool(value.toPython())


def compare(test: SuiteTest, report_graph: rdflib.Graph | None) -> list[str]:
    """What differs between `report_graph` (None when the validator refused the shapes) and what `test`
    expects; empty when the test passes."""
    if test.expects_failure or report_graph is None:
        if test.expects_failure and report_graph is None:
            return []
        return ["expected the shapes to be refused" if test.expects_failure else "the shapes were refused"]
    reports = list(report_graph.subjects(rdflib.RDF.type, SH.ValidationReport))
    if len(reports) != 1:
        return [f"{len(reports)} sh:ValidationReport nodes in the report"]
    problems = []
    expected_conforms, conforms = conforms_of(test.manifest, test.expected), conforms_of(report_graph, reports[0])
    if expected_conforms != conforms:
        problems.append(f"sh:conforms {conforms}, expected {expected_conforms}")
    expected, found = result_keys(test.manifest, test.expected), result_keys(report_graph, reports[0])
    problems += [f"missing result {key}" for key in sorted((expected - found).elements(), key=str)]
    problems += [f"unexpected result {key}" for key in sorted((found - expected).elements(), key=str)]
    return problems
