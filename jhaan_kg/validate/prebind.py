"""Pre-binding $this in a SHACL-SPARQL query (SHACL 5.3.1 and Appendix A), and when it can be skipped.

SHACL defines the query's result for a focus node as the query with $this replaced by that node. Run once
per focus node that costs a query each, so a constraint runs once with $this left free, keeping the rows
of the focus nodes, when that is provably the same: when $this is bound by a triple pattern in every
solution before any FILTER or BIND reads it (`free_run_is_exact`). Otherwise each focus node is written
into the query (`Substitution`), as the definition says: in UNION branches, inner FILTERs and
sub-selects alike. The queries SHACL forbids (MINUS, VALUES, SERVICE, AS $this, a sub-select that does
not return $this) are refused first (`refusal`): their pre-bound meaning is undefined.

The analysis reads the query's algebra with rdflib, at compile time only (the result is cached).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from ..query.text import strip_comments

PREBOUND = ("this", "currentShape", "shapesGraph")  # the variables SHACL-SPARQL may pre-bind in a constraint
_VARIABLE = re.compile(r"[?$]this\b")
_FORBIDDEN = re.compile(r"\b(MINUS|VALUES|SERVICE)\b", re.IGNORECASE)
_AS_PREBOUND = re.compile(r"\bAS\s*[?$](" + "|".join(PREBOUND) + r")\b", re.IGNORECASE)
_SELECT = re.compile(r"\bSELECT\b", re.IGNORECASE)
_PROJECTION_END = re.compile(r"\bWHERE\b|\{", re.IGNORECASE)
_BY = re.compile(r"\b(GROUP|ORDER)\s+BY\b[^{}]*$", re.IGNORECASE)


def refusal(select: str) -> str | None:
    """Why SHACL forbids `select` as a pre-bound query, or None (SHACL Appendix A)."""
    code = strip_comments(select, literals_too=True)
    forbidden = _FORBIDDEN.search(code)
    if forbidden:
        return f"it uses {forbidden.group(1).upper()}, which a SHACL-SPARQL query must not use"
    bound = _AS_PREBOUND.search(code)
    if bound:
        return f"it binds ${bound.group(1)} with AS, which SHACL pre-binds"
    for start in [m.end() for m in _SELECT.finditer(code)][1:]:  # every sub-select
        end = _PROJECTION_END.search(code, start)
        projection = code[start:end.start() if end else len(code)]
        if _VARIABLE.search(projection) is None:
            return "a sub-select does not return $this (SELECT * does not count), which SHACL requires"
    return None


def free_run_is_exact(select: str) -> bool:
    """Whether running `select` once with $this free and keeping the rows whose ?this is a focus node gives
    the rows of each pre-bound query: $this is bound by a triple pattern in every solution of the WHERE
    clause, and every FILTER, BIND or sub-select that reads it reads it where it is bound."""
    from rdflib import Variable
    from rdflib.plugins.sparql import prepareQuery

    global _THIS
    _THIS = Variable("this")
    try:
        query = prepareQuery(select)
    except Exception:  # rdflib does not read every query the store does: run it the exact way
        return False
    try:
        return _THIS in _bound(query.algebra.p)
    except _Unsafe:
        return False


class _Unsafe(Exception):
    pass


_THIS = None  # rdflib's Variable("this"), made by free_run_is_exact (rdflib is imported only when compiling)


def _bound(node) -> set:
    """The variables bound in every solution of the algebra `node`; _Unsafe where $this is read unbound."""
    name = getattr(node, "name", None)
    if name == "BGP":
        return {term for triple in node.triples for term in triple if _is_variable(term)}
    if name == "Join":
        return _bound(node.p1) | _bound(node.p2)
    if name == "LeftJoin":
        left, right = _bound(node.p1), _bound(node.p2)
        _check_reads(node.expr, left | right)
        return left
    if name == "Union":
        return _bound(node.p1) & _bound(node.p2)
    if name == "Filter":
        inner = _bound(node.p)
        _check_reads(node.expr, inner)
        return inner
    if name == "Extend":
        inner = _bound(node.p)
        _check_reads(node.expr, inner)
        return inner | {node.var}
    if name == "Graph":
        return _bound(node.p) | ({node.term} if _is_variable(node.term) else set())
    if name in ("Project", "Distinct", "Reduced", "Slice", "OrderBy"):
        return _bound(node.p)
    if name == "ToMultiSet" and getattr(node.p, "name", None) == "Project":  # a sub-select
        inner = _bound(node.p.p)
        if _THIS in _mentions(node.p) and _THIS not in (inner & set(node.p.PV)):
            raise _Unsafe()
        return inner & set(node.p.PV)
    raise _Unsafe()  # grouping, VALUES, MINUS, SERVICE...: not analysed, so run the exact way


def _check_reads(expr, bound: set) -> None:
    if expr is not None and _THIS in _mentions(expr, into_exists=False) and _THIS not in bound:
        raise _Unsafe()


def _mentions(node, into_exists: bool = True) -> set:
    """The variables anywhere in `node` (an algebra or expression node); an EXISTS is evaluated with the
    solution's values written in, so what it reads is bound when `into_exists` is false."""
    found, todo = set(), [node]
    while todo:
        item = todo.pop()
        if _is_variable(item):
            found.add(item)
        elif isinstance(item, dict):
            if not into_exists and getattr(item, "name", "") in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
                continue
            todo.extend(v for k, v in item.items() if k != "_vars")
        elif isinstance(item, (list, tuple)):
            todo.extend(item)
    return found


def _is_variable(term) -> bool:
    return type(term).__name__ == "Variable"


@dataclass(frozen=True)
class Substitution:
    """A query with each $this that can take a value cut out, to write a focus node in. Where SPARQL wants
    a variable (a projection, GROUP BY, ORDER BY), ?this stays, unbound; bound($this) becomes (true)."""

    parts: tuple[str, ...]  # the text around the places $this goes

    @staticmethod
    def of(select: str) -> "Substitution":
        code = strip_comments(select, literals_too=True)
        code = re.sub(r"\bbound\s*\(\s*[?$]this\s*\)", lambda m: "\0" * len(m.group()), code, flags=re.IGNORECASE)
        projections = []
        for match in _SELECT.finditer(code):
            end = _PROJECTION_END.search(code, match.end())
            projections.append((match.end(), end.start() if end else len(code)))
        parts, last, text = [], 0, select
        for match in re.finditer(r"\0+|[?$]this\b", code):
            start, end = match.span()
            if match.group().startswith("\0"):  # bound($this)
                parts += [text[last:start] + "(true)"]
                last = end
                continue
            in_projection = any(a <= start < b for a, b in projections)
            if in_projection or _BY.search(code[:start]):
                parts += [text[last:start] + "?this"]
            else:
                parts += [text[last:start], None]  # None marks the place
            last = end
        return Substitution(tuple(_merge(parts + [text[last:]])))

    def query(self, focus) -> str | None:
        """The query with `focus` written in; None for a blank node, which SPARQL text cannot name."""
        if isinstance(focus, ox.BlankNode):
            return None
        return str(focus).join(self.parts)


def _merge(pieces: list) -> list[str]:
    """Text pieces with None as separators: ["a", None, "b", "c", None, "d"] -> ["a", "bc", "d"]."""
    parts, current = [], ""
    for piece in pieces:
        if piece is None:
            parts.append(current)
            current = ""
        else:
            current += piece
    return parts + [current]
