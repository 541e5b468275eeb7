"""Comparing query results across engines: what SPARQL leaves to the engine is put in one order first."""

from __future__ import annotations

import hashlib
import json
import re


def unordered_concat(query_text: str, rows) -> list[tuple[str, ...]]:
    """`rows` sorted, and within each value the parts between the query's GROUP_CONCAT separators sorted.

    SPARQL leaves the order of a GROUP_CONCAT's parts (and of rows without ORDER BY) to the engine, so two
    correct engines, or one engine over two stores, may differ there and nowhere else. Both sides of a
    comparison go through this, so values still have to agree part for part.
    """
    separators = set(re.findall(r'GROUP_CONCAT\s*\([^;]*;\s*separator\s*=\s*"([^"]+)"', query_text, flags=re.IGNORECASE))

    def canonical(value: str) -> str:
        for sep in sorted(separators, key=len, reverse=True):
            if sep in value:
                value = sep.join(sorted(value.split(sep)))
        return value

    return sorted(tuple(canonical(v) for v in row) for row in rows)


def rows_digest(query_text: str, rows) -> str:
    """A digest of rows that ignores what SPARQL leaves to the engine: row order and GROUP_CONCAT part order."""
    return hashlib.sha256(json.dumps(unordered_concat(query_text, rows)).encode()).hexdigest()[:16]
