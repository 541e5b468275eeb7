"""The HTML pages: one template layer (render.pages) with autoescape, one base template and stylesheet.

Every page template is rendered here with hostile labels, which must come out as text, never as markup.
The pages that run script (the network pages, relex.html) hold only the package's own scripts, inlined,
and their data as a JSON block, where the hostile labels are data the scripts set as text (their browser
tests: tests/test_network_pages.py).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2 import nodes

from helpers import ROOT
from jhaan_kg.build.job import write_index
from jhaan_kg.publish.pages import BUILD_PAGES, STATIC, catalogue_page, home_page, query_page, sparql_page
from jhaan_kg.query import NamedQuery, QueryResult
from jhaan_kg.query.catalogue import Parameter
from jhaan_kg.query.values import Choice
from jhaan_kg.render.annex import build_annex, sources_html
from jhaan_kg.render.empact import draw_empact
from jhaan_kg.render.infographics import RELEX_SCRIPTS, empact_html, relex_html
from jhaan_kg.render.network import Edge, NetworkView, Node
from jhaan_kg.render.network_page import SCRIPTS, network_html
from jhaan_kg.render.pages import BASE_TEMPLATE, environment, page_templates
from jhaan_kg.render.relex import draw_relex
from jhaan_kg.render.results import Results
from jhaan_kg.render.scripts import static_script
from jhaan_kg.validate import ValidationReport

IMG = "<img src=x onerror=alert(1)>"
BREAK_OUT = '"><script>alert(1)</script>'
HOSTILE = (IMG, BREAK_OUT)
SOURCE = "https://example.org/s?a=1&b=2"


class Page(HTMLParser):
    """The tags, links and text of a page."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.hrefs: list[str] = []
        self.images: list[dict[str, str]] = []
        self.text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.hrefs += [v for k, v in attrs if k == "href"]
        if tag == "img":
            self.images.append(dict(attrs))

    def handle_data(self, data):
        self.text.append(data)


def result(columns: str, *rows) -> QueryResult:
    return QueryResult(tuple(columns.split()), tuple(tuple(r) for r in rows))


AGENCIES = result("agency name footnotes recorded signed_by_date no_signature_date without_full_date empact_records",
                  (f"A{IMG}", f"Agency {BREAK_OUT}", "1", "1", "1", "0", "0", "1"))
TITLES = result("source title", (SOURCE, f"Source {IMG}"))


def relex_page() -> str:
    results = relex_results()
    return relex_html(results, draw_relex(results))


def relex_results() -> Results:
    matrix = ("agency counterpart counterpart_label counterpart_name counterpart_kind iso2 region region_order type "
              "signed status status_since title instrument footnotes counterpart_footnotes source date_not_known joined_eu")
    results = Results({
        "relex-matrix": result(matrix, (f"A{IMG}", "c:x", f"X{IMG}", f"Xland {BREAK_OUT}", "country", "XX",
                                        f"Region {IMG}", "1", "t-one", "2001", "active", f"{BREAK_OUT}",
                                        f"Title {IMG}", "i:1", "1", "1", f"{SOURCE} https://example.org/{BREAK_OUT}", "", "")),
        "relex-legend": result("kind position notation label definition footnotes",
                               ("instrument-type", "1", "t-one", f"Type {IMG}", f"Means {BREAK_OUT}", "1"),
                               ("status", "2000", "active", f"Active {IMG}", f"Is {BREAK_OUT}", "")),
        "relex-footnotes": result("number text infographic_title applies_to",
                                  ("1", f"A note {IMG}", f"Title {BREAK_OUT}", f"Xland {IMG}")),
        "infographic-agencies": AGENCIES,
        "infographic-source-titles": TITLES,
    }, "2020-01-01")
    return results


def empact_page() -> str:
    results = empact_results()
    return empact_html(results, draw_empact(results))


def empact_results() -> Results:
    return Results({
        "empact-priorities": result("no name abbreviation oap", ("1", f"Crime {IMG}", f"C{BREAK_OUT}", "1")),
        "empact-involvement": result("year agency priority role count source",
                                     ("2022", f"A{IMG}", f"C{BREAK_OUT}", f"Leader {IMG}", f"3 {BREAK_OUT}", SOURCE),
                                     ("2019", f"A{IMG}", "", f"Leader {IMG}", "", f"https://example.org/{IMG}")),
        "infographic-agencies": result("agency name footnotes recorded signed_by_date no_signature_date without_full_date empact_records",
                                       (f"A{IMG}", f"Agency {BREAK_OUT}", "", "0", "0", "0", "0", "2"),
                                       (f"B{BREAK_OUT}", f"Agency {IMG}", "", "0", "0", "0", "0", "0")),
        "infographic-empact-cycle": result("infographic_title cycle_label start_year end_year priorities",
                                           (f"EMPACT {IMG}", f"Cycle {BREAK_OUT}", "2022", "2025", "1")),
        "infographic-empact-roles": result("notation label definition", ("leader", f"Leader {IMG}", "")),
        "infographic-source-titles": TITLES,
    }, "2020-01-01")


def sources_page() -> str:
    coverage = result("agency instruments with_countries with_organisations full_date personal_data_known sources",
                      (f"A{IMG}", "1", "1", "0", "1", "0", f"2{BREAK_OUT}"))
    results = Results({**relex_results().by_name, **empact_results().by_name, "coverage-by-agency": coverage},
                      "2020-01-01")
    return sources_html(build_annex(results, 2020))


def build_index_page(tmp_path: Path) -> str:
    write_index(tmp_path, {f"things {IMG}": 1200, BREAK_OUT: 3}, ValidationReport(()), [f"a{BREAK_OUT}.html", IMG])
    return (tmp_path / "index.html").read_text(encoding="utf-8")


def network_page() -> str:
    nodes = (Node("n0", "", f"A{IMG}", f"Agency {BREAK_OUT}", "agency", "Agencies", "#1b2631"),
             Node("n1", "c:x", f"X{IMG}", f"Xland {BREAK_OUT}", "country", f"Region {IMG}", "#4477AA", 10, 0))
    item = {"iri": "i:1", "title": f"Title {IMG}", "agency": f"A{IMG}", "counterpart": "n1", "type": f"t{BREAK_OUT}",
            "signed": "2001", "inForce": "", "personalData": "", "footnotes": ["1"], "sources": [0], "changes": [],
            "successors": []}
    view = NetworkView("relex", f"Network {IMG} {BREAK_OUT}", "2020-01-01", nodes, (Edge("e0", "n0", "n1", f"t{BREAK_OUT}", ("i0",)),),
                       {"i0": item}, {"types": [], "statuses": [], "regions": [{"label": f"Region {IMG}", "colour": "#4477AA"}]},
                       ({"url": f"https://example.org/{BREAK_OUT}", "title": f"Source {IMG}"},),
                       ({"number": "1", "text": f"A note {IMG}"},))
    return network_html(view, "2020-01-01", f"svg{BREAK_OUT}.svg")


OWN_SCRIPTS = {"relex.html": RELEX_SCRIPTS, "network.html": SCRIPTS}
SERVED_SCRIPTS = {"sparql.html": ("vendor/yasgui.min.js", "sparql_page.js"), "query.html": ("table_sort.js",)}


def without_own_scripts(template: str, html: str) -> str:
    """The page without its JSON block (which must hold the hostile labels as data) and the package's own
    scripts, inlined or (on the endpoint's pages) served by the endpoint, which must be all the script it has."""
    blocks = re.findall(r'<script type="application/json" id="[a-z-]+">(.*?)</script>', html, re.S)
    if template in SERVED_SCRIPTS:
        for block in blocks:
            data = json.dumps(json.loads(block), ensure_ascii=False)
            assert "<" not in block and any(h in data for h in HOSTILE)
            html = html.replace(block, "")
        html = re.sub(r'<script type="application/json" id="sparql-data"></script>', "", html)
        for name in SERVED_SCRIPTS[template]:
            assert name in STATIC and f'<script src="/static/{name}"></script>' in html, name
            html = html.replace(f'<script src="/static/{name}"></script>', "")
    elif template in OWN_SCRIPTS:
        assert len(blocks) == 1 and IMG in json.dumps(json.loads(blocks[0]), ensure_ascii=False)
        html = html.replace(blocks[0], "")
        for name in OWN_SCRIPTS[template]:
            assert f"<script>{static_script(name)}</script>" in html, name
            html = html.replace(f"<script>{static_script(name)}</script>", "")
        html = html.replace('<script type="application/json" id="network-data"></script>', "")
        html = html.replace('<script type="application/json" id="relex-data"></script>', "")
    else:
        assert blocks == []
    return html


QUERY = NamedQuery(f"q{BREAK_OUT}", f"Query {IMG}", f"Does {BREAK_OUT}",
                   (Parameter(f"p{BREAK_OUT}", "xsd:string", True, f"default {BREAK_OUT}", f"About {IMG}"),),
                   f"SELECT * WHERE {{ ?s ?p '{IMG}' }}")
ANSWER = {"columns": [f"c{IMG}", "iri"], "more": True,
          "rows": [[[IMG, False], ["javascript:alert(1)", True]], [[BREAK_OUT, False], [f"https://e.org/{BREAK_OUT}", True]]]}


RENDERERS = {
    "relex.html": lambda tmp_path: relex_page(),
    "empact.html": lambda tmp_path: empact_page(),
    "network.html": lambda tmp_path: network_page(),
    "build_index.html": build_index_page,
    "sources.html": lambda tmp_path: sources_page(),
    "home.html": lambda tmp_path: home_page(f"Served from {IMG} {BREAK_OUT}", 3,
                                            [page for page, *_ in BUILD_PAGES]).decode("utf-8"),
    "catalogue.html": lambda tmp_path: catalogue_page([QUERY]).decode("utf-8"),
    "query.html": lambda tmp_path: (
        query_page(QUERY, {QUERY.parameters[0].name: IMG}, QUERY.text, ANSWER, choices=lambda name: (Choice(IMG, BREAK_OUT),),
                   labels={f"https://e.org/{BREAK_OUT}": f"Label {IMG}"}, seconds=0.5, bound=QUERY.text).decode("utf-8")
        + query_page(QUERY, {}, QUERY.text, {"turtle": f"<x> <y> '{IMG}' .", "more": False}).decode("utf-8")
        + query_page(QUERY, {QUERY.parameters[0].name: BREAK_OUT}, QUERY.text, error=f"no agency {IMG}").decode("utf-8")),
    "sparql.html": lambda tmp_path: (sparql_page(f"ASK {{ '{BREAK_OUT}' }}", [QUERY]).decode("utf-8")
                                     + sparql_page(IMG).decode("utf-8")),
}


def test_every_page_template_is_rendered_here():
    assert sorted(RENDERERS) == page_templates()


@pytest.mark.parametrize("template", sorted(RENDERERS))
def test_hostile_labels_stay_text(template, tmp_path):
    html = without_own_scripts(template, RENDERERS[template](tmp_path))
    page = Page(html)
    assert page.tags.count("script") == 0, template
    # the only pictures are the build's own drawings (the front pages' thumbnails)
    assert all(set(i) == {"src", "alt", "loading"} and re.fullmatch(r"(/site/)?[\w-]+\.svg", i["src"]) for i in page.images)
    assert not any(h.startswith("javascript:") for h in page.hrefs)
    text = "".join(page.text)
    assert IMG in text and "<script>alert(1)</script>" in text, template
    assert IMG not in html and "<script>" not in html


def test_a_page_is_one_self_contained_file_with_the_stylesheet_inlined():
    html = catalogue_page([QUERY])
    page = Page(html.decode("utf-8"))
    assert page.tags.count("style") == 1 and "link" not in page.tags and "script" not in page.tags
    css = (ROOT / "jhaan_kg" / "render" / "templates" / "style.css").read_text(encoding="utf-8")
    assert css.strip() in html.decode("utf-8")
    assert "url(" not in css and "@import" not in css


def test_no_module_builds_an_html_page_in_python():
    """Pages come from the templates: no Python file of the package holds a page shell."""
    shell = re.compile(r"<!doctype|<html|<body|<style", re.IGNORECASE)  # not <head>: SPARQL's result XML has one
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "jhaan_kg").rglob("*.py")
                 if shell.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


def test_every_page_template_extends_the_base_template():
    env = environment()
    names = page_templates()
    assert {"relex.html", "empact.html", "build_index.html", "home.html", "catalogue.html", "query.html",
            "sparql.html"} <= set(names)
    for name in names:
        source = env.loader.get_source(env, name)[0]
        extends = list(env.parse(source).find_all(nodes.Extends))
        assert [e.template.value for e in extends] == [BASE_TEMPLATE], name
        assert not re.search(r"<!doctype|<html|<style", source, re.IGNORECASE), name


def test_the_environment_escapes_everything():
    env = environment()
    assert env.autoescape is True
    assert env.from_string("{{ x }}").render(x=IMG) == "&lt;img src=x onerror=alert(1)&gt;"
