"""SHACL-SPARQL constraints (SHACL section 5), run over the pyoxigraph store.

pySHACL parses a constraint's query again for every focus node, which dominates on a large graph. Here a
query runs once with $this free, its rows kept for the focus nodes of the shape's targets, when that is
provably what pre-binding gives (prebind.py); otherwise once per focus node with the node written in, as
SHACL defines pre-binding. $PATH is written in as a property shape's path (5.3.1), $currentShape as the
shape, $shapesGraph as a named graph that holds the shapes while the constraints run. A query SHACL
forbids, or one that does not parse, is a ShapesError naming its shape.
"""

from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import ShapesError
from ..load import KnowledgeGraph
from ..namespaces import INTERNAL, SH, shorten
from ..query.text import strip_comments
from .prebind import Substitution, free_run_is_exact, refusal
from .results import make_result
from .shapes import is_true, message_of, name_of, path_forms, prefix_lines, severity_of, sh, source_shape, target_selects

PREBIND_LIMIT = 2000  # up to this many focus nodes, a free run starts from them in a VALUES block
SHAPES_GRAPH = ox.NamedNode(INTERNAL + "shapes-graph")
COMPONENT = f"<{SH}SPARQLConstraintComponent>"


@dataclass(frozen=True)
class SparqlConstraint:
    shape: str  # the shape's name in reports
    source_shape: str  # the shape, in Turtle
    select: str  # the query with its PREFIX lines, $PATH, $currentShape and $shapesGraph written in
    message: str
    severity: str
    path: str  # a property shape's path, as a label ("" for a node shape)
    result_path: str  # ... and in Turtle
    targets: tuple[str, ...]  # SPARQL queries that each select ?this
    free: bool  # whether one run with $this free gives every focus node's rows
    substitution: Substitution  # the query ready to take a focus node
    uses_shapes_graph: bool


def sparql_constraints(graph, shapes) -> list[SparqlConstraint]:
    """The SPARQL constraints of `shapes` (shapes with targets, run here rather than by pySHACL) and of
    their property shapes, each with the targets it runs on."""
    found = []
    for shape in shapes:
        owners = [(shape, None)] + [(p, shape) for p in graph.objects(shape, sh("property"))
                                    if not is_true(graph, p, "deactivated")]
        if not any((owner, sh("sparql"), None) in graph for owner, _ in owners):
            continue
        try:
            targets = tuple(target_selects(graph, shape))
        except ValueError:
            raise ShapesError(f"{name_of(shape)}: a blank node as sh:targetNode of a shape with SPARQL constraints") from None
        for owner, parent in owners:
            found += _constraints_of(graph, owner, parent, targets)
    return found


def _constraints_of(graph, shape, parent, targets: tuple[str, ...]) -> list[SparqlConstraint]:
    path = graph.value(shape, sh("path"))
    sparql_path, result_path, label = path_forms(graph, path) if path is not None else ("", "", "")
    name = name_of(shape, parent, label)
    found = []
    for constraint in graph.objects(shape, sh("sparql")):
        if is_true(graph, constraint, "deactivated"):
            continue
        select = graph.value(constraint, sh("select"))
        if select is None:
            raise ShapesError(f"{name}: a SPARQL constraint without sh:select (SHACL 5.1)")
        text = _bound_prebound(prefix_lines(graph, constraint) + str(select))
        uses_shapes_graph = re.search(r"[?$]shapesGraph\b", strip_comments(text, literals_too=True)) is not None
        values = {"PATH": sparql_path, "shapesGraph": str(SHAPES_GRAPH)}
        if source_shape(shape).startswith("<"):
            values["currentShape"] = source_shape(shape)
        text = _write_in(text, values)
        why = refusal(text)
        if why:
            raise ShapesError(f"{name}: {why} (SHACL-SPARQL, Appendix A)")
        found.append(SparqlConstraint(
            shape=name, source_shape=source_shape(shape), select=text,
            message=message_of(graph, constraint) or message_of(graph, shape), severity=severity_of(graph, shape),
            path=label, result_path=result_path, targets=targets, free=free_run_is_exact(text),
            substitution=Substitution.of(text), uses_shapes_graph=uses_shapes_graph))
    return found


def _bound_prebound(text: str) -> str:
    """`text` with bound($currentShape) and bound($shapesGraph) true: both are written in as constants,
    which bound() cannot take."""
    code = strip_comments(text, literals_too=True)
    for match in reversed(list(re.finditer(r"\bbound\s*\(\s*[?$](currentShape|shapesGraph)\s*\)", code, re.IGNORECASE))):
        text = text[:match.start()] + "(true)" + text[match.end():]
    return text


def _write_in(text: str, values: dict[str, str]) -> str:
    """`text` with each $name (or ?name) of `values` replaced by its value, outside strings and comments."""
    code = strip_comments(text, literals_too=True)
    names = "|".join(name for name, value in values.items() if value)
    if not names:
        return text
    for match in reversed(list(re.finditer(rf"[?$]({names})\b", code))):
        text = text[:match.start()] + values[match.group(1)] + text[match.end():]
    return text


def run_sparql_constraints(kg: KnowledgeGraph, constraints: list[SparqlConstraint], shapes_ntriples: bytes):
    """Every result of `constraints` over `kg`, as ValidationResults."""
    results = []
    store = kg.merged
    with _shapes_graph(store, shapes_ntriples, any(c.uses_shapes_graph for c in constraints)):
        for c in constraints:
            focus = set()
            for target in c.targets:
                focus.update(row["this"] for row in _query(store, c, target))
            if not focus:
                continue
            rows = _free_rows(store, c, focus) if c.free else _rows_per_focus(store, c, focus)
            results += [_result(kg, c, this, row) for this, row in rows]
    return results


@contextmanager
def _shapes_graph(store: ox.Store, shapes_ntriples: bytes, needed: bool):
    """The shapes in a named graph of `store` while constraints that read $shapesGraph run."""
    if not needed:
        yield
        return
    store.load(shapes_ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=SHAPES_GRAPH)
    try:
        yield
    finally:
        store.remove_graph(SHAPES_GRAPH)


def _query(store: ox.Store, c: SparqlConstraint, text: str, **options):
    try:
        return store.query(text, **options)
    except SyntaxError as e:
        raise ShapesError(f"{c.shape}: a SPARQL query that does not parse: {e}") from None


def _free_rows(store: ox.Store, c: SparqlConstraint, focus: set):
    query = c.select
    if len(focus) <= PREBIND_LIMIT and not any(isinstance(f, ox.BlankNode) for f in focus):
        # start from the focus nodes: the same rows (free_run_is_exact), found faster
        values = "VALUES ?this { " + " ".join(str(f) for f in focus) + " }"
        query = re.sub(r"\bWHERE\s*\{", lambda m: m.group(0) + " " + values + " ", query, count=1, flags=re.IGNORECASE)
    for row in _query(store, c, query):
        this = _get(row, "this")
        if this in focus:
            yield this, row


def _rows_per_focus(store: ox.Store, c: SparqlConstraint, focus: set):
    for this in sorted(focus, key=str):
        text = c.substitution.query(this)
        if text is None:  # a blank node cannot be written in a query: the engine binds it (SEP-0007)
            rows = _query(store, c, c.select, substitutions={ox.Variable("this"): this})
        else:
            rows = _query(store, c, text)
        for row in rows:
            yield this, row


def _result(kg: KnowledgeGraph, c: SparqlConstraint, this, row: ox.QuerySolution):
    """A solution as a result (SHACL 5.3.2): ?value, else a node shape's focus node; ?path when it is an
    IRI, else a property shape's path; ?message, else the constraint's message with {?var} filled in."""
    value = _get(row, "value")
    if value is None and not c.result_path:
        value = this
    path = _get(row, "path")
    if isinstance(path, ox.NamedNode):
        label, result_path = shorten(path.value), str(path)
    else:
        label, result_path = c.path, c.result_path
    message = _get(row, "message")
    return make_result(kg, severity=c.severity, focus=this, path=label, result_path=result_path, value=value,
                       message=message.value if isinstance(message, ox.Literal) else _fill(c.message, row),
                       shape=c.shape, source_shape=c.source_shape, component=COMPONENT)


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
