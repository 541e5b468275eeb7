"""Query results written out as a table for people, or as CSV, TSV, JSON or Markdown for tools."""

from __future__ import annotations

import csv
import io
import json

from .run import QueryResult

FORMATS = ("table", "csv", "tsv", "json", "md")
# A spreadsheet opening a CSV file runs a cell that starts with one of these as a formula
# (=HYPERLINK(...), =cmd|...): such a cell is written with a leading apostrophe, which shows it as text.
FORMULA_START = ("=", "+", "@") + tuple(chr(c) for c in range(0x20))


def inert(value: str) -> str:
    r"""`value` as a spreadsheet shows it as text, never as a formula.

    >>> inert("=1+1"), inert("Serbia")
    ("'=1+1", 'Serbia')
    """
    return "'" + value if value.startswith(FORMULA_START) else value


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """`result` in format `fmt` (one of FORMATS); in CSV and TSV no cell can be read as a formula (inert).

    >>> print(format_result(QueryResult(("a", "b"), (("1", "x, y"),)), "csv"), end="")
    a,b
    1,"x, y"
    """
    if fmt == "csv" or fmt == "tsv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(tuple(map(inert, row)) for row in result.rows)
        return out.getvalue()
    if fmt == "json":
        return json.dumps(result.dicts(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "md":
        escape = lambda v: v.replace("|", "\\|").replace("\n", " ")
        lines = ["| " + " | ".join(result.columns) + " |", "|" + "---|" * len(result.columns)]
        lines += ["| " + " | ".join(escape(v) for v in row) + " |" for row in result.rows]
        return "\n".join(lines) + "\n"
    if fmt == "table":
        widths = [min(60, max([len(c)] + [len(r[i]) for r in result.rows])) for i, c in enumerate(result.columns)]
        clip = lambda v, w: v if len(v) <= w else v[: w - 1] + "…"
        line = lambda vals: "  ".join(clip(v, w).ljust(w) for v, w in zip(vals, widths)).rstrip()
        body = [line(result.columns), line(["-" * w for w in widths])] + [line(r) for r in result.rows]
        return "\n".join(body) + f"\n({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})\n"
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
