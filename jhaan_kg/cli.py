"""The `jhaan-kg` command line: a thin layer over the library (each command calls one function).

Heavy libraries are imported inside the commands so that `jhaan-kg --help` stays fast.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_VIOLATIONS, EXIT_INPUT = 0, 1, 2


def graph_options(func):
    """--graph and --ontology, shared by every command that reads the graph."""
    func = click.option("--ontology", "ontology_dir", type=click.Path(path_type=Path), default=None,
                        help="Folder with the ontology, its vocabularies and shapes (default: ontology/).")(func)
    func = click.option("--graph", "graph_paths", multiple=True, type=click.Path(path_type=Path),
                        help="A Turtle file or folder of instance data; repeat for several (default: graph/).")(func)
    return func


def resolve_inputs(ontology_dir: Path | None, graph_paths: tuple[Path, ...]) -> tuple[Path, list[Path]]:
    from .load import default_graph_dir, default_ontology_dir

    return ontology_dir or default_ontology_dir(), list(graph_paths) or [default_graph_dir()]


def fail_on_input_error(error: Exception) -> None:
    click.echo(f"error: {error}", err=True)
    sys.exit(EXIT_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="jhaan-kg")
def main():
    """Knowledge graph of the EU Justice and Home Affairs agencies and their cooperation.

    The graph lives as Turtle in ontology/ and graph/. `build` is the main job: it loads and
    validates the graph and writes everything into build/.

    \b
    Examples:
      jhaan-kg build                 build the embedded default into build/
      jhaan-kg validate              check graph/ against the SHACL shapes
    """


@main.command()
@graph_options
@click.option("--out", type=click.Path(path_type=Path), default=Path("build"), show_default=True,
              help="Folder to write; it is replaced as a whole only when the build succeeds.")
@click.option("--quiet", is_flag=True, help="No progress lines; print only the summary.")
def build(ontology_dir, graph_paths, out, quiet):
    """Load, validate and write the merged graph, reports and pages into OUT.

    Writes jhaan.ttl, jhaan.jsonld, the validation report, the ontology's HTML documentation and
    index.html. Exit 0 when the graph conforms, 1 on violations (everything is still written),
    2 when an input cannot be read (nothing is written).

    \b
    Example:
      jhaan-kg build --out /tmp/site
    """
    from .build import build as run_build
    from .load import InputError

    ontology_dir, graph_paths = resolve_inputs(ontology_dir, graph_paths)
    try:
        summary = run_build(ontology_dir, graph_paths, out, quiet=quiet)
    except InputError as e:
        fail_on_input_error(e)
    click.echo(summary.to_text(), nl=False)
    sys.exit(EXIT_OK if summary.report.conforms else EXIT_VIOLATIONS)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@graph_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "turtle"]), default="text", show_default=True,
              help="text for people, json for tools, turtle for the SHACL report graph itself.")
def validate(paths, ontology_dir, graph_paths, fmt):
    """Check the graph (or PATHS) against the SHACL shapes.

    One line per result: severity, the offending node, property, value, message, shape, and the file
    and line it came from. Exit 0 when it conforms (warnings allowed), 1 on violations, 2 when an
    input cannot be read.

    \b
    Examples:
      jhaan-kg validate
      jhaan-kg validate graph/instruments/europol.ttl --format json
    """
    from .load import InputError, load_graph, load_shapes
    from .validate import validate_graph

    ontology_dir, graph_paths = resolve_inputs(ontology_dir, tuple(paths) or graph_paths)
    try:
        kg = load_graph([ontology_dir, *graph_paths])
        report = validate_graph(kg, load_shapes([ontology_dir]))
    except InputError as e:
        fail_on_input_error(e)
    output = {"text": report.to_text, "json": report.to_json, "turtle": lambda: report.report_turtle}[fmt]()
    click.echo(output, nl=not output.endswith("\n"))
    sys.exit(EXIT_OK if report.conforms else EXIT_VIOLATIONS)
