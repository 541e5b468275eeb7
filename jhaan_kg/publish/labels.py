"""What the endpoint's result tables show for an IRI: its label, and where a click on it leads.

A result cell that holds an IRI shows the node's label (an acronym, else its English preferred label, its
rdfs:label or its title) with the IRI as the tooltip. An IRI of the graph (under namespaces.BASE) leads to
the SPARQL editor asking what the graph says about it (`about_query`), as the IRIs are names that need not
resolve on the web; any other web address leads to itself. The same queries serve the catalogue's pages
(here, on the server) and the editor (sparql_page.js, which reads them from the page's data).
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from ..namespaces import BASE, sparql_prefixes

IRI_MARK = "{IRI}"
VALUES_MARK = "{VALUES}"
LABELS_LIMIT = 500  # IRIs whose labels one result table asks for at most

LABEL_QUERY = sparql_prefixes() + f"""SELECT ?iri ?label WHERE {{
  VALUES ?iri {{ {VALUES_MARK} }}
  OPTIONAL {{ ?iri jhaan:acronym ?acronym }}
  OPTIONAL {{ ?iri skos:prefLabel ?preferred FILTER (LANG(?preferred) = "" || LANGMATCHES(LANG(?preferred), "en")) }}
  OPTIONAL {{ ?iri rdfs:label ?name FILTER (LANG(?name) = "" || LANGMATCHES(LANG(?name), "en")) }}
  OPTIONAL {{ ?iri dcterms:title ?title }}
  BIND (COALESCE(STR(?acronym), STR(?preferred), STR(?name), STR(?title)) AS ?label)
  FILTER (BOUND(?label))
}}"""

ABOUT_QUERY = f"""# What the graph says about <{IRI_MARK}>: its properties, then the nodes that point to it
SELECT ?property ?value ?direction WHERE {{
  {{ <{IRI_MARK}> ?property ?value . BIND ("out" AS ?direction) }}
  UNION
  {{ ?value ?property <{IRI_MARK}> . BIND ("in" AS ?direction) }}
}}
ORDER BY DESC(?direction) STR(?property) STR(?value)
LIMIT 1000"""

SAFE_IRI = re.compile(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", re.IGNORECASE)


def label_query(iris) -> str | None:
    """The query for the labels of `iris` (at most LABELS_LIMIT, those that can be written as an IRI), or None.

    >>> "VALUES ?iri { <https://e.org/a> }" in label_query(["https://e.org/a", "not an iri"])
    True
    """
    kept = [iri for iri in dict.fromkeys(iris) if SAFE_IRI.match(iri)][:LABELS_LIMIT]
    return LABEL_QUERY.replace(VALUES_MARK, " ".join(f"<{iri}>" for iri in kept)) if kept else None


def about_query(iri: str) -> str:
    """The query that shows what the graph says about `iri`."""
    return ABOUT_QUERY.replace(IRI_MARK, iri)


def link_for(iri: str) -> str | None:
    """Where a click on `iri` in a result table leads: an IRI of the graph to the editor asking about it, a
    web address to itself, anything else nowhere.

    >>> link_for("https://w3id.org/jhaan-kg/id/agency/europol").startswith("/sparql?query=")
    True
    >>> link_for("https://www.europol.europa.eu/"), link_for("javascript:alert(1)")
    ('https://www.europol.europa.eu/', None)
    """
    if iri.startswith(BASE) and SAFE_IRI.match(iri):
        return "/sparql?" + urlencode({"query": about_query(iri)})
    return iri if iri.lower().startswith(("http://", "https://")) else None


def page_data() -> dict:
    """What the editor's script needs to label and link IRIs as the server does."""
    return {"base": BASE, "labelQuery": LABEL_QUERY, "valuesMark": VALUES_MARK, "aboutQuery": ABOUT_QUERY,
            "iriMark": IRI_MARK, "labelsLimit": LABELS_LIMIT}
