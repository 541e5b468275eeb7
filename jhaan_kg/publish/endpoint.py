"""`jhaan-kg serve`: the graph as a read-only SPARQL 1.1 Protocol endpoint on 127.0.0.1, with browser pages.

    /sparql         a query as GET ?query=..., POST form (query=...) or POST application/sparql-query;
                    the answer by content negotiation (Accept) or ?format=json|xml|csv|tsv|turtle|ntriples:
                    SELECT and ASK as SPARQL JSON (the default), XML, CSV, TSV; CONSTRUCT and DESCRIBE as
                    Turtle (the default), N-Triples, RDF/XML. A browser (text/html, or ?format=html) gets the
                    SPARQL editor holding the query, which runs it; without a query, the editor alone.
    /queries        the query catalogue; /queries/NAME one query's form and, with ?run=1, its rows
    /site/...       what `jhaan-kg build` wrote (infographics, ontology documentation, network pages)
    /static/...     the pages' scripts and stylesheets (publish.pages.STATIC)
    /               links to all of these

Every page is sent with a Content-Security-Policy (publish.pages.POLICY): scripts from this server only.

Refused, with a message: updates (403, the endpoint is read-only), dataset parameters (400: one graph is
served), SERVICE (400: the server does not call other endpoints for a caller), a query that does not parse
(400), a query running longer than the time limit (503), a request body over 1 MB (413).

Queries run in worker processes (`workers`), each with the on-disk store opened read-only.
"""

from __future__ import annotations

import json
import mimetypes
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ..errors import QueryError, Refused
from ..load import load_graph
from ..load.store import enabled as store_enabled
from ..load.store import open_store, write_store
from ..query import NamedQuery, QueryResult, bind_parameters, load_catalogue, uses_service
from ..query.values import Choices
from . import cache as answer_cache
from .labels import label_query
from .pages import BUILD_PAGES, POLICY, STATIC, catalogue_page, home_page, query_page, sparql_page, static_file
from .protocol import HTML_ROW_LIMIT, ROW_LIMIT, Spooled, negotiate
from .workers import Workers

MAX_BODY = 1 << 20
DRAIN_LIMIT = 16 << 20  # a refused body up to this size is read and dropped before the refusal is sent

@dataclass
class Site:
    """What the handler serves: the workers, the catalogue, and the folder `build` wrote (may be missing)."""

    workers: Workers
    catalogue: dict[str, NamedQuery]
    site_dir: Path
    description: str
    choices: Choices | None = None  # the values of agency and country parameters, read once from the store
    cache: answer_cache.AnswerCache | None = None  # the answers given, unless JHAAN_KG_SERVE_CACHE=off

    def __post_init__(self):
        if self.choices is None:
            self.choices = Choices(self.rows)
        if self.cache is None and answer_cache.enabled():
            self.cache = answer_cache.AnswerCache()

    def ask(self, text: str, accept: str | None, format_name: str | None):
        """The answer to `text` (publish.protocol.Answer): kept, else from a worker."""
        if self.cache is None:
            return self.workers.ask(text, accept, format_name)
        return self.cache.answer(text, accept, format_name, lambda: self.workers.ask(text, accept, format_name))

    def rows(self, text: str) -> QueryResult:
        """The rows of SELECT `text` on the served store, as `query run` gives them."""
        body = self.ask(text, None, "json").body
        if isinstance(body, Spooled):
            with body.file:
                body = body.file.read()
        data = json.loads(body)
        columns = tuple(data["head"]["vars"])
        return QueryResult(columns, tuple(tuple(b.get(c, {}).get("value", "") for c in columns)
                                          for b in data["results"]["bindings"]))


class Handler(BaseHTTPRequestHandler):
    server_version = "jhaan-kg"
    # HTTP/1.1: a client may send its next request on the same connection (every answer gives its length; a
    # connection whose request body was not read is closed after the answer)
    protocol_version = "HTTP/1.1"
    site: Site  # set on the subclass made by `make_server`

    def log_message(self, format, *args):  # quiet unless asked: one line per request on stderr
        if getattr(self.server, "verbose", False):
            super().log_message(format, *args)

    def do_GET(self):
        self._handle("GET")

    def do_POST(self):
        self._handle("POST")

    def do_HEAD(self):
        self._handle("GET", head=True)

    def do_OPTIONS(self):
        self.send_response(204)
        self.send_header("Allow", "GET, POST, HEAD, OPTIONS")
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.end_headers()

    def do_PUT(self):
        self.close_connection = True
        self._send(405, "text/plain; charset=utf-8", b"read-only endpoint: only GET and POST queries\n",
                   extra={"Allow": "GET, POST, HEAD, OPTIONS"})

    do_DELETE = do_PATCH = do_PUT

    def _handle(self, method: str, head: bool = False):
        url = urlsplit(self.path)
        self.body_read = method != "POST"
        try:
            params = parse_qs(url.query, keep_blank_values=True)
            if url.path == "/sparql":
                self._sparql(method, params)
            elif method != "GET":
                raise Refused(405, "only GET here; queries are POSTed to /sparql")
            elif url.path in ("/", "/index.html"):
                built = [page for page, *_ in BUILD_PAGES if (self.site.site_dir / page).is_file()]
                self._page(200, home_page(self.site.description, len(self.site.catalogue), built))
            elif url.path in ("/queries", "/queries/"):
                self._page(200, catalogue_page(self.site.catalogue.values()))
            elif url.path.startswith("/queries/"):
                self._named(url.path[len("/queries/"):], params)
            elif url.path == "/site" or url.path.startswith("/site/"):
                self._static(url.path[len("/site"):])
            elif url.path.startswith("/static/"):
                self._asset(url.path[len("/static/"):])
            elif url.path == "/favicon.ico":  # asked by every browser; no icon, and no error in its console
                self._send(204, "image/x-icon", b"")
            else:
                raise Refused(404, f"nothing at {url.path}; see / for what this server offers")
        except Refused as e:
            if not self.body_read:
                self.close_connection = True  # what is left of the body must not be read as a request
            self._send(e.status, "text/plain; charset=utf-8", (str(e) + "\n").encode("utf-8"))
        except (BrokenPipeError, ConnectionResetError):
            pass
        except Exception as e:  # a fault of the server's own: the client is told, and the server goes on
            self.close_connection = True
            self.log_error("failed to answer %s: %r", self.path[:200], e)
            self._send(500, "text/plain; charset=utf-8", f"the server failed to answer: {e}\n".encode("utf-8"))

    # /sparql
    def _sparql(self, method: str, params: dict[str, list[str]]):
        if method == "POST":
            params = {**params, **self._post_params()}
        if "update" in params:
            raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
        if "default-graph-uri" in params or "named-graph-uri" in params:
            raise Refused(400, "dataset parameters (default-graph-uri, named-graph-uri) are not supported: "
                               "the endpoint serves one graph, its default graph")
        queries = params.get("query", [])
        format_name = (params.get("format") or params.get("output") or [None])[0]
        if not queries:
            if method == "POST":
                raise Refused(400, "no query: send query=... (form) or a body of type application/sparql-query")
            self._page(200, sparql_page(None, self.site.catalogue.values(), self.site.workers.row_limit))
            return
        if len(queries) > 1:
            raise Refused(400, "give one query parameter, not several")
        text = queries[0]
        if wants_page(self.headers.get("Accept"), format_name):
            # a browser: the editor holding the query, which asks for the answer itself (as JSON)
            self._page(200, sparql_page(text, self.site.catalogue.values(), self.site.workers.row_limit))
            return
        if uses_service(text):
            raise Refused(400, "SERVICE is not allowed: this endpoint does not query other endpoints for a caller")
        answer = self.site.ask(text, self.headers.get("Accept"), format_name)
        charset = "" if answer.media == "application/rdf+xml" else "; charset=utf-8"
        self._send(200, answer.media + charset, answer.body, self._cut(answer))

    def _cut(self, answer) -> dict[str, str]:
        """Headers that say an answer holds only the first rows (or triples) of the result."""
        limit = self.site.workers.row_limit if answer.media != "text/html" else min(self.site.workers.row_limit,
                                                                                     HTML_ROW_LIMIT)
        return {"X-Row-Limit": str(limit), "X-Truncated": "true" if answer.cut else "false"}

    def _drop_body(self, length: int) -> None:
        """Read and drop a refused body (up to DRAIN_LIMIT, 5 s at most per read), then close the connection:
        a client still sending it would otherwise get a reset connection instead of the refusal."""
        self.close_connection = True
        self.connection.settimeout(5)
        remaining = min(length, DRAIN_LIMIT)
        try:
            while remaining > 0:
                chunk = self.rfile.read(min(remaining, 1 << 16))
                if not chunk:
                    break
                remaining -= len(chunk)
        except OSError:
            pass

    def _post_params(self) -> dict[str, list[str]]:
        declared = self.headers.get("Content-Length")
        if declared is None:
            self.close_connection = True
            raise Refused(411, "a POST needs a Content-Length header")
        if not declared.strip().isdigit():  # refuses -1 too, which would read until the client stops
            self.close_connection = True
            raise Refused(400, f"Content-Length {declared[:20]!r} is not a length in bytes")
        length = int(declared)
        if length > MAX_BODY:
            self._drop_body(length)
            raise Refused(413, f"the request body is larger than {MAX_BODY // 1024} KB")
        body = self.rfile.read(length).decode("utf-8", errors="replace")
        self.body_read = True
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            return parse_qs(body, keep_blank_values=True)
        if kind == "application/sparql-query":
            return {"query": [body]}
        if kind == "application/sparql-update":
            raise Refused(403, "this endpoint is read-only: SPARQL Update is not accepted")
        raise Refused(415, "send a query as application/x-www-form-urlencoded (query=...) "
                           "or application/sparql-query")

    # pages (publish.pages)
    def _named(self, name: str, params: dict[str, list[str]]):
        """The query's form; with ?run=1 its rows below it, with ?format= its answer as a file."""
        query = self.site.catalogue.get(name)
        if query is None:
            raise Refused(404, f"no query named {name!r}; /queries lists the catalogue")
        values = {p.name: params[p.name][0] for p in query.parameters if params.get(p.name, [""])[0] != ""}
        format_name = (params.get("format") or [None])[0]
        choices = self.site.choices.of
        if "run" not in params and not (format_name and format_name != "html"):
            self._page(200, query_page(query, values, query.text, choices=choices))
            return
        try:
            text = bind_parameters(query, self.site.choices.normalise(query, values))
        except QueryError as e:
            if format_name and format_name != "html":
                raise Refused(400, str(e)) from None
            self._page(400, query_page(query, values, query.text, choices=choices, error=str(e)))
            return
        if format_name and format_name != "html":
            answer = self.site.ask(text, None, format_name)
            self._send(200, answer.media + "; charset=utf-8", answer.body, self._cut(answer))
            return
        started = time.perf_counter()
        answer = self.site.ask(text, "text/html", None)
        seconds = time.perf_counter() - started
        self._page(200, query_page(query, values, query.text, answer.body, choices=choices, seconds=seconds,
                                   labels=self._labels(answer.body), bound=text), self._cut(answer))

    def _labels(self, data: dict) -> dict[str, str]:
        """The labels of the IRIs in a text/html answer (publish.labels), {} when the answer has none."""
        text = label_query(value for row in data.get("rows", ()) for value, is_iri in row if is_iri)
        if text is None:
            return {}
        try:
            return dict(self.site.rows(text).rows)
        except Refused:
            return {}  # a table without labels rather than no table

    def _asset(self, name: str):
        """A script or stylesheet the pages load (publish.pages.STATIC), from the package."""
        if name not in STATIC:
            raise Refused(404, f"nothing at /static/{name}")
        self._send(200, STATIC[name], static_file(name), {"Cache-Control": "public, max-age=3600"})

    def _page(self, status: int, body: bytes, extra: dict | None = None):
        self._send(status, "text/html; charset=utf-8", body, {"Content-Security-Policy": POLICY,
                                                              "X-Content-Type-Options": "nosniff",
                                                              "Referrer-Policy": "no-referrer", **(extra or {})})

    def _static(self, rel: str):
        root = self.site.site_dir.resolve()
        target = (root / rel.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(root) or "store" in target.relative_to(root).parts[:1] or not target.is_file():
            raise Refused(404, f"nothing at /site{rel}" + ("" if root.exists() else "; run `jhaan-kg build` first"))
        media = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        charset = "; charset=utf-8" if media.startswith("text/") or media.endswith(("+xml", "json")) else ""
        self._send(200, media + charset, target.read_bytes())

    def _send(self, status: int, media: str, body: bytes | Spooled, extra: dict | None = None):
        if isinstance(body, Spooled):
            with body.file:
                self._send_head(status, media, body.size, extra)
                if self.command != "HEAD":
                    shutil.copyfileobj(body.file, self.wfile, 1 << 16)
            return
        self._send_head(status, media, len(body), extra)
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_head(self, status: int, media: str, length: int, extra: dict | None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media)
        self.send_header("Content-Length", str(length))
        self.send_header("Access-Control-Allow-Origin", "*")  # read-only data; the offline pages may ask it
        if status == 200 and self.path.startswith("/sparql"):
            self.send_header("Vary", "Accept")
        for k, v in (extra or {}).items():
            self.send_header(k, v)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()


def wants_page(accept: str | None, format_name: str | None) -> bool:
    """Whether a query comes from a browser that wants the editor (text/html first, or ?format=html).

    >>> wants_page("text/html,application/xhtml+xml,*/*;q=0.8", None), wants_page("text/turtle", None)
    (True, False)
    """
    if format_name:
        return format_name.lower() == "html"
    try:
        return negotiate("solutions", accept) == "text/html"
    except Refused:
        return False


IDLE_TIMEOUT = 15  # seconds a connection may wait to send its request (or the rest of it) before it is closed


class Server(ThreadingHTTPServer):
    daemon_threads = True
    verbose = False
    # connections waiting to be accepted: beyond these, a client's connection attempt is dropped and retried
    # a second later (socketserver's default of 5 is fewer than a few analysts' clients at once)
    request_queue_size = 128


def make_server(site: Site, port: int = 8000, verbose: bool = False, idle_timeout: float = IDLE_TIMEOUT) -> Server:
    """An HTTP server for `site` on 127.0.0.1:`port` (0: any free port), not yet serving; a connection
    that sends nothing for `idle_timeout` seconds is closed (the handler's socket timeout)."""
    handler = type("SiteHandler", (Handler,), {"site": site, "timeout": idle_timeout})
    server = Server(("127.0.0.1", port), handler)
    server.verbose = verbose
    return server


def prepare_store(inputs: list[Path], store_dir: Path, log=print) -> tuple[Path, Path | None]:
    """The store to serve: `store_dir` while it matches the inputs, else a fresh one in a temporary folder
    (returned second, for removal at exit). With the on-disk store switched off (load.store), always the latter."""
    stored = open_store(store_dir, inputs) if store_enabled() else None
    if stored is not None:
        del stored  # the workers open it themselves
        log(f"store: {store_dir} (matches the inputs)")
        return store_dir / "data", None
    start = time.perf_counter()
    kg = load_graph(inputs, by_file=False)
    temp = Path(tempfile.mkdtemp(prefix="jhaan-kg-serve-"))
    write_store(kg, inputs, temp / "store")
    log(f"store: loaded the inputs in {time.perf_counter() - start:.1f} s "
        f"(`jhaan-kg build` keeps one in {store_dir} to start faster)")
    return temp / "store" / "data", temp


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(inputs: list[Path], store_dir: Path, site_dir: Path, queries_dir: Path | None, port: int,
          workers: int, timeout: float, verbose: bool = False, row_limit: int = ROW_LIMIT,
          idle_timeout: float = IDLE_TIMEOUT) -> None:
    """Serve until interrupted; prints the address first (a line that scripts can read)."""
    log = lambda m: print(m, file=sys.stderr, flush=True)
    catalogue = load_catalogue(queries_dir)
    store_path, temp = prepare_store(inputs, store_dir, log)
    pool = Workers(store_path, workers, timeout, row_limit)
    try:
        site = Site(pool, catalogue, site_dir, "Read-only SPARQL endpoint and pages of the JHA agencies "
                                              "knowledge graph, served from " + ", ".join(str(p) for p in inputs) + ".")
        server = make_server(site, port, verbose, idle_timeout)
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the workers too, as Ctrl-C does
        print(f"Serving http://127.0.0.1:{server.server_address[1]}/ (SPARQL endpoint /sparql; Ctrl-C to stop)",
              flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
    finally:
        pool.close()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)

