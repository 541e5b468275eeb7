"""`jhaan-kg import instruments FILE.csv`: CSV in, Turtle out, through the checks and writes of `update`.

(The rejected inputs are in test_bad_inputs.py.)
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from click.testing import CliRunner

from helpers import GRAPH, ONTOLOGY, digest
from jhaan_kg.cli import main
from jhaan_kg.load import load_graph

HEADER = "agency,counterpart,iso2,type,signed,status,personal_data,source"
JHAAN = "https://w3id.org/jhaan-kg/ontology#"





def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def import_csv(graph: Path, tmp_path: Path, text: str, *args):
    path = tmp_path / "instruments.csv"
    path.write_text(text, encoding="utf-8")
    return run("import", "instruments", path, "--graph", graph, "--ontology", ONTOLOGY, *args)


def values(graph: Path, file: str, subject: str, predicate: str) -> set[str]:
    kg = load_graph([graph / file])
    return {q.object.value for q in kg.store.quads_for_pattern(ox.NamedNode(subject), ox.NamedNode(JHAAN + predicate), None, None)}


def test_a_new_instrument_is_checked_and_written_on_apply(graph, tmp_path):
    text = HEADER + "\nFrontex,Japan,JP,Working arrangement,2020-03-01,Active,no,https://example.org/frontex-japan\n"
    before = digest(graph)
    dry = import_csv(graph, tmp_path, text)
    assert dry.exit_code == 0, dry.output
    assert "Would write 1 file:" in dry.output and "instruments/frontex.ttl: +9 -0" in dry.output
    assert digest(graph) == before
    applied = import_csv(graph, tmp_path, text, "--apply")
    assert applied.exit_code == 0 and "Wrote 1 file:" in applied.output
    iri = "https://w3id.org/jhaan-kg/id/instrument/frontex-jp-working-arrangement-2020"
    assert values(graph, "instruments/frontex.ttl", iri, "dateSigned") == {"2020-03-01"}
    assert values(graph, "instruments/frontex.ttl", iri, "allowsPersonalDataExchange") == {"false"}
    assert 'rdfs:label "Working arrangement between Frontex and Japan (2020)"@en' in (graph / "instruments" / "frontex.ttl").read_text()
    assert run("validate", "--graph", graph, "--ontology", ONTOLOGY).exit_code == 0
    # the same file again: the row is in the graph now and is skipped
    again = import_csv(graph, tmp_path, text, "--apply")
    assert again.exit_code == 0 and "already in the graph as instrument:frontex-jp-working-arrangement-2020; skipped" in again.output


def test_the_output_of_the_relex_instruments_query_imports_back_as_no_change(graph, tmp_path):
    exported = run("query", "run", "relex-instruments", "--graph", graph, "--ontology", ONTOLOGY, "--format", "csv")
    assert exported.exit_code == 0 and exported.stdout.startswith(HEADER)
    before = digest(graph)
    result = import_csv(graph, tmp_path, exported.stdout, "--apply")
    assert result.exit_code == 0, result.output
    assert "Nothing to change" in result.output and result.output.count("; skipped") == exported.stdout.count("\n") - 1
    assert digest(graph) == before


def test_an_organisation_by_acronym_with_a_status_date_and_reason(graph, tmp_path):
    text = (HEADER + ",status_date,reason\n"
            "Europol,UNODC,,Memorandum of Understanding,2019,Suspended,,https://example.org/x https://example.org/y,2023-05,"
            "\"Suspended for a test, with a comma.\"\n")
    result = import_csv(graph, tmp_path, text, "--apply")
    assert result.exit_code == 0, result.output
    iri = "https://w3id.org/jhaan-kg/id/instrument/europol-unodc-memorandum-of-understanding-2019"
    assert values(graph, "instruments/europol.ttl", iri, "yearSigned") == {"2019"}
    assert values(graph, "instruments/europol.ttl", iri, "counterpart") == {"https://w3id.org/jhaan-kg/id/organisation/unodc"}
    text = (graph / "instruments" / "europol.ttl").read_text(encoding="utf-8")
    assert 'jhaan:reason "Suspended for a test, with a comma."@en' in text
    assert 'jhaan:statusDate "2023-05"^^xsd:gYearMonth' in text
    assert "<https://example.org/x> a jhaan:SourceDocument" in text  # a new source is described next to it
    diff = run("diff", GRAPH, graph, "--ontology", ONTOLOGY)
    assert "instrument added: Memorandum of Understanding between Europol and United Nations Office on Drugs and Crime (2019)" in diff.output


def test_labels_and_codes_are_matched_whatever_their_case_and_a_taken_iri_gets_a_number(graph, tmp_path):
    text = (HEADER + "\n"
            "frontex,japan,jp,WORKING ARRANGEMENT,2020-03-01,active,,https://example.org/a\n"
            "Frontex,Japan,JP,Working arrangement,2020-07-01,,,https://example.org/b\n")
    result = import_csv(graph, tmp_path, text)
    assert result.exit_code == 0, result.output
    assert "+16 -0" in result.output  # two instruments of 7 triples, two new sources
    from jhaan_kg.steward.importer import import_instruments
    from jhaan_kg.steward.change import read_graph_files
    from jhaan_kg.steward.scope import knowledge_graph

    files = read_graph_files([graph])
    imported = import_instruments(tmp_path / "instruments.csv", knowledge_graph(load_graph([ONTOLOGY]), {p: f.triples for p, f in files.items()}))
    instruments = sorted({t.subject.value.rsplit("/", 1)[-1] for t in imported.change.add if t.predicate.value == JHAAN + "agency"})
    assert instruments == ["frontex-jp-working-arrangement-2020", "frontex-jp-working-arrangement-2020-2"]


def test_a_status_agreement_is_concluded_by_the_eu(graph, tmp_path):
    text = HEADER + "\nFrontex,Japan,JP,EU Status Agreement,2020-03-01,,,https://example.org/a\n"
    result = import_csv(graph, tmp_path, text, "--apply")
    assert result.exit_code == 0, result.output
    iri = "https://w3id.org/jhaan-kg/id/instrument/frontex-jp-eu-status-agreement-2020"
    assert values(graph, "instruments/frontex.ttl", iri, "concludedBy") == {"https://w3id.org/jhaan-kg/id/organisation/eu"}


def test_a_violation_names_the_row(graph, tmp_path):
    text = HEADER + ",status_date,reason\nFrontex,Japan,JP,Working arrangement,2020-03-01,On hold,,https://example.org/a,2019,Because.\n"
    before = digest(graph)
    result = import_csv(graph, tmp_path, text, "--apply")
    assert result.exit_code == 1
    line = next(l for l in result.output.splitlines() if "DateOrderShape" in l)
    assert line.endswith("[row 1]") and "a status change (2019) is before the signature (2020-03-01)" in line
    assert digest(graph) == before


def test_a_semicolon_separated_file_with_a_source_title_imports_in_one_step(graph, tmp_path):
    text = (HEADER.replace(",", ";") + ";source_title\n"
            "Frontex;Japan;JP;Working arrangement;2020-03-01;Active;no;https://example.org/frontex-japan;"
            "Frontex and Japan sign a working arrangement, 1 March 2020\n")
    applied = import_csv(graph, tmp_path, text, "--apply")
    assert applied.exit_code == 0, applied.output
    kg = load_graph([graph / "instruments" / "frontex.ttl"])
    titles = {q.object.value for q in kg.store.quads_for_pattern(
        ox.NamedNode("https://example.org/frontex-japan"), ox.NamedNode("http://purl.org/dc/terms/title"), None, None)}
    assert titles == {"Frontex and Japan sign a working arrangement, 1 March 2020"}
    two = import_csv(graph, tmp_path, text.replace("frontex-japan;", "frontex-japan https://example.org/b;")
                     .replace("2020-03-01", "2021-03-01"))
    assert two.exit_code == 2 and "a title names one source" in two.stderr
