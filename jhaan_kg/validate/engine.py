"""SHACL validation of the loaded graph: every constraint as SPARQL over the pyoxigraph store.

Every shape with a target (explicit, SPARQL-based, or implicit: a shape that is also a class) is validated,
each constraint in exactly one place: SHACL Core constraints compiled to one query each (`core`),
SHACL-SPARQL constraints run once over all focus nodes (`sparql`), and a shape that uses a component `core`
does not compile handed whole to pySHACL (`fallback`). Nothing is skipped in silence: a shape that none of
them can evaluate is a ShapesError naming it. Tests check the results against pySHACL's and against the
W3C SHACL test suite (tests/test_shacl_suite.py).
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..cache import cached_bytes
from ..errors import ShapesError
from ..load import KnowledgeGraph, load_graph, load_shapes
from ..namespaces import OWL, RDF_TYPE, RDFS, RDFS_SUBCLASS_OF, SH
from .core import compile_shapes, run_checks
from .fallback import run_pyshacl
from .report import ValidationReport, sorted_results
from .results import make_result
from .shapes import TARGETS, focus_shapes, implicit_classes, name_of, sh
from .sparql import run_sparql_constraints, sparql_constraints
from .terms import to_ntriples, to_rdflib

# SHACL-JS (sh:js) and SHACL rules are not constraints this engine or pySHACL evaluates here: refused
UNKNOWN_CONSTRAINTS = ("js",)


def validate_graph(kg: KnowledgeGraph, shapes: list[ox.Triple]) -> ValidationReport:
    """Validate `kg` against `shapes`: every result of every severity (report.conforms is SHACL's;
    report.violations decides whether a graph is accepted). ShapesError when a shape cannot be evaluated."""
    if not shapes:
        return ValidationReport(())
    compiled = compile_all(shapes)
    results = [make_result(kg, severity=check.severity, focus=focus, path=check.path, result_path=check.result_path,
                           value=value, message=check.message, shape=check.shape, source_shape=check.source_shape,
                           component=check.component)
               for check, focus, value in run_checks(kg, compiled.checks)]
    if compiled.fallback:
        results += run_pyshacl(kg, compiled.fallback, compiled.fallback_shapes)
    results += run_sparql_constraints(kg, compiled.sparql, compiled.shapes_ntriples)
    return ValidationReport(sorted_results(results))


@dataclass(frozen=True)
class CompiledShapes:
    checks: tuple  # core.CompiledCheck
    sparql: tuple  # sparql.SparqlConstraint
    fallback: bytes  # the shapes graph pySHACL validates (N-Triples), empty when every shape is compiled
    fallback_shapes: tuple[str, ...]  # the names of the shapes left to pySHACL, for its errors
    shapes_ntriples: bytes  # the shapes themselves, for $shapesGraph


def compile_all(shapes: list[ox.Triple]) -> CompiledShapes:
    """The shapes compiled to SPARQL, cached by their content and the compiler's code (cache.py)."""
    canonical = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in shapes)
    canonical.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # same blank node names on every run
    triples = sorted((q.triple for q in canonical), key=str)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    code = Path(__file__).resolve().parent
    key = data + b"".join((code / m).read_bytes() for m in sorted(p.name for p in code.glob("*.py")))
    blob = cached_bytes("shapes", key, lambda: pickle.dumps(_compile(triples, data)))
    try:
        return pickle.loads(blob)
    except Exception:  # a stale cache entry (classes changed): compile again
        return _compile(triples, data)


def _compile(triples: list[ox.Triple], shapes_ntriples: bytes) -> CompiledShapes:
    graph = to_rdflib(triples)  # literals as written: "1"^^xsd:boolean is not true (W3C uniqueLang-002)
    _refuse_unknown(graph)
    shapes = focus_shapes(graph)
    checks, leftover = compile_shapes(graph, shapes)
    leftover_set = set(leftover)
    sparql = sparql_constraints(graph, [s for s in shapes if s not in leftover_set])
    fallback = to_ntriples(_for_pyshacl(graph, shapes, leftover_set)) if leftover else b""
    return CompiledShapes(tuple(checks), tuple(sparql), fallback, tuple(name_of(s) for s in leftover), shapes_ntriples)


def _refuse_unknown(graph) -> None:
    for name in UNKNOWN_CONSTRAINTS:
        for shape in graph.subjects(sh(name), None):
            raise ShapesError(f"{name_of(shape)}: sh:{name} constraints cannot be evaluated here (SHACL-JS is not supported)")


def _for_pyshacl(graph, shapes: list, leftover: set):
    """The shapes graph pySHACL validates: the shapes left to it as they are; of the others, which the
    compiler and sparql.py validate, the targets taken out, and the SPARQL constraints unless a shape left
    to pySHACL uses them (through sh:node, sh:property...)."""
    import rdflib

    reached = _reachable(graph, leftover)
    compiled = {s for s in shapes if s not in leftover}
    owned = compiled | {p for s in compiled for p in graph.objects(s, sh("property"))}
    classes = set(graph.transitive_subjects(rdflib.URIRef(RDFS_SUBCLASS_OF), rdflib.URIRef(RDFS + "Class")))
    classes.add(rdflib.URIRef(OWL + "Class"))
    implicit = implicit_classes(graph)
    targets = {SH + name for name in TARGETS + ("target",)}
    out = rdflib.Graph()
    for s, p, o in graph:
        if s in compiled and (str(p) in targets or (s in implicit and str(p) == RDF_TYPE and o in classes)):
            continue  # validated as a shape of its own elsewhere (an implicit class target is its type)
        if s in owned and s not in reached and str(p) == SH + "sparql":
            continue  # sparql.py runs it
        out.add((s, p, o))
    return out


def _reachable(graph, roots: set) -> set:
    """`roots` and every node reachable from them (the shapes they use, lists, paths)."""
    import rdflib

    seen, todo = set(), list(roots)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(o for o in graph.objects(node, None) if not isinstance(o, rdflib.Literal))
    return seen


def validate_files(ontology_dir: Path, graph_paths: list[Path]) -> ValidationReport:
    """Load the ontology and the graph files and validate them against the ontology's shapes
    (`jhaan-kg validate`). InputError when a file cannot be read."""
    return validate_graph(load_graph([ontology_dir, *graph_paths], by_file=False), load_shapes([ontology_dir]))
