"""The endpoint's browser pages, from the package's templates (render.pages): home, catalogue, one query,
the SPARQL form. Each returns the page as UTF-8 bytes; what it shows comes from the catalogue and the
answers, escaped by the templates."""

from __future__ import annotations

from typing import Iterable, Mapping
from urllib.parse import urlencode

from ..query import NamedQuery
from ..render.pages import render_page
from .protocol import HTML_ROW_LIMIT

NAV = (("/", "Home"), ("/queries", "Query catalogue"), ("/sparql", "SPARQL"), ("/site/", "Build"))
DOWNLOADS = ("csv", "json", "tsv")
EXAMPLE_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10"


def _page(template: str, title: str, **context) -> bytes:
    return render_page(template, title=title, nav=NAV, row_limit=HTML_ROW_LIMIT, **context).encode("utf-8")


def home_page(description: str, queries: int, has_build: bool) -> bytes:
    """/: what the server offers; the build's pages only when `build` has written them."""
    return _page("home.html", "JHA agencies knowledge graph", description=description, queries=queries,
                 has_build=has_build)


def catalogue_page(catalogue: Iterable[NamedQuery]) -> bytes:
    """/queries: every named query with its title, description and parameters, linked to its page."""
    return _page("catalogue.html", "Query catalogue", queries=list(catalogue))


def query_page(query: NamedQuery, values: Mapping[str, str], text: str, data: dict | None = None) -> bytes:
    """/queries/NAME: the query's parameters as a form (with `values`), its rows when run (`data`, the
    text/html answer of publish.protocol.run_query) with links to download them, and `text`, its SPARQL."""
    downloads = [(f.upper(), "?" + urlencode({**values, "format": f})) for f in DOWNLOADS]
    return _page("query.html", query.title, query=query, values=values, text=text, data=data, downloads=downloads)


def sparql_page(text: str = EXAMPLE_QUERY, data: dict | None = None) -> bytes:
    """/sparql: the query form holding `text`, and the answer below it when it was asked (`data`)."""
    return _page("sparql.html", "SPARQL", text=text, data=data)
