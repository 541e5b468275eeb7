"""The RELEX and EMPACT infographics as SVG, PNG and HTML, drawn from SPARQL results alone.

`write_infographics` runs the named queries of queries/ (relex-matrix, relex-legend, relex-footnotes,
infographic-agencies, empact-priorities, empact-involvement, infographic-empact-cycle,
infographic-empact-roles, infographic-source-titles) and hands their results to the drawing functions,
which never see the graph: every label, count, date, footnote and link drawn comes from a query row. What
the code adds is presentation only: colours, the letters of each instrument type (the initials of its
notation), sizes, and the sentences that say how to read the figure.

Both figures are laid out for an A4 page (210 x 297 mm, 794 x 1123 CSS pixels); the PNG is rendered at
300 dpi. Colour is never the only signal: each instrument type has its letters, each status its outline.

>>> code_for("memorandum-of-understanding"), code_for("working-arrangement")
('MoU', 'WA')
"""

from __future__ import annotations

import datetime
import html
import io
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from .query import QueryResult, load_catalogue, run_named_query

# --- presentation constants -------------------------------------------------------------------------------

PAGE_W, PAGE_H = 794, 1123          # A4 in CSS pixels (96 per inch)
MARGIN = 28
PNG_DPI = 300
FONT = "DejaVu Sans Condensed"      # cairosvg uses the first family; browsers fall back to the others
FONT_STACK = f"'{FONT}', 'Arial Narrow', Arial, sans-serif"
INK, MUTED, RULE, ZEBRA = "#1b2631", "#5d6d7e", "#aab7c4", "#f2f4f7"
# Paul Tol's "muted" scheme: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499")
ROLE_PALETTE = ("#882255", "#AA4499", "#332288", "#88CCEE", "#44AA99", "#DDCC77")
# The report prints the EMPACT figures in this order; agencies not named follow in the query's order.
EMPACT_FIGURE_ORDER = ("Europol", "Eurojust", "Frontex", "CEPOL", "eu-LISA", "EMCDDA")
ORGANISATIONS_HEADING = "International organisations and other bodies"
# How draw_chip shows each status (the HTML legend says it in words).
STATUS_CUES = {"active": "filled with the type's colour", "on-hold": "white with a dashed outline",
               "suspended": "white with a solid outline, struck through diagonally",
               "superseded": "pale, struck through", "terminated": "pale with a dotted outline, struck through"}


# --- tiny SVG helpers ------------------------------------------------------------------------------------

def el(name: str, body: str = "", **attrs) -> str:
    """One element as a string; `class_` gives class, `font_size` gives font-size; body is already escaped.

    >>> el("rect", x=1, class_="chip", data_type="wa")
    '<rect x="1" class="chip" data-type="wa"/>'
    """
    text = "".join(f' {k.rstrip("_").replace("_", "-")}="{html.escape(str(v), quote=True)}"'
                   for k, v in attrs.items() if v is not None)
    return f"<{name}{text}>{body}</{name}>" if body else f"<{name}{text}/>"


def text(x: float, y: float, s: str, size: float = 8, bold: bool = False, fill: str = INK, anchor: str | None = None,
         **attrs) -> str:
    return el("text", html.escape(s), x=_n(x), y=_n(y), font_size=_n(size), font_weight="bold" if bold else None,
              fill=fill, text_anchor=anchor, **attrs)


def _n(v: float) -> str:
    return f"{v + 0.0:.2f}".rstrip("0").rstrip(".")  # + 0.0 turns -0.0 into 0.0


@lru_cache(maxsize=None)
def text_width(s: str, size: float, bold: bool = False) -> float:
    """The advance width of `s` in the figure's font, measured with cairo (estimated without it)."""
    try:
        import cairocffi as cairo
    except ImportError:  # pragma: no cover - cairocffi comes with cairosvg
        return len(s) * size * (0.56 if bold else 0.52)
    context = _cairo_context()
    context.select_font_face(FONT, cairo.FONT_SLANT_NORMAL, cairo.FONT_WEIGHT_BOLD if bold else cairo.FONT_WEIGHT_NORMAL)
    context.set_font_size(100)
    return context.text_extents(s)[4] * size / 100


@lru_cache(maxsize=1)
def _cairo_context():
    import cairocffi as cairo

    return cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 1, 1))


def wrap(s: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of `s` into lines no wider than `width`."""
    lines: list[str] = []
    for paragraph in s.split("\n"):
        line = ""
        for word in paragraph.split():
            candidate = f"{line} {word}" if line else word
            if line and text_width(candidate, size, bold) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def code_for(notation: str) -> str:
    """The letters that stand for a concept in a cell: the initials of its notation, `of` as a small o."""
    return "".join("o" if w == "of" else w[:1].upper() for w in notation.split("-") if w)


def ink_on(colour: str) -> str:
    """Black or white, whichever reads better on `colour`."""
    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    lum = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return "#000000" if 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2] > 0.22 else "#ffffff"


def long_date(day: str) -> str:
    """'2017-12-31' -> '31 December 2017'."""
    d = datetime.date.fromisoformat(day)
    return f"{d.day} {d.strftime('%B')} {d.year}"


def _sort_key(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().casefold()


class Page:
    """SVG parts laid out on an A4 page; `svg()` scales the content down when it is taller than A4."""

    def __init__(self, title: str, description: str):
        self.title, self.description, self.parts = title, description, []

    def add(self, *parts: str) -> None:
        self.parts.extend(parts)

    def svg(self, height: float, defs: str = "") -> str:
        view_h = max(PAGE_H, height)
        view_w = view_h * PAGE_W / PAGE_H
        x0 = -(view_w - PAGE_W) / 2
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" '
                f'viewBox="{_n(x0)} 0 {_n(view_w)} {_n(view_h)}" role="img" aria-labelledby="svg-title svg-desc" '
                f'font-family="{html.escape(FONT_STACK, quote=True)}">')
        body = [el("title", html.escape(self.title), id="svg-title"), el("desc", html.escape(self.description), id="svg-desc"),
                f"<defs>{defs}</defs>" if defs else "",
                el("rect", x=_n(x0), y=0, width=_n(view_w), height=_n(view_h), fill="#ffffff")]
        return "\n".join([head, *body, *self.parts, "</svg>"]) + "\n"


# --- queries ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Results:
    """The query results a figure is drawn from, by query name, and the date it is drawn for."""

    by_name: dict[str, QueryResult]
    as_of: str

    def rows(self, name: str) -> list[dict[str, str]]:
        return self.by_name[name].dicts()


RELEX_QUERIES = ("relex-matrix", "relex-legend", "relex-footnotes", "infographic-agencies", "infographic-source-titles")
EMPACT_QUERIES = ("empact-priorities", "empact-involvement", "infographic-agencies", "infographic-empact-cycle",
                  "infographic-empact-roles", "infographic-source-titles")
DATED_QUERIES = {"relex-matrix", "infographic-agencies"}


def query_results(kg, names: Iterable[str], as_of: str, queries_dir: Path | None = None) -> Results:
    """Run the named queries (the dated ones with `as_of`) and keep their results."""
    catalogue = load_catalogue(queries_dir)
    found = {}
    for name in names:
        params = {"as_of": as_of} if name in DATED_QUERIES else {}
        found[name] = run_named_query(kg, catalogue[name], params)
    return Results(found, as_of)


# --- RELEX -----------------------------------------------------------------------------------------------

CHIP_FONT, CHIP_H, LINE_H, NOTE_FONT = 7.2, 10, 12.5, 5.6
COLUMN_W = {"group": 72, "label": 106, "total": 34}


@dataclass(frozen=True)
class Chip:
    """One instrument in a cell: its type's letters and colour, its status and its footnotes."""

    code: str
    colour: str
    status: str
    footnotes: str
    tooltip: str
    type: str
    agency: str = ""
    counterpart: str = ""
    signed: str = ""

    @property
    def width(self) -> float:
        return text_width(self.code, CHIP_FONT, True) + 5

    @property
    def note_width(self) -> float:
        return text_width(self.footnotes, NOTE_FONT) + 1.5 if self.footnotes else 0


def type_styles(legend: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    """Code, colour and label of each instrument type, in legend order."""
    types = [r for r in legend if r["kind"] == "instrument-type"]
    return {r["notation"]: {"code": code_for(r["notation"]), "colour": PALETTE[i % len(PALETTE)], "label": r["label"],
                            "footnotes": r["footnotes"], "definition": r["definition"]}
            for i, r in enumerate(types)}


def draw_chip(x: float, y: float, chip: Chip) -> str:
    """A chip whose top-left corner is (x, y): its fill and outline show the status, its letters the type."""
    w, h = chip.width, CHIP_H
    parts, ink = [], ink_on(chip.colour)
    box = dict(x=_n(x), y=_n(y), width=_n(w), height=h, rx=1.6)
    if chip.status == "on-hold":
        parts.append(el("rect", **box, fill="#ffffff", stroke=chip.colour, stroke_width=1.3, stroke_dasharray="2.2 1.2"))
        ink = INK
    elif chip.status == "suspended":
        parts.append(el("rect", **box, fill="#ffffff", stroke=chip.colour, stroke_width=1.3))
        parts.append(el("line", x1=_n(x + 1), y1=_n(y + h - 0.5), x2=_n(x + w - 1), y2=_n(y + 0.5), stroke=INK, stroke_width=0.8))
        ink = INK
    elif chip.status in ("superseded", "terminated"):
        parts.append(el("rect", **box, fill=chip.colour, fill_opacity=0.28,
                        stroke=MUTED if chip.status == "terminated" else "none", stroke_width=0.9,
                        stroke_dasharray="0.8 1" if chip.status == "terminated" else None))
        ink = "#3d4752"
    else:
        parts.append(el("rect", **box, fill=chip.colour))
    parts.append(text(x + w / 2, y + h - 2.6, chip.code, CHIP_FONT, True, ink, "middle"))
    if chip.status in ("superseded", "terminated"):
        parts.append(el("line", x1=_n(x + 1.2), y1=_n(y + h / 2), x2=_n(x + w - 1.2), y2=_n(y + h / 2), stroke="#3d4752",
                        stroke_width=0.7))
    if chip.footnotes:
        parts.append(text(x + w + 0.8, y + 3.6, chip.footnotes, NOTE_FONT, False, INK, class_="footnote-marker"))
    return el("g", el("title", html.escape(chip.tooltip)) + "".join(parts), class_="chip", data_type=chip.type,
              data_status=chip.status, data_agency=chip.agency or None, data_counterpart=chip.counterpart or None,
              data_signed=chip.signed or None)


def flow(chips: list[Chip], width: float) -> list[list[Chip]]:
    """Chips laid out left to right, wrapping to a new line when the cell is full."""
    lines: list[list[Chip]] = [[]]
    used = 0.0
    for chip in chips:
        need = chip.width + chip.note_width
        if lines[-1] and used + 2 + need > width:
            lines.append([])
            used = 0.0
        used += (2 if lines[-1] else 0) + need
        lines[-1].append(chip)
    return lines


def relex_model(results: Results) -> dict:
    """The RELEX figure as plain data: groups of counterparts, chips per cell, totals. Only query rows go in."""
    styles = type_styles(results.rows("relex-legend"))
    statuses = {r["notation"]: r["label"] for r in results.rows("relex-legend") if r["kind"] == "status"}
    agencies = results.rows("infographic-agencies")
    order = {n: i for i, n in enumerate(styles)}
    counterparts: dict[str, dict] = {}
    for row in results.rows("relex-matrix"):
        c = counterparts.setdefault(row["counterpart"], {
            "label": row["counterpart_label"], "name": row["counterpart_name"], "kind": row["counterpart_kind"],
            "iso2": row["iso2"], "region": row["region"], "region_order": row["region_order"],
            "footnotes": row["counterpart_footnotes"], "cells": {}})
        style = styles.get(row["type"], {"code": code_for(row["type"]), "colour": "#777777", "label": row["type"]})
        status = statuses.get(row["status"], row["status"])
        since = f" since {row['status_since']}" if row["status_since"] else ""
        notes = f" (footnote {row['footnotes']})" if row["footnotes"] else ""
        tooltip = (f"{row['agency']} and {row['counterpart_label']}: {style['label']}, signed {row['signed'] or 'date unknown'};"
                   f" {status.lower()}{since}{notes}")
        c["cells"].setdefault(row["agency"], []).append(
            (order.get(row["type"], 99), row["signed"], Chip(style["code"], style["colour"], row["status"],
                                                               row["footnotes"], tooltip, row["type"], row["agency"],
                                                               row["counterpart_label"], row["signed"]), row))
    groups: dict[tuple, dict] = {}
    for iri, c in counterparts.items():
        if c["kind"] == "country":
            key = (0, int(c["region_order"]) if c["region_order"].isdigit() else 999, c["region"] or "Other countries")
        else:
            key = (1, 0, ORGANISATIONS_HEADING)
        groups.setdefault(key, {"label": key[2], "rows": []})["rows"].append(c)
        for cell in c["cells"].values():
            cell.sort(key=lambda t: (t[0], t[1]))
    ordered = [groups[k] for k in sorted(groups)]
    for g in ordered:
        g["rows"].sort(key=lambda c: _sort_key(c["label"]))
    column_totals = {a["agency"]: 0 for a in agencies}
    for row in results.rows("relex-matrix"):
        column_totals[row["agency"]] = column_totals.get(row["agency"], 0) + 1
    return {"styles": styles, "statuses": statuses, "agencies": agencies, "groups": ordered,
            "column_totals": column_totals, "rows": results.rows("relex-matrix")}


def column_widths(m: dict, available: float) -> list[float]:
    """Agency column widths: each as wide as its widest cell on one line, the space left shared out evenly;
    equal widths (cells then wrap) when the widest cells do not fit together."""
    needs = []
    for a in m["agencies"]:
        need = text_width(a["agency"] + a["footnotes"], 8.5, True) + 8
        for group in m["groups"]:
            for c in group["rows"]:
                chips = [t[2] for t in c["cells"].get(a["agency"], [])]
                if chips:
                    need = max(need, sum(ch.width + ch.note_width for ch in chips) + 2 * (len(chips) - 1) + 7)
        needs.append(need)
    if not needs:
        return []
    if sum(needs) > available:
        return [available / len(needs)] * len(needs)
    extra = (available - sum(needs)) / len(needs)
    return [n + extra for n in needs]


def draw_heading(page: "Page", title: str, y: float, subtitle: str, subtitle_size: float) -> float:
    """The page title (wrapped) and a one-line subtitle under it, from `y`; returns the subtitle's baseline."""
    for line in wrap(title, PAGE_W - 2 * MARGIN, 15, True):
        page.add(text(MARGIN, y, line, 15, True))
        y += 18
    page.add(text(MARGIN, y, subtitle, subtitle_size, False, MUTED))
    return y


def draw_relex(results: Results) -> str:
    """The RELEX infographic as an SVG string, from the results of RELEX_QUERIES."""
    m = relex_model(results)
    footnotes = results.rows("relex-footnotes")
    title = footnotes[0]["infographic_title"] if footnotes and footnotes[0]["infographic_title"] else "Cooperation instruments"
    matrix = m["rows"]
    countries = {r["counterpart"] for r in matrix if r["counterpart_kind"] == "country"}
    organisations = {r["counterpart"] for r in matrix if r["counterpart_kind"] != "country"}
    instruments = {r["instrument"] for r in matrix}
    day = long_date(results.as_of)
    page = Page(title, f"Cooperation instruments of the nine Justice and Home Affairs agencies with third countries and "
                       f"international organisations as of {day}: {len(instruments)} instruments with {len(countries)} "
                       f"third countries and {len(organisations)} organisations.")
    x0, width = MARGIN, PAGE_W - 2 * MARGIN
    y = draw_heading(page, title, MARGIN + 14, f"As of {day}: {len(instruments)} instruments with {len(countries)} "
                     f"third countries and {len(organisations)} organisations. Rebuilt from public sources; see the "
                     f"note at the bottom.", 8.5)
    y += 14

    # legend: instrument types, then statuses
    page.add(text(x0, y + 7, "Instrument type", 7.5, True))
    col_w = (width - 70) / 3
    types = list(m["styles"].items())
    for i, (notation, s) in enumerate(types):
        cx, cy = x0 + 70 + (i % 3) * col_w, y + (i // 3) * 13
        chip = Chip(s["code"], s["colour"], "active", "", s["label"], notation)
        page.add(draw_chip(cx, cy, chip))
        label_x = cx + chip.width + 4
        page.add(text(label_x, cy + 7.6, s["label"], 7.8, False, INK, class_="legend-label"))
        if s["footnotes"]:
            page.add(text(label_x + text_width(s["label"], 7.8) + 1, cy + 3.5, s["footnotes"], NOTE_FONT, False, INK,
                          class_="footnote-marker"))
    y += ((len(types) + 2) // 3) * 13 + 4
    status_label = wrap(f"Status on {day}", 66, 7.5, True)
    for li, line in enumerate(status_label):
        page.add(text(x0, y + 7 + li * 9, line, 7.5, True))
    sample = types[3][1] if len(types) > 3 else (types[0][1] if types else {"code": "WA", "colour": PALETTE[3]})
    sx = x0 + 70
    for notation, label in m["statuses"].items():
        chip = Chip(sample["code"], sample["colour"], notation, "", label, "")
        page.add(draw_chip(sx, y, chip), text(sx + chip.width + 3, y + 7.6, label, 7.8, False, INK, class_="legend-label"))
        sx += chip.width + 3 + text_width(label, 7.8) + 12
    page.add(text(sx, y + 7.6, "Small numbers: footnotes below.", 7.8, False, MUTED))
    y += max(20, len(status_label) * 9 + 6)

    # the matrix
    agencies = m["agencies"]
    widths = column_widths(m, width - COLUMN_W["group"] - COLUMN_W["label"] - COLUMN_W["total"])
    x_cells = x0 + COLUMN_W["group"] + COLUMN_W["label"]
    xs = [x_cells + sum(widths[:i]) for i in range(len(agencies) + 1)]
    x_total = xs[-1]
    header_h, header_top = 16, y
    page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=header_h, fill="#e4e9ef"))
    page.add(text(x0 + 3, y + 11, "Region", 7.5, True), text(x0 + COLUMN_W["group"] + 3, y + 11, "Counterpart", 7.5, True))
    for i, a in enumerate(agencies):
        cx = xs[i] + widths[i] / 2
        page.add(text(cx, y + 11, a["agency"], 8.5, True, anchor="middle", class_="agency"))
        if a["footnotes"]:
            page.add(text(cx + text_width(a["agency"], 8.5, True) / 2 + 0.8, y + 6.5, a["footnotes"], NOTE_FONT + 0.6,
                          False, INK, class_="footnote-marker"))
    page.add(text(x_total + COLUMN_W["total"] / 2, y + 11, "Total", 7.5, True, anchor="middle"))
    y += header_h
    zebra = 0
    for group in m["groups"]:
        group_top = y
        label_lines = wrap(group["label"], COLUMN_W["group"] - 6, 7.2, True)
        rows_parts = []
        for c in group["rows"]:
            layouts = {a["agency"]: flow([t[2] for t in c["cells"].get(a["agency"], [])], widths[i] - 5)
                       for i, a in enumerate(agencies)}
            lines = max(len(v) for v in layouts.values()) if layouts else 1
            row_h = max(1, lines) * LINE_H
            if zebra % 2:
                rows_parts.append(el("rect", x=_n(x0 + COLUMN_W["group"]), y=_n(y), width=_n(width - COLUMN_W["group"]),
                                     height=_n(row_h), fill=ZEBRA))
            zebra += 1
            rows_parts.append(text(x0 + COLUMN_W["group"] + 3, y + 8.8, c["label"], 7.8, False, INK, class_="counterpart"))
            if c["footnotes"]:
                rows_parts.append(text(x0 + COLUMN_W["group"] + 3 + text_width(c["label"], 7.8) + 0.8, y + 5,
                                       c["footnotes"], NOTE_FONT + 0.4, False, INK, class_="footnote-marker"))
            for i, a in enumerate(agencies):
                for li, line in enumerate(layouts[a["agency"]]):
                    used = sum(ch.width + ch.note_width for ch in line) + 2 * (len(line) - 1)
                    cx = xs[i] + (widths[i] - used) / 2
                    for ch in line:
                        rows_parts.append(draw_chip(cx, y + 1.2 + li * LINE_H, ch))
                        cx += ch.width + ch.note_width + 2
            total = sum(len(v) for v in c["cells"].values())
            rows_parts.append(text(x_total + COLUMN_W["total"] / 2, y + 8.8, str(total), 7.8, True, anchor="middle",
                                   class_="row-total", data_counterpart=c["label"]))
            y += row_h
        y = max(y, group_top + len(label_lines) * 8.5 + 3)
        page.add(*rows_parts)
        for li, line in enumerate(label_lines):
            page.add(text(x0 + 3, group_top + 8.5 + li * 8.5, line, 7.2, True, "#34495e", class_="group"))
        page.add(el("line", x1=_n(x0), y1=_n(y), x2=_n(x0 + width), y2=_n(y), stroke=RULE, stroke_width=0.6))
    # column totals
    page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=14, fill="#e4e9ef"))
    page.add(text(x0 + COLUMN_W["group"] + 3, y + 10, "Total", 7.8, True))
    for i, a in enumerate(agencies):
        page.add(text(xs[i] + widths[i] / 2, y + 10, str(m["column_totals"].get(a["agency"], 0)), 7.8, True,
                      anchor="middle", class_="column-total", data_agency=a["agency"]))
    page.add(text(x_total + COLUMN_W["total"] / 2, y + 10, str(len(matrix)), 7.8, True, anchor="middle", class_="grand-total"))
    y += 14
    # thin rules between the agency columns (chips never reach a column's edge)
    page.add(*[el("line", x1=_n(x), y1=_n(header_top), x2=_n(x), y2=_n(y), stroke="#d5dce3", stroke_width=0.6)
               for x in xs])
    y += 11
    page.add(text(x0, y, "Totals count the instruments drawn in each row and column, whatever their status; an instrument "
                         "with several counterparts counts once for each.", 7, False, MUTED))
    y += 12

    # footnotes
    page.add(text(x0, y, "Notes", 8, True))
    y += 10
    for f in footnotes:
        lines = wrap(f["text"], width - 14, 7.3)
        page.add(text(x0, y, f"({f['number']})", 7.3, True, class_="footnote", data_number=f["number"]))
        for line in lines:
            page.add(text(x0 + 14, y, line, 7.3))
            y += 9
        y += 1
    y += 4

    # completeness
    counts = ", ".join(f"{a['agency']} {a['recorded']}" for a in agencies)
    drawn = ", ".join(f"{a['agency']} {a['signed_by_date']}" for a in agencies)
    undated = sum(int(a["without_full_date"]) for a in agencies)
    note = (f"Completeness. Instruments recorded per agency: {counts}; signed by {day}: {drawn}. {undated} instruments "
            f"have no known day of signature (a year alone counts from 1 January; those with no date at all are drawn "
            f"only for today). The data is rebuilt from public sources (agencies' lists and press releases, treaty "
            f"texts, EUR-Lex, Council documents), not copied from the report's figure, so a blank cell means that no "
            f"instrument was found, not that none exists. Sources, gaps and conflicts per agency: graph/README.md.")
    for line in wrap(note, width, 7.3):
        page.add(text(x0, y, line, 7.3, False, MUTED, class_="completeness"))
        y += 9
    return page.svg(y + MARGIN - 9)


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


# --- EMPACT ----------------------------------------------------------------------------------------------

def empact_model(results: Results) -> dict:
    """The EMPACT figures as plain data, from the results of EMPACT_QUERIES."""
    cycles = results.rows("infographic-empact-cycle")
    if not cycles:
        from .load import InputError

        raise InputError("graph", "no EMPACT policy cycle with a start and an end year (by default "
                                  "empact:cycle-2022-2025), so the EMPACT infographic cannot be drawn")
    cycle = cycles[0]
    priorities = results.rows("empact-priorities")
    abbreviations = [p["abbreviation"] for p in priorities]
    roles = results.rows("infographic-empact-roles")
    role_style = {r["label"]: {"code": code_for(r["notation"]), "colour": ROLE_PALETTE[i % len(ROLE_PALETTE)],
                               "notation": r["notation"]} for i, r in enumerate(roles)}
    start, end = int(cycle["start_year"]), int(cycle["end_year"])
    years = [str(y) for y in range(start, end + 1)]
    agencies = results.rows("infographic-agencies")
    rank = {a: i for i, a in enumerate(EMPACT_FIGURE_ORDER)}
    ordered = sorted(agencies, key=lambda a: rank.get(a["agency"], len(rank)))
    by_agency: dict[str, dict] = {}
    for row in results.rows("empact-involvement"):
        fig = by_agency.setdefault(row["agency"], {"cells": {}, "outside": [], "counts": [], "records": 0})
        fig["records"] += 1
        in_cycle = row["year"] in years or (row["year"] == "" and row["priority"] in abbreviations)
        if not in_cycle:
            fig["outside"].append(row)
            continue
        year = row["year"] or "year not given"
        column = row["priority"] if row["priority"] in abbreviations else "all OAPs"
        fig["cells"].setdefault((year, column), []).append(row)
    return {"cycle": cycle, "priorities": priorities, "abbreviations": abbreviations, "roles": role_style,
            "years": years, "agencies": ordered, "figures": by_agency}


ROLE_FONT, ROLE_H, TABLE_FONT, TABLE_ROW, FIGURE_ROW = 8.4, 12, 9.4, 15.5, 15
CELL_CHIPS, FIGURE_NOTES = 3, 12  # beyond these a figure summarises, so that a large graph still fits the page


def _marks():
    """Note marks a, b, ..., z, aa, ab, ...: never run out."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    n = 0
    while True:
        mark, k = "", n
        while True:
            mark = letters[k % 26] + mark
            k = k // 26 - 1
            if k < 0:
                break
        yield mark
        n += 1


def draw_empact(results: Results) -> str:
    """The EMPACT infographic as an SVG string: Table 1, then one small figure per agency with data."""
    m = empact_model(results)
    cycle = m["cycle"]
    title = cycle["infographic_title"] or "EMPACT"
    page = Page(title, f"Table 1, the {len(m['priorities'])} priorities of {cycle['cycle_label']}, and each agency's "
                       f"involvement in the operational action plans where a public source gives it.")
    x0, width = MARGIN, PAGE_W - 2 * MARGIN
    y = draw_heading(page, title, MARGIN + 15, f"{cycle['cycle_label']}: the priorities (Table 1) and each agency's "
                     f"involvement where a public source gives it; see the note at the bottom on how complete this is.",
                     8.8)
    y += 22

    # Table 1
    page.add(text(x0, y, f"Table 1. Priorities in {cycle['cycle_label']}", 10.5, True))
    y += 6
    cols = [("No.", 40, "no"), ("Name", width - 40 - 130 - 80, "name"), ("Abbreviation", 130, "abbreviation"),
            ("OAP No.", 80, "oap")]
    page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=_n(TABLE_ROW), fill="#e4e9ef"))
    cx = x0
    for label, w, _ in cols:
        page.add(text(cx + 5, y + TABLE_ROW - 4.5, label, TABLE_FONT, True))
        cx += w
    y += TABLE_ROW
    for i, p in enumerate(m["priorities"]):
        if i % 2:
            page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=_n(TABLE_ROW), fill=ZEBRA))
        cx = x0
        cells = []
        for _, w, key in cols:
            cells.append(text(cx + 5, y + TABLE_ROW - 4.5, p[key], TABLE_FONT, key == "abbreviation"))
            cx += w
        page.add(el("g", "".join(cells), class_="priority", data_no=p["no"]))
        y += TABLE_ROW
    page.add(el("line", x1=_n(x0), y1=_n(y), x2=_n(x0 + width), y2=_n(y), stroke=RULE))
    y += 24

    # legend of roles
    page.add(text(x0, y + 9, "Role in the plan", 9, True))
    lx = x0 + 92
    for label, s in [*m["roles"].items(), ("Role not given by the source", {"code": "?", "colour": ""})]:
        chip, w = _role_chip(lx, y, s["code"], s["colour"], label)
        page.add(chip, text(lx + w + 4, y + 9, label, 8.8))
        lx += w + 4 + text_width(label, 8.8) + 16
    y += 17
    page.add(text(x0 + 92, y + 9, "Small letters a, b, ... point to the counts listed under each figure.", 8.8, False,
                  MUTED))
    y += 34

    # one figure per agency with data; a line for each agency without
    columns = m["abbreviations"] + ["all OAPs"]
    label_w = 74
    cell_w = (width - label_w) / len(columns)
    for n, a in enumerate(m["agencies"]):
        fig = m["figures"].get(a["agency"])
        if not fig:
            figure_next = n + 1 < len(m["agencies"]) and m["agencies"][n + 1]["agency"] in m["figures"]
            page.add(text(x0, y, a["agency"], 10, True, class_="no-data", data_agency=a["agency"]),
                     text(x0 + text_width(a["agency"], 10, True) + 6, y, f"({a['name']}): no sourced data on its "
                          f"involvement in EMPACT was found.", 9, False, MUTED))
            y += 24 if figure_next else 17
            continue
        page.add(text(x0, y, a["agency"], 11.5, True, class_="figure-title", data_agency=a["agency"]),
                 text(x0 + text_width(a["agency"], 11.5, True) + 7, y, f"{a['name']}: {fig['records']} sourced records",
                      9, False, MUTED))
        y += 6
        page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=_n(FIGURE_ROW), fill="#e4e9ef"))
        page.add(text(x0 + 4, y + FIGURE_ROW - 4.5, "Year", 8.4, True))
        for i, col in enumerate(columns):
            page.add(text(x0 + label_w + i * cell_w + cell_w / 2, y + FIGURE_ROW - 4.5, col, 7.4, True, anchor="middle"))
        y += FIGURE_ROW
        rows = list(m["years"]) + (["year not given"] if any(k[0] == "year not given" for k in fig["cells"]) else [])
        letters = _marks()
        notes = []
        for ri, year in enumerate(rows):
            if ri % 2:
                page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=_n(FIGURE_ROW), fill=ZEBRA))
            page.add(text(x0 + 4, y + FIGURE_ROW - 4.5, year if year != "year not given" else "no year given", 8.6))
            for i, col in enumerate(columns):
                chips = []
                records = fig["cells"].get((year, col), [])
                for r in records[:CELL_CHIPS]:
                    s = m["roles"].get(r["role"], {"code": "?", "colour": ""})
                    mark = next(letters) if r["count"] else ""
                    if mark:
                        notes.append(f"{mark}   {year}, {col}: {r['count']}")
                    tip = f"{a['agency']}, {year}, {col}: {r['role'] or 'role not given'}" + (f"; {r['count']}" if r["count"] else "")
                    chips.append((s, mark, tip))
                widths = [_role_chip(0, 0, s["code"], s["colour"], "", mark)[1] + (7 if mark else 0) for s, mark, _ in chips]
                cx = x0 + label_w + i * cell_w + (cell_w - sum(widths) - 3 * (len(chips) - 1)) / 2
                for (s, mark, tip), w in zip(chips, widths):
                    page.add(_role_chip(cx, y + (FIGURE_ROW - ROLE_H) / 2, s["code"], s["colour"], tip, mark)[0])
                    cx += w + 3
                if len(records) > CELL_CHIPS:  # a crowded cell says how many more (the HTML page lists all)
                    page.add(text(cx, y + FIGURE_ROW - 4.5, f"+{len(records) - CELL_CHIPS}", 7.4, False, MUTED))
            y += FIGURE_ROW
        page.add(el("line", x1=_n(x0), y1=_n(y), x2=_n(x0 + width), y2=_n(y), stroke=RULE))
        y += 12
        for r in fig["outside"]:
            notes.append(f"Outside {cycle['cycle_label']}: {r['year'] or 'no year'}"
                         f"{', ' + r['priority'] if r['priority'] else ''}, {(r['role'] or 'role not given').lower()}"
                         f"{'; ' + r['count'] if r['count'] else ''}")
        if len(notes) > FIGURE_NOTES:
            notes = notes[:FIGURE_NOTES - 1] + [f"... and {len(notes) - FIGURE_NOTES + 1} more notes (all in empact.html)"]
        for note in notes:
            page.add(text(x0 + 4, y, note, 8.6, False, INK, class_="count-note"))
            y += 11
        y += 16

    agencies_with = [a for a in m["agencies"] if a["agency"] in m["figures"]]
    records = ", ".join(f"{a['agency']} {m['figures'][a['agency']]['records']}" for a in agencies_with)
    without = ", ".join(a["agency"] for a in m["agencies"] if a["agency"] not in m["figures"])
    note = (f"Completeness. Sourced involvement records: {records or 'none'}; none for {without or 'no agency'}. Table 1 "
            f"is complete, but the EMPACT involvement data is sparse: it is rebuilt from public sources (the report's "
            f"section 9.4, annual reports and news items), and an empty cell means that no source was found, not that "
            f"the agency took no part. Details: graph/README.md and graph/research/empact.md.")
    y += 4
    for line in wrap(note, width, 8.6):
        page.add(text(x0, y, line, 8.6, False, MUTED, class_="completeness"))
        y += 11
    return page.svg(y + MARGIN - 11)


def _role_chip(x: float, y: float, code: str, colour: str, tooltip: str, mark: str = "") -> tuple[str, float]:
    """A role chip at (x, y) and its width (without the mark): filled in the role's colour, dashed when unknown."""
    w, h = text_width(code, ROLE_FONT, True) + 7, ROLE_H
    if colour:
        box = el("rect", x=_n(x), y=_n(y), width=_n(w), height=h, rx=1.8, fill=colour)
        ink = ink_on(colour)
    else:
        box = el("rect", x=_n(x), y=_n(y), width=_n(w), height=h, rx=1.8, fill="#ffffff", stroke=MUTED, stroke_width=0.9,
                 stroke_dasharray="1.5 1")
        ink = INK
    parts = box + text(x + w / 2, y + h - 3, code, ROLE_FONT, True, ink, "middle")
    if mark:
        parts += text(x + w + 1, y + 4.5, mark, 7.5, True, INK, class_="footnote-marker")
    return el("g", el("title", html.escape(tooltip)) + parts, class_="chip role"), w


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


# --- writing ---------------------------------------------------------------------------------------------

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
        _write(out_dir / f"{name}.svg", svg.encode("utf-8"))
        write_png_file(svg, out_dir / f"{name}.png")
        _write(out_dir / f"{name}.html", page.encode("utf-8"))
        written += [f"{name}.svg", f"{name}.png", f"{name}.html"]
    return written


def write_png(svg: str, path: Path) -> None:
    _write(path, svg_to_png(svg))


def write_png_if_cached(svg: str, path: Path) -> bool:
    """Write the PNG from the cache when it holds this SVG's rendering; False when it must be rendered."""
    from .cache import cached_only

    data = cached_only("png", _png_key(svg))
    if data is not None:
        _write(path, data)
    return data is not None


def svg_to_png(svg: str, dpi: int = PNG_DPI) -> bytes:
    """The SVG rendered as a PNG of an A4 page at `dpi` (cached by the SVG: rendering takes about a second)."""
    from .cache import cached_bytes

    def render() -> bytes:
        from cairosvg.parser import Tree
        from cairosvg.surface import PNGSurface
        from PIL import Image

        drawn = PNGSurface(Tree(bytestring=svg.encode("utf-8")), None, 96, output_width=round(210 / 25.4 * dpi),
                           output_height=round(297 / 25.4 * dpi), background_color="white").cairo
        # A white page, so RGB. cairo's own PNG writer compresses hard and took most of the time; Pillow at
        # level 1 writes the same pixels about three times faster, in a file ~10% larger.
        image = Image.frombuffer("RGB", (drawn.get_width(), drawn.get_height()), bytes(drawn.get_data()),
                                 "raw", "BGRX", drawn.get_stride(), 1)
        png = io.BytesIO()
        image.save(png, "PNG", compress_level=1, dpi=(dpi, dpi))  # prints at A4
        return png.getvalue()

    return cached_bytes("png", _png_key(svg, dpi), render)


def _png_key(svg: str, dpi: int = PNG_DPI) -> bytes:
    return f"{dpi} dpi, white page\n{svg}".encode("utf-8")  # the page's look is part of the key


def _write(path: Path, data: bytes) -> None:
    """Write through a temporary file and rename, so a reader never sees half a file."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
