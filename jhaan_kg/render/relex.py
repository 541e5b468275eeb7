"""The RELEX infographic: which agency holds which kind of instrument with which counterpart, as SVG.

The figure as data (chips, groups, totals, the footnotes that apply and the figure's own notes) is built in
relex_model.py; this module draws it on one A4 page (the annex, render/annex_pages.py, lays the same model
out over several landscape pages at print size).
"""

from __future__ import annotations

import html

from .relex_model import (CHIP_FONT, CHIP_H, DATE_NOT_KNOWN_LABEL, LINE_H, NOTE_FONT, STATUS_CUES, Chip, MatrixRow,
                          RelexModel, TypeStyle, relex_model)
from .results import Results
from .svg import (INK, MARGIN, MUTED, PAGE_W, PALETTE, RULE, ZEBRA, Page, _n, draw_heading, el, ink_on, text,
                  text_width, wrap)

__all__ = ["STATUS_CUES", "MatrixRow", "RelexModel", "draw_chip", "draw_relex", "flow", "relex_model"]

COLUMN_W = {"group": 72, "label": 106, "total": 34}


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
    parts.append(text(x + w / 2, y + h - 2.6, chip.letters, CHIP_FONT, True, ink, "middle"))
    if chip.status in ("superseded", "terminated"):
        parts.append(el("line", x1=_n(x + 1.2), y1=_n(y + h / 2), x2=_n(x + w - 1.2), y2=_n(y + h / 2), stroke="#3d4752",
                        stroke_width=0.7))
    if chip.footnotes:
        parts.append(text(x + w + 0.8, y + 3.6, chip.footnotes, NOTE_FONT, False, INK, class_="footnote-marker"))
    return el("g", el("title", html.escape(chip.tooltip)) + "".join(parts), class_="chip", data_type=chip.type,
              data_status=chip.status, data_agency=chip.agency or None, data_counterpart=chip.counterpart or None,
              data_signed=chip.signed or None, data_date="not-known" if chip.date_not_known else None)


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
    summary = (f"{m.instruments} instruments with {m.countries} countries and {m.organisations} organisations")
    page = Page(title, f"Cooperation instruments of the nine Justice and Home Affairs agencies with third countries and "
                       f"international organisations as of {day}: {summary}.")
    x0, width = MARGIN, PAGE_W - 2 * MARGIN
    y = draw_heading(page, title, MARGIN + 14, f"As of {day}: {summary}. Rebuilt from public sources; see the "
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
    page.add(text(sx, y + 7.6, "Small numbers and letters: notes below.", 7.8, False, MUTED))
    y += max(20, len(status_label) * 9 + 6)
    if m.dates_not_known:  # instruments whose signature may postdate the day drawn
        chip = Chip(sample.code, sample.colour, "active", "", DATE_NOT_KNOWN_LABEL, "", date_not_known=True)
        page.add(draw_chip(x0 + 70, y - 6, chip),
                 text(x0 + 70 + chip.width + 3, y + 1.6, f"{DATE_NOT_KNOWN_LABEL} ({m.dates_not_known} instruments)",
                      7.8, False, INK, class_="legend-date-not-known"))
        y += 14

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
    for line in wrap(m.totals_sentence(), width, 7.3):
        page.add(text(x0, y, line, 7.3, False, MUTED, class_="totals-note"))
        y += 9
    y += 3

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
    for n in m.notes:
        page.add(text(x0, y, f"({n.mark})", 7.3, True, class_="note", data_mark=n.mark))
        for line in wrap(n.text, width - 14, 7.3):
            page.add(text(x0 + 14, y, line, 7.3))
            y += 9
        y += 1
    y += 4

    # completeness
    note = completeness_text(m)
    for line in wrap(note, width, 7.3):
        page.add(text(x0, y, line, 7.3, False, MUTED, class_="completeness"))
        y += 9
    return page.svg(y + MARGIN - 9)




def completeness_text(m: RelexModel) -> str:
    """How complete the figure is, agency by agency, in words (the SVG's last paragraph and the annex's)."""
    counts = ", ".join(f"{a.agency} {a.recorded}" for a in m.agencies)
    drawn = ", ".join(f"{a.agency} {a.signed_by_date}" for a in m.agencies)
    no_date = sum(int(a.no_signature_date) for a in m.agencies)
    no_day = sum(int(a.without_full_date) for a in m.agencies)
    return (f"Completeness. Instruments recorded per agency: {counts}; known to be signed by {m.day}: {drawn}. "
            f"{no_day} instruments have no known day of signature (a year alone counts from 1 January), {no_date} no "
            f"date at all (drawn on every date, with a question mark before today). The data is rebuilt from public "
            f"sources (agencies' lists and press releases, treaty texts, EUR-Lex, Council documents), not copied from "
            f"the report's figure, so a blank cell means that no instrument was found, not that none exists. Coverage "
            f"and every source: the page sources.html beside this figure.")
