"""Placing a result: the offending node by its label, in the file and on the line it came from."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from ..load import KnowledgeGraph, subject_line
from ..namespaces import PREF_LABEL, RDFS_LABEL, shorten
from .report import ValidationResult


def make_result(kg: KnowledgeGraph, *, severity: str, focus, path: str = "", result_path: str = "", value=None,
                message: str, shape: str, source_shape: str = "", component: str = "") -> ValidationResult:
    """A result about `focus` placed in its file and line: `focus` and `value` are pyoxigraph terms (`value`
    None when the result has none), `path` the path as a steward reads it and `result_path` in Turtle,
    `shape` the shape's name and `source_shape` its term, `component` the constraint component's <IRI>."""
    anchor = _named_anchor(kg, focus)
    file, line = _locate(kg, anchor if anchor is not None else focus)
    return ValidationResult(severity=severity, focus=focus.value, focus_label=_describe(kg, focus, anchor), path=path,
                            value=show_term(value), message=message, shape=shape, file=file, line=line,
                            focus_node=str(focus), result_path=result_path,
                            value_node=str(value) if value is not None else "", source_shape=source_shape,
                            component=component)


def _named_anchor(kg: KnowledgeGraph, node) -> ox.NamedNode | None:
    """The node itself if it has an IRI, else the nearest named node that points to it."""
    seen = set()
    while isinstance(node, ox.BlankNode) and node not in seen:
        seen.add(node)
        parents = [q.subject for q in kg.merged.quads_for_pattern(None, None, node, None)]
        node = parents[0] if parents else None
    return node if isinstance(node, ox.NamedNode) else None


def _label(kg: KnowledgeGraph, node) -> str | None:
    for predicate in (PREF_LABEL, RDFS_LABEL):
        for quad in kg.merged.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
            return quad.object.value
    return None


def _describe(kg: KnowledgeGraph, focus, anchor) -> str:
    if isinstance(focus, ox.NamedNode):
        label = _label(kg, focus)
        return f"{label} ({shorten(focus.value)})" if label else shorten(focus.value)
    if anchor is not None:
        label = _label(kg, anchor)
        name = f"{label} ({shorten(anchor.value)})" if label else shorten(anchor.value)
        return f"a node inside {name}"
    if isinstance(focus, ox.Literal):  # a literal focus node (sh:targetNode "text")
        return show_term(focus)
    if isinstance(focus, ox.BlankNode):  # a top-level blank node: say what it is and what it links
        facts = [f"{shorten(q.predicate.value)} {show_term(q.object)}"
                 for q in kg.merged.quads_for_pattern(focus, None, None, None)]
        kind = next((f[len("rdf:type "):] for f in facts if f.startswith("rdf:type ")), "node")
        links = [f for f in facts if not f.startswith("rdf:type ") and "://" not in f][:2]
        return f"an unnamed {kind}" + (f" [{'; '.join(sorted(links))}]" if links else "")
    return "a blank node"


def show_term(value) -> str:
    """An rdflib or pyoxigraph term as a steward reads it: a prefixed name or a quoted literal."""
    if value is None:
        return ""
    datatype = getattr(value, "datatype", None)
    if datatype is not None or hasattr(value, "language"):  # a literal
        dt = getattr(datatype, "value", datatype)
        return f'"{value if isinstance(value, str) else value.value}"' + (
            f"^^{shorten(str(dt))}" if dt and not str(dt).endswith("#string") and not str(dt).endswith("#langString") else "")
    text = getattr(value, "value", str(value))
    return shorten(text) if "://" in text else "a blank node"


def _locate(kg: KnowledgeGraph, node) -> tuple[str, int | None]:
    if node is None or isinstance(node, ox.Literal):
        return "", None
    files = kg.files_of(node)
    if not files:
        return "", None
    path = files[0]
    return _display_path(path), subject_line(path, node.value) if isinstance(node, ox.NamedNode) else None


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
