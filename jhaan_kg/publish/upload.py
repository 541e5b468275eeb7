"""`jhaan-kg publish`: the build loaded into a shared SPARQL store as one named graph, replaced whole.

The steps, each said as it is done:

1. the triples: build/jhaan.ttl, the merged graph `build` wrote (what `query run` loads: the ontology without
   its shapes, and the graph); their count and checksum (CHECK, a query) on the embedded engine;
2. a staging graph (`<GRAPH>-staging-<time>-<random>`), filled in chunks through the Graph Store HTTP Protocol: the
   first PUT, the others POST, each at most `chunk` triples of N-Triples sent as Turtle, a blank node and
   every triple that holds it in one chunk (a store names the blank nodes of each request anew);
3. the staging graph checked: the same count and checksum, by the same query on the store;
4. the swap, one SPARQL 1.1 Update request: `MOVE <staging> TO <GRAPH>` (section 3.2.5), which the store runs
   as one operation (Virtuoso 7.2, the store the tests use, runs it as one transaction);
5. the named graph checked again, which the command says.

A failed or interrupted publish before the swap leaves the store's graph as it was and removes the staging
graph (or says it could not); a failure of the swap or of the last check says what the store holds.

The checksum is the sum, over the triples, of the first six hexadecimal digits of the SHA-1 of the triple
written out (subject, predicate, object; a blank node as `_:`, a literal with its language or datatype),
computed by a standard SPARQL 1.1 query, so that any store computes it as the embedded engine does. Each
run of characters outside printable ASCII is written as one `?` before hashing: Virtuoso 7.2 hashes the
UTF-8 bytes of such characters as if each were a character of its own, so the checksum covers where they
are, not which they are (the count, and every other character, still tell a changed triple).
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pyoxigraph as ox

from ..errors import PublishError
from .remote import Credentials, Remote, check_url, graph_url

CHUNK = 50_000  # triples per request
DIGITS = 6  # hexadecimal digits of each triple's SHA-1 that are summed

# a term written out: a blank node as _: (stores name them as they like), a literal with its language or else
# its datatype (Virtuoso gives a language-tagged literal no datatype), an IRI as itself
_TERM = ('IF(isBLANK({v}), "_:", IF(isLITERAL({v}), IF(LANG({v}) != "", CONCAT("\\"", STR({v}), "\\"@", LANG({v})), '
         'CONCAT("\\"", STR({v}), "\\"^^", STR(DATATYPE({v})))), STR({v})))')
_DIGIT = 'STRLEN(STRBEFORE("0123456789abcdef", SUBSTR(?digest, {i}, 1)))'
CHECK = ("SELECT (COUNT(*) AS ?triples) (SUM(?h) AS ?checksum) WHERE {{\n"
         "  GRAPH <{graph}> {{ ?s ?p ?o }}\n"
         "  BIND (SHA1(REPLACE(CONCAT(" + _TERM.format(v="?s") + ', " ", STR(?p), " ", ' + _TERM.format(v="?o")
         + '), "[^ -~]+", "?")) AS ?digest)\n'
         "  BIND (" + " + ".join(f"{16 ** (DIGITS - i)} * " + _DIGIT.format(i=i) for i in range(1, DIGITS + 1))
         + " AS ?h)\n}}")


@dataclass(frozen=True)
class Check:
    """How many triples a graph holds, and their checksum (CHECK)."""

    triples: int
    checksum: int

    def __str__(self) -> str:
        return f"{self.triples:,} triples, checksum {self.checksum}"


@dataclass(frozen=True)
class Target:
    """Where to publish: the Graph Store endpoint, the SPARQL endpoint (queries and updates), the graph."""

    gsp: str
    sparql: str
    graph: str


def sparql_endpoint_for(gsp: str) -> str | None:
    """The SPARQL endpoint beside a Graph Store endpoint, where the server's naming tells it (Virtuoso:
    /sparql-graph-crud-auth beside /sparql-auth, /sparql-graph-crud beside /sparql), else None.

    >>> sparql_endpoint_for("http://127.0.0.1:8890/sparql-graph-crud-auth")
    'http://127.0.0.1:8890/sparql-auth'
    """
    for tail, sparql in (("/sparql-graph-crud-auth", "/sparql-auth"), ("/sparql-graph-crud", "/sparql")):
        if gsp.rstrip("/").endswith(tail):
            return gsp.rstrip("/")[: -len(tail)] + sparql
    return None


def check_query(graph: str) -> str:
    return CHECK.format(graph=graph)


def check_local(store: ox.Store, graph: str) -> Check:
    """CHECK on the embedded engine, over `store`'s named graph `graph`."""
    row = next(iter(store.query(check_query(graph))))
    return Check(int(row["triples"].value), int(row["checksum"].value) if row["checksum"] is not None else 0)


def check_remote(remote: Remote, target: Target, graph: str) -> Check:
    rows = remote.select(target.sparql, check_query(graph))
    row = rows[0] if rows else {}
    return Check(int(float(row.get("triples", "0"))), int(float(row.get("checksum", "0") or 0)))


def chunks(triples: list, size: int) -> Iterator[list]:
    """`triples` in lists of at most `size` (more where the triples of one blank node need it), each blank
    node with every triple that holds it in the same list: a store gives the blank nodes of each request
    new names, so a node split over two requests would become two nodes."""
    parent: dict = {}

    def find(node):
        root = node
        while parent.get(root, root) != root:
            root = parent[root]
        while node != root:  # shorten the path for the next time
            parent[node], node = root, parent[node]
        return root

    plain, groups = [], {}
    for t in triples:
        blanks = [x for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)]
        if len(blanks) == 2:
            a, b = find(blanks[0]), find(blanks[1])
            if a != b:
                parent[a] = b
    for t in triples:
        blanks = [x for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)]
        if blanks:
            groups.setdefault(find(blanks[0]), []).append(t)
        else:
            plain.append(t)
    current: list = []
    for group in [*groups.values(), *([t] for t in plain)]:
        if current and len(current) + len(group) > size:
            yield current
            current = []
        current.extend(group)
    if current:
        yield current


def read_triples(source: Path) -> list:
    """The triples of `source`, the merged graph `build` wrote (build/jhaan.ttl)."""
    if not source.is_file():
        raise PublishError(f"no build to publish: {source} is missing; run `jhaan-kg build` first")
    try:
        return list(ox.parse(path=str(source), format=ox.RdfFormat.TURTLE))
    except (SyntaxError, OSError) as e:
        raise PublishError(f"cannot read {source}: {e}") from None


def publish(triples: list, origin: str, target: Target, credentials: Credentials | None, *, chunk: int = CHUNK,
            timeout: float = 300.0, say: Callable[[str], None] = print) -> Check:
    """Replace `target.graph` with `triples` (see the module's steps); the check of the graph published."""
    check_url(target.gsp, "--endpoint")
    check_url(target.sparql, "--sparql")
    remote = Remote(credentials, timeout)
    local = ox.Store()
    graph_node = ox.NamedNode(target.graph)
    local.extend(ox.Quad(t.subject, t.predicate, t.object, graph_node) for t in triples)
    expected = check_local(local, target.graph)
    say(f"publishing {origin}: {expected} to <{target.graph}> at {target.gsp}")
    staging = f"{target.graph}-staging-{time.strftime('%Y%m%dT%H%M%S', time.gmtime())}-{secrets.token_hex(3)}"
    parts = list(chunks(triples, chunk))
    started = time.perf_counter()
    # the credentials checked on both endpoints before anything is written
    try:
        remote.probe(graph_url(target.gsp, staging))  # a graph not there yet: small, and 404
        remote.ask(target.sparql, "ASK {}")
    except PublishError as e:
        raise PublishError(f"{e}; nothing was sent, <{target.graph}> is unchanged") from None
    try:
        for n, part in enumerate(parts, 1):
            body = ox.serialize(part, format=ox.RdfFormat.N_TRIPLES)
            (remote.put_graph if n == 1 else remote.post_graph)(target.gsp, staging, body)
            say(f"  chunk {n}/{len(parts)}: {len(part):,} triples into the staging graph "
                f"({time.perf_counter() - started:.1f} s)")
        staged = check_remote(remote, target, staging)
        if staged != expected:
            raise PublishError(f"the staging graph holds {staged}, the build {expected}: the store changed what "
                               "it was sent")
        say(f"  staging graph checked: {staged} ({time.perf_counter() - started:.1f} s)")
    except (PublishError, KeyboardInterrupt) as e:
        why = "interrupted" if isinstance(e, KeyboardInterrupt) else str(e)
        raise PublishError(f"{why}; <{target.graph}> is unchanged" + _drop(remote, target, staging)) from None
    say(f"  swapping it in: MOVE <{staging}> TO <{target.graph}>")
    try:
        remote.update(target.sparql, f"MOVE <{staging}> TO <{target.graph}>")
    except (PublishError, KeyboardInterrupt) as e:
        why = "interrupted during the swap" if isinstance(e, KeyboardInterrupt) else f"the swap failed: {e}"
        raise PublishError(f"{why}; " + _state(remote, target, expected, staging)) from None
    say(f"  swapped ({time.perf_counter() - started:.1f} s); checking <{target.graph}>")
    published = check_remote(remote, target, target.graph)
    if published != expected:
        raise PublishError(f"after the swap <{target.graph}> holds {published}, the build {expected}")
    say(f"published: <{target.graph}> holds exactly the build's {published} "
        f"({time.perf_counter() - started:.1f} s)")
    return published


def _drop(remote: Remote, target: Target, staging: str) -> str:
    """Remove the staging graph; what to tell the user about it."""
    try:
        remote.delete_graph(target.gsp, staging)
        return " (the staging graph was removed)"
    except (PublishError, KeyboardInterrupt):
        return f"; the staging graph <{staging}> may remain: remove it with DROP GRAPH"


def _state(remote: Remote, target: Target, expected: Check, staging: str) -> str:
    """What the store holds after a failed swap, as far as it can be asked."""
    try:
        now = check_remote(remote, target, target.graph)
    except (PublishError, KeyboardInterrupt):
        return (f"the store could not be asked what <{target.graph}> holds now; the staging graph <{staging}> "
                "may remain")
    if now == expected:
        return f"yet <{target.graph}> holds exactly the build's {now}"
    return (f"<{target.graph}> holds {now} (the build: {expected}); the build is in the staging graph "
            f"<{staging}>" + _drop(remote, target, staging))


def publish_build(source: Path, gsp: str, graph: str, credentials: Credentials | None, sparql: str | None = None,
                  chunk: int = CHUNK, timeout: float = 300.0, say: Callable[[str], None] = print) -> Check:
    """`jhaan-kg publish`: the build's merged graph `source` published to `graph` at the Graph Store `gsp`."""
    check_url(gsp, "--endpoint")
    sparql = sparql or sparql_endpoint_for(gsp)
    if sparql is None:
        raise PublishError("give --sparql URL, the store's SPARQL endpoint for queries and updates (it checks the "
                           "graph and swaps it in); it is known only for Virtuoso's /sparql-graph-crud(-auth)")
    if chunk < 1:
        raise PublishError("--chunk must be at least 1")
    try:
        ox.NamedNode(graph)  # an absolute IRI, which cannot end the <...> it is written in
    except ValueError as e:
        raise PublishError(f"--graph {graph!r} is not an absolute IRI: {e}") from None
    triples = read_triples(source)
    return publish(triples, str(source), Target(gsp, sparql, graph), credentials, chunk=chunk, timeout=timeout,
                   say=say)
