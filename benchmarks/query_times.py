"""Seconds each catalogue query takes on one graph, in process, every run bounded by a time cap.

    python -m benchmarks.query_times --graph /tmp/syn-1000000 [--only NAME ...] [--timeout 120] [--repeat 3]
                                     [--param KEY=VALUE ...] [--queries DIR]

Loads ontology/ and the graph once, into the default graph as `jhaan-kg query run` does, then runs each
query REPEAT times and prints its rows and the median wall and CPU seconds (query text to rows of
strings, as the command line gets them; CPU time is the steadier figure on a busy machine). The queries
run in one worker process that loads the graph itself; a run that exceeds the cap kills the worker, and a
new one loads the graph for the next query, so a runaway query cannot stall the table. (A forked child
sharing the parent's store was tried first: every page of the store it touched was copied on first touch,
which made a 5 ms query take 15-30 ms at 1M triples.)

Parameters: the required ones from BENCH_PARAMS (values that exist in the synthetic graphs), optional
ones left to their defaults; `--param as_of=2020-12-31` sets a parameter in every query that declares it.
`time_queries()` times a list of queries; `QueryTimer` one query at a time, for a caller that times another
engine in between.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Required parameters, with values found in every graph benchmarks/generate.py writes (AL and the Europol
# IRI also in graph/, where the acronym is written Europol).
BENCH_PARAMS: dict[str, dict[str, str]] = {
    "instruments-by-country": {"country": "AL"},
    "agencies-without-instrument": {"country": "AL"},
    "meetings-attended": {"agency": "EUROPOL"},
    "sources-of": {"subject": "https://w3id.org/jhaan-kg/id/agency/europol"},
}


SHORT_QUERY_SECONDS = 0.5
MOST_RUNS = 15


@dataclass
class Runs:
    """The runs of one query: the row count, the seconds of each finished run, and why it stopped early if it did."""

    rows: int | None = None
    seconds: list[float] = field(default_factory=list)
    timed_out: bool = False
    error: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds and not self.timed_out and not self.error else None

    def wants_another(self, least: int) -> bool:
        """Whether to run once more: until `least` runs, and a short query until its runs add up to
        SHORT_QUERY_SECONDS (at most MOST_RUNS), so that a median of a few milliseconds is not one noisy run."""
        runs = len(self.seconds)
        return runs < least or (sum(self.seconds) < SHORT_QUERY_SECONDS and runs < MOST_RUNS)


@dataclass
class Timing(Runs):
    """A catalogue query's runs on the embedded engine, with the parameters it ran with."""

    name: str = ""
    params: dict[str, str] = field(default_factory=dict)
    cpu_seconds: list[float] = field(default_factory=list)  # of the worker: less disturbed by a busy machine
    digest: str | None = None  # of the last run's rows (benchmarks.rows.rows_digest), to compare engines

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu_seconds) if self.cpu_seconds and not self.timed_out else None


def params_for(query, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """BENCH_PARAMS of the query, plus each override the query declares."""
    declared = {p.name for p in query.parameters}
    return BENCH_PARAMS.get(query.name, {}) | {k: v for k, v in (overrides or {}).items() if k in declared}


def _worker(graph_paths: list[Path], queries_dir: Path | None, conn) -> None:
    """Load the graph once, then answer (name, params, repeat) requests with one message per run, which
    says whether another follows (Runs.wants_another); the last one also carries the digest of its rows,
    computed after its clock stopped."""
    from benchmarks.rows import rows_digest
    from jhaan_kg.load import load_graph
    from jhaan_kg.query import load_catalogue, run_named_query

    kg = load_graph(graph_paths, by_file=False)
    catalogue = load_catalogue(queries_dir)
    conn.send("ready")
    while True:
        name, params, repeat = conn.recv()
        runs = Runs()
        try:
            while True:
                started, cpu = time.perf_counter(), time.process_time()
                result = run_named_query(kg, catalogue[name], params)
                seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
                runs.seconds.append(seconds)
                more = runs.wants_another(repeat)
                digest = None if more else rows_digest(catalogue[name].text, result.rows)
                conn.send(("ok", len(result.rows), seconds, cpu, digest, more))
                if not more:
                    break
        except Exception as e:  # reported in the table, not raised: the other queries still run
            conn.send(("error", f"{type(e).__name__}: {e}", 0.0, 0.0, None, False))


class _Worker:
    def __init__(self, graph_paths: list[Path], queries_dir: Path | None):
        context = multiprocessing.get_context("spawn")
        self.conn, child_end = context.Pipe()
        self.process = context.Process(target=_worker, args=(graph_paths, queries_dir, child_end), daemon=True)
        self.process.start()
        child_end.close()
        self.conn.recv()  # "ready"; EOFError if the graph cannot be loaded

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.conn.close()


class QueryTimer:
    """Times catalogue queries one at a time on the graph of `graph_paths` (the ontology folder included), in
    a worker process that loads the graph once; a run over `timeout` seconds kills the worker, marks the
    query timed out (its finished runs are kept) and starts a new worker for the next query. One query at a
    time lets a caller time another engine between two of ours (benchmarks.harness does, with Virtuoso)."""

    def __init__(self, graph_paths: list[Path], repeat: int = 3, timeout: float = 120.0,
                 queries_dir: Path | None = None):
        from jhaan_kg.query import load_catalogue

        self.graph_paths, self.repeat, self.timeout, self.queries_dir = graph_paths, repeat, timeout, queries_dir
        self.catalogue = load_catalogue(queries_dir)
        self.worker = _Worker(graph_paths, queries_dir)

    def __enter__(self) -> "QueryTimer":
        return self

    def __exit__(self, *exc) -> None:
        self.worker.stop()

    @property
    def pid(self) -> int:
        """The worker's process id (a new one after a timeout)."""
        return self.worker.process.pid

    def time(self, name: str, overrides: dict[str, str] | None = None) -> Timing:
        """Run query `name` at least `repeat` times (a short one more: see Runs.wants_another)."""
        timing = Timing(name=name, params=params_for(self.catalogue[name], overrides))
        self.worker.conn.send((name, timing.params, self.repeat))
        more = True
        while more:
            if not self.worker.conn.poll(self.timeout):
                timing.timed_out = True
                break
            try:
                status, value, seconds, cpu, digest, more = self.worker.conn.recv()
            except EOFError:
                self.worker.process.join()
                timing.error = f"the worker died (exit code {self.worker.process.exitcode})"
                break
            if status == "error":
                timing.error = value
                break
            timing.rows, timing.digest = value, digest
            timing.seconds.append(seconds)
            timing.cpu_seconds.append(cpu)
        if timing.timed_out or not self.worker.process.is_alive():
            self.worker.stop()
            self.worker = _Worker(self.graph_paths, self.queries_dir)
        return timing


def time_queries(graph_paths: list[Path], names=None, repeat: int = 3, timeout: float = 120.0,
                 overrides: dict[str, str] | None = None, queries_dir: Path | None = None) -> list[Timing]:
    """Each named query (default: the whole catalogue) timed by one QueryTimer, in name order."""
    with QueryTimer(graph_paths, repeat, timeout, queries_dir) as timer:
        return [timer.time(name, overrides) for name in names or sorted(timer.catalogue)]


def format_table(timings: list[Timing], timeout: float) -> str:
    lines = [f"{'query':<32} {'rows':>8} {'median s':>9} {'cpu s':>7}  runs (s)"]
    for t in timings:
        median = f"{t.median:9.3f}" if t.median is not None else f"{'>' + format(timeout, 'g'):>9}" if t.timed_out else f"{'-':>9}"
        cpu = f"{t.median_cpu:7.3f}" if t.median_cpu is not None else f"{'-':>7}"
        runs = " ".join(f"{s:.3f}" for s in t.seconds)
        note = f"  ERROR {t.error}" if t.error else "  timed out" if t.timed_out else ""
        rows = "" if t.rows is None else t.rows
        lines.append(f"{t.name:<32} {rows:>8} {median} {cpu}  {runs}{note}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, action="append", required=True, help="Turtle file or folder (repeatable)")
    parser.add_argument("--ontology", type=Path, default=ROOT / "ontology")
    parser.add_argument("--only", action="append", metavar="NAME", help="time only this query (repeatable)")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds one run may take (default 120)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--param", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument("--queries", type=Path, default=None, help="folder of .rq files (default: queries/)")
    args = parser.parse_args()
    overrides = dict(item.split("=", 1) for item in args.param)
    timings = time_queries([args.ontology, *args.graph], args.only, args.repeat, args.timeout, overrides, args.queries)
    print(format_table(timings, args.timeout), end="")


if __name__ == "__main__":
    main()
