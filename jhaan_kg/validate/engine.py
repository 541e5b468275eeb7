"""SHACL validation of the loaded graph: every constraint as SPARQL over the pyoxigraph store.

SHACL Core constraints are compiled to one query per constraint (`core`), SHACL-SPARQL constraints run
once over all focus nodes (`sparql`), and a shape that uses a component `core` does not compile is handed
to pySHACL (`fallback`). Tests check that the results equal pySHACL's on the same data and shapes.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..cache import cached_bytes
from ..load import KnowledgeGraph, load_graph, load_shapes
from ..namespaces import shorten
from .core import compile_shapes, run_checks
from .fallback import run_pyshacl
from .report import ValidationReport, sorted_results
from .results import make_result, show_term
from .sparql import run_sparql_constraints, split_shapes


def validate_graph(kg: KnowledgeGraph, shapes: list[ox.Triple]) -> ValidationReport:
    """Validate `kg` against `shapes`; only violations make it non-conforming.

    Every constraint runs as SPARQL over the pyoxigraph store, one query per constraint (`core` for
    SHACL Core, `sparql` for SHACL-SPARQL); a shape using a component `core` does not compile is run by
    pySHACL instead (`fallback`).
    """
    if not shapes:
        return ValidationReport(())
    compiled = compile_all(shapes)
    results = [make_result(kg, severity=check.severity, focus=focus, path=shorten(check.path) if check.path else "",
                           value=show_term(value), message=check.message, shape=check.shape)
               for check, focus, value in run_checks(kg.merged, compiled.checks)]
    if compiled.leftover:
        results += run_pyshacl(kg, compiled.shapes_ntriples, compiled.leftover)
    results += run_sparql_constraints(kg, compiled.sparql)
    return ValidationReport(sorted_results(results))


@dataclass(frozen=True)
class CompiledShapes:
    checks: tuple  # core.CompiledCheck
    sparql: tuple  # sparql.SparqlConstraint
    leftover: tuple[str, ...]  # IRIs of node shapes for pySHACL
    shapes_ntriples: bytes  # the shapes themselves, for pySHACL and for naming anonymous shapes


def compile_all(shapes: list[ox.Triple]) -> CompiledShapes:
    """The shapes compiled to SPARQL, cached by their content and the compiler's code (cache.py)."""
    canonical = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in shapes)
    canonical.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # same blank node names on every run
    data = ox.serialize(sorted((q.triple for q in canonical), key=str), format=ox.RdfFormat.N_TRIPLES)
    code = Path(__file__).resolve().parent
    key = data + b"".join((code / m).read_bytes() for m in ("core.py", "sparql.py", "engine.py"))
    blob = cached_bytes("shapes", key, lambda: pickle.dumps(_compile(data)))
    try:
        return pickle.loads(blob)
    except Exception:  # a stale cache entry (classes changed): compile again
        return _compile(data)


def _compile(shapes_ntriples: bytes) -> CompiledShapes:
    import rdflib  # the shapes are read with rdflib only when they are compiled: see the README's layout

    shapes_graph = rdflib.Graph().parse(data=shapes_ntriples, format="nt")
    core_shapes, sparql_shapes = split_shapes(shapes_graph)
    checks, leftover = compile_shapes(core_shapes)
    return CompiledShapes(tuple(checks), tuple(sparql_shapes), tuple(str(s) for s in leftover), shapes_ntriples)


def validate_files(ontology_dir: Path, graph_paths: list[Path]) -> ValidationReport:
    """Load the ontology and the graph files and validate them against the ontology's shapes
    (`jhaan-kg validate`). InputError when a file cannot be read."""
    return validate_graph(load_graph([ontology_dir, *graph_paths], by_file=False), load_shapes([ontology_dir]))
