"""Speed-up: a copy of the merged graph on disk (build/store/), opened instead of parsing the Turtle files.

What it trades: `build` spends time and disk writing the store, so that `query run` and `serve` open it
in an instant instead of parsing and loading every file (seconds on a large graph; docs/bench.md). It is
read only while its manifest (the path, size and modification time of every input file) still matches
the inputs, so it can never answer for files that changed.

Off with JHAAN_KG_STORE=off: `build` writes no store (and so keeps no answers), `query run` reads the
Turtle files, and `serve` loads them into a store of its own. Tests check the rows are the same either way.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .files import turtle_files
from .graph import KnowledgeGraph

MANIFEST = "manifest.json"
SWITCH = "JHAAN_KG_STORE"


def enabled() -> bool:
    """Whether the on-disk store is used (JHAAN_KG_STORE=off turns it off)."""
    return os.environ.get(SWITCH, "").lower() != "off"


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


class StoredGraph:
    """The merged graph opened read-only from a store folder: queries only (no file provenance)."""

    def __init__(self, folder: Path):
        self.folder = folder
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
