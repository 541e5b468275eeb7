"""A persistent copy of the merged graph in build/store/, reused by queries while the inputs are unchanged.

`jhaan-kg build` writes it; `jhaan-kg query run` opens it read-only instead of parsing every Turtle file
again when its manifest (the path, size and modification time of every input file) still matches. On a
million triples that saves parsing and loading (about 5 s) on every query.

`build` also keeps the answer of each catalogue query that needs no parameter, and of each query that needs
an agency for every agency of the graph (LISTED_VALUES), in build/store/answers/, as the rows `query run`
prints, under a name made from the query's text with its parameters bound (see answer_name). A query whose text
matches one is answered from that file: a heavy query on a million triples takes seconds of work on any
engine, and the answer cannot change while the store matches its inputs.

A query that reads the clock may use it only as the day, `SUBSTR(STR(NOW()), 1, 10)`, compared with values
(queries/README.md). Its answer can then change only on a day that reaches the next value of the graph or
of the query text at or after the build's day in string order (a date, or a year that begins then), so it
is kept with that window and read while today is inside it. A query that reads the clock otherwise is not
kept.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import re
import time
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from .load import KnowledgeGraph, turtle_files

MANIFEST = "manifest.json"
ANSWERS = "answers"
CLOCK = re.compile(r"\bNOW\s*\(", re.IGNORECASE)
THE_DAY = re.compile(r"\bSUBSTR\s*\(\s*STR\s*\(\s*NOW\s*\(\s*\)\s*\)\s*,\s*1\s*,\s*10\s*\)", re.IGNORECASE)


def manifest_of(paths: Iterable[Path]) -> dict[str, list[int]]:
    """Path -> [size, mtime_ns] of every Turtle file the graph is loaded from."""
    return {str(p.resolve()): [p.stat().st_size, p.stat().st_mtime_ns] for p in turtle_files(paths)}


def write_store(kg: KnowledgeGraph, paths: Iterable[Path], folder: Path) -> None:
    """Save the merged graph of `kg` (loaded from `paths`) as an on-disk store in `folder`."""
    folder.mkdir(parents=True)
    store = kg.copy_merged_into(ox.Store(str(folder / "data")), bulk=True)
    store.flush()
    del store  # release the database lock before the folder is renamed into place
    (folder / MANIFEST).write_text(json.dumps(manifest_of(paths), indent=1), encoding="utf-8")


def today() -> str:
    """The day (UTC) as NOW() gives it in `SUBSTR(STR(NOW()), 1, 10)`."""
    return time.strftime("%Y-%m-%d", time.gmtime())


def answer_name(sparql: str) -> str:
    """The file name of the stored answer to query text `sparql`: the same text gives the same name, and
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
    all queries); see holds_today.
    Kept as the rows `query run` prints rather than as SPARQL results JSON: reading 44,000 rows back then
    takes less than half the time (no RDF term is made per value).
    """
    from .query import QueryError, run_sparql, strings_of, strip_comments

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


# The required parameters whose values `build` lists from the graph, so that a query which needs one has an
# answer kept for each value: the agencies are few (nine in the network) and most questions name one of them.
# Countries and subjects are not listed: hundreds of values, for queries that take well under a second.
LISTED_VALUES = {"agency": "SELECT DISTINCT ?value WHERE { ?agency a <https://w3id.org/jhaan-kg/ontology#Agency> ; "
                           "<https://w3id.org/jhaan-kg/ontology#acronym> ?value }"}


def catalogue_texts(graph) -> list[str]:
    """The texts of the catalogue's queries (queries/) whose answers `build` keeps for `graph`: each query that
    needs no parameter as it is, and each query whose required parameters are all in LISTED_VALUES bound to
    every combination of the values `graph` has for them, as `query run` binds them (none if the catalogue
    is broken: `query run` reports that, and `build` does not depend on it).
    """
    from .query import QueryError, bind_parameters, load_catalogue

    try:
        catalogue = load_catalogue()
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


def write_answers(answers: dict[str, bytes | None], folder: Path) -> None:
    """Keep `answers` (query text -> answer_of's bytes, None for a query that failed) with the store in `folder`."""
    (folder / ANSWERS).mkdir()
    for sparql, data in answers.items():
        if data is not None:
            (folder / ANSWERS / answer_name(sparql)).write_bytes(data)


def holds_today(day: str, until: str | None) -> bool:
    """Whether an answer that read the clock on `day`, and may change from `until` on, holds today."""
    now = today()
    return now == day or day < now and (until is None or now < until)


class StoredGraph:
    """The merged graph opened from a store folder: queries only (no file provenance).

    A query whose answer `build` kept is read from that answer unless `recompute` is set.
    """

    def __init__(self, folder: Path, recompute: bool = False):
        self.folder, self.recompute = folder, recompute
        self.merged = ox.Store.read_only(str(folder / "data"))

    def query(self, sparql: str, **options):
        return self.merged.query(sparql, **options)

    def kept_answer(self, sparql: str):
        """The rows `build` kept for query text `sparql` (a query.QueryResult), or None."""
        from .query import QueryResult

        if self.recompute:
            return None
        try:
            kept = json.loads((self.folder / ANSWERS / answer_name(sparql)).read_bytes())
            if "day" in kept and not holds_today(kept["day"], kept["until"]):
                return None
            return QueryResult(tuple(kept["columns"]), tuple(map(tuple, kept["rows"])))
        except (OSError, ValueError, KeyError, TypeError):
            return None  # none kept for this text (or an unreadable one): the query is evaluated


def open_store(folder: Path, paths: Iterable[Path], recompute: bool = False) -> StoredGraph | None:
    """The store in `folder` if it was built from exactly the files `paths` hold now, else None."""
    try:
        saved = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if saved != manifest_of(paths):
            return None
        return StoredGraph(folder, recompute)
    except (OSError, ValueError):
        return None
