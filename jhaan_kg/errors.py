"""Every exception the project raises on purpose, and the exit codes the command line maps them to.

The contract of every command: exit 0 when the graph has no violation (warnings allowed) or the work is
done, 1 when it has violations (or a change is refused because of them), 2 when an input cannot be read or
is wrong, the shapes included.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT = 0, 1, 2


class InputError(Exception):
    """A file or value that cannot be read or used; `str()` names the file and, where known, the line.
    Exit 2."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, column: int | None = None):
        self.path, self.message, self.line, self.column = Path(path), message, line, column
        where = str(path) + (f":{line}" if line else "") + (f":{column}" if line and column else "")
        super().__init__(f"{where}: {message}")


class ProjectError(InputError):
    """No project folder (one holding ontology/ and queries/) where the command looks for it. Exit 2."""

    def __init__(self, message: str):
        Exception.__init__(self, message)
        self.path, self.message, self.line, self.column = Path("."), message, None, None

    def __str__(self) -> str:
        return self.message


class QueryError(Exception):
    """A query that cannot be run: unknown name, bad parameter, or SPARQL that does not parse. Exit 2."""


class ShapesError(Exception):
    """Shapes that cannot be evaluated: a SPARQL query SHACL forbids or that does not parse, a malformed
    path, a constraint no engine here knows (SHACL-JS), shapes pySHACL refuses. `str()` names the shape.
    Exit 2: a shape is never passed over in silence."""


class ChangeError(InputError):
    """A change that cannot be made as given (a triple to remove that the graph does not hold, a target
    file outside the graph that was loaded). Exit 2."""


class CsvError(InputError):
    """The problems found in a CSV file, each with its line (the first hundred, and how many more); `str()`
    gives one line per problem. Exit 2."""

    def __init__(self, path: Path, problems: list[tuple[int | None, str]], more: int = 0):
        self.problems, self.more = problems, more
        line, message = problems[0]
        super().__init__(path, message, line)
        lines = [f"{path}{f':{n}' if n else ''}: {m}" for n, m in problems]
        if more:
            lines.append(f"{path}: ... and {more:,} more problems (the first {len(problems)} are shown)")
        self.args = ("\n".join(lines),)

    def __str__(self) -> str:
        return self.args[0]


class PublishError(Exception):
    """A publish to a shared store (or a read from one) that failed: the store unreachable, credentials
    refused, the graph not as sent. `str()` says what the store holds now; it never holds a password. Exit 2."""


class Refused(Exception):
    """A request the endpoint answers with an HTTP error: its status and a message for the caller."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


# What the command line catches and turns into a message and exit 2 (anything else is a bug).
INPUT_ERRORS = (InputError, QueryError, ShapesError, PublishError, OSError, UnicodeDecodeError)


@dataclass(frozen=True)
class Outcome:
    """How a command that checks something ends: what it prints and its exit code (above)."""

    text: str
    exit_code: int = EXIT_OK
