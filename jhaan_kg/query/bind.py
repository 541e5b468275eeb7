"""Parameters bound as typed RDF terms, never pasted into the query text.

A parameter's value is parsed into an RDF term of the type the query's header declares and bound with
`BIND (term AS ?name)` as the first line inside the query's outermost WHERE clause, and nowhere else: the
one way an analyst binds it by hand in any SPARQL tool (queries/README.md). A value such as
`RS" } UNION { ?s ?p ?o } #` is just a string that matches nothing. (BIND, not a VALUES block: Virtuoso 7.2
loses rows or hangs on some queries that start with VALUES.)
"""

from __future__ import annotations

import datetime
import re

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import XSD
from .catalogue import NamedQuery, Parameter
from .text import strip_comments


def to_term(parameter: Parameter, value: str):
    """The RDF term for a parameter value, checked against the declared type."""
    if parameter.type == "iri":
        if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", value, flags=re.IGNORECASE):
            raise QueryError(f"parameter {parameter.name}: {value!r} is not an IRI")
        return ox.NamedNode(value)
    checks = {"xsd:date": r"^\d{4}-\d{2}-\d{2}$", "xsd:gYear": r"^\d{4}$", "xsd:integer": r"^[+-]?\d+$",
              "xsd:boolean": r"^(true|false)$"}
    pattern = checks.get(parameter.type)
    if pattern and not re.match(pattern, value):
        raise QueryError(f"parameter {parameter.name}: {value!r} is not a valid {parameter.type}")
    if parameter.type == "xsd:date":
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"parameter {parameter.name}: {value!r} is not a valid {parameter.type}") from None
    return ox.Literal(value, datatype=ox.NamedNode(XSD + parameter.type.split(":")[1]))


def bind_parameters(query: NamedQuery, values: dict[str, str]) -> str:
    """The query text with each given parameter bound to its typed term by one line at the start of the
    outermost WHERE clause (a sub-query's WHERE comes after it in the text).

    >>> from jhaan_kg.query.catalogue import parse_header
    >>> q = parse_header("q", "# title: Q\\n# description: Q.\\n# parameters:\\n#   n: xsd:integer, required. N.\\n"
    ...                  "SELECT * WHERE {\\n  { SELECT ?s ?n WHERE { ?s ?p ?n } } }")
    >>> print(bind_parameters(q, {"n": "3"}).split("N.\\n")[1])
    SELECT * WHERE {
      BIND ("3"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?n)
    <BLANKLINE>
      { SELECT ?s ?n WHERE { ?s ?p ?n } } }
    """
    known = {p.name: p for p in query.parameters}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise QueryError(f"{query.name}: unknown parameter {', '.join(unknown)} (it takes: {', '.join(known) or 'none'})")
    missing = [p.name for p in query.parameters if p.required and p.name not in values]
    if missing:
        raise QueryError(f"{query.name}: missing required parameter {', '.join(missing)}")
    if not values:
        return query.text
    names = sorted(values)
    terms = [to_term(known[n], values[n]) for n in names]
    block = " ".join(f"BIND ({t} AS ?{n})" for n, t in zip(names, terms)) + "\n"
    where = _where_end(query.text)
    if where is None:
        raise QueryError(f"{query.name}: no WHERE clause to bind parameters in")
    return query.text[:where] + "\n  " + block + query.text[where:]


def _where_end(text: str) -> int | None:
    """Where the outermost WHERE clause of `text` opens (after its brace), comments skipped: the first in
    the text, as a sub-query's WHERE comes after it."""
    match = re.search(r"\bWHERE\s*\{", strip_comments(text), flags=re.IGNORECASE)
    return match.end() if match else None
