"""Where the triples of a change go: which files hold the triples to remove, which file each new one joins.

The rule (the same for `update` and `import`) is in `change`'s docstring.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pyoxigraph as ox

from ..errors import ChangeError
from ..load import KnowledgeGraph, graph_name_to_path
from ..namespaces import JHAAN, PREFIXES, RDF_TYPE
from ..validate import show_term
from .turtle import TurtleFile, blank_node_names

if TYPE_CHECKING:
    from .change import Change

TYPE = ox.NamedNode(RDF_TYPE)
INSTRUMENT = ox.NamedNode(JHAAN + "CooperationInstrument")
AGENCY = ox.NamedNode(JHAAN + "agency")
COUNTERPART = ox.NamedNode(JHAAN + "counterpart")
AGENCY_NS = PREFIXES["agency"]
DEFAULT_FILE = "additions.ttl"


def resolve_removals(kg: KnowledgeGraph, files: dict[Path, TurtleFile], change: Change) -> dict[Path, set[ox.Triple]]:
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


def new_triples(kg: KnowledgeGraph, files: dict[Path, TurtleFile], change: Change) -> tuple[list[ox.Triple], int]:
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


def place(kg: KnowledgeGraph, files: dict[Path, TurtleFile], additions: list[ox.Triple], root: Path) -> dict[ox.Triple, Path]:
    """The file each added triple goes to (the rule in the module's docstring)."""
    instruments = {t.subject for t in additions if t.predicate == TYPE and t.object == INSTRUMENT}
    agency_of = {t.subject: t.object.value for t in additions if t.predicate == AGENCY and isinstance(t.object, ox.NamedNode)}
    referrers: dict[object, list[object]] = defaultdict(list)
    for t in sorted(additions, key=str):
        if not isinstance(t.object, ox.Literal) and t.object != t.subject:
            referrers[t.object].append(t.subject)
    subjects = {t.subject for t in additions}
    classes: dict[object, list[ox.NamedNode]] = defaultdict(list)
    for t in additions:
        if t.predicate == TYPE and isinstance(t.object, ox.NamedNode):
            classes[t.subject].append(t.object)
    decided: dict[object, Path] = {}

    def destination(subject, seen: frozenset) -> Path:
        if subject not in decided:
            home = _home_file(kg, files, subject) if isinstance(subject, ox.NamedNode) else None
            if home is not None:
                decided[subject] = home
            elif subject in instruments and agency_of.get(subject, "").startswith(AGENCY_NS):
                decided[subject] = instrument_file(root, agency_of[subject])
            else:
                parents = [p for p in referrers.get(subject, []) if p not in seen and p in subjects]
                if parents:
                    decided[subject] = destination(parents[0], seen | {subject})
                else:
                    decided[subject] = _class_home(kg, files, classes.get(subject, [])) or root / DEFAULT_FILE
        return decided[subject]

    targets = {t: destination(t.subject, frozenset()).resolve() for t in additions}
    for path in set(targets.values()):
        confined(root, path)
        if path not in files and path.exists():
            raise ChangeError(path, "the change would write to this file, but it is not part of the graph that was "
                                    "loaded (add it with --graph)")
    return targets


SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def instrument_file(root: Path, agency: str) -> Path:
    """The file of the instruments of `agency` (an IRI under agency:): instruments/<slug>.ttl inside `root`.
    ChangeError when the IRI does not end in a slug (lower-case letters, digits, hyphens), so that no
    IRI can name a path of its choosing."""
    slug = agency[len(AGENCY_NS):] if agency.startswith(AGENCY_NS) else ""
    if not SLUG.fullmatch(slug):
        raise ChangeError(agency, "an agency's IRI must end in a slug of lower-case letters, digits and "
                                        "hyphens (such as agency:eu-lisa); this one names no file of graph/")
    return confined(root, root / "instruments" / f"{slug}.ttl")


def confined(root: Path, path: Path) -> Path:
    """`path`, checked to lie inside the graph folder `root`; ChangeError otherwise."""
    if not Path(path).resolve().is_relative_to(Path(root).resolve()):
        raise ChangeError(path, f"the change would write outside the graph folder {root}; nothing was written")
    return path


def moved_instruments(kg: KnowledgeGraph, files: dict[Path, TurtleFile], additions: list[ox.Triple],
                      root: Path) -> dict[ox.NamedNode, Path]:
    """Instruments of the graph that a change gives another agency -> the file of that agency, where they
    move whole (when they sit in an agency's file of instruments/)."""
    moves = {}
    for t in additions:
        if t.predicate != AGENCY or not isinstance(t.object, ox.NamedNode):
            continue
        if not any(True for _ in kg.store.quads_for_pattern(t.subject, TYPE, INSTRUMENT, None)):
            continue
        home = _home_file(kg, files, t.subject)
        destination = instrument_file(root, t.object.value).resolve()
        if home is not None and home.parent == (root / "instruments").resolve() and home != destination:
            moves[t.subject] = destination
    return moves


def subtree(triples: set[ox.Triple], node) -> set[ox.Triple]:
    """The triples of `node` and of the blank nodes nested under it, among `triples`."""
    found, todo, seen = set(), [node], set()
    while todo:
        current = todo.pop()
        seen.add(current)
        for t in triples:
            if t.subject == current:
                found.add(t)
                if isinstance(t.object, ox.BlankNode) and t.object not in seen:
                    todo.append(t.object)
    return found


def _class_home(kg: KnowledgeGraph, files: dict[Path, TurtleFile], types: list[ox.NamedNode]) -> Path | None:
    """The graph file that holds more than half of the subjects of one of `types`, if there is one."""
    count: dict[Path, int] = defaultdict(int)
    for cls in types:
        for q in kg.store.quads_for_pattern(None, TYPE, cls, None):
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
            score[path][0] += q.predicate == TYPE
            score[path][1] += 1
    return max(sorted(score), key=lambda p: (score[p][0] > 0, score[p][1])) if score else None


def prefixes_for(existing: dict[str, str], offered: dict[str, str], added: Iterable[ox.Triple],
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


def _show_triple(t: ox.Triple) -> str:
    def term(x):
        if _is_skolem(x) or isinstance(x, ox.BlankNode):
            return "[ ... ]"
        return show_term(x)
    return f"{term(t.subject)} {term(t.predicate)} {term(t.object)}"


