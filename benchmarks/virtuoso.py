"""Virtuoso as a reference SPARQL engine: a private server the project starts, loads and stops itself.

    from benchmarks.virtuoso import VirtuosoServer, catalogue_files, time_query

    with VirtuosoServer(catalogue_files([Path("graph")])) as server:
        print(server.triples, "triples loaded in", server.load_seconds, "s")
        result = run_sparql_endpoint(server.endpoint, text)        # what `--endpoint URL` does
        timing = time_query(server.endpoint, text, repeat=3, timeout=120)
        print(timing.rows, timing.median)

`VirtuosoServer(data_files, workdir=None, default_graph=True)` makes a folder of its own (under `workdir`, default the system
temporary folder) with a database, a virtuoso.ini and a copy of the data files; starts `virtuoso-t
+foreground` as a child process listening on 127.0.0.1 only, on two free ports (SQL and HTTP); waits until
it answers (at most `start_timeout` seconds, else VirtuosoError with the end of its log); bulk-loads the
Turtle files into one named graph (`server.graph`) with ld_dir/rdf_loader_run through `isql-vt`; and
makes that graph the default graph of its SPARQL endpoint (`server.endpoint`), so a query sent without
`default-graph-uri`, as `jhaan-kg query run --endpoint` sends it, sees exactly the loaded triples and none
of Virtuoso's own system graphs (with `default_graph=False`, as a shared store is set up, a query names
its graph: `--named-graph IRI`). `server.add_user(name, password)` adds a user who may write graphs through
the Graph Store protocol with digest authentication (`server.base + "/sparql-graph-crud-auth"`), and query
and update them at `server.base + "/sparql-auth"`. On exit, also after an error, it stops the server and removes the folder.

`catalogue_files(graph_paths)` lists what `jhaan-kg query run` loads: the ontology (without shapes) and
the given graph files or folders. `time_query(endpoint, text)` times one query over HTTP: the median of
at least `repeat` runs (more for a short query, as for ours), each capped at `timeout` seconds on the
server (Virtuoso stops the query there), as `benchmarks.query_times.Runs` (rows, seconds, median,
timed_out, error). After a query that timed out or failed, call `server.restart()` before timing the
next: a stuck query can leave Virtuoso 7.2 hanging or losing rows on later ones. `python -m
benchmarks.virtuoso --graph DIR` prints the load time and every catalogue query's median.

The server has no row or time cap of its own (a capped Virtuoso answers with a partial result that looks
whole), runs two threads per query (`threads_per_query`), keeps NOW() in UTC as the embedded engine does,
and gets a random dba password once loaded. Virtuoso 7.2 now and then crashes while it starts; the start is
then tried once more.

The server: Debian's virtuoso-opensource (`make test` installs it; `scripts/install-debs
virtuoso-opensource` by hand). Its package may leave a system-wide server on ports 1111/8890 (or, as in a
container without init, none); this module never uses it.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.query_times import Runs

ROOT = Path(__file__).resolve().parent.parent
GRAPH = "https://w3id.org/jhaan-kg/graph"  # the one named graph the data is loaded into
INSTALL_HINT = "run `make test` (or `scripts/install-debs virtuoso-opensource`) to install Virtuoso"


class VirtuosoError(RuntimeError):
    """Virtuoso is missing, did not start in time, or refused the data."""


def catalogue_files(graph_paths, ontology: Path | None = None) -> list[Path]:
    """The Turtle files `jhaan-kg query run --graph ...` loads: the ontology without shapes, then the graph."""
    from jhaan_kg.load import is_shapes_file, turtle_files

    return [f for f in turtle_files([ontology or ROOT / "ontology", *graph_paths]) if not is_shapes_file(f)]


def find_programs() -> tuple[str, str]:
    """The paths of virtuoso-t and isql-vt (Debian's names), or VirtuosoError saying how to install them."""
    server, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if not server or not isql:
        raise VirtuosoError(f"virtuoso-t or isql-vt is not installed: {INSTALL_HINT}")
    return server, isql


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    # Linux: the server gets SIGTERM if the Python process that started it dies, so none is left behind.
    if sys.platform.startswith("linux"):
        import ctypes

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
MaxClientConnections = 8
CheckpointInterval = 0
CaseMode = 2
; only our own folder can be read or written by SQL (ld_dir reads the data copy from it)
DirsAllowed = {folder}
AllowOSCalls = 0
; 8 KB pages: {buffers} buffers hold the whole database in memory without crowding a small machine
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
; two threads per query by default: 2 cores (pyoxigraph evaluates a query on one)
ThreadsPerQuery = {threads}
AsyncQueueMaxThreads = 10
MaxQueryMem = 1G

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
ServerThreads = 4
MaxClientConnections = 4
Charset = UTF-8

[SPARQL]
; no row cap and no time cap: a capped query would return a partial result that looks complete
ResultSetMaxRows = 1000000000
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


class VirtuosoServer:
    """A private Virtuoso loaded with `data_files` (Turtle) into the named graph `graph`; a context manager.

    Attributes once entered: `endpoint` (the SPARQL URL), `graph`, `triples` (as Virtuoso counts them),
    `load_seconds`, `start_seconds`, `folder`, `sql_port`, `http_port`, `password` (of its dba account).
    """

    def __init__(self, data_files, workdir: Path | str | None = None, graph: str = GRAPH,
                 start_timeout: float = 60.0, load_timeout: float = 1800.0, threads_per_query: int = 2,
                 default_graph: bool = True):
        self.data_files = [Path(f) for f in data_files]
        self.default_graph = default_graph
        self.threads_per_query = threads_per_query
        self.workdir, self.graph = workdir, graph
        self.start_timeout, self.load_timeout = start_timeout, load_timeout
        self.process: subprocess.Popen | None = None
        self.folder: Path | None = None
        self.password = "dba"  # Virtuoso's default, replaced by a random one once the data is loaded

    def __enter__(self) -> "VirtuosoServer":
        for attempt in (1, 2):
            try:
                self.start()
                self.load()
                return self
            except VirtuosoError:
                # Virtuoso 7.2 now and then crashes while it starts (GPF in Dkernel.c): one more try
                crashed = self.process is not None and self.process.poll() is not None
                self.stop()
                if attempt == 2 or not crashed:
                    raise
            except BaseException:
                self.stop()
                raise
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def restart(self) -> None:
        """A fresh server with the same data, on new ports (`endpoint` changes). Needed after a query that
        timed out: Virtuoso 7.2 can leave threads stuck, and later queries then hang or lose rows."""
        self.stop()
        self.__enter__()

    # --- start and stop -------------------------------------------------------------------------------

    def start(self) -> None:
        server, self.isql = find_programs()
        self.password = "dba"
        self.folder = Path(tempfile.mkdtemp(prefix="jhaan-virtuoso-", dir=self.workdir)).resolve()
        data = self.folder / "data"
        data.mkdir()
        for number, path in enumerate(self.data_files):  # numbered: two files may share a name
            shutil.copyfile(path, data / f"{number:05d}-{path.name}")
        size = sum(p.stat().st_size for p in self.data_files)
        buffers = max(10_000, min(200_000, size * 8 // 8192))  # a database takes a few times its Turtle
        self.sql_port, self.http_port = _free_port(), _free_port()
        (self.folder / "virtuoso.ini").write_text(INI.format(
            folder=self.folder, sql_port=self.sql_port, http_port=self.http_port, buffers=buffers,
            dirty=buffers * 3 // 4, threads=self.threads_per_query), encoding="utf-8")
        self.endpoint = f"http://127.0.0.1:{self.http_port}/sparql"
        started = time.perf_counter()
        with open(self.folder / "server.out", "wb") as out:
            self.process = subprocess.Popen(
                [server, "+foreground", "+configfile", str(self.folder / "virtuoso.ini")], cwd=self.folder,
                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent,
                env={**os.environ, "TZ": "UTC"})  # NOW() in UTC, as the embedded engine gives it
        deadline = started + self.start_timeout
        while True:
            if self.process.poll() is not None:
                raise VirtuosoError(f"virtuoso-t exited with code {self.process.returncode}:\n{self.log_tail()}")
            if time.perf_counter() > deadline:
                raise VirtuosoError(f"virtuoso-t did not answer within {self.start_timeout:g} s:\n{self.log_tail()}")
            if self._answers():
                break
            time.sleep(0.25)
        self.start_seconds = time.perf_counter() - started

    def _answers(self) -> bool:
        """Whether the server says it is online (SQL port) and its SPARQL endpoint answers a trivial query.

        The log is read rather than the SQL port probed: a bare connection closed at once can crash it.
        """
        log = self.folder / "server.out"
        if "Server online at" not in log.read_text(errors="replace"):
            return False
        try:
            with urllib.request.urlopen(self.endpoint + "?query=ASK%7B%7D", timeout=5) as response:
                return response.status == 200
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 15 s) and remove its folder."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(15)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(15)
            self.process = None
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None

    def log_tail(self, lines: int = 30) -> str:
        """The last lines the server wrote (its log, and what a crash prints)."""
        path = self.folder / "server.out" if self.folder else None
        if path is None or not path.exists():
            return "(no log)"
        return "--- virtuoso-t:\n" + "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    # --- load -----------------------------------------------------------------------------------------

    def sql(self, script: str, timeout: float = 60.0) -> str:
        """Run SQL statements (each ending in ';') through isql-vt as dba; VirtuosoError on any error."""
        try:
            done = subprocess.run(
                [self.isql, f"127.0.0.1:{self.sql_port}", "dba", self.password,
                 "VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ECHO=OFF"],
                input=script, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise VirtuosoError(f"isql-vt did not finish within {timeout:g} s:\n{script}") from None
        output = done.stdout + done.stderr
        if done.returncode != 0 or "*** Error" in output:
            raise VirtuosoError(f"isql-vt failed:\n{output.strip()}\n{self.log_tail(10)}")
        return output

    def load(self) -> None:
        """Bulk-load the data copy into `graph`, make it the endpoint's default graph, count its triples."""
        started = time.perf_counter()
        # the graph a request without default-graph-uri sees, whatever its Host header (unless the server is
        # to behave as a shared store does, every graph its own: Virtuoso adds this graph to FROM <g> and
        # finds nothing in GRAPH <g> once it is set)
        default = (f"insert into DB.DBA.SYS_SPARQL_HOST (SH_HOST, SH_GRAPH_URI) values ('%', '{self.graph}');\n"
                   if self.default_graph else "")
        output = self.sql(
            f"ld_dir('{self.folder / 'data'}', '*.ttl', '{self.graph}');\n"
            "rdf_loader_run();\n"
            "select 'LOAD-ERROR', ll_file, ll_error from DB.DBA.load_list where ll_error is not null;\n"
            + default, timeout=self.load_timeout)
        if "LOAD-ERROR" in output:
            raise VirtuosoError(f"Virtuoso refused some data:\n{output.strip()}")
        self.load_seconds = time.perf_counter() - started
        password = "p" + secrets.token_hex(12)  # the SQL port is not left open with the default password
        self.sql(f"set password {self.password} {password};\n")
        self.password = password
        count = ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" if self.default_graph else
                 f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{self.graph}> {{ ?s ?p ?o }} }}")
        data = self._http(count, timeout=600)
        self.triples = int(data["results"]["bindings"][0]["n"]["value"])

    def add_user(self, name: str, password: str) -> None:
        """A user who may update graphs through SPARQL and the Graph Store protocol, with HTTP digest
        authentication: /sparql-auth (queries and updates) and /sparql-graph-crud-auth (Graph Store)."""
        self.sql(f"DB.DBA.USER_CREATE('{name}', '{password}');\nGRANT SPARQL_UPDATE TO \"{name}\";\n")

    @property
    def base(self) -> str:
        """The server's address, without a path."""
        return self.endpoint.rsplit("/", 1)[0]

    def _http(self, text: str, timeout: float) -> dict:
        return _post(self.endpoint, text, timeout)[0]


def _post(endpoint: str, text: str, timeout: float, server_timeout: float | None = None) -> tuple[dict, dict]:
    """POST a query (SPARQL 1.1 Protocol, form-encoded); the JSON results and the response headers."""
    fields = {"query": text}
    if server_timeout is not None:
        fields["timeout"] = str(int(server_timeout * 1000))  # Virtuoso's own cap, in milliseconds
    request = urllib.request.Request(endpoint, data=urllib.parse.urlencode(fields).encode(),
                                     headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read()), dict(response.headers)


def time_query(endpoint: str, text: str, repeat: int = 3, timeout: float = 120.0) -> Runs:
    """Run `text` at least `repeat` times over HTTP, from request to parsed JSON (a short query more, as
    ours: Runs.wants_another); stop at the first run over `timeout`.

    The server is told to give up at `timeout` too (Virtuoso then answers with the rows found so far and
    the header X-SQL-State S1TAT, which counts here as timed out), so a slow query does not keep working
    after the client has stopped waiting.
    """
    timing = Runs()
    while timing.wants_another(repeat):
        started = time.perf_counter()
        try:
            data, headers = _post(endpoint, text, timeout + 30, server_timeout=timeout)
        except (OSError, urllib.error.URLError, ValueError) as e:
            body = e.read().decode(errors="replace")[:500] if isinstance(e, urllib.error.HTTPError) else ""
            # Virtuoso may also fail a query that reached its cap part-way through the answer (HTTP 500)
            timing.timed_out = (isinstance(e, TimeoutError) or "timed out" in str(e)
                                or time.perf_counter() - started >= timeout)
            timing.error = None if timing.timed_out else f"{e} {body}".strip()
            break
        seconds = time.perf_counter() - started
        if headers.get("X-SQL-State") == "S1TAT" or seconds > timeout:
            timing.timed_out = True
            break
        timing.rows = len(data["results"]["bindings"])
        timing.seconds.append(seconds)
    return timing


def main() -> None:
    """`python -m benchmarks.virtuoso --graph DIR [--only NAME ...] [--file RQ ...] [--ours] [--rounds 1]
    [--timeout 120] [--repeat 3] [--threads-per-query 2]`: load ontology/ and the graph into a private
    Virtuoso, print the load time and each catalogue query's median seconds over HTTP (parameters as
    benchmarks/query_times.py binds them), and with --ours the median of as many runs in process on
    pyoxigraph just before, and the ratio. --file times the query in a file too, under its file's stem (to
    try a rewrite on both engines); --threads-per-query 1 gives Virtuoso one core, as pyoxigraph has."""
    import argparse
    import statistics

    from benchmarks.query_times import params_for
    from jhaan_kg.query import bind_parameters, load_catalogue, run_sparql

    parser = argparse.ArgumentParser(description=main.__doc__.split("\n")[0])
    parser.add_argument("--graph", type=Path, action="append", required=True)
    parser.add_argument("--only", action="append", metavar="NAME")
    parser.add_argument("--file", type=Path, action="append", default=[], metavar="RQ")
    parser.add_argument("--ours", action="store_true", help="time each query on pyoxigraph in process too")
    parser.add_argument("--rounds", type=int, default=1, help="time every query this many times over")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threads-per-query", type=int, default=2,
                        help="Virtuoso's ThreadsPerQuery (2 as in the harness; 1 to compare with one core)")
    args = parser.parse_args()
    catalogue = load_catalogue()
    names = args.only or ([] if args.file else sorted(catalogue))
    texts = {name: bind_parameters(catalogue[name], params_for(catalogue[name])) for name in names}
    texts.update((path.stem, path.read_text(encoding="utf-8")) for path in args.file)
    kg = None
    if args.ours:
        from jhaan_kg.load import load_graph

        kg = load_graph([ROOT / "ontology", *args.graph], by_file=False)
    with VirtuosoServer(catalogue_files(args.graph), threads_per_query=args.threads_per_query) as server:
        print(f"{server.triples:,} triples; started in {server.start_seconds:.1f} s, loaded in {server.load_seconds:.1f} s")
        for _ in range(args.rounds):
            for name, text in texts.items():
                ours = ""
                if kg is not None:
                    seconds = []
                    for _ in range(args.repeat):
                        started = time.perf_counter()
                        run_sparql(kg, text)
                        seconds.append(time.perf_counter() - started)
                    ours = f"  ours {statistics.median(seconds):.4f}"
                timing = time_query(server.endpoint, text, args.repeat, args.timeout)
                runs = " ".join(f"{s:.3f}" for s in timing.seconds)
                median = f"{timing.median:9.4f}" if timing.median is not None else f"{'-':>9}"
                note = f"  ERROR {timing.error[:200]}" if timing.error else f"  over {args.timeout:g} s" if timing.timed_out else ""
                if ours and timing.median:
                    ours += f" ({statistics.median(seconds) / timing.median:.2f} times Virtuoso's)"
                print(f"{name:<32} {timing.rows if timing.rows is not None else '':>7} {median}  {runs}{note}{ours}",
                      flush=True)
                if timing.timed_out or timing.error:
                    server.restart()


if __name__ == "__main__":
    main()
