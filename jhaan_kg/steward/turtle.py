"""Canonical Turtle: one stable, readable form for the triples of one file.

Written so that a git diff of graph/ shows only what a change changed:

- the file's leading comment lines, then its prefixes in their original order (one `@prefix` a line);
- named subjects sorted by IRI, then labelled blank nodes; one block per subject, a blank line between;
- in a block, `a` (rdf:type) first, then the predicates sorted as written; the objects of a predicate
  sorted as written, one per line when there are several;
- a blank node that is the object of exactly one triple is written inline as `[ ... ]` (on one line when
  it is short and holds no other blank node); any other blank node gets a label `_:bN`;
- literals escaped so that they parse back to the same value (numbers and booleans bare only when their
  lexical form is the one Turtle would read back).

Comments inside the body of a file are not kept (the header is). Language tags come out in lower case,
as the parser gives them (RDF compares them without regard to case).

>>> import pyoxigraph as ox
>>> s, p = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")
>>> print(to_turtle([ox.Triple(s, p, ox.Literal('say "hi"'))], {"ex": "http://example.org/"}), end="")
@prefix ex: <http://example.org/> .
<BLANKLINE>
ex:s ex:p "say \\"hi\\"" .
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from ..atomic import write_atomically
from ..errors import EXIT_VIOLATIONS, InputError, Outcome
from ..load import is_shapes_file, parse_turtle, turtle_files
from ..namespaces import RDF_TYPE, XSD
from ..project import display_path
from .lock import graph_lock

INDENT = "    "
INLINE_WIDTH = 160  # a nested blank node without nested nodes goes on one line when this short

_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_]([A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?$")
_PREFIX_DECL = re.compile(r"^\s*(?:@prefix|PREFIX)\s+([A-Za-z][\w.\-]*)?:\s*<([^>]*)>", re.IGNORECASE | re.MULTILINE)
_BARE = {
    XSD + "integer": re.compile(r"^[+-]?[0-9]+$"),
    XSD + "decimal": re.compile(r"^[+-]?[0-9]*\.[0-9]+$"),
    XSD + "double": re.compile(r"^[+-]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)[eE][+-]?[0-9]+$"),
    XSD + "boolean": re.compile(r"^(true|false)$"),
}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


@dataclass(frozen=True)
class TurtleFile:
    """The triples of one Turtle file with what is needed to write it back: prefixes and header."""

    path: Path
    triples: tuple[ox.Triple, ...]
    prefixes: dict[str, str]  # prefix -> namespace, in the order the file declares them
    header: str = ""  # the comment lines the file starts with


def read_turtle_file(path: Path, data: bytes | None = None) -> TurtleFile:
    """Parse `path` (or its bytes), keeping its prefixes in order and its leading comments.

    Raises InputError (file and line) when the file is not UTF-8 or not Turtle.
    """
    path = Path(path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as e:
            raise InputError(path, e.strerror or str(e)) from None
    triples = parse_turtle(path, data)
    text = data.decode("utf-8")
    prefixes: dict[str, str] = {}
    for name, namespace in _PREFIX_DECL.findall(text):
        prefixes.pop(name, None)  # a prefix declared twice: the last declaration counts, at its place
        prefixes[name] = namespace
    return TurtleFile(path, tuple(triples), prefixes, leading_comments(text))


def leading_comments(text: str) -> str:
    """The comment lines at the very top of a Turtle text (blank lines between them kept)."""
    lines = []
    for line in text.splitlines():
        if line.startswith("#") or (lines and not line.strip()):
            lines.append(line.rstrip())
        else:
            break
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines)


def to_turtle(triples: Iterable[ox.Triple], prefixes: dict[str, str], header: str = "") -> str:
    """The canonical Turtle text of `triples`, using `prefixes` (kept in their order, unused ones too)."""
    return _Writer(set(triples), prefixes).write(header)


def format_file(path: Path) -> tuple[str, bool]:
    """(the canonical text of the Turtle file `path`, whether the file already has it)."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(path, e.strerror or str(e)) from None
    parsed = read_turtle_file(path, data)
    text = to_turtle(parsed.triples, parsed.prefixes, parsed.header)
    return text, data == text.encode("utf-8")


def same_graph(a: Iterable[ox.Triple], b: Iterable[ox.Triple]) -> bool:
    """Whether two sets of triples are the same graph, blank nodes compared by what they describe.

    Exact for the graphs of this project (blank nodes form trees); a quick check, not a general
    isomorphism test (the tests use rdflib.compare for that).
    """
    a, b = list(a), list(b)
    return len(set(a)) == len(set(b)) and skolemize(a) == skolemize(b)


def skolemize(triples: Iterable[ox.Triple]) -> set[ox.Triple]:
    """The triples with every blank node replaced by an IRI made from a hash of what it describes
    (its own triples, recursively), so that two parses of the same data give equal triples.

    >>> read = lambda: [q.triple for q in ox.parse(b'<http://x/s> <http://x/p> [ <http://x/q> 1 ] .', format=ox.RdfFormat.TURTLE)]
    >>> read() == read(), skolemize(read()) == skolemize(read())
    (False, True)
    """
    triples = set(triples)
    names = blank_node_names(triples)
    return {ox.Triple(names.get(t.subject, t.subject), t.predicate, names.get(t.object, t.object)) for t in triples}


def blank_node_names(triples: Iterable[ox.Triple]) -> dict[ox.BlankNode, ox.NamedNode]:
    """Each blank node of `triples` -> `urn:jhaan:bnode:<hash of what it describes>` (see skolemize).
    A blank node on a cycle of blank nodes is described without following the cycle."""
    by_subject: dict[ox.BlankNode, list[ox.Triple]] = defaultdict(list)
    objects = set()
    for t in triples:
        if type(t.subject) is ox.BlankNode:
            by_subject[t.subject].append(t)
        if type(t.object) is ox.BlankNode:
            objects.add(t.object)
    cyclic = _on_cycles(by_subject)
    names: dict[ox.BlankNode, ox.NamedNode] = {}

    def name(node: ox.BlankNode) -> ox.NamedNode:
        if node not in names:
            parts = sorted(f"{t.predicate} " + ("cycle" if node in cyclic and t.object in cyclic else
                                                 str(name(t.object)) if type(t.object) is ox.BlankNode else str(t.object))
                           for t in by_subject.get(node, []))
            digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]
            names[node] = ox.NamedNode(f"urn:jhaan:bnode:{digest}")
        return names[node]

    for node in [*by_subject, *objects]:
        name(node)
    return names


def _on_cycles(by_subject: dict[ox.BlankNode, list[ox.Triple]]) -> set[ox.BlankNode]:
    """The blank nodes that lie on a cycle of blank nodes (each other's objects)."""
    edges = {s: {t.object for t in ts if type(t.object) is ox.BlankNode} for s, ts in by_subject.items()}
    state: dict = {}  # 1 = on the current path, 2 = done
    cyclic: set = set()
    for start in edges:
        if start in state:
            continue
        stack = [(start, iter(edges.get(start, ())))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
            elif state.get(child) == 1:
                cyclic.update(path[path.index(child):])
            elif child not in state:
                state[child] = 1
                path.append(child)
                stack.append((child, iter(edges.get(child, ()))))
    return cyclic


class _Writer:
    def __init__(self, triples: set[ox.Triple], prefixes: dict[str, str]):
        self.prefixes = dict(prefixes)
        # longest namespace first, so that the most specific prefix wins
        self._namespaces = sorted(((ns, p) for p, ns in self.prefixes.items()), key=lambda x: -len(x[0]))
        self.by_subject: dict[object, list[ox.Triple]] = defaultdict(list)
        for t in triples:
            self.by_subject[t.subject].append(t)
        self.nested = self._nestable(triples)
        self.labels: dict[ox.BlankNode, str] = {}

    def write(self, header: str = "") -> str:
        named = sorted((s for s in self.by_subject if isinstance(s, ox.NamedNode)), key=lambda s: s.value)
        # blank nodes that are not nested: labelled, in the order of what they say (labels left out)
        loose = [s for s in self.by_subject if isinstance(s, ox.BlankNode) and s not in self.nested]
        loose.sort(key=lambda s: self._block(s, 0, anonymous=True))
        self.labels = {b: f"_:b{i}" for i, b in enumerate(loose)}
        # a blank node that only appears as an object and is not nested needs a label too
        for t in (t for ts in self.by_subject.values() for t in ts):
            if isinstance(t.object, ox.BlankNode) and t.object not in self.nested and t.object not in self.labels:
                self.labels[t.object] = f"_:b{len(self.labels)}"
        parts = [header.rstrip() + "\n"] if header.strip() else []
        if self.prefixes:
            parts.append("".join(f"@prefix {p}: <{_escape_iri(ns)}> .\n" for p, ns in self.prefixes.items()))
        parts.extend(self._block(s, 0) + " .\n" for s in [*named, *loose])
        return "\n".join(parts)

    def _nestable(self, triples: set[ox.Triple]) -> set[ox.BlankNode]:
        """Blank nodes that are the object of exactly one triple and hang, through such nodes, from a
        subject that is written on its own (so no cycle of nested nodes)."""
        incoming = Counter(t.object for t in triples if isinstance(t.object, ox.BlankNode))
        parent = {t.object: t.subject for t in triples if isinstance(t.object, ox.BlankNode) and incoming[t.object] == 1}
        nested: set[ox.BlankNode] = set()
        for node in list(parent):
            while node in parent and node not in nested:
                chain, current = [], node
                while current in parent and current not in nested and current not in chain:
                    chain.append(current)
                    current = parent[current]
                if current not in chain:  # reached a named or labelled subject: the chain nests
                    nested.update(chain)
                    break
                # a cycle: its first node (by id) is written as a labelled node, then try again
                del parent[min(chain[chain.index(current):], key=lambda b: b.value)]
        return nested

    # --- rendering -------------------------------------------------------------------------------

    def _block(self, subject, depth: int, anonymous: bool = False) -> str:
        """`subject` and its predicate-object list, as a statement without the final dot."""
        head = "_:b" if anonymous and isinstance(subject, ox.BlankNode) else self._term(subject, depth)
        body = self._predicate_objects(subject, depth + 1)
        return head + " " + body[len(INDENT) * (depth + 1):] if body else head

    def _predicate_objects(self, subject, depth: int) -> str:
        """The predicate-object list, one predicate a line, each line indented `depth` times."""
        groups: dict[str, list[str]] = defaultdict(list)
        for t in self.by_subject.get(subject, []):
            groups["a" if t.predicate.value == RDF_TYPE else self._iri(t.predicate.value)].append(self._term(t.object, depth))
        lines = []
        for predicate in sorted(groups, key=lambda p: (p != "a", p)):
            objects = sorted(groups[predicate])
            pad = INDENT * depth
            text = objects[0]
            for previous, current in zip(objects, objects[1:]):
                # nested nodes written over several lines follow each other as `] , [`
                both_blocks = previous.endswith("\n" + pad + "]") and current.startswith("[\n")
                text += (" , " if both_blocks else " ,\n" + pad + INDENT) + current
            lines.append(pad + predicate + " " + text)
        return " ;\n".join(lines)

    def _term(self, term, depth: int = 0) -> str:
        if isinstance(term, ox.NamedNode):
            return self._iri(term.value)
        if isinstance(term, ox.BlankNode):
            if term not in self.nested:
                return self.labels.get(term, "_:b")
            return self._inline(term, depth)
        if isinstance(term, ox.Literal):
            return self._literal(term)
        raise ValueError(f"cannot write {term!r} in Turtle")

    def _inline(self, node: ox.BlankNode, depth: int) -> str:
        """A nested blank node: `[ p o ; q r ]` when short and flat, else one predicate a line."""
        if not self.by_subject.get(node):
            return "[]"
        flat = all(not (isinstance(t.object, ox.BlankNode) and t.object in self.nested) for t in self.by_subject[node])
        if flat:
            one_line = self._predicate_objects(node, 0).replace(" ;\n", " ; ").replace(" ,\n" + INDENT, " , ")
            if len(one_line) + 4 <= INLINE_WIDTH:
                return f"[ {one_line} ]"
        return "[\n" + self._predicate_objects(node, depth + 1) + "\n" + INDENT * depth + "]"

    def _iri(self, iri: str) -> str:
        for namespace, prefix in self._namespaces:
            if iri.startswith(namespace):
                local = iri[len(namespace):]
                if local == "" or _LOCAL_NAME.match(local):
                    return f"{prefix}:{local}"
        return f"<{_escape_iri(iri)}>"

    def _literal(self, literal: ox.Literal) -> str:
        value = literal.value
        quoted = '"' + "".join(_ESCAPES.get(c, c if ord(c) >= 0x20 and c != "\x7f" else f"\\u{ord(c):04X}")
                               for c in value) + '"'
        if literal.language:
            return f"{quoted}@{literal.language}"
        datatype = literal.datatype.value
        if datatype == XSD + "string":
            return quoted
        pattern = _BARE.get(datatype)
        if pattern is not None and pattern.match(value):
            return value
        return f"{quoted}^^{self._iri(datatype)}"


def _escape_iri(iri: str) -> str:
    return "".join(c if ord(c) > 0x20 and c not in '<>"{}|^`\\' else f"\\u{ord(c):04X}" for c in iri)


def format_files(paths: Iterable[Path], check: bool = False, wait: bool = True,
                 say: Callable[[str], None] = lambda message: None) -> Outcome:
    """`jhaan-kg format`: rewrite the data files under `paths` in canonical form (with `check`, only say
    which are not; exit 1 when any is not). Every file is checked before any is written; one writer at a
    time (lock.py)."""
    paths = list(paths)
    first = Path(paths[0])
    with graph_lock(first if first.is_dir() else first.parent, wait, say):
        return _format_files(paths, check)


def _format_files(paths: list[Path], check: bool) -> Outcome:
    files = [f for f in turtle_files(paths) if not is_shapes_file(f)]
    pending = []
    for path in files:
        text, canonical = format_file(path)
        if canonical:
            continue
        if not same_graph(read_turtle_file(path).triples, read_turtle_file(path, text.encode("utf-8")).triples):
            raise InputError(path, "the canonical form would not hold the same graph; file left as it is")
        pending.append((path, text))
    lines = []
    for path, text in pending:
        if check:
            lines.append(f"not canonical: {display_path(path)}")
        else:
            write_atomically(path, text)
            lines.append(f"formatted {display_path(path)}")
    if check and pending:
        lines.append(f"{len(pending)} of {len(files)} files are not in canonical form; `jhaan-kg format` rewrites them.")
        return Outcome("".join(f"{line}\n" for line in lines), EXIT_VIOLATIONS)
    if check:
        lines.append(f"All {len(files)} files are in canonical form.")
    else:
        lines.append(f"{len(pending)} files formatted, {len(files) - len(pending)} already in canonical form.")
    return Outcome("".join(f"{line}\n" for line in lines))
