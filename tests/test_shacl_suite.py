"""The W3C SHACL test suite (tests/shacl-test-suite/, README there): every sht:Validate test of its core and
sparql folders, run on this project's engine and compared with the report the suite expects (tests/shacl_suite.py
says how). `python tests/test_shacl_suite.py` prints the score of the engine and of plain pySHACL per folder."""

from __future__ import annotations

import sys
from collections import Counter

import pytest
import rdflib

from shacl_suite import compare, suite_tests
from jhaan_kg import validate_rdf
from jhaan_kg.errors import ShapesError

TESTS = suite_tests()


def our_report(test) -> rdflib.Graph | None:
    """The engine's standard report (its Turtle form, read back) for `test`; None when it refuses the shapes."""
    try:
        report = validate_rdf(test.data, test.shapes)
    except ShapesError:
        return None
    return rdflib.Graph().parse(data=report.report_turtle, format="turtle")


def pyshacl_report(test) -> rdflib.Graph | None:
    """Plain pySHACL's report for `test` (on the files, no inference); None when it refuses the shapes."""
    import pyshacl

    try:
        _, graph, _ = pyshacl.validate(str(test.data), shacl_graph=str(test.shapes), inference="none", meta_shacl=False)
    except Exception:
        return None
    return graph if isinstance(graph, rdflib.Graph) else None  # pySHACL returns its failure in this slot


def test_the_whole_suite_is_here():
    """98 core and 23 SPARQL validation tests (one of them, sparql/component/nodeValidator-001, proposed)."""
    assert Counter(t.folder for t in TESTS) == {"core": 98, "sparql": 23}
    assert all(t.data.is_file() and t.shapes.is_file() for t in TESTS)


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_the_engine_passes_the_w3c_test(test):
    problems = compare(test, our_report(test))
    assert problems == [], "\n".join(problems)


def scores() -> str:
    """A table: per folder, the tests the engine and plain pySHACL pass, and the names of those they fail."""
    lines, failed = ["folder   tests  engine  pySHACL"], {"engine": [], "pySHACL": []}
    for folder in ("core", "sparql"):
        tests = [t for t in TESTS if t.folder == folder]
        passed = {}
        for who, run in (("engine", our_report), ("pySHACL", pyshacl_report)):
            fails = [t.name for t in tests if compare(t, run(t))]
            failed[who] += fails
            passed[who] = len(tests) - len(fails)
        lines.append(f"{folder:<8} {len(tests):>5}  {passed['engine']:>6}  {passed['pySHACL']:>7}")
    lines += [f"{who} fails: {', '.join(names) or 'none'}" for who, names in failed.items()]
    return "\n".join(lines)


if __name__ == "__main__":
    import logging

    logging.disable(logging.CRITICAL)  # pySHACL logs every failure it reports
    sys.exit(print(scores()))
