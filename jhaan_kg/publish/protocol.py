"""The SPARQL 1.1 Protocol's answers: which media type to answer with, and a query's answer in it."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import Refused
from .results import write_solutions

HTML_ROW_LIMIT = 2000  # rows a browser page shows
ROW_LIMIT = 10_000  # rows (or triples) an answer holds at most, by default (`serve --row-limit`)

# Offered media types in order of preference, per kind of result; `format` names map onto them.
RESULT_TYPES = {
    "solutions": ["application/sparql-results+json", "application/json", "application/sparql-results+xml",
                  "application/xml", "text/csv", "text/tab-separated-values", "text/html"],
    "boolean": ["application/sparql-results+json", "application/json", "application/sparql-results+xml",
                "application/xml", "text/csv", "text/tab-separated-values", "text/html"],
    "triples": ["text/turtle", "application/n-triples", "application/rdf+xml", "text/plain", "text/html"],
}
FORMAT_NAMES = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                "ttl": "text/turtle", "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml",
                "html": "text/html"}
SERIALISERS = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON, "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML, "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV, "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "text/turtle": ox.RdfFormat.TURTLE, "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML,
}



def negotiate(kind: str, accept: str | None, format_name: str | None = None) -> str:
    """The media type to answer a result of `kind` with, from ?format= or the Accept header.

    >>> negotiate("solutions", "text/html,application/xhtml+xml,*/*;q=0.8")
    'text/html'
    >>> negotiate("triples", "*/*"), negotiate("solutions", None), negotiate("boolean", "text/csv;q=0.5, application/sparql-results+xml")
    ('text/turtle', 'application/sparql-results+json', 'application/sparql-results+xml')
    """
    offered = RESULT_TYPES[kind]
    if format_name:
        wanted = FORMAT_NAMES.get(format_name.lower(), format_name.lower())
        if wanted not in offered:
            raise Refused(406, f"format {format_name!r} is not available for this result; choose one of "
                               + ", ".join(sorted(n for n, t in FORMAT_NAMES.items() if t in offered)))
        return wanted
    ranges = []
    for part in (accept or "*/*").split(","):
        media, *params = [x.strip() for x in part.split(";")]
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        if media:
            ranges.append((media.lower(), q))

    def quality(media: str) -> tuple[float, int]:
        best, specificity = 0.0, -1
        for r, q in ranges:
            s = 2 if r == media else 1 if r == media.split("/")[0] + "/*" else 0 if r == "*/*" else -1
            if s > specificity:
                best, specificity = q, s
        return best, specificity

    scored = [(quality(m)[0], -i, m) for i, m in enumerate(offered)]
    q, _, media = max(scored)
    if q <= 0:
        raise Refused(406, "none of the accepted media types is available; this result comes as "
                           + ", ".join(offered))
    return media



@dataclass(frozen=True)
class Answer:
    """A query's answer as the endpoint sends it: media type, body (bytes, or for text/html the data the
    page is drawn from), and whether the rows or triples were cut at the row limit."""

    media: str
    body: bytes | dict
    cut: bool = False


def first(items, limit: int) -> tuple[list, bool]:
    """The first `limit` of `items`, and whether there were more (read one past the limit, no further)."""
    kept = list(itertools.islice(items, limit + 1))
    return kept[:limit], len(kept) > limit


def run_query(store, text: str, accept: str | None, format_name: str | None, row_limit: int = ROW_LIMIT) -> Answer:
    """The answer to `text`, at most `row_limit` rows (or triples) of it."""
    try:
        result = store.query(text)
    except SyntaxError as e:
        raise Refused(400, f"the query does not parse: {parse_error(str(e))}") from None
    kind = ("boolean" if isinstance(result, ox.QueryBoolean) else
            "solutions" if isinstance(result, ox.QuerySolutions) else "triples")
    media = negotiate(kind, accept, format_name)
    if kind == "boolean":
        if media == "text/html":
            return Answer(media, {"columns": ["answer"], "rows": [[["true" if bool(result) else "false", False]]],
                                  "more": False})
        return Answer(media, result.serialize(format=SERIALISERS[media]))
    if kind == "triples":
        triples, cut = first(result, row_limit)
        if media == "text/html":
            return Answer(media, {"turtle": ox.serialize(triples, format=ox.RdfFormat.TURTLE).decode("utf-8"),
                                  "more": cut}, cut)
        return Answer(media, ox.serialize(triples, format=SERIALISERS[media]), cut)
    columns = [v.value for v in result.variables]
    if media == "text/html":
        solutions, more = first(result, min(row_limit, HTML_ROW_LIMIT))
        return Answer(media, {"columns": columns, "rows": [[_cell(s[c]) for c in columns] for s in solutions],
                              "more": more}, more)
    solutions, cut = first(result, row_limit)
    return Answer(media, write_solutions(columns, [list(s) for s in solutions], SERIALISERS[media]), cut)


def parse_error(message: str) -> str:
    r"""The parser's message without the Unicode ranges it lists where a name could start.

    >>> parse_error("error at 1:22: expected one of 'a', ['A' ..= 'Z' | '\\u{00C0}'..='\\u{00D6}'], [_]")
    "error at 1:22: expected one of 'a', a name, [_]"
    """
    return re.sub(r"\['A' \.\.= 'Z'[^\]]*\]", "a name", message).strip()


def _cell(term) -> list:
    """A term as [lexical value, is it an IRI] for the HTML table."""
    if term is None:
        return ["", False]
    return [term.value, isinstance(term, ox.NamedNode)]


