"""SELECT results written in the SPARQL 1.1 result formats, from rows already cut to the endpoint's limit.

pyoxigraph writes a whole result set; the endpoint answers at most a set number of rows, so it writes the
rows it keeps itself, in the formats of the W3C recommendations: JSON (https://www.w3.org/TR/sparql11-results-json/),
XML (https://www.w3.org/TR/rdf-sparql-XMLres/), CSV and TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/).
Tests check that pyoxigraph reads back exactly the rows written.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Iterable
from xml.etree import ElementTree as ET

import pyoxigraph as ox

from ..namespaces import SPARQL_RESULTS, XML, XSD

PLAIN = XSD + "string"


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if term.language:
        return {"type": "literal", "value": term.value, "xml:lang": term.language}
    if term.datatype.value == PLAIN:
        return {"type": "literal", "value": term.value}
    return {"type": "literal", "value": term.value, "datatype": term.datatype.value}


def _xml_term(parent: ET.Element, term) -> None:
    kind = "uri" if isinstance(term, ox.NamedNode) else "bnode" if isinstance(term, ox.BlankNode) else "literal"
    element = ET.SubElement(parent, f"{{{SPARQL_RESULTS}}}{kind}")
    element.text = term.value
    if kind == "literal" and term.language:
        element.set(f"{{{XML}}}lang", term.language)
    elif kind == "literal" and term.datatype.value != PLAIN:
        element.set("datatype", term.datatype.value)


def _csv_value(term) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def write_solutions(variables: list[str], rows: Iterable[list], fmt: ox.QueryResultsFormat) -> bytes:
    """`rows` (each the terms of `variables`, None where unbound) in the result format `fmt`.

    >>> x = ox.NamedNode("http://example.org/x")
    >>> write_solutions(["s"], [[x]], ox.QueryResultsFormat.CSV)
    b's\\r\\nhttp://example.org/x\\r\\n'
    """
    rows = list(rows)
    if fmt == ox.QueryResultsFormat.JSON:
        bindings = [{v: _json_term(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}},
                          ensure_ascii=False).encode("utf-8")
    if fmt == ox.QueryResultsFormat.XML:
        ns = f"{{{SPARQL_RESULTS}}}"
        document = ET.Element(ns + "sparql")
        head = ET.SubElement(document, ns + "head")
        for v in variables:
            ET.SubElement(head, ns + "variable", name=v)
        results = ET.SubElement(document, ns + "results")
        for row in rows:
            result = ET.SubElement(results, ns + "result")
            for v, t in zip(variables, row):
                if t is not None:
                    _xml_term(ET.SubElement(result, ns + "binding", name=v), t)
        ET.register_namespace("", SPARQL_RESULTS)
        return ET.tostring(document, encoding="utf-8", xml_declaration=True)
    if fmt == ox.QueryResultsFormat.CSV:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_value(t) for t in row] for row in rows)
        return out.getvalue().encode("utf-8")
    if fmt == ox.QueryResultsFormat.TSV:
        lines = ["\t".join(f"?{v}" for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"no writer for {fmt}")
