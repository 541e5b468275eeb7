"""The pySHACL fallback: shapes the compiler does not know are validated by pySHACL, wrapped once here.

pySHACL gets graphs we parsed ourselves, and its results graph is read back into ValidationResults.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import ShapesError
from ..load import KnowledgeGraph
from ..namespaces import SH, shorten
from .report import ValidationResult
from .results import make_result, show_term
from .sparql import split_shapes


def _only(shapes_graph, node_shapes):
    """The part of `shapes_graph` that `node_shapes` need (pySHACL validates every shape it is given)."""
    import rdflib  # rdflib and pySHACL only when a shape needs the fallback: see the README's layout

    keep = rdflib.Graph()
    targets = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
    for s, p, o in shapes_graph:
        is_other_shape = str(p).startswith(SH) and str(p)[len(SH):] in targets and s not in node_shapes
        if not is_other_shape:
            keep.add((s, p, o))
    return keep


def run_pyshacl(kg: KnowledgeGraph, shapes_ntriples: bytes, node_shapes: tuple[str, ...]) -> list[ValidationResult]:
    """The results of pySHACL for the node shapes `node_shapes` (IRIs) of the shapes `shapes_ntriples`."""
    import pyshacl
    import rdflib

    shapes_graph = rdflib.Graph().parse(data=shapes_ntriples, format="nt")
    core_shapes, _ = split_shapes(shapes_graph)
    shapes = _only(core_shapes, {rdflib.URIRef(s) for s in node_shapes})
    _, results_graph, text = pyshacl.validate(to_rdflib(kg.merged), shacl_graph=shapes, advanced=True,
                                              inference="none", allow_warnings=True, allow_infos=True)
    if not isinstance(results_graph, rdflib.Graph):  # pySHACL puts its failure in this slot
        raise ShapesError(str(results_graph) or text)
    return _read_results(results_graph, kg, shapes_graph)


def to_rdflib(store: ox.Store):
    """An rdflib graph with the store's triples, blank node ids kept (so results can be traced back)."""
    import rdflib

    def term(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        return rdflib.Literal(t.value, lang=t.language, datatype=None if t.language else t.datatype.value)

    graph = rdflib.Graph()
    for q in store.quads_for_pattern(None, None, None, None):
        graph.add((term(q.subject), term(q.predicate), term(q.object)))
    return graph


def _read_results(results_graph, kg: KnowledgeGraph, shapes_graph) -> list[ValidationResult]:
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for result in results_graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        path = results_graph.value(result, sh.resultPath)
        message = results_graph.value(result, sh.resultMessage)
        out.append(make_result(
            kg,
            severity=str(results_graph.value(result, sh.resultSeverity)).rsplit("#", 1)[-1],
            focus=_to_ox(results_graph.value(result, sh.focusNode)),
            path=shorten(str(path)) if isinstance(path, rdflib.URIRef) else (str(path) if path is not None else ""),
            value=show_term(results_graph.value(result, sh.value)),
            message=str(message) if message is not None else "",
            shape=_shape_name(shapes_graph, results_graph.value(result, sh.sourceShape))))
    return out


def _to_ox(term):
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    return None


def _shape_name(shapes_graph, shape) -> str:
    import rdflib

    if isinstance(shape, rdflib.URIRef):
        return shorten(str(shape))
    # an anonymous property shape: name it after the node shape that holds it and its path
    parent = next(shapes_graph.subjects(rdflib.URIRef(SH + "property"), shape), None)
    path = shapes_graph.value(shape, rdflib.URIRef(SH + "path"))
    base = shorten(str(parent)) if isinstance(parent, rdflib.URIRef) else "anonymous shape"
    return f"{base} / {shorten(str(path))}" if isinstance(path, rdflib.URIRef) else base
