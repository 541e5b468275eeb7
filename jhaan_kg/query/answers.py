"""Speed-up: the answers of the catalogue's queries, computed by `build` and kept beside its store.

What it trades: `build` evaluates every catalogue query that needs no parameter (and each query that
needs an agency, for every agency of the graph: LISTED_VALUES) while it validates, and writes the rows
to build/store/answers/; `query run` then reads a kept answer instead of evaluating a heavy query again.
An answer is kept under a name made from the query text with its parameters bound (answer_name), and is
read only with the store it was computed on, which is read only while it matches the input files, so
it cannot differ from evaluating the query.

A query that reads the clock may use it only as the day, `SUBSTR(STR(NOW()), 1, 10)`, compared with values
(queries/README.md). Its answer can then change only on a day that reaches the next value of the graph or
of the query text at or after the build's day in string order (a date, or a year that begins then), so it
is kept with that window and read while today is inside it. A query that reads the clock otherwise is not
kept.

Off with JHAAN_KG_ANSWERS=off (build keeps none, `query run` reads none), or for one run with
`query run --recompute`. Tests check that every kept answer equals the evaluated one.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import re
import time
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from ..errors import QueryError
from ..namespaces import JHAAN
from .bind import bind_parameters
from .catalogue import load_catalogue
from .run import QueryResult, run_sparql
from .text import strings_of, strip_comments

ANSWERS = "answers"
SWITCH = "JHAAN_KG_ANSWERS"
CLOCK = re.compile(r"\bNOW\s*\(", re.IGNORECASE)
THE_DAY = re.compile(r"\bSUBSTR\s*\(\s*STR\s*\(\s*NOW\s*\(\s*\)\s*\)\s*,\s*1\s*,\s*10\s*\)", re.IGNORECASE)

# The required parameters whose values `build` lists from the graph, so that a query which needs one has an
# answer kept for each value: the agencies are few (nine in the network) and most questions name one of them.
# Countries and subjects are not listed: hundreds of values, for queries that are quick to evaluate.
LISTED_VALUES = {"agency": f"SELECT DISTINCT ?value WHERE {{ ?agency a <{JHAAN}Agency> ; <{JHAAN}acronym> ?value }}"}


def enabled() -> bool:
    """Whether answers are kept and read (JHAAN_KG_ANSWERS=off turns them off)."""
    return os.environ.get(SWITCH, "").lower() != "off"


def today() -> str:
    """The day (UTC) as NOW() gives it in `SUBSTR(STR(NOW()), 1, 10)`."""
    return time.strftime("%Y-%m-%d", time.gmtime())


def answer_name(sparql: str) -> str:
    """The file name of the kept answer to query text `sparql`: the same text gives the same name, and
    another engine version gives new ones.

    >>> answer_name("SELECT * {}") == answer_name("SELECT * {}") != answer_name("SELECT ?s {}")
    True
    """
    key = f"pyoxigraph {ox.__version__}\n{sparql}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json"


def first_value_from(graph, day: str) -> str | None:
    """The least lexical form of a literal in `graph` that is `day` or after it in string order (a later
    date, a year from the next one on, or any value that does not start with a digit), or None.

    IRIs are left out: the text of one always starts with its scheme's letters, after every day.
    """
    found = graph.query('SELECT (MIN(STR(?o)) AS ?first) WHERE { ?s ?p ?o . '
                        f'FILTER (isLiteral(?o) && STR(?o) >= "{day}") }}')
    first = next(iter(found), None)
    return None if first is None or first[0] is None else first[0].value


def answer_of(graph, sparql: str, first_value: Callable[[str], str | None] | None = None) -> bytes | None:
    """The rows of SELECT `sparql` on `graph` as they are kept (JSON: columns and rows of lexical values);
    None when the query fails, reads the clock otherwise than as the day, or shows the day in a row.

    An answer that reads the day also holds that day and `until`, the first value at or after it on which
    it could change (first_value(day): first_value_from on `graph` unless given, as `build` gives it once for
    all queries); see holds_today. Kept as the rows `query run` prints, so reading one back makes no RDF term.
    """
    code = strip_comments(sparql)
    reads_clock = len(CLOCK.findall(code))
    if reads_clock != len(THE_DAY.findall(code)):
        return None
    day = today()
    try:
        result = run_sparql(graph, sparql)
    except (QueryError, OSError, ValueError):
        return None
    kept = {"columns": result.columns, "rows": result.rows}
    if reads_clock:
        if today() != day or any(day in cell for row in result.rows for cell in row if cell):
            return None  # evaluated across midnight, or shows the day: the answer may change with any day
        first_value = first_value or (lambda d: first_value_from(graph, d))
        ends = [v for v in (first_value(day), *strings_of(code)) if v is not None and v >= day]
        kept.update(day=day, until=min(ends, default=None))
    return json.dumps(kept, ensure_ascii=False).encode("utf-8")


def catalogue_texts(graph, queries_dir: Path | None = None) -> list[str]:
    """The texts of the catalogue's queries whose answers `build` keeps for `graph`: each query that needs
    no parameter as it is, and each query whose required parameters are all in LISTED_VALUES bound to every
    combination of the values `graph` has for them, as `query run` binds them (none if the catalogue is
    broken: `query run` reports that, and `build` does not depend on it).
    """
    try:
        catalogue = load_catalogue(queries_dir)
    except (QueryError, OSError, UnicodeDecodeError):
        return []

    @functools.cache
    def values_of(name: str) -> list[str]:
        return sorted({row[0].value for row in graph.query(LISTED_VALUES[name])})

    texts = []
    for query in catalogue.values():
        required = [p.name for p in query.parameters if p.required]
        if not set(required) <= set(LISTED_VALUES):
            continue
        for values in itertools.product(*map(values_of, required)):
            try:
                texts.append(bind_parameters(query, dict(zip(required, values))))
            except QueryError:
                continue  # a value the parameter's type refuses: `query run` refuses it too
    return texts


def write_answers(answers: dict[str, bytes | None], store_folder: Path) -> None:
    """Keep `answers` (query text -> answer_of's bytes, None for a query that failed) with the store."""
    (store_folder / ANSWERS).mkdir()
    for sparql, data in answers.items():
        if data is not None:
            (store_folder / ANSWERS / answer_name(sparql)).write_bytes(data)


def holds_today(day: str, until: str | None) -> bool:
    """Whether an answer that read the clock on `day`, and may change from `until` on, holds today."""
    now = today()
    return now == day or day < now and (until is None or now < until)


class KeptAnswers:
    """The answers `build` kept beside the store in `store_folder`."""

    def __init__(self, store_folder: Path):
        self.folder = store_folder / ANSWERS

    def get(self, sparql: str) -> QueryResult | None:
        """The rows kept for query text `sparql`, or None (none kept, or no longer valid today)."""
        try:
            kept = json.loads((self.folder / answer_name(sparql)).read_bytes())
            if "day" in kept and not holds_today(kept["day"], kept["until"]):
                return None
            return QueryResult(tuple(kept["columns"]), tuple(map(tuple, kept["rows"])))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # none kept for this text (or an unreadable one): the query is evaluated
