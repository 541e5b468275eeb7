"""The RELEX infographic: which agency holds which kind of instrument with which counterpart, as SVG."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Mapping

from .results import Agency, Results
from .svg import (INK, MARGIN, MUTED, PAGE_W, PALETTE, RULE, ZEBRA, Page, _n, _sort_key, code_for, draw_heading, el,
                  ink_on, long_date, text, text_width, wrap)

ORGANISATIONS_HEADING = "International organisations and other bodies"
DEFAULT_TITLE = "Cooperation instruments"
# How draw_chip shows each status (the HTML legend says it in words).
STATUS_CUES = {"active": "filled with the type's colour", "on-hold": "white with a dashed outline",
               "suspended": "white with a solid outline, struck through diagonally",
               "superseded": "pale, struck through", "terminated": "pale with a dotted outline, struck through"}


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


@dataclass(frozen=True)
class TypeStyle:
    """How an instrument type is drawn (its letters and colour) and what the legend says of it."""

    notation: str
    code: str
    colour: str
    label: str
    footnotes: str = ""
    definition: str = ""

    @property
    def ink(self) -> str:
        """The colour of text on this type's colour."""
        return ink_on(self.colour)


@dataclass(frozen=True)
class Status:
    """A status of the legend (relex-legend, kind status)."""

    notation: str
    label: str
    definition: str = ""


@dataclass(frozen=True)
class MatrixRow:
    """A row of relex-matrix: one instrument with one counterpart, as of the date drawn."""

    agency: str
    counterpart: str  # the counterpart's IRI
    counterpart_label: str
    counterpart_name: str
    counterpart_kind: str  # country, or the kind of organisation
    iso2: str
    region: str
    region_order: str
    type: str  # the instrument type's notation
    signed: str
    status: str  # the status's notation
    status_since: str
    title: str
    instrument: str  # the instrument's IRI
    footnotes: str  # footnote numbers, space-separated
    counterpart_footnotes: str
    source: str  # source URLs, space-separated


@dataclass(frozen=True)
class Footnote:
    """A row of relex-footnotes: a numbered note of the figure."""

    number: str
    text: str
    infographic_title: str
    applies_to: str


@dataclass(frozen=True)
class ChipEntry:
    """One instrument in a cell: where it sorts in the cell, its chip and its row of relex-matrix."""

    order: int  # its type's place in the legend (99 for a type the legend lacks)
    chip: Chip
    row: MatrixRow

    @property
    def sort_key(self) -> tuple[int, str]:
        return self.order, self.row.signed  # by type in legend order, then by date signed


@dataclass(frozen=True)
class CounterpartRow:
    """A line of the matrix: one counterpart and its instruments, by agency acronym."""

    counterpart: str  # IRI
    label: str
    name: str
    kind: str
    iso2: str
    region: str
    region_order: str
    footnotes: str
    cells: Mapping[str, tuple[ChipEntry, ...]]

    def chips(self, agency: str) -> list[Chip]:
        return [entry.chip for entry in self.cells.get(agency, ())]

    @property
    def total(self) -> int:
        return sum(len(entries) for entries in self.cells.values())


@dataclass(frozen=True)
class RegionGroup:
    """The counterparts of one region (or the organisations), in alphabetical order."""

    label: str
    rows: tuple[CounterpartRow, ...]


@dataclass(frozen=True)
class RelexModel:
    """The RELEX figure as data, from query rows only: what the SVG and the HTML page both show."""

    title: str
    as_of: str
    styles: Mapping[str, TypeStyle]  # by notation, in legend order
    statuses: Mapping[str, Status]  # by notation, in legend order
    agencies: tuple[Agency, ...]
    groups: tuple[RegionGroup, ...]
    column_totals: Mapping[str, int]  # instruments by agency acronym
    rows: tuple[MatrixRow, ...]
    footnotes: tuple[Footnote, ...]
    source_titles: Mapping[str, str]

    @property
    def day(self) -> str:
        return long_date(self.as_of)

    def style_of(self, notation: str) -> TypeStyle:
        """The style of a type, or a grey one with the notation as label when the legend lacks it."""
        return _style_of(self.styles, notation)

    def status_label(self, notation: str) -> str:
        status = self.statuses.get(notation)
        return status.label if status else notation


def type_styles(legend: list[dict[str, str]]) -> dict[str, TypeStyle]:
    """Code, colour and label of each instrument type, in legend order."""
    types = [r for r in legend if r["kind"] == "instrument-type"]
    return {r["notation"]: TypeStyle(r["notation"], code_for(r["notation"]), PALETTE[i % len(PALETTE)], r["label"],
                                     r["footnotes"], r["definition"])
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


def relex_model(results: Results) -> RelexModel:
    """The RELEX figure as data: groups of counterparts, chips per cell, totals. Only query rows go in."""
    legend = results.rows("relex-legend")
    styles = type_styles(legend)
    statuses = {r["notation"]: Status(r["notation"], r["label"], r["definition"]) for r in legend if r["kind"] == "status"}
    agencies = results.records("infographic-agencies", Agency)
    matrix = results.records("relex-matrix", MatrixRow)
    footnotes = results.records("relex-footnotes", Footnote)
    order = {n: i for i, n in enumerate(styles)}
    counterparts: dict[str, tuple[MatrixRow, dict[str, list[ChipEntry]]]] = {}
    for row in matrix:
        _, cells = counterparts.setdefault(row.counterpart, (row, {}))  # the counterpart as its first row gives it
        style = _style_of(styles, row.type)
        status = statuses[row.status].label if row.status in statuses else row.status
        since = f" since {row.status_since}" if row.status_since else ""
        notes = f" (footnote {row.footnotes})" if row.footnotes else ""
        tooltip = (f"{row.agency} and {row.counterpart_label}: {style.label}, signed {row.signed or 'date unknown'};"
                   f" {status.lower()}{since}{notes}")
        chip = Chip(style.code, style.colour, row.status, row.footnotes, tooltip, row.type, row.agency,
                    row.counterpart_label, row.signed)
        cells.setdefault(row.agency, []).append(ChipEntry(order.get(row.type, 99), chip, row))
    groups: dict[tuple, list[CounterpartRow]] = {}
    for first, cells in counterparts.values():
        if first.counterpart_kind == "country":
            key = (0, int(first.region_order) if first.region_order.isdigit() else 999, first.region or "Other countries")
        else:
            key = (1, 0, ORGANISATIONS_HEADING)
        groups.setdefault(key, []).append(CounterpartRow(
            first.counterpart, first.counterpart_label, first.counterpart_name, first.counterpart_kind, first.iso2,
            first.region, first.region_order, first.counterpart_footnotes,
            {agency: tuple(sorted(entries, key=lambda e: e.sort_key)) for agency, entries in cells.items()}))
    ordered = tuple(RegionGroup(key[2], tuple(sorted(groups[key], key=lambda c: _sort_key(c.label))))
                    for key in sorted(groups))
    column_totals = {a.agency: 0 for a in agencies}
    for row in matrix:
        column_totals[row.agency] = column_totals.get(row.agency, 0) + 1
    title = footnotes[0].infographic_title if footnotes and footnotes[0].infographic_title else DEFAULT_TITLE
    return RelexModel(title, results.as_of, styles, statuses, agencies, ordered, column_totals, matrix, footnotes,
                      results.source_titles())


def _style_of(styles: Mapping[str, TypeStyle], notation: str) -> TypeStyle:
    """The style of a type, or a grey one with the notation as label when the legend lacks it."""
    return styles.get(notation) or TypeStyle(notation, code_for(notation), "#777777", notation)


def column_widths(m: RelexModel, available: float) -> list[float]:
    """Agency column widths: each as wide as its widest cell on one line, the space left shared out evenly;
    equal widths (cells then wrap) when the widest cells do not fit together."""
    needs = []
    for a in m.agencies:
        need = text_width(a.agency + a.footnotes, 8.5, True) + 8
        for group in m.groups:
            for c in group.rows:
                chips = c.chips(a.agency)
                if chips:
                    need = max(need, sum(ch.width + ch.note_width for ch in chips) + 2 * (len(chips) - 1) + 7)
        needs.append(need)
    if not needs:
        return []
    if sum(needs) > available:
        return [available / len(needs)] * len(needs)
    extra = (available - sum(needs)) / len(needs)
    return [n + extra for n in needs]


def draw_relex(results: Results) -> str:
    """The RELEX infographic as an SVG string, from the results of RELEX_QUERIES."""
    m = relex_model(results)
    title, matrix, day = m.title, m.rows, m.day
    countries = {r.counterpart for r in matrix if r.counterpart_kind == "country"}
    organisations = {r.counterpart for r in matrix if r.counterpart_kind != "country"}
    instruments = {r.instrument for r in matrix}
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
    types = list(m.styles.values())
    for i, s in enumerate(types):
        cx, cy = x0 + 70 + (i % 3) * col_w, y + (i // 3) * 13
        chip = Chip(s.code, s.colour, "active", "", s.label, s.notation)
        page.add(draw_chip(cx, cy, chip))
        label_x = cx + chip.width + 4
        page.add(text(label_x, cy + 7.6, s.label, 7.8, False, INK, class_="legend-label"))
        if s.footnotes:
            page.add(text(label_x + text_width(s.label, 7.8) + 1, cy + 3.5, s.footnotes, NOTE_FONT, False, INK,
                          class_="footnote-marker"))
    y += ((len(types) + 2) // 3) * 13 + 4
    status_label = wrap(f"Status on {day}", 66, 7.5, True)
    for li, line in enumerate(status_label):
        page.add(text(x0, y + 7 + li * 9, line, 7.5, True))
    sample = types[3] if len(types) > 3 else (types[0] if types else TypeStyle("", "WA", PALETTE[3], ""))
    sx = x0 + 70
    for notation, status in m.statuses.items():
        label = status.label
        chip = Chip(sample.code, sample.colour, notation, "", label, "")
        page.add(draw_chip(sx, y, chip), text(sx + chip.width + 3, y + 7.6, label, 7.8, False, INK, class_="legend-label"))
        sx += chip.width + 3 + text_width(label, 7.8) + 12
    page.add(text(sx, y + 7.6, "Small numbers: footnotes below.", 7.8, False, MUTED))
    y += max(20, len(status_label) * 9 + 6)

    # the matrix
    agencies = m.agencies
    widths = column_widths(m, width - COLUMN_W["group"] - COLUMN_W["label"] - COLUMN_W["total"])
    x_cells = x0 + COLUMN_W["group"] + COLUMN_W["label"]
    xs = [x_cells + sum(widths[:i]) for i in range(len(agencies) + 1)]
    x_total = xs[-1]
    header_h, header_top = 16, y
    page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=header_h, fill="#e4e9ef"))
    page.add(text(x0 + 3, y + 11, "Region", 7.5, True), text(x0 + COLUMN_W["group"] + 3, y + 11, "Counterpart", 7.5, True))
    for i, a in enumerate(agencies):
        cx = xs[i] + widths[i] / 2
        page.add(text(cx, y + 11, a.agency, 8.5, True, anchor="middle", class_="agency"))
        if a.footnotes:
            page.add(text(cx + text_width(a.agency, 8.5, True) / 2 + 0.8, y + 6.5, a.footnotes, NOTE_FONT + 0.6,
                          False, INK, class_="footnote-marker"))
    page.add(text(x_total + COLUMN_W["total"] / 2, y + 11, "Total", 7.5, True, anchor="middle"))
    y += header_h
    zebra = 0
    for group in m.groups:
        group_top = y
        label_lines = wrap(group.label, COLUMN_W["group"] - 6, 7.2, True)
        rows_parts = []
        for c in group.rows:
            layouts = {a.agency: flow(c.chips(a.agency), widths[i] - 5)
                       for i, a in enumerate(agencies)}
            lines = max(len(v) for v in layouts.values()) if layouts else 1
            row_h = max(1, lines) * LINE_H
            if zebra % 2:
                rows_parts.append(el("rect", x=_n(x0 + COLUMN_W["group"]), y=_n(y), width=_n(width - COLUMN_W["group"]),
                                     height=_n(row_h), fill=ZEBRA))
            zebra += 1
            rows_parts.append(text(x0 + COLUMN_W["group"] + 3, y + 8.8, c.label, 7.8, False, INK, class_="counterpart"))
            if c.footnotes:
                rows_parts.append(text(x0 + COLUMN_W["group"] + 3 + text_width(c.label, 7.8) + 0.8, y + 5,
                                       c.footnotes, NOTE_FONT + 0.4, False, INK, class_="footnote-marker"))
            for i, a in enumerate(agencies):
                for li, line in enumerate(layouts[a.agency]):
                    used = sum(ch.width + ch.note_width for ch in line) + 2 * (len(line) - 1)
                    cx = xs[i] + (widths[i] - used) / 2
                    for ch in line:
                        rows_parts.append(draw_chip(cx, y + 1.2 + li * LINE_H, ch))
                        cx += ch.width + ch.note_width + 2
            rows_parts.append(text(x_total + COLUMN_W["total"] / 2, y + 8.8, str(c.total), 7.8, True, anchor="middle",
                                   class_="row-total", data_counterpart=c.label))
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
        page.add(text(xs[i] + widths[i] / 2, y + 10, str(m.column_totals.get(a.agency, 0)), 7.8, True,
                      anchor="middle", class_="column-total", data_agency=a.agency))
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
    for f in m.footnotes:
        lines = wrap(f.text, width - 14, 7.3)
        page.add(text(x0, y, f"({f.number})", 7.3, True, class_="footnote", data_number=f.number))
        for line in lines:
            page.add(text(x0 + 14, y, line, 7.3))
            y += 9
        y += 1
    y += 4

    # completeness
    counts = ", ".join(f"{a.agency} {a.recorded}" for a in agencies)
    drawn = ", ".join(f"{a.agency} {a.signed_by_date}" for a in agencies)
    undated = sum(int(a.without_full_date) for a in agencies)
    note = (f"Completeness. Instruments recorded per agency: {counts}; signed by {day}: {drawn}. {undated} instruments "
            f"have no known day of signature (a year alone counts from 1 January; those with no date at all are drawn "
            f"only for today). The data is rebuilt from public sources (agencies' lists and press releases, treaty "
            f"texts, EUR-Lex, Council documents), not copied from the report's figure, so a blank cell means that no "
            f"instrument was found, not that none exists. Sources, gaps and conflicts per agency: graph/README.md.")
    for line in wrap(note, width, 7.3):
        page.add(text(x0, y, line, 7.3, False, MUTED, class_="completeness"))
        y += 9
    return page.svg(y + MARGIN - 9)


