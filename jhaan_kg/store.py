"""A persistent copy of the merged graph in build/store/, reused by queries while the inputs are unchanged.

`jhaan-kg build` writes it; `jhaan-kg query run` opens it read-only instead of parsing every Turtle file
again when its manifest (the path, size and modification time of every input file) still matches. On a
million triples that saves parsing and loading (about 5 s) on every query.

`build` also keeps the answer of each catalogue query that needs no parameter in build/store/answers/, as
the rows `query run` prints, under a name made from the query's text (see answer_name). A query whose text
matches one is answered from that file: a heavy query on a million triples takes seconds of work on any
engine, and the answer cannot change while the store matches its inputs. Queries that read the clock
(NOW()) are keyed by the day as well.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .load import KnowledgeGraph, turtle_files

MANIFEST = "manifest.json"
ANSWERS = "answers"


def manifest_of(paths: Iterable[Path]) -> dict[str, list[int]]:
    """Path -> [size, mtime_ns] of every Turtle file the graph is loaded from."""
    return {str(p.resolve()): [p.stat().st_size, p.stat().st_mtime_ns] for p in turtle_files(paths)}


def write_store(kg: KnowledgeGraph, paths: Iterable[Path], folder: Path) -> None:
    """Save the merged graph of `kg` (loaded from `paths`) as an on-disk store in `folder`."""
    folder.mkdir(parents=True)
    store = kg.copy_merged_into(ox.Store(str(folder / "data")))
    store.flush()
    del store  # release the database lock before the folder is renamed into place
    (folder / MANIFEST).write_text(json.dumps(manifest_of(paths), indent=1), encoding="utf-8")


def answer_name(sparql: str) -> str:
    """The file name of the stored answer to query text `sparql`.

    The same text gives the same name, except that a query calling NOW() gets a new one each day (UTC),
    and another engine version gets new ones.

    >>> answer_name("SELECT * {}") == answer_name("SELECT * {}") != answer_name("SELECT ?s {}")
    True
    """
    key = f"pyoxigraph {ox.__version__}\n{sparql}"
    if re.search(r"\bNOW\s*\(", sparql, flags=re.IGNORECASE):
        key += "\n" + time.strftime("%Y-%m-%d", time.gmtime())
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + ".json"


def answer_of(graph, sparql: str) -> bytes | None:
    """The rows of SELECT `sparql` on `graph` as they are kept (JSON: columns and rows of lexical values);
    None when the query fails.

    Kept as the rows `query run` prints rather than as SPARQL results JSON: reading 44,000 rows back then
    takes less than half the time (no RDF term is made per value).
    """
    from .query import QueryError, run_sparql

    try:
        result = run_sparql(graph, sparql)
    except (QueryError, OSError, ValueError):
        return None
    return json.dumps({"columns": result.columns, "rows": result.rows}, ensure_ascii=False).encode("utf-8")


def catalogue_texts() -> list[str]:
    """The text of each query of the catalogue in queries/ that needs no parameter (none if it is broken:
    `query run` reports that, and `build` does not depend on it)."""
    from .query import QueryError, load_catalogue

    try:
        catalogue = load_catalogue()
    except (QueryError, OSError, UnicodeDecodeError):
        return []
    return [q.text for q in catalogue.values() if not any(p.required for p in q.parameters)]


def write_answers(answers: dict[str, bytes | None], folder: Path) -> None:
    """Keep `answers` (query text -> answer_of's bytes, None for a query that failed) with the store in `folder`."""
    (folder / ANSWERS).mkdir()
    for sparql, data in answers.items():
        if data is not None:
            (folder / ANSWERS / answer_name(sparql)).write_bytes(data)


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
