"""The pySHACL fallback: the shapes the compiler does not know are validated by pySHACL, wrapped once here.

pySHACL gets graphs we made ourselves: the data with its literals as the files wrote them (terms.py), and
the shapes graph engine.py prepared for it (the other shapes' targets taken out, so it validates only the
shapes left to it). Its report is read back into ValidationResults: only the report's own results (a
result nested in another's sh:detail explains that one and is not a result of its own), every term as it
is, literal focus nodes included. A failure of pySHACL (shapes it refuses) is a ShapesError.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..errors import ShapesError
from ..load import KnowledgeGraph
from ..namespaces import SH, shorten
from .report import ValidationResult
from .results import make_result
from .shapes import name_of, path_forms, source_shape
from .terms import from_ntriples, to_ox_term, to_rdflib


def run_pyshacl(kg: KnowledgeGraph, shapes_ntriples: bytes, names: tuple[str, ...]) -> list[ValidationResult]:
    """The results of pySHACL over `kg` for the shapes graph `shapes_ntriples` (engine.py prepared it),
    which validates the shapes `names`."""
    import pyshacl  # only when a shape needs the fallback: see the README's layout
    import rdflib

    shapes_graph = from_ntriples(shapes_ntriples)
    data = to_rdflib(kg.merged.quads_for_pattern(None, None, None, ox.DefaultGraph()), kg.written)
    try:
        _, results_graph, text = pyshacl.validate(data, shacl_graph=shapes_graph, advanced=True, inference="none",
                                                  allow_warnings=True, allow_infos=True)
    except Exception as e:  # pySHACL's errors about shapes: ReportableRuntimeError, ConstraintLoadError...
        raise ShapesError(f"{', '.join(names)}: pySHACL cannot validate them: {e}") from None
    if not isinstance(results_graph, rdflib.Graph):  # pySHACL puts its failure in this slot
        raise ShapesError(f"{', '.join(names)}: pySHACL cannot validate them: {results_graph or text}")
    return _read_results(results_graph, kg, shapes_graph)


def _read_results(results_graph, kg: KnowledgeGraph, shapes_graph) -> list[ValidationResult]:
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for report in results_graph.subjects(rdflib.RDF.type, sh.ValidationReport):
        for result in results_graph.objects(report, sh.result):
            value = lambda prop: results_graph.value(result, prop)  # noqa: E731
            shape, path, message = value(sh.sourceShape), value(sh.resultPath), value(sh.resultMessage)
            path_label, result_path = _path(results_graph, shapes_graph, path)
            out.append(make_result(
                kg, severity=_severity(value(sh.resultSeverity)), focus=to_ox_term(value(sh.focusNode)),
                path=path_label, result_path=result_path,
                value=to_ox_term(value(sh.value)) if value(sh.value) is not None else None,
                message=str(message) if message is not None else "", shape=shape_name(shapes_graph, shape),
                source_shape=source_shape(shape) if shape is not None else "",
                component=f"<{value(sh.sourceConstraintComponent)}>" if value(sh.sourceConstraintComponent) else ""))
    return out


def _severity(severity) -> str:
    return severity_of_iri(str(severity)) if severity is not None else "Violation"


def severity_of_iri(iri: str) -> str:
    return iri[len(SH):] if iri in (SH + "Violation", SH + "Warning", SH + "Info") else f"<{iri}>"


def _path(results_graph, shapes_graph, path) -> tuple[str, str]:
    """(label, Turtle) of a result's path: a path node's structure is in the report (pySHACL copies it)
    or else in the shapes graph."""
    if path is None:
        return "", ""
    for graph in (results_graph, shapes_graph):
        try:
            _, turtle, label = path_forms(graph, path)
            return label, turtle
        except ShapesError:
            continue
    return "", ""


def shape_name(shapes_graph, shape) -> str:
    import rdflib

    if shape is None:
        return "anonymous shape"
    # an anonymous property shape: name it after the node shape that holds it and its path
    parent = next(shapes_graph.subjects(rdflib.URIRef(SH + "property"), shape), None)
    path = shapes_graph.value(shape, rdflib.URIRef(SH + "path"))
    label = ""
    if path is not None:
        try:
            label = path_forms(shapes_graph, path)[2]
        except ShapesError:
            label = shorten(str(path))
    return name_of(shape, parent, label)
