"""Where the project lives: the folder holding ontology/, graph/, queries/ and build/.

Found one way for every command: `--root DIR`, else the environment variable JHAAN_ROOT, else the
nearest folder at or above the working directory that holds both ontology/ and queries/.

>>> project = find_project(Path(__file__).resolve().parent.parent)
>>> project.queries.name, project.build.name
('queries', 'build')
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from .errors import ProjectError

ROOT_VARIABLE = "JHAAN_ROOT"


@dataclass(frozen=True)
class Project:
    """The folders of one project; every command's defaults come from here."""

    root: Path
    ontology: Path
    graph: Path
    queries: Path
    build: Path
    store: Path  # the store `build` leaves for `query run` and `serve`


def project_at(root: Path) -> Project:
    return Project(root, root / "ontology", root / "graph", root / "queries", root / "build", root / "build" / "store")


def is_project(folder: Path) -> bool:
    return (folder / "ontology").is_dir() and (folder / "queries").is_dir()


def find_project(root: Path | str | None = None) -> Project:
    """The project at `root`, else at $JHAAN_ROOT, else the nearest one at or above the working directory.
    ProjectError (exit 2) when there is none."""
    given = root if root is not None else os.environ.get(ROOT_VARIABLE) or None
    if given is not None:
        folder = Path(given).resolve()
        if not is_project(folder):
            how = "--root" if root is not None else ROOT_VARIABLE
            raise ProjectError(f"{folder} ({how}) is not a jhaan-kg project: it needs the folders ontology/ and "
                               "queries/")
        return project_at(folder)
    cwd = Path.cwd().resolve()
    for folder in (cwd, *cwd.parents):
        if is_project(folder):
            return project_at(folder)
    raise ProjectError(f"no jhaan-kg project here: neither {cwd} nor a folder above it holds ontology/ and queries/. "
                       f"Run the command inside a checkout, or name one with --root DIR or {ROOT_VARIABLE}=DIR.")


def display_path(path: Path) -> Path:
    """`path` relative to the working directory where it is inside it (as messages show paths), else as is."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return Path(path)
