"""The annex PDF (issue 22): A4, its sections as bookmarks, fonts embedded, no text under 7 pt, Table 1 and every
footnote in its text, nothing a reader should not see, and the command and build that write it.

The PDF is read with pypdf and poppler's own tools (pdffonts, pdftotext, pdftoppm: Debian poppler-utils,
installed by `make test`)."""

from __future__ import annotations

import math
import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner

from helpers import GRAPH, ONTOLOGY, ROOT
from jhaan_kg.cli import main
from jhaan_kg.query import load_catalogue, run_named_query
from jhaan_kg.render.annex import write_annex

CATALOGUE = load_catalogue(ROOT / "queries")
SECTIONS = ["Title page", "RELEX: cooperation instruments with third countries", "RELEX: legend and notes",
            "EMPACT: Table 1", "EMPACT: involvement by agency", "Completeness by agency", "Instruments and their sources",
            "Sources"]
A4 = {(595, 842), (842, 595)}


def poppler(tool: str, *args) -> str:
    if shutil.which(tool) is None:
        pytest.fail(f"{tool} is missing: install Debian poppler-utils (make test does, through DEBS_TEST)")
    return subprocess.run([tool, *args], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def annex(kg, tmp_path_factory):
    out = tmp_path_factory.mktemp("annex") / "annex.pdf"
    return out, write_annex(kg, out, year=2026, as_of="2026-06-30")


@pytest.fixture(scope="module")
def words(annex):
    """The PDF's text, whitespace collapsed (a wrapped line joins the next with a space)."""
    return " ".join(poppler("pdftotext", str(annex[0]), "-").split())


def test_every_page_is_a4(annex):
    from pypdf import PdfReader

    pages = PdfReader(annex[0]).pages
    assert len(pages) == len(annex[1].sheets) > 8
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pages} <= A4
    assert (round(float(pages[1].mediabox.width)), round(float(pages[1].mediabox.height))) == (842, 595)  # RELEX


def test_the_sections_are_bookmarked_and_the_metadata_set(annex):
    from pypdf import PdfReader

    reader = PdfReader(annex[0])
    assert [item.title for item in reader.outline] == SECTIONS
    info = reader.metadata
    assert info.title.startswith("Justice and Home Affairs Agencies Network: annex to the yearly report 2026")
    assert "30 June 2026" in info.title and info.creation_date is not None


def test_every_font_is_embedded(annex):
    rows = [line.split() for line in poppler("pdffonts", str(annex[0])).splitlines()[2:]]
    assert rows and all(row[-5] == "yes" for row in rows), rows  # the emb column


def _sizes(path):
    """Every piece of text with its printed size in points (font size times the text and transformation
    matrices' vertical scale)."""
    from pypdf import PdfReader

    found = []
    for number, page in enumerate(PdfReader(path).pages, 1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                m = [tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3],
                     tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3]]
                found.append((round(size * math.hypot(m[2], m[3]), 2), number, text.strip()))
        page.extract_text(visitor_text=visit)
    return found


def test_no_text_prints_under_7_pt(annex):
    sizes = _sizes(annex[0])
    assert sizes and min(sizes)[0] >= 7.0, sorted(sizes)[:5]


def test_the_text_holds_table_1_exactly(kg, annex):
    layout = poppler("pdftotext", "-layout", str(annex[0]), "-")
    rows = run_named_query(kg, CATALOGUE["empact-priorities"]).dicts()
    assert len(rows) == 15
    for r in rows:
        line = r"^\s*" + r"\s+".join(re.escape(r[k]) for k in ("no", "name", "abbreviation", "oap")) + r"\s*$"
        assert re.search(line, layout, re.M), r


def test_the_text_holds_every_footnote_and_note(kg, annex, words):
    footnotes = run_named_query(kg, CATALOGUE["relex-footnotes"]).dicts()
    assert len(footnotes) == 7
    for f in footnotes:
        assert " ".join(f["text"].split()) in words, f["number"]
    for n in annex[1].relex.notes:
        assert " ".join(n.text.split()) in words
    designation = "The name is used without prejudice to positions on status"
    assert words.count(designation) == 1  # one designation note for Kosovo


def test_nothing_a_reader_should_not_see(words):
    for phrase in ("seed text", "graph/README", "graph/research", "w3id.org", ".ttl", "attached in the graph"):
        assert phrase not in words, phrase


def test_sources_are_numbered_cited_and_listed(annex, words):
    sources = annex[1].sources
    assert [s["number"] for s in sources] == list(range(1, len(sources) + 1))
    report = [s for s in sources if s["title"].startswith("JHAAN Final Report 2023, §11.1")]
    assert report and not report[0]["url"]  # a citation of the report: by title and section, never linked
    assert f"Source: [{report[0]['number']}]" in words
    assert all(s["url"].startswith("http") for s in sources if s["url"])


def test_a_past_annex_prints_only_what_applied_then(kg, tmp_path):
    out = tmp_path / "annex-2017.pdf"
    write_annex(kg, out, year=2017)
    text = " ".join(poppler("pdftotext", str(out), "-").split())
    assert "As of 31 December 2017" in text and "coup" not in text
    assert "Signature date not known" in text  # undated instruments are drawn, in their own style


def test_each_page_renders(annex, tmp_path):
    poppler("pdftoppm", "-r", "20", "-png", str(annex[0]), str(tmp_path / "page"))
    assert len(list(tmp_path.glob("page-*.png"))) == len(annex[1].sheets)


def test_the_command_writes_the_pdf(tmp_path):
    out = tmp_path / "sub" / "annex.pdf"
    result = CliRunner().invoke(main, ["annex", "--year", "2023", "--out", str(out), "--graph", str(GRAPH),
                                       "--ontology", str(ONTOLOGY)])
    assert result.exit_code == 0, result.output
    assert result.output.split() == [str(out)] and out.read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("args", [["--as-of", "2023-02-30"], ["--year", "23"]])
def test_the_command_refuses_a_wrong_date(tmp_path, args):
    result = CliRunner().invoke(main, ["annex", *args, "--out", str(tmp_path / "a.pdf")])
    assert result.exit_code == 2 and not (tmp_path / "a.pdf").exists()


def test_build_writes_the_annex_and_the_sources_page_and_links_them(tmp_path):
    out = tmp_path / "site"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (out / "annex.pdf").read_bytes()[:5] == b"%PDF-"
    assert "jhaan:PrintedFigure" in (out / "annex-figures.ttl").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="annex.pdf"' in index and 'href="sources.html"' in index
    sources = (out / "sources.html").read_text(encoding="utf-8")
    assert "Coverage by agency" in sources and "JHAAN Final Report 2023, §11.1" in sources
    assert "w3id.org/jhaan-kg/id/citation" not in sources
    for page in ("relex.html", "empact.html", "network-relex.html"):
        assert 'href="sources.html"' in (out / page).read_text(encoding="utf-8"), page


# --- the figures it prints, checked as queries (issue 22, item 3) ---------------------------------------------------

NEW_FRONTEX_INSTRUMENT = """
@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://w3id.org/jhaan-kg/id/instrument/frontex-eg-working-arrangement-2026> a jhaan:CooperationInstrument ;
    dcterms:source <https://example.org/frontex-egypt> ;
    jhaan:agency <https://w3id.org/jhaan-kg/id/agency/frontex> ;
    jhaan:counterpart <https://w3id.org/jhaan-kg/id/country/eg> ;
    jhaan:instrumentType <https://w3id.org/jhaan-kg/concept/instrument-type/working-arrangement> ;
    jhaan:dateSigned "2026-01-15"^^xsd:date ;
    rdfs:label "Working arrangement between Frontex and Egypt (test)"@en .
<https://example.org/frontex-egypt> a jhaan:SourceDocument ; dcterms:title "Test source"@en .
"""


def test_the_printed_figures_are_written_beside_the_pdf(annex):
    figures = annex[0].with_name("annex-figures.ttl").read_text(encoding="utf-8")
    assert figures.count("jhaan:PrintedFigure") > 100
    assert 'jhaan:figureKey "Frontex"' in figures and '"2026-06-30"^^xsd:date' in figures


def test_validate_runs_the_checks_and_passes_when_the_annex_and_the_data_agree(annex):
    result = CliRunner().invoke(main, ["validate", "--figures", str(annex[0].with_name("annex-figures.ttl"))])
    assert result.exit_code == 0, result.output
    assert "check-annex-figures" in result.output and "check-designation-notes" in result.output


def test_validate_says_which_printed_figure_the_data_no_longer_gives(annex, graph):
    (graph / "instruments" / "test-extra.ttl").write_text(NEW_FRONTEX_INSTRUMENT, encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph), "--figures",
                                       str(annex[0].with_name("annex-figures.ttl"))])
    assert result.exit_code == 1, result.output
    assert "Check failed: check-annex-figures" in result.output
    assert "figure: entries-by-agency, key: Frontex, printed: 34, computed: 35" in result.output
    assert "figure: entries-in-all, key: all, printed: 166, computed: 167" in result.output


def test_a_second_designation_note_for_kosovo_fails_its_check(graph):
    relex = graph / "relex.ttl"
    text = relex.read_text(encoding="utf-8")
    relex.write_text(text.replace("The name is used without prejudice to positions on status",
                                  "The name is used without prejudging positions on status"), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", "--graph", str(graph)])
    assert result.exit_code == 1 and "Check failed: check-designation-notes" in result.output


def test_update_says_which_figures_of_the_annex_a_change_alters(graph, tmp_path):
    add = tmp_path / "add.ttl"
    add.write_text(NEW_FRONTEX_INSTRUMENT, encoding="utf-8")
    result = CliRunner().invoke(main, ["update", "--add", str(add), "--graph", str(graph)])
    assert result.exit_code == 0, result.output
    line = next(l for l in result.output.splitlines() if l.startswith("Changes the annex:"))
    assert "Frontex 34 to 35 instruments" in line and "166 to 167 RELEX entries in all" in line
    unchanged = tmp_path / "label.ttl"
    unchanged.write_text(NEW_FRONTEX_INSTRUMENT.split("<https://w3id.org/jhaan-kg/id/instrument/")[0]
                         + '<https://example.org/frontex-egypt> a jhaan:SourceDocument ; dcterms:title "T"@en .\n',
                         encoding="utf-8")
    result = CliRunner().invoke(main, ["update", "--add", str(unchanged), "--graph", str(graph)])
    assert "Changes the annex" not in result.output
