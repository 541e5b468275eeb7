"""A network view as SVG, from the positions of `network` and the status of each instrument on one day.

The RELEX view shows what relex-matrix gives for the day: an edge is drawn when one of its instruments is
signed by then, in the colour of its type; solid while one of them is active, dashed when on hold, dashed
in dark ink when suspended, dotted grey when superseded or terminated. The agencies view draws every
link, as wide as the evidence behind it.
"""

from __future__ import annotations

import html
import math

from ..namespaces import SVG
from .network import NetworkView
from .svg import FONT_STACK, INK, MUTED, _n, el, text

MARGIN = 60
STROKES = {"active": {}, "on-hold": {"stroke_dasharray": "6 3"},
           "suspended": {"stroke_dasharray": "6 3", "stroke": INK},
           "superseded": {"stroke_dasharray": "1.5 3", "stroke": "#aab7c4"},
           "terminated": {"stroke_dasharray": "1.5 3", "stroke": "#aab7c4"}}
RANK = ["active", "on-hold", "suspended", "superseded", "terminated"]


def edge_status(statuses: list[str]) -> str:
    """The status an edge is drawn with: that of its most active instrument.

    >>> edge_status(["terminated", "on-hold"]), edge_status(["superseded", "active"])
    ('on-hold', 'active')
    """
    return min(statuses, key=lambda s: RANK.index(s) if s in RANK else len(RANK))


def draw_network(view: NetworkView, statuses: dict[tuple[str, str], str] | None = None) -> str:
    """The view as an SVG document. `statuses` maps (instrument IRI, counterpart IRI) to the status
    notation on the day drawn (relex-matrix's rows for that day); instruments not in it are not drawn yet."""
    nodes = {n.id: n for n in view.nodes}
    type_colour = {t["notation"]: t["colour"] for t in view.legend.get("types", [])}
    lines, shown = [], {n.id for n in view.nodes if n.kind == "agency"}
    for edge in view.edges:
        a, b = nodes[edge.source], nodes[edge.target]
        if view.view == "relex":
            found = [statuses[key] for key in ((view.items[i]["iri"], b.iri) for i in edge.items) if key in (statuses or {})]
            if not found:
                continue
            style = {"stroke": type_colour.get(edge.kind, MUTED), "stroke_width": 1.4, **STROKES.get(edge_status(found), {})}
            title = f"{a.label} and {b.label}: {len(found)} {edge.kind.replace('-', ' ')}"
        else:
            style = {"stroke": MUTED, "stroke_width": _n(0.6 + math.sqrt(len(edge.items)) / 1.5), "stroke_opacity": 0.7}
            title = f"{a.label} and {b.label}: {len(edge.items)} shared items"
        shown |= {a.id, b.id}
        lines.append(el("line", el("title", html.escape(title)), x1=_n(a.x), y1=_n(a.y), x2=_n(b.x), y2=_n(b.y),
                        **style, class_="edge", data_kind=edge.kind, data_from=a.label, data_to=b.label))
    circles = []
    for node in view.nodes:
        if node.id not in shown:
            continue
        size = node.size * (1.6 if node.kind == "agency" else 1)
        if node.kind == "agency":
            label = text(node.x, node.y - size / 2 - 3, node.label, 9, True, INK, "middle")
        else:  # outside the ring, away from the centre
            angle = math.atan2(node.y, node.x)
            dx, dy = math.cos(angle), math.sin(angle)
            anchor = "start" if dx > 0.2 else "end" if dx < -0.2 else "middle"
            label = text(node.x + dx * (size / 2 + 3), node.y + dy * (size / 2 + 3) + 2.2, node.label, 6.5, False, INK,
                         anchor)
        circles.append(el("g", el("title", html.escape(node.name)) +
                          el("circle", cx=_n(node.x), cy=_n(node.y), r=_n(size / 2), fill=node.colour, stroke="#ffffff",
                             stroke_width=0.8) + label, class_="node", data_kind=node.kind))
    xs = [n.x for n in view.nodes] or [0]
    ys = [n.y for n in view.nodes] or [0]
    x0, y0 = min(xs) - MARGIN, min(ys) - MARGIN
    width, height = max(xs) - min(xs) + 2 * MARGIN, max(ys) - min(ys) + 2 * MARGIN
    caption = text(x0 + 8, y0 + 16, f"{view.title}, as of {view.as_of}", 11, True, INK)
    note = text(x0 + 8, y0 + 30, "Drawn from the jhaan-kg graph; the interactive page lists every instrument and "
                "its sources.", 7.5, False, MUTED)
    return (f'<svg xmlns="{SVG}" viewBox="{_n(x0)} {_n(y0)} {_n(width)} {_n(height)}" '
            f'font-family="{html.escape(FONT_STACK, quote=True)}" role="img">\n'
            + el("title", html.escape(f"{view.title}, as of {view.as_of}")) + "\n"
            + el("rect", x=_n(x0), y=_n(y0), width=_n(width), height=_n(height), fill="#ffffff") + "\n"
            + "\n".join(lines) + "\n" + "\n".join(circles) + "\n" + caption + note + "\n</svg>\n")
