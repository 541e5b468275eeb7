"""The `jhaan-kg` command line: one click group; each command parses its options and calls one library
function. Command modules import only click at the top, so that `jhaan-kg --help` stays quick."""

from __future__ import annotations

from pathlib import Path

import click

from .annex import annex
from .graph import build, coverage, infographic, network, validate
from .options import Context
from .publish import publish
from .query import query
from .serve import serve
from .steward import diff, format_command, import_group, update


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="jhaan-kg")
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=None, envvar="JHAAN_ROOT",
              help="The project folder (holding ontology/ and queries/). Default: $JHAAN_ROOT, else the nearest "
                   "folder at or above the working directory that holds them.")
@click.pass_context
def main(ctx, root):
    """Knowledge graph of the EU Justice and Home Affairs agencies and their cooperation.

    The graph lives as Turtle in ontology/ and graph/. `build` is the main job: it loads and
    validates the graph and writes everything into build/.

    \b
    Examples:
      jhaan-kg build                 build the embedded default into build/
      jhaan-kg validate              check graph/ against the SHACL shapes
    """
    ctx.obj = Context(root)


for command in (build, validate, coverage, query, serve, publish, update, infographic, network, annex, diff,
                import_group, format_command):
    main.add_command(command)
