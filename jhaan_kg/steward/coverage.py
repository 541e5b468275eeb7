"""The coverage table of graph/README.md, computed from the graph so the README can be checked."""

from __future__ import annotations

from pathlib import Path

from ..atomic import write_atomically
from ..load import KnowledgeGraph, load_graph
from ..query import load_catalogue

START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"
COLUMNS = ["agency", "instruments", "with_countries", "with_organisations", "full_date", "personal_data_known", "sources"]
HEADINGS = ["agency", "instruments", "with countries", "with organisations", "full signature date",
            "personal data known", "distinct sources"]


def coverage_table(kg: KnowledgeGraph, queries_dir: Path | None = None) -> str:
    """The coverage table as Markdown, one row per agency."""
    query = load_catalogue(queries_dir)["coverage-by-agency"]
    rows = kg.query(query.text)
    lines = ["| " + " | ".join(HEADINGS) + " |", "|" + "---|" * len(HEADINGS)]
    for row in rows:
        lines.append("| " + " | ".join(row[c].value for c in COLUMNS) + " |")
    return "\n".join(lines) + "\n"


def replace_table(readme: str, table: str) -> str:
    """`readme` with the text between the coverage markers replaced by `table`."""
    before, _, rest = readme.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{table}{END}{after}"


def coverage_of(inputs: list[Path], queries_dir: Path | None = None) -> str:
    """The coverage table of the graph loaded from `inputs` (`jhaan-kg coverage`)."""
    return coverage_table(load_graph(inputs, by_file=False), queries_dir)


def write_coverage(readme: Path, table: str) -> None:
    """Replace the coverage table in the README file `readme` (`jhaan-kg coverage --write`)."""
    write_atomically(readme, replace_table(readme.read_text(encoding="utf-8"), table))


def readme_of(graph_paths: list[Path]) -> Path:
    """The graph folder's README.md, which holds the coverage table."""
    first = Path(graph_paths[0])
    return (first if first.is_dir() else first.parent) / "README.md"
