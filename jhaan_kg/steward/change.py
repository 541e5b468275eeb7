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

Where the triples go: `placement`. Validating only what a change can affect: `scope`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from .. import cache
from ..atomic import stage_file
from ..errors import EXIT_OK, EXIT_VIOLATIONS, ChangeError, InputError, Outcome, ProjectError
from ..load import KnowledgeGraph, file_graph_name, is_shapes_file, load_graph, load_shapes, turtle_files
from ..namespaces import JHAAN, OWL, RDF_TYPE, RDFS, SH, SHAPES
from ..project import display_path, find_project
from ..query.checks import annex_changes, annex_figures
from ..validate import ValidationReport, show_term
from .lock import graph_lock
from .placement import DEFAULT_FILE, moved_instruments, new_triples, place, prefixes_for, resolve_removals, subtree
from .scope import Overlay, check_reports, keep_report, knowledge_graph, report_key
from .turtle import TurtleFile, read_turtle_file, to_turtle


@dataclass(frozen=True)
class PlanContext:
    """What a plan was made from, so that `remember_applied` can validate the graph as written."""

    files: dict[Path, TurtleFile]
    ontology: KnowledgeGraph
    shapes: list[ox.Triple]
    before_kg: KnowledgeGraph

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

    before: ValidationReport
    after: ValidationReport
    introduced: tuple  # results after the change that were not there before
    resolved: tuple  # results before the change that are gone after it
    writes: tuple[FileWrite, ...]
    added: int  # triples the change adds
    removed: int
    unchanged: int  # triples to add that the graph already holds
    scoped: bool = False  # whether only the nodes the change can affect were validated again
    context: PlanContext | None = field(default=None, repr=False, compare=False)
    annex: tuple[str, ...] = ()  # the figures of the annex the change alters, in words

    @property
    def conforms(self) -> bool:
        """Whether the graph after the change is accepted: no violation (warnings are recommendations)."""
        return not self.after.violations

    def to_text(self, applied: bool = False, display: Callable[[Path], str] = str,
                annotate: Callable[[object], str] = lambda result: "") -> str:
        """What the change adds and resolves, and what was (or would be) written; `annotate` adds to
        each result line (the importer adds the row)."""
        lines = [f"Change: {_count(self.added, 'triple')} to add, {_count(self.removed, 'triple')} to remove"
                 + (f" ({_count(self.unchanged, 'triple')} to add already in the graph)" if self.unchanged else "") + "."]
        for title, results in (("The change would add", self.introduced), ("The change would resolve", self.resolved)):
            if results:
                lines.append(f"{title} {_tally(results)}:")
                lines.extend(_at_most("  " + r.to_text() + annotate(r) for r in results))
        if not self.conforms:
            introduced = set(self.introduced)
            remaining = [r for r in self.after.results if r.severity == "Violation" and r not in introduced]
            if remaining:
                lines.append(f"Violations already in the graph that the change leaves ({len(remaining)}):")
                lines.extend(_at_most("  " + r.to_text() for r in remaining))
            lines.append(f"Refused: the graph would not conform ({_count(self.after.violations, 'violation')}). "
                         "Nothing was written.")
        elif not self.writes:
            lines.append("Nothing to change: the graph already holds every triple.")
        else:
            if self.annex:
                lines.append("Changes the annex: " + "; ".join(self.annex) + ".")
            lines.append(f"{'Wrote' if applied else 'Would write'} {_count(len(self.writes), 'file')}:")
            lines.extend(f"  {display(w.path)}{' (new file)' if w.new else ''}: +{w.added} -{w.removed}"
                         for w in self.writes)
            if not applied:
                lines.append("Nothing written: run again with --apply to write.")
        return "\n".join(lines) + "\n"


SHOWN = 100  # results listed in full per part of a report; the rest are counted


def _at_most(lines: Iterable[str], limit: int = SHOWN) -> list[str]:
    """The first `limit` of `lines`, then a line that counts the rest."""
    lines = list(lines)
    if len(lines) <= limit:
        return lines
    return lines[:limit] + [f"  ... and {len(lines) - limit:,} more (the first {limit} are shown)"]


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
    refuse_rules(change, ontology)
    before_kg = before_kg or knowledge_graph(ontology, {p: f.triples for p, f in files.items()})
    removals = resolve_removals(before_kg, files, change)
    additions, unchanged = new_triples(before_kg, files, change)
    targets = place(before_kg, files, additions, root)

    # the graph after the change, as a view over the store before it; added triples sit in a graph
    # named after the file they came from, so that the report points to the line the steward wrote
    origin = file_graph_name((change.add_origin or root / DEFAULT_FILE).resolve())
    after = Overlay(before_kg, {ox.Quad(t.subject, t.predicate, t.object, file_graph_name(p))
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
    removed = sum(len(t) for t in removals.values())
    removals = defaultdict(set, removals)
    for instrument, destination in moved_instruments(before_kg, files, additions, root).items():
        for path in list(files):  # an instrument given another agency moves whole to that agency's file
            after_change = (set(files[path].triples) - removals[path]) | added_by_file[path]
            moving = subtree(after_change, instrument)
            if moving and path != destination:
                removals[path] |= moving & set(files[path].triples)
                added_by_file[path] -= moving
                added_by_file[destination] |= moving
    removals = {path: ts for path, ts in removals.items() if ts}
    added_by_file = defaultdict(set, {path: ts for path, ts in added_by_file.items() if ts})
    writes = []
    for path in sorted(set(removals) | set(added_by_file)):
        existing = files.get(path)
        old = set(existing.triples) if existing else set()
        new = (old - removals.get(path, set())) | added_by_file.get(path, set())
        prefixes = prefixes_for(existing.prefixes if existing else {}, change.prefixes, added_by_file.get(path, ()), old)
        writes.append(FileWrite(path, frozenset(new), prefixes, existing.header if existing else "",
                                len(added_by_file.get(path, ())), len(removals.get(path, ())), existing is None,
                                frozenset(old)))
    return UpdatePlan(before=before, after=after_report,
                      introduced=tuple(r for r in after_report.results if key(r) not in before_keys),
                      resolved=tuple(r for r in before.results if key(r) not in after_keys),
                      writes=tuple(writes), added=len(additions), removed=removed,
                      unchanged=unchanged, scoped=was_scoped,
                      context=PlanContext(files, ontology, shapes, before_kg),
                      annex=tuple(annex_effect(before_kg, after) if changed else ()))


def annex_effect(before_kg: KnowledgeGraph, after: Overlay) -> list[str]:
    """The figures of the annex (as of today) that the change alters, in words ("Frontex 34 to 35
    instruments"); nothing outside a project, whose catalogue holds the annex-figures query."""
    try:
        catalogue_dir = find_project().queries
    except ProjectError:
        return []
    return annex_changes(annex_figures(before_kg, catalogue_dir), annex_figures(after.materialize(), catalogue_dir))


RULE_NAMESPACES = (SH, OWL)  # predicates and classes of shapes and of the ontology's axioms
RULE_PREDICATES = {RDFS + name for name in ("subClassOf", "subPropertyOf", "domain", "range")}
RULE_SUBJECTS = (JHAAN, SHAPES)  # the ontology's terms and the shapes


def refuse_rules(change: Change, ontology: KnowledgeGraph) -> None:
    """ChangeError when a change touches the rules rather than the data: a triple about a term of the
    ontology or a shape, one that defines a concept of its schemes (the data may link a concept to a
    footnote with a jhaan: property), or one that states an axiom or a shape (sh:*, owl:*, rdfs:subClassOf
    and the like). Those belong in ontology/, edited by hand and reviewed; graph/ holds instance data."""
    terms = {q.subject for q in ontology.store.quads_for_pattern(None, None, None, None)}
    for triples, origin in ((change.add, change.add_origin), (change.remove, change.remove_origin)):
        for t in triples:
            subject_is_rule = (isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(RULE_SUBJECTS)
                               or t.subject in terms and not t.predicate.value.startswith(JHAAN))
            states_rule = (t.predicate.value.startswith(RULE_NAMESPACES) or t.predicate.value in RULE_PREDICATES
                           or (t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode)
                               and t.object.value.startswith(RULE_NAMESPACES)))
            if subject_is_rule or states_rule:
                raise ChangeError(origin or Path("change"),
                                  f"{show_term(t.subject)} {show_term(t.predicate)} {show_term(t.object)}: a change to "
                                  "graph/ holds instance data only; terms, shapes, concept schemes and axioms belong "
                                  "in ontology/, where they are edited by hand and reviewed")


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
    if cache.cache_dir() is None or plan.context is None:
        return
    files, ontology, shapes, before_kg = (plan.context.files, plan.context.ontology, plan.context.shapes,
                                          plan.context.before_kg)
    written = {w.path: w.triples for w in plan.writes}
    after_kg = knowledge_graph(ontology, {**{p: f.triples for p, f in files.items()}, **written})
    changed = [t for w in plan.writes for t in set(w.old) ^ set(w.triples)]
    _, after, _ = check_reports(before_kg, after_kg, shapes, changed, ontology_files=ontology.files, before=plan.before)
    keep_report(report_key(ontology_dir, [*files, *written]), after)


def finish_change(plan: UpdatePlan, apply: bool, ontology_dir: Path, preface: Iterable[str] = (),
                  annotate: Callable[[object], str] = lambda result: "") -> Outcome:
    """Write a checked change when asked and it conforms, and say what it adds, resolves and writes;
    exit 0 when it conforms, 1 when it is refused."""
    applied = apply and plan.conforms and bool(plan.writes)
    if applied:
        apply_plan(plan)
        remember_applied(plan, ontology_dir)
    text = "".join(f"{line}\n" for line in preface)
    text += plan.to_text(applied=applied, display=lambda path: str(display_path(path)), annotate=annotate)
    return Outcome(text, EXIT_OK if plan.conforms else EXIT_VIOLATIONS)


def update_graph(ontology_dir: Path, graph_paths: list[Path], add: Path | None, remove: Path | None, *,
                 apply: bool = False, scoped: bool = True, wait: bool = True,
                 say: Callable[[str], None] = lambda message: None) -> Outcome:
    """`jhaan-kg update`: check the change of the files `add` and `remove`, and write it when asked; one
    writer at a time (lock.py)."""
    change = read_change(add, remove)
    with graph_lock(graph_root(graph_paths), wait, say):
        return finish_change(plan_update(ontology_dir, graph_paths, change, scoped=scoped), apply, ontology_dir)
