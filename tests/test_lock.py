"""One writer at a time (issue 21, item 7): two changes written at once both land; a writer told not to
wait stops at once; the temporary files of a killed writer are removed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from click.testing import CliRunner

from helpers import FIXTURES, ONTOLOGY
from jhaan_kg.cli import main
from jhaan_kg.load import load_graph
from jhaan_kg.steward.lock import graph_lock

JHAAN_KG = [sys.executable, "-c", "from jhaan_kg.cli import main; main()"]
PREFIXES = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n@prefix instrument: <https://w3id.org/jhaan-kg/id/instrument/> .\n"
SUBJECTS = ("instrument:alpha-rs-strategic-agreement-2008", "instrument:alpha-ua-operational-agreement-2016")


def comments(graph) -> set[str]:
    kg = load_graph([graph])
    rdfs_comment = "http://www.w3.org/2000/01/rdf-schema#comment"
    return {q.object.value for q in kg.store.quads_for_pattern(None, None, None, None)
            if q.predicate.value == rdfs_comment}


def test_two_writers_at_once_both_land_twenty_times_out_of_twenty(tmp_path):
    graph = tmp_path / "graph"
    shutil.copytree(FIXTURES / "small", graph)
    env = {**os.environ, "JHAAN_KG_CACHE": str(tmp_path / "cache")}
    for round_ in range(20):
        changes = []
        for writer, subject in zip("AB", SUBJECTS):  # both rewrite instruments.ttl
            change = tmp_path / f"{round_}-{writer}.ttl"
            change.write_text(PREFIXES + f'{subject} rdfs:comment "round {round_} writer {writer}"@en .\n')
            changes.append(change)
        writers = [subprocess.Popen([*JHAAN_KG, "update", "--graph", str(graph), "--ontology", str(ONTOLOGY),
                                     "--add", str(change), "--apply"], env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True) for change in changes]
        outcomes = [w.communicate(timeout=120) for w in writers]
        assert [w.returncode for w in writers] == [0, 0], outcomes
        found = comments(graph)
        assert {f"round {round_} writer A", f"round {round_} writer B"} <= found, round_
    assert len(comments(graph)) >= 40


def test_a_writer_told_not_to_wait_stops_at_once_and_changes_nothing(tmp_path):
    graph = tmp_path / "graph"
    shutil.copytree(FIXTURES / "small", graph)
    change = tmp_path / "add.ttl"
    change.write_text(PREFIXES + f'{SUBJECTS[0]} rdfs:comment "late"@en .\n')
    before = (graph / "instruments.ttl").read_bytes()
    with graph_lock(graph):  # another writer holds the graph
        started = time.perf_counter()
        result = CliRunner().invoke(main, ["update", "--graph", str(graph), "--ontology", str(ONTOLOGY),
                                           "--add", str(change), "--apply", "--no-wait"])
        assert time.perf_counter() - started < 30
    assert result.exit_code == 2 and "another change is being written" in result.stderr
    assert (graph / "instruments.ttl").read_bytes() == before


def test_holding_the_lock_a_writer_removes_what_a_killed_writer_left(tmp_path):
    graph = tmp_path / "graph"
    shutil.copytree(FIXTURES / "small", graph)
    left = graph / ".instruments.ttl.x1y2z3.tmp"
    left.write_text("half a file")
    result = CliRunner().invoke(main, ["format", "--check", "--graph", str(graph)])
    assert result.exit_code in (0, 1) and not left.exists()
    assert (graph / "instruments.ttl").is_file()
