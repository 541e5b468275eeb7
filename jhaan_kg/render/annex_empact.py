"""The EMPACT part of the annex: Table 1 of the policy cycle on a portrait sheet, then each agency's involvement
as a grid of years by priority on landscape sheets, at print size (no text under 7 pt), with its numbered
sources."""

from __future__ import annotations

from .annex_layout import BODY, H1, LINE, MIN_FONT, SMALL, Flow, Sheet
from .empact import ALL_PLANS, NO_YEAR, UNKNOWN_ROLE, EmpactModel, _marks, _role_chip
from .svg import INK, MUTED, RULE, ZEBRA, _n, el, text, text_width

TABLE_ROW, GRID_ROW = 16.0, 16.0
SECTION = "EMPACT"


def table_1_sheets(sheets: list[Sheet], m: EmpactModel, cite) -> None:
    """Table 1: the priorities of the cycle, as the report prints it, with its source."""
    f = Flow(sheets, "EMPACT: Table 1", bookmark="EMPACT: Table 1")
    f.heading(m.title, H1, 2, css="figure-title")
    sources = " ".join(sorted({s for p in m.priorities for s in p.source.split()}))
    f.paragraph(f"Table 1. Priorities in {m.cycle.cycle_label}" + (f" (source: {cite(sources)})" if sources else ""),
                BODY + 2, INK, bold=True, css="table-caption")
    cols = [("No.", 36, "no"), ("Name", f.width - 36 - 110 - 70, "name"), ("Abbreviation", 110, "abbreviation"),
            ("OAP No.", 70, "oap")]

    def header(x, y):
        parts = [el("rect", x=_n(x), y=_n(y), width=_n(f.width), height=TABLE_ROW, fill="#e4e9ef")]
        cx = x
        for label, w, _ in cols:
            parts.append(text(cx + 5, y + 11.5, label, BODY + 0.5, True))
            cx += w
        return parts

    f.place(TABLE_ROW, header)
    f.repeat = (TABLE_ROW, header)
    for i, p in enumerate(m.priorities):
        def row(x, y, p=p, i=i):
            parts = [el("rect", x=_n(x), y=_n(y), width=_n(f.width), height=TABLE_ROW, fill=ZEBRA)] if i % 2 else []
            cx, cells = x, []
            for _, w, key in cols:
                cells.append(text(cx + 5, y + 11.5, getattr(p, key), BODY + 0.5, key == "abbreviation"))
                cx += w
            return parts + [el("g", "".join(cells), class_="priority", data_no=p.no)]
        f.place(TABLE_ROW, row)
    f.repeat = None
    f.place(6, lambda x, y: [el("line", x1=_n(x), y1=_n(y), x2=_n(x + f.width), y2=_n(y), stroke=RULE)])


def involvement_sheets(sheets: list[Sheet], m: EmpactModel, cite) -> None:
    """Each agency's involvement in the plans of the cycle, a grid per agency; a line for those without data."""
    f = Flow(sheets, "EMPACT: involvement by agency", landscape=True, bookmark="EMPACT: involvement by agency")
    f.place(H1 * LINE, lambda x, y: [text(x, y + H1, "EMPACT: each agency's involvement", H1, True)])
    f.paragraph(f"{m.cycle.cycle_label}: each agency's role in the operational action plans where a public source "
                f"gives it; an empty cell means that no source was found, not that the agency took no part.", BODY, MUTED)
    legend(f, m)
    columns = [*m.abbreviations, ALL_PLANS]
    label_w = 62.0
    cell_w = (f.width - label_w) / len(columns)
    for a in m.agencies:
        fig = m.figures.get(a.agency)
        if not fig:
            f.paragraph(f"{a.agency} ({a.name}): no sourced data on its involvement in EMPACT was found.", BODY, MUTED,
                        css="no-data")
            continue
        sources = " ".join(sorted({s for cell in fig.cells.values() for r in cell for s in r.source.split()}
                                  | {s for r in fig.outside for s in r.source.split()}))
        rows = list(m.years) + ([NO_YEAR] if any(k[0] == NO_YEAR for k in fig.cells) else [])
        letters, notes = _marks(), []
        grid: list[list[list[tuple]]] = []
        for year in rows:
            line = []
            for col in columns:
                chips = []
                for r in fig.cells.get((year, col), ()):
                    mark = next(letters) if r.count else ""
                    if mark:
                        notes.append(f"{mark}: {year}, {col}: {r.count}")
                    chips.append((m.roles.get(r.role, UNKNOWN_ROLE), mark, f"{a.agency}, {year}, {col}: {r.role}"))
                line.append(_lines(chips, cell_w - 4))
            grid.append(line)
        notes += [f"Outside {m.cycle.cycle_label}: {r.year or 'no year'}{', ' + r.priority if r.priority else ''}, "
                  f"{(r.role or 'role not given').lower()}{'; ' + r.count if r.count else ''}" for r in fig.outside]
        height = 18 + GRID_ROW + sum(GRID_ROW * max([len(c) for c in row] + [1]) for row in grid)
        f.space(6)
        f.place(height, _figure(a, fig.records, columns, rows, grid, label_w, cell_w))
        for note in notes:
            f.paragraph(note, SMALL, INK, indent=4, css="count-note")
        f.paragraph(f"Sources: {cite(sources)}.", SMALL, MUTED, indent=4)


def legend(f: Flow, m: EmpactModel) -> None:
    def draw(x, y):
        parts = [text(x, y + 10, "Role in the plan", BODY, True)]
        lx = x + 80
        for label, s in [*m.roles.items(), ("Role not given by the source", UNKNOWN_ROLE)]:
            chip, w = _role_chip(lx, y, s.code, s.colour, label)
            parts += [chip, text(lx + w + 4, y + 9.5, label, BODY)]
            lx += w + 4 + text_width(label, BODY) + 14
        parts.append(text(x + 80, y + 26, "Small letters a, b, ... point to the counts listed under each figure.",
                          BODY, False, MUTED))
        return parts
    f.place(36, draw)


def _figure(a, records, columns, rows, grid, label_w, cell_w):
    def draw(x, y):
        parts = [text(x, y + 12, a.agency, H1 - 3, True, INK, class_="figure-title", data_agency=a.agency),
                 text(x + text_width(a.agency, H1 - 3, True) + 7, y + 12, f"{a.name}: {records} sourced records",
                      BODY, False, MUTED)]
        y += 18
        width = label_w + cell_w * len(columns)
        parts += [el("rect", x=_n(x), y=_n(y), width=_n(width), height=GRID_ROW, fill="#e4e9ef"),
                  text(x + 4, y + 11, "Year", BODY, True)]
        for i, col in enumerate(columns):
            size = MIN_FONT if text_width(col, BODY, True) > cell_w - 2 else BODY
            parts.append(text(x + label_w + i * cell_w + cell_w / 2, y + 11, col, size, True, anchor="middle"))
        y += GRID_ROW
        for ri, (year, line) in enumerate(zip(rows, grid)):
            h = GRID_ROW * max([len(c) for c in line] + [1])
            if ri % 2:
                parts.append(el("rect", x=_n(x), y=_n(y), width=_n(width), height=_n(h), fill=ZEBRA))
            parts.append(text(x + 4, y + 11, year if year != NO_YEAR else "no year given", BODY))
            for i, cell in enumerate(line):
                for li, chips in enumerate(cell):
                    used = sum(w for *_, w in chips) + 3 * (len(chips) - 1)
                    cx = x + label_w + i * cell_w + (cell_w - used) / 2
                    for s, mark, tip, w in chips:
                        parts.append(_role_chip(cx, y + 2 + li * GRID_ROW, s.code, s.colour, tip, mark)[0])
                        cx += w + 3
            y += h
        parts.append(el("line", x1=_n(x), y1=_n(y), x2=_n(x + width), y2=_n(y), stroke=RULE))
        return parts
    return draw


__all__ = ["involvement_sheets", "table_1_sheets"]


def _lines(chips: list[tuple], width: float) -> list[list[tuple]]:
    """Role chips (style, mark, tooltip) with their widths, wrapped into lines no wider than `width`."""
    lines: list[list[tuple]] = []
    used = 0.0
    for s, mark, tip in chips:
        w = _role_chip(0, 0, s.code, s.colour, "")[1] + (text_width(mark, 7.5, True) + 1.5 if mark else 0)
        if not lines or used + 3 + w > width:
            lines.append([])
            used = -3
        lines[-1].append((s, mark, tip, w))
        used += 3 + w
    return lines
