"""How the data steward's checks grow with the size of what they are given (issue 21, item 6).

    python -m benchmarks.steward_scale [--sizes 5000,10000,20000,50000,100000] [--csv-mb 50]

For each size, a change of that many triples (new instruments of the agencies with eight countries, every
one valid) is checked with `jhaan-kg update --add` on a copy of graph/ (without --apply: the check is the
cost); then a CSV file of about CSV_MB megabytes whose every row is wrong is given to `jhaan-kg import
instruments`. Prints the wall time and the peak memory of each whole process (GNU time's figures); the
targets are a 20k-triple change in under 10 s, 100k in under 60 s, and under 1 GB for the CSV. It prints
figures; it is not a test. Synthetic data stays in a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
JHAAN_KG = Path(sys.executable).parent / "jhaan-kg"
AGENCIES = ["cepol", "eige", "euaa", "eu-lisa", "eurojust", "europol", "fra"]
COUNTRIES = ["jp", "in", "cn", "br", "mx", "ca", "au", "kr"]
PREFIXES = """@prefix jhaan: <https://w3id.org/jhaan-kg/ontology#> .
@prefix agency: <https://w3id.org/jhaan-kg/id/agency/> .
@prefix country: <https://w3id.org/jhaan-kg/id/country/> .
@prefix itype: <https://w3id.org/jhaan-kg/concept/instrument-type/> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<https://example.org/bulk-source> a jhaan:SourceDocument ; dcterms:title "Synthetic source"@en .
"""


def change_of(triples: int) -> str:
    """New, valid instruments of about `triples` triples (seven each), no two alike."""
    lines, i = [PREFIXES], 0
    while 7 * i < triples:
        day = datetime.date(2015, 1, 1) + datetime.timedelta(days=i // 56)
        lines.append(f"<https://w3id.org/jhaan-kg/id/instrument/synthetic-{i}> a jhaan:CooperationInstrument ; "
                     f'rdfs:label "Synthetic {i}"@en ; jhaan:agency agency:{AGENCIES[i % 7]} ; '
                     f"jhaan:counterpart country:{COUNTRIES[(i // 7) % 8]} ; jhaan:instrumentType itype:working-arrangement ; "
                     f'jhaan:dateSigned "{day}"^^xsd:date ; dcterms:source <https://example.org/bulk-source> .\n')
        i += 1
    return "".join(lines)


def bad_csv(megabytes: int) -> str:
    rows, size, i = ["agency,counterpart,iso2,type,signed,status,personal_data,source"], 0, 0
    while size < megabytes * 1_000_000:
        row = f"Nobody,Japan,JP,Working arrangement,2020-03-01,Active,no,https://example.org/source/{i}"
        rows.append(row)
        size, i = size + len(row) + 1, i + 1
    return "\n".join(rows) + "\n"


def measure(command: list[str]) -> tuple[float, float, int]:
    """(seconds, peak megabytes, exit code) of `command` as a whole process, by GNU time."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %M", *command], capture_output=True, text=True)
    seconds, kilobytes = re.findall(r"^([\d.]+) (\d+)$", done.stderr, flags=re.M)[-1]
    return float(seconds), int(kilobytes) / 1024, done.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,10000,20000,50000,100000")
    parser.add_argument("--csv-mb", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        work = Path(work)
        shutil.copytree(ROOT / "graph", work / "graph")
        base = [str(JHAAN_KG), "--root", str(ROOT)]
        print(f"{'input':<32} {'seconds':>8} {'peak MB':>8} {'exit':>5}")
        for size in map(int, args.sizes.split(",")):
            change = work / f"change-{size}.ttl"
            change.write_text(change_of(size), encoding="utf-8")
            seconds, peak, code = measure([*base, "update", "--graph", str(work / "graph"), "--add", str(change)])
            print(f"{f'update --add, {size:,} triples':<32} {seconds:>8.2f} {peak:>8.0f} {code:>5}", flush=True)
        csv_file = work / "bad.csv"
        csv_file.write_text(bad_csv(args.csv_mb), encoding="utf-8")
        seconds, peak, code = measure([*base, "import", "instruments", str(csv_file), "--graph", str(work / "graph")])
        print(f"{f'import, {args.csv_mb} MB of bad rows':<32} {seconds:>8.2f} {peak:>8.0f} {code:>5}")


if __name__ == "__main__":
    main()
