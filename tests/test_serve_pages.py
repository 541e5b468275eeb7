"""The endpoint's pages in a real browser (issue 20, item 4): the SPARQL editor (vendored YASGUI), the
catalogue's forms, and the build's infographics and network pages linked from the home page.

One `jhaan-kg serve` on a free port of 127.0.0.1, serving a build of the real graph written for this module;
Debian's Chromium through Playwright (tests/browser.py), every request to another host blocked and
recorded. After each test a page must have asked no other host, opened no dialog and logged no console
error (but the refusal of a query that does not parse, which the browser logs as a failed request).
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import urllib.request
from urllib.parse import urlencode

import pytest

from browser import open_page
from helpers import GRAPH, ONTOLOGY, ROOT, start_server, stop_server
from jhaan_kg.load import load_graph
from jhaan_kg.query import load_catalogue, run_named_query

CLI = [sys.executable, "-c", "from jhaan_kg.cli import main; main()"]
REFUSED = "Failed to load resource: the server responded with a status of 400 (Bad Request)"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    build = tmp_path_factory.mktemp("served") / "build"
    done = subprocess.run([*CLI, "--root", str(ROOT), "build", "--out", str(build), "--quiet"], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    process, base = start_server("--store", str(build / "store"), "--site", str(build), "--timeout", "20")
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def kg():
    return load_graph([ONTOLOGY, GRAPH], by_file=False)


@pytest.fixture
def visit(browser, server):
    """Open a path of the server; afterwards it must have asked no other host, logged no error (but those
    `allowed`), opened no dialog."""
    opened = []

    def open_(path: str, allowed: tuple[str, ...] = ()):
        v = open_page(browser, server + path, (server,))
        v.allowed = allowed
        opened.append(v)
        return v

    yield open_
    for v in opened:
        errors = [e for e in v.errors if e not in v.allowed]
        assert v.external == [] and errors == [] and v.dialogs == [], (v.external, v.errors, v.dialogs)
        v.page.close()


def fetch(url: str) -> tuple[str, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.headers["Content-Type"], response.read().decode("utf-8")


def editor(page) -> None:
    page.wait_for_function("() => window.Jhaan && window.Jhaan.sparql")


def run_in_editor(page, text: str | None = None) -> None:
    """Put `text` in the editor (unless None) and press its run button."""
    if text is not None:
        page.evaluate("(text) => { Jhaan.sparql.yasgui.getTab().getYasqe().setValue(text); return null; }", text)
    page.click(".yasqe_queryButton")


def test_the_home_page_leads_to_the_editor_the_catalogue_and_the_builds_pages(visit, server):
    v = visit("/")
    hrefs = v.page.eval_on_selector_all("main a", "links => links.map(a => a.getAttribute('href'))")
    assert {"/sparql", "/queries", "/site/relex.html", "/site/empact.html", "/site/network-relex.html",
            "/site/network-agencies.html"} <= set(hrefs)
    # the pictures of the four pages (loaded lazily, so waited for)
    assert v.page.locator("main img").count() == 4
    v.page.wait_for_function("() => [...document.querySelectorAll('main img')].every(i => i.complete && i.naturalWidth > 0)")
    for href in ("/site/network-relex.html", "/site/network-agencies.html"):
        page = visit(href).page
        page.wait_for_function("() => window.Jhaan && Jhaan.network && Jhaan.network.timings.firstDraw !== null")
        assert len(page.evaluate("() => Jhaan.network.drawnNodeIds()")) >= 9
    for href in ("/site/relex.html", "/site/empact.html"):
        page = visit(href).page
        assert page.locator("figure svg").count() == 1


def test_the_editor_runs_a_query_with_labels_counts_timing_and_downloads(visit, server):
    page = visit("/sparql").page
    editor(page)
    # the editor highlights SPARQL, and the catalogue is beside it
    assert page.locator(".CodeMirror .cm-keyword").count() >= 3
    assert page.locator(".sparql-side a[href^='/queries/']").count() == len(load_catalogue())
    run_in_editor(page)
    page.wait_for_function("() => /9 rows in [0-9.]+ s/.test(document.getElementById('result-note').textContent)")
    # the agencies' IRIs show as their acronyms (asked once the rows came), linked to what the graph says of them
    page.wait_for_function("() => [...document.querySelectorAll('.yasr a.iri')].some(a => a.textContent === 'Europol')")
    link = page.locator(".yasr a.iri", has_text="Europol").first
    assert link.get_attribute("title") == "https://w3id.org/jhaan-kg/id/agency/europol"
    assert link.get_attribute("href").startswith("/sparql?query=")
    assert page.locator(".yasr").inner_text().count("results in") == 1  # YASR's own count and time
    # the address holds the query, so the result can be shared
    assert "query=" in page.url and "jhaan%3AAgency" in page.url
    # downloads: the same query as CSV, TSV and JSON
    hrefs = {a.get_attribute("data-format"): a.get_attribute("href") for a in page.locator("#downloads a").all()}
    assert set(hrefs) == {"csv", "tsv", "json"}
    media, body = fetch(server + hrefs["csv"])
    rows = list(csv.reader(io.StringIO(body)))
    assert media.startswith("text/csv") and rows[0] == ["agency", "name", "instruments"] and len(rows) == 10
    media, body = fetch(server + hrefs["json"])
    assert len(json.loads(body)["results"]["bindings"]) == 9


def test_an_address_with_a_query_runs_it(visit):
    query = "SELECT ?code WHERE { ?c <https://w3id.org/jhaan-kg/ontology#iso2> ?code } ORDER BY ?code LIMIT 5"
    page = visit("/sparql?" + urlencode({"query": query})).page
    editor(page)
    page.wait_for_function("() => /5 rows in/.test(document.getElementById('result-note').textContent)")
    assert page.evaluate("() => Jhaan.sparql.yasgui.getTab().getQuery()") == query


def test_a_syntax_error_is_shown_beside_the_query_which_stays_in_the_editor(visit):
    v = visit("/sparql", allowed=(REFUSED,))
    page = v.page
    editor(page)
    broken = "SELECT ?x\nWEHRE { ?x ?p ?o }"
    run_in_editor(page, broken)
    page.wait_for_function("() => document.getElementById('query-error').textContent !== ''")
    assert re.search(r"does not parse: error at 2:\d+", page.inner_text("#query-error"))
    assert "refused" in page.inner_text("#result-note")
    assert page.evaluate("() => Jhaan.sparql.yasgui.getTab().getYasqe().getValue()") == broken
    # the editor marks the line too, as one types
    assert page.locator(".CodeMirror .parseErrorIcon").count() == 1
    assert page.evaluate("() => Jhaan.sparql.yasgui.getTab().getYasqe().queryValid") is False
    # and a query that parses clears it
    run_in_editor(page, "ASK { ?s ?p ?o }")
    page.wait_for_function("() => document.getElementById('query-error').textContent === ''")
    assert v.errors in ([REFUSED], [])


def test_a_catalogue_form_with_a_required_parameter(visit, server, kg):
    page = visit("/queries/instruments-by-country").page
    # the form first, the country to choose among those the graph holds
    assert page.locator("table.results").count() == 0
    assert page.locator("#param-country option").count() > 100
    assert "required" in page.inner_text("label[for=param-country]")
    page.select_option("#param-country", "RS")
    page.click("form.query-form button")
    page.wait_for_selector("table.results")
    expected = run_named_query(kg, load_catalogue()["instruments-by-country"], {"country": "RS"})
    assert page.inner_text("#row-count") == f"{len(expected.rows)} rows"
    assert "country=RS" in page.url and "Answered in" in page.inner_text("main")
    # sortable: a click on "signed" sorts the rows by it, a second click the other way
    column = list(expected.columns).index("signed")
    page.click(f"table.results th:nth-child({column + 1})")
    cells = page.eval_on_selector_all(f"table.results tbody td:nth-child({column + 1})", "cs => cs.map(c => c.textContent)")
    assert cells == sorted(cells) and page.get_attribute(f"table.results th:nth-child({column + 1})", "aria-sort") == "ascending"
    page.click(f"table.results th:nth-child({column + 1})")
    cells = page.eval_on_selector_all(f"table.results tbody td:nth-child({column + 1})", "cs => cs.map(c => c.textContent)")
    assert cells == sorted(cells, reverse=True)
    # downloads of the same rows
    href = page.locator("main a", has_text="CSV").get_attribute("href")
    media, body = fetch(server + "/queries/instruments-by-country" + href)
    assert media.startswith("text/csv") and len(list(csv.reader(io.StringIO(body)))) == len(expected.rows) + 1
    # and the bound query opens in the editor
    page.click("text=Open in the SPARQL editor >> nth=0")
    editor(page)
    page.wait_for_function("() => /rows in/.test(document.getElementById('result-note').textContent)")
    assert 'BIND ("RS" AS ?country)' in page.evaluate("() => Jhaan.sparql.yasgui.getTab().getQuery()")
