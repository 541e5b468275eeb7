"""A publish that fails part-way (issue 20, item 1) leaves the graph as it was and says so: a small fake store
on 127.0.0.1 (a thread, stopped at the end) refuses a chunk, or holds other triples than it was sent. What it
was asked is recorded: the staging graph is removed, and the swap (MOVE) is never sent. And a query a store
stops at its time limit (issue 20, item 2) is an error, whichever way the store says so."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from jhaan_kg.errors import PublishError, QueryError
from jhaan_kg.publish.upload import Target, publish
from jhaan_kg.query import run_sparql_endpoint

TRIPLES = [ox.Triple(ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://example.org/p"), ox.Literal(str(i)))
           for i in range(10)]


class FakeStore(BaseHTTPRequestHandler):
    refuse_post = True  # the second chunk is refused
    asked: list  # (method, what)

    def log_message(self, *args):
        pass

    def _answer(self, status: int, body: bytes = b"", kind: str = "text/plain") -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _body(self) -> bytes:
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self):
        self.asked.append(("GET", self.path))
        self._answer(404, b"no such graph")

    def do_PUT(self):
        self._body()
        self.asked.append(("PUT", self.path))
        self._answer(201)

    def do_DELETE(self):
        self.asked.append(("DELETE", self.path))
        self._answer(200)

    def do_POST(self):
        body = self._body()
        url = urlsplit(self.path)
        if url.path == "/gsp":
            self.asked.append(("POST", self.path))
            self._answer(500 if self.refuse_post else 204, b"disk full")
            return
        form = parse_qs(body.decode("utf-8"))
        if "update" in form:
            self.asked.append(("UPDATE", form["update"][0]))
            self._answer(200)
            return
        text = form["query"][0]
        self.asked.append(("QUERY", text[:20]))
        if text.startswith("ASK"):
            data = {"head": {}, "boolean": True}
        else:  # the check: one triple fewer than sent
            data = {"head": {"vars": ["triples", "checksum"]},
                    "results": {"bindings": [{"triples": {"type": "literal", "value": "9"},
                                              "checksum": {"type": "literal", "value": "1"}}]}}
        self._answer(200, json.dumps(data).encode(), "application/sparql-results+json")


@pytest.fixture
def store():
    handler = type("Handler", (FakeStore,), {"asked": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield handler, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(10)


def target(base: str) -> Target:
    return Target(base + "/gsp", base + "/sparql", "http://example.org/graph")


def test_a_refused_chunk_leaves_the_graph_unchanged_and_removes_the_staging_graph(store):
    handler, base = store
    with pytest.raises(PublishError) as raised:
        publish(TRIPLES, "test", target(base), None, chunk=4, say=lambda message: None)
    message = str(raised.value)
    assert "HTTP 500" in message and "disk full" in message
    assert "<http://example.org/graph> is unchanged (the staging graph was removed)" in message
    methods = [method for method, _ in handler.asked]
    assert methods.count("PUT") == 1 and "DELETE" in methods and "UPDATE" not in methods
    assert all("staging" in path for method, path in handler.asked if method in ("PUT", "POST", "DELETE"))


def test_a_staging_graph_that_does_not_hold_what_was_sent_is_never_swapped_in(store):
    handler, base = store
    handler.refuse_post = False
    with pytest.raises(PublishError) as raised:
        publish(TRIPLES, "test", target(base), None, chunk=4, say=lambda message: None)
    message = str(raised.value)
    assert "the staging graph holds 9 triples, checksum 1, the build 10 triples" in message
    assert "is unchanged (the staging graph was removed)" in message
    assert "UPDATE" not in [method for method, _ in handler.asked]


class StoppingStore(BaseHTTPRequestHandler):
    """A store that stops every query at its time limit, as Virtuoso does: an "anytime" answer with part of
    the rows and a header that says so, or an error of a cancelled statement."""

    partial = True

    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.partial:
            body = b'{"head": {"vars": ["n"]}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("X-SQL-State", "S1TAT")
        else:
            body = b"Virtuoso HY008 Error SR203: Async statement killed by SQLCancel."
            self.send_response(500)
            self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.parametrize("partial", [True, False])
def test_a_query_the_store_stopped_is_an_error_never_a_short_answer(partial):
    handler = type("Handler", (StoppingStore,), {"partial": partial})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        with pytest.raises(QueryError, match=r"stopped the query at the time limit it was given \(8 s\)"):
            run_sparql_endpoint(url, "SELECT ?n WHERE { ?n ?p ?o }", timeout=10)
    finally:
        server.shutdown()
        server.server_close()
