"""SHACL validation of the loaded graph, with results a data steward can read.

pySHACL is wrapped once here (see STYLE.md): it takes graphs we parsed ourselves, and its results
graph is turned into frozen dataclasses that say which node, property, value, file and line.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .load import KnowledgeGraph
from .namespaces import shorten

SH = "http://www.w3.org/ns/shacl#"
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class ValidationResult:
    severity: str  # Violation, Warning or Info
    focus: str  # IRI (or blank node id) of the offending node
    focus_label: str  # its label, or that of the named node it hangs from
    path: str
    value: str
    message: str
    shape: str
    file: str = ""
    line: int | None = None

    def to_text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        parts = [f"{self.severity}: {self.focus_label}", f"property {self.path}" if self.path else "",
                 f"value {self.value}" if self.value else "", self.message, f"[{self.shape}]", f"({where})" if where else ""]
        return " | ".join(p for p in parts if p)


@dataclass(frozen=True)
class ValidationReport:
    results: tuple[ValidationResult, ...]
    report_turtle: str = field(default="", repr=False)

    @property
    def conforms(self) -> bool:
        return self.violations == 0

    @property
    def violations(self) -> int:
        return sum(r.severity == "Violation" for r in self.results)

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(r.severity for r in self.results))

    def to_text(self) -> str:
        if not self.results:
            return "Conforms: no violations, no warnings.\n"
        lines = []
        by_shape = Counter((r.severity, r.shape) for r in self.results)
        for (severity, shape), n in sorted(by_shape.items(), key=lambda kv: (SEVERITY_ORDER[kv[0][0]], kv[0][1])):
            lines.append(f"{severity} x{n} {shape}")
            lines.extend("  " + r.to_text() for r in self.results if (r.severity, r.shape) == (severity, shape))
        totals = ", ".join(f"{n} {s.lower()}{'s' if n != 1 else ''}" for s, n in sorted(self.counts.items(), key=lambda kv: SEVERITY_ORDER[kv[0]]))
        lines.append(("Conforms" if self.conforms else "Does not conform") + f": {totals}.")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps({"conforms": self.conforms, "counts": self.counts,
                           "results": [asdict(r) for r in self.results]}, indent=2, ensure_ascii=False)


def validate_graph(kg: KnowledgeGraph, shapes: list[ox.Triple]) -> ValidationReport:
    """Validate `kg` against `shapes` (SHACL with SPARQL constraints).

    Warnings and infos never make the graph non-conforming; only violations do.
    """
    import pyshacl
    import rdflib

    if not shapes:
        return ValidationReport(())
    shapes_graph = rdflib.Graph()
    shapes_graph.parse(data=ox.serialize(shapes, format=ox.RdfFormat.N_TRIPLES), format="nt")
    _, results_graph, _ = pyshacl.validate(kg.merged, shacl_graph=shapes_graph, advanced=True,
                                           allow_warnings=True, allow_infos=True, inference="none")
    results = tuple(sorted(_read_results(results_graph, kg, shapes_graph),
                           key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.shape, r.file, r.line or 0, r.focus, r.path, r.value)))
    return ValidationReport(results, results_graph.serialize(format="turtle"))


def _read_results(results_graph, kg: KnowledgeGraph, shapes_graph) -> list[ValidationResult]:
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for result in results_graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = results_graph.value(result, sh.focusNode)
        path = results_graph.value(result, sh.resultPath)
        value = results_graph.value(result, sh.value)
        severity = str(results_graph.value(result, sh.resultSeverity)).rsplit("#", 1)[-1]
        message = results_graph.value(result, sh.resultMessage)
        source_shape = results_graph.value(result, sh.sourceShape)
        anchor = _named_anchor(kg, _to_ox(focus))
        file, line = _locate(kg, anchor)
        out.append(ValidationResult(
            severity=severity,
            focus=str(focus),
            focus_label=_describe(kg, _to_ox(focus), anchor),
            path=shorten(str(path)) if isinstance(path, rdflib.URIRef) else (str(path) if path is not None else ""),
            value=_show_value(kg, value),
            message=str(message) if message is not None else "",
            shape=_shape_name(shapes_graph, source_shape),
            file=file, line=line))
    return out


def _to_ox(term):
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    return None


def _named_anchor(kg: KnowledgeGraph, node) -> ox.NamedNode | None:
    """The node itself if it has an IRI, else the nearest named node that points to it."""
    seen = set()
    while isinstance(node, ox.BlankNode) and node not in seen:
        seen.add(node)
        parents = [q.subject for q in kg.store.quads_for_pattern(None, None, node, None)]
        node = parents[0] if parents else None
    return node if isinstance(node, ox.NamedNode) else None


def _label(kg: KnowledgeGraph, node) -> str | None:
    for predicate in ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label"):
        for quad in kg.store.quads_for_pattern(node, ox.NamedNode(predicate), None, None):
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
    return "a blank node"


def _show_value(kg: KnowledgeGraph, value) -> str:
    import rdflib

    if value is None:
        return ""
    if isinstance(value, rdflib.Literal):
        return f'"{value}"' + (f"^^{shorten(str(value.datatype))}" if value.datatype else "")
    if isinstance(value, rdflib.URIRef):
        return shorten(str(value))
    return "a blank node"


def _shape_name(shapes_graph, shape) -> str:
    import rdflib

    if isinstance(shape, rdflib.URIRef):
        return shorten(str(shape))
    # an anonymous property shape: name it after the node shape that holds it and its path
    parent = next(shapes_graph.subjects(rdflib.URIRef(SH + "property"), shape), None)
    path = shapes_graph.value(shape, rdflib.URIRef(SH + "path"))
    base = shorten(str(parent)) if isinstance(parent, rdflib.URIRef) else "anonymous shape"
    return f"{base} / {shorten(str(path))}" if isinstance(path, rdflib.URIRef) else base


def _locate(kg: KnowledgeGraph, node: ox.NamedNode | None) -> tuple[str, int | None]:
    if node is None:
        return "", None
    files = kg.files_of(node)
    if not files:
        return "", None
    path = files[0]
    return _display_path(path), subject_line(path, node.value)


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@lru_cache(maxsize=256)
def _file_lines(path: Path) -> tuple[tuple[str, ...], dict[str, str]]:
    text = path.read_text(encoding="utf-8")
    prefixes = dict(re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", text, flags=re.IGNORECASE))
    return tuple(text.splitlines()), prefixes


def subject_line(path: Path, iri: str) -> int | None:
    """The line where `iri` starts a statement in the Turtle file `path`, if it can be found."""
    lines, prefixes = _file_lines(path)
    names = [f"<{iri}>"] + [f"{p}:{iri[len(ns):]}" for p, ns in prefixes.items() if iri.startswith(ns) and iri != ns]
    for number, text in enumerate(lines, start=1):
        stripped = text.lstrip()
        if any(stripped.startswith(n) and stripped[len(n):len(n) + 1] in (" ", "\t", "") for n in names):
            return number
    return None
