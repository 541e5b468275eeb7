"""`make bench`: one table per graph size, our engines beside the reference engines, in the same run.

    python -m benchmarks.harness [--sizes real,10000,100000,1000000] [--work DIR] [--cap-pyshacl 300]
                                 [--cap-query 60] [--cap-rdflib 30] [--requests 40] [--load-clients 20]
                                 [--load-seconds 30]

For the real graph (graph/) and seeded synthetic graphs (benchmarks/generate.py) of each size it measures,
each in a process of its own so that its peak memory (the largest resident set of it or of a child it
started, read from /proc) is its own:

- load: parsing ontology + graph into pyoxigraph, beside plain rdflib (median of 3 in one process each),
  and parsing alone with pyoxigraph (no store), the operation of the issue's reference figures, so that
  the load can be read against them on a machine slower or faster than theirs;
- `jhaan-kg build` (whole process, empty cache: a first build), `jhaan-kg validate` (whole process),
  beside plain pySHACL on the same data and shapes (stopped at --cap-pyshacl seconds or 25 times ours);
- the one-instrument update check (`jhaan-kg update --add`, whole process, median of 3 after one run that
  fills the report cache, as a steward's second check would);
- every catalogue query: in process beside plain rdflib (capped) and Virtuoso (over HTTP, the data in one
  named graph), ours and Virtuoso's one after the other query by query, each the median of at least 3
  runs, of more for a short query on both engines (up to 15, until its runs add up to half a second:
  benchmarks.query_times.Runs.wants_another); the same query as a whole `jhaan-kg query run` on the store
  the build wrote (median of 3); and whether the engines gave the same rows (compared as sorted rows,
  GROUP_CONCAT parts sorted, because SPARQL leaves both orders to the engine);
- `jhaan-kg serve`: p50/p95 latency of --requests sequential requests (a mix of catalogue queries), and
  under load (benchmarks/serve_load.py): --load-clients clients for --load-seconds, then the same while a
  runaway query runs, beside one process evaluating the mix back to back; with the answers `serve` keeps
  and with every query evaluated.

Synthetic data is written under --work (default: a temporary folder), never into graph/. Results are also
written to WORK/bench.json and WORK/bench.md. Virtuoso comes from Debian (`make bench` installs it).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.rows import rows_digest
from benchmarks.server import start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
JHAAN_KG = [sys.executable, "-c", "from jhaan_kg.cli import main; main()"]
SERVE_MIX = ["coverage-by-agency", "countries-by-agency", "empact-priorities", "relex-legend"]

ONE_INSTRUMENT = """@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix agency: <https://w3id.org/jhaan-kg/id/agency/> .
@prefix organisation: <https://w3id.org/jhaan-kg/id/organisation/> .
@prefix instrument: <https://w3id.org/jhaan-kg/id/instrument/> .
@prefix itype: <https://w3id.org/jhaan-kg/concept/instrument-type/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

instrument:europol-bench-working-arrangement-2020 a jhaan:CooperationInstrument ;
    rdfs:label "Working arrangement between Europol and a benchmark organisation (2020)"@en ;
    jhaan:agency agency:europol ; jhaan:counterpart organisation:bench-organisation ;
    jhaan:instrumentType itype:working-arrangement ; jhaan:dateSigned "2020-03-01"^^xsd:date ;
    dcterms:source <https://example.org/bench> .
organisation:bench-organisation a jhaan:InternationalOrganisation ; skos:prefLabel "Benchmark organisation"@en ;
    jhaan:acronym "BENCH" ; dcterms:source <https://example.org/bench> .
<https://example.org/bench> a jhaan:SourceDocument ; dcterms:title "Benchmark change"@en .
"""


# --- measuring a process --------------------------------------------------------------------------------

@dataclass
class Run:
    seconds: float
    peak_mb: float
    code: int | None  # None: stopped at the cap
    stdout: str = ""

    @property
    def capped(self) -> bool:
        return self.code is None


def run_process(args: list[str], cap: float = 3600, env: dict | None = None, cwd: Path = ROOT) -> Run:
    """Wall seconds and peak memory (MB) of one process: the largest resident set of it or of a child it started,
    read from /proc while it runs. Not wait4's ru_maxrss: Linux starts a child's count from this harness's own
    peak (kept across exec), so every child would seem at least as large as the harness has grown."""
    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        deadline, peak = started + cap, 0.0
        while True:
            pid, status = os.waitpid(process.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, resident_peak(process.pid))
            if time.perf_counter() > deadline:
                process.kill()
                process.wait()
                return Run(cap, peak, None)
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return Run(seconds, peak, process.returncode, out.read().decode("utf-8", "replace"))


def resident_peak(pid: int) -> float:
    """The largest peak resident set (MB) of process `pid` and its running children; 0 once it has ended."""
    try:
        children = child_pids(pid)
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return max([_peak_mb(pid), *map(_peak_mb, children)])


def task(name: str, *args: str, cap: float = 3600) -> tuple[Run, dict | None]:
    """Run one in-process measurement (`--task NAME`) in a child; its JSON answer, None when capped."""
    run = run_process([sys.executable, "-m", "benchmarks.harness", "--task", name, *args], cap)
    if run.capped:
        return run, None
    if run.code != 0 or not run.stdout.strip():
        raise RuntimeError(f"task {name} {' '.join(args)} failed (exit {run.code})")
    return run, json.loads(run.stdout.strip().splitlines()[-1])


def median_run(args: list[str], times: int = 3, env: dict | None = None, cap: float = 3600) -> Run:
    runs = [run_process(args, cap=cap, env=env) for _ in range(times)]
    runs.sort(key=lambda r: r.seconds)
    return runs[len(runs) // 2]


# --- rows compared across engines ---------------------------------------------------------------------

@functools.cache
def bound_queries() -> dict[str, str]:
    """Each catalogue query's text with the benchmark's parameters bound."""
    from benchmarks.query_times import params_for
    from jhaan_kg.query import bind_parameters, load_catalogue

    return {name: bind_parameters(q, params_for(q)) for name, q in sorted(load_catalogue().items())}


def inputs(graph: Path) -> list[Path]:
    """The Turtle files `jhaan-kg query run --graph GRAPH` reads, shapes excluded."""
    from benchmarks.virtuoso import catalogue_files

    return catalogue_files([graph], ROOT / "ontology")


# --- the tasks run in child processes --------------------------------------------------------------------

LOADS = 3  # times each engine loads the graph in its child; the median is shown, like the reference figures


def median_load(load) -> dict:
    """The median seconds of LOADS calls of `load` (each graph dropped before the next), and its triple count."""
    seconds, triples = [], 0
    for _ in range(LOADS):
        started = time.perf_counter()
        graph = load()
        seconds.append(time.perf_counter() - started)
        triples = len(graph)  # counted outside the timing: a store counts its triples by reading them all
        del graph
    return {"seconds": statistics.median(seconds), "each": seconds, "triples": triples}


def task_load_ox(graph: str) -> dict:
    from jhaan_kg.load import load_graph

    return median_load(lambda: load_graph([ROOT / "ontology", Path(graph)], by_file=False))


def task_parse_ox(graph: str) -> dict:
    import pyoxigraph as ox

    def parse() -> range:
        # counted, not kept: the reference's "parse Turtle" figure has no store and no list to fill
        count = 0
        for path in inputs(Path(graph)):
            count += sum(1 for _ in ox.parse(path=path, format=ox.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()))
        return range(count)

    return median_load(parse)


def _rdflib_graph(graph: str):
    import rdflib

    g = rdflib.Graph()
    for path in inputs(Path(graph)):
        g.parse(path, format="turtle")
    return g


def task_load_rdflib(graph: str) -> dict:
    return median_load(lambda: _rdflib_graph(graph))


def task_queries_rdflib(graph: str, cap: str) -> dict:
    """Each query on plain rdflib, in a forked child per query so that a slow one is stopped at the cap."""
    import multiprocessing

    g = _rdflib_graph(graph)
    texts = bound_queries()
    context = multiprocessing.get_context("fork")
    answer = {}
    for name, text in texts.items():
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_rdflib_query, args=(g, text, send), daemon=True)
        child.start()
        send.close()
        if receive.poll(float(cap)):
            try:
                answer[name] = receive.recv()
            except EOFError:
                answer[name] = {"error": "the child died"}
        else:
            answer[name] = {"capped": True}
        if child.is_alive():
            child.kill()
        child.join()
    return answer


def _rdflib_query(g, text: str, conn) -> None:
    try:
        started = time.perf_counter()
        result = g.query(text)
        columns = [str(v) for v in result.vars]
        rows = [tuple("" if row[c] is None else str(row[c]) for c in columns) for row in result]
        conn.send({"seconds": time.perf_counter() - started, "rows": len(rows), "digest": rows_digest(text, rows)})
    except Exception as e:
        conn.send({"error": f"{type(e).__name__}: {e}"[:200]})
    conn.close()


def task_validate_pyshacl(graph: str) -> dict:
    import pyoxigraph as ox
    import pyshacl
    import rdflib

    from jhaan_kg.load import load_shapes

    data = _rdflib_graph(graph)
    shapes = rdflib.Graph().parse(data=ox.serialize(load_shapes([ROOT / "ontology"]), format=ox.RdfFormat.N_TRIPLES),
                                  format="nt")
    started = time.perf_counter()
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, advanced=True, allow_warnings=True,
                                            inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    count = sum(1 for r in results.subjects(rdflib.RDF.type, sh.ValidationResult) if (None, sh.detail, r) not in results)
    return {"seconds": time.perf_counter() - started, "results": count, "conforms": conforms}


TASKS = {"load-ox": task_load_ox, "parse-ox": task_parse_ox, "load-rdflib": task_load_rdflib,
         "queries-rdflib": task_queries_rdflib, "validate-pyshacl": task_validate_pyshacl}


# --- one size -------------------------------------------------------------------------------------------

@dataclass
class Table:
    title: str
    rows: list[list[str]] = field(default_factory=list)
    data: dict = field(default_factory=dict)

    def add(self, work: str, ours: str, peak: str, reference: str = "", theirs: str = "", ratio: str = "",
            same: str = "") -> None:
        self.rows.append([work, ours, peak, reference, theirs, ratio, same])

    def markdown(self) -> str:
        head = ["work", "ours (s)", "peak MB", "reference", "reference (s)", "reference / ours", "same result"]
        lines = [f"### {self.title}", "", "| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        lines += ["| " + " | ".join(r) + " |" for r in self.rows]
        return "\n".join(lines) + "\n"


def s(seconds: float | None, capped: bool = False, cap: float = 0) -> str:
    if capped:
        return f"> {cap:.0f} (stopped)"
    return "-" if seconds is None else f"{seconds:.3f}" if seconds < 10 else f"{seconds:.1f}"


def ratio(ours: float | None, theirs: float | None, capped: bool = False) -> str:
    if not ours or theirs is None:
        return "-"
    return f"{'>= ' if capped else ''}{theirs / ours:.1f}x"


def measure_size(label: str, graph: Path, work: Path, args, violations: int) -> Table:
    """The table of one graph, which holds `violations` violations of the shapes (0 for graph/)."""
    table = Table(f"{label}")
    log = lambda m: print(f"  [{label}] {m}", file=sys.stderr, flush=True)
    cache = work / f"cache-{label}"
    env = {**os.environ, "JHAAN_KG_CACHE": str(cache)}
    graph_args = ["--graph", str(graph)]

    log("load")
    run, ox_load = task("load-ox", str(graph))
    # rdflib's loads together may take LOADS times the cap of one (cap_query * 10)
    rrun, rd_load = task("load-rdflib", str(graph), cap=args.cap_query * 10 * LOADS)
    table.data["triples"] = ox_load["triples"]
    table.title = f"{label}: {ox_load['triples']:,} triples"
    table.add(f"load (parse into the store, in process, median of {LOADS})", s(ox_load["seconds"]), f"{run.peak_mb:.0f}", "rdflib parse",
              s(rd_load and rd_load["seconds"], rd_load is None, args.cap_query * 10),
              ratio(ox_load["seconds"], rd_load["seconds"] if rd_load else args.cap_query * 10, rd_load is None),
              "yes" if rd_load and rd_load["triples"] == ox_load["triples"] else "-")

    _, parsed = task("parse-ox", str(graph))
    # the reference figures are of this operation (1.2 s at 1M on their machine): how fast this
    # machine is today, to read the load figure against
    table.add(f"  parsing alone, no store (median of {LOADS})", "", "", "pyoxigraph parse", s(parsed["seconds"]),
              same="" if parsed["triples"] >= ox_load["triples"] else "DIFFERENT triple count")

    log("build")
    shutil.rmtree(cache, ignore_errors=True)
    out = work / f"build-{label}"
    build = run_process([*JHAAN_KG, "build", *graph_args, "--out", str(out), "--quiet"], env=env)
    table.add("build (whole process, first build)", s(build.seconds), f"{build.peak_mb:.0f}")
    again = run_process([*JHAAN_KG, "build", *graph_args, "--out", str(out), "--quiet"], env=env)
    table.add("build again, inputs unchanged", s(again.seconds), f"{again.peak_mb:.0f}")

    log("validate")
    # the build left the compiled shapes in the cache, as any earlier command does; the validation itself runs
    ours = median_run([*JHAAN_KG, "validate", *graph_args, "--format", "json"], env=env)
    report = json.loads(ours.stdout) if ours.stdout.strip() else None
    ours_results = len(report["results"]) if report else None
    # graph/ holds warnings (countries without a region) but no violation
    ours_violations = report["counts"].get("Violation", 0) if report else None
    # pySHACL may run at least 25 times as long as ours, so that stopping it still proves a 20x lead
    cap = max(args.cap_pyshacl, 25 * ours.seconds)
    prun, pyshacl = task("validate-pyshacl", str(graph), cap=cap)
    known = (f"{violations}, those the graph holds" if ours_violations == violations
             else f"DIFFERENT: {ours_violations}, the graph holds {violations}")
    table.add("validate (whole process)", s(ours.seconds), f"{ours.peak_mb:.0f}", "pySHACL (validation only)",
              s(pyshacl and pyshacl["seconds"], pyshacl is None, cap),
              ratio(ours.seconds, pyshacl["seconds"] if pyshacl else cap, pyshacl is None),
              ("yes" if pyshacl["results"] == ours_results else f"no ({pyshacl['results']} vs {ours_results})")
              if pyshacl else "-")
    table.add("  of which violations (the rest are warnings)", str(ours_violations), "", same=known)

    log("update check")
    change = work / "one-instrument.ttl"
    change.write_text(ONE_INSTRUMENT, encoding="utf-8")
    update_args = [*JHAAN_KG, "update", *graph_args, "--add", str(change)]
    run_process(update_args, env=env)  # fills the report cache, as the steward's first command does
    update = median_run(update_args, env=env)
    table.add("update check, one instrument (whole process)", s(update.seconds), f"{update.peak_mb:.0f}")

    log("queries: ours and Virtuoso, query by query")
    ours_q, virtuoso_q, ours_peak, virtuoso_peak = queries_side_by_side(graph, args.cap_query)
    log("queries: rdflib")
    _, rdflib_q = task("queries-rdflib", str(graph), str(args.cap_rdflib), cap=args.cap_rdflib * 40 + 600)
    from jhaan_kg.query.answers import ANSWERS, answer_name

    texts = bound_queries()
    for name in texts:
        mine, theirs, v = ours_q.get(name, {}), (rdflib_q or {}).get(name, {}), virtuoso_q.get(name, {})
        params = param_args(name)
        run_args = [*JHAAN_KG, "query", "run", name, *graph_args, "--store", str(out / "store"), "--format", "csv",
                    *params]
        # the median of 3: a start-up of a few tenths of a second is easily doubled by this machine's noise
        whole = median_run(run_args, cap=args.cap_query * 3)
        # build keeps the answers of queries run without parameters, and of those that need an agency for each
        # agency; how long evaluating one takes is shown too
        kept = (out / "store" / ANSWERS / answer_name(texts[name])).is_file()
        evaluated = run_process([*run_args, "--recompute"], cap=args.cap_query * 3) if kept else None
        same = [engine for engine, r in (("rdflib", theirs), ("Virtuoso", v))
                if r.get("digest") and r["digest"] == mine.get("digest")]
        differ = [engine for engine, r in (("rdflib", theirs), ("Virtuoso", v))
                  if r.get("digest") and mine.get("digest") and r["digest"] != mine["digest"]]
        table.add(f"query {name} ({mine.get('rows', '-')} rows)", s(mine.get("seconds"), mine.get("seconds") is None and not mine.get("error"), args.cap_query),
                  f"{ours_peak:.0f}", "Virtuoso / rdflib",
                  f"{s(v.get('seconds'), v.get('capped', False), args.cap_query)} / "
                  f"{s(theirs.get('seconds'), theirs.get('capped', False), args.cap_rdflib)}",
                  ratio(mine.get("seconds"), v.get("seconds")),
                  ("same: " + ", ".join(same) if same else "") + ("; DIFFERENT: " + ", ".join(differ) if differ else ""))
        table.add(f"  whole `query run {name}` on the built store{' (answer kept by build)' if kept else ''}",
                  s(whole.seconds, whole.capped, args.cap_query * 3), f"{whole.peak_mb:.0f}")
        if evaluated:
            table.add("    the same, evaluated on the store (--recompute)",
                      s(evaluated.seconds, evaluated.capped, args.cap_query * 3), f"{evaluated.peak_mb:.0f}",
                      same="-" if evaluated.capped else
                      "same output as the kept answer" if evaluated.stdout == whole.stdout else "DIFFERENT from the kept answer")
    table.data["virtuoso_peak_mb"] = virtuoso_peak

    log("serve")
    p50, p95, peak = serve_latency(graph, out, args.requests)
    table.add(f"serve: {args.requests} requests ({', '.join(SERVE_MIX)}), p50", s(p50), f"{peak:.0f}")
    table.add("serve: p95", s(p95), "")
    log("serve under load")
    serve_under_load(table, graph, out, args)
    return table


def serve_under_load(table, graph: Path, build: Path, args) -> None:
    """benchmarks/serve_load.py on the built store: with the answers `serve` keeps, and evaluating every query."""
    from benchmarks.serve_load import measure

    for cache in (True, False):
        phases = measure(graph, build / "store", args.load_clients, args.load_seconds, cache=cache)
        table.data[f"serve_load_{'cached' if cache else 'evaluated'}"] = [p.summary() for p in phases]
        for phase in phases:
            table.add(f"serve under load{'' if cache else ', every query evaluated'}: {phase.name}: "
                      f"{phase.throughput:.0f}/s, errors {phase.errors}; p50 / p95",
                      f"{s(phase.quantile(0.5))} / {s(phase.quantile(0.95))}", "")


def param_args(name: str) -> list[str]:
    from benchmarks.query_times import BENCH_PARAMS

    return [x for k, v in BENCH_PARAMS.get(name, {}).items() for x in ("--param", f"{k}={v}")]


def queries_side_by_side(graph: Path, cap: float) -> tuple[dict, dict, float, float]:
    """Each catalogue query timed on our engine and then on Virtuoso before the next query, so that a slow
    spell of this noisy machine falls on both engines rather than on one engine's whole step. Each engine's
    answers by query name, then the peak MB of our query worker and of Virtuoso."""
    from benchmarks.query_times import QueryTimer
    from benchmarks.virtuoso import VirtuosoServer, time_query
    from jhaan_kg.query import run_sparql_endpoint

    ours, theirs, ours_peak, virtuoso_peak = {}, {}, 0.0, 0.0
    with VirtuosoServer(inputs(graph)) as server, QueryTimer([ROOT / "ontology", graph], timeout=cap) as timer:
        for name, text in bound_queries().items():
            timing = timer.time(name)
            ours_peak = max(ours_peak, _peak_mb(timer.pid))
            ours[name] = {"seconds": timing.median, "rows": timing.rows, "error": timing.error, "digest": timing.digest}
            timing = time_query(server.endpoint, text, repeat=3, timeout=cap)
            entry = {"seconds": timing.median, "rows": timing.rows, "capped": timing.timed_out, "error": timing.error}
            if timing.median is not None:
                entry["digest"] = rows_digest(text, run_sparql_endpoint(server.endpoint, text, timeout=int(cap) + 30).rows)
            theirs[name] = entry
            if timing.timed_out or timing.error:
                # as benchmarks.virtuoso asks: a stopped query can leave Virtuoso 7.2 slow or losing rows after it
                virtuoso_peak = max(virtuoso_peak, _peak_mb(server.process.pid))
                server.restart()
        virtuoso_peak = max(virtuoso_peak, _peak_mb(server.process.pid))
    return ours, theirs, ours_peak, virtuoso_peak


def _peak_mb(pid: int) -> float:
    """The peak resident set (MB) of process `pid` (Linux VmHWM); 0 if it has ended."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def serve_latency(graph: Path, build: Path, requests: int) -> tuple[float, float, float]:
    """p50 and p95 seconds of `requests` sequential requests to a fresh `jhaan-kg serve`, and its peak MB."""
    texts = bound_queries()
    process, base = start_server("--graph", str(graph), "--store", str(build / "store"), "--site", str(build),
                                 "--timeout", "120", wait=600, quiet=True)
    try:
        latencies = []
        for i in range(requests):
            body = urllib.parse.urlencode({"query": texts[SERVE_MIX[i % len(SERVE_MIX)]]}).encode()
            request = urllib.request.Request(base + "/sparql", data=body,
                                             headers={"Accept": "application/sparql-results+json"})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=300) as response:
                response.read()
            latencies.append(time.perf_counter() - started)
        peak = _peak_mb(process.pid) + sum(_peak_mb(c) for c in child_pids(process.pid))
    finally:
        stop_server(process)
    cuts = statistics.quantiles(latencies, n=20)
    return statistics.median(latencies), cuts[18], peak


def child_pids(pid: int) -> set[int]:
    """The processes `pid` started that are still running (Linux /proc)."""
    found = set()
    for t in Path(f"/proc/{pid}/task").iterdir():
        try:
            found |= {int(x) for x in (t / "children").read_text().split()}
        except FileNotFoundError:  # the thread ended between the listing and the read
            continue
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--task", nargs="+", help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="real,10000,100000,1000000",
                        help="comma-separated: 'real' (graph/) and numbers of synthetic triples")
    parser.add_argument("--work", type=Path, default=None, help="folder for synthetic graphs and builds")
    parser.add_argument("--cap-pyshacl", type=float, default=300, help="seconds plain pySHACL may take at least (default 300; at least 25 times ours)")
    parser.add_argument("--cap-query", type=float, default=60, help="seconds one query run may take (default 60)")
    parser.add_argument("--cap-rdflib", type=float, default=30,
                        help="seconds one query may take on plain rdflib (default 30)")
    parser.add_argument("--requests", type=int, default=40, help="requests to `serve` per size (default 40)")
    parser.add_argument("--load-clients", type=int, default=20, help="clients of `serve` under load (default 20)")
    parser.add_argument("--load-seconds", type=float, default=30, help="seconds of each load phase (default 30)")
    args = parser.parse_args()
    if args.task:
        name, *rest = args.task
        print(json.dumps(TASKS[name](*rest)))
        return

    from benchmarks.generate import VIOLATIONS, generate

    work = args.work or Path(tempfile.mkdtemp(prefix="jhaan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    helprun = median_run([*JHAAN_KG, "--help"], times=5)
    head = (f"jhaan-kg benchmark, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
            f"Python {sys.version.split()[0]}; `jhaan-kg --help` {helprun.seconds:.3f} s (median of 5)\n")
    print(head, flush=True)
    tables = []
    for size in args.sizes.split(","):
        if size == "real":
            graph, label, violations = ROOT / "graph", "graph/ (real)", 0
        else:
            graph, label, violations = work / f"synthetic-{size}", f"synthetic {int(size):,}", VIOLATIONS
            if not graph.exists():
                generate(int(size), graph)
        table = measure_size(label, graph, work, args, violations)
        print(table.markdown(), flush=True)
        tables.append(table)
    (work / "bench.md").write_text(head + "\n" + "\n".join(t.markdown() for t in tables), encoding="utf-8")
    (work / "bench.json").write_text(json.dumps([{"title": t.title, "rows": t.rows, **t.data} for t in tables],
                                                indent=1), encoding="utf-8")
    print(f"({time.perf_counter() - started:.0f} s in all; tables in {work}/bench.md)", file=sys.stderr)


if __name__ == "__main__":
    main()
