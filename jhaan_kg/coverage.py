"""The coverage table of graph/README.md, computed from the graph so the README can be checked."""

from __future__ import annotations

from .load import KnowledgeGraph
from .query import load_catalogue

START, END = "<!-- coverage:start -->", "<!-- coverage:end -->"
COLUMNS = ["agency", "instruments", "with_countries", "with_organisations", "full_date", "personal_data_known", "sources"]
HEADINGS = ["agency", "instruments", "with countries", "with organisations", "full signature date",
            "personal data known", "distinct sources"]


def coverage_table(kg: KnowledgeGraph) -> str:
    """The coverage table as Markdown, one row per agency."""
    query = load_catalogue()["coverage-by-agency"]
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
