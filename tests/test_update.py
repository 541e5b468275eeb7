"""The canonical Turtle writer, `jhaan-kg format` and `jhaan-kg update`.

Every test that writes works on a copy of graph/ in tmp_path (passed with --graph); paths come from
Path(__file__), never from the working directory.
"""

from __future__ import annotations

import difflib
import os
import stat
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from helpers import GRAPH, ONTOLOGY, ROOT, digest
from jhaan_kg.cli import main
from jhaan_kg.load import load_graph, load_shapes, turtle_files
from jhaan_kg.atomic import write_atomically
from jhaan_kg.steward.turtle import format_file, read_turtle_file, same_graph, to_turtle
from jhaan_kg.steward.change import plan_update, read_change

# the last commit before graph/ was rewritten in canonical form (see test_the_reformatting_kept_every_graph)
BEFORE_FORMATTING = "ef794f5d1865ab54039cab211613104c2cf4d3d7"

PREFIXES = """@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix agency: <https://w3id.org/jhaan-kg/id/agency/> .
@prefix country: <https://w3id.org/jhaan-kg/id/country/> .
@prefix organisation: <https://w3id.org/jhaan-kg/id/organisation/> .
@prefix instrument: <https://w3id.org/jhaan-kg/id/instrument/> .
@prefix empact: <https://w3id.org/jhaan-kg/id/empact/> .
@prefix itype: <https://w3id.org/jhaan-kg/concept/instrument-type/> .
@prefix istatus: <https://w3id.org/jhaan-kg/concept/instrument-status/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

JAPAN = PREFIXES + """
instrument:frontex-jp-working-arrangement-2020 a jhaan:CooperationInstrument ;
    rdfs:label "Working arrangement between Frontex and Japan (2020)"@en ;
    jhaan:agency agency:frontex ; jhaan:counterpart country:jp ;
    jhaan:instrumentType itype:working-arrangement ;
    jhaan:dateSigned "2020-03-01"^^xsd:date ;
    dcterms:source <https://example.org/frontex-japan> .
<https://example.org/frontex-japan> a jhaan:SourceDocument ; dcterms:title "Frontex and Japan"@en .
"""


# --- helpers --------------------------------------------------------------------------------------------




def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def update(graph: Path, *args):
    return run("update", "--graph", graph, "--ontology", ONTOLOGY, *args)


# --- the canonical writer ---------------------------------------------------------------------------------

TRICKY = r'''@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:s ex:p "quote \" backslash \\ newline \n tab \t return \r" , "control \u0001 and \u007F" , "é ü 😀 ' single" ,
    """long
string""" , "" , " " , "01"^^xsd:integer , "1.0"^^xsd:decimal , "1E3"^^xsd:double , "TRUE"^^xsd:boolean , true , -5 ,
    "x"@en , "y"^^ex:datatype , <http://example.org/a%20b> , ex:a.b , <http://example.org/ends-with.> , ex:1x .
ex:s ex:q [] , [ ex:r [ ex:t 1 ] ] , _:shared .
ex:o ex:q _:shared .
_:c1 ex:n _:c2 . _:c2 ex:n _:c1 .
[ ex:top 1 ] .
_:self ex:me _:self .
ex:s ex:list ( 1 "two" ) .
'''


def test_tricky_literals_and_blank_nodes_round_trip(tmp_path):
    parsed = read_turtle_file(tmp_path / "t.ttl", TRICKY.encode())
    text = to_turtle(parsed.triples, parsed.prefixes)
    again = read_turtle_file(tmp_path / "t.ttl", text.encode())
    assert isomorphic(rdflib.Graph().parse(data=TRICKY, format="turtle"), rdflib.Graph().parse(data=text, format="turtle"))
    assert same_graph(parsed.triples, again.triples)
    assert to_turtle(again.triples, again.prefixes) == text  # writing is idempotent


def test_the_writer_sorts_subjects_puts_the_type_first_and_nests_blank_nodes(tmp_path):
    text = to_turtle(read_turtle_file(tmp_path / "x.ttl", (PREFIXES + """
instrument:b jhaan:statusChange [ a jhaan:StatusChange ; jhaan:status istatus:suspended ] ; a jhaan:CooperationInstrument ;
    dcterms:source <https://example.org/2> , <https://example.org/1> .
instrument:a rdfs:label "A"@en .
""").encode()).triples, {"jhaan": "https://w3id.org/jhaan-kg/ontology#", "instrument": "https://w3id.org/jhaan-kg/id/instrument/",
                         "istatus": "https://w3id.org/jhaan-kg/concept/instrument-status/", "dcterms": "http://purl.org/dc/terms/",
                         "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}, "# header")
    assert text == """# header

@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix instrument: <https://w3id.org/jhaan-kg/id/instrument/> .
@prefix istatus: <https://w3id.org/jhaan-kg/concept/instrument-status/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

instrument:a rdfs:label "A"@en .

instrument:b a jhaan:CooperationInstrument ;
    dcterms:source <https://example.org/1> ,
        <https://example.org/2> ;
    jhaan:statusChange [ a jhaan:StatusChange ; jhaan:status istatus:suspended ] .
"""


def test_prefixes_and_header_comments_are_kept(tmp_path):
    source = "# A file about Serbia.\n# Second line.\n\n@prefix b: <http://b/> .\nPREFIX a: <http://a/>\nb:s a:p b:o .\n# lost\n"
    parsed = read_turtle_file(tmp_path / "x.ttl", source.encode())
    assert list(parsed.prefixes) == ["b", "a"] and parsed.header == "# A file about Serbia.\n# Second line."
    assert to_turtle(parsed.triples, parsed.prefixes, parsed.header).startswith(
        "# A file about Serbia.\n# Second line.\n\n@prefix b: <http://b/> .\n@prefix a: <http://a/> .\n\nb:s a:p b:o .")


def test_atomic_write_keeps_permissions_and_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = write(tmp_path, "f.ttl", "old\n")
    os.chmod(target, 0o640)
    write_atomically(target, "new\n")
    assert target.read_text() == "new\n" and stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.ttl"]

    def broken(*args):
        raise OSError("disk full")
    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError):
        write_atomically(target, "newer\n")
    assert target.read_text() == "new\n" and [p.name for p in tmp_path.iterdir()] == ["f.ttl"]


# --- graph/ in canonical form -------------------------------------------------------------------------------

@pytest.mark.parametrize("path", turtle_files([GRAPH]), ids=lambda p: str(p.relative_to(GRAPH)))
def test_each_graph_file_is_canonical_and_its_canonical_form_is_the_same_graph(path):
    text, canonical = format_file(path)
    assert canonical, f"{path} is not in canonical form: run `jhaan-kg format`"
    assert isomorphic(rdflib.Graph().parse(path, format="turtle"), rdflib.Graph().parse(data=text, format="turtle"))


def test_format_check_passes_on_graph():
    result = run("format", "--check", "--graph", GRAPH)
    assert result.exit_code == 0, result.output
    assert result.output.startswith("All ")


def _git(*args) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True)


@pytest.mark.skipif(_git("cat-file", "-e", BEFORE_FORMATTING + "^{commit}").returncode != 0,
                    reason="the git history of the project is not available")
def test_the_reformatting_kept_every_graph():
    """graph/ was rewritten once in canonical form: each file as it was before parses to the same graph
    as its canonical form, which is what the rewrite wrote."""
    names = _git("ls-tree", "-r", "--name-only", BEFORE_FORMATTING, "--", "graph").stdout.decode().split()
    checked = 0
    for name in (n for n in names if n.endswith(".ttl")):
        original = _git("show", f"{BEFORE_FORMATTING}:{name}").stdout
        parsed = read_turtle_file(ROOT / name, original)
        text = to_turtle(parsed.triples, parsed.prefixes, parsed.header)
        assert isomorphic(rdflib.Graph().parse(data=original, format="turtle", publicID=(ROOT / name).as_uri()),
                          rdflib.Graph().parse(data=text, format="turtle")), name
        checked += 1
    assert checked >= 20


def test_format_rewrites_a_file_into_canonical_form_and_check_reports_it(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    path = write(folder, "x.ttl", "@prefix ex: <http://example.org/> .\nex:b ex:p 1 .  ex:a ex:p 2 .\n")
    checked = run("format", "--check", "--graph", folder)
    assert checked.exit_code == 1 and "not canonical" in checked.output and "x.ttl" in checked.output
    assert path.read_text() == "@prefix ex: <http://example.org/> .\nex:b ex:p 1 .  ex:a ex:p 2 .\n"
    assert run("format", "--graph", folder).exit_code == 0
    assert path.read_text() == "@prefix ex: <http://example.org/> .\n\nex:a ex:p 2 .\n\nex:b ex:p 1 .\n"
    assert run("format", "--check", "--graph", folder).exit_code == 0


# --- update -------------------------------------------------------------------------------------------

def test_update_without_apply_checks_and_writes_nothing(graph, tmp_path):
    before = digest(graph)
    result = update(graph, "--add", write(tmp_path, "add.ttl", JAPAN))
    assert result.exit_code == 0, result.output
    assert "Would write 1 file:" in result.output and "instruments/frontex.ttl: +9 -0" in result.output
    assert "Nothing written" in result.output
    assert digest(graph) == before


def test_update_apply_writes_only_the_change(graph, tmp_path):
    assert run("format", "--graph", graph).exit_code == 0  # graph/ is canonical already; a no-op then
    old = (graph / "instruments" / "frontex.ttl").read_text(encoding="utf-8")
    result = update(graph, "--add", write(tmp_path, "add.ttl", JAPAN), "--apply")
    assert result.exit_code == 0, result.output
    assert "Wrote 1 file:" in result.output
    new = (graph / "instruments" / "frontex.ttl").read_text(encoding="utf-8")
    changes = [line for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
               if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert all(line.startswith("+") for line in changes), changes  # a git diff shows only added lines
    assert "+instrument:frontex-jp-working-arrangement-2020 a jhaan:CooperationInstrument ;" in changes
    assert not list(graph.rglob(".*.tmp"))
    assert run("validate", "--graph", graph, "--ontology", ONTOLOGY).exit_code == 0
    # applying it again changes nothing
    again = update(graph, "--add", tmp_path / "add.ttl", "--apply")
    assert again.exit_code == 0 and "Nothing to change" in again.output


def test_update_refuses_a_change_that_breaks_a_shape_and_says_what_it_adds(graph, tmp_path):
    before = digest(graph)
    bad = JAPAN.replace('jhaan:dateSigned "2020-03-01"^^xsd:date ;',
                        'jhaan:dateSigned "2020-03-01"^^xsd:date ; jhaan:dateInForce "2019-01-01"^^xsd:date ;')
    result = update(graph, "--add", write(tmp_path, "add.ttl", bad), "--apply")
    assert result.exit_code == 1
    assert "The change would add 1 violation and 0 warnings:" in result.output
    assert "DateOrderShape" in result.output and "add.ttl:" in result.output
    assert "Refused: the graph would not conform (1 violation). Nothing was written." in result.output
    assert digest(graph) == before


def test_update_reports_what_a_change_resolves(graph, tmp_path):
    """A graph with a violation (an instrument without its agency); the change that adds it resolves it."""
    frontex = graph / "instruments" / "frontex.ttl"
    text = frontex.read_text(encoding="utf-8")
    line = "    jhaan:agency agency:frontex ;\n"
    first = text.index("instrument:frontex-tr-working-arrangement-2012 a")
    frontex.write_text(text[:first] + text[first:].replace(line, "", 1), encoding="utf-8")
    assert run("validate", "--graph", graph, "--ontology", ONTOLOGY).exit_code == 1
    fix = write(tmp_path, "fix.ttl", PREFIXES + "instrument:frontex-tr-working-arrangement-2012 jhaan:agency agency:frontex .\n")
    result = update(graph, "--add", fix, "--apply")
    assert result.exit_code == 0, result.output
    assert "The change would resolve 1 violation and 0 warnings:" in result.output
    assert "CooperationInstrumentShape-agency" in result.output
    assert run("validate", "--graph", graph, "--ontology", ONTOLOGY).exit_code == 0


def test_added_triples_go_to_the_file_that_holds_their_subject_or_by_the_rule(graph, tmp_path):
    change = write(tmp_path, "add.ttl", PREFIXES + """
agency:frontex skos:altLabel "FRONTEX"@en .
instrument:euaa-jp-working-arrangement-2021 a jhaan:CooperationInstrument ;
    rdfs:label "Working arrangement between the EUAA and a new Japanese body (2021)"@en ;
    jhaan:agency agency:euaa ; jhaan:counterpart organisation:japan-immigration-agency ;
    jhaan:instrumentType itype:working-arrangement ; jhaan:dateSigned "2021-01-01"^^xsd:date ;
    dcterms:source <https://example.org/euaa-japan> .
organisation:japan-immigration-agency a jhaan:OtherOrganisation ; skos:prefLabel "Immigration Services Agency of Japan"@en ;
    dcterms:source <https://example.org/euaa-japan> .
<https://example.org/euaa-japan> a jhaan:SourceDocument ; dcterms:title "EUAA and Japan"@en .
<https://example.org/unrelated> a jhaan:SourceDocument ; dcterms:title "A source nothing cites yet"@en .
empact:involvement-2025-cyber-eurojust a jhaan:EmpactInvolvement ; jhaan:agency agency:eurojust ;
    jhaan:year "2025"^^xsd:gYear ; dcterms:source <https://europol.europa.eu/crime-areas-and-trends/eu-policy-cycle-empact> .
""")
    result = update(graph, "--add", change, "--apply")
    assert result.exit_code == 0, result.output
    agencies = (graph / "agencies.ttl").read_text(encoding="utf-8")
    euaa = (graph / "instruments" / "euaa.ttl").read_text(encoding="utf-8")
    additions = (graph / "additions.ttl").read_text(encoding="utf-8")
    assert '"FRONTEX"@en' in agencies
    assert "instrument:euaa-jp-working-arrangement-2021 a jhaan:CooperationInstrument" in euaa
    assert "organisation:japan-immigration-agency a jhaan:OtherOrganisation" in euaa  # follows the instrument
    assert "<https://example.org/euaa-japan> a jhaan:SourceDocument" in euaa
    assert "<https://example.org/unrelated> a jhaan:SourceDocument" in additions and "(new file)" in result.output
    assert "@prefix jhaan:" in additions  # a new file gets the prefixes it needs
    # nothing refers to a new involvement: it joins the file that holds (over half of) its class
    assert "empact:involvement-2025-cyber-eurojust a jhaan:EmpactInvolvement" in \
        (graph / "empact" / "involvement.ttl").read_text(encoding="utf-8")


def test_remove_takes_a_triple_out_of_the_file_that_holds_it(graph, tmp_path):
    remove = write(tmp_path, "rm.ttl", PREFIXES + 'instrument:frontex-tr-working-arrangement-2012 jhaan:dateSigned "2012-05-28"^^xsd:date .\n')
    add = write(tmp_path, "add.ttl", PREFIXES + 'instrument:frontex-tr-working-arrangement-2012 jhaan:dateSigned "2012-05-29"^^xsd:date .\n')
    result = update(graph, "--add", add, "--remove", remove, "--apply")
    assert result.exit_code == 0, result.output
    assert "instruments/frontex.ttl: +1 -1" in result.output
    kg = load_graph([graph / "instruments" / "frontex.ttl"])
    signed = {q.object.value for q in kg.store.quads_for_pattern(
        ox.NamedNode("https://w3id.org/jhaan-kg/id/instrument/frontex-tr-working-arrangement-2012"),
        ox.NamedNode("https://w3id.org/jhaan-kg/ontology#dateSigned"), None, None)}
    assert signed == {"2012-05-29"}


def test_a_nested_node_is_removed_when_given_in_full_and_refused_when_not(graph, tmp_path):
    kg = load_graph([graph / "instruments" / "frontex.ttl"])
    query = """SELECT ?s ?status ?date ?reason ?source WHERE {
        ?i jhaan:statusChange ?s . ?s jhaan:status ?status ; jhaan:statusDate ?date ; jhaan:reason ?reason ; dcterms:source ?source .
        FILTER (?i = <https://w3id.org/jhaan-kg/id/instrument/frontex-eucap-sahel-niger-working-arrangement-2022>) }"""
    rows = list(kg.store.query("PREFIX jhaan: <https://w3id.org/jhaan-kg/ontology#> PREFIX dcterms: <http://purl.org/dc/terms/> " + query,
                               use_default_graph_as_union=True))
    status_change = rows[0]["s"]
    full = [t for t in (q.triple for q in kg.store.quads_for_pattern(status_change, None, None, None))]
    body = " ; ".join(f"{t.predicate} {t.object}" for t in full)
    head = "<https://w3id.org/jhaan-kg/id/instrument/frontex-eucap-sahel-niger-working-arrangement-2022> <https://w3id.org/jhaan-kg/ontology#statusChange>"
    partial = write(tmp_path, "partial.ttl", f"{head} [ {full[0].predicate} {full[0].object} ] .\n")
    before = digest(graph)
    refused = update(graph, "--remove", partial)
    assert refused.exit_code == 2 and "must be given in full" in refused.stderr and digest(graph) == before
    whole = write(tmp_path, "whole.ttl", f"{head} [ {body} ] .\n")
    result = update(graph, "--remove", whole, "--apply")
    assert result.exit_code == 0, result.output
    assert f"instruments/frontex.ttl: +0 -{len(full) + 1}" in result.output
    assert "coup d'etat of 26 July 2023" not in (graph / "instruments" / "frontex.ttl").read_text(encoding="utf-8")


def test_a_change_that_would_write_to_a_file_outside_the_loaded_graph_is_refused(graph, tmp_path):
    """--graph names some files (the first in graph/, where new files go): a new Europol instrument would
    go to instruments/europol.ttl, which exists but was not loaded; writing it would lose its content."""
    before = digest(graph)
    change = write(tmp_path, "add.ttl", JAPAN.replace("agency:frontex", "agency:europol").replace("frontex-jp", "europol-jp"))
    result = run("update", "--graph", graph / "agencies.ttl", "--graph", graph / "instruments" / "frontex.ttl",
                 "--graph", graph / "countries.ttl", "--ontology", ONTOLOGY, "--add", change, "--apply")
    assert result.exit_code == 2 and "not part of the graph that was loaded" in result.stderr
    assert digest(graph) == before


# --- validating only what a change can affect ----------------------------------------------------------

SCOPED_CHANGES = {
    "new instrument": (JAPAN, None),
    "new instrument with an undescribed source": (JAPAN.split("<https://example.org/frontex-japan> a")[0], None),
    "duplicate of an existing instrument": (PREFIXES + """instrument:frontex-tr-copy a jhaan:CooperationInstrument ;
        rdfs:label "Copy"@en ; jhaan:agency agency:frontex ; jhaan:counterpart country:tr ; jhaan:instrumentType itype:working-arrangement ;
        jhaan:dateSigned "2012-05-28"^^xsd:date ; dcterms:source <https://www.frontex.europa.eu/what-we-do/beyond-eu-borders/working-arrangements/> .""", None),
    "on hold without a reason": (PREFIXES + """instrument:frontex-tr-working-arrangement-2012 jhaan:statusChange [ a jhaan:StatusChange ;
        jhaan:status istatus:on-hold ; jhaan:statusDate "2024-01-01"^^xsd:date ;
        dcterms:source <https://www.frontex.europa.eu/what-we-do/beyond-eu-borders/working-arrangements/> ] .""", None),
    "Türkiye becomes Schengen associated": (PREFIXES + "country:tr jhaan:countryGroup <https://w3id.org/jhaan-kg/concept/country-group/schengen-associated> .", None),
    "a source document loses its type": (None, PREFIXES + "<https://www.frontex.europa.eu/what-we-do/beyond-eu-borders/working-arrangements/> a jhaan:SourceDocument ."),
    "an agency loses its acronym": (None, PREFIXES + 'agency:fra jhaan:acronym "FRA" .'),
    "a date corrected": (PREFIXES + 'instrument:frontex-tr-working-arrangement-2012 jhaan:dateSigned "2012-05-27"^^xsd:date .',
                         PREFIXES + 'instrument:frontex-tr-working-arrangement-2012 jhaan:dateSigned "2012-05-28"^^xsd:date .'),
    "a misspelt property": (PREFIXES + 'instrument:frontex-tr-working-arrangement-2012 jhaan:dateSinged "2012-05-28"^^xsd:date .', None),
}


@pytest.mark.parametrize("name", SCOPED_CHANGES)
def test_validating_what_a_change_affects_equals_validating_everything(name, tmp_path, monkeypatch):
    monkeypatch.setenv("JHAAN_KG_CACHE", "off")
    add, remove = SCOPED_CHANGES[name]
    change = read_change(write(tmp_path, "add.ttl", add) if add else None, write(tmp_path, "rm.ttl", remove) if remove else None)
    scoped = plan_update(ONTOLOGY, [GRAPH], change, scoped=True)
    full = plan_update(ONTOLOGY, [GRAPH], change, scoped=False)
    assert scoped.scoped and not full.scoped
    assert set(scoped.after.results) == set(full.after.results)
    assert set(scoped.introduced) == set(full.introduced) and set(scoped.resolved) == set(full.resolved)
    assert bool(scoped.introduced or scoped.resolved) == (name not in {"new instrument", "a date corrected"})


def test_the_report_cached_after_a_change_is_the_report_of_the_graph_as_written(graph, tmp_path):
    from jhaan_kg import cache
    from jhaan_kg.steward.change import read_graph_files
    from jhaan_kg.steward.scope import report_key, validate

    result = update(graph, "--add", write(tmp_path, "add.ttl", JAPAN.split("<https://example.org/frontex-japan> a")[0]
                                          + '<https://example.org/frontex-japan> a jhaan:SourceDocument .\n'), "--apply")
    assert result.exit_code == 0, result.output
    cached = cache.entry("report", report_key(ONTOLOGY, read_graph_files([graph])).encode())
    assert cached.is_file()
    import json
    from jhaan_kg.steward.scope import knowledge_graph

    files = read_graph_files([graph])
    fresh = validate(knowledge_graph(load_graph([ONTOLOGY]), {p: f.triples for p, f in files.items()}), load_shapes([ONTOLOGY]))
    keys = lambda results: {(r["shape"], r["focus"], r["path"], r["value"], r["file"], r["line"]) for r in results}
    assert keys(json.loads(cached.read_text())["results"]) == keys(r.__dict__ for r in fresh.results)
