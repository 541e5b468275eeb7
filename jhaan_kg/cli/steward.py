"""The data steward's commands: update, import, diff, format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .options import (format_option, full_option, graph_options, inputs_of, no_wait_option, reports_input_errors,
                      uses_project)


@click.command()
@graph_options
@click.option("--add", "add_file", type=click.Path(path_type=Path), metavar="A.ttl",
              help="Turtle file with the triples to add.")
@click.option("--remove", "remove_file", type=click.Path(path_type=Path), metavar="R.ttl",
              help="Turtle file with the triples to remove; each must be in the graph.")
@click.option("--apply", is_flag=True, help="Write the change into the graph files when the result conforms.")
@full_option
@no_wait_option
@uses_project
@reports_input_errors
def update(ctx, ontology_dir, graph_paths, add_file, remove_file, apply, full, no_wait):
    """Check a change against the shapes, then write it, or refuse it whole.

    Validates the graph as it would be after adding A.ttl and removing R.ttl, and says which
    violations and warnings the change would add and which it would resolve. When the result has a
    violation the change is refused (exit 1) and nothing is written. Without --apply nothing is
    written either: it says which files would change (exit 0). With --apply and a conforming result,
    each affected file is rewritten atomically (temporary file, then rename) in canonical Turtle.

    \b
    Where triples go:
      removed triples      out of every file that holds them
      about a subject the graph has
                           the file that holds the subject (the one that types it)
      a new instrument of agency:X
                           instruments/X.ttl
      another new subject  the file of the first subject that refers to it,
                           else the file with most (over half) of its class,
                           else additions.ttl
      nested [ ... ] nodes with the subject they hang from
    (paths inside the first --graph folder). A nested node in R.ttl must be given in full.

    Exit 0 conforms (written with --apply), 1 refused, 2 unreadable input or a triple to remove
    that the graph does not hold (graph/ untouched).

    \b
    Examples:
      jhaan-kg update --add new-instrument.ttl
      jhaan-kg update --add fixed-date.ttl --remove wrong-date.ttl --apply
    """
    from ..steward.change import update_graph

    ontology_dir, graph_paths = inputs_of(ctx, ontology_dir, graph_paths)
    outcome = update_graph(ontology_dir, graph_paths, add_file, remove_file, apply=apply, scoped=not full,
                           wait=not no_wait, say=lambda message: click.echo(message, err=True))
    click.echo(outcome.text, nl=False)
    sys.exit(outcome.exit_code)


@click.command()
@click.argument("old")
@click.argument("new")
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=None,
              help="For git revisions: the folder whose .ttl files are compared (default: graph/ of the project).")
@click.option("--ontology", "ontology_dir", type=click.Path(path_type=Path), default=None,
              help="Folder with the ontology, used to name types and statuses (default: ontology/ of the project).")
@format_option("text", "json")
@click.option("--triples", "list_triples", is_flag=True, help="Also list the triple changes no rule describes.")
@uses_project
@reports_input_errors
def diff(ctx, old, new, graph_dir, ontology_dir, fmt, list_triples):
    """What changed between OLD and NEW, in domain words.

    OLD and NEW are each a Turtle file, a folder of them, or a git revision (every .ttl file under
    graph/ at that revision, read with `git show`). Reports instruments added or removed (agency,
    counterpart, type, date), status changes (from active to suspended on a date, with the reason),
    corrected dates, participants added to or removed from events, events added, labels changed and
    sources added; then counts the triple changes no rule describes. Nested nodes are compared by
    what they say, so reordering or reformatting a file shows no change. Exit 0, or 2 when a side
    cannot be read.

    \b
    Examples:
      jhaan-kg diff HEAD~1 HEAD
      jhaan-kg diff HEAD graph/              what the working tree changes
      jhaan-kg diff old/frontex.ttl graph/instruments/frontex.ttl --triples
    """
    from ..steward.diff import diff_sides

    result = diff_sides(old, new, graph_dir or ctx.project.graph, ontology_dir or ctx.project.ontology)
    click.echo(result.to_json() if fmt == "json" else result.to_text(list_triples), nl=fmt == "json")


@click.group("import")
def import_group():
    """Bring data in from spreadsheets, through the same checks as `update`.

    \b
    Example:
      jhaan-kg import instruments new-instruments.csv --apply
    """


@import_group.command("instruments")
@click.argument("csv_file", type=click.Path(path_type=Path))
@graph_options
@click.option("--apply", is_flag=True, help="Write the new instruments into graph/ when the result conforms.")
@full_option
@no_wait_option
@uses_project
@reports_input_errors
def import_instruments(ctx, csv_file, ontology_dir, graph_paths, apply, full, no_wait):
    """Add cooperation instruments from CSV_FILE (UTF-8; values separated by commas or semicolons).

    \b
    Columns, as `jhaan-kg query run relex-instruments --format csv` writes them:
      agency          the acronym: CEPOL, EIGE, EMCDDA, EUAA, eu-LISA, Eurojust, Europol, FRA, Frontex
      counterpart     the country's name, or an organisation's name or acronym when iso2 is empty
      iso2            the country's ISO 3166-1 code (empty for an organisation)
      type            a label of the RELEX legend: Working arrangement, Memorandum of Understanding, ...
      signed          YYYY-MM-DD or YYYY (empty when not known); not in the future
      status          Active (or empty), On hold, Suspended, Superseded, Terminated
      personal_data   yes, no or empty
      source          one or more URLs, separated by spaces
    and two optional columns, needed when status is not Active:
      status_date     when the status began: YYYY-MM-DD, YYYY-MM or YYYY
      reason          why (the RELEX legend asks a reason of every hold or suspension)
    and one more, for a source the graph does not describe yet (one URL in source):
      source_title    the title of that source

    Rows describing an instrument the graph already has (same agency, counterpart, type and
    date) are skipped. New instruments are named instrument:<agency>-<iso2 or organisation>-<type>-<year>
    and go to graph/instruments/<agency>.ttl, as with `update`. Exit 2 (naming row, column and
    line) when a row cannot be read, 1 when the result breaks a shape; graph/ is then untouched.
    Without --apply nothing is written.

    \b
    Examples:
      jhaan-kg import instruments new.csv
      jhaan-kg import instruments new.csv --apply
    """
    from ..steward.importer import import_csv

    ontology_dir, graph_paths = inputs_of(ctx, ontology_dir, graph_paths)
    outcome = import_csv(ontology_dir, graph_paths, csv_file, apply=apply, scoped=not full, wait=not no_wait,
                         say=lambda message: click.echo(message, err=True))
    click.echo(outcome.text, nl=False)
    sys.exit(outcome.exit_code)


@click.command("format")
@click.option("--graph", "graph_paths", multiple=True, type=click.Path(path_type=Path),
              help="A Turtle file or folder to format; repeat for several (default: graph/ of the project).")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 when a file is not in canonical form.")
@no_wait_option
@uses_project
@reports_input_errors
def format_command(ctx, graph_paths, check, no_wait):
    """Rewrite Turtle files in canonical form, so that a git diff shows only real changes.

    Canonical form: the file's leading comments and its prefixes as they were, then subjects sorted
    by IRI, `a` first and the other predicates sorted, nested nodes written inline. Comments inside
    the body are not kept. Each file is checked to hold the same graph before it is replaced
    (atomically). `update` and `import` write the files they change in this form.

    \b
    Examples:
      jhaan-kg format --check
      jhaan-kg format --graph graph/instruments/frontex.ttl
    """
    from ..steward.turtle import format_files

    outcome = format_files(list(graph_paths) or [ctx.project.graph], check, wait=not no_wait,
                           say=lambda message: click.echo(message, err=True))
    click.echo(outcome.text, nl=False)
    sys.exit(outcome.exit_code)
