"""`jhaan-kg serve` under load (issue 20, item 6): concurrent clients asking mixed catalogue queries, then the
same while a runaway query holds a worker; bounded in time, on 127.0.0.1 only.

    python -m benchmarks.serve_load [--graph DIR] [--store DIR] [--clients 20] [--seconds 30]
                                    [--workers 2] [--timeout 10] [--no-cache] [--mix NAME ...] [--json FILE]

It starts a private `jhaan-kg serve --port 0` on the graph (the store `build` left in --store when it
matches, else one it loads), then measures, each for --seconds:

1. one process evaluating the mix back to back, in process on the same store, each answer written as the
   server writes it (SPARQL JSON): the throughput to beat;
2. --clients clients, each sending the next query of the mix as soon as it has its answer (GET /sparql,
   Accept: application/sparql-results+json, on a connection it keeps open as a browser does; a client
   waits at most 60 s for an answer);
3. the same while one runaway query runs all along (a triple cross product, which the server stops at its
   --timeout and which is then sent again at once).

It prints, per phase, the answers, errors (any answer but 200 to a mix query, or no answer), throughput,
p50, p95 and the largest latency, and stops the server at the end, also after an error or Ctrl-C. The
whole run takes about 3 x --seconds plus the server's start. With --no-cache the server evaluates every
query (JHAAN_KG_SERVE_CACHE=off, jhaan_kg/publish/cache.py), so that the workers' work is measured rather than
the answers kept. The clients run on the same machine as the server: the machine's load before the run is
printed, as another process's work shows in the figures. `make bench` runs it on each size
(benchmarks/harness.py); docs/bench.md keeps its figures.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks import server

ROOT = Path(__file__).resolve().parent.parent
# the questions analysts ask most: the catalogue's queries for the pages, and those with a parameter
MIX = ("coverage-by-agency", "countries-by-agency", "empact-priorities", "relex-legend", "instruments-by-country",
       "meetings-attended", "agencies-without-instrument", "suspended-and-on-hold", "chairs-and-trio",
       "working-groups", "personal-data-instruments", "instruments-timeline")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ANSWER_WAIT = 60.0  # seconds a client waits for one answer


@dataclass
class Phase:
    """What one phase measured: answers, errors (with the first few), and latencies in seconds."""

    name: str
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    examples: list[str] = field(default_factory=list)
    runaways: int = 0  # runaway queries sent (phase 3)

    @property
    def answers(self) -> int:
        return len(self.latencies)

    @property
    def throughput(self) -> float:
        return self.answers / self.seconds if self.seconds else 0.0

    def quantile(self, q: float) -> float | None:
        if len(self.latencies) < 2:
            return self.latencies[0] if self.latencies else None
        return statistics.quantiles(self.latencies, n=100, method="inclusive")[round(q * 100) - 1]

    def summary(self) -> dict:
        return {"phase": self.name, "seconds": round(self.seconds, 2), "answers": self.answers, "errors": self.errors,
                "throughput": round(self.throughput, 1), "p50": self.quantile(0.5), "p95": self.quantile(0.95),
                "max": max(self.latencies, default=None), "runaways": self.runaways, "examples": self.examples}

    def line(self) -> str:
        ms = lambda v: "-" if v is None else f"{v * 1000:.0f} ms"
        return (f"{self.name:<44} {self.answers:>6} answers {self.errors:>3} errors {self.throughput:>7.1f}/s  "
                f"p50 {ms(self.quantile(0.5)):>7}  p95 {ms(self.quantile(0.95)):>7}  max {ms(max(self.latencies, default=None)):>7}"
                + (f"  ({self.runaways} runaway queries sent)" if self.runaways else ""))


def mix_texts(names) -> list[str]:
    """The mix's queries with the benchmark's parameters bound (benchmarks/query_times.py)."""
    from benchmarks.query_times import params_for
    from jhaan_kg.query import bind_parameters, load_catalogue

    catalogue = load_catalogue()
    return [bind_parameters(catalogue[name], params_for(catalogue[name])) for name in names]


def start_server(graph: Path, store: Path, workers: int, timeout: float, cache: bool = True
                 ) -> tuple[subprocess.Popen, str]:
    """A private `jhaan-kg serve` on a free port of 127.0.0.1, and its address."""
    return server.start_server("--graph", str(graph), "--store", str(store), "--workers", str(workers),
                               "--timeout", str(timeout), "--site", str(store.parent),
                               env={"JHAAN_KG_SERVE_CACHE": "on" if cache else "off"}, wait=600, quiet=True)


class Client:
    """One client's connection to the server, kept open between requests as a browser keeps it (HTTP/1.1),
    and opened again after an error."""

    def __init__(self, base: str, wait: float = ANSWER_WAIT):
        self.host, self.port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port
        self.wait, self.connection = wait, None

    def ask(self, text: str) -> int:
        """The status of one GET /sparql of `text` (its answer read whole)."""
        if self.connection is None:
            self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.wait)
        try:
            self.connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}),
                                    headers={"Accept": "application/sparql-results+json"})
            response = self.connection.getresponse()
            response.read()
            if response.will_close:
                self.close()
            return response.status
        except (OSError, http.client.HTTPException):
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def ask(base: str, text: str, wait: float = ANSWER_WAIT) -> int:
    """The status of one GET /sparql of `text` on a connection of its own."""
    client = Client(base, wait)
    try:
        return client.ask(text)
    finally:
        client.close()


def back_to_back(store_path: Path, texts: list[str], seconds: float) -> Phase:
    """One process evaluating `texts` in turn on the store, each answer written as SPARQL JSON."""
    import pyoxigraph as ox

    from jhaan_kg.publish.protocol import run_query

    store = ox.Store.read_only(str(store_path))
    phase = Phase("one process, back to back (in process)")
    started = time.perf_counter()
    for text in itertools.cycle(texts):
        t = time.perf_counter()
        run_query(store, text, None, "json")
        phase.latencies.append(time.perf_counter() - t)
        if time.perf_counter() - started >= seconds:
            break
    phase.seconds = time.perf_counter() - started
    return phase


def clients(base: str, texts: list[str], count: int, seconds: float, name: str, runaway: bool = False) -> Phase:
    """`count` clients asking `texts` in turn (each starting at another query) for `seconds`; with `runaway`,
    one more client keeps a runaway query running all along."""
    phase = Phase(name)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    stop = threading.Event()

    def client(offset: int) -> None:
        connection = Client(base)
        for text in itertools.islice(itertools.cycle(texts), offset, None):
            if time.perf_counter() >= deadline:
                connection.close()
                return
            t = time.perf_counter()
            try:
                status = connection.ask(text)
            except (OSError, http.client.HTTPException) as e:
                status = f"{type(e).__name__}: {e}"
            elapsed = time.perf_counter() - t
            with lock:
                if status == 200:
                    phase.latencies.append(elapsed)
                else:
                    phase.errors += 1
                    if len(phase.examples) < 5:
                        phase.examples.append(f"{status} after {elapsed:.2f} s")

    def runaway_client() -> None:
        while not stop.is_set():
            with lock:
                phase.runaways += 1
            try:
                ask(base, RUNAWAY, wait=ANSWER_WAIT)  # 503 at the server's time limit: expected
            except OSError:
                pass

    extra = [threading.Thread(target=runaway_client, daemon=True)] if runaway else []
    for thread in extra:
        thread.start()
    if runaway:
        time.sleep(1.0)  # the runaway now holds a worker
        deadline = time.perf_counter() + seconds
    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + ANSWER_WAIT + 5)
    phase.seconds = time.perf_counter() - started
    stop.set()
    return phase


def measure(graph: Path, store: Path, clients_count: int = 20, seconds: float = 30.0, workers: int = 2,
            timeout: float = 10.0, names=MIX, log=lambda message: None, cache: bool = True) -> list[Phase]:
    """The three phases on `graph` (served from `store` while it matches, else loaded)."""
    texts = mix_texts(names)
    process, base = start_server(graph, store, workers, timeout, cache)
    try:
        for text in texts:  # every worker has read the store's pages once, as a server that ran a while
            ask(base, text)
        served = _served_store(process.pid, store)
        log(f"server {base} (store {served}); mix of {len(texts)} queries")
        one = back_to_back(served, texts, seconds)
        log(one.line())
        many = clients(base, texts, clients_count, seconds, f"{clients_count} clients")
        log(many.line())
        loaded = clients(base, texts, clients_count, seconds, f"{clients_count} clients, a runaway query running",
                         runaway=True)
        log(loaded.line())
    finally:
        server.stop_server(process)
    return [one, many, loaded]


def _served_store(pid: int, store: Path) -> Path:
    """The store the server opened: `store`/data when it matched, else the one it loaded into a temporary folder
    (found among the files its first worker holds open)."""
    from benchmarks.harness import child_pids

    for child in sorted(child_pids(pid)):
        for fd in Path(f"/proc/{child}/fd").iterdir():
            try:
                target = Path(os.readlink(fd))
            except OSError:
                continue
            for parent in target.parents:
                if parent.name == "data" and (parent / "CURRENT").exists():
                    return parent
    return store / "data"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--graph", type=Path, default=ROOT / "graph")
    parser.add_argument("--store", type=Path, default=None, help="the store `build` wrote (default: build/store)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=10.0, help="the server's time limit per query")
    parser.add_argument("--no-cache", action="store_true", help="the server evaluates every query (no answers kept)")
    parser.add_argument("--mix", nargs="+", default=list(MIX), metavar="NAME")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()
    say = lambda message: print(message, flush=True)
    say(f"serve under load: {args.graph}, {args.clients} clients, {args.seconds:g} s per phase, "
        f"{args.workers} workers, answers kept: {'no' if args.no_cache else 'yes'}; {os.cpu_count()} cores, "
        f"load average before the run {os.getloadavg()[0]:.2f}")
    phases = measure(args.graph, args.store or ROOT / "build" / "store", args.clients, args.seconds, args.workers,
                     args.timeout, args.mix, log=say, cache=not args.no_cache)
    if args.json:
        args.json.write_text(json.dumps([p.summary() for p in phases], indent=1), encoding="utf-8")
    if any(p.errors for p in phases):
        sys.exit(1)


if __name__ == "__main__":
    main()
