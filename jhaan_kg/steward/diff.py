"""What changed between two versions of the graph, in the words of the domain.

`diff_graphs(old, new)` compares two sets of triples and describes the differences a steward cares
about: instruments added or removed, status changes, corrected dates, participants of events, events
added, labels changed, sources added. Each rule says which triples it explains; whatever no rule
explains is counted at the end (and listed with `--triples`).

Both sides are read from a Turtle file, a folder, or a git revision (`git show REV:path` for every
.ttl file under the graph folder at that revision). Nested nodes (`[ ... ]`) are compared by what they
describe, so the same data written in another order shows no change.

>>> import pyoxigraph as ox
>>> old = [ox.Triple(ox.NamedNode("https://w3id.org/jhaan-kg/id/event/e"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("Meeting", language="en"))]
>>> new = [ox.Triple(old[0].subject, old[0].predicate, ox.Literal("Annual meeting", language="en"))]
>>> print(diff_graphs(old, new).to_text(), end="")
label changed: event:e from "Meeting" to "Annual meeting"
No other change.
"""

from __future__ import annotations

import json
import subprocess
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from ..errors import InputError
from ..load import is_shapes_file, load_graph, turtle_files
from ..namespaces import DCTERMS_SOURCE as SOURCE
from ..namespaces import DCTERMS_TITLE, JHAAN, PREF_LABEL, PROV, RDF_TYPE, RDFS_LABEL, shorten
from .turtle import read_turtle_file, skolemize

LABELS = (PREF_LABEL, RDFS_LABEL)
INSTRUMENT_DATES = {JHAAN + "dateSigned": "dateSigned", JHAAN + "yearSigned": "yearSigned",
                    JHAAN + "dateInForce": "dateInForce"}
EVENT_DATES = {JHAAN + "startDate": "startDate", JHAAN + "endDate": "endDate", JHAAN + "period": "period"}
INSTRUMENT_LINKS = {JHAAN + "agency": "agency", JHAAN + "counterpart": "counterpart", JHAAN + "instrumentType": "type",
                    JHAAN + "allowsPersonalDataExchange": "personal data", JHAAN + "concludedBy": "concluded by",
                    JHAAN + "supersedes": "supersedes"}


@dataclass(frozen=True)
class Difference:
    kind: str  # "instrument added", "status changed", "date corrected", ...
    node: str  # the node it is about (prefixed name)
    text: str  # the sentence shown


@dataclass(frozen=True)
class GraphDiff:
    differences: tuple[Difference, ...]
    other_added: tuple[ox.Triple, ...]  # triple changes no rule explains
    other_removed: tuple[ox.Triple, ...]

    def to_text(self, list_triples: bool = False) -> str:
        lines = [d.text for d in self.differences]
        others = len(self.other_added) + len(self.other_removed)
        if others:
            lines.append(f"{others} other triple change{'s' if others != 1 else ''} ({len(self.other_added)} added, "
                         f"{len(self.other_removed)} removed) not described above"
                         + (":" if list_triples else "; --triples lists them."))
            if list_triples:
                lines.extend(f"  + {_show_triple(t)}" for t in self.other_added)
                lines.extend(f"  - {_show_triple(t)}" for t in self.other_removed)
        elif self.differences:
            lines.append("No other change.")
        else:
            lines.append("No change.")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps({"differences": [asdict(d) for d in self.differences],
                           "other_added": [_show_triple(t) for t in self.other_added],
                           "other_removed": [_show_triple(t) for t in self.other_removed]}, indent=2, ensure_ascii=False)


# --- reading both sides -----------------------------------------------------------------------------

def read_side(spec: str, graph_dir: Path) -> list[ox.Triple]:
    """The triples of a Turtle file, of the .ttl files under a folder, or of the .ttl files under
    `graph_dir` at the git revision `spec`. InputError when it is none of these or cannot be read."""
    path = Path(spec)
    if path.exists():
        files = [f for f in turtle_files([path]) if not is_shapes_file(f)]
        return [t for f in files for t in skolemize(read_turtle_file(f).triples)]
    return read_revision(spec, graph_dir)


def read_revision(revision: str, graph_dir: Path) -> list[ox.Triple]:
    """Every .ttl file under `graph_dir` as it was at the git `revision`."""
    graph_dir = Path(graph_dir).resolve()
    top = _git(graph_dir, "rev-parse", "--show-toplevel", what=str(graph_dir)).strip()
    if _git(graph_dir, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}", what=revision, check=False) is None:
        raise InputError(Path(revision), "neither a file, a folder nor a git revision")
    prefix = graph_dir.relative_to(Path(top).resolve()).as_posix()
    names = _git(Path(top), "ls-tree", "-r", "--name-only", revision, "--", prefix, what=revision).splitlines()
    triples: list[ox.Triple] = []
    for name in sorted(n for n in names if n.endswith(".ttl") and not is_shapes_file(Path(n))):
        data = subprocess.run(["git", "-C", top, "show", f"{revision}:{name}"], capture_output=True, check=True).stdout
        triples.extend(skolemize(read_turtle_file(Path(f"{revision}:{name}"), data).triples))
    return triples


def _git(folder: Path, *args: str, what: str, check: bool = True) -> str | None:
    try:
        done = subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True)
    except OSError as e:
        raise InputError(Path(what), f"git is not available ({e.strerror})") from None
    if done.returncode != 0:
        if not check:
            return None
        raise InputError(Path(what), (done.stderr.strip().splitlines() or ["git failed"])[-1])
    return done.stdout


# --- comparing --------------------------------------------------------------------------------------

class _Side:
    """One version of the graph, indexed by subject."""

    def __init__(self, triples: Iterable[ox.Triple]):
        self.triples = set(triples)
        self.by_subject: dict[object, list[ox.Triple]] = defaultdict(list)
        for t in self.triples:
            self.by_subject[t.subject].append(t)

    def values(self, subject, predicate: str) -> set:
        return {t.object for t in self.by_subject.get(subject, ()) if t.predicate.value == predicate}

    def value(self, subject, predicate: str):
        found = sorted(self.values(subject, predicate), key=str)
        return found[0] if found else None

    def typed(self, cls: str) -> set:
        return {t.subject for t in self.triples if t.predicate.value == RDF_TYPE and t.object.value == cls}

    def subtree(self, node) -> set[ox.Triple]:
        """The triples of `node` and of the nested nodes under it."""
        out, todo, seen = set(), [node], set()
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            for t in self.by_subject.get(current, ()):
                out.add(t)
                if _is_nested(t.object):
                    todo.append(t.object)
        return out


def diff_graphs(old: Iterable[ox.Triple], new: Iterable[ox.Triple], labels: Iterable[ox.Triple] = ()) -> GraphDiff:
    """The differences between two versions of the graph (nested nodes skolemized, see read_side);
    `labels` (the ontology, for example) names concepts in the sentences."""
    old_side, new_side = _Side(skolemize(old)), _Side(skolemize(new))
    namer = _Namer(new_side, old_side, _Side(labels))
    added, removed = new_side.triples - old_side.triples, old_side.triples - new_side.triples
    covered: set[ox.Triple] = set()
    out: list[Difference] = []
    for rule in (_instruments, _events, _source_documents, _labels, _sources):
        out.extend(rule(old_side, new_side, namer, covered))
    return GraphDiff(tuple(out), tuple(sorted(added - covered, key=str)), tuple(sorted(removed - covered, key=str)))


def _instruments(old: _Side, new: _Side, name: "_Namer", covered: set) -> list[Difference]:
    out = []
    cls = JHAAN + "CooperationInstrument"
    before, after = old.typed(cls), new.typed(cls)
    for verb, nodes, side in (("added", after - before, new), ("removed", before - after, old)):
        for i in sorted(nodes, key=str):
            covered |= side.subtree(i)
            covered |= {t for t in (new.triples if verb == "added" else old.triples) if t.object == i}
            out.append(Difference(f"instrument {verb}", shorten(i.value),
                                  f"instrument {verb}: {name.node(i)}: {_describe_instrument(side, i, name)}"))
    for i in sorted(before & after, key=str):
        out.extend(_changed_values(old, new, i, INSTRUMENT_DATES, "date corrected", name, covered))
        out.extend(_changed_values(old, new, i, INSTRUMENT_LINKS, "instrument changed", name, covered))
        out.extend(_status_changes(old, new, i, name, covered))
    return out


def _describe_instrument(side: _Side, i, name: "_Namer") -> str:
    agency = side.value(i, JHAAN + "agency")
    counterparts = sorted(name.term(c) for c in side.values(i, JHAAN + "counterpart"))
    kind = side.value(i, JHAAN + "instrumentType")
    signed = side.value(i, JHAAN + "dateSigned") or side.value(i, JHAAN + "yearSigned")
    return (f"{name.term(kind) if kind else 'no type'}, {name.acronym(agency) if agency else 'no agency'} with "
            f"{', '.join(counterparts) or 'no counterpart'}, signed {signed.value if signed else 'on an unknown date'}")


def _changed_values(old: _Side, new: _Side, node, predicates: dict[str, str], kind: str, name: "_Namer",
                    covered: set) -> list[Difference]:
    out = []
    for predicate, word in predicates.items():
        was, now = old.values(node, predicate), new.values(node, predicate)
        if was == now or any(_is_nested(v) for v in was | now):
            continue
        covered |= {t for t in old.by_subject.get(node, ()) if t.predicate.value == predicate}
        covered |= {t for t in new.by_subject.get(node, ()) if t.predicate.value == predicate}
        show = lambda values: ", ".join(sorted(name.term(v) for v in values)) or "none"
        if not was:
            text = f"{word} added: {show(now)}"
        elif not now:
            text = f"{word} removed (was {show(was)})"
        else:
            text = f"{word} from {show(was)} to {show(now)}"
        out.append(Difference(kind, shorten(node.value), f"{kind}: {name.node(node)} {text}"))
    return out


def _status_changes(old: _Side, new: _Side, i, name: "_Namer", covered: set) -> list[Difference]:
    link = JHAAN + "statusChange"
    was, now = old.values(i, link), new.values(i, link)
    gone, came = sorted(was - now, key=str), sorted(now - was, key=str)
    out = []
    for change in gone + came:
        side = old if change in gone else new
        covered |= side.subtree(change) | {ox.Triple(i, ox.NamedNode(link), change)}
    edited = {}
    for c in came:  # a status change with the same status that replaced one: an edit
        status = new.value(c, JHAAN + "status")
        match = next((g for g in gone if old.value(g, JHAAN + "status") == status and g not in edited.values()), None)
        if match is not None:
            edited[c] = match
    for c in came:
        status, when, reason = _status(new, c, name)
        if c in edited:
            details = []
            o_status, o_when, o_reason = _status(old, edited[c], name)
            if o_when != when:
                details.append(f"date from {o_when or 'none'} to {when or 'none'}")
            if o_reason != reason:
                details.append(f"reason now \"{reason}\"" if reason else "reason removed")
            text = f"status change edited: {name.node(i)} {status}: " + ("; ".join(details) or "its sources or notes changed")
            out.append(Difference("status change edited", shorten(i.value), text))
            continue
        previous = _latest_status(old, i, name)
        text = f"status changed: {name.node(i)} from {previous} to {status}" + (f" on {when}" if when else "") + \
            (f" (reason: {reason})" if reason else "")
        out.append(Difference("status changed", shorten(i.value), text))
    for g in gone:
        if g in edited.values():
            continue
        status, when, _ = _status(old, g, name)
        out.append(Difference("status change removed", shorten(i.value),
                              f"status change removed: {name.node(i)} {status}" + (f" on {when}" if when else "")))
    return out


def _status(side: _Side, change, name: "_Namer") -> tuple[str, str, str]:
    status = side.value(change, JHAAN + "status")
    when = side.value(change, JHAAN + "statusDate")
    bound = side.value(change, JHAAN + "statusNotBefore")
    reason = side.value(change, JHAAN + "reason")
    return (name.term(status).lower() if status else "an unknown status",
            when.value if when else (f"not before {bound.value}" if bound else ""), reason.value if reason else "")


def _latest_status(side: _Side, i, name: "_Namer") -> str:
    dated = []
    for c in side.values(i, JHAAN + "statusChange"):
        status, when, _ = _status(side, c, name)
        dated.append((when.replace("not before ", ""), status))
    return max(dated)[1] if dated else "active"


def _events(old: _Side, new: _Side, name: "_Namer", covered: set) -> list[Difference]:
    out = []
    cls = JHAAN + "Event"
    before, after = old.typed(cls), new.typed(cls)
    for verb, nodes, side in (("added", after - before, new), ("removed", before - after, old)):
        for e in sorted(nodes, key=str):
            covered |= side.subtree(e)
            when = side.value(e, JHAAN + "startDate") or side.value(e, JHAAN + "period")
            people = len(side.values(e, PROV + "qualifiedAssociation"))
            out.append(Difference(f"event {verb}", shorten(e.value), f"event {verb}: {name.node(e)}"
                                  + (f" on {when.value}" if when else "") + f", {people} participant{'s' if people != 1 else ''}"))
    for e in sorted(before & after, key=str):
        out.extend(_changed_values(old, new, e, EVENT_DATES, "date corrected", name, covered))
        link = PROV + "qualifiedAssociation"
        parties = lambda side, nodes: {(side.value(a, PROV + "agent"), side.value(a, PROV + "hadRole")): a for a in nodes}
        was = parties(old, old.values(e, link) - new.values(e, link))
        now = parties(new, new.values(e, link) - old.values(e, link))
        for verb, pairs, others, side in (("added to", now, was, new), ("removed from", was, now, old)):
            for (agent, role), node in sorted(pairs.items(), key=str):
                if (agent, role) in others:
                    continue  # the same participant, described differently: left to the count
                covered |= side.subtree(node) | {ox.Triple(e, ox.NamedNode(link), node)}
                out.append(Difference(f"participant {verb.split()[0]}", shorten(e.value),
                                      f"participant {verb} {name.node(e)}: {name.term(agent) if agent else 'unknown'}"
                                      + (f" as {name.term(role).lower()}" if role else "")))
    return out


def _source_documents(old: _Side, new: _Side, name: "_Namer", covered: set) -> list[Difference]:
    out = []
    cls = JHAAN + "SourceDocument"
    before, after = old.typed(cls), new.typed(cls)
    for verb, nodes, side in (("added", after - before, new), ("removed", before - after, old)):
        for s in sorted(nodes, key=str):
            covered |= side.subtree(s)
            title = side.value(s, DCTERMS_TITLE)
            out.append(Difference(f"source {verb}", shorten(s.value), f"source document {verb}: {shorten(s.value)}"
                                  + (f' "{title.value}"' if title else "")))
    return out


def _labels(old: _Side, new: _Side, name: "_Namer", covered: set) -> list[Difference]:
    out = []
    for node in sorted(set(old.by_subject) & set(new.by_subject), key=str):
        for predicate in LABELS:
            was, now = old.values(node, predicate), new.values(node, predicate)
            if was != now and was and now:
                covered |= {ox.Triple(node, ox.NamedNode(predicate), v) for v in was ^ now}
                show = lambda vs: " / ".join(f'"{v.value}"' for v in sorted(vs, key=str))
                out.append(Difference("label changed", shorten(node.value),
                                      f"label changed: {shorten(node.value)} from {show(was - now)} to {show(now - was)}"))
    return out


def _sources(old: _Side, new: _Side, name: "_Namer", covered: set) -> list[Difference]:
    out = []
    for node in sorted(set(old.by_subject) & set(new.by_subject), key=str):
        if _is_nested(node):
            continue
        was, now = old.values(node, SOURCE), new.values(node, SOURCE)
        for verb, values in (("added to", now - was), ("removed from", was - now)):
            for v in sorted(values, key=str):
                t = ox.Triple(node, ox.NamedNode(SOURCE), v)
                if t in covered:
                    continue
                covered.add(t)
                out.append(Difference(f"source {verb.split()[0]}", shorten(node.value),
                                      f"source {verb} {name.node(node)}: {name.term(v)}"))
    return out


class _Namer:
    """Names nodes for the sentences: label and prefixed name, acronyms for agencies."""

    def __init__(self, *sides: _Side):
        self.sides = sides

    def _first(self, node, predicate: str):
        for side in self.sides:
            values = side.values(node, predicate)
            if values:
                english = [v for v in values if getattr(v, "language", None) == "en"]
                return sorted(english or values, key=str)[0].value
        return None

    def node(self, node) -> str:
        label = self._first(node, PREF_LABEL) or self._first(node, RDFS_LABEL)
        return f"{label} ({shorten(node.value)})" if label else shorten(node.value)

    def term(self, node) -> str:
        if isinstance(node, ox.Literal):
            return node.value
        if node is None:
            return "none"
        return self._first(node, PREF_LABEL) or self._first(node, RDFS_LABEL) or shorten(node.value)

    def acronym(self, node) -> str:
        return self._first(node, JHAAN + "acronym") or self.term(node)


def _is_nested(term) -> bool:
    return isinstance(term, ox.NamedNode) and term.value.startswith("urn:jhaan:bnode:")


def _show_triple(t: ox.Triple) -> str:
    def show(x):
        if _is_nested(x):
            return "[ ... ]"
        if isinstance(x, ox.Literal):
            text = '"' + x.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
            if x.language:
                return f"{text}@{x.language}"
            return text if x.datatype.value.endswith("#string") else f"{text}^^{shorten(x.datatype.value)}"
        return shorten(x.value)
    return f"{show(t.subject)} {show(t.predicate)} {show(t.object)}"


def diff_sides(old: str, new: str, graph_dir: Path, ontology_dir: Path) -> GraphDiff:
    """`jhaan-kg diff`: what changed from side `old` to side `new` (files, folders or git revisions of
    `graph_dir`), with types and statuses named from the ontology in `ontology_dir`."""
    before, after = read_side(old, graph_dir), read_side(new, graph_dir)
    return diff_graphs(before, after, list(load_graph([ontology_dir]).triples()))
