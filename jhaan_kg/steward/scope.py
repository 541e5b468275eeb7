"""Validating only what a change can affect, and naming nested nodes the same way in every run."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, replace
from datetime import date
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from .. import cache
from ..load import KnowledgeGraph, file_graph_name, graph_name_to_path, rewritten, turtle_files
from ..namespaces import JHAAN, ORG
from ..validate import ValidationReport, ValidationResult, validate_graph
from ..validate.report import sorted_results
from .placement import AGENCY, COUNTERPART, INSTRUMENT, TYPE

AGENCIES_NETWORK = ox.NamedNode(JHAAN + "AgenciesNetwork")

SCOPE_LIMIT = 2000  # above this many affected nodes, the graph after the change is validated in full


def knowledge_graph(ontology: KnowledgeGraph, files: dict[Path, Iterable[ox.Triple]]) -> KnowledgeGraph:
    """The ontology and the triples of each file in one store, each file in a named graph of its own
    (as load_graph does, from triples already parsed), with the literals the store rewrites as written."""
    quads = list(ontology.store.quads_for_pattern(None, None, None, None))
    for path, triples in files.items():
        name = file_graph_name(path)
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
    store = ox.Store()
    store.bulk_extend(quads)
    written = {**ontology.written, **rewritten(q.triple for q in quads[len(ontology.store):])}
    return KnowledgeGraph(store, tuple(ontology.files) + tuple(files), written=written)


class Overlay:
    """The graph after a change, seen through the store before it: its quads minus `removed` plus `added`.
    Has what `affected_nodes` and `_neighbourhood` read; `materialize` builds a store for full validation."""

    def __init__(self, before: KnowledgeGraph, removed: set[ox.Quad], added: list[ox.Quad]):
        self.before = before
        # the removed quads as the store keeps them ("07"^^xsd:integer is kept as "7"): else none would match
        as_stored = ox.Store()
        as_stored.extend(removed)
        self.removed = set(as_stored)
        self.added = ox.Store()  # indexed, so that a lookup costs the same whatever the size of the change
        self.added.bulk_extend(added)
        self.files = tuple(before.files) + tuple(sorted({graph_name_to_path(q.graph_name) for q in added}
                                                        - set(before.files)))
        self.written = _written_after(before.written, {q.triple for q in removed}, [q.triple for q in added])

    def quads_for_pattern(self, s=None, p=None, o=None, g=None):
        for q in self.before.store.quads_for_pattern(s, p, o, g):
            if q not in self.removed:
                yield q
        yield from self.added.quads_for_pattern(s, p, o, g)

    def materialize(self) -> KnowledgeGraph:
        store = ox.Store()
        store.bulk_extend(self.quads_for_pattern())
        return KnowledgeGraph(store, self.files, written=self.written)


def _written_after(written: dict, removed: set[ox.Triple], added: list[ox.Triple]) -> dict:
    """The literals as written after a change: those removed taken out, those added put in."""
    after = {}
    for triple, forms in written.items():
        kept = tuple(f for f in forms if ox.Triple(triple.subject, triple.predicate, f) not in removed)
        if kept:
            after[triple] = kept
    for triple, forms in rewritten(added).items():
        after[triple] = tuple(dict.fromkeys(after.get(triple, ()) + forms))
    return after


# --- validating only what a change can affect -----------------------------------------------------------

def check_reports(before_kg: KnowledgeGraph, after, shapes: list[ox.Triple], changed: list[ox.Triple], *,
                  ontology_files: Iterable[Path] = (), scoped: bool = True, cache_key: str | None = None, before=None):
    """(the report before the change, the report after it, whether only affected nodes were validated).

    `after` is the graph after the change (a KnowledgeGraph or an Overlay). The report before comes
    from `before`, else from the cache when these exact inputs were validated before, else from a full
    validation (then cached). Unscoped, the graph after is validated in full. Scoped, the report after
    is the report before with the results about the affected nodes (`affected_nodes`) replaced by those
    of a validation of just these nodes and what surrounds them. tests/test_update.py checks that this
    equals full validation for the changes stewards make.
    """
    if before is None:
        before = cached_report(cache_key, lambda: validate(before_kg, shapes))
    if not changed:
        return before, before, scoped
    after_kg = after.materialize if isinstance(after, Overlay) else lambda: after
    if not scoped or any(t.predicate.value.startswith(ORG) for t in changed):
        # a change of the network's memberships can alter every instrument of an agency: all is checked
        return before, validate(after_kg(), shapes), False
    views = (before_kg.store, after if isinstance(after, Overlay) else after.store)
    nodes = affected_nodes(*views, changed)
    if len(nodes) > SCOPE_LIMIT:
        return before, validate(after_kg(), shapes), False
    ids = {n.value for n in nodes if isinstance(n, ox.NamedNode)}
    ids |= {blank_key(view, n) for n in nodes if isinstance(n, ox.BlankNode) for view in views
            if any(True for _ in view.quads_for_pattern(n, None, None, None))}
    inside = [r for r in validate(_neighbourhood(after, nodes, ontology_files), shapes).results if r.focus in ids]
    return before, _report([r for r in before.results if r.focus not in ids] + inside), True


def validate(kg: KnowledgeGraph, shapes: list[ox.Triple]):
    """validate.validate_graph, with each blank node focus named by `blank_key`, so that results about
    nested nodes can be compared across runs (a parser gives blank nodes new ids every time)."""
    report = validate_graph(kg, shapes)
    if not any(r.focus_node.startswith("_:") or r.value_node.startswith("_:") for r in report.results):
        return report
    view = kg.merged  # the store the validator read, with its blank node ids

    def named(term: str) -> str:  # a blank node's term (_:id) as its key, any other term as it is
        return blank_key(view, ox.BlankNode(term[2:])) if term.startswith("_:") else term

    return _report(replace(r, focus=named(r.focus_node) if r.focus_node.startswith("_:") else r.focus,
                           focus_node=named(r.focus_node), value_node=named(r.value_node)) for r in report.results)


def blank_key(view, node: ox.BlankNode) -> str:
    """`_:` and a hash of what the blank node says (recursively), of the named node it hangs from and
    of the properties leading to it: the same in every run and in every store holding the same data."""
    def content(n, stack: frozenset) -> str:
        parts = sorted(f"{q.predicate} " + (content(q.object, stack | {n}) if isinstance(q.object, ox.BlankNode)
                                            and q.object not in stack else str(q.object))
                       for q in view.quads_for_pattern(n, None, None, None))
        return "[" + " ; ".join(parts) + "]"

    path, current, seen = [], node, {node}
    while isinstance(current, ox.BlankNode):
        parents = list(view.quads_for_pattern(None, None, current, None))
        if len(parents) != 1 or parents[0].subject in seen:
            break
        path.append(parents[0].predicate.value)
        current = parents[0].subject
        seen.add(current)
    anchor = current.value if isinstance(current, ox.NamedNode) else ""
    digest = hashlib.sha256(f"{anchor}\n{' '.join(reversed(path))}\n{content(node, frozenset())}".encode()).hexdigest()
    return "_:" + digest[:24]


def _report(results: Iterable) -> ValidationReport:
    """A report of `results` in validate_graph's order."""
    return ValidationReport(sorted_results(results))


def affected_nodes(before, after, changed: list[ox.Triple]) -> set:
    """The nodes whose validation results a change of the `changed` triples can alter.

    A shape reads its focus node's triples and those of the nodes it points to (the class of a
    counterpart, the date inside a nested status change). So: the subjects and objects of the changed
    triples, the nodes pointing to those subjects, and the nodes pointing to those when they are blank
    nodes. The rule against duplicate instruments compares instruments that are not linked: every
    instrument with the same agency and counterpart as an affected instrument is affected too.
    `before` and `after` are anything with pyoxigraph's quads_for_pattern.
    """
    views = (before, after)
    nodes: set = set()
    for t in changed:
        nodes.add(t.subject)
        if not isinstance(t.object, ox.Literal):
            nodes.add(t.object)
    frontier = {t.subject for t in changed}
    for _ in range(2):
        referrers = {q.subject for view in views for node in frontier for q in view.quads_for_pattern(None, None, node, None)}
        nodes |= referrers
        frontier = {r for r in referrers if isinstance(r, ox.BlankNode)}
    instruments = {n for n in nodes if not isinstance(n, ox.Literal)
                   and any(True for v in views for _ in v.quads_for_pattern(n, TYPE, INSTRUMENT, None))}
    pairs = {(agency.object, counterpart.object) for instrument in instruments for v in views
             for agency in v.quads_for_pattern(instrument, AGENCY, None, None)
             for counterpart in v.quads_for_pattern(instrument, COUNTERPART, None, None)}
    for agency, counterpart in pairs:  # each pair once, however many of the change's instruments share it
        for view in views:
            for q in view.quads_for_pattern(None, COUNTERPART, counterpart, None):
                if any(True for _ in view.quads_for_pattern(q.subject, AGENCY, agency, None)):
                    nodes.add(q.subject)
    return nodes


def _neighbourhood(graph, nodes: set, ontology_files: Iterable[Path]) -> KnowledgeGraph:
    """A graph with the ontology, the triples of `nodes` and of what they point to (four steps out), and,
    for blank nodes, the chain of nodes they hang from (a report names a nested node after it). The
    agencies networks and their memberships come too: shapes:NetworkAgencyShape reads an instrument's
    agency from the network's side."""
    view = graph if isinstance(graph, Overlay) else graph.store
    quads = [q for p in ontology_files for q in view.quads_for_pattern(None, None, None, file_graph_name(p))]
    frontier = {n for n in nodes if not isinstance(n, ox.Literal)}
    frontier |= {q.subject for q in view.quads_for_pattern(None, TYPE, AGENCIES_NETWORK, None)}
    todo = [n for n in frontier if isinstance(n, ox.BlankNode)]
    while todo:  # up from blank nodes to the named node they hang from
        for q in view.quads_for_pattern(None, None, todo.pop(), None):
            if q.subject not in frontier:
                frontier.add(q.subject)
                if isinstance(q.subject, ox.BlankNode):
                    todo.append(q.subject)
    seen: set = set()
    for _ in range(4):
        following = set()
        for node in frontier - seen:
            seen.add(node)
            for q in view.quads_for_pattern(node, None, None, None):
                quads.append(q)
                if not isinstance(q.object, ox.Literal):
                    following.add(q.object)
        frontier = following
    store = ox.Store()
    store.bulk_extend(quads)
    return KnowledgeGraph(store, graph.files, written=graph.written)


# --- the report of the graph a change starts from, kept in the cache (cache.py) ---------------------------

def report_key(ontology_dir: Path, files: Iterable[Path]) -> str:
    """A key for the report of exactly these inputs: their paths and bytes, the code of the package, the
    working directory (reports show paths relative to it) and today's date (no date in the future)."""
    h = hashlib.sha256(f"{date.today().isoformat()}\0{Path.cwd()}\0".encode())
    code = Path(__file__).resolve().parent.parent
    for path in sorted({*(p.resolve() for p in turtle_files([ontology_dir])), *(Path(p).resolve() for p in files),
                        *code.rglob("*.py")}):
        h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def cached_report(key: str | None, compute) -> ValidationReport:
    """The report kept for `key`, else `compute()` (then kept)."""
    held = cache.cached_only("report", key.encode()) if key else None
    if held is not None:
        try:
            return ValidationReport(tuple(ValidationResult(**r) for r in json.loads(held)["results"]))
        except (ValueError, KeyError, TypeError):
            pass  # a damaged entry: validate again
    report = compute()
    keep_report(key, report)
    return report


def keep_report(key: str | None, report: ValidationReport) -> None:
    """Keep `report` as the report of the inputs `key` stands for (the 20 newest reports are kept)."""
    if key is not None:
        data = json.dumps({"results": [asdict(r) for r in report.results]}).encode("utf-8")
        cache.keep("report", key.encode(), data, newest=20)
