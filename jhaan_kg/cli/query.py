"""The analysts' commands: the query catalogue and running queries."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import QueryError
from .options import (endpoint_options, format_option, graph_options, inputs_of, queries_of, queries_option,
                      reports_input_errors, store_option, uses_project)


@click.group()
def query():
    """The analysts' catalogue of named SPARQL queries (queries/*.rq), and ad-hoc SPARQL.

    \b
    Examples:
      jhaan-kg query list
      jhaan-kg query run relex-instruments --param as_of=2017-12-31 --format csv
      jhaan-kg query run --sparql 'SELECT ?a WHERE { ?a a <https://w3id.org/jhaan-kg/ontology#Agency> }'
    """


@query.command("list")
@format_option("table", "json")
@queries_option
@uses_project
@reports_input_errors
def query_list(ctx, fmt, queries_dir):
    """List the named queries with their title, description and parameters.

    \b
    Example:
      jhaan-kg query list --format json
    """
    from ..query.catalogue import describe_catalogue, load_catalogue

    click.echo(describe_catalogue(load_catalogue(queries_of(ctx, queries_dir)), fmt), nl=False)


@query.command("run")
@click.argument("name", required=False)
@graph_options
@click.option("--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter of the named query; bound as a typed RDF term, never pasted into the text.")
@click.option("--file", "query_file", type=click.Path(path_type=Path), help="Run the SPARQL SELECT in this file.")
@click.option("--sparql", "sparql_text", help="Run this SPARQL SELECT.")
@endpoint_options
@format_option("table", "csv", "tsv", "json", "md")
@queries_option
@store_option
@click.option("--recompute", is_flag=True,
              help="Evaluate the query on the store even when `build` kept its answer (it keeps those of the "
                   "catalogue's queries run without parameters, and of meetings-attended for each agency).")
@uses_project
@reports_input_errors
def query_run(ctx, name, ontology_dir, graph_paths, params, query_file, sparql_text, endpoint, named_graph, fmt,
              queries_dir, store_dir, recompute):
    """Run the named query NAME, or ad-hoc SPARQL given with --file or --sparql.

    Exit 0 with the rows, 2 when the query or a parameter is wrong (the parser's message is shown).

    \b
    Examples:
      jhaan-kg query run instruments-by-country --param country=RS
      jhaan-kg query run relex-instruments --endpoint http://127.0.0.1:8890/sparql --format json
      jhaan-kg query run relex-legend --endpoint http://127.0.0.1:8890/sparql --named-graph https://w3id.org/jhaan-kg/graph
      jhaan-kg query run --file my-question.rq --format md
    """
    from ..query.ask import Question, ask
    from ..query.formats import format_result

    if named_graph is not None and endpoint is None:
        raise QueryError("--named-graph names a graph of a store: give --endpoint URL too")
    if sum(x is not None for x in (name, query_file, sparql_text)) != 1:
        raise QueryError("give exactly one of NAME, --file or --sparql")
    values = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise QueryError(f"--param {item!r} is not KEY=VALUE")
        values[key] = value
    if name is not None:
        question = Question(name=name, values=values, queries_dir=queries_of(ctx, queries_dir))
    else:
        text = query_file.read_text(encoding="utf-8") if query_file else sparql_text
        question = Question(text=text, origin=str(query_file) if query_file else None, values=values)
    inputs = []
    if endpoint is None:
        ontology_dir_used, graph_paths_used = inputs_of(ctx, ontology_dir, graph_paths)
        inputs = [ontology_dir_used, *graph_paths_used]
    project = ctx.project_if_any()
    result = ask(question, inputs, store_dir=store_dir or (project.store if project else None),
                 default_inputs=ontology_dir is None and not graph_paths, store_named=store_dir is not None,
                 recompute=recompute, endpoint=endpoint, named_graph=named_graph, say=lambda message: click.echo(message, err=True))
    click.echo(format_result(result, fmt), nl=False)
