"""Writing the RELEX and EMPACT infographics as SVG, PNG and HTML, drawn from SPARQL results alone.

`write_infographics` runs the named queries of queries/ (relex-matrix, relex-legend, relex-footnotes,
infographic-agencies, empact-priorities, empact-involvement, infographic-empact-cycle,
infographic-empact-roles, infographic-source-titles) and hands their results to the drawing functions,
which never see the graph: every label, count, date, footnote and link drawn comes from a query row. What
the code adds is presentation only: colours, the letters of each instrument type (the initials of its
notation), sizes, and the sentences that say how to read the figure. The PNG is an A4 page at 300 dpi; the
HTML page (templates relex.html and empact.html) holds the figure inline and the same content as tables.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Callable, Iterable

from ..atomic import write_atomically
from ..load import load_graph
from .empact import draw_empact, empact_model
from .pages import render_page
from .png import write_png
from .network import Sources
from .relex import STATUS_CUES, MatrixRow, RelexModel, draw_relex, relex_model
from .relex_model import DATE_NOT_KNOWN_CUE, DATE_NOT_KNOWN_LABEL
from .results import EMPACT_QUERIES, RELEX_QUERIES, Results, query_results
from .scripts import inline_scripts, json_for_script
from .svg import _sort_key

RELEX_SCRIPTS = ("panel.js", "relex_page.js")  # the details panel the network pages share, and its wiring


def write_infographics(kg, out_dir: Path, which: Iterable[str] = ("relex", "empact"), as_of: str | None = None,
                       queries_dir: Path | None = None, write_png_file: Callable[[str, Path], object] | None = None
                       ) -> list[str]:
    """Write <name>.svg, <name>.png and <name>.html for each infographic of `which` into `out_dir`.

    `as_of` (YYYY-MM-DD, default today) is the date RELEX is drawn for. Returns the file names written.
    `write_png_file(svg, path)` writes each PNG (default `write_png`); `build` passes one that renders in
    another process while it goes on, since rendering is most of the time a build takes.
    """
    write_png_file = write_png_file or write_png
    as_of = as_of or datetime.date.today().isoformat()
    datetime.date.fromisoformat(as_of)  # raises ValueError on a date that does not exist
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[str] = []
    for name in which:
        if name == "relex":
            results = query_results(kg, RELEX_QUERIES, as_of, queries_dir)
            svg = draw_relex(results)
            page = relex_html(results, svg)
        elif name == "empact":
            results = query_results(kg, EMPACT_QUERIES, as_of, queries_dir)
            svg = draw_empact(results)
            page = empact_html(results, svg)
        else:
            raise ValueError(f"unknown infographic {name!r} (relex or empact)")
        write_atomically(out_dir / f"{name}.svg", svg)
        write_png_file(svg, out_dir / f"{name}.png")
        write_atomically(out_dir / f"{name}.html", page)
        written += [f"{name}.svg", f"{name}.png", f"{name}.html"]
    return written


def draw_infographics(inputs: list[Path], out_dir: Path, which: Iterable[str] = ("relex", "empact"),
                      as_of: str | None = None, queries_dir: Path | None = None, endpoint=None) -> list[Path]:
    """Load the graph from `inputs`, or query `endpoint` (a query.Endpoint) instead, and write the
    infographics of `which` into `out_dir` (`jhaan-kg infographic`); returns the paths written."""
    source = endpoint if endpoint is not None else load_graph(inputs, by_file=False)
    written = write_infographics(source, out_dir, which, as_of, queries_dir)
    return [Path(out_dir) / name for name in written]


def relex_html(results: Results, svg: str) -> str:
    """The RELEX page: the figure inline, the figure as a table, the legend, the notes and every source; a
    click on an instrument of the figure opens the details panel of the network pages (static/panel.js)."""
    m = relex_model(results)
    instruments = sorted(m.rows, key=lambda r: (_sort_key(r.agency), _sort_key(r.counterpart_label), r.signed))
    scripts, hashes = inline_scripts(*RELEX_SCRIPTS)
    return render_page("relex.html", title=m.title, m=m, figure=_inline(svg), instruments=instruments, cues=STATUS_CUES,
                       date_not_known_cue=DATE_NOT_KNOWN_CUE, date_not_known_label=DATE_NOT_KNOWN_LABEL,
                       data=json_for_script(relex_panel(m, instruments)), scripts=scripts, script_hashes=hashes)


def relex_panel(m: RelexModel, rows: list[MatrixRow]) -> dict:
    """What the panel of relex.html shows, as JSON: each instrument drawn (by agency and counterpart label,
    as the figure's chips carry them in data-agency and data-counterpart), with the legend and sources."""
    sources = Sources(dict(m.source_titles))
    return {"day": m.as_of,
            "types": [{"notation": s.notation, "label": s.label, "code": s.code, "colour": s.colour}
                      for s in m.styles.values()],
            "statuses": [{"notation": s.notation, "label": s.label, "definition": s.definition}
                         for s in m.statuses.values()],
            "footnotes": [{"number": f.number, "text": f.text} for f in m.footnotes]
                         + [{"number": n.mark, "text": n.text} for n in m.notes],
            "instruments": [{"agency": r.agency, "counterpart": r.counterpart_label, "counterpartName": r.counterpart_name,
                             "title": r.title, "type": r.type, "signed": r.signed, "status": r.status,
                             "since": r.status_since, "footnotes": r.footnotes.split(), "sources": sources(r.source),
                             "dateNotKnown": bool(r.date_not_known)}
                            for r in rows],
            "sources": sources.listed}


def empact_html(results: Results, svg: str) -> str:
    """The EMPACT page: the figure inline, Table 1, every involvement record with its sources, the note."""
    m = empact_model(results)
    rank = {a.agency: i for i, a in enumerate(m.agencies)}
    involvements = sorted(m.involvements, key=lambda r: (rank.get(r.agency, 99), r.year, r.priority))
    without = [a for a in m.agencies if a.agency not in m.figures]
    return render_page("empact.html", title=m.title, m=m, figure=_inline(svg), involvements=involvements, without=without)


def _inline(svg: str) -> str:
    """The SVG for inlining in HTML: without its fixed page size, so that it scales with the page."""
    return svg.replace('width="210mm" height="297mm" ', "", 1)
