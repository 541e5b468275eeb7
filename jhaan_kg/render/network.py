"""The network views, drawn from SPARQL results alone through networkx: RELEX and the agencies.

RELEX: the agencies and their counterparts (countries grouped by region, international organisations
apart), one edge per agency, counterpart and instrument type, the instruments kept as data on the edge.
Each instrument carries what the page needs to show it as it stood on any day: its signature date, its
status changes and the instruments that supersede it (network-instrument-history), replayed by the rules
of relex-matrix. Agencies: one edge per pair of agencies, with the joint projects, shared events and
shared EMPACT action plans behind it (network-agency-links).

networkx holds each view as a graph: the layout (concentric shells, seeded and stable), the degree that
sizes a node and, for the agencies, the communities. The page gets the view as JSON (`payload`); the SVG
of a view on one day is drawn here from the same positions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

from .pages import is_web_address
from .results import Results
from .svg import MUTED, PALETTE, code_for

NETWORK_QUERIES = {
    "relex": ("network-instruments", "network-instrument-history", "relex-legend", "relex-footnotes",
              "infographic-source-titles"),
    "agencies": ("network-agency-links", "infographic-agencies", "infographic-source-titles"),
}
REGION_PALETTE = ("#4477AA", "#EE6677", "#228833", "#CCBB44", "#66CCEE", "#AA3377", "#BBBBBB", "#117733",
                  "#882255", "#44AA99")
AGENCY_COLOUR, ORGANISATION_COLOUR = "#1b2631", "#7f8c8d"
ORGANISATIONS = "International organisations and other bodies"
KINDS = {"joint-project": ("Joint projects", "#332288"), "shared-event": ("Shared meetings and events", "#44AA99"),
         "shared-action-plan": ("Shared EMPACT action plans", "#CC6677")}
SHELL = 120  # counterparts per ring of the RELEX layout


@dataclass(frozen=True)
class Node:
    id: str
    iri: str
    label: str
    name: str
    kind: str  # agency, country or organisation
    group: str  # the region, "International organisations and other bodies", or "Agencies"
    colour: str
    x: float = 0.0
    y: float = 0.0
    size: float = 1.0


@dataclass(frozen=True)
class Edge:
    id: str
    source: str  # node ids
    target: str
    kind: str  # the instrument type's notation, or "agencies"
    items: tuple[str, ...]  # the instruments (RELEX) or the evidence (agencies) behind the edge
    by_kind: dict[str, tuple[str, ...]] = field(default_factory=dict)  # agencies: evidence per kind


@dataclass(frozen=True)
class NetworkView:
    """One view: nodes placed, edges, and what the page shows about each instrument or item."""

    view: str
    title: str
    as_of: str
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    items: dict[str, dict]  # id -> the instrument or the evidence item, JSON-ready
    legend: dict[str, list[dict]]  # types, statuses, regions or kinds
    sources: tuple[dict, ...]  # what items' "sources" point to, by position
    footnotes: tuple[dict, ...] = ()


class Sources:
    """The sources a view cites, each listed once (items refer to them by position): title and address."""

    def __init__(self, titles: dict[str, str]):
        self.titles, self.index, self.listed = titles, {}, []

    def __call__(self, urls: str) -> list[int]:
        for url in urls.split():
            if url not in self.index:
                self.index[url] = len(self.listed)
                # a citation of a seed document is shown by its title and section, never as a link
                self.listed.append({"url": url if is_web_address(url) else "", "title": self.titles.get(url, "")})
        return [self.index[url] for url in urls.split()]


def relex_view(results: Results, title: str = "Cooperation instruments of the JHA agencies") -> NetworkView:
    """The RELEX network from the results of NETWORK_QUERIES["relex"]."""
    sources = Sources({r["source"]: r["title"] for r in results.rows("infographic-source-titles")})
    legend = results.rows("relex-legend")
    types = [r for r in legend if r["kind"] == "instrument-type"]
    type_legend = [{"notation": r["notation"], "label": r["label"], "code": code_for(r["notation"]),
                    "colour": PALETTE[i % len(PALETTE)], "definition": r["definition"]} for i, r in enumerate(types)]
    statuses = [{"notation": r["notation"], "label": r["label"], "definition": r["definition"]}
                for r in legend if r["kind"] == "status"]
    history: dict[str, list[dict]] = {}
    for r in results.rows("network-instrument-history"):
        history.setdefault(r["instrument"], []).append(r)

    graph = nx.Graph()
    counterparts: dict[str, dict] = {}
    instruments: dict[str, dict] = {}
    edge_items: dict[tuple[str, str, str], list[str]] = {}
    for r in results.rows("network-instruments"):
        agency, counterpart = "agency:" + r["agency"], r["counterpart"]
        graph.add_node(agency, label=r["agency"], name=r["agency_name"], kind="agency", group="Agencies", iri="")
        counterparts[counterpart] = r
        graph.add_node(counterpart, label=r["counterpart_label"], name=r["counterpart_name"], kind=r["counterpart_kind"],
                       group=r["region"] if r["counterpart_kind"] == "country" else ORGANISATIONS, iri=counterpart)
        key = f"i{len(instruments)}"
        events = history.get(r["instrument"], [])
        instruments[key] = {
            "iri": r["instrument"], "title": r["title"], "agency": r["agency"], "counterpart": counterpart,
            "type": r["type"], "signed": r["signed"], "inForce": r["in_force"], "personalData": r["personal_data"],
            "footnotes": r["footnotes"].split(), "sources": sources(r["source"]),
            "changes": [{"since": e["since"], "dated": e["dated"] == "yes", "status": e["status"], "reason": e["reason"],
                         "footnotes": e["footnotes"].split(), "sources": sources(e["source"])}
                        for e in events if e["kind"] == "change"],
            "successors": [{"iri": e["successor"], "signed": e["since"]} for e in events
                           if e["kind"] == "successor" and e["counterpart"] == counterpart]}
        edge_items.setdefault((agency, counterpart, r["type"]), []).append(key)
        graph.add_edge(agency, counterpart)
        graph.edges[agency, counterpart]["instruments"] = graph.edges[agency, counterpart].get("instruments", 0) + 1

    # a type the legend lacks (a graph without the infographic's legend) still gets a colour and a name
    for notation in sorted({item["type"] for item in instruments.values()} - {t["notation"] for t in type_legend}):
        type_legend.append({"notation": notation, "label": notation.replace("-", " ").capitalize(),
                            "code": code_for(notation), "colour": PALETTE[len(type_legend) % len(PALETTE)],
                            "definition": ""})
    regions = sorted({(int(r["region_order"]) if r["region_order"].isdigit() else 999, r["region"] or "Other countries")
                      for r in counterparts.values() if r["counterpart_kind"] == "country"})
    region_colour = {label: REGION_PALETTE[i % len(REGION_PALETTE)] for i, (_, label) in enumerate(regions)}
    order = {label: i for i, (_, label) in enumerate(regions)}
    agencies = sorted(n for n, d in graph.nodes(data=True) if d["kind"] == "agency")
    ring = sorted((n for n, d in graph.nodes(data=True) if d["kind"] != "agency"),
                  key=lambda n: (graph.nodes[n]["kind"] != "country", order.get(graph.nodes[n]["group"], 999),
                                 graph.nodes[n]["label"].casefold()))
    colour = lambda n, d: (AGENCY_COLOUR if d["kind"] == "agency" else ORGANISATION_COLOUR if d["kind"] != "country"
                           else region_colour.get(d["group"], MUTED))
    nodes = _placed(graph, [agencies, *_rings(ring)], colour)
    ids = {n.iri or n.label: n.id for n in nodes}
    node_id = lambda n: ids[graph.nodes[n]["iri"] or graph.nodes[n]["label"]]
    edges = tuple(Edge(f"e{i}", node_id(a), node_id(c), kind, tuple(keys))
                  for i, ((a, c, kind), keys) in enumerate(sorted(edge_items.items())))
    for item in instruments.values():
        item["counterpart"] = ids[item["counterpart"]]
    legend = {"types": type_legend, "statuses": statuses,
              "regions": [{"label": label, "colour": region_colour[label]} for _, label in regions]
              + [{"label": ORGANISATIONS, "colour": ORGANISATION_COLOUR}]}
    footnotes = tuple({"number": f["number"], "text": f["text"]} for f in results.rows("relex-footnotes"))
    return NetworkView("relex", title, results.as_of, nodes, edges, instruments, legend, tuple(sources.listed),
                       footnotes)


def agencies_view(results: Results, title: str = "How the JHA agencies work together") -> NetworkView:
    """The agencies network from the results of NETWORK_QUERIES["agencies"]: edges weighted by what the
    two agencies share, each kind of evidence kept apart so that the page can switch it on and off."""
    sources = Sources({r["source"]: r["title"] for r in results.rows("infographic-source-titles")})
    graph = nx.Graph()
    for a in results.rows("infographic-agencies"):
        graph.add_node(a["agency"], label=a["agency"], name=a["name"], kind="agency", group="Agencies", iri="")
    items: dict[str, dict] = {}
    keys: dict[str, str] = {}
    evidence: dict[tuple[str, str], dict[str, list[str]]] = {}
    for r in results.rows("network-agency-links"):
        if r["item"] not in keys:
            keys[r["item"]] = f"x{len(keys)}"
            items[keys[r["item"]]] = {"iri": r["item"], "label": r["item_label"], "kind": r["kind"], "year": r["year"],
                                      "sources": sources(r["source"])}
        else:  # one row per source, and the same item for several pairs
            listed = items[keys[r["item"]]]["sources"]
            listed += [s for s in sources(r["source"]) if s not in listed]
        for agency in (r["agency1"], r["agency2"]):
            if agency not in graph:
                graph.add_node(agency, label=agency, name=agency, kind="agency", group="Agencies", iri="")
        pair = evidence.setdefault((r["agency1"], r["agency2"]), {}).setdefault(r["kind"], [])
        if keys[r["item"]] not in pair:
            pair.append(keys[r["item"]])
    for (a, b), kinds in evidence.items():
        graph.add_edge(a, b, weight=sum(len(v) for v in kinds.values()))
    communities = nx.algorithms.community.greedy_modularity_communities(graph, weight="weight") if evidence else []
    community = {n: i for i, members in enumerate(sorted(communities, key=lambda c: sorted(c))) for n in members}
    colour = lambda n, d: PALETTE[community.get(n, 0) % len(PALETTE)]
    nodes = _placed(graph, [sorted(graph.nodes, key=str.casefold)], colour, weight="weight")
    ids = {n.label: n.id for n in nodes}
    edges = tuple(Edge(f"e{i}", ids[a], ids[b], "agencies", tuple(x for v in kinds.values() for x in v),
                       {k: tuple(v) for k, v in sorted(kinds.items())})
                  for i, ((a, b), kinds) in enumerate(sorted(evidence.items())))
    legend = {"kinds": [{"id": k, "label": label, "colour": c} for k, (label, c) in KINDS.items()]}
    return NetworkView("agencies", title, results.as_of, nodes, edges, items, legend, tuple(sources.listed))


def _rings(nodes: list[str]) -> list[list[str]]:
    """Counterparts on as many rings as they need, dealt round robin so that each ring keeps the order."""
    count = max(1, math.ceil(len(nodes) / SHELL))
    return [nodes[i::count] for i in range(count)] if nodes else []


def _shells(shells: list[list[str]]) -> dict[str, tuple[float, float]]:
    """Positions on concentric circles, as networkx's shell layout gives them (it needs numpy, which this
    project does not otherwise use): the first shell (the agencies) inside, the others well outside it so
    that their labels have room, each shell starting at the top."""
    positions = {}
    for k, shell in enumerate(shells):
        radius = 100.0 if k == 0 else 230.0 + 50 * (k - 1)
        for i, node in enumerate(shell):
            angle = 2 * math.pi * i / len(shell) - math.pi / 2
            positions[node] = (radius * math.cos(angle), radius * math.sin(angle))
    return positions


def _placed(graph: nx.Graph, shells: list[list[str]], colour, weight: str | None = None) -> tuple[Node, ...]:
    """The nodes of `graph` with their positions on concentric shells (the same on every run) and a size
    that grows with the node's degree."""
    shells = [s for s in shells if s]
    positions = _shells(shells)
    degree = dict(graph.degree(weight=weight))
    placed = []
    for i, n in enumerate(n for shell in shells for n in shell):
        d = graph.nodes[n]
        x, y = positions[n]
        placed.append(Node(f"n{i}", d["iri"], d["label"], d["name"], d["kind"], d["group"], colour(n, d),
                           round(float(x), 2), round(float(y), 2), round(4 + 2 * math.sqrt(degree.get(n, 0)), 2)))
    return tuple(placed)


def payload(view: NetworkView, today: str) -> dict:
    """The view as the page reads it from its JSON block."""
    return {"view": view.view, "title": view.title, "asOf": view.as_of, "today": today,
            "nodes": [{"id": n.id, "iri": n.iri, "label": n.label, "name": n.name, "kind": n.kind, "group": n.group,
                       "colour": n.colour, "x": n.x, "y": n.y, "size": n.size} for n in view.nodes],
            "edges": [{"id": e.id, "from": e.source, "to": e.target, "kind": e.kind, "items": list(e.items),
                       **({"byKind": {k: list(v) for k, v in e.by_kind.items()}} if e.by_kind else {})}
                      for e in view.edges],
            "items": view.items, "legend": view.legend, "sources": list(view.sources), "footnotes": list(view.footnotes)}
