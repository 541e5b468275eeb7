"""Running SELECT queries on the embedded graph or on any SPARQL 1.1 endpoint, with the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from ..errors import QueryError
from .bind import bind_parameters
from .catalogue import NamedQuery
from .text import strip_comments

# Virtuoso at its time limit: an "anytime" answer holding only the rows found so far, which this header says,
# or else an error with an SQL state of a cancelled statement
PARTIAL_ANSWER_HEADER, PARTIAL_ANSWER_STATE = "x-sql-state", "S1TAT"
CANCELLED_STATES = ("HY008", "S1T00")


def stopped_at_limit(url: str, seconds: float, partial: bool = False) -> str:
    sent = " and sent part of the answer, which is not shown" if partial else ""
    return (f"{url} stopped the query at the time limit it was given ({seconds:g} s){sent}: simplify the query, "
            "or ask the store's administrator for more time")


@dataclass(frozen=True)
class QueryResult:
    """The rows of a SELECT: column names and, per row, each column's lexical value ('' when unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


@dataclass(frozen=True)
class Endpoint:
    """A shared store's SPARQL 1.1 endpoint, and the named graph of it to query (None: its default graph).
    Wherever a graph is queried (`run_sparql`, `run_named_query`, the drawings), an Endpoint may stand in for
    it: each query then goes to the store, through `run_sparql_endpoint`."""

    url: str
    graph: str | None = None


class Answers(Protocol):
    """Answers kept for query texts (query.answers.KeptAnswers)."""

    def get(self, sparql: str) -> QueryResult | None: ...


def run_sparql(graph, text: str) -> QueryResult:
    """Run SELECT `text` over `graph` (anything with pyoxigraph's `query`: a KnowledgeGraph, a store; or an
    Endpoint).

    Raises QueryError with the parser's message when the query does not parse.
    """
    if isinstance(graph, Endpoint):
        return run_sparql_endpoint(graph.url, text, graph=graph.graph)
    try:
        solutions = graph.query(text)
    except SyntaxError as e:
        raise QueryError(f"the query does not parse: {e}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported here")
    columns = tuple(v.value for v in solutions.variables)
    rows = tuple(tuple("" if term is None else term.value for term in s) for s in solutions)
    return QueryResult(columns, rows)


def run_sparql_endpoint(url: str, text: str, timeout: int = 60, graph: str | None = None) -> QueryResult:
    """Run SELECT `text` against a SPARQL 1.1 endpoint through SPARQLWrapper; with `graph`, over that named
    graph of the store as the default graph (the protocol's default-graph-uri).

    The query is given `timeout` seconds as the HTTP client's limit and four fifths of it as the store's own
    (the `timeout` parameter in milliseconds, which Virtuoso reads; SPARQL 1.1 has no standard one, and a
    store that does not know the parameter ignores it), so that the store stops working before the client
    stops waiting. Virtuoso then answers with the rows found so far and says so in a header, or with an error
    of a cancelled statement: either is an error here, never a short answer.
    """
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(url)
    # without comments: SPARQLWrapper reads the query's form from the first keyword it finds, and its comment
    # pattern skips every other line of a comment block, so "# ... we add ..." would be sent as an update
    client.setQuery(strip_comments(text))
    client.setReturnFormat(JSON)
    store_limit = timeout * 0.8  # seconds: the store stops before the client stops waiting
    client.setTimeout(timeout)
    client.addParameter("timeout", str(int(store_limit * 1000)))
    if graph:
        client.addDefaultGraph(graph)
    try:
        answer = client.query()
        if answer.info().get(PARTIAL_ANSWER_HEADER, "") == PARTIAL_ANSWER_STATE:
            raise QueryError(stopped_at_limit(url, store_limit, partial=True))
        data = answer.convert()
    except SPARQLWrapperException as e:
        if any(state in str(e) for state in CANCELLED_STATES):
            raise QueryError(stopped_at_limit(url, store_limit)) from None
        raise QueryError(f"the endpoint refused the query: {e}") from None
    except OSError as e:
        raise QueryError(f"cannot reach {url}: {e}") from None
    columns = tuple(data["head"]["vars"])
    rows = tuple(tuple(b.get(c, {}).get("value", "") for c in columns) for b in data["results"]["bindings"])
    return QueryResult(columns, rows)


def run_named_query(graph, query: NamedQuery, params: dict[str, str] | None = None, endpoint: str | None = None,
                    answers: Answers | None = None, named_graph: str | None = None) -> QueryResult:
    """Run a catalogue query with its parameters bound, on `graph` or on `endpoint` (over its `named_graph`
    where given); `answers` (the ones `build` kept) are read instead of evaluating where they hold the bound text."""
    text = bind_parameters(query, params or {})
    if endpoint:
        return run_sparql_endpoint(endpoint, text, graph=named_graph)
    kept = answers.get(text) if answers is not None else None
    return kept if kept is not None else run_sparql(graph, text)
