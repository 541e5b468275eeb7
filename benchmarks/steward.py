"""Wall time of the data steward's commands, whole process included (start-up, imports, reading graph/).

    python -m benchmarks.steward [--runs 5]

Prints the median (and the range) of RUNS runs of each command, each a fresh `jhaan-kg` process:

- `jhaan-kg --help`;
- `jhaan-kg validate` on the full graph;
- `jhaan-kg update --add` and `jhaan-kg import instruments` for a one-instrument change (without
  --apply: the check is the cost), cold (JHAAN_KG_CACHE=off: the graph before the change is validated
  in full every time) and warm (the report of the graph before the change comes from the cache, the
  usual case once one command has run on the current graph/); and `--full` (everything validated twice);
- `jhaan-kg update --add --apply` on a copy of graph/ (the copy is made before each run, outside the time).

It is a script that prints figures, not a test: the issue's target is the one-instrument check under
one second on a 2-core machine. It writes nothing under graph/.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JHAAN_KG = Path(sys.executable).parent / "jhaan-kg"

ONE_INSTRUMENT_TTL = """@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix agency: <https://w3id.org/jhaan-kg/id/agency/> .
@prefix country: <https://w3id.org/jhaan-kg/id/country/> .
@prefix instrument: <https://w3id.org/jhaan-kg/id/instrument/> .
@prefix itype: <https://w3id.org/jhaan-kg/concept/instrument-type/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

instrument:frontex-jp-working-arrangement-2020 a jhaan:CooperationInstrument ;
    rdfs:label "Working arrangement between Frontex and Japan (2020)"@en ;
    jhaan:agency agency:frontex ; jhaan:counterpart country:jp ;
    jhaan:instrumentType itype:working-arrangement ;
    jhaan:dateSigned "2020-03-01"^^xsd:date ;
    dcterms:source <https://example.org/frontex-japan> .
<https://example.org/frontex-japan> a jhaan:SourceDocument ; dcterms:title "Frontex and Japan (benchmark)"@en .
"""

ONE_INSTRUMENT_CSV = ("agency,counterpart,iso2,type,signed,status,personal_data,source\n"
                      "Frontex,Japan,JP,Working arrangement,2020-03-01,Active,,https://example.org/frontex-japan\n")


def timed(args: list[str], env: dict[str, str], before=None) -> float:
    """Seconds one run of `jhaan-kg args` takes; fails loudly when the command fails."""
    if before:
        before()
    started = time.perf_counter()
    done = subprocess.run([str(JHAAN_KG), *args], cwd=ROOT, env=env, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode not in (0,):
        raise SystemExit(f"jhaan-kg {' '.join(args)} exited {done.returncode}:\n{done.stdout.decode()}{done.stderr.decode()}")
    return elapsed


def measure(name: str, args: list[str], env: dict[str, str], runs: int, before=None) -> tuple[str, list[float]]:
    return name, [timed(args, env, before) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        ttl, csv = folder / "one-instrument.ttl", folder / "one-instrument.csv"
        ttl.write_text(ONE_INSTRUMENT_TTL, encoding="utf-8")
        csv.write_text(ONE_INSTRUMENT_CSV, encoding="utf-8")
        cold = {**os.environ, "JHAAN_KG_CACHE": "off"}
        warm = {**os.environ, "JHAAN_KG_CACHE": str(folder / "cache")}
        timed(["update", "--add", str(ttl)], warm)  # fills the cache with the report of graph/ as it is
        copy = folder / "graph"

        def fresh_copy():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(ROOT / "graph", copy)

        fresh_copy()
        timed(["update", "--graph", str(copy), "--add", str(ttl)], warm)  # and with the copy's paths
        rows = [
            measure("jhaan-kg --help", ["--help"], cold, runs),
            measure("jhaan-kg validate (full graph)", ["validate"], cold, runs),
            measure("update --add, one instrument, cold", ["update", "--add", str(ttl)], cold, runs),
            measure("update --add, one instrument, warm", ["update", "--add", str(ttl)], warm, runs),
            measure("update --add --full, one instrument", ["update", "--full", "--add", str(ttl)], warm, runs),
            measure("import instruments, one row, cold", ["import", "instruments", str(csv)], cold, runs),
            measure("import instruments, one row, warm", ["import", "instruments", str(csv)], warm, runs),
            measure("update --add --apply, one instrument, warm", ["update", "--graph", str(copy), "--add", str(ttl), "--apply"],
                    warm, runs, before=fresh_copy),
        ]
    print(f"jhaan-kg steward benchmark: median of {runs} runs, wall time of the whole process ({os.cpu_count()} CPUs)")
    width = max(len(name) for name, _ in rows)
    for name, times in rows:
        print(f"  {name:<{width}}  {statistics.median(times):6.2f} s   (min {min(times):.2f}, max {max(times):.2f})")


if __name__ == "__main__":
    main()
