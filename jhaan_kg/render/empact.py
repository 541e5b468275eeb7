"""The EMPACT infographic: Table 1 of the policy cycle and each agency's involvement, as SVG."""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Mapping

from ..errors import InputError
from .results import Agency, Results
from .svg import (INK, MARGIN, MUTED, PAGE_W, ROLE_PALETTE, RULE, ZEBRA, Page, _n, code_for, draw_heading, el, ink_on,
                  text, text_width, wrap)

# The report prints the EMPACT figures in this order; agencies not named follow in the query's order.
EMPACT_FIGURE_ORDER = ("Europol", "Eurojust", "Frontex", "CEPOL", "eu-LISA", "EMCDDA")
ALL_PLANS = "all OAPs"  # the column of records that name no priority
NO_YEAR = "year not given"  # the line of records that name no year


@dataclass(frozen=True)
class Cycle:
    """A row of infographic-empact-cycle: the policy cycle drawn."""

    infographic_title: str
    cycle_label: str
    start_year: str
    end_year: str


@dataclass(frozen=True)
class Priority:
    """A row of empact-priorities: one line of Table 1."""

    no: str
    name: str
    abbreviation: str
    oap: str
    source: str = ""  # source IRIs, space-separated


@dataclass(frozen=True)
class Involvement:
    """A row of empact-involvement: an agency's role in a plan, or a count, as a source gives it."""

    year: str
    agency: str
    priority: str  # the priority's abbreviation; "" for all plans of the year
    role: str
    count: str
    source: str  # source URLs, space-separated


@dataclass(frozen=True)
class RoleStyle:
    """How a role is drawn: its letters and colour ("" for a role the source does not give)."""

    code: str
    colour: str
    notation: str = ""


UNKNOWN_ROLE = RoleStyle("?", "")


@dataclass(frozen=True)
class AgencyFigure:
    """One agency's figure: its records by (year, column), those outside the cycle, how many in all."""

    cells: Mapping[tuple[str, str], tuple[Involvement, ...]]
    outside: tuple[Involvement, ...]
    records: int


@dataclass(frozen=True)
class EmpactModel:
    """The EMPACT figures as data, from query rows only: what the SVG and the HTML page both show."""

    cycle: Cycle
    priorities: tuple[Priority, ...]
    abbreviations: tuple[str, ...]
    roles: Mapping[str, RoleStyle]  # by label, in the query's order
    years: tuple[str, ...]
    agencies: tuple[Agency, ...]  # in the order of the figures
    figures: Mapping[str, AgencyFigure]  # by agency acronym, for the agencies with records
    involvements: tuple[Involvement, ...]
    source_titles: Mapping[str, str]

    @property
    def title(self) -> str:
        return self.cycle.infographic_title or "EMPACT"


def empact_model(results: Results) -> EmpactModel:
    """The EMPACT figures as data, from the results of EMPACT_QUERIES."""
    cycles = results.records("infographic-empact-cycle", Cycle)
    if not cycles:
        raise InputError("graph", "no EMPACT policy cycle with a start and an end year (by default "
                                  "empact:cycle-2022-2025), so the EMPACT infographic cannot be drawn")
    cycle = cycles[0]
    priorities = results.records("empact-priorities", Priority)
    abbreviations = tuple(p.abbreviation for p in priorities)
    roles = results.rows("infographic-empact-roles")
    role_style = {r["label"]: RoleStyle(code_for(r["notation"]), ROLE_PALETTE[i % len(ROLE_PALETTE)], r["notation"])
                  for i, r in enumerate(roles)}
    start, end = int(cycle.start_year), int(cycle.end_year)
    years = tuple(str(y) for y in range(start, end + 1))
    agencies = results.records("infographic-agencies", Agency)
    rank = {a: i for i, a in enumerate(EMPACT_FIGURE_ORDER)}
    ordered = tuple(sorted(agencies, key=lambda a: rank.get(a.agency, len(rank))))
    involvements = results.records("empact-involvement", Involvement)
    cells: dict[str, dict[tuple[str, str], list[Involvement]]] = {}
    outside: dict[str, list[Involvement]] = {}
    for row in involvements:
        in_cycle = row.year in years or (row.year == "" and row.priority in abbreviations)
        cells.setdefault(row.agency, {})
        outside.setdefault(row.agency, [])
        if not in_cycle:
            outside[row.agency].append(row)
            continue
        year = row.year or NO_YEAR
        column = row.priority if row.priority in abbreviations else ALL_PLANS
        cells[row.agency].setdefault((year, column), []).append(row)
    figures = {agency: AgencyFigure({k: tuple(v) for k, v in by_cell.items()}, tuple(outside[agency]),
                                    sum(len(v) for v in by_cell.values()) + len(outside[agency]))
               for agency, by_cell in cells.items()}
    return EmpactModel(cycle, priorities, abbreviations, role_style, years, ordered, figures, involvements,
                       results.source_titles())


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
    cycle = m.cycle
    title = m.title
    page = Page(title, f"Table 1, the {len(m.priorities)} priorities of {cycle.cycle_label}, and each agency's "
                       f"involvement in the operational action plans where a public source gives it.")
    x0, width = MARGIN, PAGE_W - 2 * MARGIN
    y = draw_heading(page, title, MARGIN + 15, f"{cycle.cycle_label}: the priorities (Table 1) and each agency's "
                     f"involvement where a public source gives it; see the note at the bottom on how complete this is.",
                     8.8)
    y += 22

    # Table 1
    page.add(text(x0, y, f"Table 1. Priorities in {cycle.cycle_label}", 10.5, True))
    y += 6
    cols = [("No.", 40, "no"), ("Name", width - 40 - 130 - 80, "name"), ("Abbreviation", 130, "abbreviation"),
            ("OAP No.", 80, "oap")]
    page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=_n(TABLE_ROW), fill="#e4e9ef"))
    cx = x0
    for label, w, _ in cols:
        page.add(text(cx + 5, y + TABLE_ROW - 4.5, label, TABLE_FONT, True))
        cx += w
    y += TABLE_ROW
    for i, p in enumerate(m.priorities):
        if i % 2:
            page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=_n(TABLE_ROW), fill=ZEBRA))
        cx = x0
        cells = []
        for _, w, key in cols:
            cells.append(text(cx + 5, y + TABLE_ROW - 4.5, getattr(p, key), TABLE_FONT, key == "abbreviation"))
            cx += w
        page.add(el("g", "".join(cells), class_="priority", data_no=p.no))
        y += TABLE_ROW
    page.add(el("line", x1=_n(x0), y1=_n(y), x2=_n(x0 + width), y2=_n(y), stroke=RULE))
    y += 24

    # legend of roles
    page.add(text(x0, y + 9, "Role in the plan", 9, True))
    lx = x0 + 92
    for label, s in [*m.roles.items(), ("Role not given by the source", UNKNOWN_ROLE)]:
        chip, w = _role_chip(lx, y, s.code, s.colour, label)
        page.add(chip, text(lx + w + 4, y + 9, label, 8.8))
        lx += w + 4 + text_width(label, 8.8) + 16
    y += 17
    page.add(text(x0 + 92, y + 9, "Small letters a, b, ... point to the counts listed under each figure.", 8.8, False,
                  MUTED))
    y += 34

    # one figure per agency with data; a line for each agency without
    columns = [*m.abbreviations, ALL_PLANS]
    label_w = 74
    cell_w = (width - label_w) / len(columns)
    for n, a in enumerate(m.agencies):
        fig = m.figures.get(a.agency)
        if not fig:
            figure_next = n + 1 < len(m.agencies) and m.agencies[n + 1].agency in m.figures
            page.add(text(x0, y, a.agency, 10, True, class_="no-data", data_agency=a.agency),
                     text(x0 + text_width(a.agency, 10, True) + 6, y, f"({a.name}): no sourced data on its "
                          f"involvement in EMPACT was found.", 9, False, MUTED))
            y += 24 if figure_next else 17
            continue
        page.add(text(x0, y, a.agency, 11.5, True, class_="figure-title", data_agency=a.agency),
                 text(x0 + text_width(a.agency, 11.5, True) + 7, y, f"{a.name}: {fig.records} sourced records",
                      9, False, MUTED))
        y += 6
        page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=_n(FIGURE_ROW), fill="#e4e9ef"))
        page.add(text(x0 + 4, y + FIGURE_ROW - 4.5, "Year", 8.4, True))
        for i, col in enumerate(columns):
            page.add(text(x0 + label_w + i * cell_w + cell_w / 2, y + FIGURE_ROW - 4.5, col, 7.4, True, anchor="middle"))
        y += FIGURE_ROW
        rows = list(m.years) + ([NO_YEAR] if any(k[0] == NO_YEAR for k in fig.cells) else [])
        letters = _marks()
        notes = []
        for ri, year in enumerate(rows):
            if ri % 2:
                page.add(el("rect", x=_n(x0), y=_n(y), width=_n(width), height=_n(FIGURE_ROW), fill=ZEBRA))
            page.add(text(x0 + 4, y + FIGURE_ROW - 4.5, year if year != NO_YEAR else "no year given", 8.6))
            for i, col in enumerate(columns):
                chips = []
                records = fig.cells.get((year, col), ())
                for r in records[:CELL_CHIPS]:
                    s = m.roles.get(r.role, UNKNOWN_ROLE)
                    mark = next(letters) if r.count else ""
                    if mark:
                        notes.append(f"{mark}   {year}, {col}: {r.count}")
                    tip = f"{a.agency}, {year}, {col}: {r.role or 'role not given'}" + (f"; {r.count}" if r.count else "")
                    chips.append((s, mark, tip))
                widths = [_role_chip(0, 0, s.code, s.colour, "", mark)[1] + (7 if mark else 0) for s, mark, _ in chips]
                cx = x0 + label_w + i * cell_w + (cell_w - sum(widths) - 3 * (len(chips) - 1)) / 2
                for (s, mark, tip), w in zip(chips, widths):
                    page.add(_role_chip(cx, y + (FIGURE_ROW - ROLE_H) / 2, s.code, s.colour, tip, mark)[0])
                    cx += w + 3
                if len(records) > CELL_CHIPS:  # a crowded cell says how many more (the HTML page lists all)
                    page.add(text(cx, y + FIGURE_ROW - 4.5, f"+{len(records) - CELL_CHIPS}", 7.4, False, MUTED))
            y += FIGURE_ROW
        page.add(el("line", x1=_n(x0), y1=_n(y), x2=_n(x0 + width), y2=_n(y), stroke=RULE))
        y += 12
        for r in fig.outside:
            notes.append(f"Outside {cycle.cycle_label}: {r.year or 'no year'}"
                         f"{', ' + r.priority if r.priority else ''}, {(r.role or 'role not given').lower()}"
                         f"{'; ' + r.count if r.count else ''}")
        if len(notes) > FIGURE_NOTES:
            notes = notes[:FIGURE_NOTES - 1] + [f"... and {len(notes) - FIGURE_NOTES + 1} more notes (all in empact.html)"]
        for note in notes:
            page.add(text(x0 + 4, y, note, 8.6, False, INK, class_="count-note"))
            y += 11
        y += 16

    agencies_with = [a for a in m.agencies if a.agency in m.figures]
    records = ", ".join(f"{a.agency} {m.figures[a.agency].records}" for a in agencies_with)
    without = ", ".join(a.agency for a in m.agencies if a.agency not in m.figures)
    note = (f"Completeness. Sourced involvement records: {records or 'none'}; none for {without or 'no agency'}. Table 1 "
            f"is complete, but the EMPACT involvement data is sparse: it is rebuilt from public sources (the report's "
            f"section 9.4, annual reports and news items), and an empty cell means that no source was found, not that "
            f"the agency took no part. Coverage and every source: the page sources.html beside this figure.")
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


