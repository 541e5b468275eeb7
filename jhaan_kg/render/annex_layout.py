"""Printed pages for the annex: A4 sheets in points, a running header and a page number on each, and a flow
that places blocks one under another, starting a new sheet (and repeating a table's header) when the next
block does not fit.

Units are PostScript points (1/72 inch): a sheet's SVG is 210 x 297 mm (or 297 x 210 mm) with a viewBox in
points, so a font size in the SVG is its printed size. Nothing on a sheet is smaller than MIN_FONT.

>>> sheet = Sheet("Section", landscape=True)
>>> round(sheet.width), round(sheet.height)
(842, 595)
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Callable

from ..namespaces import SVG
from .svg import FONT_STACK, INK, MUTED, RULE, _n, el, text, wrap

A4_W, A4_H = 595.28, 841.89  # points
MARGIN, HEADER_Y, FOOTER_GAP = 36.0, 24.0, 20.0
MIN_FONT, BODY, SMALL, H1, H2 = 7.0, 8.5, 7.5, 15.0, 11.0
LINE = 1.28  # line height, as a multiple of the font size


@dataclass
class Link:
    """A web address on a sheet: the box of its text (points, from the top left) and where it leads."""

    x0: float
    y0: float
    x1: float
    y1: float
    url: str


@dataclass
class Sheet:
    """One printed page: its running header, its parts (SVG), the bookmark it opens, its links."""

    section: str
    landscape: bool = False
    parts: list[str] = field(default_factory=list)
    bookmark: str = ""
    links: list[Link] = field(default_factory=list)

    @property
    def width(self) -> float:
        return A4_H if self.landscape else A4_W

    @property
    def height(self) -> float:
        return A4_W if self.landscape else A4_H

    def svg(self, number: int, total: int, running: str) -> str:
        """The sheet as SVG, with the running header (`running` left, the section right) and 'page n of N'."""
        w, h = self.width, self.height
        size = 'width="297mm" height="210mm"' if self.landscape else 'width="210mm" height="297mm"'
        frame = [el("rect", x=0, y=0, width=_n(w), height=_n(h), fill="#ffffff")]
        if number > 1:
            frame += [text(MARGIN, HEADER_Y, running, SMALL, False, MUTED, class_="running-header"),
                      text(w - MARGIN, HEADER_Y, self.section, SMALL, False, MUTED, "end", class_="running-header"),
                      el("line", x1=_n(MARGIN), y1=_n(HEADER_Y + 4), x2=_n(w - MARGIN), y2=_n(HEADER_Y + 4),
                         stroke=RULE, stroke_width=0.5)]
        frame.append(text(w / 2, h - FOOTER_GAP, f"Page {number} of {total}", SMALL, False, MUTED, "middle",
                          class_="page-number"))
        head = (f'<svg xmlns="{SVG}" {size} viewBox="0 0 {_n(w)} {_n(h)}" '
                f'font-family="{html.escape(FONT_STACK, quote=True)}">')
        return "\n".join([head, *frame, *self.parts, "</svg>"]) + "\n"


Draw = Callable[[float, float], list[str]]  # the parts of a block whose top-left corner is (x, y)


class Flow:
    """Blocks placed one under another on sheets of one kind; a new sheet when the next block does not fit.

    `repeat` (height, draw) is drawn at the top of every sheet the flow opens after the first one, such as
    the header row of a table that runs over several pages."""

    def __init__(self, sheets: list[Sheet], section: str, landscape: bool = False, bookmark: str = "",
                 new_sheet: bool = True):
        self.sheets, self.section, self.landscape = sheets, section, landscape
        self.repeat: tuple[float, Draw] | None = None
        if new_sheet or not sheets or sheets[-1].landscape != landscape:
            self._open(bookmark)
        else:
            self.y = getattr(sheets[-1], "_y", MARGIN + 14)
            if bookmark:
                sheets[-1].bookmark = sheets[-1].bookmark or bookmark

    @property
    def sheet(self) -> Sheet:
        return self.sheets[-1]

    @property
    def width(self) -> float:
        return self.sheet.width - 2 * MARGIN

    @property
    def bottom(self) -> float:
        return self.sheet.height - MARGIN - 8

    def _open(self, bookmark: str = "") -> None:
        self.sheets.append(Sheet(self.section, self.landscape, bookmark=bookmark))
        self.y = MARGIN + 14

    def place(self, height: float, draw: Draw) -> float:
        """Place a block `height` points tall; returns the y it was drawn at."""
        if self.y + height > self.bottom and self.y > MARGIN + 14 + (self.repeat[0] if self.repeat else 0) + 0.5:
            self._open()
            if self.repeat:
                self.sheet.parts.extend(self.repeat[1](MARGIN, self.y))
                self.y += self.repeat[0]
        top = self.y
        self.sheet.parts.extend(draw(MARGIN, top))
        self.y += height
        self.sheet._y = self.y  # where a flow that continues this sheet starts
        return top

    def space(self, height: float) -> None:
        self.y += height

    def heading(self, words: str, size: float = H2, after: float = 6, css: str = "heading") -> None:
        """A heading (wrapped to the width), kept with at least a few lines of what follows."""
        lines = wrap(words, self.width, size, True)
        if self.y + size * (3 + len(lines)) > self.bottom:
            self._open()
        self.place(len(lines) * size * LINE + after, lambda x, y: [
            text(x, y + size + i * size * LINE, line, size, True, INK, class_=css) for i, line in enumerate(lines)])

    def paragraph(self, words: str, size: float = BODY, fill: str = INK, indent: float = 0, bold: bool = False,
                  css: str | None = None, width: float | None = None) -> None:
        """Words wrapped to the flow's width, line by line (a paragraph may run over to the next sheet)."""
        for line in wrap(words, (width or self.width) - indent, size, bold):
            self.place(size * LINE, lambda x, y, line=line: [text(x + indent, y + size, line, size, bold, fill,
                                                                  class_=css)])
        self.y += size * 0.5

    def link(self, x0: float, y0: float, x1: float, y1: float, url: str) -> None:
        self.sheet.links.append(Link(x0, y0, x1, y1, url))


def numbered_lines(number: str, words: str, width: float, size: float = BODY, gap: float = 16) -> tuple[float, Draw]:
    """A block: a number or mark in the margin, the words wrapped beside it."""
    lines = wrap(words, width - gap, size)

    def draw(x: float, y: float) -> list[str]:
        parts = [text(x, y + size, number, size, True, INK, class_="mark")]
        parts += [text(x + gap, y + size + i * size * LINE, line, size) for i, line in enumerate(lines)]
        return parts

    return len(lines) * size * LINE + 2, draw
