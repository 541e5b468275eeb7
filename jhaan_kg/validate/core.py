"""SHACL Core constraints compiled to SPARQL and run over the pyoxigraph store, one query per constraint.

The components this project's shapes use are compiled (SUPPORTED); a shape that uses any other component,
a path other than one property, or a parameter of a constraint component its shapes graph declares
(SHACL-SPARQL section 6) is handed back to the caller, which runs it in pySHACL: nothing is skipped. Tests
compare the results with pySHACL's and with the W3C test suite.

A literal the store rewrote ("3"^^xsd:int kept as "3"^^xsd:integer: load/written.py) is judged on the form
its file wrote by the checks whose verdict depends on that form (sh:datatype, and sh:class, sh:nodeKind,
sh:node and sh:or built from them): the store's rows about it give way to Python's verdicts (`run_checks`).
The shapes are read with rdflib, imported only when they are compiled (a cache miss: engine.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import SH
from .datatypes import has_datatype, sparql_string, sparql_test
from .shapes import (TARGETS, TYPE_PATH, is_true, message_of, name_of, path_forms, severity_of, sh, source_shape,
                     target_selects)
from .terms import sparql_term

# the components compiled here, by their key (sh:minCount) and the name of their component
COMPONENTS = {"minCount": "MinCount", "maxCount": "MaxCount", "datatype": "Datatype", "class": "Class",
              "pattern": "Pattern", "minInclusive": "MinInclusive", "hasValue": "HasValue", "uniqueLang": "UniqueLang",
              "in": "In", "node": "Node", "or": "Or", "nodeKind": "NodeKind"}
# what a compiled property shape may say besides its constraints (sh:sparql runs in sparql.py)
SUPPORTED = set(COMPONENTS) | {"path", "name", "description", "message", "severity", "order", "group", "flags",
                               "sparql", "deactivated"}
# what a node shape may say and still be compiled: its targets, property shapes, names and SPARQL constraints
NODE_KEYS = set(TARGETS) | {"property", "name", "description", "message", "severity", "sparql", "order", "group",
                            "target", "deactivated"}
# sh:nodeKind: the test each kind of node passes (SHACL 4.1.2)
NODE_KINDS = {"IRI": "isIRI({v})", "Literal": "isLiteral({v})", "BlankNode": "isBlank({v})",
              "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))", "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
              "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))"}
CUSTOM = "parameter"  # the key of a parameter of a declared constraint component


class Unsupported(Exception):
    pass


@dataclass(frozen=True)
class CompiledCheck:
    shape: str  # the shape's name in reports
    source_shape: str  # the shape, in Turtle
    severity: str
    message: str
    path: str  # the path's label
    result_path: str  # the path, in Turtle
    predicate: str  # the path's IRI (a compiled path is one property)
    component: str  # <IRI> of the constraint component
    focus: str  # a group pattern selecting the focus nodes as ?this
    query: str  # SELECT ?this (?value): one row per result
    literal_test: tuple | None = None  # how Python judges a literal value (`literal_violates`), where it can


def compile_shapes(graph, shapes) -> tuple[list[CompiledCheck], list]:
    """(compiled checks, shapes left for pySHACL) for `shapes` (the shapes with targets) of `graph`."""
    parameters = component_parameters(graph)
    checks, leftover = [], []
    for shape in shapes:
        try:
            checks.extend(_compile_shape(graph, shape, parameters))
        except Unsupported:
            leftover.append(shape)
    return checks, leftover


def component_parameters(graph) -> set:
    """The paths of the parameters of the constraint components the shapes graph declares (SHACL 6.2)."""
    import rdflib

    classes = set(graph.transitive_subjects(rdflib.RDFS.subClassOf, sh("ConstraintComponent")))
    components = {c for cls in classes for c in graph.subjects(rdflib.RDF.type, cls)}  # SHACL instances
    return {p for c in components for param in graph.objects(c, sh("parameter")) for p in graph.objects(param, sh("path"))}


def _keys(graph, node, parameters: set) -> set[str]:
    keys = {str(p)[len(SH):] for p in graph.predicates(node, None) if str(p).startswith(SH)}
    if any((node, p, None) in graph for p in parameters):
        keys.add(CUSTOM)
    return keys


def _compile_shape(graph, shape, parameters: set) -> list[CompiledCheck]:
    keys = _keys(graph, shape, parameters)
    properties = [p for p in graph.objects(shape, sh("property")) if not is_true(graph, p, "deactivated")]
    is_property_shape = graph.value(shape, sh("path")) is not None
    own = keys - NODE_KEYS - ({"path"} if is_property_shape else set())
    if not own and not properties:  # targets, names and SPARQL constraints only (sparql.py runs those)
        return []
    if "target" in keys or (own and not is_property_shape):  # a custom target, or a node-level constraint
        raise Unsupported(shape)
    focus = "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {s} }}" for s in _focus_selects(graph, shape)) + " } }"
    if is_property_shape:  # a property shape with targets of its own (SHACL 2.3)
        return _compile_property(graph, None, shape, focus, parameters, extra_keys=set(TARGETS))
    checks = []
    for prop in properties:
        checks.extend(_compile_property(graph, shape, prop, focus, parameters))
    return checks


def _focus_selects(graph, shape) -> list[str]:
    try:
        return target_selects(graph, shape)
    except ValueError:  # a blank node target cannot be written in a query
        raise Unsupported(shape) from None


def _compile_property(graph, parent, prop, focus: str, parameters: set, extra_keys: set = frozenset()) -> list[CompiledCheck]:
    import rdflib

    path = graph.value(prop, sh("path"))
    if not isinstance(path, rdflib.URIRef) or _keys(graph, prop, parameters) - SUPPORTED - extra_keys:
        raise Unsupported(prop)
    _, turtle_path, label = path_forms(graph, path)
    name, severity, message = name_of(prop, parent, label), severity_of(graph, prop), message_of(graph, prop)
    checks = []
    for component, where, group, test in _constraints(graph, prop, sparql_term(path)):
        if group:  # counting constraints report the focus node only
            query = f"SELECT ?this WHERE {{ {focus} {where} }} {group}"
        else:
            query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {where} }}"
        checks.append(CompiledCheck(name, source_shape(prop), severity, message, label, turtle_path, str(path),
                                    f"<{SH}{component}ConstraintComponent>", focus, query, test))
    return checks


def _constraints(graph, prop, p: str) -> list[tuple[str, str, str, tuple | None]]:
    """(component, WHERE body, GROUP BY clause or "", Python's test for a literal value or None) per
    constraint of the property shape; ?this is the focus node and ?value the offending value."""
    from rdflib.collection import Collection

    out = []
    for n in graph.objects(prop, sh("minCount")):
        out.append(("MinCount", f"OPTIONAL {{ ?this {p} ?v }}", f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(n)})", None))
    for n in graph.objects(prop, sh("maxCount")):
        out.append(("MaxCount", f"?this {p} ?v", f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(n)})", None))
    values = f"?this {p} ?value . "
    for d in graph.objects(prop, sh("datatype")):
        out.append(("Datatype", values + f"FILTER (!{sparql_test('?value', str(d))})", "", ("datatype", str(d))))
    for c in graph.objects(prop, sh("class")):
        out.append(("Class", values + f"FILTER NOT EXISTS {{ ?value {TYPE_PATH} {sparql_term(c)} }}", "", ("never",)))
    for pattern in graph.objects(prop, sh("pattern")):
        flags = graph.value(prop, sh("flags"))
        regex = f'REGEX(STR(?value), {sparql_string(str(pattern))}{", " + sparql_string(str(flags)) if flags else ""})'
        out.append(("Pattern", values + f"FILTER (isBlank(?value) || !{regex})", "", None))
    for kind in graph.objects(prop, sh("nodeKind")):
        name = str(kind)[len(SH):]
        if name not in NODE_KINDS:
            raise Unsupported(kind)
        out.append(("NodeKind", values + f"FILTER (!{NODE_KINDS[name].format(v='?value')})", "", ("nodeKind", name)))
    for n in graph.objects(prop, sh("minInclusive")):  # an error (not comparable) is a violation too
        out.append(("MinInclusive", values + f"FILTER (!COALESCE({_term(n)} <= ?value, false))", "", None))
    for v in graph.objects(prop, sh("hasValue")):
        out.append(("HasValue", f"FILTER NOT EXISTS {{ ?this {p} {_term(v)} }}", "", None))
    if is_true(graph, prop, "uniqueLang"):  # "true" only: SHACL names no other form (W3C uniqueLang-002)
        out.append(("UniqueLang", f'?this {p} ?v . FILTER (LANG(?v) != "")',
                    "GROUP BY ?this (LCASE(LANG(?v))) HAVING (COUNT(DISTINCT ?v) > 1)", None))
    for members in graph.objects(prop, sh("in")):  # RDF term equality, not SPARQL's = (1 is not 1.0)
        tests = " || ".join(f"sameTerm(?value, {_term(m)})" for m in Collection(graph, members)) or "false"
        out.append(("In", values + f"FILTER (!({tests}))", "", None))
    for node in graph.objects(prop, sh("node")):
        test, parts = _conforms(graph, node, "?value")
        out.append(("Node", values + f"FILTER (!({test}))", "", ("not", parts)))
    for alternatives in graph.objects(prop, sh("or")):
        shapes = [_conforms(graph, s, "?value") for s in Collection(graph, alternatives)]
        tests = " || ".join(test for test, _ in shapes) or "false"
        out.append(("Or", values + f"FILTER (!({tests}))", "", ("or", tuple(parts for _, parts in shapes))))
    return out


def _conforms(graph, shape, var: str) -> tuple[str, tuple]:
    """(a SPARQL expression: `var` conforms to `shape`, the parts Python checks for a literal), for shapes
    made of sh:class, sh:datatype and property shapes with sh:hasValue; Unsupported otherwise."""
    import rdflib

    keys = _keys(graph, shape, set())
    tests, parts = [], []
    for c in graph.objects(shape, sh("class")):
        tests.append(f"EXISTS {{ {var} {TYPE_PATH} {sparql_term(c)} }}")
        parts.append(("never",))  # a literal is no instance of a class
    for d in graph.objects(shape, sh("datatype")):
        tests.append(sparql_test(var, str(d)))
        parts.append(("datatype", str(d)))
    for prop in graph.objects(shape, sh("property")):
        path, value = graph.value(prop, sh("path")), graph.value(prop, sh("hasValue"))
        if not isinstance(path, rdflib.URIRef) or value is None or _keys(graph, prop, set()) - {"path", "hasValue", "message", "name"}:
            raise Unsupported(shape)
        tests.append(f"EXISTS {{ {var} {sparql_term(path)} {_term(value)} }}")
        parts.append(("never",))  # a literal has no properties
    if keys - {"class", "datatype", "property", "name", "message", "description"} or not tests:
        raise Unsupported(shape)
    return " && ".join(tests), tuple(parts)


def literal_violates(test: tuple, literal: ox.Literal) -> bool:
    """Python's verdict on a literal value, for a check whose `literal_test` is `test`."""
    kind = test[0]
    if kind == "datatype":
        return not has_datatype(literal, test[1])
    if kind == "nodeKind":
        return "Literal" not in test[1]
    if kind == "not":
        return not _meets(test[1], literal)
    if kind == "or":
        return not any(_meets(parts, literal) for parts in test[1])
    return True  # "never": no literal conforms


def _meets(parts: tuple, literal: ox.Literal) -> bool:
    return all(part[0] == "datatype" and has_datatype(literal, part[1]) for part in parts)


def run_checks(kg, checks: list[CompiledCheck]) -> list[tuple[CompiledCheck, object, object]]:
    """(check, focus, value or None) for every result found over the merged graph of `kg`."""
    store, found, focus_nodes = kg.merged, [], {}
    for check in checks:
        solutions = store.query(check.query)
        has_value = any(v.value == "value" for v in solutions.variables)
        rewritten = _rewritten(kg.written, check) if check.literal_test else {}
        for row in solutions:
            value = row["value"] if has_value else None
            if (row["this"], value) not in rewritten:  # those are judged on their written form below
                found.append((check, row["this"], value))
        if rewritten:
            if check.focus not in focus_nodes:
                focus_nodes[check.focus] = {row["this"] for row in store.query(f"SELECT ?this WHERE {check.focus}")}
            for (subject, _), forms in rewritten.items():
                if subject in focus_nodes[check.focus]:
                    found += [(check, subject, form) for form in forms if literal_violates(check.literal_test, form)]
    return found


def _rewritten(written: dict, check: CompiledCheck) -> dict:
    """(subject, stored value) -> the literals written for it, for the triples of the check's property."""
    return {(t.subject, t.object): forms for t, forms in written.items() if t.predicate.value == check.predicate}


def _term(t) -> str:
    try:
        return sparql_term(t)
    except ValueError:  # a blank node in sh:hasValue or sh:in
        raise Unsupported(t) from None
