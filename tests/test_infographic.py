"""The RELEX and EMPACT infographics: files, dates, facts from the graph, totals, colour-free reading."""

from __future__ import annotations

import shutil
import struct
import xml.etree.ElementTree as ET
from collections import Counter
from html.parser import HTMLParser

import pytest
from click.testing import CliRunner

from helpers import GRAPH, ONTOLOGY, ROOT
from jhaan_kg.cli import main
from jhaan_kg.render.infographics import write_infographics
from jhaan_kg.render.relex import draw_relex
from jhaan_kg.render.results import RELEX_QUERIES, Results, query_results
from jhaan_kg.load import load_graph
from jhaan_kg.query import QueryResult, load_catalogue, run_named_query

SVG = "{http://www.w3.org/2000/svg}"
CATALOGUE = load_catalogue(ROOT / "queries")
TODAY_FILES = ["relex.svg", "relex.png", "relex.html", "empact.svg", "empact.png", "empact.html"]


@pytest.fixture(scope="module")
def today(kg, tmp_path_factory):
    out = tmp_path_factory.mktemp("infographics")
    return out, write_infographics(kg, out)


@pytest.fixture(scope="module")
def in_2017(kg, tmp_path_factory):
    out = tmp_path_factory.mktemp("infographics-2017")
    write_infographics(kg, out, which=("relex",), as_of="2017-12-31")
    return out


def svg_root(path):
    return ET.parse(path).getroot()


def groups(root, cls):
    return [g for g in root.iter() if cls in (g.get("class") or "").split()]


def texts(element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def matrix_rows(kg, as_of=None):
    params = {"as_of": as_of} if as_of else {}
    return run_named_query(kg, CATALOGUE["relex-matrix"], params).dicts()


# --- files ------------------------------------------------------------------------------------------------

def test_the_six_files_are_written(today):
    out, written = today
    assert written == TODAY_FILES
    for name in written:
        assert (out / name).stat().st_size > 1000, name


def test_the_pngs_are_a4_at_300_dpi(today):
    out, _ = today
    for name in ("relex.png", "empact.png"):
        data = (out / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", data[16:24])
        assert (width, height) == (2480, 3508)


def test_the_svgs_are_a4_pages(today):
    out, _ = today
    for name in ("relex.svg", "empact.svg"):
        root = svg_root(out / name)
        assert (root.get("width"), root.get("height")) == ("210mm", "297mm")
        x, y, w, h = map(float, root.get("viewBox").split())
        assert abs(w / h - 210 / 297) < 0.001


class _Resources(HTMLParser):
    """Everything an HTML page would fetch: scripts, stylesheets, images, frames."""

    def __init__(self):
        super().__init__()
        self.fetches, self.links = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("img", "iframe", "embed", "object", "link", "source", "audio", "video") or (tag == "script" and "src" in a):
            self.fetches.append((tag, a))  # an inline script (relex.html's panel) fetches nothing
        if tag == "a":
            self.links.append(a.get("href"))


def test_the_html_pages_are_self_contained(today):
    out, _ = today
    for name in ("relex.html", "empact.html"):
        page = (out / name).read_text(encoding="utf-8")
        parser = _Resources()
        parser.feed(page)
        assert parser.fetches == [], name
        assert "<svg" in page and "<table" in page and "<caption>" in page
        assert "@import" not in page and "url(" not in page


def test_relex_html_links_every_source_of_every_instrument(kg, today):
    out, _ = today
    parser = _Resources()
    parser.feed((out / "relex.html").read_text(encoding="utf-8"))
    links = set(parser.links)
    sources = {s for row in matrix_rows(kg) for s in row["source"].split()}
    web = {s for s in sources if not s.startswith("https://w3id.org/jhaan-kg/")}
    assert web and web <= links
    # a citation of the report is shown by its title and section, never linked as the project's own IRI
    citations = sources - web
    assert citations and not citations & links
    assert "JHAAN Final Report 2023, §11.1" in (out / "relex.html").read_text(encoding="utf-8")


# --- the date -----------------------------------------------------------------------------------------------

def cells(root) -> set[tuple[str, str]]:
    return {(g.get("data-agency"), g.get("data-counterpart")) for g in groups(root, "chip") if g.get("data-agency")}


def test_as_of_drops_instruments_signed_later(kg, today, in_2017):
    out, _ = today
    now, then = cells(svg_root(out / "relex.svg")), cells(svg_root(in_2017 / "relex.svg"))
    # eu-LISA's only instrument (with Norway, Iceland, Switzerland and Liechtenstein) was signed in 2018
    signed = {r["signed"] for r in matrix_rows(kg) if r["agency"] == "eu-LISA" and r["counterpart_label"] == "Norway"}
    assert signed and min(signed) > "2017-12-31"
    assert ("eu-LISA", "Norway") in now
    assert ("eu-LISA", "Norway") not in then
    later = [g for g in groups(svg_root(in_2017 / "relex.svg"), "chip") if (g.get("data-signed") or "") > "2017-12-31"]
    assert later == []
    assert "31 December 2017" in (in_2017 / "relex.svg").read_text(encoding="utf-8")


def test_as_of_draws_the_status_of_that_day(kg):
    """Cooperation with Niger was put on hold on 26 July 2023 (footnote 5): active the day before."""
    def niger(day):
        return [r for r in matrix_rows(kg, day) if r["counterpart_label"] == "EUCAP Sahel Niger" and r["agency"] == "Frontex"]

    assert [(r["status"], r["footnotes"]) for r in niger("2023-07-25")] == [("active", "")]
    assert [(r["status"], r["footnotes"]) for r in niger("2023-07-26")] == [("on-hold", "5")]


# --- facts come from the graph ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def changed(tmp_path_factory):
    """A copy of the ontology and graph with a legend label, a footnote text and a footnote number changed."""
    base = tmp_path_factory.mktemp("changed")
    shutil.copytree(ONTOLOGY, base / "ontology")
    shutil.copytree(GRAPH, base / "graph", ignore=shutil.ignore_patterns("research"))
    vocabulary = base / "ontology" / "vocabularies" / "instrument-type.ttl"
    text = vocabulary.read_text(encoding="utf-8")
    assert '"Council decision"@en' in text
    vocabulary.write_text(text.replace('"Council decision"@en', '"Decision of the Council (test label)"@en'),
                          encoding="utf-8")
    relex = base / "graph" / "relex.ttl"
    text = relex.read_text(encoding="utf-8")
    assert "jhaan:footnoteNumber 7 ;" in text
    relex.write_text(text.replace("jhaan:footnoteNumber 7 ;", "jhaan:footnoteNumber 8 ;")
                     .replace("Frontex does not count", "TEST: Frontex does not count"), encoding="utf-8")
    kg = load_graph([base / "ontology", base / "graph"])
    out = base / "out"
    write_infographics(kg, out, which=("relex",))
    return out


def footnote_numbers(root) -> list[str]:
    return [t.get("data-number") for t in root.iter(f"{SVG}text") if "footnote" in (t.get("class") or "").split()]


def test_the_legend_and_the_seven_footnotes_come_from_the_graph(kg, today):
    out, _ = today
    root = svg_root(out / "relex.svg")
    legend = run_named_query(kg, CATALOGUE["relex-legend"]).dicts()
    drawn = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "legend-label"]
    assert [r["label"] for r in legend] == drawn
    assert "Memorandum of Understanding" in drawn and "Exchange of letters" in drawn
    assert footnote_numbers(root) == [str(n) for n in range(1, 8)]


def test_a_changed_label_and_footnote_show_in_the_drawing(changed):
    root = svg_root(changed / "relex.svg")
    drawn = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "legend-label"]
    assert "Decision of the Council (test label)" in drawn and "Council decision" not in drawn
    assert footnote_numbers(root) == ["1", "2", "3", "4", "5", "6", "8"]
    assert "TEST: Frontex does not count" in " ".join(texts(root))
    assert "Decision of the Council (test label)" in (changed / "relex.html").read_text(encoding="utf-8")


def test_footnote_markers_follow_the_graph(today):
    """Frontex (2) and the EMCDDA (3) carry their footnotes, Kosovo (4), the Niger hold (5), suspensions (6)."""
    out, _ = today
    root = svg_root(out / "relex.svg")
    markers = Counter(t.text for t in root.iter(f"{SVG}text") if t.get("class") == "footnote-marker")
    assert {"2", "3", "4", "5", "6"} <= set(markers)
    suspended = [g for g in groups(root, "chip") if g.get("data-status") == "suspended" and g.get("data-agency")]
    assert any("6" in texts(g) for g in suspended)


def test_the_drawing_needs_only_query_results():
    """draw_relex works on hand-made results: it never reads the graph."""
    def result(columns, *rows):
        return QueryResult(tuple(columns.split()), tuple(tuple(r) for r in rows))

    matrix_columns = ("agency counterpart counterpart_label counterpart_name counterpart_kind iso2 region region_order "
                      "type signed status status_since title instrument footnotes counterpart_footnotes source date_not_known joined_eu")
    results = Results({
        "relex-matrix": result(matrix_columns, ("A1", "c:x", "Xland", "Xland", "country", "XX", "Somewhere", "1",
                                                "t-one", "2001", "active", "", "T", "i:1", "", "", "https://example.org/s", "", "")),
        "relex-legend": result("kind position notation label definition footnotes",
                               ("instrument-type", "1", "t-one", "Type one", "", ""),
                               ("status", "2000", "active", "Active", "", "")),
        "relex-footnotes": result("number text infographic_title applies_to", ("1", "A note.", "Made-up title", "")),
        "infographic-agencies": result("agency name footnotes recorded signed_by_date no_signature_date without_full_date empact_records",
                                       ("A1", "Agency one", "", "1", "1", "0", "0", "0")),
        "infographic-source-titles": result("source title"),
    }, "2020-01-01")
    svg = draw_relex(results)
    assert "Made-up title" in svg and "Xland" in svg and ">TO<" in svg and "Type one" in svg


# --- totals and reading without colour -------------------------------------------------------------------------

def test_totals_equal_the_rows_of_the_query(kg, today):
    out, _ = today
    root = svg_root(out / "relex.svg")
    rows = matrix_rows(kg)
    by_agency = Counter(r["agency"] for r in rows)
    by_counterpart = Counter(r["counterpart_label"] for r in rows)
    columns = {t.get("data-agency"): int(t.text) for t in root.iter(f"{SVG}text") if t.get("class") == "column-total"}
    agencies = [r["agency"] for r in run_named_query(kg, CATALOGUE["infographic-agencies"]).dicts()]
    assert list(columns) == agencies == ["CEPOL", "EIGE", "EMCDDA", "EUAA", "eu-LISA", "Eurojust", "Europol", "FRA",
                                         "Frontex"]
    assert columns == {a: by_agency.get(a, 0) for a in agencies}
    lines = {t.get("data-counterpart"): int(t.text) for t in root.iter(f"{SVG}text") if t.get("class") == "row-total"}
    assert lines == dict(by_counterpart)
    grand = [int(t.text) for t in root.iter(f"{SVG}text") if t.get("class") == "grand-total"]
    assert grand == [len(rows)]
    chips = [g for g in groups(root, "chip") if g.get("data-agency")]
    assert len(chips) == len(rows)


def test_colour_is_never_the_only_signal(today):
    out, _ = today
    root = svg_root(out / "relex.svg")
    chips = groups(root, "chip")
    assert chips
    for g in chips:
        coloured = [r for r in g.iter(f"{SVG}rect") if r.get("fill") not in (None, "none", "#ffffff")
                    or r.get("stroke") not in (None, "none")]
        assert coloured and any(t.strip() for t in texts(g)), ET.tostring(g)
    # each type has its own letters, and each status its own outline or marks
    codes = {}
    for g in chips:
        if not g.get("data-type"):
            continue  # the status samples of the legend
        codes.setdefault(g.get("data-type"), set()).add(texts(g)[0])
    assert all(len(v) == 1 for v in codes.values())
    letters = [next(iter(v)) for v in codes.values()]
    assert len(letters) == len(set(letters))

    def shape(g):
        rect = next(g.iter(f"{SVG}rect"))
        return (rect.get("stroke-dasharray"), rect.get("fill") == "#ffffff", rect.get("fill-opacity"),
                len(list(g.iter(f"{SVG}line"))))

    looks = {}
    for g in chips:
        looks.setdefault(g.get("data-status"), set()).add(shape(g))
    assert all(len(v) == 1 for v in looks.values())
    assert len({next(iter(v)) for v in looks.values()}) == len(looks)
    for g in groups(svg_root(out / "empact.svg"), "chip"):
        assert any(t.strip() for t in texts(g)), ET.tostring(g)


# --- EMPACT ---------------------------------------------------------------------------------------------------

def test_empact_table_1_has_the_fifteen_priorities(today):
    out, _ = today
    root = svg_root(out / "empact.svg")
    rows = groups(root, "priority")
    assert [g.get("data-no") for g in rows] == [str(n) for n in range(1, 16)]
    assert texts(rows[0])[1:3] == ["High risk criminal networks", "HRCN"]
    assert texts(rows[14])[1:] == ["Firearms", "FIA", "10"]
    page = (out / "empact.html").read_text(encoding="utf-8")
    table = page[page.index('<table class="priorities">'):]
    table = table[:table.index("</table>")]
    assert table.count("<tr>") == 16  # header and fifteen rows


def test_empact_has_a_figure_per_agency_with_data_and_a_line_for_the_others(kg, today):
    out, _ = today
    root = svg_root(out / "empact.svg")
    agencies = run_named_query(kg, CATALOGUE["infographic-agencies"]).dicts()
    involved = {r["agency"] for r in run_named_query(kg, CATALOGUE["empact-involvement"]).dicts()}
    figures = [t.get("data-agency") for t in root.iter(f"{SVG}text") if t.get("class") == "figure-title"]
    lines = [t.get("data-agency") for t in root.iter(f"{SVG}text") if t.get("class") == "no-data"]
    assert set(figures) == involved and {"Europol", "Eurojust", "Frontex"} <= involved
    assert set(lines) == {a["agency"] for a in agencies} - involved
    assert figures[:3] == ["Europol", "Eurojust", "Frontex"]  # the report's order
    words = " ".join(texts(root))
    assert "no sourced data" in words and "sparse" in words


# --- the command --------------------------------------------------------------------------------------------------

def test_cli_writes_the_files_it_names(tmp_path):
    result = CliRunner().invoke(main, ["infographic", "empact", "--out", str(tmp_path),
                                       "--graph", str(GRAPH), "--ontology", str(ONTOLOGY)])
    assert result.exit_code == 0, result.output
    assert result.output.split() == [str(tmp_path / n) for n in ("empact.svg", "empact.png", "empact.html")]


@pytest.mark.parametrize("date", ["2017-02-30", "31/12/2017", "yesterday"])
def test_cli_refuses_a_date_that_is_not_one(tmp_path, date):
    result = CliRunner().invoke(main, ["infographic", "relex", "--as-of", date, "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "--as-of" in result.output and not list(tmp_path.iterdir())


def test_the_infographic_queries_are_in_the_catalogue():
    for name in RELEX_QUERIES + ("infographic-empact-cycle", "infographic-empact-roles", "empact-priorities"):
        assert CATALOGUE[name].title and CATALOGUE[name].description


def test_query_results_binds_the_date_only_where_a_query_takes_it(kg):
    results = query_results(kg, ["relex-legend", "relex-matrix"], "2017-12-31")
    assert results.as_of == "2017-12-31"
    assert all(r["signed"] <= "2017-12-31" for r in results.rows("relex-matrix"))


def test_a_graph_without_the_empact_cycle_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["infographic", "empact", "--graph", str(GRAPH / "agencies.ttl"),
                                       "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "no EMPACT policy cycle" in result.output
    assert not (tmp_path / "out" / "empact.svg").exists()


# --- text fit to publish (issue 22) ------------------------------------------------------------------------------

def test_a_footnote_is_printed_only_when_it_applies(today, in_2017):
    """Footnote 5 (the hold after the coup of 26 July 2023) and 6 (suspensions of 2022) are not in 2017's figure."""
    out, _ = today
    assert {"5", "6"} <= set(footnote_numbers(svg_root(out / "relex.svg")))
    then = footnote_numbers(svg_root(in_2017 / "relex.svg"))
    assert "5" not in then and "6" not in then and {"1", "2", "3", "4"} <= set(then)
    page = (in_2017 / "relex.html").read_text(encoding="utf-8")
    assert "coup" not in page and 'id="note-5"' not in page


@pytest.mark.parametrize("name", ["relex.svg", "relex.html", "empact.svg", "empact.html"])
def test_no_research_notes_or_repository_paths_reach_a_reader(today, in_2017, name):
    out, _ = today
    for folder in (out, in_2017):
        if (folder / name).exists():
            words = (folder / name).read_text(encoding="utf-8")
            for phrase in ("seed text", "graph/README", "graph/research", "attached in the graph", ".ttl"):
                assert phrase not in words, (name, phrase)


def test_kosovo_has_one_designation_note(kg):
    note = run_named_query(kg, CATALOGUE["relex-footnotes"]).dicts()
    designation = kg.merged.query('SELECT ?n WHERE { <https://w3id.org/jhaan-kg/id/country/xk> '
                                  '<https://w3id.org/jhaan-kg/ontology#designationNote> ?n }')
    assert [r["text"] for r in note if r["number"] == "4"] == [next(iter(designation))[0].value]


def test_a_country_that_joined_the_eu_is_drawn_consistently(kg):
    """Croatia (2013): Eurojust's and the EMCDDA's agreements end on accession (sourced); Frontex's, whose end no
    source gives, keeps its status and a note that says so."""
    rows = [r for r in matrix_rows(kg) if r["counterpart_label"] == "Croatia"]
    by_agency = {r["agency"]: r for r in rows}
    assert by_agency["Eurojust"]["status"] == by_agency["EMCDDA"]["status"] == "terminated"
    assert by_agency["Eurojust"]["joined_eu"] == by_agency["EMCDDA"]["joined_eu"] == ""
    assert by_agency["Frontex"]["joined_eu"] == "2013-07-01"
    before = {r["agency"]: r for r in matrix_rows(kg, "2012-12-31") if r["counterpart_label"] == "Croatia"}
    assert before["EMCDDA"]["status"] == "active" and before["Frontex"]["joined_eu"] == ""


def test_undated_instruments_are_drawn_on_past_dates_in_their_own_style(kg, today, in_2017):
    undated = {r["instrument"] for r in matrix_rows(kg) if not r["signed"]}
    then = [r for r in matrix_rows(kg, "2017-12-31") if not r["signed"]]
    assert undated and {r["instrument"] for r in then} == undated and all(r["date_not_known"] == "yes" for r in then)
    root = svg_root(in_2017 / "relex.svg")
    marked = [g for g in groups(root, "chip") if g.get("data-date") == "not-known" and g.get("data-agency")]
    assert len(marked) == len(then) and all(texts(g)[0].endswith("?") for g in marked)
    assert [t for t in root.iter(f"{SVG}text") if t.get("class") == "legend-date-not-known"]
    out, _ = today
    assert not [g for g in groups(svg_root(out / "relex.svg"), "chip") if g.get("data-date") == "not-known"]


def test_totals_say_what_they_count(today):
    out, _ = today
    words = " ".join(texts(svg_root(out / "relex.svg")))
    assert "entries for" in words and "drawn once in the row of each counterpart" in words
