"""The yearly report's annex as one print-ready A4 PDF (`jhaan-kg annex`, and build/annex.pdf).

The pages are drawn as SVG in points (annex_layout.py) from the same SPARQL results as the infographics, and
each is turned into a PDF page by cairo (cairosvg: vector, fonts embedded as subsets, text selectable); pypdf
joins them and adds what cairo cannot: the bookmarks (one per section), the document's metadata (title,
date), the links of the numbered sources, and opening with the bookmarks shown. Sections: a title page,
the RELEX figure (landscape, over as many sheets as it needs for every text to print at 7 pt or more), its
legend and notes, EMPACT Table 1 and each agency's involvement, a completeness statement per agency, every
instrument with its numbered sources, and the numbered list of sources (the same numbers as sources.html).

>>> annex_dates(2017, None)
(2017, '2017-12-31')
>>> annex_dates(None, "2023-06-30")
(2023, '2023-06-30')
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass, field
from pathlib import Path

from .. import __version__
from ..namespaces import JHAAN, RDF_TYPE, XSD
from ..atomic import write_atomically
from ..cache import cached_bytes
from ..load import load_graph
from .annex_empact import involvement_sheets, table_1_sheets
from .annex_layout import BODY, H1, LINE, MARGIN, MIN_FONT, SMALL, Flow, Sheet, numbered_lines
from .annex_relex import legend_sheets, relex_sheets
from .empact import empact_model
from .pages import is_web_address, render_page, short_url
from .relex_model import RelexModel, relex_model
from .results import EMPACT_QUERIES, RELEX_QUERIES, Results, query_results
from .svg import INK, MUTED, _sort_key, long_date, text, text_width, wrap

ANNEX_QUERIES = tuple(dict.fromkeys(RELEX_QUERIES + EMPACT_QUERIES + ("coverage-by-agency",)))
NETWORK = "Justice and Home Affairs Agencies Network"


def annex_dates(year: int | None, as_of: str | None) -> tuple[int, str]:
    """The report's year and the day drawn: by default the end of `year` when it is past, else today."""
    today = datetime.date.today()
    if as_of:
        datetime.date.fromisoformat(as_of)  # ValueError on a day that does not exist
        return (year or int(as_of[:4])), as_of
    if year and year < today.year:
        return year, f"{year}-12-31"
    return (year or today.year), today.isoformat()


@dataclass
class Citations:
    """Sources numbered in the order the annex first cites them; `cite(urls)` gives "[1, 4]"."""

    titles: dict[str, str]
    numbers: dict[str, int] = field(default_factory=dict)

    def __call__(self, urls: str) -> str:
        found = []
        for url in urls.split():
            found.append(self.numbers.setdefault(url, len(self.numbers) + 1))
        return "[" + ", ".join(str(n) for n in sorted(set(found))) + "]" if found else ""

    def listed(self) -> list[dict]:
        """Each source by its number: title (and section, for a citation of the report), address when on the web."""
        return [{"number": n, "title": self.titles.get(url) or short_url(url), "url": url if is_web_address(url) else "",
                 "short": short_url(url) if is_web_address(url) else ""}
                for url, n in sorted(self.numbers.items(), key=lambda item: item[1])]


@dataclass(frozen=True)
class Annex:
    """What the annex shows: the year, the day, the figures as data and the numbered sources."""

    year: int
    as_of: str
    relex: RelexModel
    empact: object
    coverage: tuple[dict, ...]
    sheets: tuple[Sheet, ...]
    sources: tuple[dict, ...]

    @property
    def title(self) -> str:
        return f"{NETWORK}: annex to the yearly report {self.year}"


def build_annex(results: Results, year: int) -> Annex:
    """The annex's sheets, from the query results of ANNEX_QUERIES (the graph itself is never read)."""
    relex, empact = relex_model(results), empact_model(results)
    cite = Citations(results.source_titles())
    sheets: list[Sheet] = []
    relex_sheets(sheets, relex, cite)
    legend_sheets(sheets, relex, cite)
    table_1_sheets(sheets, empact, cite)
    involvement_sheets(sheets, empact, cite)
    coverage = tuple(results.rows("coverage-by-agency"))
    completeness_sheets(sheets, relex, empact, coverage)
    instrument_sheets(sheets, relex, cite)
    sources = tuple(cite.listed())
    source_sheets(sheets, sources)
    sheets.insert(0, title_sheet(year, relex.day, sheets))
    return Annex(year, results.as_of, relex, empact, coverage, tuple(sheets), sources)


def title_sheet(year: int, day: str, sheets: list[Sheet]) -> Sheet:
    """The title page: the network, the year, the day drawn, how the annex was made, and its contents."""
    f = Flow([], "Title")
    f.space(120)
    f.place(30, lambda x, y: [text(x, y + 22, NETWORK, 22, True, class_="title")])
    f.place(24, lambda x, y: [text(x, y + 16, f"Annex to the yearly report {year}", 16, False, INK)])
    f.place(20, lambda x, y: [text(x, y + 12, "Cooperation instruments with third countries (RELEX) and involvement in "
                                              "EMPACT", 11, False, MUTED)])
    f.space(16)
    f.place(22, lambda x, y: [text(x, y + 13, f"As of {day}", 13, True, class_="as-of")])
    f.space(24)
    f.heading("How this annex was made", H1 - 4)
    f.paragraph(f"Every figure, number, footnote and note in this annex is drawn from a knowledge graph of the EU "
                f"Justice and Home Affairs agencies, in which every fact carries its public source, by named SPARQL "
                f"queries (relex-matrix, relex-legend, relex-footnotes, infographic-agencies, empact-priorities, "
                f"empact-involvement, coverage-by-agency). The cooperation instruments were rebuilt agency by agency "
                f"from public sources, not copied from the images of earlier reports, so an empty cell means that no "
                f"instrument was found, not that none exists; the completeness of the data is stated per agency. "
                f"Sources are numbered in the order this annex first cites them and listed at the end. Drawn by "
                f"jhaan-kg {__version__} on {long_date(datetime.date.today().isoformat())}.")
    f.space(8)
    f.heading("Contents", H1 - 4)
    for i, sheet in enumerate(sheets):
        if sheet.bookmark:
            f.place(BODY * LINE + 2, lambda x, y, s=sheet, n=i + 2: [
                text(x, y + BODY, s.bookmark, BODY + 1), text(x + f.width, y + BODY, str(n), BODY + 1, anchor="end")])
    sheet = f.sheets[0]
    sheet.bookmark = "Title page"
    return sheet


def completeness_sheets(sheets: list[Sheet], relex: RelexModel, empact, coverage: tuple[dict, ...]) -> None:
    """Per agency: what the graph records, how much of it is dated and sourced, and what the figures show."""
    f = Flow(sheets, "Completeness by agency", bookmark="Completeness by agency")
    f.heading("Completeness by agency", H1 - 2)
    f.paragraph("The data is rebuilt from public sources: agencies' lists and press releases, treaty texts, EUR-Lex, "
                "Council documents and the network's reports. What follows says, for each agency, how much of it the "
                "graph holds; a gap means that no public source was found.", BODY)
    by_agency = {r["agency"]: r for r in coverage}
    for a in relex.agencies:
        c = by_agency.get(a.agency, {})
        fig = empact.figures.get(a.agency)
        involvement = (f"{fig.records} sourced records of its involvement in EMPACT" if fig
                       else "no sourced record of its involvement in EMPACT")
        words = (f"{c.get('instruments', a.recorded)} instruments recorded ({c.get('with_countries', '0')} with "
                 f"countries, {c.get('with_organisations', '0')} with organisations), {relex.column_totals.get(a.agency, 0)} "
                 f"entries drawn on {relex.day}; {c.get('full_date', '0')} with a full signature date, "
                 f"{a.no_signature_date} with none; personal-data exchange stated for {c.get('personal_data_known', '0')}; "
                 f"{c.get('sources', '0')} distinct sources; {involvement}.")
        if a.recorded == "0":
            words = (f"No cooperation instrument with a third country or international organisation was found; "
                     f"{involvement}.")
        f.place(*numbered_lines(a.agency, words, f.width, BODY, 62))


def instrument_sheets(sheets: list[Sheet], m: RelexModel, cite) -> None:
    """Every instrument drawn, as of the day, with its numbered sources."""
    f = Flow(sheets, "Instruments and their sources", landscape=True, bookmark="Instruments and their sources")
    f.heading(f"Instruments and their sources, as of {m.day}", H1 - 2)
    cols = [("Agency", 58), ("Counterpart", 130), ("Instrument type", 140), ("Signed", 62), ("Status", 150),
            ("Sources", f.width - 540)]

    def header(x, y):
        out, cx = [], x
        for label, w in cols:
            out.append(text(cx, y + SMALL + 2, label, SMALL + 0.5, True))
            cx += w
        return out

    f.place(SMALL * LINE + 6, header)
    f.repeat = (SMALL * LINE + 6, header)
    rows = sorted(m.rows, key=lambda r: (_sort_key(r.agency), _sort_key(r.counterpart_label), r.signed))
    marks = {(e.row.instrument, e.row.counterpart): e.chip.footnotes
             for g in m.groups for c in g.rows for entries in c.cells.values() for e in entries}
    for r in rows:
        status = m.status_label(r.status) + (f" since {r.status_since}" if r.status_since else "")
        notes = marks.get((r.instrument, r.counterpart), "")
        cells = [r.agency, r.counterpart_name, m.style_of(r.type).label,
                 r.signed or ("not known (may postdate the day)" if r.date_not_known else "not known"),
                 status + (f" (note {notes})" if notes else ""), cite(r.source)]
        wrapped = [wrap(cell, w - 6, SMALL) for cell, (_, w) in zip(cells, cols)]
        height = max(len(lines) for lines in wrapped) * SMALL * LINE + 2

        def draw(x, y, wrapped=wrapped):
            out, cx = [], x
            for lines, (_, w) in zip(wrapped, cols):
                out += [text(cx, y + SMALL + i * SMALL * LINE, line, SMALL) for i, line in enumerate(lines)]
                cx += w
            return out
        f.place(height, draw)
    f.repeat = None


def source_sheets(sheets: list[Sheet], sources: tuple[dict, ...]) -> None:
    """The numbered list of sources: title (and section, for the report); the address where it is on the web."""
    f = Flow(sheets, "Sources", bookmark="Sources")
    f.heading("Sources", H1 - 2)
    f.paragraph("Numbered in the order the annex first cites them. A citation of the network's report gives its "
                "section; a web address is given, and linked, only for a source on the web.", SMALL, MUTED)
    for s in sources:
        title_lines = wrap(s["title"], f.width - 28, SMALL)
        height = (len(title_lines) + (1 if s["url"] else 0)) * MIN_FONT * LINE + 3

        def draw(x, y, s=s, title_lines=title_lines):
            out = [text(x, y + SMALL, f"[{s['number']}]", SMALL, True, class_="source-number")]
            out += [text(x + 28, y + SMALL + i * MIN_FONT * LINE, line, SMALL) for i, line in enumerate(title_lines)]
            if s["url"]:
                ly = y + SMALL + len(title_lines) * MIN_FONT * LINE
                out.append(text(x + 28, ly, s["short"], MIN_FONT, False, "#1f4e8c", class_="source-address"))
                f.link(x + 28, ly - MIN_FONT, x + 28 + text_width(s["short"], MIN_FONT), ly + 2, s["url"])
            return out
        f.place(height, draw)


def printed_figures(annex: Annex) -> list[tuple[str, str, str]]:
    """Every number and Table 1 line the annex prints, as (figure, key, value) in the terms of the annex-figures
    query, taken from what was drawn (the models), not from the query: the check-annex-*.rq queries compare them."""
    m, figures = annex.relex, []
    figures += [("entries-by-agency", a.agency, str(m.column_totals.get(a.agency, 0))) for a in m.agencies]
    figures += [("entries-by-counterpart", c.counterpart, str(c.total)) for g in m.groups for c in g.rows]
    figures += [("entries-by-region", key, str(n)) for key, n in m.by_region().items()]
    figures += [("entries-by-type", key, str(n)) for key, n in m.by_type().items()]
    figures += [("entries-in-all", "all", str(len(m.rows))), ("instruments-drawn", "all", str(m.instruments))]
    recorded = {r["agency"]: r["instruments"] for r in annex.coverage}
    figures += [("instruments-recorded-by-agency", a.agency, recorded.get(a.agency, a.recorded)) for a in m.agencies]
    figures += [("table-1", f"{p.no}: {p.name} | {p.abbreviation} | {p.oap}", "1") for p in annex.empact.priorities]
    figures += [("empact-records-by-agency", agency, str(fig.records)) for agency, fig in annex.empact.figures.items()]
    return figures


def figures_turtle(annex: Annex) -> str:
    """The printed figures as Turtle (jhaan:PrintedFigure), written beside the PDF for `jhaan-kg validate`."""
    import pyoxigraph as ox

    def literal(value: str, datatype: str = XSD + "string") -> ox.Literal:
        return ox.Literal(value, datatype=ox.NamedNode(datatype))

    triples = []
    for number, (figure, key, value) in enumerate(printed_figures(annex), 1):
        node = ox.BlankNode(f"figure{number}")  # numbered, not random: the same build writes the same file
        triples += [ox.Triple(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(JHAAN + "PrintedFigure")),
                    ox.Triple(node, ox.NamedNode(JHAAN + "figureKind"), literal(figure)),
                    ox.Triple(node, ox.NamedNode(JHAAN + "figureKey"), literal(key)),
                    ox.Triple(node, ox.NamedNode(JHAAN + "printedValue"), literal(value)),
                    ox.Triple(node, ox.NamedNode(JHAAN + "asOf"), literal(annex.as_of, XSD + "date"))]
    head = f"# The figures printed in {annex.title} (as of {annex.relex.day}); `jhaan-kg validate` checks them.\n"
    return head + ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes={"jhaan": JHAAN, "xsd": XSD}).decode()


def annex_pdf(annex: Annex) -> bytes:
    """The annex as one PDF: each sheet rendered by cairo, joined by pypdf with bookmarks, metadata and links
    (cached by the pages' SVG, cache.py: an unchanged annex is not rendered again)."""
    running = f"{NETWORK}: annex {annex.year}, as of {annex.relex.day}"
    total = len(annex.sheets)
    svgs = [sheet.svg(number, total, running) for number, sheet in enumerate(annex.sheets, 1)]
    key = "\n".join([annex.title, *svgs, *(repr((s.bookmark, s.links)) for s in annex.sheets)]).encode("utf-8")
    return cached_bytes("pdf", key, lambda: _render_pdf(annex, svgs))


def _render_pdf(annex: Annex, svgs: list[str]) -> bytes:
    import cairosvg  # cairo and pypdf only when a PDF is made: see the README's layout
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Link as LinkAnnotation

    writer = PdfWriter()
    for svg in svgs:
        writer.append(PdfReader(io.BytesIO(cairosvg.svg2pdf(bytestring=svg.encode("utf-8")))))
    for index, sheet in enumerate(annex.sheets):
        if sheet.bookmark:
            writer.add_outline_item(title=sheet.bookmark, page_number=index)
        for link in sheet.links:  # points from the top left, as drawn; PDF counts from the bottom left
            rect = (link.x0, sheet.height - link.y1, link.x1, sheet.height - link.y0)
            writer.add_annotation(index, LinkAnnotation(rect=rect, url=link.url))
    now = datetime.datetime.now(datetime.timezone.utc).strftime("D:%Y%m%d%H%M%SZ")
    writer.add_metadata({"/Title": f"{annex.title} (as of {annex.relex.day})", "/Author": NETWORK,
                         "/Subject": "RELEX and EMPACT infographics with their legend, notes, completeness and sources",
                         "/Creator": f"jhaan-kg {__version__}", "/CreationDate": now, "/ModDate": now})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def annex_of(kg, year: int | None = None, as_of: str | None = None, queries_dir: Path | None = None) -> Annex:
    """The annex of `year` as of `as_of` (annex_dates' defaults), from the queries run on `kg`."""
    year, as_of = annex_dates(year, as_of)
    return build_annex(query_results(kg, ANNEX_QUERIES, as_of, queries_dir), year)


def write_annex(kg, out: Path, year: int | None = None, as_of: str | None = None,
                queries_dir: Path | None = None) -> Annex:
    """Write the annex PDF to `out` and the figures it prints beside it (`<name>-figures.ttl`); returns what it
    shows."""
    annex = annex_of(kg, year, as_of, queries_dir)
    write_atomically(Path(out), annex_pdf(annex))
    write_atomically(figures_path(Path(out)), figures_turtle(annex))
    return annex


def figures_path(pdf: Path) -> Path:
    """Where the printed figures of the annex `pdf` are kept: annex.pdf -> annex-figures.ttl."""
    return pdf.with_name(pdf.stem + "-figures.ttl")


def draw_annex(inputs: list[Path], out: Path, year: int | None = None, as_of: str | None = None,
               queries_dir: Path | None = None) -> Path:
    """Load the graph from `inputs` and write the annex PDF to `out` (`jhaan-kg annex`)."""
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    write_annex(load_graph(inputs, by_file=False), out, year, as_of, queries_dir)
    return Path(out)


def sources_html(annex: Annex) -> str:
    """build/sources.html: coverage per agency and the annex's numbered sources (the same numbers)."""
    return render_page("sources.html", title="Coverage and sources", annex=annex, relex=annex.relex,
                       coverage=annex.coverage, sources=annex.sources)


__all__ = ["Annex", "annex_dates", "annex_pdf", "build_annex", "draw_annex", "sources_html", "write_annex",
           "MARGIN"]
