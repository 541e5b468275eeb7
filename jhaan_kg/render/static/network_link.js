// The network page, last: the link that keeps the view (its URL fragment), search, the keyboard, reset
// and PNG export; then it opens the view the link asks for.
(function () {
  "use strict";
  var J = window.Jhaan, T = J.timeline, N = J.network, U = J.networkUi, el = J.el;
  var data = N.data, state = N.state, RELEX = N.RELEX;
  var $ = function (id) { return document.getElementById(id); };

  // --- the URL fragment: #date=2010-12-31&compare=2005-01-01&type-off=council-decision&node=Serbia ---------
  // Nodes are named by their label, an edge by its two labels and kind joined by "~", so that a link
  // still means the same after the page is rebuilt.
  function nodeByLabel(label) {
    return data.nodes.filter(function (n) { return n.label === label; })[0];
  }

  function edgeKey(e) { return [N.nodes[e.from].label, N.nodes[e.to].label, e.kind].join("~"); }

  function write() {
    var p = new URLSearchParams();
    if (RELEX && state.day !== data.asOf) p.set("date", state.day);
    if (state.from) p.set("compare", state.from);
    U.FILTERS.forEach(function (f) {
      Object.keys(state.off[f.key]).sort().forEach(function (v) { p.append(f.key + "-off", v); });
    });
    if (state.selected && state.selected.node) p.set("node", N.nodes[state.selected.node].label);
    if (state.selected && state.selected.edge) p.set("edge", edgeKey(N.edges[state.selected.edge]));
    var text = p.toString(), base = location.href.split("#")[0];
    if (location.hash.slice(1) !== text) history.replaceState(null, "", text ? "#" + text : base);
  }

  function read() {
    var p = new URLSearchParams(location.hash.slice(1));
    state.day = RELEX && T.isDay(p.get("date") || "") ? p.get("date") : data.asOf;
    state.from = RELEX && T.isDay(p.get("compare") || "") && p.get("compare") < state.day ? p.get("compare") : "";
    U.FILTERS.forEach(function (f) {
      var known = f.values.map(function (v) { return v.value; });
      state.off[f.key] = {};
      p.getAll(f.key + "-off").forEach(function (v) { if (known.indexOf(v) >= 0) state.off[f.key][v] = true; });
    });
    state.selected = null;
    var node = p.get("node") && nodeByLabel(p.get("node"));
    if (node) state.selected = {node: node.id};
    var wanted = p.get("edge");
    if (wanted) {
      var edge = data.edges.filter(function (e) { return edgeKey(e) === wanted; })[0];
      if (edge) state.selected = {edge: edge.id};
    }
  }

  // --- search ----------------------------------------------------------------------------------------------
  var names = $("net-names"), message = $("net-search-message");
  data.nodes.forEach(function (n) {
    var option = el("option");
    option.value = n.label;
    if (n.name !== n.label) option.label = n.name;
    names.appendChild(option);
  });

  function find(text) {
    var q = text.trim().toLocaleLowerCase();
    if (!q) return null;
    var tests = [function (s) { return s === q; }, function (s) { return s.indexOf(q) === 0; },
                 function (s) { return s.indexOf(q) >= 0; }];
    for (var t = 0; t < tests.length; t++) {
      var found = data.nodes.filter(function (n) {
        return tests[t](n.label.toLocaleLowerCase()) || tests[t](n.name.toLocaleLowerCase());
      });
      if (found.length) return found[0];
    }
    return null;
  }

  $("net-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var text = $("net-search").value, node = find(text);
    message.textContent = "";
    if (!node) { message.textContent = "Nothing called \u201c" + text.trim() + "\u201d is in the graph."; return; }
    if (!N.shownNodes[node.id]) {
      message.textContent = node.label + " has nothing shown " + (RELEX ? "on this date " : "") +
                            "with these filters: reset them to see it.";
    }
    U.select({node: node.id}, false);
    if (N.shownNodes[node.id]) inView(node.id);
  });

  // --- the keyboard: arrows move from node to node, Enter opens the panel, Escape closes it --------------
  var canvas = $("network"), cursorId = null, announce = $("net-announce");

  function shownInOrder() {
    return data.nodes.filter(function (n) { return N.shownNodes[n.id]; });
  }

  // Move the view only when the node is out of it.
  function inView(id) {
    var net = N.network, at = net.canvasToDOM(net.getPosition(id));
    if (at.x < 20 || at.y < 20 || at.x > canvas.clientWidth - 20 || at.y > canvas.clientHeight - 20) {
      net.focus(id, {scale: net.getScale(), animation: false});
    }
  }

  function moveTo(node) {
    cursorId = node.id;
    N.network.selectNodes([node.id]);
    inView(node.id);
    var links = (N.edgesOf[node.id] || []).filter(function (e) { return N.shownEdges[e.id]; }).length;
    announce.textContent = node.name + (node.kind === "agency" ? ", agency" : ", " + N.regionOf(node)) + ": " +
                           links + (links === 1 ? " link" : " links") + ". Press Enter for the details.";
  }

  canvas.addEventListener("keydown", function (event) {
    var order = shownInOrder();
    if (!order.length) return;
    var from = cursorId || (state.selected && state.selected.node);
    var at = order.findIndex(function (n) { return n.id === from; });
    switch (event.key) {
      case "ArrowRight": case "ArrowDown": moveTo(order[(at + 1) % order.length]); break;
      case "ArrowLeft": case "ArrowUp": moveTo(order[at <= 0 ? order.length - 1 : at - 1]); break;
      case "Home": moveTo(order[0]); break;
      case "End": moveTo(order[order.length - 1]); break;
      case "Enter": case " ": if (at >= 0) U.select({node: order[at].id}, true); break;
      case "Escape": U.panel.close(); N.network.unselectAll(); cursorId = null; break;
      case "+": case "=": N.network.moveTo({scale: N.network.getScale() * 1.25}); break;
      case "-": N.network.moveTo({scale: N.network.getScale() / 1.25}); break;
      case "0": N.fit(true); break;
      default: return;
    }
    event.preventDefault();
  });
  canvas.addEventListener("focus", function () {
    if (!announce.textContent) announce.textContent = "Graph: use the arrow keys to move from node to node.";
  });

  N.network.on("click", function (params) {
    cursorId = params.nodes.length ? params.nodes[0] : null;
    if (params.nodes.length) U.select({node: params.nodes[0]}, false);
    else if (params.edges.length) U.select({edge: params.edges[0]}, false);
    else if (state.selected) U.select(null, false);
  });

  // --- reset and export ---------------------------------------------------------------------------------------
  $("net-reset").addEventListener("click", function () {
    U.stop();
    history.replaceState(null, "", location.href.split("#")[0]);
    read();
    $("net-search").value = "";
    message.textContent = "";
    U.apply();
    N.fit(true);
  });

  // The PNG: the graph as drawn now, on white, with a title, the summary and a key, for a report or an e-mail.
  function exportPng() {
    var source = canvas.querySelector("canvas"), ratio = source.width / source.clientWidth;
    var pad = 24 * ratio, width = source.width + 2 * pad;
    var keys = legendKeys(), keyRows = Math.ceil(keys.length / 3), lineHeight = 20 * ratio;
    var out = document.createElement("canvas"), ctx = out.getContext("2d");
    var small = 12 * ratio + "px 'DejaVu Sans', Arial, sans-serif";
    ctx.font = small;
    var summary = wrap(ctx, $("net-summary").textContent + " " + $("net-compare-summary").textContent,
                       width - 2 * pad).slice(0, 3);
    var top = pad + 32 * ratio + summary.length * 16 * ratio + 8 * ratio;
    out.width = width;
    out.height = top + source.height + (keyRows + 2) * lineHeight + pad;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.fillStyle = N.INK;
    ctx.textBaseline = "top";
    ctx.font = "bold " + 20 * ratio + "px 'DejaVu Sans', Arial, sans-serif";
    ctx.fillText(data.title + (RELEX ? ", " + J.formatDate(state.day) : ""), pad, pad);
    ctx.font = small;
    ctx.fillStyle = "#3d4752";
    summary.forEach(function (text, i) { ctx.fillText(text, pad, pad + (32 + 16 * i) * ratio); });
    ctx.strokeStyle = "#d5dce3";
    ctx.strokeRect(pad - 1, top - 1, source.width + 2, source.height + 2);
    ctx.drawImage(source, pad, top);
    var y = top + source.height + 12 * ratio, column = (width - 2 * pad) / 3;
    keys.forEach(function (k, i) {
      var x = pad + (i % 3) * column, row = y + Math.floor(i / 3) * lineHeight;
      ctx.strokeStyle = ctx.fillStyle = k.colour;
      ctx.lineWidth = 3 * ratio;
      ctx.setLineDash((k.dashes || []).map(function (d) { return d * ratio; }));
      ctx.beginPath();
      if (k.dot) {
        ctx.arc(x + 14 * ratio, row + 7 * ratio, 5 * ratio, 0, 2 * Math.PI);
        ctx.fill();
      } else {
        ctx.moveTo(x, row + 7 * ratio);
        ctx.lineTo(x + 28 * ratio, row + 7 * ratio);
        ctx.stroke();
      }
      ctx.setLineDash([]);
      ctx.fillStyle = N.INK;
      ctx.fillText(k.label, x + 36 * ratio, row);
    });
    ctx.fillStyle = "#5d6d7e";
    ctx.fillText("Rebuilt from public sources by jhaan-kg: a missing line means that none was found, not that none exists.",
                 pad, y + keyRows * lineHeight + 6 * ratio);
    var a = el("a");
    a.href = out.toDataURL("image/png");
    a.download = "network-" + data.view + (RELEX ? "-" + state.day : "") + ".png";
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  // Lines of `text` no wider than `width` on the canvas of `ctx`.
  function wrap(ctx, text, width) {
    var lines = [""];
    text.split(/\s+/).forEach(function (word) {
      var next = lines[lines.length - 1] ? lines[lines.length - 1] + " " + word : word;
      if (ctx.measureText(next).width > width && lines[lines.length - 1]) lines.push(word);
      else lines[lines.length - 1] = next;
    });
    return lines;
  }

  // The key the PNG carries: what the lines and dots drawn now mean.
  function legendKeys() {
    if (!RELEX) {
      return data.legend.kinds.filter(function (k) { return !state.off.kind[k.id]; })
        .map(function (k) { return {colour: k.colour, label: k.label}; });
    }
    if (state.from) {
      return ["new", "paused", "ended"].map(function (c) {
        return {colour: N.CHANGES[c].colour, dashes: N.CHANGES[c].dashes || [], label: N.CHANGES[c].label + " (" + N.totals[c] + ")"};
      }).concat([{colour: N.UNCHANGED, label: "No such change"}]);
    }
    var used = {}, statuses = {}, regions = {};
    Object.keys(N.edgeInfo).forEach(function (id) {
      used[N.edges[id].kind] = true;
      statuses[N.edgeInfo[id].status] = true;
      regions[N.regionOf(N.nodes[N.edges[id].to])] = true;
    });
    return data.legend.types.filter(function (t) { return used[t.notation]; })
      .map(function (t) { return {colour: t.colour, label: t.label}; })
      .concat(data.legend.statuses.filter(function (s) { return statuses[s.notation] && s.notation !== "active"; })
        .map(function (s) {
          var look = N.STATUS_STYLE[s.notation];
          return {colour: look.colour || "#5d6d7e", dashes: look.dashes, label: s.label};
        }))
      .concat(data.legend.regions.filter(function (r) { return regions[r.label]; })
        .map(function (r) { return {colour: r.colour, dot: true, label: r.label}; }));
  }
  $("net-png").addEventListener("click", exportPng);

  window.addEventListener("hashchange", function () { read(); U.apply(); });
  J.networkLink = {write: write, read: read, exportPng: exportPng};
  read();
  U.apply();
  if (state.selected && state.selected.node && N.shownNodes[state.selected.node]) inView(state.selected.node);
})();
