"""The endpoint's browser pages, from the package's templates (render.pages): home, catalogue, one query
(its form first, then its rows), and the SPARQL editor. Each returns the page as UTF-8 bytes; what it shows
comes from the catalogue and the answers, escaped by the templates, and the editor's data goes in as a
JSON block. The scripts a page runs come from this server (/static/), under the policy of POLICY."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from typing import Iterable, Mapping
from urllib.parse import urlencode

from ..namespaces import PREFIXES
from ..query import NamedQuery
from ..query.values import Choice
from ..render.pages import render_page
from ..render.scripts import json_for_script
from .labels import link_for, page_data
from .protocol import HTML_ROW_LIMIT

NAV = (("/", "Home"), ("/sparql", "SPARQL editor"), ("/queries", "Query catalogue"), ("/site/", "Build"))
DOWNLOADS = (("CSV", "csv"), ("TSV", "tsv"), ("JSON", "json"))
EXAMPLE_QUERY = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in ("jhaan", "skos")) + """
# the agencies of the network, with how many cooperation instruments each holds
SELECT ?agency ?name (COUNT(?instrument) AS ?instruments) WHERE {
  ?agency a jhaan:Agency ; skos:prefLabel ?name .
  FILTER (LANG(?name) = "en")
  OPTIONAL { ?instrument a jhaan:CooperationInstrument ; jhaan:agency ?agency }
}
GROUP BY ?agency ?name
ORDER BY DESC(?instruments)"""
# The policy of every page the endpoint serves: scripts, styles and requests from this server only (YASGUI
# and DataTables set styles on elements, hence 'unsafe-inline' for styles alone), no plug-ins, no framing.
POLICY = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
          "connect-src 'self'; font-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# What /static/ serves, from render/static/: the editor's script and the table sorter (ours), YASGUI (vendored)
STATIC = {"sparql_page.js": "text/javascript; charset=utf-8", "table_sort.js": "text/javascript; charset=utf-8",
          "vendor/yasgui.min.js": "text/javascript; charset=utf-8", "vendor/yasgui.min.css": "text/css; charset=utf-8"}
INPUT_TYPES = {"xsd:date": "date", "xsd:integer": "number", "xsd:gYear": "number", "iri": "url"}
# What the home page offers from the build, each with its picture (the front page's, build.job)
BUILD_PAGES = (("relex.html", "relex.svg", "RELEX infographic",
                "Which agency holds which kind of cooperation instrument with which third country or organisation."),
               ("empact.html", "empact.svg", "EMPACT infographic",
                "The EMPACT priorities and each agency's involvement in the action plans."),
               ("network-relex.html", "network-relex.svg", "Instruments as a network",
                "The instruments to filter, search and move through time, each with its sources."),
               ("network-agencies.html", "network-agencies.svg", "How the agencies work together",
                "Joint projects, shared meetings and EMPACT action plans, with their evidence."))


@dataclass(frozen=True)
class Field:
    """A parameter of a named query as its form shows it: the value given, and the choices where the graph
    lists them (agencies, countries: query.values)."""

    name: str
    type: str
    required: bool
    default: str | None
    description: str
    value: str
    choices: tuple[Choice, ...]
    input_type: str


@lru_cache(maxsize=None)
def static_file(name: str) -> bytes:
    """A file of STATIC, as bytes (read once)."""
    return files("jhaan_kg.render").joinpath("static", *name.split("/")).read_bytes()


def _page(template: str, title: str, **context) -> bytes:
    return render_page(template, title=title, nav=NAV, row_limit=HTML_ROW_LIMIT, **context).encode("utf-8")


def editor_href(text: str) -> str:
    """The editor's address with `text` in it (and run when opened)."""
    return "/sparql?" + urlencode({"query": text})


def home_page(description: str, queries: int, built: Iterable[str] = ()) -> bytes:
    """/: what the server offers; the build's pages (`built`: the names of BUILD_PAGES that `build` wrote)."""
    built = set(built)
    pages = [{"href": "/site/" + page, "image": "/site/" + image, "title": title, "text": text}
             for page, image, title, text in BUILD_PAGES if page in built]
    return _page("home.html", "JHA agencies knowledge graph", description=description, queries=queries,
                 pages=pages, has_build=bool(built))


def catalogue_page(catalogue: Iterable[NamedQuery]) -> bytes:
    """/queries: every named query with its title, description and parameters, linked to its page."""
    return _page("catalogue.html", "Query catalogue", queries=list(catalogue))


def query_fields(query: NamedQuery, values: Mapping[str, str], choices) -> list[Field]:
    """The form's fields: each parameter with the value given and, for agency and country, its choices."""
    return [Field(p.name, p.type, p.required, p.default, p.description, values.get(p.name, ""), tuple(choices(p.name)),
                  INPUT_TYPES.get(p.type, "text")) for p in query.parameters]


def result_cells(data: dict, labels: Mapping[str, str]) -> dict:
    """The text/html answer of publish.protocol.run_query with each cell as the table shows it: its text
    (an IRI's label where it has one), the IRI as tooltip, and where a click leads (publish.labels)."""
    if "rows" not in data:
        return data
    rows = [[{"text": labels.get(value) or value, "title": value, "href": link_for(value)} if is_iri
             else {"text": value, "title": "", "href": None} for value, is_iri in row] for row in data["rows"]]
    return {**data, "rows": rows}


def query_page(query: NamedQuery, values: Mapping[str, str], text: str, data: dict | None = None, *,
               choices=lambda name: (), labels: Mapping[str, str] | None = None, seconds: float | None = None,
               error: str | None = None, bound: str | None = None) -> bytes:
    """/queries/NAME: the form first (each parameter with its description and, for agency and country, the
    graph's values as choices), then the rows when it was run (`data`, the text/html answer of
    publish.protocol.run_query, with the labels of its IRIs) with their count, time and downloads, or the
    `error` that kept it from running; then its SPARQL, `text` (`bound`: with the parameters bound)."""
    given = {k: v for k, v in values.items() if v != ""}
    downloads = [(label, "?" + urlencode({**given, "format": f}), f) for label, f in DOWNLOADS]
    return _page("query.html", query.title, query=query, fields=query_fields(query, values, choices), text=text,
                 data=None if data is None else result_cells(data, labels or {}), downloads=downloads,
                 seconds=seconds, error=error, editor=editor_href(bound or text))


def sparql_page(text: str | None = None, catalogue: Iterable[NamedQuery] = (), row_limit: int = HTML_ROW_LIMIT) -> bytes:
    """/sparql: the SPARQL editor holding `text` (run as the page opens), or an example query (not run)."""
    listed = [{"name": q.name, "title": q.title, "parameters": q.parameters, "edit_href": editor_href(q.text)}
              for q in catalogue]
    data = {"query": text if text is not None else EXAMPLE_QUERY, "run": text is not None, "endpoint": "/sparql",
            "prefixes": dict(PREFIXES), "rowLimit": row_limit, "labels": page_data()}
    return _page("sparql.html", "SPARQL", text=data["query"], catalogue=listed, downloads=DOWNLOADS,
                 endpoint="/sparql", data=json_for_script(data))
