"""Where a node starts a statement in a Turtle file, so that reports can name the line."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

_LEADING_TOKEN = re.compile(r"[ \t]*([^ \t]+)")


def _file_lines(path: Path) -> tuple[dict[str, int], dict[str, str]]:
    stat = path.stat()
    return _file_lines_at(path, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=256)
def _file_lines_at(path: Path, mtime_ns: int, size: int) -> tuple[dict[str, int], dict[str, str]]:
    """The first line each token starts, and the prefixes, of `path` as it was at that modification time
    (rewritten files are re-read; one pass per file, so locating many nodes reads each file once)."""
    text = path.read_text(encoding="utf-8")
    prefixes = dict(re.findall(r"@prefix\s+([\w-]*):\s*<([^>]*)>", text, flags=re.IGNORECASE))
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        token = _LEADING_TOKEN.match(line)
        if token:
            first_line.setdefault(token.group(1), number)
    return first_line, prefixes


def subject_line(path: Path, iri: str) -> int | None:
    """The line where `iri` starts a statement in the Turtle file `path`, if it can be found."""
    first_line, prefixes = _file_lines(path)
    names = [f"<{iri}>"] + [f"{p}:{iri[len(ns):]}" for p, ns in prefixes.items() if iri.startswith(ns) and iri != ns]
    found = [first_line[n] for n in names if n in first_line]
    return min(found, default=None)
