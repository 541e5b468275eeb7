"""The query catalogue (queries/*.rq) and running queries with parameters bound as typed RDF terms.

A parameter's value is parsed into an RDF term of the type the query's header declares and bound with
`BIND (term AS ?name)` at the start of the query's WHERE clause (and after each `# bind parameters here`
line: see BIND_HERE); it is never pasted into the query as
text, so a value such as `RS" } UNION { ?s ?p ?o } #` is just a string that matches nothing. (BIND, not
a VALUES block: Virtuoso 7.2 loses rows or hangs on some queries that start with VALUES.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .load import project_root

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAMETER_TYPES = {"xsd:date", "xsd:gYear", "xsd:integer", "xsd:string", "xsd:boolean", "iri"}


class QueryError(Exception):
    """A query that cannot be run: unknown name, bad parameter, or SPARQL that does not parse."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path | None = field(default=None, compare=False)


def default_queries_dir() -> Path:
    return project_root() / "queries"


def parse_header(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """Read `title:`, `description:` and `parameters:` from the leading comment lines of a query.

    >>> q = parse_header("x", "# title: X\\n# description: Does x.\\n# parameters:\\n#   day: xsd:date, optional, default today. The day.\\nSELECT * WHERE {}")
    >>> q.title, q.parameters[0].name, q.parameters[0].required
    ('X', 'day', False)
    """
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].rstrip())
    fields: dict[str, list[str]] = {}
    current = None
    for line in header:
        m = re.match(r"^ (title|description|parameters):\s*(.*)$", line)
        if m:
            current = m.group(1)
            fields[current] = [m.group(2)] if m.group(2) else []
        elif current and line.strip():
            fields[current].append(line.strip() if current != "parameters" else line)
    parameters = []
    for line in fields.get("parameters", []):
        m = re.match(r"^\s*(\w+):\s*([\w:]+),\s*(required|optional)(?:,\s*default\s+(.+?))?\.(?:\s+(.*)|$)", line)
        if not m:
            if line.strip().lower() in ("none", "none."):
                continue
            raise QueryError(f"{name}: cannot read parameter line {line.strip()!r}")
        if m.group(2) not in PARAMETER_TYPES:
            raise QueryError(f"{name}: parameter {m.group(1)} has unknown type {m.group(2)}")
        parameters.append(Parameter(m.group(1), m.group(2), m.group(3) == "required", m.group(4), m.group(5) or ""))
    if not {"title", "description", "parameters"} <= set(fields):
        raise QueryError(f"{name}: the header must give title:, description: and parameters: (parameters: none if it has none)")
    return NamedQuery(name, " ".join(fields["title"]), " ".join(fields["description"]), tuple(parameters), text, path)


def load_catalogue(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every `.rq` file of `folder` (default queries/), by name."""
    folder = folder or default_queries_dir()
    catalogue = {}
    for path in sorted(folder.glob("*.rq")):
        catalogue[path.stem] = parse_header(path.stem, path.read_text(encoding="utf-8"), path)
    return catalogue


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
        import datetime

        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            raise QueryError(f"parameter {parameter.name}: {value!r} is not a valid {parameter.type}") from None
    return ox.Literal(value, datatype=ox.NamedNode(XSD + parameter.type.split(":")[1]))


# A comment line a query puts at the start of a group (such as each branch of a UNION) to have the parameters
# bound there too. pyoxigraph evaluates a UNION before joining it with bindings from outside, so a branch
# that should start from a parameter's node must bind it itself.
BIND_HERE = "# bind parameters here"


def bind_parameters(query: NamedQuery, values: dict[str, str]) -> str:
    """The query text with each given parameter bound to its typed term at the start of the WHERE clause
    and after each BIND_HERE line.

    >>> q = parse_header("q", "# title: Q\\n# description: Q.\\n# parameters:\\n#   n: xsd:integer, required. N.\\n"
    ...                  "SELECT * WHERE {\\n  {\\n    # bind parameters here\\n    ?s ?p ?n } }")
    >>> print(bind_parameters(q, {"n": "3"}).split("N.\\n")[1])
    SELECT * WHERE {
      BIND ("3"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?n)
    <BLANKLINE>
      {
        # bind parameters here
        BIND ("3"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?n)
        ?s ?p ?n } }
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
    text = query.text[:where] + "\n  " + block + query.text[where:]
    # and again inside each group that asks for it (see BIND_HERE)
    return re.sub(rf"^([ \t]*){re.escape(BIND_HERE)}[ \t]*$", lambda m: m.group(0) + "\n" + m.group(1) + block.rstrip("\n"),
                  text, flags=re.MULTILINE)


@lru_cache(maxsize=128)
def _where_end(text: str) -> int | None:
    """Where the first WHERE clause of `text` opens (after its brace), comments skipped; remembered per
    text, as tokenizing a long query took about 0.3 ms of every run of it."""
    match = re.search(r"\bWHERE\s*\{", strip_comments(text), flags=re.IGNORECASE)
    return match.end() if match else None


def uses_service(text: str) -> bool:
    """Whether the query calls another endpoint (SERVICE), which a public endpoint must not do for a caller.

    >>> uses_service('SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }'), uses_service('SELECT ("SERVICE" AS ?x) {}')
    (True, False)
    """
    return re.search(r"\bSERVICE\b", strip_comments(text, literals_too=True), flags=re.IGNORECASE) is not None


# What the text of a query is split into to tell its code from its comments and strings: a string (the
# long forms first), an IRI, or a comment. A '#' inside a string or an IRI starts no comment.
SPARQL_TOKEN = re.compile(r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
                          r'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|<[^<>"{}|^`\\\s]*>|(?P<comment>#[^\n]*)''')


def strip_comments(text: str, literals_too: bool = False) -> str:
    """The text with comments blanked out (same length), so positions still match the original;
    with `literals_too`, IRIs and strings as well, leaving only the query's keywords and variables.

    >>> strip_comments('<http://a#b> "x#y" # note')
    '<http://a#b> "x#y"       '
    >>> strip_comments('<http://a#SERVICE> "SERVICE" # SERVICE', literals_too=True).strip()
    ''
    """
    return SPARQL_TOKEN.sub(lambda m: " " * len(m.group()) if literals_too or m.group("comment") else m.group(), text)


def strings_of(text: str) -> list[str]:
    """The contents of the strings a query writes (escapes as written), those in comments left out.

    >>> strings_of('''SELECT * { ?s ?p "2026-12-01", 'a#' } # "not this"''')
    ['2026-12-01', 'a#']
    """
    strings = (m.group("string") for m in SPARQL_TOKEN.finditer(text) if m.group("string"))
    return [s[3:-3] if s[:3] in ('"""', "'''") else s[1:-1] for s in strings]


@dataclass(frozen=True)
class QueryResult:
    """The rows of a SELECT: column names and, per row, each column's lexical value ('' when unbound)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def dicts(self) -> list[dict[str, str]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


def run_sparql(kg, text: str) -> QueryResult:
    """Run SELECT `text` over the embedded graph `kg` (the union of its files).

    Raises QueryError with the parser's message when the query does not parse. A store that kept this
    query's answer (store.StoredGraph) gives that instead.
    """
    kept = getattr(kg, "kept_answer", lambda _: None)(text)
    if kept is not None:
        return kept
    try:
        solutions = kg.query(text)
    except SyntaxError as e:
        raise QueryError(f"the query does not parse: {e}") from None
    if not isinstance(solutions, ox.QuerySolutions):
        raise QueryError("only SELECT queries are supported here")
    columns = tuple(v.value for v in solutions.variables)
    # a solution iterates over its values in the order of the columns: 4 times faster than s[name]
    rows = tuple(tuple(_lexical(term) for term in s) for s in solutions)
    return QueryResult(columns, rows)


def run_sparql_endpoint(url: str, text: str, timeout: int = 60) -> QueryResult:
    """Run SELECT `text` against a SPARQL 1.1 endpoint through SPARQLWrapper."""
    from SPARQLWrapper import JSON, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(url)
    # without comments: SPARQLWrapper reads the query's form from the first keyword it finds, and its comment
    # pattern skips every other line of a comment block, so "# ... we add ..." would be sent as an update
    client.setQuery(strip_comments(text))
    client.setReturnFormat(JSON)
    client.setTimeout(timeout)
    try:
        data = client.queryAndConvert()
    except SPARQLWrapperException as e:
        raise QueryError(f"the endpoint refused the query: {e}") from None
    except OSError as e:
        raise QueryError(f"cannot reach {url}: {e}") from None
    columns = tuple(data["head"]["vars"])
    rows = tuple(tuple(b.get(c, {}).get("value", "") for c in columns) for b in data["results"]["bindings"])
    return QueryResult(columns, rows)


def run_named_query(kg, query: NamedQuery, params: dict[str, str] | None = None, endpoint: str | None = None) -> QueryResult:
    """Run a catalogue query with its parameters bound, on `kg` or on `endpoint`."""
    text = bind_parameters(query, params or {})
    return run_sparql_endpoint(endpoint, text) if endpoint else run_sparql(kg, text)


def _lexical(term) -> str:
    if term is None:
        return ""
    return term.value
