"""Consistency checks written as queries: every `check-*.rq` of the catalogue must return no row.

Like the OBO Ontology Development Kit's quality checks, a check is a named query whose rows are the problems
it finds: check-annex-figures compares every figure an annex printed (the annex-figures.ttl written beside
it) with the data, check-designation-notes that Kosovo has one designation note. `jhaan-kg validate` runs
them after the shapes (`validate_and_check`); `annex_figures` gives the numbers the annex prints, for
`jhaan-kg update` to say which of them a change alters.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..load import load_graph, load_shapes
from ..validate import ValidationReport, validate_graph
from .catalogue import load_catalogue
from .run import QueryResult, run_named_query

CHECK_PREFIX = "check-"
FIGURE_WORDS = {  # how update's report names each figure of annex-figures
    "instruments-recorded-by-agency": "instruments", "entries-by-agency": "entries in the RELEX matrix",
    "entries-by-region": "RELEX entries", "entries-by-type": "RELEX entries", "entries-in-all": "RELEX entries in all",
    "instruments-drawn": "instruments drawn", "empact-records-by-agency": "EMPACT records",
}


@dataclass(frozen=True)
class CheckFailure:
    """A check that returned rows: its name, its title and the rows."""

    name: str
    title: str
    result: QueryResult

    def to_text(self) -> str:
        rows = [", ".join(f"{c}: {v}" for c, v in zip(self.result.columns, row) if v) for row in self.result.rows]
        return "\n".join([f"Check failed: {self.name} ({self.title}), {len(rows)} row{'s' if len(rows) != 1 else ''}:"]
                         + [f"  {r}" for r in rows[:50]] + ([f"  ... and {len(rows) - 50} more"] if len(rows) > 50 else []))


@dataclass(frozen=True)
class Checked:
    """The SHACL report and what the check queries found."""

    report: ValidationReport
    checks: tuple[str, ...]  # the names of the checks run
    failures: tuple[CheckFailure, ...]

    @property
    def passed(self) -> bool:
        return not self.report.violations and not self.failures

    def checks_text(self) -> str:
        if not self.checks:
            return ""
        if not self.failures:
            return f"Checks: {len(self.checks)} check queries, each returned no row ({', '.join(self.checks)}).\n"
        return "\n".join(f.to_text() for f in self.failures) + "\n"


def run_checks(kg, queries_dir: Path | None = None) -> tuple[tuple[str, ...], tuple[CheckFailure, ...]]:
    """Run every check-*.rq of the catalogue on `kg`; the names run, and those that returned rows."""
    catalogue = load_catalogue(queries_dir)
    names = tuple(sorted(n for n in catalogue if n.startswith(CHECK_PREFIX)))
    failures = []
    for name in names:
        result = run_named_query(kg, catalogue[name])
        if result.rows:
            failures.append(CheckFailure(name, catalogue[name].title, result))
    return names, tuple(failures)


def validate_and_check(ontology_dir: Path, graph_paths: list[Path], project=None, figures: list[Path] = (),
                       own_graph: bool = False) -> Checked:
    """`jhaan-kg validate`: the shapes over the graph, then the check queries of `project` (a project.Project)
    over the graph and the figures an annex printed (`figures`, annex-figures.ttl files; when none is given
    and the project's own graph is validated, the build's annex-figures.ttl if there is one). Without a
    project, the shapes only."""
    kg = load_graph([ontology_dir, *graph_paths], by_file=False)
    report = validate_graph(kg, load_shapes([ontology_dir]))
    if project is None:
        return Checked(report, (), ())
    queries_dir = project.queries
    built = project.build / "annex-figures.ttl"
    figures = list(figures) or ([built] if own_graph and built.is_file() else [])
    if figures:
        kg = load_graph([ontology_dir, *graph_paths, *figures], by_file=False)
    names, failures = run_checks(kg, queries_dir)
    return Checked(report, names, failures)


def annex_figures(kg, queries_dir: Path | None = None, as_of: str | None = None) -> dict[tuple[str, str], str]:
    """The numbers the annex prints, computed from `kg` (the annex-figures query), by (figure, key)."""
    query = load_catalogue(queries_dir).get("annex-figures")
    if query is None:
        return {}
    rows = run_named_query(kg, query, {"as_of": as_of} if as_of else {}).dicts()
    return {(r["figure"], r["key"]): r["value"] for r in rows if r["figure"] != "entries-by-counterpart"}


def annex_changes(before: dict[tuple[str, str], str], after: dict[tuple[str, str], str]) -> list[str]:
    """What a change alters in the annex, in words: "Frontex 34 to 35 instruments"."""
    lines = []
    for figure, key in sorted(set(before) | set(after)):
        old, new = before.get((figure, key), "0"), after.get((figure, key), "0")
        if old == new:
            continue
        if figure == "table-1":
            lines.append(f"Table 1 {'loses' if new == '0' else 'gains'} the line {key}")
            continue
        label = "" if key == "all" else f"{key} "
        lines.append(f"{label}{old} to {new} {FIGURE_WORDS.get(figure, figure)}".strip())
    return lines
