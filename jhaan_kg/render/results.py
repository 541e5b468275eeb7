"""The query results a figure is drawn from: the drawing functions never see the graph."""

from __future__ import annotations

from dataclasses import MISSING, dataclass, fields
from pathlib import Path
from typing import Iterable, TypeVar

from ..query import QueryResult, load_catalogue, run_named_query

Row = TypeVar("Row")


@dataclass(frozen=True)
class Results:
    """The query results a figure is drawn from, by query name, and the date it is drawn for."""

    by_name: dict[str, QueryResult]
    as_of: str

    def rows(self, name: str) -> list[dict[str, str]]:
        return self.by_name[name].dicts()

    def records(self, name: str, kind: type[Row]) -> tuple[Row, ...]:
        """The rows of query `name` as instances of the frozen dataclass `kind`, whose fields name the
        columns it reads (each a lexical value, "" when unbound); a missing column raises KeyError, unless
        the field has a default."""
        names = [f.name for f in fields(kind) if f.default is MISSING]  # a field with a default may be left out
        optional = [f.name for f in fields(kind) if f.default is not MISSING]
        return tuple(kind(**{n: row[n] for n in names}, **{n: row[n] for n in optional if n in row})
                     for row in self.rows(name))

    def source_titles(self) -> dict[str, str]:
        """The title of each source document, by URL (infographic-source-titles), for link texts."""
        return {r["source"]: r["title"] for r in self.rows("infographic-source-titles")}


@dataclass(frozen=True)
class Agency:
    """A row of infographic-agencies: one agency of the network, with its RELEX counts as of the date."""

    agency: str  # the acronym the graph writes, e.g. Frontex
    name: str
    footnotes: str  # footnote numbers, space-separated
    recorded: str
    signed_by_date: str  # known to be signed on or before the date
    no_signature_date: str  # no signature date at all
    without_full_date: str  # no day of signature


RELEX_QUERIES = ("relex-matrix", "relex-legend", "relex-footnotes", "infographic-agencies", "infographic-source-titles")
EMPACT_QUERIES = ("empact-priorities", "empact-involvement", "infographic-agencies", "infographic-empact-cycle",
                  "infographic-empact-roles", "infographic-source-titles")
DATED_QUERIES = {"relex-matrix", "infographic-agencies"}


def query_results(kg, names: Iterable[str], as_of: str, queries_dir: Path | None = None) -> Results:
    """Run the named queries (the dated ones with `as_of`) and keep their results."""
    catalogue = load_catalogue(queries_dir)
    found = {}
    for name in names:
        params = {"as_of": as_of} if name in DATED_QUERIES else {}
        found[name] = run_named_query(kg, catalogue[name], params)
    return Results(found, as_of)
