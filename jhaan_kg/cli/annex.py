"""The annex command: the yearly report's annex as one print-ready PDF."""

from __future__ import annotations

from pathlib import Path

import click

from ..project import display_path
from .options import as_of_option, graph_options, inputs_of, queries_of, reports_input_errors, uses_project


@click.command()
@graph_options
@click.option("--year", type=click.IntRange(1990, 2100), default=None, metavar="YYYY",
              help="The year of the report the annex belongs to (default: the year of --as-of, else this year).")
@as_of_option("The day the figures are drawn for, YYYY-MM-DD (default: 31 December of --year when that year is past, "
              "else today).")
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="The PDF to write (default: build/annex.pdf of the project); its folder is created when missing.")
@uses_project
@reports_input_errors
def annex(ctx, ontology_dir, graph_paths, year, as_of, out):
    """Write the yearly report's annex as one print-ready A4 PDF.

    A title page (network, year, the day drawn, how it was made, contents), the RELEX infographic over
    as many landscape pages as it needs for every text to print at 7 pt or more, its legend and notes,
    EMPACT Table 1 and each agency's involvement, a completeness statement per agency, every instrument
    with its numbered sources, and the numbered list of sources. Vector pages, fonts embedded, text
    selectable, a bookmark per section, page numbers and running headers. Prints the file written.
    Exit 2 when an input cannot be read or the date is wrong.

    \b
    Examples:
      jhaan-kg annex                                this year, as of today, into build/annex.pdf
      jhaan-kg annex --year 2023 --out /tmp/annex-2023.pdf
      jhaan-kg annex --as-of 2017-12-31 --out /tmp/annex-2017.pdf
    """
    from ..render.annex import draw_annex

    ontology_dir, graph_paths = inputs_of(ctx, ontology_dir, graph_paths)
    click.echo(draw_annex([ontology_dir, *graph_paths], out or display_path(ctx.project.build / "annex.pdf"), year,
                          as_of, queries_of(ctx, None)))
