"""Reading the shapes graph: which shapes are validated on their own and their focus nodes (SHACL 2.1.3),
their names and severities, paths in the three forms a result needs, and SPARQL prefixes.

The shapes are read with rdflib, at compile time only (its result is cached: engine.py).
"""

from __future__ import annotations

from ..errors import ShapesError
from ..namespaces import OWL, RDF_TYPE, RDFS, RDFS_SUBCLASS_OF, SH, shorten
from .terms import sparql_term, turtle_term

TYPE_PATH = f"<{RDF_TYPE}>/<{RDFS_SUBCLASS_OF}>*"  # what SHACL calls a SHACL instance of a class
TARGETS = ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
PATH_KINDS = {"inversePath": ("^{}", "{}"), "zeroOrMorePath": ("{}*", "({})*"), "oneOrMorePath": ("{}+", "({})+"),
              "zeroOrOnePath": ("{}?", "({})?")}  # kind -> (label, SPARQL) around the inner path


def sh(name: str):
    import rdflib

    return rdflib.URIRef(SH + name)


def is_true(graph, node, name: str) -> bool:
    """Whether `node` has sh:`name` true (written "true": SHACL names no other form)."""
    value = graph.value(node, sh(name))
    return value is not None and str(value) == "true" and str(getattr(value, "datatype", "")).endswith("#boolean")


def implicit_classes(graph) -> set:
    """The shapes that are also classes: each targets the instances of itself (SHACL 2.1.3.3)."""
    import rdflib

    type_, subclass = rdflib.URIRef(RDF_TYPE), rdflib.URIRef(RDFS_SUBCLASS_OF)
    def instances(cls):
        classes = set(graph.transitive_subjects(subclass, rdflib.URIRef(cls)))
        return {s for c in classes for s in graph.subjects(type_, c)}
    return instances(RDFS + "Class") & (instances(SH + "NodeShape") | instances(SH + "PropertyShape"))


def focus_shapes(graph) -> list:
    """The shapes validated on their own: those with a target (explicit, custom or implicit), not
    deactivated, in a stable order."""
    found = {s for name in TARGETS + ("target",) for s in graph.subjects(sh(name), None)} | implicit_classes(graph)
    return sorted((s for s in found if not is_true(graph, s, "deactivated")), key=str)


def target_selects(graph, shape) -> list[str]:
    """One `SELECT ?this` per target of `shape`: class, node, subjects of, objects of, implicit class, and
    SPARQL-based targets (sh:target with sh:select, with its prefixes)."""
    selects = [f"SELECT DISTINCT ?this WHERE {{ ?this {TYPE_PATH} {sparql_term(c)} }}"
               for c in graph.objects(shape, sh("targetClass"))]
    if shape in implicit_classes(graph):
        selects.append(f"SELECT DISTINCT ?this WHERE {{ ?this {TYPE_PATH} {sparql_term(shape)} }}")
    selects += [f"SELECT ?this WHERE {{ VALUES ?this {{ {sparql_term(n)} }} }}" for n in graph.objects(shape, sh("targetNode"))]
    selects += [f"SELECT DISTINCT ?this WHERE {{ ?this {sparql_term(p)} ?any }}"
                for p in graph.objects(shape, sh("targetSubjectsOf"))]
    selects += [f"SELECT DISTINCT ?this WHERE {{ ?any {sparql_term(p)} ?this }}"
                for p in graph.objects(shape, sh("targetObjectsOf"))]
    for target in graph.objects(shape, sh("target")):
        select = graph.value(target, sh("select"))
        if select is None:
            raise ShapesError(f"{name_of(shape)}: a target without sh:select (only SPARQL-based targets are known)")
        selects.append(prefix_lines(graph, target) + str(select))
    return selects


def path_forms(graph, path) -> tuple[str, str, str]:
    """A SHACL path (2.3.1) as (SPARQL property path, Turtle, a label for stewards)."""
    import rdflib
    from rdflib.collection import Collection

    if isinstance(path, rdflib.URIRef):
        return f"<{path}>", f"<{path}>", shorten(str(path))
    if isinstance(path, rdflib.BNode):
        if graph.value(path, rdflib.RDF.first) is not None:  # a sequence
            forms = [path_forms(graph, p) for p in Collection(graph, path)]
            if len(forms) >= 2:
                return ("(" + " / ".join(f[0] for f in forms) + ")", "( " + " ".join(f[1] for f in forms) + " )",
                        "/".join(f[2] for f in forms))
        alternatives = graph.value(path, sh("alternativePath"))
        if alternatives is not None:
            forms = [path_forms(graph, p) for p in Collection(graph, alternatives)]
            if len(forms) >= 2:
                return ("(" + " | ".join(f[0] for f in forms) + ")",
                        f"[ <{SH}alternativePath> ( " + " ".join(f[1] for f in forms) + " ) ]",
                        "(" + "|".join(f[2] for f in forms) + ")")
        for kind, (label, sparql) in PATH_KINDS.items():
            inner = graph.value(path, sh(kind))
            if inner is not None:
                inner_sparql, inner_turtle, inner_label = path_forms(graph, inner)
                return sparql.format(inner_sparql), f"[ <{SH}{kind}> {inner_turtle} ]", label.format(inner_label)
    raise ShapesError(f"{path} is not a SHACL path (SHACL 2.3.1)")


def name_of(shape, parent=None, path_label: str = "") -> str:
    """A shape as reports name it: its prefixed name; an anonymous property shape by its node shape and
    path; another anonymous shape as such."""
    import rdflib

    if isinstance(shape, rdflib.URIRef):
        return shorten(str(shape))
    if parent is not None and path_label:
        return f"{name_of(parent)} / {path_label}"
    return "anonymous shape"


def source_shape(shape) -> str:
    return turtle_term(shape)


def severity_of(graph, shape) -> str:
    """Violation, Warning or Info for SHACL's severities; the <IRI> of any other (SHACL 2.1.5)."""
    severity = graph.value(shape, sh("severity"))
    if severity is None:
        return "Violation"
    return str(severity)[len(SH):] if str(severity) in (SH + "Violation", SH + "Warning", SH + "Info") else f"<{severity}>"


def message_of(graph, node) -> str:
    return str(graph.value(node, sh("message")) or "")


def prefix_lines(graph, node) -> str:
    """The PREFIX lines a SPARQL query of `node` declares through sh:prefixes (SHACL 5.2.1), following
    owl:imports from the declaring resources."""
    import rdflib

    lines, seen, todo = set(), set(), list(graph.objects(node, sh("prefixes")))
    while todo:
        holder = todo.pop()
        if holder in seen:
            continue
        seen.add(holder)
        for declaration in graph.objects(holder, sh("declare")):
            prefix, namespace = graph.value(declaration, sh("prefix")), graph.value(declaration, sh("namespace"))
            if prefix is None or namespace is None:
                raise ShapesError(f"{name_of(holder)}: a prefix declaration without sh:prefix or sh:namespace")
            lines.add(f"PREFIX {prefix}: <{namespace}>\n")
        todo.extend(graph.objects(holder, rdflib.URIRef(OWL + "imports")))
    return "".join(sorted(lines))
