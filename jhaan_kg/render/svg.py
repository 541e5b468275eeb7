"""A small SVG toolkit for the infographics: elements, text measured with cairo, wrapping, an A4 page.

Both figures are laid out for an A4 page (210 x 297 mm, 794 x 1123 CSS pixels). Colour is never the only
signal: each instrument type has its letters, each status its outline.

>>> code_for("memorandum-of-understanding"), code_for("working-arrangement")
('MoU', 'WA')
"""

from __future__ import annotations

import datetime
import html
import unicodedata
from functools import lru_cache

from ..namespaces import SVG

PAGE_W, PAGE_H = 794, 1123          # A4 in CSS pixels (96 per inch)
MARGIN = 28
FONT = "DejaVu Sans Condensed"      # cairosvg uses the first family; browsers fall back to the others
FONT_STACK = f"'{FONT}', 'Arial Narrow', Arial, sans-serif"
INK, MUTED, RULE, ZEBRA = "#1b2631", "#5d6d7e", "#aab7c4", "#f2f4f7"
# Paul Tol's "muted" scheme: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499")
ROLE_PALETTE = ("#882255", "#AA4499", "#332288", "#88CCEE", "#44AA99", "#DDCC77")


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
        head = (f'<svg xmlns="{SVG}" width="210mm" height="297mm" '
                f'viewBox="{_n(x0)} 0 {_n(view_w)} {_n(view_h)}" role="img" aria-labelledby="svg-title svg-desc" '
                f'font-family="{html.escape(FONT_STACK, quote=True)}">')
        body = [el("title", html.escape(self.title), id="svg-title"), el("desc", html.escape(self.description), id="svg-desc"),
                f"<defs>{defs}</defs>" if defs else "",
                el("rect", x=_n(x0), y=0, width=_n(view_w), height=_n(view_h), fill="#ffffff")]
        return "\n".join([head, *body, *self.parts, "</svg>"]) + "\n"


def draw_heading(page: "Page", title: str, y: float, subtitle: str, subtitle_size: float) -> float:
    """The page title (wrapped) and a one-line subtitle under it, from `y`; returns the subtitle's baseline."""
    for line in wrap(title, PAGE_W - 2 * MARGIN, 15, True):
        page.add(text(MARGIN, y, line, 15, True))
        y += 18
    page.add(text(MARGIN, y, subtitle, subtitle_size, False, MUTED))
    return y

