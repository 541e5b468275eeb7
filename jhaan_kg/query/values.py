"""The values an `agency` or `country` parameter can take, read from the graph: a value is put in the
graph's spelling before it is bound, or refused with the closest names the graph holds.

Without this, `--param agency=frontex` or `country=ZZ` gives no row and exit 0, which reads as "none"
when it means "no such agency". The check is done here rather than in the queries: the graph's own names
are read anyway for the message, so the value bound is exactly the one the graph writes, the queries stay
as they are (one BIND per parameter, the same plans, the same golden rows), and `build`'s kept answers,
named by the bound text, are found for `frontex` as for `Frontex`. An analyst who pastes a query into
another SPARQL tool writes the graph's spelling in its BIND line, as queries/README.md shows.

Agency acronyms and country codes match regardless of case; anything else is an error (QueryError, exit
2) naming the closest values (difflib), by code and by name (`Serbia` suggests `RS (Serbia)`).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Callable

from ..errors import QueryError
from ..namespaces import sparql_prefixes
from .catalogue import NamedQuery
from .run import QueryResult

# The parameters whose values are names the graph holds, each with the query that lists them (value, name).
LISTED = {
    "agency": ("agency", "SELECT DISTINCT ?value ?name WHERE { ?x a jhaan:Agency ; jhaan:acronym ?value . "
                         "OPTIONAL { ?x skos:prefLabel ?label FILTER (LANG(?label) = \"en\") } "
                         "BIND (COALESCE(STR(?label), \"\") AS ?name) } ORDER BY LCASE(STR(?value))"),
    "country": ("country", "SELECT DISTINCT ?value ?name WHERE { ?x a jhaan:Country ; jhaan:iso2 ?value . "
                           "OPTIONAL { ?x skos:prefLabel ?label FILTER (LANG(?label) = \"en\") } "
                           "BIND (COALESCE(STR(?label), \"\") AS ?name) } ORDER BY ?name ?value"),
}


@dataclass(frozen=True)
class Choice:
    """A value a parameter can take (as the graph writes it) and what it names."""

    value: str
    name: str

    def __str__(self) -> str:
        return f"{self.value} ({self.name})" if self.name and self.name != self.value else self.value


class Choices:
    """The values of the LISTED parameters, read once per parameter from the graph by `run(text)` (a
    SELECT on the embedded store or an endpoint) and kept."""

    def __init__(self, run: Callable[[str], QueryResult]):
        self.run = run
        self._found: dict[str, tuple[Choice, ...]] = {}

    def of(self, parameter: str) -> tuple[Choice, ...]:
        """The choices of `parameter` (empty for a parameter that is not LISTED)."""
        if parameter not in LISTED:
            return ()
        if parameter not in self._found:
            result = self.run(sparql_prefixes() + LISTED[parameter][1])
            seen: dict[str, Choice] = {}
            for value, name in result.rows:
                seen.setdefault(value, Choice(value, name))
            self._found[parameter] = tuple(seen.values())
        return self._found[parameter]

    def normalise(self, query: NamedQuery, values: dict[str, str]) -> dict[str, str]:
        """`values` with each LISTED parameter of `query` put in the graph's spelling; QueryError naming the
        closest values when the graph holds none that matches (regardless of case)."""
        declared = {p.name for p in query.parameters}
        fixed = dict(values)
        for name, value in values.items():
            if name in declared and name in LISTED:
                fixed[name] = match(name, value, self.of(name), query.name)
        return fixed


def match(parameter: str, value: str, choices: tuple[Choice, ...], query_name: str = "") -> str:
    """The graph's spelling of `value` among `choices`, or QueryError with the closest ones.

    >>> agencies = (Choice("Frontex", "European Border and Coast Guard Agency"), Choice("eu-LISA", ""))
    >>> match("agency", "FRONTEX", agencies)
    'Frontex'
    >>> match("agency", "frontx", agencies)
    Traceback (most recent call last):
    ...
    jhaan_kg.errors.QueryError: parameter agency: the graph holds no agency 'frontx'; the closest: Frontex (European Border and Coast Guard Agency)
    """
    for choice in choices:
        if choice.value == value:
            return value
    for choice in choices:
        if choice.value.casefold() == value.casefold():
            return choice.value
    kind = LISTED[parameter][0]
    prefix = f"{query_name}: " if query_name else ""
    named = [c for c in choices if c.name.casefold() == value.casefold()]
    closest = named or closest_choices(value, choices)
    if closest:
        hint = "; the closest: " + ", ".join(map(str, closest))
    elif len(choices) <= 12:
        hint = "; it holds: " + ", ".join(c.value for c in choices)
    else:
        hint = f"; it holds {len(choices)} {kind.replace('y', 'ie')}s" + (
            ", each by its ISO 3166-1 alpha-2 code (RS for Serbia)" if kind == "country" else "")
    raise QueryError(f"{prefix}parameter {parameter}: the graph holds no {kind} {value!r}{hint}")


def closest_choices(value: str, choices: tuple[Choice, ...], n: int = 3) -> list[Choice]:
    """Up to `n` choices whose value or name is closest to `value` (difflib), best first.

    >>> countries = (Choice("RS", "Serbia"), Choice("ME", "Montenegro"), Choice("SN", "Senegal"))
    >>> [c.value for c in closest_choices("serbia", countries)]
    ['RS']
    """
    keys: dict[str, Choice] = {}
    for choice in choices:
        keys.setdefault(choice.value.casefold(), choice)
        if choice.name:
            keys.setdefault(choice.name.casefold(), choice)
    cutoff = 0.5 if len(value) > 3 else 0.6
    found: list[Choice] = []
    for key in difflib.get_close_matches(value.casefold(), keys, n=n * 2, cutoff=cutoff):
        if keys[key] not in found:
            found.append(keys[key])
    return found[:n]
