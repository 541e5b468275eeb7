"""The infographics' HTML pages: the figure inline, the same content as tables, every source as a link."""

from __future__ import annotations

import html
import re

from .empact import empact_model
from .relex import STATUS_CUES, relex_model
from .results import Results
from .svg import _sort_key, ink_on, long_date


def relex_html(results: Results, svg: str) -> str:
    """The RELEX page: the figure inline, the figure as a table, the legend, the notes and every source."""
    m = relex_model(results)
    footnotes = results.rows("relex-footnotes")
    titles = {r["source"]: r["title"] for r in results.rows("infographic-source-titles")}
    title = footnotes[0]["infographic_title"] if footnotes else "Cooperation instruments"
    day = long_date(results.as_of)
    agencies = m["agencies"]
    e = html.escape
    out = [_html_head(f"{title} ({day})"), f"<h1>{e(title)}</h1>",
           f"<p>As of {e(day)}. Drawn from SPARQL results over the jhaan-kg graph (queries relex-matrix, relex-legend, "
           f"relex-footnotes, infographic-agencies).</p>",
           f'<figure>{_inline(svg)}<figcaption>The figure as drawn for A4; the table below gives the same content.'
           f'</figcaption></figure>']
    # the figure as a table
    out.append('<h2 id="table">The figure as a table</h2><div class="scroll"><table class="matrix">'
               f"<caption>Instruments by counterpart and agency as of {e(day)}</caption><thead><tr>"
               '<th scope="col">Region</th><th scope="col">Counterpart</th>'
               + "".join(f'<th scope="col">{e(a["agency"])}{_sup(a["footnotes"])}</th>' for a in agencies)
               + '<th scope="col">Total</th></tr></thead><tbody>')
    for group in m["groups"]:
        for c in group["rows"]:
            cells = []
            for a in agencies:
                items = []
                for _, _, chip, row in c["cells"].get(a["agency"], []):
                    s = m["styles"].get(row["type"], {"label": row["type"]})
                    status = m["statuses"].get(row["status"], row["status"])
                    since = f" since {row['status_since']}" if row["status_since"] else ""
                    items.append(f'<abbr title="{e(s["label"])}">{e(chip.code)}</abbr> {e(s["label"])} '
                                 f'({e(row["signed"] or "date unknown")}; {e(status.lower())}{e(since)}){_sup(row["footnotes"])}')
                cells.append("<td>" + "<br>".join(items) + "</td>")
            total = sum(len(v) for v in c["cells"].values())
            out.append(f"<tr><td>{e(group['label'])}</td><th scope=\"row\">{e(c['label'])}{_sup(c['footnotes'])}</th>"
                       + "".join(cells) + f"<td>{total}</td></tr>")
    out.append('</tbody><tfoot><tr><td></td><th scope="row">Total</th>'
               + "".join(f"<td>{m['column_totals'].get(a['agency'], 0)}</td>" for a in agencies)
               + f"<td>{len(m['rows'])}</td></tr></tfoot></table></div>")
    # legend and notes
    out.append("<h2>Legend</h2><table><caption>Instrument types</caption><thead><tr><th scope=\"col\">Letters</th>"
               "<th scope=\"col\">Type</th><th scope=\"col\">Definition</th></tr></thead><tbody>")
    for notation, s in m["styles"].items():
        out.append(f'<tr><td><span class="swatch" style="background:{s["colour"]};color:{ink_on(s["colour"])}">'
                   f'{e(s["code"])}</span></td><th scope="row">{e(s["label"])}{_sup(s["footnotes"])}</th>'
                   f"<td>{e(s['definition'])}</td></tr>")
    out.append("</tbody></table><table><caption>Statuses</caption><thead><tr><th scope=\"col\">Status</th>"
               "<th scope=\"col\">In the figure</th><th scope=\"col\">Definition</th></tr></thead><tbody>")
    for r in results.rows("relex-legend"):
        if r["kind"] == "status":
            out.append(f'<tr><th scope="row">{e(r["label"])}</th><td>{e(STATUS_CUES.get(r["notation"], ""))}</td>'
                       f'<td>{e(r["definition"])}</td></tr>')
    out.append("</tbody></table><h2>Notes</h2><ol class=\"notes\">")
    for f in footnotes:
        applies = f" <span class=\"muted\">(attached in the graph to: {e(f['applies_to'])})</span>" if f["applies_to"] else ""
        out.append(f'<li value="{e(f["number"])}" id="note-{e(f["number"])}">{e(f["text"])}{applies}</li>')
    out.append("</ol>")
    # sources
    out.append(f'<h2 id="sources">Instruments and their sources</h2><div class="scroll"><table class="sources">'
               f"<caption>Every instrument drawn, as of {e(day)}, with its sources</caption><thead><tr>"
               '<th scope="col">Agency</th><th scope="col">Counterpart</th><th scope="col">Instrument</th>'
               '<th scope="col">Type</th><th scope="col">Signed</th><th scope="col">Status</th>'
               '<th scope="col">Sources</th></tr></thead><tbody>')
    for row in sorted(m["rows"], key=lambda r: (_sort_key(r["agency"]), _sort_key(r["counterpart_label"]), r["signed"])):
        s = m["styles"].get(row["type"], {"label": row["type"]})
        status = m["statuses"].get(row["status"], row["status"])
        since = f" since {row['status_since']}" if row["status_since"] else ""
        out.append(f"<tr><td>{e(row['agency'])}</td><td>{e(row['counterpart_name'])}</td>"
                   f"<td>{e(row['title'])}</td><td>{e(s['label'])}</td><td>{e(row['signed'] or 'unknown')}</td>"
                   f"<td>{e(status)}{e(since)}{_sup(row['footnotes'])}</td><td>{_links(row['source'], titles)}</td></tr>")
    out.append("</tbody></table></div>")
    counts = ", ".join(f"{a['agency']} {a['recorded']}" for a in agencies)
    out.append(f"<h2>Completeness</h2><p>Instruments recorded per agency: {e(counts)}. The data is rebuilt from public "
               "sources, not copied from the report's figure: a blank cell means that no instrument was found, not that "
               "none exists. Instruments with no known signature date are drawn only for today. Sources, gaps and "
               "conflicts per agency are listed in <code>graph/README.md</code>.</p>")
    out.append("</main></body></html>\n")
    return "\n".join(out)


def empact_html(results: Results, svg: str) -> str:
    """The EMPACT page: the figure inline, Table 1, every involvement record with its sources, the note."""
    m = empact_model(results)
    titles = {r["source"]: r["title"] for r in results.rows("infographic-source-titles")}
    cycle = m["cycle"]
    e = html.escape
    out = [_html_head(cycle["infographic_title"] or "EMPACT"), f"<h1>{e(cycle['infographic_title'])}</h1>",
           f"<p>{e(cycle['cycle_label'])}. Drawn from SPARQL results over the jhaan-kg graph (queries empact-priorities, "
           "empact-involvement, infographic-agencies, infographic-empact-cycle, infographic-empact-roles).</p>",
           f"<figure>{_inline(svg)}<figcaption>The figure as drawn for A4; the tables below give the same content."
           "</figcaption></figure>",
           f'<h2>Table 1</h2><table class="priorities"><caption>Priorities in {e(cycle["cycle_label"])}</caption><thead><tr>'
           '<th scope="col">No.</th><th scope="col">Name</th><th scope="col">Abbreviation</th><th scope="col">OAP No.</th>'
           "</tr></thead><tbody>"]
    for p in m["priorities"]:
        out.append(f"<tr><td>{e(p['no'])}</td><th scope=\"row\">{e(p['name'])}</th><td>{e(p['abbreviation'])}</td>"
                   f"<td>{e(p['oap'])}</td></tr>")
    out.append("</tbody></table>")
    out.append('<h2>Involvement by agency</h2><div class="scroll"><table class="involvement"><caption>Every sourced '
               'involvement record</caption><thead><tr><th scope="col">Agency</th><th scope="col">Year</th>'
               '<th scope="col">Priority</th><th scope="col">Role</th><th scope="col">Count</th>'
               '<th scope="col">Sources</th></tr></thead><tbody>')
    rank = {a["agency"]: i for i, a in enumerate(m["agencies"])}
    for r in sorted(results.rows("empact-involvement"), key=lambda r: (rank.get(r["agency"], 99), r["year"], r["priority"])):
        out.append(f"<tr><th scope=\"row\">{e(r['agency'])}</th><td>{e(r['year'] or 'not given')}</td>"
                   f"<td>{e(r['priority'] or 'all plans')}</td><td>{e(r['role'] or 'not given')}</td>"
                   f"<td>{e(r['count'])}</td><td>{_links(r['source'], titles)}</td></tr>")
    out.append("</tbody></table></div>")
    without = [a for a in m["agencies"] if a["agency"] not in m["figures"]]
    if without:
        out.append("<h2>Agencies without sourced data</h2><ul>" + "".join(
            f"<li>{e(a['agency'])} ({e(a['name'])}): no sourced data on its involvement in EMPACT was found.</li>"
            for a in without) + "</ul>")
    out.append("<h2>Completeness</h2><p>Table 1 is complete. The involvement data is sparse: it is rebuilt from public "
               "sources (the report's section 9.4, annual reports, news items), and an empty cell means that no source was "
               "found, not that the agency took no part. Details: <code>graph/README.md</code> and "
               "<code>graph/research/empact.md</code>.</p></main></body></html>\n")
    return "\n".join(out)


# --- HTML helpers ----------------------------------------------------------------------------------------

CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #1b2631; margin: 0; background: #fff; }
main { max-width: 1100px; margin: 0 auto; padding: 1.5rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; }
figure { margin: 0; } figure svg { width: 100%; height: auto; max-width: 900px; border: 1px solid #d5dce3; }
figcaption, .muted { color: #5d6d7e; font-size: 0.9rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: 0.85rem; }
caption { text-align: left; font-weight: bold; padding: 0.3rem 0; }
th, td { border: 1px solid #d5dce3; padding: 0.25rem 0.45rem; text-align: left; vertical-align: top; }
thead th { background: #e4e9ef; } tbody tr:nth-child(even) { background: #f2f4f7; }
.scroll { overflow-x: auto; }
.swatch { display: inline-block; padding: 0 0.3rem; border-radius: 3px; font-weight: bold; }
a { color: #1a5276; } a:focus, a:hover { text-decoration-thickness: 2px; }
"""


def _html_head(title: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head><body><main>")


def _inline(svg: str) -> str:
    """The SVG for inlining in HTML: without its fixed page size, so that it scales with the page."""
    return svg.replace('width="210mm" height="297mm" ', "", 1)


def _sup(numbers: str) -> str:
    return "".join(f'<sup><a href="#note-{html.escape(n)}">{html.escape(n)}</a></sup>' for n in numbers.split())


def _links(sources: str, titles: dict[str, str]) -> str:
    links = []
    for url in sources.split():
        label = titles.get(url) or re.sub(r"^https?://(www\.)?", "", url)[:70]
        links.append(f'<a href="{html.escape(url, quote=True)}">{html.escape(label)}</a>')
    return "<br>".join(links)


