// The network page, core: reads the view from its JSON block (render/network.py's payload), works out
// what it shows on the day and with the filters chosen, and draws it with vis-network. network_ui.js
// builds the controls around it (filters, date, search, legend, table, link, export, keyboard).
(function () {
  "use strict";
  var J = window.Jhaan, T = J.timeline, el = J.el;
  var data = JSON.parse(document.getElementById("network-data").textContent);
  var RELEX = data.view === "relex";
  // the payload places nodes in SVG units; RELEX keeps their size (its names take the room around the
  // ring), the nine agencies are spread out (vis-network does not zoom in beyond 1 to fit them)
  var SCALE = RELEX ? 1.4 : 2.6;
  var BIG = data.edges.length > 3000;  // at scale: straight edges, no hover, edges hidden while dragging
  var INK = "#1b2631", GREY = "#aab7c4", FONT = "'DejaVu Sans', Arial, sans-serif";
  var ORGANISATIONS = "International organisations and other bodies", NO_REGION = "Other countries";
  // how each status draws an edge, and each change between two dates (the legend says it in words)
  var STATUS_STYLE = {"active": {}, "on-hold": {dashes: [7, 4]}, "suspended": {dashes: [7, 4], colour: INK},
                      "superseded": {dashes: [2, 4], colour: GREY}, "terminated": {dashes: [2, 4], colour: GREY}};
  var CHANGES = {"new": {label: "New: signed in between", colour: "#1e8449", dashes: false},
                 "paused": {label: "Suspended or put on hold", colour: "#d35400", dashes: [7, 4]},
                 "ended": {label: "Ended: superseded or terminated", colour: "#7b241c", dashes: [2, 4]}};
  var UNCHANGED = "#d5dce3";
  var LABEL_PX = 11.5;  // the names around the ring, on screen

  function byKey(list, key) {
    var found = {};
    list.forEach(function (x) { found[x[key]] = x; });
    return found;
  }

  var nodes = byKey(data.nodes, "id"), edges = byKey(data.edges, "id");
  var types = byKey(data.legend.types || [], "notation"), statuses = byKey(data.legend.statuses || [], "notation");
  var kinds = byKey(data.legend.kinds || [], "id");
  var notes = {};
  data.footnotes.forEach(function (f) { notes[f.number] = f.text; });
  var edgesOf = {};
  data.edges.forEach(function (e) {
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e);
    (edgesOf[e.to] = edgesOf[e.to] || []).push(e);
  });
  var agencies = data.nodes.filter(function (n) { return n.kind === "agency"; });

  function regionOf(node) {
    return node.kind === "country" ? (node.group || NO_REGION) : ORGANISATIONS;
  }

  // What the reader chose. `off` holds, per filter, the values switched off; `from` is the earlier date
  // of the comparison ("" when not comparing); `selected` is {node: id} or {edge: id} or null.
  var state = {day: data.asOf, from: "", off: {agency: {}, type: {}, region: {}, status: {}, kind: {}}, selected: null};
  var shownEdges = {}, shownNodes = {}, edgeInfo = {}, drawnStyle = {};
  var totals = {};

  // The instruments of a RELEX edge as they stood on the day, with the filters; null when none is shown.
  function relexEdge(e) {
    var from = nodes[e.from], to = nodes[e.to], off = state.off;
    if (off.agency[from.label] || off.type[e.kind] || off.region[regionOf(to)]) return null;
    var rows = [];
    e.items.forEach(function (key) {
      var item = data.items[key];
      if (!T.shownOn(item, state.day, data.today)) return;
      var status = T.statusOn(item, state.day, data.today);
      if (off.status[status.status]) return;
      var change = state.from ? T.changeBetween(item, status, state.from, data.today) : "";
      rows.push({key: key, item: item, status: status, change: change});
    });
    if (!rows.length) return null;
    var status = T.edgeStatus(rows.map(function (r) { return r.status.status; }));
    var change = ["new", "paused", "ended"].filter(function (c) {
      return rows.some(function (r) { return r.change === c; });
    })[0] || "";
    return {rows: rows, status: status, change: change, count: rows.length};
  }

  // The shared work behind an agencies edge, of the kinds switched on; null when there is none.
  function agenciesEdge(e) {
    var off = state.off;
    if (off.agency[nodes[e.from].label] || off.agency[nodes[e.to].label]) return null;
    var count = 0, on = data.legend.kinds.filter(function (k) { return !off.kind[k.id]; });
    on.forEach(function (k) { count += (e.byKind[k.id] || []).length; });
    return count ? {count: count, only: on.length === 1 ? on[0].id : ""} : null;
  }

  // The vis-network style of an edge as the reader sees it now.
  function edgeStyle(e, info) {
    var colour, dashes = false, width;
    if (!RELEX) {  // one kind switched on: its colour; else neutral. Width: the share of the widest link
      colour = info.only ? kinds[info.only].colour : "#5d6d7e";
      width = 1 + 11 * info.count / Math.max(totals.widest, 1);
    } else if (state.from) {
      var change = CHANGES[info.change];
      colour = change ? change.colour : UNCHANGED;
      dashes = change ? change.dashes : false;
      width = change ? 3 : 1;
    } else {
      var look = STATUS_STYLE[info.status] || {};
      colour = look.colour || (types[e.kind] || {colour: GREY}).colour;
      dashes = look.dashes || false;
      width = Math.min(1.6 + 0.9 * (info.count - 1), 6);
    }
    // with something selected, the lines that do not touch it step back (not at scale: too many to restyle)
    var focus = BIG ? null : state.selected;
    var away = focus && (focus.node ? e.from !== focus.node && e.to !== focus.node : e.id !== focus.edge);
    return {id: e.id, width: width, dashes: dashes,
            color: {color: colour, highlight: colour, hover: colour, opacity: away ? 0.15 : 1}};
  }

  // Work out what is shown, then hand vis-network only the edges whose look changed.
  function compute() {
    shownEdges = {}; shownNodes = {}; edgeInfo = {};
    var changed = [], items = {};
    totals = {instruments: 0, items: 0, "new": 0, paused: 0, ended: 0, widest: 0};
    data.edges.forEach(function (e) {
      var info = RELEX ? relexEdge(e) : agenciesEdge(e);
      if (info) { edgeInfo[e.id] = info; totals.widest = Math.max(totals.widest, info.count); }
    });
    data.edges.forEach(function (e) {
      var info = edgeInfo[e.id];
      if (!info) return;
      shownEdges[e.id] = shownNodes[e.from] = shownNodes[e.to] = true;
      if (RELEX) {
        totals.instruments += info.count;
        info.rows.forEach(function (r) { if (r.change) totals[r.change] += 1; });
      } else {  // each shared item once, however many pairs of agencies share it
        Object.keys(e.byKind).forEach(function (k) {
          if (!state.off.kind[k]) e.byKind[k].forEach(function (x) { items[x] = true; });
        });
      }
      var style = edgeStyle(e, info), c = style.color;
      var key = style.width + " " + style.dashes + " " + c.color + " " + c.opacity;
      if (drawnStyle[e.id] !== key) { drawnStyle[e.id] = key; changed.push(style); }
    });
    totals.items = Object.keys(items).length;
    agencies.forEach(function (n) { if (!state.off.agency[n.label]) shownNodes[n.id] = true; });
    edgeSet.update(changed);
    nodeView.refresh();
    edgeView.refresh();
  }

  // --- the graph ----------------------------------------------------------------------------------------
  function visNode(n) {
    var agency = n.kind === "agency";
    var node = {id: n.id, x: n.x * SCALE, y: n.y * SCALE, title: n.name + (n.name !== n.label ? " (" + n.label + ")" : "") +
                "\n" + (agency ? "Agency" : regionOf(n)),
                color: {background: n.colour, border: "#ffffff", highlight: {background: n.colour, border: INK},
                        hover: {background: n.colour, border: INK}}};
    if (RELEX && agency) {  // the agencies inside the ring, named on their circle
      node.shape = "circle";
      node.label = n.label;
      node.font = {color: "#ffffff", size: 16, face: FONT};
      node.margin = 7;
    } else if (RELEX) {  // counterparts: named along their radius (drawLabels), so that names never overlap
      node.size = n.size * 0.9;
    } else {
      node.size = n.size * 0.9;
      node.label = n.label;
      node.font = {size: 15, face: FONT, color: INK, strokeWidth: 4, strokeColor: "#ffffff"};
    }
    return node;
  }

  // Parallel edges (one per instrument type between the same two nodes) fan out as curves.
  function visEdge(e, index, of) {
    var a = nodes[e.from], b = nodes[e.to];
    var edge = {id: e.id, from: e.from, to: e.to, smooth: false,
                title: RELEX ? a.label + " and " + b.name + "\n" + (types[e.kind] || {label: e.kind}).label
                             : a.label + " and " + b.label + "\nShared work: " + e.items.length + " items"};
    if (!BIG && of > 1) {
      var bend = (index - (of - 1) / 2) * 0.14;
      if (bend) edge.smooth = {enabled: true, type: bend > 0 ? "curvedCW" : "curvedCCW", roundness: Math.abs(bend)};
    }
    return edge;
  }

  var pairs = {};
  data.edges.forEach(function (e) { (pairs[e.from + " " + e.to] = pairs[e.from + " " + e.to] || []).push(e); });
  var nodeSet = new vis.DataSet(data.nodes.map(visNode));
  var edgeSet = new vis.DataSet(data.edges.map(function (e) {
    var pair = pairs[e.from + " " + e.to];
    return visEdge(e, pair.indexOf(e), pair.length);
  }));
  var nodeView = new vis.DataView(nodeSet, {filter: function (n) { return shownNodes[n.id] === true; }});
  var edgeView = new vis.DataView(edgeSet, {filter: function (e) { return shownEdges[e.id] === true; }});
  var container = document.getElementById("network");
  var network;

  var timings = {start: performance.now(), firstDraw: null, applied: null, lastApply: null};

  function start() {
    compute();
    network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, {
      autoResize: true, physics: false, layout: {improvedLayout: false},
      interaction: {hover: !BIG, keyboard: false, tooltipDelay: 150, hideEdgesOnDrag: BIG, hideEdgesOnZoom: BIG,
                    multiselect: false, zoomSpeed: 0.6},
      nodes: {shape: "dot", borderWidth: 1.5, borderWidthSelected: 3},
      edges: {smooth: false, selectionWidth: 2, hoverWidth: 0.6}});
    network.on("afterDrawing", function (ctx) {
      drawLabels(ctx);
      var now = performance.now();
      if (timings.firstDraw === null) timings.firstDraw = now;
      if (timings.applied !== null) { timings.lastApply = now - timings.applied; timings.applied = null; }
    });
    fit(false);
  }

  // The whole view in the canvas. RELEX: the ring centred, with room around it for the names, which keep
  // their size on screen whatever the zoom (drawLabels) and which vis-network does not count.
  function fit(animate) {
    var animation = animate ? {duration: 300} : false;
    if (!RELEX) { network.fit({animation: animation}); return; }
    var outer = 1, room = 0, ctx = document.createElement("canvas").getContext("2d");
    ctx.font = LABEL_PX + "px " + FONT;
    data.nodes.forEach(function (n) {
      if (n.kind === "agency" || !shownNodes[n.id]) return;
      outer = Math.max(outer, Math.sqrt(n.x * n.x + n.y * n.y) * SCALE + n.size);
      room = Math.max(room, ctx.measureText(n.label).width);
    });
    var half = Math.min(container.clientWidth, container.clientHeight) / 2 - 12;
    var scale = Math.max((half - Math.min(room, half * 0.45) - 8) / outer, 0.05);
    network.moveTo({position: {x: 0, y: 0}, scale: scale, animation: animation});
  }

  // The names of the counterparts, along the radius and outward, as a circular diagram names them. On
  // screen they stay about 11 px high; at scale (several rings) only when zoomed in enough to read them.
  // Per ring (by radius): how many counterparts it holds, and the room outside it before the next ring.
  var rings = {};
  data.nodes.forEach(function (n) {
    if (n.kind === "agency") return;
    var r = Math.round(Math.sqrt(n.x * n.x + n.y * n.y));
    rings[r] = rings[r] || {count: 0, room: Infinity};
    rings[r].count += 1;
  });
  var radii = Object.keys(rings).map(Number).sort(function (a, b) { return a - b; });
  radii.forEach(function (r, i) { if (i + 1 < radii.length) rings[r].room = (radii[i + 1] - r) * SCALE; });
  function drawLabels(ctx) {
    if (!RELEX) return;
    var scale = network.getScale(), size = Math.min(Math.max(LABEL_PX / scale, 9), 24);
    var selected = state.selected && state.selected.node;
    ctx.save();
    ctx.textBaseline = "middle";
    ctx.fillStyle = INK;
    data.nodes.forEach(function (n) {
      if (n.kind === "agency" || !shownNodes[n.id]) return;
      // a name is drawn where it has room: beside its neighbours on the ring and before the next ring out
      var radius = Math.sqrt(n.x * n.x + n.y * n.y), ring = rings[Math.round(radius)];
      var crowded = 2 * Math.PI * radius * SCALE / ring.count * scale < 10 || ring.room * scale < 110;
      if (crowded && n.id !== selected) return;
      var angle = Math.atan2(n.y, n.x), gap = n.size * 0.9 + 4, right = Math.cos(angle) >= -1e-9;
      ctx.font = (n.id === selected ? "bold " : "") + size + "px " + FONT;
      ctx.save();
      ctx.translate(n.x * SCALE, n.y * SCALE);
      ctx.rotate(right ? angle : angle + Math.PI);
      ctx.textAlign = right ? "left" : "right";
      ctx.fillText(n.label, right ? gap : -gap, 0);
      ctx.restore();
    });
    ctx.restore();
  }

  // --- what the panel and the table show -------------------------------------------------------------------
  // A shown instrument as panel.js takes it.
  function instrumentOf(row) {
    var item = row.item, change = row.status.change;
    var sources = item.sources.slice();
    if (change) change.sources.forEach(function (s) { if (sources.indexOf(s) < 0) sources.push(s); });
    return {title: item.title, agency: item.agency, counterpartName: nodes[item.counterpart].name,
            counterpartLabel: nodes[item.counterpart].label, region: regionOf(nodes[item.counterpart]),
            type: item.type, signed: item.signed, inForce: item.inForce, personalData: item.personalData,
            status: row.status.status, since: row.status.since, reason: change ? change.reason : "",
            footnotes: T.footnotesOn(item, row.status), sources: sources, change: row.change};
  }

  function byAgencyThenDate(a, b) {
    return a.agency.localeCompare(b.agency) || a.counterpartName.localeCompare(b.counterpartName) ||
           a.signed.localeCompare(b.signed) || a.type.localeCompare(b.type);
  }

  // The instruments shown for a node or an edge (RELEX), in order.
  function instrumentsOf(selection) {
    var list = selection.edge ? [edges[selection.edge]] : (edgesOf[selection.node] || []);
    var found = [];
    list.forEach(function (e) {
      if (edgeInfo[e.id]) edgeInfo[e.id].rows.forEach(function (r) { found.push(instrumentOf(r)); });
    });
    return found.sort(byAgencyThenDate);
  }

  // The shared items behind an edge (agencies), by kind, of the kinds switched on.
  function evidenceOf(e) {
    return data.legend.kinds.filter(function (k) { return !state.off.kind[k.id] && e.byKind && e.byKind[k.id]; })
      .map(function (k) {
        var items = e.byKind[k.id].map(function (key) { return data.items[key]; });
        items.sort(function (a, b) { return b.year.localeCompare(a.year) || a.label.localeCompare(b.label); });
        return {kind: k, items: items};
      });
  }

  function panelContext(heading) {
    return {types: types, statuses: statuses, sources: data.sources, footnotes: notes, heading: heading,
            changes: state.from ? {"new": CHANGES["new"].label, paused: CHANGES.paused.label,
                                                    ended: CHANGES.ended.label} : null};
  }

  J.network = {
    data: data, RELEX: RELEX, BIG: BIG, state: state, nodes: nodes, edges: edges, edgesOf: edgesOf, types: types,
    statuses: statuses, kinds: kinds, notes: notes, agencies: agencies, regionOf: regionOf, CHANGES: CHANGES,
    STATUS_STYLE: STATUS_STYLE, UNCHANGED: UNCHANGED, INK: INK, GREY: GREY, timings: timings,
    start: start, compute: compute, fit: fit, instrumentsOf: instrumentsOf, evidenceOf: evidenceOf,
    panelContext: panelContext, byAgencyThenDate: byAgencyThenDate, instrumentOf: instrumentOf,
    get network() { return network; },
    get shownNodes() { return shownNodes; },
    get shownEdges() { return shownEdges; },
    get edgeInfo() { return edgeInfo; },
    get totals() { return totals; },
    // for tests and benchmarks: what is drawn now
    drawnNodeIds: function () { return nodeView.getIds(); },
    drawnEdgeIds: function () { return edgeView.getIds(); }
  };
})();
