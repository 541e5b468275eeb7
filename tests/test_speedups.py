"""Every mechanism that exists only for speed can be switched off, and gives the same output off as on.

The switches (README, "Speed-ups"): JHAAN_KG_CACHE=off (compiled shapes, cached reports, PNGs, ontology
documentation), JHAAN_KG_STORE=off (the on-disk store `build` leaves for `query run` and `serve`),
JHAAN_KG_ANSWERS=off (the catalogue's answers `build` keeps), JHAAN_KG_WORKERS=off (the worker processes and
thread of `build`). JHAAN_KG_SERVE_CACHE=off (the answers `serve` keeps in memory) is tested in
tests/test_serve_load.py.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from helpers import GRAPH, ONTOLOGY, ROOT
from jhaan_kg.cli import main
from jhaan_kg.query import load_catalogue

SWITCHES = ["JHAAN_KG_CACHE", "JHAAN_KG_STORE", "JHAAN_KG_ANSWERS", "JHAAN_KG_WORKERS"]
SAME_BYTES = ["relex.svg", "relex.png", "relex.html", "empact.svg", "empact.png", "empact.html", "validation.txt",
              "validation.json", "network-relex.html", "network-relex.svg", "network-agencies.html",
              "network-agencies.svg", "sources.html", "annex-figures.ttl"]
SAME_GRAPH = [("jhaan.ttl", ox.RdfFormat.TURTLE), ("jhaan.jsonld", ox.RdfFormat.JSON_LD),
              ("validation.ttl", ox.RdfFormat.TURTLE)]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A project folder of its own, so that its build/ and build/store are the defaults."""
    root = tmp_path_factory.mktemp("project")
    for folder in (ONTOLOGY, GRAPH, ROOT / "queries"):
        shutil.copytree(folder, root / folder.name)
    return root


def build(project: Path, out: str, cache: Path, **switches: str) -> Path:
    env = {"JHAAN_KG_CACHE": str(cache), **switches}
    result = CliRunner(env=env).invoke(main, ["--root", str(project), "build", "--quiet", "--out", str(project / out)])
    assert result.exit_code == 0, result.output
    return project / out


def canonical(path: Path, fmt) -> list[str]:
    dataset = ox.Dataset(ox.parse(path=str(path), format=fmt))
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(str(q) for q in dataset)


def files_of(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and "store" not in p.parts}


@pytest.fixture(scope="module")
def builds(project, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    on = build(project, "build", cache)
    off = {switch: build(project, f"build-{switch.lower()}", tmp_path_factory.mktemp("cache"), **{switch: "off"})
           for switch in SWITCHES}
    return on, off


@pytest.mark.parametrize("switch", SWITCHES)
def test_build_writes_the_same_files_with_a_speed_up_off(builds, switch):
    on, off = builds[0], builds[1][switch]
    assert files_of(on) == files_of(off)
    for name in SAME_BYTES:
        assert (on / name).read_bytes() == (off / name).read_bytes(), name
    for name, fmt in SAME_GRAPH:
        assert canonical(on / name, fmt) == canonical(off / name, fmt), name
    # pyLODE writes the same page with its classes in another order from run to run
    assert sorted((on / "ontology/index.html").read_text().splitlines()) == \
        sorted((off / "ontology/index.html").read_text().splitlines())
    without_time = lambda path: re.sub(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC", "", path.read_text())
    assert without_time(on / "index.html") == without_time(off / "index.html")


def test_the_store_and_the_answers_are_left_only_when_they_are_on(builds):
    on, off = builds
    answers = lambda folder: {p.name: p.read_bytes() for p in (folder / "store" / "answers").iterdir()}
    assert (on / "store" / "data").is_dir() and len(answers(on)) >= 29
    assert not (off["JHAAN_KG_STORE"] / "store").exists()
    assert (off["JHAAN_KG_ANSWERS"] / "store" / "data").is_dir()
    assert not (off["JHAAN_KG_ANSWERS"] / "store" / "answers").exists()
    assert answers(off["JHAAN_KG_WORKERS"]) == answers(on) == answers(off["JHAAN_KG_CACHE"])


@pytest.mark.parametrize("switch", ["JHAAN_KG_STORE", "JHAAN_KG_ANSWERS"])
def test_query_run_gives_the_same_rows_without_the_store_or_the_kept_answers(builds, project, switch):
    assert builds[0] == project / "build"  # the store and answers query run reads by default
    names = [q.name for q in load_catalogue(project / "queries").values() if not any(p.required for p in q.parameters)]
    names.append("meetings-attended")
    for name in names:
        args = ["--root", str(project), "query", "run", name, "--format", "csv"]
        args += ["--param", "agency=Europol"] if name == "meetings-attended" else []
        fast = CliRunner().invoke(main, args)
        plain = CliRunner(env={switch: "off"}).invoke(main, args)
        assert fast.exit_code == plain.exit_code == 0, (name, fast.output, plain.output)
        assert fast.stdout == plain.stdout, name
        assert fast.stderr == "", name  # the store matched: read, not the files
