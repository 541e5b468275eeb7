"""The RELEX figure as data, from query rows only: what the SVG, the HTML page and the annex all show.

`relex_model(results)` groups the rows of relex-matrix by region and counterpart, gives each instrument its
chip, keeps only the footnotes that apply on the day drawn (a footnote attached to nothing applies to the
whole figure; one attached to an agency, a counterpart, a legend entry or a status change applies only where
something drawn carries it), and gathers the figure's own notes, lettered: a counterpart that joined the EU
while an instrument with it is still drawn as in effect, where no source says what became of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from .results import Agency, Results
from .svg import PALETTE, _sort_key, code_for, ink_on, long_date, text_width

ORGANISATIONS_HEADING = "International organisations and other bodies"
DEFAULT_TITLE = "Cooperation instruments"
# How draw_chip shows each status (the HTML legend says it in words).
STATUS_CUES = {"active": "filled with the type's colour", "on-hold": "white with a dashed outline",
               "suspended": "white with a solid outline, struck through diagonally",
               "superseded": "pale, struck through", "terminated": "pale with a dotted outline, struck through"}
DATE_NOT_KNOWN_CUE = "the type's letters followed by a question mark"
DATE_NOT_KNOWN_LABEL = "Signature date not known: it may not yet have existed on this date"

CHIP_FONT, CHIP_H, LINE_H, NOTE_FONT = 7.2, 10, 12.5, 5.6


@dataclass(frozen=True)
class Chip:
    """One instrument in a cell: its type's letters and colour, its status, its footnotes and notes."""

    code: str
    colour: str
    status: str
    footnotes: str  # footnote numbers and note letters, space-separated
    tooltip: str
    type: str
    agency: str = ""
    counterpart: str = ""
    signed: str = ""
    date_not_known: bool = False  # drawn with a question mark: it may postdate the day drawn

    @property
    def letters(self) -> str:
        return self.code + ("?" if self.date_not_known else "")

    @property
    def width(self) -> float:
        return text_width(self.letters, CHIP_FONT, True) + 5

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
    date_not_known: str  # "yes" when the signature date is unknown and the date drawn is before today
    joined_eu: str  # the day the counterpart joined the EU, when by the date and the instrument is in effect


@dataclass(frozen=True)
class Footnote:
    """A row of relex-footnotes: a numbered note of the figure."""

    number: str
    text: str
    infographic_title: str
    applies_to: str
    source: str = ""  # source IRIs, space-separated


@dataclass(frozen=True)
class Note:
    """A note of the figure's own (not one of the report's footnotes), marked by a letter."""

    mark: str
    text: str


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
    column_totals: Mapping[str, int]  # entries by agency acronym
    rows: tuple[MatrixRow, ...]
    footnotes: tuple[Footnote, ...]  # those that apply on the day drawn
    source_titles: Mapping[str, str]
    notes: tuple[Note, ...] = ()

    @property
    def day(self) -> str:
        return long_date(self.as_of)

    @property
    def instruments(self) -> int:
        return len({r.instrument for r in self.rows})

    @property
    def shared(self) -> int:
        """Instruments drawn in more than one row (several counterparts)."""
        seen: dict[str, int] = {}
        for r in self.rows:
            seen[r.instrument] = seen.get(r.instrument, 0) + 1
        return sum(1 for n in seen.values() if n > 1)

    @property
    def countries(self) -> int:
        return len({r.counterpart for r in self.rows if r.counterpart_kind == "country"})

    @property
    def organisations(self) -> int:
        return len({r.counterpart for r in self.rows if r.counterpart_kind != "country"})

    @property
    def dates_not_known(self) -> int:
        return len({r.instrument for r in self.rows if r.date_not_known})

    def totals_sentence(self) -> str:
        """What the totals count, in words, with the numbers of this figure."""
        entries, n = len(self.rows), self.instruments
        if entries == n:
            return (f"Totals count the instruments drawn, whatever their status: {n} instruments, each in one row "
                    f"and one agency column.")
        return (f"Totals count entries, whatever their status: {entries} entries for {n} instruments, because "
                f"{self.shared} instrument{'s' if self.shared != 1 else ''} with several counterparts "
                f"{'are' if self.shared != 1 else 'is'} drawn once in the row of each counterpart.")

    def by_region(self) -> dict[str, int]:
        """Entries by region (the matrix's groups: a region, other countries, or the organisations)."""
        return {g.label: sum(c.total for c in g.rows) for g in self.groups}

    def by_type(self) -> dict[str, int]:
        """Entries by instrument type, by notation, in legend order."""
        counts: dict[str, int] = {}
        for r in sorted(self.rows, key=lambda r: list(self.styles).index(r.type) if r.type in self.styles else 99):
            counts[r.type] = counts.get(r.type, 0) + 1
        return counts

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


def accession_notes(matrix: tuple[MatrixRow, ...]) -> dict[tuple[str, str], Note]:
    """A lettered note per counterpart that had joined the EU by the date while an instrument with it is
    still drawn as in effect (no source says what became of it on accession), by (counterpart, agency)."""
    found: dict[str, Note] = {}
    by_cell: dict[tuple[str, str], Note] = {}
    for row in sorted(matrix, key=lambda r: (_sort_key(r.counterpart_label), r.agency)):
        if not row.joined_eu:
            continue
        if row.counterpart not in found:
            mark = "abcdefghijklmnopqrstuvwxyz"[len(found) % 26]
            found[row.counterpart] = Note(mark, f"{row.counterpart_name} joined the EU on {long_date(row.joined_eu)}. "
                                                f"No public source was found on what became of the instrument marked "
                                                f"{mark} on accession, so it is drawn as last recorded.")
        by_cell[(row.counterpart, row.instrument)] = found[row.counterpart]
    return by_cell


def relex_model(results: Results) -> RelexModel:
    """The RELEX figure as data: groups of counterparts, chips per cell, totals. Only query rows go in."""
    legend = results.rows("relex-legend")
    styles = type_styles(legend)
    statuses = {r["notation"]: Status(r["notation"], r["label"], r["definition"]) for r in legend if r["kind"] == "status"}
    agencies = results.records("infographic-agencies", Agency)
    matrix = results.records("relex-matrix", MatrixRow)
    footnotes = results.records("relex-footnotes", Footnote)
    notes = accession_notes(matrix)
    order = {n: i for i, n in enumerate(styles)}
    counterparts: dict[str, tuple[MatrixRow, dict[str, list[ChipEntry]]]] = {}
    for row in matrix:
        _, cells = counterparts.setdefault(row.counterpart, (row, {}))  # the counterpart as its first row gives it
        style = _style_of(styles, row.type)
        status = statuses[row.status].label if row.status in statuses else row.status
        since = f" since {row.status_since}" if row.status_since else ""
        note = notes.get((row.counterpart, row.instrument))
        marks = " ".join(filter(None, [row.footnotes, note.mark if note else ""]))
        refs = f" (note {marks})" if marks else ""
        signed = row.signed or ("date not known: it may not yet have existed then" if row.date_not_known
                                else "date not known")
        tooltip = f"{row.agency} and {row.counterpart_label}: {style.label}, signed {signed}; {status.lower()}{since}{refs}"
        chip = Chip(style.code, style.colour, row.status, marks, tooltip, row.type, row.agency, row.counterpart_label,
                    row.signed, bool(row.date_not_known))
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
    drawn = _marks_drawn(agencies, matrix, styles)
    applying = tuple(f for f in footnotes if not f.applies_to or f.number in drawn)
    lettered = tuple({n.mark: n for n in notes.values()}.values())
    return RelexModel(title, results.as_of, styles, statuses, agencies, ordered, column_totals, matrix, applying,
                      results.source_titles(), lettered)


def _marks_drawn(agencies, matrix, styles) -> set[str]:
    """The footnote numbers something drawn carries: agencies, counterparts, legend entries, instruments."""
    marks = {n for a in agencies for n in a.footnotes.split()}
    marks |= {n for r in matrix for n in (r.footnotes + " " + r.counterpart_footnotes).split()}
    marks |= {n for s in styles.values() for n in s.footnotes.split()}
    return marks


def _style_of(styles: Mapping[str, TypeStyle], notation: str) -> TypeStyle:
    """The style of a type, or a grey one with the notation as label when the legend lacks it."""
    return styles.get(notation) or TypeStyle(notation, code_for(notation), "#777777", notation)
