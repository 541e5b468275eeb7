"""The network pages and relex.html's details panel in a real browser (issue 19, items 2, 3, 5 and 7).

Each page is written by the command line into a temporary folder and opened from file:// in Debian's
Chromium through Playwright (tests/browser.py): every request to another host is blocked and counted,
and a console error or a dialog fails the test. What the page shows is checked against the query-derived
payload and, for dates, against the catalogue's own queries (relex-instruments, relex-matrix), so that the
browser's replay of each instrument's history is proved to give what SPARQL gives.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from browser import open_page
from helpers import GRAPH, ONTOLOGY, ROOT
from jhaan_kg.cli import main
from jhaan_kg.render.infographics import RELEX_SCRIPTS
from jhaan_kg.render.network_page import SCRIPTS

IMG = "<img src=x onerror=alert(1)>"
BREAK_OUT = '"><script>alert(1)</script>'
ENDED, PAUSED = {"superseded", "terminated"}, {"suspended", "on-hold"}


def run(*args):
    result = CliRunner().invoke(main, ["--root", str(ROOT), *[str(a) for a in args]], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def write_pages(graph: Path, out: Path) -> Path:
    for which in ("relex", "agencies"):
        run("network", which, "--graph", graph, "--ontology", ONTOLOGY, "--out", out / f"network-{which}.html")
    run("infographic", "relex", "empact", "--graph", graph, "--ontology", ONTOLOGY, "--out", out)
    return out


def query(name: str, graph: Path = GRAPH, **params) -> list[dict[str, str]]:
    args = [a for k, v in params.items() for a in ("--param", f"{k}={v}")]
    return json.loads(run("query", "run", name, *args, "--graph", graph, "--ontology", ONTOLOGY, "--format", "json"))


def payload(page_file: Path) -> dict:
    html = page_file.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="network-data">(.*?)</script>', html, re.S).group(1))


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    return write_pages(GRAPH, tmp_path_factory.mktemp("network-pages"))


@pytest.fixture
def visit(browser):
    """Open a page; after the test, it must have asked no other host, logged no error, opened no dialog."""
    opened = []

    def open_(url: str | Path):
        v = open_page(browser, str(url))
        # (a function, not an expression: Playwright evaluates an expression with eval, which the page's
        # policy refuses)
        v.page.wait_for_function("() => window.Jhaan && (!Jhaan.network || Jhaan.network.timings.firstDraw !== null)")
        opened.append(v)
        return v

    yield open_
    for v in opened:
        assert v.external == [] and v.errors == [] and v.dialogs == [], (v.external, v.errors, v.dialogs)
        v.page.close()


# --- what the page draws ---------------------------------------------------------------------------------

def drawn(page) -> dict:
    return page.evaluate("""() => ({nodes: Jhaan.network.drawnNodeIds().sort(), edges: Jhaan.network.drawnEdgeIds().sort(),
                                    visNodes: Jhaan.network.network.body.nodeIndices.length,
                                    visEdges: Jhaan.network.network.body.edgeIndices.length})""")


def set_day(page, day: str) -> None:
    page.fill("#net-day", day)
    page.dispatch_event("#net-day", "change")


def table(page) -> list[list[str]]:
    if not page.evaluate("document.getElementById('net-table-details').open"):
        page.click("#net-table-summary")
        # the table is filled when it opens (the toggle event comes after the click)
        page.wait_for_function("() => document.getElementById('net-table-caption').textContent !== ''")
    return page.eval_on_selector_all("#net-table tbody tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))")


def switch_off(page, key: str, value: str) -> None:
    page.click(f"details[data-filter={key}] summary")
    page.locator(f"input[data-filter={key}][value='{value}']").uncheck()


def click_node(page, node_id: str) -> None:
    at = page.evaluate(f"""() => {{ const n = Jhaan.network.network; return n.canvasToDOM(n.getPosition("{node_id}")); }}""")
    box = page.locator("#network canvas").bounding_box()
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


def click_edge(page, edge_id: str) -> None:
    """Click a point of the edge where vis-network finds that edge, well away from every node's box."""
    at = page.evaluate(f"""() => {{
        const net = Jhaan.network.network, e = Jhaan.network.edges["{edge_id}"];
        const a = net.canvasToDOM(net.getPosition(e.from)), b = net.canvasToDOM(net.getPosition(e.to));
        const boxes = Jhaan.network.drawnNodeIds().map(id => {{ const box = net.getBoundingBox(id);
            return [net.canvasToDOM({{x: box.left, y: box.top}}), net.canvasToDOM({{x: box.right, y: box.bottom}})]; }});
        const free = p => boxes.every(([lt, rb]) => p.x < lt.x - 8 || p.x > rb.x + 8 || p.y < lt.y - 8 || p.y > rb.y + 8);
        for (let f = 0.2; f < 0.95; f += 0.02) {{
            const p = {{x: a.x + f * (b.x - a.x), y: a.y + f * (b.y - a.y)}};
            if (net.getEdgeAt(p) === "{edge_id}" && free(p)) return p;
        }}
        return null; }}""")
    assert at, f"no free point on {edge_id}"
    box = page.locator("#network canvas").bounding_box()
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


def link_text(source: dict) -> str:
    """What a source's link says: its title, or its address without scheme and www (panel.js)."""
    return source["title"] or re.sub(r"^https?://(www\.)?", "", source["url"])[:70]


def panel(page) -> dict:
    return page.evaluate("""() => { const p = document.querySelector(".panel");
        return {title: p.querySelector(".panel-title").textContent, text: p.querySelector(".panel-body").textContent,
                items: p.querySelectorAll(".panel-item").length,
                links: [...p.querySelectorAll(".panel-body a")].map(a => [a.getAttribute("href"), a.textContent])}; }""")


# --- loading ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["network-relex.html", "network-agencies.html", "relex.html"])
def test_each_page_loads_with_no_external_request_and_no_console_error(pages, visit, name):
    v = visit(pages / name)
    html = (pages / name).read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html and "http" not in re.search(r"script-src[^;]*;", html).group(0)
    assert v.page.evaluate("document.querySelectorAll('script[src], link[rel=stylesheet], img').length") == 0
    # the plain-language sentence: what the page shows and how complete the data is
    assert "rebuilt from public sources" in v.page.inner_text("main")


@pytest.mark.parametrize("which", ["relex", "agencies"])
def test_the_nodes_drawn_are_the_nodes_of_the_payload(pages, visit, which):
    data = payload(pages / f"network-{which}.html")
    shown = drawn(visit(pages / f"network-{which}.html").page)
    assert shown["nodes"] == sorted(n["id"] for n in data["nodes"]) and shown["visNodes"] == len(data["nodes"])
    assert shown["visEdges"] == len(data["edges"])


def test_relex_today_draws_the_agencies_and_every_counterpart_with_an_instrument_shown(pages, visit):
    data = payload(pages / "network-relex.html")
    labels = {n["id"]: n["label"] for n in data["nodes"]}
    shown = drawn(visit(pages / "network-relex.html").page)
    expected = ({n["label"] for n in data["nodes"] if n["kind"] == "agency"}
                | {r["counterpart_label"] for r in query("relex-matrix")})
    assert sorted(labels[i] for i in shown["nodes"]) == sorted(expected)


# --- filters ------------------------------------------------------------------------------------------------

def test_an_agency_filter_hides_exactly_its_edges_and_the_counterparts_left_alone(pages, visit):
    data = payload(pages / "network-relex.html")
    page = visit(pages / "network-relex.html").page
    switch_off(page, "agency", "Europol")
    europol = next(n["id"] for n in data["nodes"] if n["label"] == "Europol")
    edges = [e for e in data["edges"] if e["from"] != europol]
    nodes = {n["id"] for n in data["nodes"] if n["kind"] == "agency" and n["id"] != europol} | {e["to"] for e in edges}
    shown = drawn(page)
    assert shown["edges"] == sorted(e["id"] for e in edges) and shown["nodes"] == sorted(nodes)
    assert shown["visNodes"] == len(nodes) < len(data["nodes"])
    agencies = sum(n["kind"] == "agency" for n in data["nodes"])
    assert f"({agencies - 1} of {agencies})" in page.inner_text("details[data-filter=agency] summary")


def test_a_type_and_a_region_filter_hide_exactly_their_edges(pages, visit):
    data = payload(pages / "network-relex.html")
    page = visit(pages / "network-relex.html").page
    switch_off(page, "type", "working-arrangement")
    switch_off(page, "region", "Western Balkans")
    group = {n["id"]: n["group"] for n in data["nodes"]}
    edges = [e for e in data["edges"] if e["kind"] != "working-arrangement" and group[e["to"]] != "Western Balkans"]
    assert drawn(page)["edges"] == sorted(e["id"] for e in edges)


def test_a_kind_of_shared_work_switched_off_leaves_the_links_with_other_kinds(pages, visit):
    data = payload(pages / "network-agencies.html")
    page = visit(pages / "network-agencies.html").page
    switch_off(page, "kind", "shared-event")
    edges = [e for e in data["edges"] if set(e["byKind"]) - {"shared-event"}]
    assert drawn(page)["edges"] == sorted(e["id"] for e in edges)
    rows = table(page)
    assert rows and {r[2] for r in rows} <= {"Joint projects", "Shared EMPACT action plans"}


# --- the date ---------------------------------------------------------------------------------------------------

def test_at_2010_12_31_the_page_shows_what_relex_instruments_returns(pages, visit):
    data = payload(pages / "network-relex.html")
    page = visit(pages / "network-relex.html").page
    set_day(page, "2010-12-31")
    type_label = {t["notation"]: t["label"] for t in data["legend"]["types"]}
    status_label = {s["notation"]: s["label"] for s in data["legend"]["statuses"]}
    shown = Counter((r[0], r[1], r[3], r[5]) for r in table(page))
    expected = Counter((r["agency"], r["counterpart"], r["type"], r["status"])
                       for r in query("relex-instruments", as_of="2010-12-31"))
    assert shown == expected and sum(expected.values()) > 20
    assert set(type_label.values()) >= {k[2] for k in shown} and set(status_label.values()) >= {k[3] for k in shown}
    # and the edges drawn are those of relex-matrix on that day: one per agency, counterpart and type
    iri = {n["id"]: n["iri"] for n in data["nodes"]}
    label = {n["id"]: n["label"] for n in data["nodes"]}
    edges = {(label[data["edges"][int(i[1:])]["from"]], iri[data["edges"][int(i[1:])]["to"]], data["edges"][int(i[1:])]["kind"])
             for i in drawn(page)["edges"]}
    assert edges == {(r["agency"], r["counterpart"], r["type"]) for r in query("relex-matrix", as_of="2010-12-31")}
    assert "no known signature date" in page.inner_text("#net-summary")


def test_the_slider_moves_the_date(pages, visit):
    page = visit(pages / "network-relex.html").page
    page.evaluate("""() => { const s = document.getElementById("net-slider");
        s.value = Jhaan.timeline.dayNumber("2015-06-30"); s.dispatchEvent(new Event("input")); }""")
    assert page.input_value("#net-day") == "2015-06-30"
    assert page.inner_text("#net-summary").startswith("On 30 June 2015:")


def test_comparing_two_dates_counts_what_the_queries_give_on_each(pages, visit):
    page = visit(pages / "network-relex.html").page
    set_day(page, "2023-12-31")
    page.check("#net-compare")
    page.fill("#net-from", "2015-01-01")
    page.dispatch_event("#net-from", "change")
    before = {(r["instrument"], r["counterpart"]): r["status"] for r in query("relex-matrix", as_of="2015-01-01")}
    counts = Counter()
    for r in query("relex-matrix", as_of="2023-12-31"):
        now, then = r["status"], before.get((r["instrument"], r["counterpart"]))
        counts["ended" if now in ENDED and then not in ENDED else "paused" if now in PAUSED and then != now
               else "new" if then is None else ""] += 1
    shown = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll("#net-compare-summary [data-change]")]
                                      .map(s => [s.dataset.change, Number(s.querySelector(".change-badge").textContent)]))""")
    assert shown == {"new": counts["new"], "paused": counts["paused"], "ended": counts["ended"]}
    assert counts["new"] > 0 and counts["ended"] > 0 and counts["paused"] > 0


def test_play_runs_from_2000_and_pauses(pages, visit):
    page = visit(pages / "network-relex.html").page
    page.click("#net-play")
    assert page.get_attribute("#net-play", "aria-pressed") == "true"
    # it starts in 2000 (the page opened on today) and moves on (a slow machine may see it well past April)
    page.wait_for_function("() => document.getElementById('net-day').value < '2001-01-01'", timeout=10_000)
    page.wait_for_function("() => document.getElementById('net-day').value >= '2000-04-01'", timeout=10_000)
    page.click("#net-play")
    day = page.input_value("#net-day")
    assert "2000-04-01" <= day and page.get_attribute("#net-play", "aria-pressed") == "false"
    page.wait_for_timeout(200)
    assert page.input_value("#net-day") == day


# --- search, panel and keyboard -------------------------------------------------------------------------------------

def test_a_click_on_a_node_opens_the_panel_with_its_instruments_and_sources(pages, visit):
    data = payload(pages / "network-relex.html")
    page = visit(pages / "network-relex.html").page
    serbia = next(n for n in data["nodes"] if n["label"] == "Serbia")
    click_node(page, serbia["id"])
    shown = panel(page)
    items = [i for i in data["items"].values() if i["counterpart"] == serbia["id"]]
    assert shown["title"] == "Serbia" and shown["items"] == len(items) > 1
    first = data["sources"][items[0]["sources"][0]]
    assert [first["url"], link_text(first)] in shown["links"]
    assert all(i["title"] in shown["text"] for i in items)
    assert "node=Serbia" in page.evaluate("location.hash")


def test_a_click_on_an_edge_opens_the_panel_with_its_instrument(pages, visit):
    data = payload(pages / "network-relex.html")
    page = visit(pages / "network-relex.html").page
    pairs = Counter((e["from"], e["to"]) for e in data["edges"])
    edge = next(e for e in data["edges"] if len(e["items"]) == 1 and pairs[e["from"], e["to"]] == 1
                and data["items"][e["items"][0]]["signed"] and data["items"][e["items"][0]]["sources"])
    click_edge(page, edge["id"])
    item = data["items"][edge["items"][0]]
    shown = panel(page)
    assert shown["items"] == 1 and item["title"] in shown["text"]
    source = data["sources"][item["sources"][0]]
    assert [source["url"], link_text(source)] in shown["links"]


def test_a_click_on_an_agencies_edge_lists_the_shared_work_with_years_and_sources(pages, visit):
    data = payload(pages / "network-agencies.html")
    page = visit(pages / "network-agencies.html").page
    edge = data["edges"][0]
    page.evaluate(f"""() => Jhaan.networkUi.select({{edge: "{edge['id']}"}}, false)""")
    shown = panel(page)
    assert shown["items"] == len(edge["items"])
    assert all(data["items"][x]["label"] in shown["text"] for x in edge["items"])


def test_search_selects_and_opens_a_country_or_organisation(pages, visit):
    page = visit(pages / "network-relex.html").page
    page.fill("#net-search", "interpol")
    page.click("#net-search-form button")
    assert panel(page)["title"] == "International Criminal Police Organization (INTERPOL)"
    page.fill("#net-search", "Atlantis")
    page.click("#net-search-form button")
    assert "Nothing called" in page.inner_text("#net-search-message")


def test_the_keyboard_moves_through_nodes_opens_and_closes_the_panel(pages, visit):
    data = payload(pages / "network-relex.html")
    page = visit(pages / "network-relex.html").page
    page.focus("#network")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert page.inner_text("#net-announce").startswith(data["nodes"][1]["name"])
    page.keyboard.press("Enter")
    assert panel(page)["title"].startswith(data["nodes"][1]["name"])
    assert page.evaluate("document.activeElement.id") == "net-panel-title"
    page.keyboard.press("Escape")
    assert panel(page)["title"] == "Details" and page.evaluate("document.activeElement.id") == "network"


# --- the link that keeps the view ---------------------------------------------------------------------------------

def test_the_url_fragment_reopens_the_same_view(pages, visit):
    page = visit(pages / "network-relex.html").page
    set_day(page, "2016-06-30")
    switch_off(page, "type", "council-decision")
    page.check("#net-compare")
    page.evaluate("""() => Jhaan.networkUi.select({node: Jhaan.network.data.nodes.find(n => n.label === "Norway").id}, false)""")
    url = page.url
    assert "date=2016-06-30" in url and "type-off=council-decision" in url and "node=Norway" in url and "compare=" in url
    before = drawn(page), panel(page), page.inner_text("#net-summary")
    again = visit(url).page
    assert (drawn(again), panel(again), again.inner_text("#net-summary")) == before
    assert again.input_value("#net-day") == "2016-06-30" and again.is_checked("#net-compare")
    assert not again.is_checked("input[data-filter=type][value=council-decision]")


def test_the_table_button_opens_the_table_and_keeps_the_view(pages, visit):
    page = visit(pages / "network-relex.html").page
    set_day(page, "2012-12-31")
    page.click("#net-table-button")
    assert page.evaluate("document.getElementById('net-table-details').open")
    assert "date=2012-12-31" in page.evaluate("location.hash") and page.input_value("#net-day") == "2012-12-31"
    assert len(table(page)) == page.evaluate("Jhaan.network.totals.instruments")


def test_reset_returns_to_the_page_as_opened(pages, visit):
    page = visit(pages / "network-relex.html").page
    first = drawn(page)
    set_day(page, "2005-01-01")
    switch_off(page, "agency", "Frontex")
    page.click("#net-reset")
    assert drawn(page) == first and page.evaluate("location.hash") == ""


# --- export ----------------------------------------------------------------------------------------------------------

def test_the_png_export_is_the_view_drawn(pages, visit, tmp_path):
    page = visit(pages / "network-relex.html").page
    with page.expect_download() as download:
        page.click("#net-png")
    path = tmp_path / "view.png"
    download.value.save_as(path)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    assert download.value.suggested_filename.startswith("network-relex-")
    assert (pages / "network-relex.svg").exists()
    assert page.get_attribute("a[download][href$='.svg']", "href") == "network-relex.svg"


# --- hostile data stays text ---------------------------------------------------------------------------------------

HOSTILE_TTL = Path(__file__).parent / "fixtures" / "network" / "hostile.ttl"
CSV_BREAK_OUT = BREAK_OUT.replace('"', '""')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A copy of graph/ with a hostile reason imported from a spreadsheet by `jhaan-kg import instruments`,
    and a hostile organisation, instrument, reason and source title in Turtle. The Turtle's one source that
    is not a web address (javascript:) is refused by the shapes, as it should be; the pages are drawn from
    it anyway, to prove that even such a graph makes nothing run."""
    base = tmp_path_factory.mktemp("hostile")
    shutil.copytree(GRAPH, base / "graph")
    (base / "rows.csv").write_text(
        "agency,counterpart,iso2,type,signed,status,personal_data,source,status_date,reason\n"
        f'Eurojust,Japan,JP,Working arrangement,2008-04-01,Suspended,,https://example.org/japan,2009-02,"Imported {IMG} {CSV_BREAK_OUT}"\n',
        encoding="utf-8")
    run("import", "instruments", base / "rows.csv", "--graph", base / "graph", "--ontology", ONTOLOGY, "--apply")
    shutil.copy(HOSTILE_TTL, base / "graph" / "hostile.ttl")
    refused = CliRunner().invoke(main, ["--root", str(ROOT), "validate", "--graph", str(base / "graph"), "--ontology",
                                        str(ONTOLOGY)])
    assert refused.exit_code == 1 and "Violation x1 shapes:SourceLinkShape-source" in refused.output, refused.output
    assert "Does not conform: 1 violation" in refused.output
    return write_pages(base / "graph", base / "out")


def inert(page, scripts: int) -> None:
    """No element the data could have made: no image, no handler, no javascript: link, no script of its own."""
    assert page.evaluate("document.querySelectorAll('img, [onerror], a[href^=javascript]').length") == 0
    assert page.evaluate("document.querySelectorAll('script:not([type])').length") == scripts


def test_hostile_labels_stay_text_on_the_network_page(hostile, visit):
    v = visit(hostile / "network-relex.html")
    page = v.page
    set_day(page, "2013-01-01")
    page.fill("#net-search", "Hostile")
    page.click("#net-search-form button")
    shown = panel(page)
    assert IMG in shown["title"] and BREAK_OUT in shown["title"]
    assert f"Title {IMG} {BREAK_OUT}" in shown["text"] and f"Reason {IMG}" in shown["text"]
    assert ["https://example.org/hostile?a=1&b=2", f"Source {IMG}"] in shown["links"]
    assert "A source whose address is javascript:alert(1)" in shown["text"]
    page.fill("#net-search", "Japan")
    page.click("#net-search-form button")
    assert f"Imported {IMG} {BREAK_OUT}" in panel(page)["text"]
    assert any(IMG in cell for row in table(page) for cell in row)
    page.hover("#network")
    inert(page, len(SCRIPTS))


def test_hostile_labels_stay_text_in_the_relex_infographic_panel(hostile, visit):
    page = visit(hostile / "relex.html").page
    page.locator(f"figure .chip[data-agency=Europol][data-counterpart='H{IMG}']").click()
    shown = panel(page)
    assert IMG in shown["title"] and f"Title {IMG} {BREAK_OUT}" in shown["text"]
    assert ["https://example.org/hostile?a=1&b=2", f"Source {IMG}"] in shown["links"]
    inert(page, len(RELEX_SCRIPTS))


# --- relex.html: a click on a cell opens the same panel ------------------------------------------------------------

def test_a_click_on_a_relex_cell_opens_the_panel_with_its_instruments_and_sources(pages, visit):
    page = visit(pages / "relex.html").page
    assert page.is_hidden("#relex-panel")
    page.locator("figure .chip[data-agency=Europol][data-counterpart=Serbia]").first.click()
    rows = [r for r in query("relex-matrix") if r["agency"] == "Europol" and r["counterpart_label"] == "Serbia"]
    shown = panel(page)
    assert shown["title"] == "Europol and Serbia" and shown["items"] == len(rows) > 0
    assert {s for r in rows for s in r["source"].split()} == {href for href, _ in shown["links"]}
    assert all(r["title"] in shown["text"] for r in rows)
    page.keyboard.press("Escape")
    assert page.is_hidden("#relex-panel")
    # by keyboard: a chip takes the focus, Enter opens the panel
    page.focus("figure .chip[data-agency=Frontex]")
    page.keyboard.press("Enter")
    assert page.is_visible("#relex-panel") and panel(page)["title"].startswith("Frontex and ")


def test_the_infographic_pages_link_to_the_network_pages(pages):
    for name in ("relex.html", "empact.html"):
        html = (pages / name).read_text(encoding="utf-8")
        assert 'href="network-relex.html"' in html and 'href="network-agencies.html"' in html
