"""Seconds each catalogue query takes on one graph, in process, every run bounded by a time cap.

    python -m benchmarks.query_times --graph /tmp/syn-1000000 [--only NAME ...] [--timeout 120] [--repeat 3]
                                     [--param KEY=VALUE ...] [--queries DIR]

Loads ontology/ and the graph once, into the default graph as `jhaan-kg query run` does, then runs each
query REPEAT times and prints its rows and the median wall and CPU seconds (query text to rows of
strings, as the command line gets them; CPU time is the steadier figure on a busy machine). Each query
runs in a forked child that shares the loaded store copy-on-write and is killed when one run exceeds the
cap, so a runaway query cannot stall the table. The first run in a child is often slower (pages of the
store copied on first touch): the median leaves it out.

Parameters: the required ones from BENCH_PARAMS (values that exist in the synthetic graphs), optional
ones left to their defaults; `--param as_of=2020-12-31` sets a parameter in every query that declares it.
`time_queries()` is the function a harness imports.
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


@dataclass
class Timing(Runs):
    """A catalogue query's runs on the embedded engine, with the parameters it ran with."""

    name: str = ""
    params: dict[str, str] = field(default_factory=dict)
    cpu_seconds: list[float] = field(default_factory=list)  # of the child: less disturbed by a busy machine

    @property
    def median_cpu(self) -> float | None:
        return statistics.median(self.cpu_seconds) if self.cpu_seconds and not self.timed_out else None


def params_for(query, overrides: dict[str, str] | None = None) -> dict[str, str]:
    """BENCH_PARAMS of the query, plus each override the query declares."""
    declared = {p.name for p in query.parameters}
    return BENCH_PARAMS.get(query.name, {}) | {k: v for k, v in (overrides or {}).items() if k in declared}


def _runs(kg, query, params, repeat, conn) -> None:
    from jhaan_kg.query import run_named_query

    try:
        for _ in range(repeat):
            started, cpu = time.perf_counter(), time.process_time()
            result = run_named_query(kg, query, params)
            conn.send(("ok", len(result.rows), time.perf_counter() - started, time.process_time() - cpu))
    except Exception as e:  # reported in the table, not raised: the other queries still run
        conn.send(("error", f"{type(e).__name__}: {e}", 0.0, 0.0))
    finally:
        conn.close()


def time_queries(kg, names=None, repeat: int = 3, timeout: float = 120.0, overrides: dict[str, str] | None = None,
                 catalogue=None) -> list[Timing]:
    """Run each named query (default: the whole catalogue) `repeat` times on the loaded graph `kg`.

    Each query runs in a forked child; a run that takes longer than `timeout` seconds kills the child
    and marks the query timed out (its finished runs are kept). Linux/macOS only (fork).
    """
    from jhaan_kg.query import load_catalogue

    catalogue = catalogue or load_catalogue()
    context = multiprocessing.get_context("fork")
    timings = []
    for name in names or sorted(catalogue):
        query = catalogue[name]
        timing = Timing(name=name, params=params_for(query, overrides))
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_runs, args=(kg, query, timing.params, repeat, send), daemon=True)
        child.start()
        send.close()
        for _ in range(repeat):
            if not receive.poll(timeout):
                timing.timed_out = True
                break
            try:
                status, value, seconds, cpu = receive.recv()
            except EOFError:
                timing.error = f"the child died (exit code {child.exitcode})"
                break
            if status == "error":
                timing.error = value
                break
            timing.rows = value
            timing.seconds.append(seconds)
            timing.cpu_seconds.append(cpu)
        if child.is_alive() and (timing.timed_out or timing.error):
            child.kill()
        child.join()
        receive.close()
        timings.append(timing)
    return timings


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
    from jhaan_kg.load import load_graph
    from jhaan_kg.query import load_catalogue

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
    started = time.perf_counter()
    kg = load_graph([args.ontology, *args.graph], by_file=False)
    print(f"loaded {len(kg):,} triples in {time.perf_counter() - started:.2f} s")
    catalogue = load_catalogue(args.queries)
    print(format_table(time_queries(kg, args.only, args.repeat, args.timeout, overrides, catalogue), args.timeout), end="")


if __name__ == "__main__":
    main()
