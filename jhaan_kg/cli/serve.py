"""`jhaan-kg serve`: the read-only SPARQL endpoint and its pages."""

from __future__ import annotations

from pathlib import Path

import click

from .options import (graph_options, inputs_of, queries_of, queries_option, reports_input_errors, store_option,
                      uses_project)


@click.command()
@graph_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port; the address is printed first).")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Queries answered at the same time (one process each); as many spare processes start while "
                   "all are held by long queries, so that a short one does not wait.")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=30.0, show_default=True,
              help="Seconds a query may run before it is stopped (the answer is then 503).")
@click.option("--row-limit", type=click.IntRange(1, 10_000_000), default=10_000, show_default=True,
              help="Rows (or triples) an answer holds at most; a cut answer says so in its X-Truncated header "
                   "and on the page.")
@click.option("--idle-timeout", type=click.FloatRange(0.5, 600), default=15.0, show_default=True,
              help="Seconds a connection may stay silent before it is closed.")
@store_option
@click.option("--site", "site_dir", type=click.Path(path_type=Path), default=None,
              help="The folder `build` wrote, served under /site/ (default: build/ of the project).")
@queries_option
@click.option("--verbose", is_flag=True, help="Log one line per request on stderr.")
@uses_project
@reports_input_errors
def serve(ctx, ontology_dir, graph_paths, port, workers, timeout, row_limit, idle_timeout, store_dir, site_dir,
          queries_dir, verbose):
    """Publish the graph on 127.0.0.1 as a read-only SPARQL 1.1 endpoint, with browser pages.

    /sparql answers GET and POST queries (SPARQL 1.1 Protocol) as JSON, XML, CSV or TSV (CONSTRUCT:
    Turtle, N-Triples, RDF/XML) by content negotiation; /queries is the catalogue, runnable from the
    browser; /site/ serves what `jhaan-kg build` wrote. Updates, SERVICE and dataset parameters are refused.
    Runs until Ctrl-C. Exit 2 when an input cannot be read or the port is taken.

    \b
    Examples:
      jhaan-kg serve
      jhaan-kg serve --port 8890 --graph /tmp/synthetic-1m --timeout 60
      jhaan-kg query run relex-instruments --endpoint http://127.0.0.1:8000/sparql
    """
    from ..publish.endpoint import serve as run_server

    ontology_dir, graph_paths = inputs_of(ctx, ontology_dir, graph_paths)
    run_server([ontology_dir, *graph_paths], store_dir or ctx.project.store, site_dir or ctx.project.build,
               queries_of(ctx, queries_dir), port, workers, timeout, verbose, row_limit, idle_timeout)
