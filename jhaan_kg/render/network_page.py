"""Writing a network view as one self-contained HTML page, and its SVG for the day drawn.

The page (template network.html) holds the view as JSON in a `<script type="application/json">` block,
never as markup, with the vendored vis-network library and the page's own script inlined, so that it
opens from file:// and asks no other host for anything: its Content-Security-Policy allows only those two
scripts (by their SHA-256) and nothing from elsewhere.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from ..atomic import write_atomically
from ..load import load_graph
from .network import NETWORK_QUERIES, NetworkView, agencies_view, payload, relex_view
from .network_draw import draw_network
from .pages import render_page
from .results import query_results
from .scripts import inline_scripts, json_for_script

VIEWS = ("relex", "agencies")
# the page's scripts, in the order they run: the library, the panel relex.html shares, the page's own
SCRIPTS = ("vis-network.min.js", "panel.js", "timeline.js", "network.js", "network_ui.js", "network_link.js")


def network_view(kg, which: str, as_of: str, queries_dir: Path | None = None) -> tuple[NetworkView, dict]:
    """The view `which` (relex or agencies), and for RELEX each instrument's status on `as_of` (relex-matrix)."""
    if which not in VIEWS:
        raise ValueError(f"unknown network view {which!r} (relex or agencies)")
    names = NETWORK_QUERIES[which] + (("relex-matrix",) if which == "relex" else ())
    results = query_results(kg, names, as_of, queries_dir)
    if which == "agencies":
        return agencies_view(results), {}
    statuses = {(r["instrument"], r["counterpart"]): r["status"] for r in results.rows("relex-matrix")}
    return relex_view(results), statuses


def network_html(view: NetworkView, today: str, svg_name: str | None = None) -> str:
    """The page of `view`, with the day `today` (the page's date control ends there)."""
    scripts, hashes = inline_scripts(*SCRIPTS)
    return render_page("network.html", title=view.title, view=view.view, data=json_for_script(payload(view, today)),
                       scripts=scripts, script_hashes=hashes, svg_name=svg_name, as_of=view.as_of)


def write_network(kg, which: str, out: Path, as_of: str | None = None, queries_dir: Path | None = None) -> list[Path]:
    """Write the page of view `which` to `out` (an .html file) and its SVG as of `as_of` beside it."""
    today = datetime.date.today().isoformat()
    as_of = as_of or today
    view, statuses = network_view(kg, which, as_of, queries_dir)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    svg_path = out.with_suffix(".svg")
    write_atomically(svg_path, draw_network(view, statuses))
    write_atomically(out, network_html(view, today, svg_path.name))
    return [out, svg_path]


def draw_networks(inputs: list[Path], which: str, out: Path, as_of: str | None = None,
                  queries_dir: Path | None = None, endpoint=None) -> list[Path]:
    """Load the graph from `inputs`, or query `endpoint` (a query.Endpoint) instead, and write the view
    `which` (`jhaan-kg network`)."""
    source = endpoint if endpoint is not None else load_graph(inputs, by_file=False)
    return write_network(source, which, out, as_of, queries_dir)
