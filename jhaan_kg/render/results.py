"""The query results a figure is drawn from: the drawing functions never see the graph."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from ..query import QueryResult, load_catalogue, run_named_query


@dataclass(frozen=True)
class Results:
    """The query results a figure is drawn from, by query name, and the date it is drawn for."""

    by_name: dict[str, QueryResult]
    as_of: str

    def rows(self, name: str) -> list[dict[str, str]]:
        return self.by_name[name].dicts()


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

