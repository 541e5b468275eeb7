"""Validating anyone's RDF against anyone's SHACL shapes with this project's engine: `validate_rdf`.

It is the engine `jhaan-kg validate` runs (compiled SPARQL over pyoxigraph, pySHACL for what it does not
compile), open to graphs that are not this project's: files, folders or rdflib graphs, any shapes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from ..errors import InputError
from ..load import KnowledgeGraph, parse_turtle, read_utf8, rewritten
from ..load.files import syntax_error
from .engine import validate_graph
from .report import ValidationReport
from .terms import to_ox_term


def validate_rdf(data, shapes=None) -> ValidationReport:
    """Validate `data` against the SHACL shapes `shapes` (by default, the shapes in `data` itself).

    Each is a path (an RDF file, or a folder whose RDF files are read), an rdflib Graph, or a list of
    these. The report lists every result (`report.results`, each with its focus node, path, value,
    message, shape, constraint component, and the file and line of a node read from a file);
    `report.conforms` is SHACL's (no result at all), `report.violations` counts the results of severity
    Violation; `report.to_text()`, `report.to_json()` and `report.report_turtle` write it out. InputError
    when a file cannot be read, ShapesError when the shapes cannot be evaluated.

    >>> import rdflib
    >>> data = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix ex: <http://example.org/> .
    ...     ex:alice a ex:Person ; ex:age "forty" .''')
    >>> shapes = rdflib.Graph().parse(format="turtle", data='''
    ...     @prefix ex: <http://example.org/> .  @prefix sh: <http://www.w3.org/ns/shacl#> .
    ...     @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    ...     ex:PersonShape a sh:NodeShape ; sh:targetClass ex:Person ;
    ...         sh:property [ sh:path ex:age ; sh:datatype xsd:integer ; sh:message "An age is a number." ] .''')
    >>> report = validate_rdf(data, shapes)
    >>> report.conforms, report.violations
    (False, 1)
    >>> print(report.results[0].to_text())
    Violation: <http://example.org/alice> | property <http://example.org/age> | value "forty" | An age is a number. | [<http://example.org/PersonShape> / <http://example.org/age>]
    """
    triples, files = _read(data)
    shape_triples = triples if shapes is None else _read(shapes)[0]
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    kg = KnowledgeGraph(store, tuple(f for f in files if f.suffix == ".ttl"), by_file=False, written=rewritten(triples))
    return validate_graph(kg, shape_triples)


def _read(source) -> tuple[list[ox.Triple], list[Path]]:
    """The triples of `source` (a path, an rdflib Graph, or a list of these) and the files they come from."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _format(p) is not None)
            return [t for f in files for t in _parse(f)], files
        return _parse(path), [path]
    if hasattr(source, "triples") and hasattr(source, "namespace_manager"):  # an rdflib Graph (or Dataset)
        return [ox.Triple(*(to_ox_term(x) for x in t)) for t in source.triples((None, None, None))], []
    if isinstance(source, Iterable):
        triples, files = [], []
        for item in source:
            more_triples, more_files = _read(item)
            triples += more_triples
            files += more_files
        return triples, files
    raise TypeError(f"not a path, an rdflib Graph or a list of them: {source!r}")


def _format(path: Path) -> ox.RdfFormat | None:
    return ox.RdfFormat.from_extension(path.suffix.lstrip(".")) if path.suffix else None


def _parse(path: Path) -> list[ox.Triple]:
    """The triples of one file, its blank nodes apart from every other file's; InputError with the line."""
    if not path.is_file():
        raise InputError(path, "no such file")
    fmt = _format(path)
    if fmt == ox.RdfFormat.TURTLE:
        return parse_turtle(path, rename_blank_nodes=True)
    if fmt is None:
        raise InputError(path, "not a file of a known RDF format (.ttl, .nt, .nq, .trig, .rdf, .jsonld ...)")
    try:
        return [q.triple for q in ox.parse(read_utf8(path), format=fmt, base_iri=path.resolve().as_uri(),
                                           rename_blank_nodes=True)]
    except SyntaxError as e:
        raise syntax_error(path, e) from None
