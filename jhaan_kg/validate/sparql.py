"""SHACL-SPARQL constraints, run as one query per constraint over the pyoxigraph store.

pySHACL parses a constraint's query again for every focus node, which dominates on a large graph. Here each
`sh:select` runs once with `$this` left free and its rows are kept for the focus nodes of the shape's
targets, which gives the same results when the query binds `$this` in a triple pattern (the shapes of
this project do; tests compare the results with pySHACL's).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..load import KnowledgeGraph
from ..namespaces import SH, shorten
from .core import target_selects
from .results import make_result, show_term

PREBIND_LIMIT = 2000  # up to this many focus nodes, bind them in a VALUES block; above, run free and filter


@dataclass(frozen=True)
class SparqlConstraint:
    shape: str  # prefixed name of the shape, as reports show it
    select: str  # the query with its PREFIX lines
    message: str
    severity: str
    targets: tuple[str, ...]  # SPARQL queries that each select ?this


def split_shapes(shapes_graph):
    """(the shapes graph without SPARQL constraints and targets, the SPARQL constraints)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    constraints: list[SparqlConstraint] = []
    removed: set = set()
    for shape, constraint in shapes_graph.subject_objects(sh.sparql):
        prefixes = _prefix_lines(shapes_graph, shapes_graph.value(constraint, sh.prefixes))
        message = shapes_graph.value(constraint, sh.message) or shapes_graph.value(shape, sh.message) or ""
        severity = shapes_graph.value(shape, sh.severity)
        constraints.append(SparqlConstraint(
            shape=shorten(str(shape)) if isinstance(shape, rdflib.URIRef) else "anonymous shape",
            select=prefixes + str(shapes_graph.value(constraint, sh.select)),
            message=str(message),
            severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
            targets=tuple(_target_queries(shapes_graph, shape))))
        removed.add(constraint)
    core = rdflib.Graph()
    skip = _closure(shapes_graph, removed | {t for s in shapes_graph.subjects(sh.sparql, None)
                                              for t in shapes_graph.objects(s, sh.target)})
    for triple in shapes_graph:
        s, p, o = triple
        if s in skip or (p in (sh.sparql, sh.target) and o in skip):
            continue
        core.add(triple)
    return core, constraints


def run_sparql_constraints(kg: KnowledgeGraph, constraints: list[SparqlConstraint]):
    """Every result of `constraints` over `kg`, as ValidationResults."""
    results = []
    store = kg.merged
    for c in constraints:
        focus = set()
        for target in c.targets:
            focus.update(row["this"] for row in store.query(target))
        if not focus:
            continue
        query = re.sub(r"\$this\b", "?this", c.select)
        if len(focus) <= PREBIND_LIMIT:  # start from the focus nodes, as SHACL's pre-binding of $this does
            values = "VALUES ?this { " + " ".join(str(f) for f in focus if not isinstance(f, ox.BlankNode)) + " }"
            if not any(isinstance(f, ox.BlankNode) for f in focus):
                query = re.sub(r"\bWHERE\s*\{", lambda m: m.group(0) + " " + values + " ", query, count=1, flags=re.IGNORECASE)
        for row in store.query(query):
            this = row["this"]
            if this not in focus:
                continue
            value = _get(row, "value")
            if value is None:  # SHACL: a node shape's value node is the focus node itself
                value = this
            path = _get(row, "path")
            results.append(make_result(kg, severity=c.severity, focus=this,
                                       path=shorten(path.value) if isinstance(path, ox.NamedNode) else "",
                                       value=show_term(value) if value is not None else "",
                                       message=_fill(c.message, row), shape=c.shape))
    return results


def _get(row: ox.QuerySolution, name: str):
    try:
        return row[name]
    except (KeyError, IndexError):
        return None


def _fill(template: str, row: ox.QuerySolution) -> str:
    """Replace {?var} and {$var} with the row's values, as SHACL-SPARQL does."""
    def value_of(match: re.Match) -> str:
        term = _get(row, match.group(1))
        if term is None:
            return match.group(0)
        return term.value if isinstance(term, ox.Literal) else shorten(term.value) if isinstance(term, ox.NamedNode) else "a blank node"

    return re.sub(r"\{[?$](\w+)\}", value_of, template)


def _target_queries(shapes_graph, shape) -> list[str]:
    import rdflib

    sh = rdflib.Namespace(SH)
    queries = target_selects(shapes_graph, shape)
    for target in shapes_graph.objects(shape, sh.target):
        select = shapes_graph.value(target, sh.select)
        if select is not None:
            queries.append(_prefix_lines(shapes_graph, shapes_graph.value(target, sh.prefixes)) + str(select))
    return queries


def _prefix_lines(shapes_graph, prefixes_node) -> str:
    import rdflib

    sh = rdflib.Namespace(SH)
    if prefixes_node is None:
        return ""
    lines = []
    for decl in shapes_graph.objects(prefixes_node, sh.declare):
        lines.append(f"PREFIX {shapes_graph.value(decl, sh.prefix)}: <{shapes_graph.value(decl, sh.namespace)}>\n")
    return "".join(sorted(lines))


def _closure(graph, roots: set) -> set:
    """`roots` and every blank node reachable from them (the bodies of constraints and targets)."""
    import rdflib

    seen, todo = set(), list(roots)
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        todo.extend(o for o in graph.objects(node, None) if isinstance(o, rdflib.BNode))
    return seen
