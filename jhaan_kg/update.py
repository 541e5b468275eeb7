"""Change the graph safely: check the graph as it would be after a change, then write it, or refuse it whole.

A change is a set of triples to add and a set to remove (Turtle files, or triples built by the CSV
importer). `plan_change` validates the graph as it would be, compares the report with the one before
and works out which files of graph/ the change touches; `apply_plan` writes those files, each through a
temporary file and a rename, in the canonical form of `turtle.py`, so that a git diff shows only the change.

Where triples go (the same rule for `update` and `import`):

- a removed triple comes out of every file that holds it;
- an added triple about a subject the graph already has goes into the file that holds that subject
  (the file that types it; else the one with most triples about it);
- an added triple about a new subject: an instrument (`a jhaan:CooperationInstrument`) of `agency:X`
  goes to `instruments/X.ttl`; any other new subject goes where the first subject that refers to it
  goes (a new source document cited by a new instrument lands next to that instrument); a new subject
  nothing refers to goes to the file that holds more than half of the subjects of its class (a new
  EMPACT involvement joins the others; a source document, spread over many files, does not); what is
  left goes to `additions.ttl`. These paths are inside the first `--graph` folder;
- a blank node (a nested `[ ... ]`) goes with the subject it hangs from.

Blank nodes in a remove file match a nested node of the graph when they describe it in full (every
triple of the nested node, and of the nodes nested in it); added nested nodes that the graph already
holds in full are not added twice.

Validating only what a change can affect: see `check_reports`.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

import pyoxigraph as ox

from .load import InputError, KnowledgeGraph, file_graph_name, graph_name_to_path, is_shapes_file, load_graph, \
    load_shapes, turtle_files
from .namespaces import JHAAN, PREFIXES
from .turtle import TurtleFile, blank_node_names, read_turtle_file, stage_file, to_turtle, write_atomically

if TYPE_CHECKING:  # imported lazily at run time: validation pulls in the SHACL machinery
    from .validate import ValidationReport

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
INSTRUMENT = ox.NamedNode(JHAAN + "CooperationInstrument")
AGENCY = ox.NamedNode(JHAAN + "agency")
COUNTERPART = ox.NamedNode(JHAAN + "counterpart")
AGENCY_NS = PREFIXES["agency"]
DEFAULT_FILE = "additions.ttl"
SCOPE_LIMIT = 2000  # above this many affected nodes, the graph after the change is validated in full


class ChangeError(InputError):
    """A change that cannot be made as given (a triple to remove that the graph does not hold, a target
    file outside the graph that was loaded); the CLI exits 2 with the message."""


@dataclass(frozen=True)
class Change:
    """Triples to add and to remove, with where they came from (for messages and new prefixes)."""

    add: tuple[ox.Triple, ...] = ()
    remove: tuple[ox.Triple, ...] = ()
    prefixes: dict[str, str] = field(default_factory=dict)
    add_origin: Path | None = None  # the file the added triples came from (reports point to it)
    remove_origin: Path | None = None


@dataclass(frozen=True)
class FileWrite:
    path: Path
    triples: frozenset  # what the file holds after the change
    prefixes: dict
    header: str
    added: int
    removed: int
    new: bool
    old: frozenset = frozenset()  # what the file held before

    @cached_property
    def text(self) -> str:
        """The new content, in canonical Turtle."""
        return to_turtle(self.triples, self.prefixes, self.header)


@dataclass(frozen=True)
class UpdatePlan:
    """What a change would do: the reports before and after, what it adds and resolves, and the files."""

    before: "ValidationReport"
    after: "ValidationReport"
    introduced: tuple  # results after the change that were not there before
    resolved: tuple  # results before the change that are gone after it
    writes: tuple[FileWrite, ...]
    added: int  # triples the change adds
    removed: int
    unchanged: int  # triples to add that the graph already holds
    scoped: bool = False  # whether only the nodes the change can affect were validated again
    context: tuple | None = field(default=None, repr=False, compare=False)  # what remember_applied needs

    @property
    def conforms(self) -> bool:
        return self.after.conforms

    def to_text(self, applied: bool = False, display: Callable[[Path], str] = str,
                annotate: Callable[[object], str] = lambda result: "") -> str:
        """What the change adds and resolves, and what was (or would be) written; `annotate` adds to
        each result line (the importer adds the row)."""
        lines = [f"Change: {_count(self.added, 'triple')} to add, {_count(self.removed, 'triple')} to remove"
                 + (f" ({_count(self.unchanged, 'triple')} to add already in the graph)" if self.unchanged else "") + "."]
        for title, results in (("The change would add", self.introduced), ("The change would resolve", self.resolved)):
            if results:
                lines.append(f"{title} {_tally(results)}:")
                lines.extend("  " + r.to_text() + annotate(r) for r in results)
        if not self.conforms:
            remaining = [r for r in self.after.results if r.severity == "Violation" and r not in self.introduced]
            if remaining:
                lines.append(f"Violations already in the graph that the change leaves ({len(remaining)}):")
                lines.extend("  " + r.to_text() for r in remaining)
            lines.append(f"Refused: the graph would not conform ({_count(self.after.violations, 'violation')}). "
                         "Nothing was written.")
        elif not self.writes:
            lines.append("Nothing to change: the graph already holds every triple.")
        else:
            lines.append(f"{'Wrote' if applied else 'Would write'} {_count(len(self.writes), 'file')}:")
            lines.extend(f"  {display(w.path)}{' (new file)' if w.new else ''}: +{w.added} -{w.removed}"
                         for w in self.writes)
            if not applied:
                lines.append("Nothing written: run again with --apply to write.")
        return "\n".join(lines) + "\n"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _tally(results) -> str:
    violations = sum(r.severity == "Violation" for r in results)
    return f"{_count(violations, 'violation')} and {_count(len(results) - violations, 'warning')}"


# --- reading ------------------------------------------------------------------------------------------

def read_change(add: Path | None = None, remove: Path | None = None) -> Change:
    """The triples of the Turtle files `add` and `remove`; InputError (file and line) when one cannot be
    read, is not UTF-8, is not Turtle, uses an undeclared prefix or holds no triple."""
    if add is None and remove is None:
        raise InputError(Path("update"), "nothing to do: give --add FILE, --remove FILE or both")
    parts: dict[str, TurtleFile] = {}
    for role, path in (("remove", remove), ("add", add)):
        if path is not None:
            parsed = read_turtle_file(Path(path))
            if not parsed.triples:
                raise InputError(path, "the file holds no triples (it is empty, or has only prefixes and comments)")
            parts[role] = parsed
    return Change(add=parts["add"].triples if "add" in parts else (),
                  remove=parts["remove"].triples if "remove" in parts else (),
                  prefixes={k: v for part in parts.values() for k, v in part.prefixes.items()},
                  add_origin=Path(add) if add else None, remove_origin=Path(remove) if remove else None)


def read_graph_files(graph_paths: Iterable[Path]) -> dict[Path, TurtleFile]:
    """Every data file under `graph_paths` (shapes files left out, as load_graph does), parsed."""
    return {path.resolve(): read_turtle_file(path) for path in turtle_files(graph_paths) if not is_shapes_file(path)}


def graph_root(graph_paths: list[Path]) -> Path:
    """The folder where new files go: the first --graph folder (or the folder of the first file)."""
    first = Path(graph_paths[0])
    return (first if first.is_dir() else first.parent).resolve()


# --- planning -----------------------------------------------------------------------------------------

def plan_update(ontology_dir: Path, graph_paths: list[Path], change: Change, *, scoped: bool = True) -> UpdatePlan:
    """Read the graph, make `change` in memory and check it; nothing is written."""
    files = read_graph_files(graph_paths)
    ontology = load_graph([ontology_dir])
    return plan_change(files, ontology, load_shapes([ontology_dir]), change, graph_root(graph_paths), scoped=scoped,
                       cache_key=report_key(ontology_dir, files))


def plan_change(files: dict[Path, TurtleFile], ontology: KnowledgeGraph, shapes: list[ox.Triple], change: Change,
                root: Path, *, scoped: bool = True, cache_key: str | None = None,
                before_kg: KnowledgeGraph | None = None) -> UpdatePlan:
    """The plan for `change` over the graph `files` (see the module's docstring for where triples go);
    `before_kg` is the ontology and `files` in one store, when the caller has built it already."""
    before_kg = before_kg or knowledge_graph(ontology, {p: f.triples for p, f in files.items()})
    removals = _resolve_removals(before_kg, files, change)
    additions, unchanged = _new_triples(before_kg, files, change)
    targets = _place(before_kg, files, additions, root)

    # the graph after the change, as a view over the store before it; added triples sit in a graph
    # named after the file they came from, so that the report points to the line the steward wrote
    origin = file_graph_name((change.add_origin or root / DEFAULT_FILE).resolve())
    after = _Overlay(before_kg, {ox.Quad(t.subject, t.predicate, t.object, file_graph_name(p))
                                 for p, ts in removals.items() for t in ts},
                     [ox.Quad(t.subject, t.predicate, t.object, origin) for t in additions])
    changed = [t for ts in removals.values() for t in ts] + additions
    before, after_report, was_scoped = check_reports(before_kg, after, shapes, changed, ontology_files=ontology.files,
                                                     scoped=scoped, cache_key=cache_key)
    key = lambda r: (r.shape, r.focus, r.path, r.value)
    before_keys, after_keys = {key(r) for r in before.results}, {key(r) for r in after_report.results}

    added_by_file: dict[Path, set[ox.Triple]] = defaultdict(set)
    for triple, path in targets.items():
        added_by_file[path].add(triple)
    writes = []
    for path in sorted(set(removals) | set(added_by_file)):
        existing = files.get(path)
        old = set(existing.triples) if existing else set()
        new = (old - removals.get(path, set())) | added_by_file.get(path, set())
        prefixes = _prefixes_for(existing.prefixes if existing else {}, change.prefixes, added_by_file.get(path, ()), old)
        writes.append(FileWrite(path, frozenset(new), prefixes, existing.header if existing else "",
                                len(added_by_file.get(path, ())), len(removals.get(path, ())), existing is None,
                                frozenset(old)))
    return UpdatePlan(before=before, after=after_report,
                      introduced=tuple(r for r in after_report.results if key(r) not in before_keys),
                      resolved=tuple(r for r in before.results if key(r) not in after_keys),
                      writes=tuple(writes), added=len(additions), removed=sum(len(t) for t in removals.values()),
                      unchanged=unchanged, scoped=was_scoped, context=(files, ontology, shapes, before_kg))


def apply_plan(plan: UpdatePlan) -> None:
    """Write the files of a conforming plan: every file to a temporary file next to it first (a failure
    there leaves graph/ as it was), then each renamed over the old one (each file is whole, old or new)."""
    if not plan.conforms:
        raise ValueError("refusing to write a change that leaves violations")
    staged: list[tuple[Path, Path]] = []
    try:
        for write in plan.writes:
            staged.append((stage_file(write.path, write.text), write.path))
        for tmp, path in staged:
            os.replace(tmp, path)
    finally:
        for tmp, _ in staged:  # left only when something failed
            tmp.unlink(missing_ok=True)


def remember_applied(plan: UpdatePlan, ontology_dir: Path) -> None:
    """After `apply_plan`, cache the report of the graph as written, so that the next change starts from
    it. The results about the nodes the change affected are computed again: they must name the files
    written, not the file the change came from."""
    if cache_dir() is None or plan.context is None:
        return
    files, ontology, shapes, before_kg = plan.context
    written = {w.path: w.triples for w in plan.writes}
    after_kg = knowledge_graph(ontology, {**{p: f.triples for p, f in files.items()}, **written})
    changed = [t for w in plan.writes for t in set(w.old) ^ set(w.triples)]
    _, after, _ = check_reports(before_kg, after_kg, shapes, changed, ontology_files=ontology.files, before=plan.before)
    store_report(report_key(ontology_dir, [*files, *written]), after)


# --- which triples, which files -----------------------------------------------------------------------

def _resolve_removals(kg: KnowledgeGraph, files: dict[Path, TurtleFile], change: Change) -> dict[Path, set[ox.Triple]]:
    """For each file, the triples to remove that it holds; ChangeError naming a triple no file holds.
    Nested nodes are matched by what they describe (turtle.blank_node_names)."""
    if not change.remove:
        return {}
    found: dict[Path, set[ox.Triple]] = defaultdict(set)
    wanted = _skolem_map(change.remove)
    missing = set(wanted)
    for path in _files_to_match(kg, files, change.remove):
        have = _skolem_map(files[path].triples)
        for skolem in wanted.keys() & have.keys():
            found[path] |= have[skolem]
            missing.discard(skolem)
    if missing:
        first = min(missing, key=str)
        more = f" (and {len(missing) - 1} more)" if len(missing) > 1 else ""
        nested = any(_is_skolem(x) for x in (first.subject, first.object))
        raise ChangeError(change.remove_origin or Path("remove"),
                          f"cannot remove {_show_triple(first)}: the graph does not hold it{more}"
                          + ("; a nested [ ... ] must be given in full" if nested else ""))
    return dict(found)


def _new_triples(kg: KnowledgeGraph, files: dict[Path, TurtleFile], change: Change) -> tuple[list[ox.Triple], int]:
    """The triples to add that the graph does not hold yet, and how many it already holds."""
    if not change.add:
        return [], 0
    present: set[ox.Triple] = set()
    for path in _files_to_match(kg, files, change.add):
        present |= set(_skolem_map(files[path].triples))
    new, unchanged = [], 0
    for skolem, triples in _skolem_map(change.add).items():
        if skolem in present:
            unchanged += len(triples)
        else:
            new.extend(sorted(triples, key=str))
    return new, unchanged


def _files_to_match(kg: KnowledgeGraph, files: dict[Path, TurtleFile], triples: Iterable[ox.Triple]) -> list[Path]:
    """The graph files that can hold any of `triples`: those holding their named subjects, or the named
    subjects their blank nodes hang from (every file when a blank node hangs from nothing)."""
    triples = list(triples)
    parent = {t.object: t.subject for t in triples if isinstance(t.object, ox.BlankNode)}
    roots = set()
    for t in triples:
        node, seen = t.subject, set()
        while isinstance(node, ox.BlankNode) and node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        if isinstance(node, ox.BlankNode):
            return sorted(files)
        roots.add(node)
    names = {q.graph_name for root in roots for q in kg.store.quads_for_pattern(root, None, None, None)}
    return sorted(p for p in (graph_name_to_path(n) for n in names if isinstance(n, ox.NamedNode)) if p in files)


def _skolem_map(triples: Iterable[ox.Triple]) -> dict[ox.Triple, set[ox.Triple]]:
    """skolemized triple -> the actual triples it stands for (blank nodes named by what they describe)."""
    triples = list(triples)
    names = blank_node_names(triples)
    by_skolem: dict[ox.Triple, set[ox.Triple]] = defaultdict(set)
    for t in triples:
        by_skolem[ox.Triple(names.get(t.subject, t.subject), t.predicate, names.get(t.object, t.object))].add(t)
    return by_skolem


def _is_skolem(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith("urn:jhaan:bnode:")


def _place(kg: KnowledgeGraph, files: dict[Path, TurtleFile], additions: list[ox.Triple], root: Path) -> dict[ox.Triple, Path]:
    """The file each added triple goes to (the rule in the module's docstring)."""
    instruments = {t.subject for t in additions if t.predicate == RDF_TYPE and t.object == INSTRUMENT}
    agency_of = {t.subject: t.object.value for t in additions if t.predicate == AGENCY and isinstance(t.object, ox.NamedNode)}
    referrers: dict[object, list[object]] = defaultdict(list)
    for t in sorted(additions, key=str):
        if not isinstance(t.object, ox.Literal) and t.object != t.subject:
            referrers[t.object].append(t.subject)
    subjects = {t.subject for t in additions}
    classes: dict[object, list[ox.NamedNode]] = defaultdict(list)
    for t in additions:
        if t.predicate == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            classes[t.subject].append(t.object)
    decided: dict[object, Path] = {}

    def place(subject, seen: frozenset) -> Path:
        if subject not in decided:
            home = _home_file(kg, files, subject) if isinstance(subject, ox.NamedNode) else None
            if home is not None:
                decided[subject] = home
            elif subject in instruments and agency_of.get(subject, "").startswith(AGENCY_NS):
                decided[subject] = root / "instruments" / (agency_of[subject][len(AGENCY_NS):] + ".ttl")
            else:
                parents = [p for p in referrers.get(subject, []) if p not in seen and p in subjects]
                if parents:
                    decided[subject] = place(parents[0], seen | {subject})
                else:
                    decided[subject] = _class_home(kg, files, classes.get(subject, [])) or root / DEFAULT_FILE
        return decided[subject]

    targets = {t: place(t.subject, frozenset()).resolve() for t in additions}
    for path in set(targets.values()):
        if path not in files and path.exists():
            raise ChangeError(path, "the change would write to this file, but it is not part of the graph that was "
                                    "loaded (add it with --graph)")
    return targets


def _class_home(kg: KnowledgeGraph, files: dict[Path, TurtleFile], types: list[ox.NamedNode]) -> Path | None:
    """The graph file that holds more than half of the subjects of one of `types`, if there is one."""
    count: dict[Path, int] = defaultdict(int)
    for cls in types:
        for q in kg.store.quads_for_pattern(None, RDF_TYPE, cls, None):
            path = graph_name_to_path(q.graph_name) if isinstance(q.graph_name, ox.NamedNode) else None
            if path in files:
                count[path] += 1
    best = max(sorted(count), key=lambda p: count[p]) if count else None
    return best if best and 2 * count[best] > sum(count.values()) else None


def _home_file(kg: KnowledgeGraph, files: dict[Path, TurtleFile], subject: ox.NamedNode) -> Path | None:
    """The graph file that holds `subject`: the one that types it, else the one with most triples about it."""
    score: dict[Path, list[int]] = defaultdict(lambda: [0, 0])
    for q in kg.store.quads_for_pattern(subject, None, None, None):
        path = graph_name_to_path(q.graph_name) if isinstance(q.graph_name, ox.NamedNode) else None
        if path in files:
            score[path][0] += q.predicate == RDF_TYPE
            score[path][1] += 1
    return max(sorted(score), key=lambda p: (score[p][0] > 0, score[p][1])) if score else None


def _prefixes_for(existing: dict[str, str], offered: dict[str, str], added: Iterable[ox.Triple],
                  kept: Iterable[ox.Triple] = ()) -> dict[str, str]:
    """The file's prefixes, plus a prefix of the change (or of the project) for each namespace the added
    triples use and the file does not: not for a namespace the file already writes as full IRIs, so
    that lines the change does not touch stay as they are."""
    iris = lambda triples: {term.value for t in triples
                            for term in (t.subject, t.predicate, t.object, getattr(t.object, "datatype", None))
                            if isinstance(term, ox.NamedNode)}
    prefixes = dict(existing)
    known = set(prefixes.values())
    used, old = iris(added), iris(kept)
    for name, namespace in [*offered.items(), *PREFIXES.items()]:
        if namespace in known or name in prefixes:
            continue
        inside = lambda values: any(iri.startswith(namespace) and len(iri) > len(namespace) for iri in values)
        if inside(used) and not inside(old):
            prefixes[name] = namespace
            known.add(namespace)
    return prefixes


def knowledge_graph(ontology: KnowledgeGraph, files: dict[Path, Iterable[ox.Triple]]) -> KnowledgeGraph:
    """The ontology and the triples of each file in one store, each file in a named graph of its own
    (as load_graph does, from triples already parsed)."""
    quads = list(ontology.store.quads_for_pattern(None, None, None, None))
    for path, triples in files.items():
        name = file_graph_name(path)
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, name) for t in triples)
    store = ox.Store()
    store.bulk_extend(quads)
    return KnowledgeGraph(store, tuple(ontology.files) + tuple(files))


class _Overlay:
    """The graph after a change, seen through the store before it: its quads minus `removed` plus `added`.
    Has what `affected_nodes` and `_neighbourhood` read; `materialize` builds a store for full validation."""

    def __init__(self, before: KnowledgeGraph, removed: set[ox.Quad], added: list[ox.Quad]):
        self.before, self.removed, self.added = before, removed, added
        self.files = tuple(before.files) + tuple(sorted({graph_name_to_path(q.graph_name) for q in added}
                                                        - set(before.files)))

    def quads_for_pattern(self, s=None, p=None, o=None, g=None):
        for q in self.before.store.quads_for_pattern(s, p, o, g):
            if q not in self.removed:
                yield q
        for q in self.added:
            if (s is None or q.subject == s) and (p is None or q.predicate == p) and \
                    (o is None or q.object == o) and (g is None or q.graph_name == g):
                yield q

    def materialize(self) -> KnowledgeGraph:
        store = ox.Store()
        store.bulk_extend(self.quads_for_pattern())
        return KnowledgeGraph(store, self.files)


def _show_triple(t: ox.Triple) -> str:
    from .validate import show_term

    def term(x):
        if _is_skolem(x) or isinstance(x, ox.BlankNode):
            return "[ ... ]"
        return show_term(x)
    return f"{term(t.subject)} {term(t.predicate)} {term(t.object)}"


# --- validating only what a change can affect -----------------------------------------------------------

def check_reports(before_kg: KnowledgeGraph, after, shapes: list[ox.Triple], changed: list[ox.Triple], *,
                  ontology_files: Iterable[Path] = (), scoped: bool = True, cache_key: str | None = None, before=None):
    """(the report before the change, the report after it, whether only affected nodes were validated).

    `after` is the graph after the change (a KnowledgeGraph or an _Overlay). The report before comes
    from `before`, else from the cache when these exact inputs were validated before, else from a full
    validation (then cached). Unscoped, the graph after is validated in full. Scoped, the report after
    is the report before with the results about the affected nodes (`affected_nodes`) replaced by those
    of a validation of just these nodes and what surrounds them. tests/test_update.py checks that this
    equals full validation for the changes stewards make.
    """
    if before is None:
        before = _cached_report(cache_key, lambda: validate(before_kg, shapes))
    if not changed:
        return before, before, scoped
    after_kg = after.materialize if isinstance(after, _Overlay) else lambda: after
    if not scoped:
        return before, validate(after_kg(), shapes), False
    views = (before_kg.store, after if isinstance(after, _Overlay) else after.store)
    nodes = affected_nodes(*views, changed)
    if len(nodes) > SCOPE_LIMIT:
        return before, validate(after_kg(), shapes), False
    ids = {n.value for n in nodes if isinstance(n, ox.NamedNode)}
    ids |= {blank_key(view, n) for n in nodes if isinstance(n, ox.BlankNode) for view in views
            if any(True for _ in view.quads_for_pattern(n, None, None, None))}
    inside = [r for r in validate(_neighbourhood(after, nodes, ontology_files), shapes).results if r.focus in ids]
    return before, _report({r for r in before.results if r.focus not in ids} | set(inside)), True


def validate(kg: KnowledgeGraph, shapes: list[ox.Triple]):
    """validate.validate_graph, with each blank node focus named by `blank_key`, so that results about
    nested nodes can be compared across runs (a parser gives blank nodes new ids every time)."""
    from dataclasses import replace

    from .validate import validate_graph

    report = validate_graph(kg, shapes)
    if not any(":" not in r.focus for r in report.results):
        return report
    view = kg.merged  # the store the validator read, with its blank node ids
    return _report(replace(r, focus=blank_key(view, ox.BlankNode(r.focus))) if ":" not in r.focus else r
                   for r in report.results)


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


def _report(results: Iterable) -> "ValidationReport":
    """A report of `results` in validate_graph's order (without the SHACL report graph: not needed here)."""
    from .validate import SEVERITY_ORDER, ValidationReport

    results = tuple(sorted(set(results), key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.shape, r.file, r.line or 0,
                                                        r.focus, r.path, r.value, r.message)))
    return ValidationReport(results)


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
                   and any(True for v in views for _ in v.quads_for_pattern(n, RDF_TYPE, INSTRUMENT, None))}
    for instrument in instruments:
        counterparts = {q.object for v in views for q in v.quads_for_pattern(instrument, COUNTERPART, None, None)}
        for agency in {q.object for v in views for q in v.quads_for_pattern(instrument, AGENCY, None, None)}:
            for view in views:
                for q in view.quads_for_pattern(None, AGENCY, agency, None):
                    if any(True for c in counterparts for _ in view.quads_for_pattern(q.subject, COUNTERPART, c, None)):
                        nodes.add(q.subject)
    return nodes


def _neighbourhood(graph, nodes: set, ontology_files: Iterable[Path]) -> KnowledgeGraph:
    """A graph with the ontology, the triples of `nodes` and of what they point to (four steps out), and,
    for blank nodes, the chain of nodes they hang from (a report names a nested node after it)."""
    view = graph if isinstance(graph, _Overlay) else graph.store
    quads = [q for p in ontology_files for q in view.quads_for_pattern(None, None, None, file_graph_name(p))]
    frontier = {n for n in nodes if not isinstance(n, ox.Literal)}
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
    return KnowledgeGraph(store, graph.files)


# --- the cache of validation reports ---------------------------------------------------------------------

def cache_dir() -> Path | None:
    """Where validation reports are cached (see validate._cache_dir); JHAAN_KG_CACHE=off turns the cache
    off (every update validates in full first)."""
    from .cache import cache_dir as shared_cache_dir

    return shared_cache_dir()


def report_key(ontology_dir: Path, files: Iterable[Path]) -> str:
    """A key for the report of exactly these inputs: their paths and bytes, the validation code, the
    working directory (reports show paths relative to it) and today's date (no date in the future)."""
    h = hashlib.sha256(f"{date.today().isoformat()}\0{Path.cwd()}\0".encode())
    code = Path(__file__).resolve().parent
    for path in sorted({*(p.resolve() for p in turtle_files([ontology_dir])), *(Path(p).resolve() for p in files),
                        *code.glob("*.py")}):
        h.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _cached_report(key: str | None, compute):
    from .validate import ValidationReport, ValidationResult

    folder = cache_dir()
    path = folder / f"report-{key}.json" if folder and key else None
    if path is not None and path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return ValidationReport(tuple(ValidationResult(**r) for r in data["results"]))
        except (ValueError, KeyError, TypeError):
            pass  # a damaged entry: validate again
    report = compute()
    store_report(key, report)
    return report


def store_report(key: str | None, report, keep: int = 20) -> None:
    """Cache `report` as the report of the inputs `key` stands for; keep the `keep` newest entries."""
    folder = cache_dir()
    if folder is None or key is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(folder / f"report-{key}.json", json.dumps({"results": [asdict(r) for r in report.results]}))
        entries = sorted(folder.glob("report-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[keep:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs time
