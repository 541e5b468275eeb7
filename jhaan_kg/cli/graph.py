"""The commands that read the whole graph: build (the main job), validate, coverage, infographic."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_OK, EXIT_VIOLATIONS
from ..project import display_path
from .options import (as_of_option, endpoint_of, endpoint_options, format_option, graph_options, inputs_of,
                      queries_of, reports_input_errors, uses_project)


@click.command()
@graph_options
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder to write (default: build/ of the project); it is replaced as a whole only when the build "
                   "succeeds.")
@click.option("--quiet", is_flag=True, help="No progress lines; print only the summary.")
@click.option("--force", is_flag=True, help="Replace OUT even when it holds files that no build wrote.")
@endpoint_options
@uses_project
@reports_input_errors
def build(ctx, ontology_dir, graph_paths, out, quiet, force, endpoint, named_graph):
    """Load, validate and write the merged graph, reports and pages into OUT.

    Writes jhaan.ttl, jhaan.jsonld, the validation report, the ontology's HTML documentation, the
    infographics, the network pages and index.html. OUT is replaced whole, so a build refuses a folder
    that holds files it did not write (it leaves a marker in its own), unless --force. Exit 0 when the
    graph has no violation (warnings allowed), 1 on violations (everything is still written), 2 when an input cannot be read or
    OUT is refused (nothing is written).

    With --endpoint, the infographics and the network pages are drawn from that store (its --named-graph,
    as `jhaan-kg publish` loaded it) instead of the graph loaded from the files; everything else is as
    without it.

    \b
    Examples:
      jhaan-kg build --out /tmp/site
      jhaan-kg build --endpoint http://127.0.0.1:8890/sparql --named-graph https://w3id.org/jhaan-kg/graph
    """
    from ..build import build as run_build

    ontology_dir, graph_paths = inputs_of(ctx, ontology_dir, graph_paths)
    summary = run_build(ontology_dir, graph_paths, out or display_path(ctx.project.build), quiet=quiet,
                        queries_dir=ctx.project.queries, force=force, endpoint=endpoint_of(endpoint, named_graph))
    click.echo(summary.to_text(), nl=False)
    sys.exit(EXIT_OK if not summary.report.violations else EXIT_VIOLATIONS)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@graph_options
@format_option("text", "json", "turtle", help="text for people, json for tools, turtle for the SHACL report graph "
                                              "itself.")
@click.option("--figures", "figures", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="The figures an annex printed (annex-figures.ttl, written beside the PDF) for the check queries to "
                   "compare with the data; repeatable (default: build/annex-figures.ttl of the project, when it exists "
                   "and the project's own graph is validated).")
@uses_project
@reports_input_errors
def validate(ctx, paths, ontology_dir, graph_paths, fmt, figures):
    """Check the graph (or PATHS) against the SHACL shapes, then run the check queries.

    One line per result: severity, the offending node, property, value, message, shape, and the file
    and line it came from. Then every check-*.rq query of the catalogue, each of which must return no
    row: among them check-annex-figures, which compares every number the annex printed with the data.
    Exit 0 when there is no violation and every check passes (warnings allowed: the report then says
    "No violations; N warnings.", as SHACL calls a report with any result non-conforming), 1 on
    violations or a failed check, 2 when an input cannot be read or the shapes cannot be evaluated.

    \b
    Examples:
      jhaan-kg validate
      jhaan-kg validate graph/instruments/europol.ttl --format json
      jhaan-kg validate --figures /tmp/annex-2023-figures.ttl
    """
    from ..query.checks import validate_and_check

    project = ctx.project_if_any()
    checked = validate_and_check(*inputs_of(ctx, ontology_dir, tuple(paths) or graph_paths), project, list(figures),
                                 own_graph=not paths and not graph_paths)
    report = checked.report
    if fmt == "text":  # the checks first, so that the report's summary stays the last line
        click.echo(checked.checks_text(), nl=False)
    elif checked.failures:
        click.echo(checked.checks_text(), nl=False, err=True)
    output = {"text": report.to_text, "json": report.to_json, "turtle": lambda: report.report_turtle}[fmt]()
    click.echo(output, nl=not output.endswith("\n"))
    sys.exit(EXIT_OK if checked.passed else EXIT_VIOLATIONS)


@click.command()
@graph_options
@click.option("--write", is_flag=True, help="Rewrite the coverage table in graph/README.md instead of printing it.")
@uses_project
@reports_input_errors
def coverage(ctx, ontology_dir, graph_paths, write):
    """Show how complete the RELEX data is, agency by agency (the table of graph/README.md).

    \b
    Examples:
      jhaan-kg coverage
      jhaan-kg coverage --write      after changing graph/, keep graph/README.md true
    """
    from ..steward.coverage import coverage_of, readme_of, write_coverage

    ontology_dir, graph_paths = inputs_of(ctx, ontology_dir, graph_paths)
    table = coverage_of([ontology_dir, *graph_paths], ctx.project.queries)
    if not write:
        click.echo(table, nl=False)
        return
    readme = readme_of(graph_paths)
    write_coverage(readme, table)
    click.echo(f"updated {readme}", err=True)


@click.command()
@click.argument("which", nargs=-1, type=click.Choice(["relex", "empact"]))
@graph_options
@as_of_option("Draw RELEX as it stood on this date, YYYY-MM-DD (default: today).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Folder to write the files into, created when missing (default: build/infographics of the "
                   "project).")
@endpoint_options
@uses_project
@reports_input_errors
def infographic(ctx, which, ontology_dir, graph_paths, as_of, out, endpoint, named_graph):
    """Draw the RELEX and EMPACT infographics (both unless WHICH names one) from SPARQL results.

    Writes NAME.svg, NAME.png (A4, 300 dpi) and NAME.html (self-contained: the figure inline,
    accessible tables and every source as a link) for each. Every fact drawn comes from the named
    queries relex-matrix, relex-legend, relex-footnotes, empact-priorities, empact-involvement and
    infographic-*. Prints the files written. Exit 2 when an input cannot be read or the date is wrong.

    \b
    Examples:
      jhaan-kg infographic                      both, as of today, into build/infographics/
      jhaan-kg infographic relex --as-of 2017-12-31 --out /tmp/relex-2017
      jhaan-kg infographic empact --out /tmp/site
      jhaan-kg infographic --endpoint http://127.0.0.1:8890/sparql --named-graph https://w3id.org/jhaan-kg/graph
    """
    from ..render.infographics import draw_infographics

    ontology_dir, graph_paths = inputs_of(ctx, ontology_dir, graph_paths)
    for path in draw_infographics([ontology_dir, *graph_paths], out or display_path(ctx.project.build / "infographics"),
                                  which or ("relex", "empact"), as_of, queries_of(ctx, None),
                                  endpoint_of(endpoint, named_graph)):
        click.echo(path)


@click.command()
@click.argument("which", type=click.Choice(["relex", "agencies"]))
@graph_options
@as_of_option("The day the page opens on and the SVG is drawn for, YYYY-MM-DD (default: today).")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="The HTML file to write (default: build/network-WHICH.html of the project); the SVG is written "
                   "beside it.")
@endpoint_options
@uses_project
@reports_input_errors
def network(ctx, which, ontology_dir, graph_paths, as_of, out, endpoint, named_graph):
    """Write an interactive network page: RELEX (agencies and their counterparts) or agencies (how they
    work together).

    One self-contained HTML file that works offline, with filters, a date control, search and the
    instruments or evidence behind each link, and beside it the view drawn as SVG for --as-of. Every
    edge comes from the named queries network-instruments, network-instrument-history and
    network-agency-links. Prints the files written. Exit 2 when an input cannot be read or the date is
    wrong.

    \b
    Examples:
      jhaan-kg network relex
      jhaan-kg network relex --as-of 2010-12-31 --out /tmp/relex-2010.html
      jhaan-kg network agencies --out /tmp/agencies.html
      jhaan-kg network relex --endpoint http://127.0.0.1:8890/sparql --named-graph https://w3id.org/jhaan-kg/graph
    """
    from ..render.network_page import draw_networks

    ontology_dir, graph_paths = inputs_of(ctx, ontology_dir, graph_paths)
    for path in draw_networks([ontology_dir, *graph_paths], which,
                              out or display_path(ctx.project.build / f"network-{which}.html"), as_of,
                              queries_of(ctx, None), endpoint_of(endpoint, named_graph)):
        click.echo(path)
