"""What a long answer costs `jhaan-kg serve` in memory (issue 21, item 8): bounded in time, on 127.0.0.1 only.

    python -m benchmarks.serve_memory [--triples 300000] [--row-limit 1000000]

It writes a synthetic graph of --triples (benchmarks.generate, seed 1) into a temporary folder, starts a
private `jhaan-kg serve --port 0` on it with --row-limit, asks `SELECT * WHERE { ?s ?p ?o }` once as SPARQL
JSON and once as CSV, and prints per answer its size, the seconds until its last byte, and the peak
resident memory of the server process and of its query workers while it answered (Linux: the resident
sets read from /proc every 10 ms, as a worker may end once it has answered). The server writes each answer to
a file row by row and sends it from there (jhaan_kg/publish/protocol.py), so its memory should not follow
the answer's size. docs/bench.md keeps the figures.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

from benchmarks.harness import child_pids
from benchmarks.server import ROOT, start_server, stop_server

QUERY = "SELECT * WHERE { ?s ?p ?o }"
PAGE = os.sysconf("SC_PAGE_SIZE")
FORMATS = ("application/sparql-results+json", "text/csv")


def resident_mb(pid: int) -> float:
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE / 1e6
    except (OSError, IndexError):
        return 0.0


class Sampler(threading.Thread):
    """The largest resident set of the server and of any of its processes, sampled until stopped."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid, self.server, self.worker, self.done = pid, 0.0, 0.0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.01):
            self.server = max(self.server, resident_mb(self.pid))
            self.worker = max([self.worker, *(resident_mb(c) for c in child_pids(self.pid))])


def measure(graph: Path, row_limit: int) -> list[str]:
    process, base = start_server("--graph", str(graph), "--store", str(graph / "no-store"), "--timeout", "300",
                                 "--row-limit", str(row_limit), wait=600, quiet=True)
    lines = []
    try:
        for media in FORMATS:
            before = resident_mb(process.pid)
            sampler = Sampler(process.pid)
            sampler.start()
            request = urllib.request.Request(base + "/sparql", data=urllib.parse.urlencode({"query": QUERY}).encode(),
                                             headers={"Accept": media})
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=600) as response:
                size, truncated = len(response.read()), response.headers.get("X-Truncated")
            seconds = time.perf_counter() - started
            sampler.done.set()
            sampler.join()
            lines.append(f"{media:32} {size / 1e6:6.1f} MB in {seconds:4.1f} s (cut: {truncated}); largest resident "
                         f"set: server {sampler.server:.0f} MB ({before:.0f} before), a query process {sampler.worker:.0f} MB")
    finally:
        stop_server(process)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=300_000)
    parser.add_argument("--row-limit", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jhaan-kg-serve-memory-") as folder:
        graph = Path(folder) / "graph"
        subprocess.run([sys.executable, "-m", "benchmarks.generate", "--triples", str(args.triples), "--out", str(graph),
                        "--seed", "1"], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        print(f"serve on {args.triples:,} synthetic triples, --row-limit {args.row_limit:,}: {QUERY}")
        for line in measure(graph, args.row_limit):
            print("  " + line)


if __name__ == "__main__":
    main()
