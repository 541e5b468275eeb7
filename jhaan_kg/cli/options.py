"""What several commands share: the project, the options they take alike, and how errors end a command.

Like sqlite-utils' option decorators: one decorator per option that several commands take. Only click is
imported here, so that `jhaan-kg --help` stays quick; each command imports the library when it runs.
"""

from __future__ import annotations

import datetime
import functools
import sys
from pathlib import Path

import click

from ..errors import EXIT_INPUT, INPUT_ERRORS, ProjectError, QueryError
from ..project import Project, find_project


class Context:
    """The object every command gets: the `--root` it was given, and the project found from it when asked."""

    def __init__(self, root: Path | None):
        self.root = root
        self._project: Project | None = None

    @property
    def project(self) -> Project:
        if self._project is None:
            self._project = find_project(self.root)
        return self._project

    def project_if_any(self) -> Project | None:
        """The project, or None where there is none (for defaults a command can do without)."""
        try:
            return self.project
        except ProjectError:
            return None


def fail(error: Exception):
    """End the command with the error's message on stderr and exit 2 (unreadable or wrong input)."""
    click.echo(f"error: {error}", err=True)
    sys.exit(EXIT_INPUT)


def reports_input_errors(command):
    """Turn the errors of bad input (errors.INPUT_ERRORS) into a message and exit 2, never a traceback."""
    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except INPUT_ERRORS as e:
            fail(e)
    return wrapper


def uses_project(command):
    """Pass the command the shared Context as its first argument, `ctx`."""
    return click.pass_obj(command)


def graph_options(command):
    """--graph and --ontology, for every command that reads the graph."""
    command = click.option("--ontology", "ontology_dir", type=click.Path(path_type=Path), default=None,
                           help="Folder with the ontology, its vocabularies and shapes (default: ontology/ of the "
                                "project).")(command)
    command = click.option("--graph", "graph_paths", multiple=True, type=click.Path(path_type=Path),
                           help="A Turtle file or folder of instance data; repeat for several (default: graph/ of "
                                "the project).")(command)
    return command


def queries_option(command):
    return click.option("--queries", "queries_dir", type=click.Path(path_type=Path), default=None,
                        help="Folder of .rq files (default: queries/ of the project).")(command)


def store_option(command):
    return click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
                        help="The query store `build` wrote (default: build/store of the project); used only while "
                             "it matches the inputs.")(command)


def endpoint_options(command):
    """--endpoint and --named-graph, for every command that can read the graph from a shared store."""
    command = click.option("--named-graph", metavar="IRI", default=None,
                           help="With --endpoint: query this named graph of the store (as the default graph, "
                                "the protocol's default-graph-uri), as `jhaan-kg publish` loaded it.")(command)
    command = click.option("--endpoint", metavar="URL", default=None,
                           help="Read the graph from this SPARQL 1.1 endpoint instead of the files.")(command)
    return command


def endpoint_of(endpoint: str | None, named_graph: str | None):
    """The query.Endpoint the drawing commands read from, or None (the files); --named-graph alone is an error."""
    if endpoint is None:
        if named_graph is not None:
            raise QueryError("--named-graph names a graph of a store: give --endpoint URL too")
        return None
    from ..query.run import Endpoint

    return Endpoint(endpoint, named_graph)


def full_option(command):
    return click.option("--full", is_flag=True, help="Validate the whole graph after the change, not only the nodes "
                                                     "the change can affect.")(command)


def as_of_option(help: str):
    """--as-of DATE, checked to be a day of the calendar."""
    return click.option("--as-of", "as_of", metavar="DATE", callback=valid_date, help=help)


def no_wait_option(command):
    return click.option("--no-wait", is_flag=True,
                        help="When another update, import or format is writing the graph, stop at once (exit 2) "
                             "instead of waiting for it.")(command)


def format_option(*choices: str, default: str | None = None, help: str | None = None):
    """--format, with the formats a command offers (the first is the default)."""
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default or choices[0],
                        show_default=True, help=help)


def inputs_of(ctx: Context, ontology_dir: Path | None, graph_paths: tuple[Path, ...]) -> tuple[Path, list[Path]]:
    """The ontology folder and graph paths a command reads: as given, else the project's."""
    ontology = ontology_dir or ctx.project.ontology
    return ontology, list(graph_paths) or [ctx.project.graph]


def queries_of(ctx: Context, queries_dir: Path | None) -> Path:
    return queries_dir or ctx.project.queries


def valid_date(ctx, param, value):
    """--as-of must be a real calendar date (YYYY-MM-DD); exit 2 otherwise."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        fail(ValueError(f"--as-of {value!r} is not a date (YYYY-MM-DD)"))
