"""Paths and a query helper shared by the tests."""

from __future__ import annotations

import hashlib
from pathlib import Path

from benchmarks.rows import unordered_concat  # noqa: F401  (shared with the benchmarks)
from benchmarks.server import start_server, stop_server  # noqa: F401  (the tests' servers too)
from jhaan_kg.namespaces import sparql_prefixes

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = ROOT / "ontology"
GRAPH = ROOT / "graph"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Values for the required parameters when the whole catalogue runs on the real graph.
REAL_PARAMS: dict[str, dict[str, str]] = {
    "instruments-by-country": {"country": "RS"},
    "agencies-without-instrument": {"country": "RS"},
    "meetings-attended": {"agency": "EUAA"},
    "sources-of": {"subject": "https://w3id.org/jhaan-kg/id/instrument/frontex-by-working-arrangement-2009"},
}


def select(kg, query: str) -> list[dict[str, str]]:
    """Rows of a SELECT over the union of all files, each a dict of variable -> lexical value."""
    solutions = kg.query(sparql_prefixes() + query)
    names = [v.value for v in solutions.variables]
    rows = []
    for s in solutions:
        rows.append({n: (s[n].value if s[n] is not None else None) for n in names})
    return rows




def digest(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under `folder`, to prove a command left it byte-identical. The empty lock
    file a writer leaves (steward/lock.py) is not data: in a fresh checkout the first refused change creates it."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".jhaan-kg.lock"}
