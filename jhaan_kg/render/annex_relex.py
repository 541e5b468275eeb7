"""The RELEX figure in the annex: the model of relex_model.py laid out over landscape A4 sheets at print size
(no text under 7 pt), the header row repeated on each sheet; then its legend and notes in words.

The chips are those of the one-page figure (relex.draw_chip), scaled by CHIP_SCALE so that their smallest
text, the footnote marks, prints at 7 pt.
"""

from __future__ import annotations

from .annex_layout import BODY, H1, LINE, MIN_FONT, SMALL, Flow, Sheet, numbered_lines
from .relex import draw_chip, flow
from .relex_model import (DATE_NOT_KNOWN_CUE, DATE_NOT_KNOWN_LABEL, LINE_H, NOTE_FONT, STATUS_CUES, Chip,
                          CounterpartRow, RelexModel)
from .svg import INK, MUTED, RULE, ZEBRA, _n, el, text, text_width, wrap

CHIP_SCALE = MIN_FONT / NOTE_FONT  # 1.25: footnote marks at 7 pt, the letters at 9 pt
ROW = LINE_H * CHIP_SCALE  # one line of chips
COLUMNS = {"group": 78.0, "label": 104.0, "total": 36.0}
HEAD = 18.0
SECTION = "RELEX: cooperation instruments"


def chip_at(x: float, y: float, chip: Chip) -> str:
    return f'<g transform="translate({_n(x)} {_n(y)}) scale({_n(CHIP_SCALE)})">{draw_chip(0, 0, chip)}</g>'


def chip_width(chip: Chip) -> float:
    return (chip.width + chip.note_width) * CHIP_SCALE


def relex_sheets(sheets: list[Sheet], m: RelexModel, cite) -> None:
    """Append the RELEX figure (legend, then the matrix) on landscape sheets; `cite(urls)` gives "[n]"."""
    f = Flow(sheets, SECTION, landscape=True, bookmark="RELEX: cooperation instruments with third countries")
    f.heading(m.title, H1, 2, css="figure-title")
    f.paragraph(f"As of {m.day}: {m.instruments} instruments with {m.countries} countries and {m.organisations} "
                f"international organisations and other bodies, drawn from the knowledge graph. The legend, the notes "
                f"and every instrument with its numbered sources follow the figure.", BODY, MUTED)
    legend(f, m)
    matrix(f, m)
    f.paragraph(m.totals_sentence(), SMALL, MUTED, css="totals-note")


def legend(f: Flow, m: RelexModel) -> None:
    types = list(m.styles.values())
    col = (f.width - 80) / 3
    rows = (len(types) + 2) // 3

    def draw_types(x, y):
        parts = [text(x, y + 10, "Instrument type", BODY, True)]
        for i, s in enumerate(types):
            cx, cy = x + 80 + (i % 3) * col, y + (i // 3) * (ROW + 2)
            chip = Chip(s.code, s.colour, "active", "", s.label, s.notation)
            label_x = cx + chip_width(chip) + 4
            parts += [chip_at(cx, cy, chip), text(label_x, cy + 9.5, s.label, BODY, False, INK, class_="legend-label")]
            if s.footnotes:
                parts.append(text(label_x + text_width(s.label, BODY) + 1, cy + 5, s.footnotes, MIN_FONT, False, INK,
                                  class_="footnote-marker"))
        return parts

    f.place(rows * (ROW + 2) + 4, draw_types)
    sample = types[3] if len(types) > 3 else types[0]

    def draw_statuses(x, y):
        parts = [text(x, y + 10, "Status on the day", BODY, True)]
        sx = x + 80
        for notation, status in m.statuses.items():
            chip = Chip(sample.code, sample.colour, notation, "", status.label, "")
            parts += [chip_at(sx, y, chip), text(sx + chip_width(chip) + 3, y + 9.5, status.label, BODY)]
            sx += chip_width(chip) + 3 + text_width(status.label, BODY) + 14
        if m.dates_not_known:
            chip = Chip(sample.code, sample.colour, "active", "", DATE_NOT_KNOWN_LABEL, "", date_not_known=True)
            parts += [chip_at(sx, y, chip), text(sx + chip_width(chip) + 3, y + 9.5, DATE_NOT_KNOWN_LABEL, BODY,
                                                  class_="legend-date-not-known")]
        return parts

    f.place(ROW + 8, draw_statuses)
    f.paragraph("Small numbers and letters: the notes under 'RELEX: legend and notes'. The last column counts each "
                "row's entries.", SMALL, MUTED)


def _header(m: RelexModel, widths: list[float]):
    def draw(x, y):
        w = sum(widths) + COLUMNS["group"] + COLUMNS["label"] + COLUMNS["total"]
        parts = [el("rect", x=_n(x), y=_n(y), width=_n(w), height=HEAD, fill="#e4e9ef"),
                 text(x + 3, y + 12, "Region", BODY, True), text(x + COLUMNS["group"] + 3, y + 12, "Counterpart", BODY,
                                                                  True)]
        cx = x + COLUMNS["group"] + COLUMNS["label"]
        for a, cw in zip(m.agencies, widths):
            parts.append(text(cx + cw / 2, y + 12, a.agency, BODY, True, anchor="middle", class_="agency"))
            if a.footnotes:
                parts.append(text(cx + cw / 2 + text_width(a.agency, BODY, True) / 2 + 1, y + 7, a.footnotes, MIN_FONT,
                                  False, INK, class_="footnote-marker"))
            cx += cw
        parts.append(text(cx + COLUMNS["total"] / 2, y + 12, "Entries", BODY, True, anchor="middle"))
        return parts
    return draw


def matrix(f: Flow, m: RelexModel) -> None:
    widths = [(f.width - sum(COLUMNS.values())) / max(1, len(m.agencies))] * len(m.agencies)
    header = _header(m, widths)
    f.space(4)
    f.place(HEAD, header)
    f.repeat = (HEAD, header)
    totals = m.column_totals

    def draw_totals(x, y):
        w = sum(widths) + sum(COLUMNS.values())
        parts = [el("rect", x=_n(x), y=_n(y), width=_n(w), height=HEAD, fill="#e4e9ef"),
                 text(x + COLUMNS["group"] + 3, y + 12, "Entries", BODY, True)]
        cx = x + COLUMNS["group"] + COLUMNS["label"]
        for a, cw in zip(m.agencies, widths):
            parts.append(text(cx + cw / 2, y + 12, str(totals.get(a.agency, 0)), BODY, True, anchor="middle",
                              class_="column-total", data_agency=a.agency))
            cx += cw
        parts.append(text(cx + COLUMNS["total"] / 2, y + 12, str(len(m.rows)), BODY, True, anchor="middle",
                          class_="grand-total"))
        return parts

    zebra = 0
    rows = [(group, i, c) for group in m.groups for i, c in enumerate(group.rows)]
    for n, (group, i, c) in enumerate(rows):
        layouts = [flow(c.chips(a.agency), cw / CHIP_SCALE - 5) for a, cw in zip(m.agencies, widths)]
        lines = max([len(lay) for lay in layouts] + [1])
        label = group.label if i == 0 else ""
        label_lines = len(wrap(label, COLUMNS["group"] - 4, SMALL, True)) if label else 1
        height = max(lines * ROW + 2, SMALL * LINE * label_lines + 5)
        draw = _row(c, layouts, widths, height, zebra % 2 == 1, label, group.label, f)
        if n == len(rows) - 1:  # the last row keeps the totals on its page
            f.place(height + HEAD + 6, lambda x, y, draw=draw, height=height: draw(x, y) + draw_totals(x, y + height))
        else:
            f.place(height, draw)
        zebra += 1
    if not rows:
        f.place(HEAD + 6, draw_totals)
    f.repeat = None


def _row(c: CounterpartRow, layouts, widths, height, shaded, label, group_label, f: Flow):
    first_sheet = len(f.sheets)

    def draw(x, y):
        parts = []
        w = sum(widths) + sum(COLUMNS.values())
        if shaded:
            parts.append(el("rect", x=_n(x + COLUMNS["group"]), y=_n(y), width=_n(w - COLUMNS["group"]),
                            height=_n(height), fill=ZEBRA))
        # a group that runs over to a new sheet names itself again there, in the lines its first row has room for
        shown = label or (group_label if len(f.sheets) != first_sheet or f.y <= 80 else "")
        if label:
            parts.append(el("line", x1=_n(x), y1=_n(y), x2=_n(x + w), y2=_n(y), stroke=RULE, stroke_width=0.6))
        room = max(1, int((height - 5) / (SMALL * LINE)))
        for li, line in enumerate(wrap(shown, COLUMNS["group"] - 4, SMALL, True)[:room]):
            parts.append(text(x + 2, y + 10 + li * SMALL * LINE, line, SMALL, True, "#34495e", class_="group"))
        lx = x + COLUMNS["group"] + 3
        parts.append(text(lx, y + 10.5, c.label, BODY, False, INK, class_="counterpart"))
        if c.footnotes:
            parts.append(text(lx + text_width(c.label, BODY) + 1, y + 6, c.footnotes, MIN_FONT, False, INK,
                              class_="footnote-marker"))
        cx = x + COLUMNS["group"] + COLUMNS["label"]
        for cw, layout in zip(widths, layouts):
            parts.append(el("line", x1=_n(cx), y1=_n(y), x2=_n(cx), y2=_n(y + height), stroke="#d5dce3",
                            stroke_width=0.5))
            for li, line in enumerate(layout):
                used = sum(chip_width(ch) for ch in line) + 2 * CHIP_SCALE * (len(line) - 1)
                chx = cx + (cw - used) / 2
                for ch in line:
                    parts.append(chip_at(chx, y + 1.5 + li * ROW, ch))
                    chx += chip_width(ch) + 2 * CHIP_SCALE
            cx += cw
        parts.append(text(cx + COLUMNS["total"] / 2, y + 10.5, str(c.total), BODY, True, anchor="middle",
                          class_="row-total", data_counterpart=c.label))
        return parts
    return draw


def legend_sheets(sheets: list[Sheet], m: RelexModel, cite) -> None:
    """The legend and the notes of the RELEX figure in words, each footnote with its numbered source."""
    f = Flow(sheets, "RELEX: legend and notes", bookmark="RELEX: legend and notes")
    f.heading("RELEX: legend and notes", H1 - 2)
    f.heading("Instrument types", BODY + 1.5, 3)
    for s in m.styles.values():
        words = f"{s.label}{' (note ' + s.footnotes + ')' if s.footnotes else ''}. {s.definition}".strip()
        f.place(*numbered_lines(s.code, words, f.width, BODY, 30))
    f.heading("Statuses", BODY + 1.5, 3)
    for notation, status in m.statuses.items():
        words = f"{status.label}: drawn {STATUS_CUES.get(notation, '')}. {status.definition}".strip()
        f.place(*numbered_lines("", words, f.width, BODY, 30))
    if m.dates_not_known:
        f.place(*numbered_lines("?", f"{DATE_NOT_KNOWN_LABEL}: drawn with {DATE_NOT_KNOWN_CUE} "
                                     f"({m.dates_not_known} instruments on {m.day}).", f.width, BODY, 30))
    f.heading("Notes", BODY + 1.5, 3)
    for fn in m.footnotes:
        source = f" Source: {cite(fn.source)}." if fn.source else ""
        f.place(*numbered_lines(f"({fn.number})", fn.text + source, f.width, BODY, 22))
    for n in m.notes:
        f.place(*numbered_lines(f"({n.mark})", n.text, f.width, BODY, 22))
    f.space(4)
    f.paragraph(m.totals_sentence(), BODY)
    f.paragraph("Entries by region: " + "; ".join(f"{k} {n}" for k, n in m.by_region().items()) + ".", BODY,
                css="by-region")
    f.paragraph("Entries by instrument type: " + "; ".join(f"{m.style_of(k).label} {n}" for k, n in m.by_type().items())
                + ".", BODY, css="by-type")
    f.paragraph("Each instrument drawn, with its dates, status and numbered sources, is listed under 'Instruments "
                "and their sources'; the numbered list of sources closes the annex.", BODY, MUTED)


__all__ = ["CHIP_SCALE", "legend_sheets", "relex_sheets"]
