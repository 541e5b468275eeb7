"""SHACL validation of the loaded graph, with results a data steward can read.

pySHACL is wrapped once here (see STYLE.md): it takes graphs we parsed ourselves, and its results
graph is turned into frozen dataclasses that say which node, property, value, file and line.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from .load import KnowledgeGraph, subject_line
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

    @property
    def report_turtle(self) -> str:
        """The results as a standard SHACL validation report graph, in Turtle (made when asked for)."""
        return report_to_turtle(self.results)

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


class ShapesError(Exception):
    """The shapes themselves are broken (pySHACL refused them)."""


def validate_graph(kg: KnowledgeGraph, shapes: list[ox.Triple]) -> ValidationReport:
    """Validate `kg` against `shapes`; only violations make it non-conforming.

    Every constraint runs as SPARQL over the pyoxigraph store, one query per constraint
    (`shacl_core` for SHACL Core, `sparql_constraints` for SHACL-SPARQL); a shape using a component
    `shacl_core` does not compile is run by pySHACL instead. Tests check that the results equal
    pySHACL's on the same data and shapes.
    """
    from .shacl_core import run_checks
    from .sparql_constraints import run_sparql_constraints

    if not shapes:
        return ValidationReport(())
    compiled = compile_all(shapes)
    results = [make_result(kg, severity=check.severity, focus=focus, path=shorten(check.path) if check.path else "",
                           value=show_term(value), message=check.message, shape=check.shape)
               for check, focus, value in run_checks(kg.merged, compiled.checks)]
    if compiled.leftover:
        results += _run_pyshacl(kg, compiled)
    results += run_sparql_constraints(kg, compiled.sparql)
    results = tuple(sorted(set(results), key=lambda r: (SEVERITY_ORDER.get(r.severity, 9), r.shape, r.file, r.line or 0,
                                                        r.focus, r.path, r.value, r.message)))
    return ValidationReport(results)


@dataclass(frozen=True)
class CompiledShapes:
    checks: tuple  # shacl_core.CompiledCheck
    sparql: tuple  # sparql_constraints.SparqlConstraint
    leftover: tuple[str, ...]  # IRIs of node shapes for pySHACL
    shapes_ntriples: bytes  # the shapes themselves, for pySHACL and for naming anonymous shapes


def compile_all(shapes: list[ox.Triple]) -> CompiledShapes:
    """The shapes compiled to SPARQL, cached by their content (compiling needs rdflib: about 0.3 s)."""
    import pickle

    from .cache import cached_bytes

    canonical = ox.Dataset(ox.Quad(t.subject, t.predicate, t.object) for t in shapes)
    canonical.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)  # same blank node names on every run
    data = ox.serialize(sorted((q.triple for q in canonical), key=str), format=ox.RdfFormat.N_TRIPLES)
    code = Path(__file__).resolve().parent
    key = data + b"".join((code / m).read_bytes() for m in ("shacl_core.py", "sparql_constraints.py", "validate.py"))
    blob = cached_bytes("shapes", key, lambda: pickle.dumps(_compile(data)))
    try:
        return pickle.loads(blob)
    except Exception:  # a stale cache entry (classes changed): compile again
        return _compile(data)


def _compile(shapes_ntriples: bytes) -> CompiledShapes:
    import rdflib

    from .shacl_core import compile_shapes
    from .sparql_constraints import split_shapes

    shapes_graph = rdflib.Graph().parse(data=shapes_ntriples, format="nt")
    core_shapes, sparql_shapes = split_shapes(shapes_graph)
    checks, leftover = compile_shapes(core_shapes)
    return CompiledShapes(tuple(checks), tuple(sparql_shapes), tuple(str(s) for s in leftover), shapes_ntriples)


def _only(shapes_graph, node_shapes):
    """The part of `shapes_graph` that `node_shapes` need (pySHACL validates every shape it is given)."""
    import rdflib

    keep = rdflib.Graph()
    targets = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf"}
    for s, p, o in shapes_graph:
        is_other_shape = str(p).startswith(SH) and str(p)[len(SH):] in targets and s not in node_shapes
        if not is_other_shape:
            keep.add((s, p, o))
    return keep


def _run_pyshacl(kg: KnowledgeGraph, compiled: CompiledShapes) -> list[ValidationResult]:
    import pyshacl
    import rdflib

    from .sparql_constraints import split_shapes

    shapes_graph = rdflib.Graph().parse(data=compiled.shapes_ntriples, format="nt")
    core_shapes, _ = split_shapes(shapes_graph)
    shapes = _only(core_shapes, {rdflib.URIRef(s) for s in compiled.leftover})
    _, results_graph, text = pyshacl.validate(to_rdflib(kg.merged), shacl_graph=shapes, advanced=True,
                                              inference="none", allow_warnings=True, allow_infos=True)
    if not isinstance(results_graph, rdflib.Graph):  # pySHACL puts its failure in this slot
        raise ShapesError(str(results_graph) or text)
    return _read_results(results_graph, kg, shapes_graph)


def to_rdflib(store: ox.Store):
    """An rdflib graph with the store's triples, blank node ids kept (so results can be traced back)."""
    import rdflib

    def term(t):
        if isinstance(t, ox.NamedNode):
            return rdflib.URIRef(t.value)
        if isinstance(t, ox.BlankNode):
            return rdflib.BNode(t.value)
        return rdflib.Literal(t.value, lang=t.language, datatype=None if t.language else t.datatype.value)

    graph = rdflib.Graph()
    for q in store.quads_for_pattern(None, None, None, None):
        graph.add((term(q.subject), term(q.predicate), term(q.object)))
    return graph


def make_result(kg: KnowledgeGraph, *, severity: str, focus, path: str, value: str, message: str,
                shape: str) -> ValidationResult:
    """A result about `focus` (a pyoxigraph term), placed in its file and line."""
    anchor = _named_anchor(kg, focus)
    file, line = _locate(kg, anchor if anchor is not None else focus)
    return ValidationResult(severity=severity, focus=focus.value if hasattr(focus, "value") else str(focus),
                            focus_label=_describe(kg, focus, anchor), path=path, value=value, message=message,
                            shape=shape, file=file, line=line)


def report_to_turtle(results) -> str:
    """The results as a standard SHACL validation report graph."""
    import rdflib

    sh = rdflib.Namespace(SH)
    g = rdflib.Graph()
    g.bind("sh", sh)
    report = rdflib.BNode()
    g.add((report, rdflib.RDF.type, sh.ValidationReport))
    g.add((report, sh.conforms, rdflib.Literal(not any(r.severity == "Violation" for r in results))))
    for r in results:
        node = rdflib.BNode()
        g.add((report, sh.result, node))
        g.add((node, rdflib.RDF.type, sh.ValidationResult))
        g.add((node, sh.resultSeverity, sh[r.severity]))
        g.add((node, sh.focusNode, rdflib.URIRef(r.focus) if "://" in r.focus else rdflib.BNode(r.focus)))
        g.add((node, sh.resultMessage, rdflib.Literal(r.message)))
        g.add((node, sh.sourceShape, rdflib.Literal(r.shape)))
        if r.path:
            g.add((node, sh.resultPath, rdflib.Literal(r.path)))
        if r.value:
            g.add((node, sh.value, rdflib.Literal(r.value)))
    return g.serialize(format="turtle")


def _read_results(results_graph, kg: KnowledgeGraph, shapes_graph) -> list[ValidationResult]:
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for result in results_graph.subjects(rdflib.RDF.type, sh.ValidationResult):
        path = results_graph.value(result, sh.resultPath)
        message = results_graph.value(result, sh.resultMessage)
        out.append(make_result(
            kg,
            severity=str(results_graph.value(result, sh.resultSeverity)).rsplit("#", 1)[-1],
            focus=_to_ox(results_graph.value(result, sh.focusNode)),
            path=shorten(str(path)) if isinstance(path, rdflib.URIRef) else (str(path) if path is not None else ""),
            value=show_term(results_graph.value(result, sh.value)),
            message=str(message) if message is not None else "",
            shape=_shape_name(shapes_graph, results_graph.value(result, sh.sourceShape))))
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
        parents = [q.subject for q in kg.merged.quads_for_pattern(None, None, node, None)]
        node = parents[0] if parents else None
    return node if isinstance(node, ox.NamedNode) else None


def _label(kg: KnowledgeGraph, node) -> str | None:
    for predicate in ("http://www.w3.org/2004/02/skos/core#prefLabel", "http://www.w3.org/2000/01/rdf-schema#label"):
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


def _shape_name(shapes_graph, shape) -> str:
    import rdflib

    if isinstance(shape, rdflib.URIRef):
        return shorten(str(shape))
    # an anonymous property shape: name it after the node shape that holds it and its path
    parent = next(shapes_graph.subjects(rdflib.URIRef(SH + "property"), shape), None)
    path = shapes_graph.value(shape, rdflib.URIRef(SH + "path"))
    base = shorten(str(parent)) if isinstance(parent, rdflib.URIRef) else "anonymous shape"
    return f"{base} / {shorten(str(path))}" if isinstance(path, rdflib.URIRef) else base


def _locate(kg: KnowledgeGraph, node) -> tuple[str, int | None]:
    if node is None:
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


