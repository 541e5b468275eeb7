"""RDF terms between pyoxigraph and rdflib, unchanged: literals as written (rdflib would otherwise make
"01"^^xsd:integer "1") and blank nodes under the same label, so a result can be traced back."""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox


def to_rdflib_term(term):
    import rdflib  # only where rdflib or pySHACL is needed: see the README's layout

    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language, normalize=False)
    return rdflib.Literal(term.value, datatype=term.datatype.value, normalize=False)


def to_ox_term(term):
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)


def to_rdflib(triples: Iterable, written: dict | None = None):
    """An rdflib graph of pyoxigraph `triples` (or quads); a triple in `written` (load/written.py) as the
    literals its file wrote."""
    import rdflib

    graph = rdflib.Graph()
    written = written or {}
    for t in triples:
        t = t.triple if isinstance(t, ox.Quad) else t
        s, p = to_rdflib_term(t.subject), to_rdflib_term(t.predicate)
        for o in written.get(t, (t.object,)):
            graph.add((s, p, to_rdflib_term(o)))
    return graph


def to_ntriples(graph) -> bytes:
    """An rdflib graph as N-Triples, blank node labels kept (read back with `from_ntriples`)."""
    return ox.serialize([ox.Triple(*(to_ox_term(x) for x in t)) for t in graph], format=ox.RdfFormat.N_TRIPLES)


def from_ntriples(data: bytes):
    return to_rdflib(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))


def sparql_term(term) -> str:
    """An rdflib IRI or literal in SPARQL syntax (a blank node has none: ValueError)."""
    import rdflib

    if isinstance(term, rdflib.BNode):
        raise ValueError("a blank node cannot be written in a query")
    return str(to_ox_term(term))


def turtle_term(term) -> str:
    """An rdflib term in Turtle syntax, a blank node of the shapes graph as _:shape-<label>, apart from
    the data's blank nodes."""
    import rdflib

    if isinstance(term, rdflib.BNode):
        return f"_:shape-{term}"
    return str(to_ox_term(term))
