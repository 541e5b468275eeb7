"""`jhaan-kg publish`: the build loaded into a shared SPARQL store."""

from __future__ import annotations

from pathlib import Path

import click

from ..namespaces import PUBLISHED
from .options import reports_input_errors, uses_project


@click.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's SPARQL 1.1 Graph Store HTTP Protocol endpoint (Virtuoso: "
                   "http://HOST:8890/sparql-graph-crud-auth).")
@click.option("--graph", "--named-graph", "named_graph", metavar="IRI", default=PUBLISHED, show_default=True,
              help="The named graph to replace with the build.")
@click.option("--sparql", "sparql_url", metavar="URL", default=None,
              help="The store's SPARQL endpoint for queries and updates, which checks and swaps the graph "
                   "(default: beside Virtuoso's Graph Store endpoint, /sparql-auth).")
@click.option("--user", default=None, help="The store's user.")
@click.option("--password", default=None, help="The user's password (--password-file or $JHAAN_KG_PASSWORD keep "
                                                "it out of the shell's history).")
@click.option("--password-file", type=click.Path(path_type=Path), default=None,
              help="A file whose first line is the password.")
@click.option("--auth", type=click.Choice(["digest", "basic"]), default="digest", show_default=True,
              help="How the credentials are sent.")
@click.option("--build", "build_dir", type=click.Path(path_type=Path), default=None,
              help="The folder `build` wrote (default: build/ of the project); its jhaan.ttl is published.")
@click.option("--chunk", type=click.IntRange(1, 10_000_000), default=50_000, show_default=True,
              help="Triples sent per request.")
@click.option("--timeout", type=click.FloatRange(1, 86_400), default=300.0, show_default=True,
              help="Seconds each request to the store may take.")
@uses_project
@reports_input_errors
def publish(ctx, endpoint, named_graph, sparql_url, user, password, password_file, auth, build_dir, chunk, timeout):
    """Load the build into a shared SPARQL store, replacing one named graph whole.

    The build's jhaan.ttl goes to a staging graph in chunks (Graph Store HTTP Protocol), is checked there
    (a count and a checksum query), then takes the graph's place in one SPARQL Update (MOVE), and is
    checked again. A publish that fails before the swap leaves the graph as it was. Progress goes to
    stderr; credentials never appear. Exit 0 when the store holds exactly the build, 2 otherwise (the
    message says what the store holds).

    \b
    Examples:
      jhaan-kg publish --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --password-file pw.txt
      jhaan-kg publish --endpoint https://store.example.org/gsp --sparql https://store.example.org/sparql \
          --graph https://example.org/jhaan --user ann --auth basic     (password in $JHAAN_KG_PASSWORD)
    """
    from ..publish.remote import credentials_from
    from ..publish.upload import publish_build

    credentials = credentials_from(user, password, password_file, auth)
    source = (build_dir or ctx.project.build) / "jhaan.ttl"
    check = publish_build(source, endpoint, named_graph, credentials, sparql_url, chunk, timeout,
                          say=lambda message: click.echo(message, err=True))
    click.echo(f"<{named_graph}>: {check}")
