"""`jhaan-kg diff OLD NEW`: files, folders and git revisions, described in domain words."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import rdflib
from click.testing import CliRunner

from helpers import GRAPH, ONTOLOGY
from jhaan_kg.cli import main

PREFIXES = """@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix agency: <https://w3id.org/jhaan-kg/id/agency/> .
@prefix country: <https://w3id.org/jhaan-kg/id/country/> .
@prefix instrument: <https://w3id.org/jhaan-kg/id/instrument/> .
@prefix event: <https://w3id.org/jhaan-kg/id/event/> .
@prefix itype: <https://w3id.org/jhaan-kg/concept/instrument-type/> .
@prefix istatus: <https://w3id.org/jhaan-kg/concept/instrument-status/> .
@prefix prole: <https://w3id.org/jhaan-kg/concept/participant-role/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

COMMON = """
agency:frontex a jhaan:Agency ; skos:prefLabel "Frontex"@en ; jhaan:acronym "Frontex" .
country:rs a jhaan:Country ; skos:prefLabel "Serbia"@en .
country:ru a jhaan:Country ; skos:prefLabel "Russia"@en .
"""

OLD = PREFIXES + COMMON + """
instrument:frontex-rs a jhaan:CooperationInstrument ; rdfs:label "Frontex with Serbia"@en ;
    jhaan:agency agency:frontex ; jhaan:counterpart country:rs ; jhaan:instrumentType itype:working-arrangement ;
    jhaan:dateSigned "2009-05-01"^^xsd:date ; dcterms:source <https://example.org/a> .
instrument:frontex-ru a jhaan:CooperationInstrument ; rdfs:label "Frontex with Russia"@en ;
    jhaan:agency agency:frontex ; jhaan:counterpart country:ru ; jhaan:instrumentType itype:working-arrangement ;
    jhaan:yearSigned "2006"^^xsd:gYear ; dcterms:source <https://example.org/a> .
instrument:frontex-old a jhaan:CooperationInstrument ; rdfs:label "An instrument that turned out not to exist"@en ;
    jhaan:agency agency:frontex ; jhaan:counterpart country:rs ; jhaan:instrumentType itype:strategic-agreement .
event:meeting a jhaan:Event ; rdfs:label "Network meeting"@en ; jhaan:startDate "2023-03-01"^^xsd:date ;
    prov:qualifiedAssociation [ a prov:Association ; prov:agent agency:frontex ; prov:hadRole prole:participant ] .
"""

NEW = PREFIXES + COMMON + """
instrument:frontex-rs a jhaan:CooperationInstrument ; rdfs:label "Working arrangement between Frontex and Serbia"@en ;
    jhaan:agency agency:frontex ; jhaan:counterpart country:rs ; jhaan:instrumentType itype:working-arrangement ;
    jhaan:dateSigned "2009-05-11"^^xsd:date ; dcterms:source <https://example.org/a> , <https://example.org/b> .
instrument:frontex-ru a jhaan:CooperationInstrument ; rdfs:label "Frontex with Russia"@en ;
    jhaan:agency agency:frontex ; jhaan:counterpart country:ru ; jhaan:instrumentType itype:working-arrangement ;
    jhaan:yearSigned "2006"^^xsd:gYear ; dcterms:source <https://example.org/a> ;
    jhaan:statusChange [ a jhaan:StatusChange ; jhaan:status istatus:suspended ; jhaan:statusDate "2022-03-01"^^xsd:date ;
                         jhaan:reason "Russia's invasion of Ukraine."@en ] .
instrument:frontex-rs-2024 a jhaan:CooperationInstrument ; rdfs:label "Status agreement with Serbia"@en ;
    jhaan:agency agency:frontex ; jhaan:counterpart country:rs ; jhaan:instrumentType itype:eu-status-agreement ;
    jhaan:dateSigned "2024-06-25"^^xsd:date .
event:meeting a jhaan:Event ; rdfs:label "Network meeting"@en ; jhaan:startDate "2023-03-01"^^xsd:date ;
    prov:qualifiedAssociation [ a prov:Association ; prov:agent agency:frontex ; prov:hadRole prole:participant ] ,
        [ a prov:Association ; prov:agent country:rs ; prov:hadRole prole:observer ] .
event:workshop a jhaan:Event ; rdfs:label "Workshop"@en ; jhaan:startDate "2023-05-02"^^xsd:date .
country:ru rdfs:comment "A note no rule describes."@en .
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def sides(tmp_path):
    old, new = tmp_path / "old.ttl", tmp_path / "new.ttl"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def test_two_files_are_compared_in_domain_words(sides):
    result = run("diff", *sides, "--ontology", ONTOLOGY)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert ("instrument added: Status agreement with Serbia (instrument:frontex-rs-2024): "
            "EU Status Agreement, Frontex with Serbia, signed 2024-06-25") in lines
    assert ("instrument removed: An instrument that turned out not to exist (instrument:frontex-old): "
            "Strategic agreement, Frontex with Serbia, signed on an unknown date") in lines
    assert ("status changed: Frontex with Russia (instrument:frontex-ru) from active to suspended on 2022-03-01 "
            "(reason: Russia's invasion of Ukraine.)") in lines
    assert ("date corrected: Working arrangement between Frontex and Serbia (instrument:frontex-rs) "
            "dateSigned from 2009-05-01 to 2009-05-11") in lines
    assert "participant added to Network meeting (event:meeting): Serbia as observer" in lines
    assert "event added: Workshop (event:workshop) on 2023-05-02, 0 participants" in lines
    assert ('label changed: instrument:frontex-rs from "Frontex with Serbia" to '
            '"Working arrangement between Frontex and Serbia"') in lines
    assert ("source added to Working arrangement between Frontex and Serbia (instrument:frontex-rs): "
            "<https://example.org/b>") in lines
    assert lines[-1] == "1 other triple change (1 added, 0 removed) not described above; --triples lists them."


def test_triples_no_rule_describes_are_listed_on_request(sides):
    result = run("diff", *sides, "--ontology", ONTOLOGY, "--triples")
    assert '  + country:ru rdfs:comment "A note no rule describes."@en' in result.output.splitlines()


def test_json_output_lists_each_difference(sides):
    import json

    data = json.loads(run("diff", *sides, "--ontology", ONTOLOGY, "--format", "json").output)
    kinds = {d["kind"] for d in data["differences"]}
    assert {"instrument added", "instrument removed", "status changed", "date corrected", "participant added",
            "event added", "label changed", "source added"} <= kinds
    assert len(data["other_added"]) == 1 and data["other_removed"] == []


def test_the_same_data_written_differently_shows_no_change(tmp_path):
    original = GRAPH / "events" / "2017.ttl"
    rewritten = tmp_path / "2017.ttl"
    rewritten.write_text(rdflib.Graph().parse(original, format="turtle").serialize(format="turtle"), encoding="utf-8")
    result = run("diff", original, rewritten, "--ontology", ONTOLOGY)
    assert result.exit_code == 0 and result.output == "No change.\n"


def test_two_folders(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(GRAPH, old)
    shutil.copytree(GRAPH, new)
    (new / "instruments" / "extra.ttl").write_text(PREFIXES + """
instrument:frontex-jp a jhaan:CooperationInstrument ; rdfs:label "Frontex with Japan"@en ;
    jhaan:agency agency:frontex ; jhaan:counterpart country:jp ; jhaan:instrumentType itype:working-arrangement ;
    jhaan:dateSigned "2020-03-01"^^xsd:date .
""", encoding="utf-8")
    result = run("diff", old, new, "--ontology", ONTOLOGY)
    assert result.exit_code == 0
    assert result.output == ("instrument added: Frontex with Japan (instrument:frontex-jp): Working arrangement, "
                             "Frontex with Japan, signed 2020-03-01\nNo other change.\n")


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=test", "-c", "user.email=test@example.org", *args],
                   check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_two_git_revisions(tmp_path, monkeypatch):
    """A repository of its own in tmp_path: graph/ committed, changed with `update --apply`, committed."""
    monkeypatch.setenv("JHAAN_KG_CACHE", str(tmp_path / "cache"))
    repo = tmp_path / "repo"
    shutil.copytree(GRAPH, repo / "graph")
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "graph")
    change = tmp_path / "add.ttl"
    change.write_text(PREFIXES + """instrument:frontex-tr-working-arrangement-2012 jhaan:statusChange [ a jhaan:StatusChange ;
        jhaan:status istatus:on-hold ; jhaan:statusDate "2024-01-15"^^xsd:date ; jhaan:reason "A test hold."@en ;
        dcterms:source <https://www.frontex.europa.eu/what-we-do/beyond-eu-borders/working-arrangements/> ] .""", encoding="utf-8")
    applied = run("update", "--graph", repo / "graph", "--ontology", ONTOLOGY, "--add", change, "--apply")
    assert applied.exit_code == 0, applied.output
    git(repo, "commit", "-q", "-am", "hold")
    result = run("diff", "HEAD~1", "HEAD", "--graph", repo / "graph", "--ontology", ONTOLOGY)
    assert result.exit_code == 0, result.output
    assert result.output == ("status changed: Cooperation arrangement between Frontex and the competent authorities of "
                             "Türkiye (instrument:frontex-tr-working-arrangement-2012) from active to on hold on 2024-01-15 "
                             "(reason: A test hold.)\nNo other change.\n")
    # a revision against the working tree, and the working tree against itself
    assert run("diff", "HEAD", repo / "graph", "--graph", repo / "graph", "--ontology", ONTOLOGY).output == "No change.\n"


def test_a_side_that_is_neither_file_folder_nor_revision_exits_2(tmp_path):
    result = run("diff", "no-such-revision-or-file", GRAPH, "--graph", GRAPH, "--ontology", ONTOLOGY)
    assert result.exit_code == 2 and "neither a file, a folder nor a git revision" in result.stderr


def test_an_unreadable_side_exits_2_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    result = run("diff", bad, GRAPH, "--ontology", ONTOLOGY)
    assert result.exit_code == 2 and "bad.ttl:2" in result.stderr
