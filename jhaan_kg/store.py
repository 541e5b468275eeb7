"""A persistent copy of the merged graph in build/store/, reused by queries while the inputs are unchanged.

`jhaan-kg build` writes it; `jhaan-kg query run` opens it read-only instead of parsing every Turtle file
again when its manifest (the path, size and modification time of every input file) still matches. On a
million triples that turns a half-minute load into a fraction of a second.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .load import KnowledgeGraph, turtle_files

MANIFEST = "manifest.json"


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


class StoredGraph:
    """The merged graph opened from a store folder: queries only (no file provenance)."""

    def __init__(self, folder: Path):
        self.merged = ox.Store.read_only(str(folder / "data"))

    def query(self, sparql: str, **options):
        return self.merged.query(sparql, **options)


def open_store(folder: Path, paths: Iterable[Path]) -> StoredGraph | None:
    """The store in `folder` if it was built from exactly the files `paths` hold now, else None."""
    try:
        saved = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        if saved != manifest_of(paths):
            return None
        return StoredGraph(folder)
    except (OSError, ValueError):
        return None
