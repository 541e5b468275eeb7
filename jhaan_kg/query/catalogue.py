"""The query catalogue: the named queries of queries/*.rq, read from the header comment of each file."""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..errors import QueryError
from ..project import find_project

PARAMETER_TYPES = {"xsd:date", "xsd:gYear", "xsd:integer", "xsd:string", "xsd:boolean", "iri"}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    default: str | None
    description: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path | None = field(default=None, compare=False)


def parse_header(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """Read `title:`, `description:` and `parameters:` from the leading comment lines of a query.

    >>> q = parse_header("x", "# title: X\\n# description: Does x.\\n# parameters:\\n#   day: xsd:date, optional, default today. The day.\\nSELECT * WHERE {}")
    >>> q.title, q.parameters[0].name, q.parameters[0].required
    ('X', 'day', False)
    """
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line[1:].rstrip())
    fields: dict[str, list[str]] = {}
    current = None
    for line in header:
        m = re.match(r"^ (title|description|parameters):\s*(.*)$", line)
        if m:
            current = m.group(1)
            fields[current] = [m.group(2)] if m.group(2) else []
        elif current and line.strip():
            fields[current].append(line.strip() if current != "parameters" else line)
    parameters = []
    for line in fields.get("parameters", []):
        m = re.match(r"^\s*(\w+):\s*([\w:]+),\s*(required|optional)(?:,\s*default\s+(.+?))?\.(?:\s+(.*)|$)", line)
        if not m:
            if line.strip().lower() in ("none", "none."):
                continue
            raise QueryError(f"{name}: cannot read parameter line {line.strip()!r}")
        if m.group(2) not in PARAMETER_TYPES:
            raise QueryError(f"{name}: parameter {m.group(1)} has unknown type {m.group(2)}")
        parameters.append(Parameter(m.group(1), m.group(2), m.group(3) == "required", m.group(4), m.group(5) or ""))
    if not {"title", "description", "parameters"} <= set(fields):
        raise QueryError(f"{name}: the header must give title:, description: and parameters: (parameters: none if it has none)")
    return NamedQuery(name, " ".join(fields["title"]), " ".join(fields["description"]), tuple(parameters), text, path)


def load_catalogue(folder: Path | None = None) -> dict[str, NamedQuery]:
    """Every `.rq` file of `folder` (default: the project's queries/), by name."""
    folder = folder or find_project().queries
    catalogue = {}
    for path in sorted(folder.glob("*.rq")):
        catalogue[path.stem] = parse_header(path.stem, path.read_text(encoding="utf-8"), path)
    return catalogue


def describe_catalogue(catalogue: dict[str, NamedQuery], fmt: str = "table") -> str:
    """The catalogue as `jhaan-kg query list` shows it: for people ("table") or as JSON."""
    if fmt == "json":
        items = [{"name": q.name, "title": q.title, "description": q.description,
                  "parameters": [asdict(p) for p in q.parameters]} for q in catalogue.values()]
        return json.dumps(items, indent=2, ensure_ascii=False) + "\n"
    lines = []
    for q in catalogue.values():
        lines.append(f"{q.name}\n  {q.title}: {q.description}")
        for p in q.parameters:
            need = "required" if p.required else f"optional, default {p.default}" if p.default else "optional"
            lines.append(f"  --param {p.name}=<{p.type}>  ({need}) {p.description}")
        lines.append("")
    return "".join(line + "\n" for line in lines)
