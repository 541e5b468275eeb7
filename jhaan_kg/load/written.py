"""Literals as the file wrote them.

The store keeps a literal's value, not its spelling: "3"^^xsd:int and "03"^^xsd:integer are both kept as
"3"^^xsd:integer, "300"^^xsd:byte (out of range) as "300"^^xsd:integer, "inf"^^xsd:double (not an XML
Schema form) as "INF"^^xsd:double. SHACL's sh:datatype reads the spelling: a literal of xsd:int is no
xsd:integer, and "300"^^xsd:byte is ill-formed. So a KnowledgeGraph keeps, beside its store, the triples
whose literal the store rewrote, with the literals as written (`rewritten`), and the validator checks those
on their written form (validate/core.py).

Reading every file's triples in Python to find them would cost a second parse of the graph (1.6 s for a
million triples), so `load_graph` does it only for a file whose text names a datatype whose sh:datatype
verdict the store can change (`may_rewrite`). Other rewrites ("007" kept as "7", "1"^^xsd:boolean as
"true") keep the datatype and the validity of the form, so no sh:datatype verdict depends on them; they are
recorded only for files read in Python (update, import, and the public API read every file that way).
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterable

import pyoxigraph as ox

from ..namespaces import INTERNAL, RDF, XSD

# The datatypes the store turns into another (the integer types into xsd:integer, xsd:dateTimeStamp into
# xsd:dateTime) or whose forms it accepts beyond XML Schema's (xsd:double and xsd:float: "inf", "nan").
REWRITING_DATATYPES = {XSD + name for name in (
    "int", "long", "short", "byte", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte", "nonNegativeInteger",
    "nonPositiveInteger", "positiveInteger", "negativeInteger", "dateTimeStamp", "double", "float")}
# A typed literal's datatype is what follows ^^: an IRI or a prefixed name (which cannot end with a dot).
# Finding them costs one pass over the text (50 ms for a million triples, where parsing costs 1.6 s); a
# pattern that starts with a fixed string is what keeps Python's regular expressions that fast.
_DATATYPE = re.compile(rb"\^\^(<[^>]*>|[^\s;,)\]]*)")
_AT_PREFIX = re.compile(rb"@prefix\s+([^\s:]*):\s*<([^>]*)>")
_ANY_PREFIX = re.compile(rb"(?:@prefix|prefix)\s+([^\s:]*):\s*<([^>]*)>", re.IGNORECASE)  # slower: when needed
_KEPT_AS_WRITTEN = {XSD + "string", RDF + "langString"}


def may_rewrite(data: bytes) -> bool:
    """Whether the Turtle text `data` may hold a literal whose sh:datatype verdict the store changes: a
    typed literal of one of REWRITING_DATATYPES, or one whose datatype cannot be told without parsing.

    >>> may_rewrite(b'@prefix x: <http://www.w3.org/2001/XMLSchema#> . <a> <b> "3"^^x:int .')
    True
    >>> may_rewrite(b'@prefix x: <http://www.w3.org/2001/XMLSchema#> . <a> <b> "2020-01-01"^^x:date ; <c> "x:int" .')
    False
    """
    tokens = set(_DATATYPE.findall(data))
    if not tokens:
        return False
    prefixes = _prefixes(_AT_PREFIX.findall(data))
    for token in tokens:
        if token.startswith(b"<"):
            iri = token[1:-1]
        else:
            prefix, colon, local = token.rstrip(b".").partition(b":")
            if prefix not in prefixes:  # declared the SPARQL way (PREFIX), or not at all
                prefixes = _prefixes(_ANY_PREFIX.findall(data))
            if not colon or prefixes.get(prefix) is None:
                return True
            iri = prefixes[prefix] + local
        if b"\\" in iri or b":" not in iri:  # an escape or a relative IRI: only the parser can tell
            return True
        if iri.decode("utf-8", "replace") in REWRITING_DATATYPES:
            return True
    return False


def _prefixes(declarations: list[tuple[bytes, bytes]]) -> dict[bytes, bytes | None]:
    """Prefix -> namespace; None for a prefix declared twice with different namespaces (which one applies
    depends on where the literal is)."""
    found: dict[bytes, bytes | None] = {}
    for prefix, namespace in declarations:
        found[prefix] = namespace if found.get(prefix, namespace) == namespace else None
    return found


def rewritten(triples: Iterable[ox.Triple]) -> dict[ox.Triple, tuple[ox.Literal, ...]]:
    """The triples among `triples` whose literal the store keeps in another form: the triple as the store
    keeps it -> every literal `triples` write for it (the stored form too, when it is also written as such).

    >>> n, p = ox.NamedNode("http://example.org/n"), ox.NamedNode("http://example.org/p")
    >>> int3 = ox.Literal("3", datatype=ox.NamedNode(XSD + "int"))
    >>> [str(v) for v in rewritten([ox.Triple(n, p, int3)])[ox.Triple(n, p, ox.Literal(3))]]
    ['"3"^^<http://www.w3.org/2001/XMLSchema#int>']
    """
    typed = [t for t in triples if isinstance(t.object, ox.Literal) and t.object.datatype.value not in _KEPT_AS_WRITTEN]
    if not typed:
        return {}
    literals = list({t.object for t in typed})
    # the store's form of each literal: store them, each under a predicate of its own, and read them back
    scratch = ox.Store()
    subject = ox.NamedNode(INTERNAL + "literal")
    scratch.extend(ox.Quad(subject, ox.NamedNode(f"{INTERNAL}literal:{i}"), lit) for i, lit in enumerate(literals))
    stored = {literals[int(q.predicate.value.rsplit(":", 1)[1])]: q.object for q in scratch}
    found: dict[ox.Triple, list[ox.Literal]] = defaultdict(list)
    for t in typed:
        if stored[t.object] != t.object:
            found[ox.Triple(t.subject, t.predicate, stored[t.object])].append(t.object)
    written = set(typed)
    return {key: tuple(dict.fromkeys(forms + ([key.object] if key in written else [])))
            for key, forms in found.items()}
