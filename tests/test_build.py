"""`jhaan-kg build`: writes its files, reports progress and a summary, and never half-writes build/."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from click.testing import CliRunner

from helpers import FIXTURES, GRAPH, ONTOLOGY
from jhaan_kg.cli import main

EXPECTED_FILES = {"index.html", "jhaan.ttl", "jhaan.jsonld", "validation.txt", "validation.json",
                  "validation.ttl", "ontology/index.html", "relex.svg", "relex.png", "relex.html",
                  "empact.svg", "empact.png", "empact.html", "network-relex.html", "network-relex.svg",
                  "network-agencies.html", "network-agencies.svg"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "build"
    result = run("build", "--out", out, "--ontology", ONTOLOGY, "--graph", GRAPH)
    return out, result


def test_build_writes_every_file_and_a_summary(built):
    out, result = built
    assert result.exit_code == 0, result.output
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert EXPECTED_FILES <= written
    for word in ("triples", "agencies", "instruments", "countries", "events", "violations", "files written"):
        assert word in result.output
    assert "agencies            9" in result.output


def test_build_shows_its_progress_stage_by_stage(built):
    _, result = built
    assert "[1/8] loading ontology and graph" in result.stderr
    assert "[2/8] drawing the RELEX and EMPACT infographics" in result.stderr
    assert "[3/8] laying out the annex (the PDF renders meanwhile) and the sources page ... sources.html, annex-figures.ttl" in result.stderr
    assert "[4/8] drawing the network pages ... network-relex.html, network-relex.svg" in result.stderr
    assert ("[8/8] waiting for the ontology documentation, new PNGs and the catalogue's answers ... ontology/index.html"
            in result.stderr)
    # the 28 queries without parameters (or with a default), and meetings-attended for each of the nine agencies
    assert re.search(r"store/answers/ \(37 queries\)", result.stderr)


def test_query_run_answers_from_the_build_what_evaluation_gives(built):
    out, _ = built
    graph = ("--ontology", ONTOLOGY, "--graph", GRAPH, "--store", out / "store", "--format", "csv")
    for name in ("relex-matrix", "coverage-by-agency"):
        kept = run("query", "run", name, *graph)
        recomputed = run("query", "run", name, *graph, "--recompute")
        assert kept.exit_code == recomputed.exit_code == 0
        assert kept.output == recomputed.output and kept.output.count("\n") >= 10, name


def test_merged_graph_round_trips_as_turtle_and_json_ld(built, kg):
    import rdflib

    out, _ = built
    turtle = rdflib.Graph().parse(out / "jhaan.ttl")
    jsonld = rdflib.Graph().parse(out / "jhaan.jsonld", format="json-ld")
    assert len(turtle) == len(jsonld) == len(kg.merged)


def test_index_links_every_file_and_pages_use_no_cdn(built):
    out, _ = built
    index = (out / "index.html").read_text(encoding="utf-8")
    for name in EXPECTED_FILES - {"index.html"}:
        assert f'href="{name}"' in index
    for page in ("index.html", "ontology/index.html", "relex.html", "empact.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "<script src=\"http" not in html and "<link rel=\"stylesheet\" href=\"http" not in html


def test_validation_report_is_written_in_three_forms(built):
    out, _ = built
    # the real graph has warnings and no violation: SHACL's conforms is false, and the text says why
    assert json.loads((out / "validation.json").read_text())["conforms"] is False
    assert json.loads((out / "validation.json").read_text())["counts"].get("Violation", 0) == 0
    assert (out / "validation.txt").read_text().splitlines()[-1].startswith("No violations; ")
    assert "sh:ValidationReport" in (out / "validation.ttl").read_text()


def test_a_broken_file_exits_2_naming_file_and_line_and_leaves_build_untouched(tmp_path):
    out = tmp_path / "build"
    out.mkdir()
    (out / "keep.txt").write_text("earlier build")
    graph = tmp_path / "graph"
    shutil.copytree(FIXTURES / "broken", graph)
    result = run("build", "--out", out, "--ontology", ONTOLOGY, "--graph", graph)
    assert result.exit_code == 2
    assert "undeclared-prefix.ttl:4" in result.stderr
    assert "nope:" in result.stderr
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def test_a_missing_input_exits_2(tmp_path):
    result = run("build", "--out", tmp_path / "b", "--ontology", ONTOLOGY, "--graph", tmp_path / "absent")
    assert result.exit_code == 2
    assert "no such file or folder" in result.stderr
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["coverage"]])
def test_every_command_explains_itself(command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.output and "Example" in result.output


def test_build_refuses_to_replace_a_folder_it_did_not_write_unless_forced(tmp_path):
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    refused = run("build", "--quiet", "--out", out, "--ontology", ONTOLOGY, "--graph", GRAPH)
    assert refused.exit_code == 2 and "holds files that no build wrote" in refused.stderr
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    forced = run("build", "--quiet", "--force", "--out", out, "--ontology", ONTOLOGY, "--graph", GRAPH)
    assert forced.exit_code == 0 and not (out / "notes.txt").exists()
    again = run("build", "--quiet", "--out", out, "--ontology", ONTOLOGY, "--graph", GRAPH)  # its own folder now
    assert again.exit_code == 0 and (out / ".jhaan-kg-build").is_file()


def test_what_build_writes_is_readable_by_others(built):
    out, _ = built
    assert out.stat().st_mode & 0o755 == 0o755 and (out / "ontology").stat().st_mode & 0o755 == 0o755
    assert all(p.stat().st_mode & 0o644 == 0o644 for p in out.rglob("*") if p.is_file() and "store" not in p.parts)
