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
        kg = load_graph([ontology_dir, *graph_paths], by_file=False)
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
        table = coverage_table(load_graph([ontology_dir, *graph_paths], by_file=False))
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
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="The query store `build` wrote (default: build/store); used only while it matches the inputs.")
@click.option("--recompute", is_flag=True,
              help="Evaluate the query on the store even when `build` kept its answer (it keeps those of the "
                   "catalogue's queries run without parameters, and of meetings-attended for each agency).")
def query_run(name, ontology_dir, graph_paths, params, query_file, sparql_text, endpoint, fmt, queries_dir, store_dir,
              recompute):
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
            from .load import project_root
            from .store import MANIFEST, open_store

            default_inputs = ontology_dir is None and not graph_paths
            ontology_dir, graph_paths = resolve_inputs(ontology_dir, graph_paths)
            inputs = [ontology_dir, *graph_paths]
            # the store `build` left in build/ while it matches the inputs; else parse the files
            store = store_dir or project_root() / "build" / "store"
            kg = open_store(store, inputs, recompute)
            if kg is None:
                # said where the store was expected (the default inputs, or --store), because parsing
                # takes seconds on a large graph where the store takes none
                if (store / MANIFEST).is_file() and (default_inputs or store_dir is not None):
                    click.echo(f"note: {store} does not match the input files (they changed since `build`, or it "
                               "holds others); reading the Turtle files instead. `jhaan-kg build` brings it up to "
                               "date.", err=True)
                elif store_dir is not None:
                    click.echo(f"note: no store in {store}; reading the Turtle files instead", err=True)
                kg = load_graph(inputs, by_file=False)
        result = run_named_query(kg, named, values, endpoint=endpoint)
    except (QueryError, InputError, OSError, UnicodeDecodeError) as e:
        fail_on_input_error(e)
    click.echo(format_result(result, fmt), nl=False)


@main.command()
@graph_options
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port on 127.0.0.1 (0: any free port; the address is printed first).")
@click.option("--workers", type=click.IntRange(1, 64), default=2, show_default=True,
              help="Queries answered at the same time (one process each).")
@click.option("--timeout", type=click.FloatRange(0.1, 3600), default=30.0, show_default=True,
              help="Seconds a query may run before it is stopped (the answer is then 503).")
@click.option("--store", "store_dir", type=click.Path(path_type=Path), default=None,
              help="The query store `build` wrote (default: build/store); used while it matches the inputs.")
@click.option("--site", "site_dir", type=click.Path(path_type=Path), default=None,
              help="The folder `build` wrote, served under /site/ (default: build/).")
@click.option("--queries", "queries_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of .rq files (default: queries/).")
@click.option("--verbose", is_flag=True, help="Log one line per request on stderr.")
def serve(ontology_dir, graph_paths, port, workers, timeout, store_dir, site_dir, queries_dir, verbose):
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
    from .load import InputError, project_root
    from .query import QueryError
    from .serve import serve as run_server

    ontology_dir, graph_paths = resolve_inputs(ontology_dir, graph_paths)
    build_dir = project_root() / "build"
    try:
        run_server([ontology_dir, *graph_paths], store_dir or build_dir / "store", site_dir or build_dir,
                   queries_dir, port, workers, timeout, verbose)
    except (InputError, QueryError, OSError) as e:
        fail_on_input_error(e)


# --- the data steward's commands: update, import, diff, format ----------------------------------------

def _display(path: Path) -> str:
    """A path relative to the working directory where it is inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _finish_change(plan, apply: bool, ontology_dir: Path, graph_paths: list[Path], preface: list[str] = (),
                   annotate=lambda result: "") -> None:
    """Print what a checked change adds and resolves; write it when asked and it conforms; exit 0 or 1."""
    from .update import apply_plan, remember_applied

    applied = apply and plan.conforms and bool(plan.writes)
    if applied:
        try:
            apply_plan(plan)
        except OSError as e:
            fail_on_input_error(e)
        remember_applied(plan, ontology_dir)
    for line in preface:
        click.echo(line)
    click.echo(plan.to_text(applied=applied, display=_display, annotate=annotate), nl=False)
    sys.exit(EXIT_OK if plan.conforms else EXIT_VIOLATIONS)


@main.command()
@graph_options
@click.option("--add", "add_file", type=click.Path(path_type=Path), metavar="A.ttl",
              help="Turtle file with the triples to add.")
@click.option("--remove", "remove_file", type=click.Path(path_type=Path), metavar="R.ttl",
              help="Turtle file with the triples to remove; each must be in the graph.")
@click.option("--apply", is_flag=True, help="Write the change into the graph files when the result conforms.")
@click.option("--full", is_flag=True,
              help="Validate the whole graph after the change, not only the nodes the change can affect.")
def update(ontology_dir, graph_paths, add_file, remove_file, apply, full):
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
    from .load import InputError
    from .update import plan_update, read_change

    ontology_dir, graph_paths = resolve_inputs(ontology_dir, graph_paths)
    try:
        change = read_change(add_file, remove_file)
        plan = plan_update(ontology_dir, graph_paths, change, scoped=not full)
    except InputError as e:
        fail_on_input_error(e)
    _finish_change(plan, apply, ontology_dir, graph_paths)


# --- the infographics --------------------------------------------------------------------------------

def _valid_date(ctx, param, value):
    """--as-of must be a real calendar date (YYYY-MM-DD); exit 2 otherwise."""
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        fail_on_input_error(ValueError(f"--as-of {value!r} is not a date (YYYY-MM-DD)"))


@main.command()
@click.argument("which", nargs=-1, type=click.Choice(["relex", "empact"]))
@graph_options
@click.option("--as-of", "as_of", metavar="DATE", callback=_valid_date,
              help="Draw RELEX as it stood on this date, YYYY-MM-DD (default: today).")
@click.option("--out", type=click.Path(path_type=Path), default=Path("build/infographics"), show_default=True,
              help="Folder to write the files into (created when missing).")
def infographic(which, ontology_dir, graph_paths, as_of, out):
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
    """
    from .infographic import write_infographics
    from .load import InputError, load_graph
    from .query import QueryError

    ontology_dir, graph_paths = resolve_inputs(ontology_dir, graph_paths)
    try:
        kg = load_graph([ontology_dir, *graph_paths], by_file=False)
        written = write_infographics(kg, out, which or ("relex", "empact"), as_of=as_of)
    except (InputError, QueryError, OSError) as e:
        fail_on_input_error(e)
    for name in written:
        click.echo(out / name)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--graph", "graph_dir", type=click.Path(path_type=Path), default=None,
              help="For git revisions: the folder whose .ttl files are compared (default: graph/).")
@click.option("--ontology", "ontology_dir", type=click.Path(path_type=Path), default=None,
              help="Folder with the ontology, used to name types and statuses (default: ontology/).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--triples", "list_triples", is_flag=True, help="Also list the triple changes no rule describes.")
def diff(old, new, graph_dir, ontology_dir, fmt, list_triples):
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
    from .diff import diff_graphs, read_side
    from .load import InputError, default_graph_dir, default_ontology_dir, load_graph

    graph_dir = graph_dir or default_graph_dir()
    try:
        before, after = read_side(old, graph_dir), read_side(new, graph_dir)
        labels = list(load_graph([ontology_dir or default_ontology_dir()]).triples())
    except InputError as e:
        fail_on_input_error(e)
    result = diff_graphs(before, after, labels)
    click.echo(result.to_json() if fmt == "json" else result.to_text(list_triples), nl=fmt == "json")


@main.group("import")
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
@click.option("--full", is_flag=True,
              help="Validate the whole graph after the change, not only the nodes the change can affect.")
def import_instruments(csv_file, ontology_dir, graph_paths, apply, full):
    """Add cooperation instruments from CSV_FILE (UTF-8, comma-separated).

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
    from .importer import plan_import
    from .load import InputError

    ontology_dir, graph_paths = resolve_inputs(ontology_dir, graph_paths)
    try:
        plan, imported = plan_import(ontology_dir, graph_paths, csv_file, scoped=not full)
    except InputError as e:
        fail_on_input_error(e)
    _finish_change(plan, apply, ontology_dir, graph_paths, preface=imported.skipped, annotate=imported.annotate)


@main.command("format")
@click.option("--graph", "graph_paths", multiple=True, type=click.Path(path_type=Path),
              help="A Turtle file or folder to format; repeat for several (default: graph/).")
@click.option("--check", is_flag=True, help="Change nothing; exit 1 when a file is not in canonical form.")
def format_command(graph_paths, check):
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
    from .load import InputError, default_graph_dir, is_shapes_file, turtle_files
    from .turtle import format_file, read_turtle_file, same_graph, write_atomically

    try:
        files = [f for f in turtle_files(list(graph_paths) or [default_graph_dir()]) if not is_shapes_file(f)]
        pending = []
        for path in files:
            text, canonical = format_file(path)
            if canonical:
                continue
            if not same_graph(read_turtle_file(path).triples, read_turtle_file(path, text.encode("utf-8")).triples):
                raise InputError(path, "the canonical form would not hold the same graph; file left as it is")
            pending.append((path, text))
    except InputError as e:
        fail_on_input_error(e)
    for path, text in pending:
        if check:
            click.echo(f"not canonical: {_display(path)}")
        else:
            write_atomically(path, text)
            click.echo(f"formatted {_display(path)}")
    if check and pending:
        click.echo(f"{len(pending)} of {len(files)} files are not in canonical form; `jhaan-kg format` rewrites them.")
        sys.exit(EXIT_VIOLATIONS)
    if check:
        click.echo(f"All {len(files)} files are in canonical form.")
    else:
        click.echo(f"{len(pending)} files formatted, {len(files) - len(pending)} already in canonical form.")
