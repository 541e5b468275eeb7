"""Finding the project's Turtle files and parsing one, with errors that name the file and line."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urlparse

import pyoxigraph as ox

from ..errors import InputError


def is_shapes_file(path: Path) -> bool:
    """Shapes are kept apart from the data they check: files named `shapes*.ttl`."""
    return path.name.startswith("shapes")


def turtle_files(paths: Iterable[Path]) -> list[Path]:
    """Every `.ttl` file named by `paths` (files as given, folders searched recursively), sorted."""
    found: list[Path] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.ttl") if p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(path, "no such file or folder")
    return found


def file_graph_name(path: Path) -> ox.NamedNode:
    """The named graph a file's triples are kept in."""
    return ox.NamedNode(Path(path).resolve().as_uri())


def graph_name_to_path(name: ox.NamedNode) -> Path:
    return Path(unquote(urlparse(name.value).path))


def read_utf8(path: Path) -> bytes:
    """The bytes of `path`, checked to be UTF-8; InputError naming the line otherwise."""
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(path, e.strerror or str(e)) from None
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(path, f"not valid UTF-8 (byte 0x{data[e.start]:02x})", line) from None
    return data


def syntax_error(path: Path, e: SyntaxError) -> InputError:
    """The parser's error as an InputError with the file, line and column."""
    message = str(e.msg if hasattr(e, "msg") else e)
    # pyoxigraph says "Parser error at line 3 between columns 1 and 4: <reason>"; keep the reason.
    reason = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
    return InputError(path, reason, e.lineno, e.offset)


MAX_NESTING = 100  # graph/ nests three levels deep at most; a thousand is an attack or an accident


def parse_turtle(path: Path, data: bytes | None = None, rename_blank_nodes: bool = False) -> list[ox.Triple]:
    """Parse one Turtle file (or its bytes), raising InputError with the line on bad syntax, on quoted
    triples (RDF-star) and on nodes nested more than MAX_NESTING levels deep. Blank nodes keep the labels
    the file gives them (_:x) unless `rename_blank_nodes`, which makes them distinct from another file's."""
    if data is None:
        data = read_utf8(path)
    try:
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE, base_iri=Path(path).resolve().as_uri(),
                                              rename_blank_nodes=rename_blank_nodes)]
    except SyntaxError as e:
        raise syntax_error(path, e) from None
    refuse_quoted_triples(path, triples)
    refuse_deep_nesting(path, triples)
    return triples


def refuse_quoted_triples(path: Path, triples: list[ox.Triple]) -> None:
    """InputError when a triple quotes another (RDF-star): this graph states such a fact as a node of its own
    (a jhaan:Claim), which every SPARQL 1.1 store and tool reads."""
    for t in triples:
        if isinstance(t.subject, ox.Triple) or isinstance(t.object, ox.Triple):
            raise InputError(path, "a quoted triple (RDF-star << ... >>) is not used in this graph: state the fact "
                                   "as a node of its own, as jhaan:Claim does")


def refuse_deep_nesting(path: Path, triples: list[ox.Triple]) -> None:
    """InputError when blank nodes nest more than MAX_NESTING levels deep."""
    parent = {t.object: t.subject for t in triples if isinstance(t.object, ox.BlankNode)}
    depth: dict = {}
    for node in parent:
        chain, seen = [], set()
        while node in parent and node not in depth and node not in seen and len(chain) <= MAX_NESTING:
            chain.append(node)
            seen.add(node)
            node = parent[node]
        level = depth.get(node, 0) if node not in seen else 0  # a cycle of blank nodes nests nothing
        for n in reversed(chain):
            level += 1
            depth[n] = level
            if level > MAX_NESTING:
                raise InputError(path, f"nodes nested more than {MAX_NESTING} levels deep ([ ... [ ... ] ]): "
                                       "write them as nodes of their own")
