"""SHACL Core constraints compiled to SPARQL and run over the pyoxigraph store, one query per constraint.

The components this project's shapes use are compiled; a shape that uses any other component is
handed back to the caller, which runs it in pySHACL, so nothing is silently skipped. Tests compare the
results with pySHACL's on the same data and shapes. The shapes are read with rdflib, imported only when
they are compiled (a cache miss; see the README's layout).
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..namespaces import RDF_TYPE, RDFS_SUBCLASS_OF, SH, XSD, shorten

TYPE_PATH = f"<{RDF_TYPE}>/<{RDFS_SUBCLASS_OF}>*"
# components a property shape may use here; anything else sends its node shape to pySHACL
SUPPORTED = {"path", "name", "description", "message", "severity", "minCount", "maxCount", "datatype", "class",
             "pattern", "minInclusive", "hasValue", "uniqueLang", "node", "or", "in", "order", "group", "nodeKind"}
# sh:nodeKind: the test each kind of node passes (SHACL 4.1.2)
NODE_KINDS = {"IRI": "isIRI({v})", "Literal": "isLiteral({v})", "BlankNode": "isBlank({v})",
              "BlankNodeOrIRI": "(isBlank({v}) || isIRI({v}))", "BlankNodeOrLiteral": "(isBlank({v}) || isLiteral({v}))",
              "IRIOrLiteral": "(isIRI({v}) || isLiteral({v}))"}
NODE_KEYS = {"targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "property", "name", "description",
             "message", "severity"}


class Unsupported(Exception):
    pass


@dataclass(frozen=True)
class CompiledCheck:
    shape: str  # the shape that reports (property shape IRI, or node shape IRI / path for anonymous ones)
    severity: str
    message: str
    path: str | None  # IRI of the path
    query: str  # SELECT ?this ?value


def compile_shapes(shapes_graph):
    """(compiled checks, node shapes left for pySHACL) for the node shapes with targets in `shapes_graph`."""
    import rdflib

    sh = rdflib.Namespace(SH)
    checks, leftover = [], []
    node_shapes = {s for p in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf")
                   for s in shapes_graph.subjects(sh[p], None)}
    for shape in sorted(node_shapes, key=str):
        try:
            checks.extend(_compile_node_shape(shapes_graph, shape))
        except Unsupported:
            leftover.append(shape)
    return checks, leftover


def run_checks(store: ox.Store, checks: list[CompiledCheck]) -> list[tuple[CompiledCheck, object, object]]:
    """(check, focus, value or None) for every violation found."""
    found = []
    for check in checks:
        solutions = store.query(check.query)
        has_value = any(v.value == "value" for v in solutions.variables)
        for row in solutions:
            found.append((check, row["this"], row["value"] if has_value else None))
    return found


def _local_keys(graph, node) -> set[str]:
    return {str(p)[len(SH):] for p in graph.predicates(node, None) if str(p).startswith(SH)}


def _compile_node_shape(g, shape) -> list[CompiledCheck]:
    import rdflib

    sh = rdflib.Namespace(SH)
    if _local_keys(g, shape) - NODE_KEYS:
        raise Unsupported(shape)
    focus = _focus_pattern(g, shape)
    node_name = _name(shape)
    checks = []
    for prop in g.objects(shape, sh.property):
        path = g.value(prop, sh.path)
        keys = _local_keys(g, prop)
        if not isinstance(path, rdflib.URIRef) or keys - SUPPORTED:
            raise Unsupported(shape)
        severity = str(g.value(prop, sh.severity) or sh.Violation).rsplit("#", 1)[-1]
        message = str(g.value(prop, sh.message) or "")
        reporter = _name(prop) if isinstance(prop, rdflib.URIRef) else f"{node_name} / {_short(path)}"
        p = f"<{path}>"
        for where, group in _property_patterns(g, prop, p):
            if group:  # counting constraints report the focus node only
                query = f"SELECT ?this WHERE {{ {focus} {where} }} {group}"
            else:
                query = f"SELECT DISTINCT ?this ?value WHERE {{ {focus} {where} }}"
            checks.append(CompiledCheck(reporter, severity, message, str(path), query))
    return checks


def _property_patterns(g, prop, p: str) -> list[tuple[str, str]]:
    """(WHERE body, GROUP BY clause or "") per constraint of the property shape; ?this is the focus node and
    ?value the offending value where the constraint has one."""
    import rdflib

    sh = rdflib.Namespace(SH)
    out = []
    for n in g.objects(prop, sh.minCount):
        out.append((f"OPTIONAL {{ ?this {p} ?v }}", f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) < {int(n)})"))
    for n in g.objects(prop, sh.maxCount):
        out.append((f"?this {p} ?v", f"GROUP BY ?this HAVING (COUNT(DISTINCT ?v) > {int(n)})"))
    for d in g.objects(prop, sh.datatype):
        out.append(f"?this {p} ?value . FILTER (!{_has_datatype('?value', d)})")
    for c in g.objects(prop, sh["class"]):
        out.append(f"?this {p} ?value . FILTER NOT EXISTS {{ ?value {TYPE_PATH} <{c}> }}")
    for pattern in g.objects(prop, sh.pattern):
        flags = g.value(prop, sh.flags)
        regex = f'REGEX(STR(?value), {_literal(str(pattern))}{", " + _literal(str(flags)) if flags else ""})'
        out.append(f"?this {p} ?value . FILTER (isBlank(?value) || !{regex})")
    for kind in g.objects(prop, sh.nodeKind):
        test = NODE_KINDS.get(str(kind).rsplit("#", 1)[-1])
        if test is None:
            raise Unsupported(kind)
        out.append(f"?this {p} ?value . FILTER (!{test.format(v='?value')})")
    for n in g.objects(prop, sh.minInclusive):
        out.append(f"?this {p} ?value . FILTER (!(?value >= {_term(n)}))")
    for v in g.objects(prop, sh.hasValue):
        out.append(f"FILTER NOT EXISTS {{ ?this {p} {_term(v)} }}")
    for flag in g.objects(prop, sh.uniqueLang):
        if flag.toPython() is True:
            out.append((f"?this {p} ?v . FILTER (LANG(?v) != \"\")", "GROUP BY ?this (LANG(?v)) HAVING (COUNT(DISTINCT ?v) > 1)"))
    for lst in g.objects(prop, sh["in"]):
        members = ", ".join(_term(t) for t in rdflib.collection.Collection(g, lst))
        out.append(f"?this {p} ?value . FILTER (?value NOT IN ({members}))")
    for node in g.objects(prop, sh.node):
        out.append(f"?this {p} ?value . FILTER ({_violates(g, node, '?value')})")
    for lst in g.objects(prop, sh["or"]):
        alternatives = [_conforms(g, s, "?value") for s in rdflib.collection.Collection(g, lst)]
        out.append(f"?this {p} ?value . FILTER (!({' || '.join(alternatives)}))")
    return [item if isinstance(item, tuple) else (item, "") for item in out]


def _conforms(g, shape, var: str) -> str:
    """A SPARQL expression: `var` conforms to `shape` (only sh:class, sh:datatype, sh:hasValue-on-path shapes)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    keys = _local_keys(g, shape)
    parts = []
    for c in g.objects(shape, sh["class"]):
        parts.append(f"EXISTS {{ {var} {TYPE_PATH} <{c}> }}")
    for d in g.objects(shape, sh.datatype):
        parts.append(_has_datatype(var, d))
    for prop in g.objects(shape, sh.property):
        path, value = g.value(prop, sh.path), g.value(prop, sh.hasValue)
        if not isinstance(path, rdflib.URIRef) or value is None or _local_keys(g, prop) - {"path", "hasValue", "message", "name"}:
            raise Unsupported(shape)
        parts.append(f"EXISTS {{ {var} <{path}> {_term(value)} }}")
    if keys - {"class", "datatype", "property", "name", "message", "description"} or not parts:
        raise Unsupported(shape)
    return " && ".join(parts)


def _violates(g, shape, var: str) -> str:
    return f"!({_conforms(g, shape, var)})"


_TIMEZONE = r"(Z|[+-]((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_YEAR = r"-?([1-9][0-9]{3,}|0[0-9]{3})"
# The lexical forms of the XSD datatypes (XML Schema 1.1 Part 2, section 3.3): a literal of the datatype is
# valid for sh:datatype only in one of these forms (SHACL 4.1.1: "... and the literal's lexical form is valid
# for the datatype"). Days that do not exist (30 February) are caught by casting (see _has_datatype).
LEXICAL_FORMS = {
    XSD + "boolean": "true|false|1|0",
    XSD + "integer": "[+-]?[0-9]+",
    XSD + "nonNegativeInteger": "[+]?[0-9]+|-0+",
    XSD + "positiveInteger": "[+]?0*[1-9][0-9]*",
    XSD + "decimal": r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)",
    XSD + "double": r"([+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([Ee][+-]?[0-9]+)?|[+-]?INF|NaN)",
    XSD + "gYear": _YEAR + _TIMEZONE,
    XSD + "gYearMonth": _YEAR + "-(0[1-9]|1[0-2])" + _TIMEZONE,
    XSD + "date": _YEAR + "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])" + _TIMEZONE,
    XSD + "dateTime": (_YEAR + "-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T(([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
                       r"(\.[0-9]+)?|24:00:00(\.0+)?)" + _TIMEZONE),
}
CAST_CHECKED = {XSD + "date", XSD + "dateTime"}  # the engine's cast refuses a day that does not exist


def _has_datatype(var: str, datatype) -> str:
    """A SPARQL expression: `var` is a literal of `datatype` whose lexical form is valid for it."""
    test = f"isLiteral({var}) && DATATYPE({var}) = <{datatype}>"
    form = LEXICAL_FORMS.get(str(datatype))
    if form is not None:
        test += f" && REGEX(STR({var}), {_literal('^(' + form + ')$')})"
    if str(datatype) in CAST_CHECKED:
        test += f" && COALESCE(STR(<{datatype}>(STR({var}))) != \"\", false)"
    return f"({test})"


def target_selects(g, shape) -> list[str]:
    """One `SELECT ?this` per standard target of `shape` (class, node, subjects of, objects of)."""
    import rdflib

    sh = rdflib.Namespace(SH)
    selects = [f"SELECT DISTINCT ?this WHERE {{ ?this {TYPE_PATH} <{c}> }}" for c in g.objects(shape, sh.targetClass)]
    selects += [f"SELECT ?this WHERE {{ VALUES ?this {{ {_term(n)} }} }}" for n in g.objects(shape, sh.targetNode)]
    selects += [f"SELECT DISTINCT ?this WHERE {{ ?this <{p}> ?any }}" for p in g.objects(shape, sh.targetSubjectsOf)]
    selects += [f"SELECT DISTINCT ?this WHERE {{ ?any <{p}> ?this }}" for p in g.objects(shape, sh.targetObjectsOf)]
    return selects


def _focus_pattern(g, shape) -> str:
    union = " UNION ".join(f"{{ {select} }}" for select in target_selects(g, shape))
    return "{ SELECT DISTINCT ?this WHERE { " + union + " } }"


def _term(t) -> str:
    import rdflib

    if isinstance(t, rdflib.URIRef):
        return f"<{t}>"
    if isinstance(t, rdflib.Literal):
        return t.n3()
    raise Unsupported(t)


def _literal(text: str) -> str:
    import rdflib

    return rdflib.Literal(text).n3()


def _name(node) -> str:
    return shorten(str(node))


def _short(path) -> str:
    return shorten(str(path))
