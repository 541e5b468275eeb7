"""Load the project's Turtle files into one embedded store.

With `by_file`, each file goes into a named graph of its own (named after the file), so that every
triple keeps the file it came from: `update` rewrites only the files it touches. Without it, every
triple goes to the default graph, and reports find a node's file by searching the text. Queries read
the union of all files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .files import (file_graph_name, graph_name_to_path, is_shapes_file, parse_turtle, read_utf8, syntax_error,
                    turtle_files)
from .lines import subject_line
from .written import may_rewrite, rewritten


@dataclass
class KnowledgeGraph:
    """The loaded graph: a pyoxigraph store with one named graph per source file (`by_file`), or with
    every triple in its default graph, which needs no merged copy. `written` holds the triples whose literal
    the store rewrote, with the literals as the files wrote them (load/written.py)."""

    store: ox.Store
    files: tuple[Path, ...]
    by_file: bool = True
    written: dict[ox.Triple, tuple[ox.Literal, ...]] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.store)

    def triples(self) -> Iterator[ox.Triple]:
        """Every triple of every file (a triple stated in two files comes twice)."""
        for quad in self.store.quads_for_pattern(None, None, None, None):
            yield quad.triple

    def query(self, sparql: str, **options):
        """Run SPARQL over every triple of every file, each triple counted once."""
        return self.merged.query(sparql, **options)

    def files_of(self, subject: ox.NamedNode | ox.BlankNode) -> list[Path]:
        """The files in which `subject` has triples (without `by_file`: in which it starts a statement)."""
        if not self.by_file:
            if not isinstance(subject, ox.NamedNode):
                return []
            return [f for f in self.files if subject_line(f, subject.value) is not None]
        names = {q.graph_name for q in self.store.quads_for_pattern(subject, None, None, None)}
        return sorted(graph_name_to_path(n) for n in names if isinstance(n, ox.NamedNode))

    @cached_property
    def merged(self) -> ox.Store:
        """A store with every triple once, in its default graph (what SHACL and exports see)."""
        if not self.by_file:
            return self.store
        if self.written:  # `written` names blank nodes by the ids of this store: keep them
            return _merged_keeping_ids(self.store)
        return self.copy_merged_into(ox.Store())

    def copy_merged_into(self, store: ox.Store, bulk: bool = False) -> ox.Store:
        """Add every triple of every file to the default graph of `store` (blank nodes get new ids);
        `bulk` for an on-disk store, whose bulk loader writes its files directly."""
        graphs = list(self.store.named_graphs()) if self.by_file else [ox.DefaultGraph()]
        add = store.bulk_load if bulk else store.load
        for name in graphs:
            # dump and load stay in Rust rather than making a Python object per quad
            add(self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=name), format=ox.RdfFormat.N_TRIPLES)
        return store


def _merged_keeping_ids(store: ox.Store) -> ox.Store:
    """Every triple of every named graph of `store` in the default graph of a new store, blank nodes keeping
    their ids; a blank node two files both label (_:x) is two nodes, so the second file's gets a new id."""
    merged, home, renamed = ox.Store(), {}, {}

    def node(term, graph):
        if not isinstance(term, ox.BlankNode):
            return term
        if home.setdefault(term, graph) == graph:
            return term
        return renamed.setdefault((term, graph), ox.BlankNode())

    merged.extend(ox.Quad(node(q.subject, q.graph_name), q.predicate, node(q.object, q.graph_name)) for q in store)
    return merged


def load_graph(paths: Iterable[Path], by_file: bool = True) -> KnowledgeGraph:
    """Load every Turtle file under `paths` into one store; raise InputError on the first bad file.

    `by_file` keeps each file in a named graph of its own (what `update` needs to rewrite files); without
    it every triple goes to the default graph, and reports find a node's file by searching the text.

    >>> from jhaan_kg.project import find_project
    >>> kg = load_graph([find_project().ontology])
    >>> len(kg) > 0
    True
    """
    files = [f for f in turtle_files(paths) if not is_shapes_file(f)]
    store = ox.Store()
    written: dict[ox.Triple, tuple[ox.Literal, ...]] = {}
    for path in files:
        data = read_utf8(path)
        graph = file_graph_name(path) if by_file else ox.DefaultGraph()
        if may_rewrite(data):  # read in Python, to keep the literals the store rewrites as written
            triples = parse_turtle(path, data, rename_blank_nodes=True)  # as store.load does
            store.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
            written.update(rewritten(triples))
            continue
        if b"<<" in data:  # perhaps RDF-star, which this graph does not use: parse to make sure
            parse_turtle(path, data)
        try:
            # into memory, a plain load is faster and smaller than bulk_load (docs/bench.md)
            store.load(data, format=ox.RdfFormat.TURTLE, base_iri=Path(path).resolve().as_uri(), to_graph=graph)
        except SyntaxError as e:
            raise syntax_error(path, e) from None
    return KnowledgeGraph(store, tuple(files), by_file, written)


def load_shapes(paths: Iterable[Path]) -> list[ox.Triple]:
    """The triples of every shapes file under `paths`."""
    triples: list[ox.Triple] = []
    for path in turtle_files(paths):
        if is_shapes_file(path):
            triples.extend(parse_turtle(path))
    return triples
