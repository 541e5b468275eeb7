"""SELECT results written in the SPARQL 1.1 result formats, from rows already cut to the endpoint's limit.

pyoxigraph writes a whole result set; the endpoint answers at most a set number of rows, so it writes the
rows it keeps itself, one at a time (a long answer goes to a file, never whole into memory: protocol.py),
in the formats of the W3C recommendations: JSON (https://www.w3.org/TR/sparql11-results-json/),
XML (https://www.w3.org/TR/rdf-sparql-XMLres/), CSV and TSV (https://www.w3.org/TR/sparql11-results-csv-tsv/).
Tests check that pyoxigraph reads back exactly the rows written.
"""

from __future__ import annotations

import csv
import io
import json
from typing import BinaryIO, Iterable, TextIO
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from ..namespaces import SPARQL_RESULTS, XSD

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


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != PLAIN:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def _csv_value(term) -> str:
    if term is None:
        return ""
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def write_solutions(variables: list[str], rows: Iterable[list], fmt: ox.QueryResultsFormat,
                    out: BinaryIO | None = None) -> bytes | None:
    """`rows` (each the terms of `variables`, None where unbound) in the result format `fmt`: returned, or
    written to `out` row by row (so that a long answer is never whole in memory).

    >>> x = ox.NamedNode("http://example.org/x")
    >>> write_solutions(["s"], [[x]], ox.QueryResultsFormat.CSV)
    b's\\r\\nhttp://example.org/x\\r\\n'
    """
    if out is None:
        buffer = io.BytesIO()
        write_solutions(variables, rows, fmt, buffer)
        return buffer.getvalue()
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=False)
    try:
        _WRITERS[fmt](variables, rows, text)
    except KeyError:
        raise ValueError(f"no writer for {fmt}") from None
    finally:
        text.flush()
        text.detach()  # `out` stays open for the caller
    return None


def _write_json(variables: list[str], rows: Iterable[list], text: TextIO) -> None:
    text.write('{"head": {"vars": ' + json.dumps(variables, ensure_ascii=False) + '}, "results": {"bindings": [')
    for number, row in enumerate(rows):
        binding = {v: _json_term(t) for v, t in zip(variables, row) if t is not None}
        text.write((", " if number else "") + json.dumps(binding, ensure_ascii=False))
    text.write("]}}")


def _write_xml(variables: list[str], rows: Iterable[list], text: TextIO) -> None:
    text.write(f"<?xml version='1.0' encoding='utf-8'?>\n<sparql xmlns=\"{SPARQL_RESULTS}\"><head>")
    text.write("".join(f"<variable name={quoteattr(v)} />" for v in variables) + "</head><results>")
    for row in rows:
        text.write("<result>")
        for v, term in zip(variables, row):
            if term is not None:
                text.write(f"<binding name={quoteattr(v)}>{_xml_term(term)}</binding>")
        text.write("</result>")
    text.write("</results></sparql>")


def _write_csv(variables: list[str], rows: Iterable[list], text: TextIO) -> None:
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(t) for t in row])


def _write_tsv(variables: list[str], rows: Iterable[list], text: TextIO) -> None:
    text.write("\t".join(f"?{v}" for v in variables) + "\n")
    for row in rows:
        text.write("\t".join("" if t is None else str(t) for t in row) + "\n")


_WRITERS = {ox.QueryResultsFormat.JSON: _write_json, ox.QueryResultsFormat.XML: _write_xml,
            ox.QueryResultsFormat.CSV: _write_csv, ox.QueryResultsFormat.TSV: _write_tsv}
