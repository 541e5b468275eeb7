"""Where the project lives is found one way for every command: --root, else JHAAN_ROOT, else the nearest
folder at or above the working directory that holds ontology/ and queries/; a clear error otherwise."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner

from helpers import ROOT
from jhaan_kg.cli import main
from jhaan_kg.errors import ProjectError
from jhaan_kg.project import find_project


def test_the_nearest_project_above_the_working_directory_is_found(monkeypatch):
    monkeypatch.delenv("JHAAN_ROOT", raising=False)
    monkeypatch.chdir(ROOT / "graph" / "instruments")
    assert find_project().root == ROOT


def test_root_and_the_environment_variable_name_the_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("JHAAN_ROOT", str(ROOT))
    assert find_project().root == ROOT
    assert find_project(ROOT).root == ROOT
    monkeypatch.setenv("JHAAN_ROOT", str(tmp_path))
    with pytest.raises(ProjectError, match="JHAAN_ROOT"):
        find_project()
    assert find_project(ROOT).root == ROOT  # --root wins over the variable


def test_outside_a_project_a_command_says_how_to_name_one_and_exits_2(tmp_path, monkeypatch):
    monkeypatch.delenv("JHAAN_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 2
    assert "no jhaan-kg project here" in result.stderr and "--root" in result.stderr
    assert "Traceback" not in result.output
    named = CliRunner().invoke(main, ["--root", str(ROOT), "query", "list", "--format", "json"])
    assert named.exit_code == 0 and '"relex-instruments"' in named.stdout
    wrong = CliRunner().invoke(main, ["--root", str(tmp_path), "validate"])
    assert wrong.exit_code == 2 and "is not a jhaan-kg project" in wrong.stderr


def test_build_and_query_run_use_the_build_folder_of_the_project_from_any_folder_inside_it(tmp_path, monkeypatch):
    monkeypatch.delenv("JHAAN_ROOT", raising=False)
    for folder in ("ontology", "graph", "queries"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path / "graph" / "instruments")
    built = CliRunner().invoke(main, ["build", "--quiet"])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "build" / "relex.svg").is_file() and (tmp_path / "build" / "store" / "manifest.json").is_file()
    assert not (tmp_path / "graph" / "instruments" / "build").exists()
    # query run reads that store (it says so on stderr when it cannot)
    ran = CliRunner().invoke(main, ["query", "run", "working-groups", "--format", "csv"])
    assert ran.exit_code == 0 and ran.stderr == "" and ran.stdout.count("\n") > 1
    (tmp_path / "graph" / "agencies.ttl").write_text((tmp_path / "graph" / "agencies.ttl").read_text() + "\n")
    stale = CliRunner().invoke(main, ["query", "run", "working-groups", "--format", "csv"])
    assert f"{tmp_path / 'build' / 'store'} does not match" in stale.stderr
