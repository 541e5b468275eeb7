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


@main.command()
@graph_options
@click.option("--write", is_flag=True, help="Rewrite the coverage table in graph/README.md instead of printing it.")
def coverage(ontology_dir, graph_paths, write):
    """Show how complete the RELEX data is, agency by agency (the table of graph/README.md).

    \b
    Examples:
      jhaan-kg coverage
      jhaan-kg coverage --write      after changing graph/, keep graph/README.md true
    """
    from .coverage import coverage_table, replace_table
    from .load import InputError, load_graph

    ontology_dir, graph_paths = resolve_inputs(ontology_dir, graph_paths)
    try:
        table = coverage_table(load_graph([ontology_dir, *graph_paths]))
    except InputError as e:
        fail_on_input_error(e)
    if not write:
        click.echo(table, nl=False)
        return
    readme = graph_paths[0] / "README.md" if graph_paths[0].is_dir() else graph_paths[0].parent / "README.md"
    readme.write_text(replace_table(readme.read_text(encoding="utf-8"), table), encoding="utf-8")
    click.echo(f"updated {readme}", err=True)


@main.group()
def query():
    """The analysts' catalogue of named SPARQL queries (queries/*.rq), and ad-hoc SPARQL.

    \b
    Examples:
      jhaan-kg query list
      jhaan-kg query run relex-instruments --param as_of=2017-12-31 --format csv
      jhaan-kg query run --sparql 'SELECT ?a WHERE { ?a a <https://w3id.org/jhaan-kg/ontology#Agency> }'
    """


@query.command("list")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--queries", "queries_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of .rq files (default: queries/).")
def query_list(fmt, queries_dir):
    """List the named queries with their title, description and parameters.

    \b
    Example:
      jhaan-kg query list --format json
    """
    import json
    from dataclasses import asdict

    from .query import QueryError, load_catalogue

    try:
        catalogue = load_catalogue(queries_dir)
    except QueryError as e:
        fail_on_input_error(e)
    if fmt == "json":
        items = [{"name": q.name, "title": q.title, "description": q.description,
                  "parameters": [asdict(p) for p in q.parameters]} for q in catalogue.values()]
        click.echo(json.dumps(items, indent=2, ensure_ascii=False))
        return
    for q in catalogue.values():
        click.echo(f"{q.name}\n  {q.title}: {q.description}")
        for p in q.parameters:
            need = "required" if p.required else f"optional, default {p.default}" if p.default else "optional"
            click.echo(f"  --param {p.name}=<{p.type}>  ({need}) {p.description}")
        click.echo()


@query.command("run")
@click.argument("name", required=False)
@graph_options
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query; bound as a typed RDF term, never pasted into the text.")
@click.option("--file", "query_file", type=click.Path(path_type=Path), help="Run the SPARQL SELECT in this file.")
@click.option("--sparql", "sparql_text", help="Run this SPARQL SELECT.")
@click.option("--endpoint", metavar="URL", help="Run against this SPARQL 1.1 endpoint instead of the embedded graph.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "md"]), default="table",
              show_default=True)
@click.option("--queries", "queries_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of .rq files (default: queries/).")
def query_run(name, ontology_dir, graph_paths, params, query_file, sparql_text, endpoint, fmt, queries_dir):
    """Run the named query NAME, or ad-hoc SPARQL given with --file or --sparql.

    Exit 0 with the rows, 2 when the query or a parameter is wrong (the parser's message is shown).

    \b
    Examples:
      jhaan-kg query run instruments-by-country --param country=RS
      jhaan-kg query run relex-instruments --endpoint http://127.0.0.1:8890/sparql --format json
      jhaan-kg query run --file my-question.rq --format md
    """
    from .formats import format_result
    from .load import InputError, load_graph
    from .query import NamedQuery, QueryError, load_catalogue, parse_header, run_named_query

    if sum(x is not None for x in (name, query_file, sparql_text)) != 1:
        click.echo("error: give exactly one of NAME, --file or --sparql", err=True)
        sys.exit(EXIT_INPUT)
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            click.echo(f"error: --param {item!r} is not KEY=VALUE", err=True)
            sys.exit(EXIT_INPUT)
        values[key] = value
    try:
        if name:
            catalogue = load_catalogue(queries_dir)
            if name not in catalogue:
                raise QueryError(f"no query named {name!r}; `jhaan-kg query list` shows the catalogue")
            named = catalogue[name]
        else:
            text = query_file.read_text(encoding="utf-8") if query_file else sparql_text
            named = NamedQuery("ad-hoc", "ad-hoc", "ad-hoc", (), text)
            if values:
                named = parse_header(str(query_file or "ad-hoc"), text) if text.startswith("#") else named
        kg = None
        if endpoint is None:
            ontology_dir, graph_paths = resolve_inputs(ontology_dir, graph_paths)
            kg = load_graph([ontology_dir, *graph_paths])
        result = run_named_query(kg, named, values, endpoint=endpoint)
    except (QueryError, InputError, OSError, UnicodeDecodeError) as e:
        fail_on_input_error(e)
    click.echo(format_result(result, fmt), nl=False)
