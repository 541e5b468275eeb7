"""The endpoint writes the rows it keeps in the SPARQL 1.1 result formats itself (publish.results): pyoxigraph
must read back exactly what pyoxigraph's own writer would have given."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from jhaan_kg.publish.results import write_solutions

EX = "http://example.org/"
QUERY = f"""SELECT ?s ?label ?n ?o WHERE {{
  VALUES (?s ?label ?n ?o) {{
    (<{EX}a> "plain" 1 <{EX}b>)
    (<{EX}c> "tagged"@en "2.5"^^<http://www.w3.org/2001/XMLSchema#decimal> UNDEF)
    (<{EX}d> "quote \\" comma , tab \\t newline \\n <tag> & amp" UNDEF "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>)
  }}
}}"""


@pytest.mark.parametrize("fmt", [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV,
                                 ox.QueryResultsFormat.TSV])
def test_our_writer_gives_what_pyoxigraph_reads_back_as_its_own(fmt):
    store = ox.Store()
    theirs = store.query(QUERY).serialize(format=fmt)
    solutions = store.query(QUERY)
    variables = [v.value for v in solutions.variables]
    ours = write_solutions(variables, [list(s) for s in solutions], fmt)
    if fmt == ox.QueryResultsFormat.CSV:  # lossy, so pyoxigraph does not read it: the same text, then
        assert ours.decode() == theirs.decode()
        return
    read = lambda data: [[str(t) if t is not None else None for t in s] for s in ox.parse_query_results(data, fmt)]
    assert read(ours) == read(theirs)
    assert len(read(ours)) == 3


@pytest.mark.parametrize("fmt", [ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.TSV])
@pytest.mark.parametrize("query", ["SELECT ?x WHERE { FILTER(false) }", "SELECT (BNODE() AS ?b) (<urn:a&b'c> AS ?i) {}"])
def test_no_rows_and_blank_nodes_read_back_too(fmt, query):
    store = ox.Store()
    theirs = store.query(query).serialize(format=fmt)
    solutions = store.query(query)
    ours = write_solutions([v.value for v in solutions.variables], [list(s) for s in solutions], fmt)
    shape = lambda data: [[type(t).__name__ for t in s] for s in ox.parse_query_results(data, fmt)]
    assert shape(ours) == shape(theirs)


def test_rows_written_to_a_file_one_by_one_are_the_bytes_returned(tmp_path):
    store = ox.Store()
    variables = [v.value for v in store.query(QUERY).variables]
    for fmt in (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML, ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV):
        rows = (list(s) for s in store.query(QUERY))  # a generator: never a list in memory
        with open(tmp_path / "answer", "wb") as out:
            assert write_solutions(variables, rows, fmt, out) is None
        assert (tmp_path / "answer").read_bytes() == write_solutions(variables, [list(s) for s in store.query(QUERY)], fmt)
