// The network page, around the graph (network.js): filters, the date and its comparison, search, the
// details panel, the summary, legend, notes and table, the link that keeps the view (URL fragment), PNG
// export and the keyboard. Text from the data only ever goes in with textContent.
(function () {
  "use strict";
  var J = window.Jhaan, T = J.timeline, N = J.network, el = J.el;
  var data = N.data, state = N.state, RELEX = N.RELEX;
  var FIRST_PLAY_DAY = "2000-01-01", TABLE_LIMIT = 2000;
  var $ = function (id) { return document.getElementById(id); };

  // --- the filters ----------------------------------------------------------------------------------------
  function dot(colour) { var s = el("span", "dot-sample"); s.style.background = colour; return s; }
  function line(colour, style) {
    var s = el("span", "line-sample");
    s.style.borderTopColor = colour;
    s.style.borderTopStyle = style || "solid";
    return s;
  }
  function statusLine(notation) {
    var look = N.STATUS_STYLE[notation] || {};
    return line(look.colour || "#5d6d7e", !look.dashes ? "solid" : look.dashes[0] > 3 ? "dashed" : "dotted");
  }
  var STATUS_WORDS = {"active": "solid, in the type's colour", "on-hold": "dashed, in the type's colour",
                      "suspended": "dashed, dark", "superseded": "dotted, grey", "terminated": "dotted, grey"};

  var agencyValues = N.agencies.map(function (n) { return {value: n.label, label: n.label + " (" + n.name + ")"}; });
  var FILTERS = RELEX ? [
    {key: "agency", label: "Agencies", values: agencyValues},
    {key: "type", label: "Instrument types", values: data.legend.types.map(function (t) {
      return {value: t.notation, label: t.label, swatch: J.typeChip(t)}; })},
    {key: "region", label: "Regions", values: data.legend.regions.map(function (r) {
      return {value: r.label, label: r.label, swatch: dot(r.colour)}; })},
    {key: "status", label: "Status", values: data.legend.statuses.map(function (s) {
      return {value: s.notation, label: s.label, swatch: statusLine(s.notation)}; })}
  ] : [
    {key: "kind", label: "Shared work", values: data.legend.kinds.map(function (k) {
      return {value: k.id, label: k.label, swatch: dot(k.colour)}; })},
    {key: "agency", label: "Agencies", values: agencyValues}
  ];

  function buildFilters() {
    var box = $("net-filters");
    FILTERS.forEach(function (f) {
      var details = el("details", "net-filter"), summary = el("summary");
      summary.appendChild(document.createTextNode(f.label + " "));
      f.count = el("span", "count");
      summary.appendChild(f.count);
      details.appendChild(summary);
      var body = el("div", "net-filter-body");
      body.setAttribute("role", "group");
      body.setAttribute("aria-label", f.label);
      var all = el("div", "net-filter-all"), on = el("button", "", "All"), none = el("button", "", "None");
      on.type = none.type = "button";
      on.addEventListener("click", function () { state.off[f.key] = {}; apply(); });
      none.addEventListener("click", function () {
        f.values.forEach(function (v) { state.off[f.key][v.value] = true; });
        apply();
      });
      all.appendChild(on); all.appendChild(none); body.appendChild(all);
      f.inputs = f.values.map(function (v) {
        var label = el("label"), input = el("input");
        input.type = "checkbox";
        input.value = v.value;
        input.dataset.filter = f.key;
        input.addEventListener("change", function () {
          if (input.checked) delete state.off[f.key][v.value]; else state.off[f.key][v.value] = true;
          apply();
        });
        label.appendChild(input);
        if (v.swatch) label.appendChild(v.swatch);
        label.appendChild(document.createTextNode(v.label));
        body.appendChild(label);
        return input;
      });
      details.appendChild(body);
      details.dataset.filter = f.key;
      details.addEventListener("keydown", function (event) {
        if (event.key === "Escape") { details.open = false; summary.focus(); }
      });
      box.appendChild(details);
      f.details = details;
    });
    document.addEventListener("click", function (event) {  // one open at a time, closed by a click elsewhere
      FILTERS.forEach(function (f) { if (!f.details.contains(event.target)) f.details.open = false; });
    });
  }

  function syncFilters() {
    FILTERS.forEach(function (f) {
      var on = 0;
      f.inputs.forEach(function (input) {
        input.checked = !state.off[f.key][input.value];
        if (input.checked) on += 1;
      });
      f.count.textContent = on === f.values.length ? "(all)" : "(" + on + " of " + f.values.length + ")";
      f.details.classList.toggle("narrowed", on < f.values.length);
    });
  }

  // --- the date and the comparison (RELEX) --------------------------------------------------------------
  var dayInput = $("net-day"), slider = $("net-slider"), play = $("net-play"), compare = $("net-compare"),
      fromInput = $("net-from"), timer = null, sliding = false;

  function buildDate() {
    if (!RELEX) return;
    var first = FIRST_PLAY_DAY;
    Object.keys(data.items).forEach(function (k) {
      var s = data.items[k].signed;
      if (s && s < first) first = s.slice(0, 4) + "-01-01";
    });
    slider.min = T.dayNumber(first);
    slider.max = T.dayNumber(data.today > data.asOf ? data.today : data.asOf);
    // while the slider moves, the address waits for it to stop (browsers limit how often a page rewrites it)
    slider.addEventListener("input", function () { stop(); sliding = true; setDay(T.dayOf(Number(slider.value))); });
    slider.addEventListener("change", function () { sliding = false; writeFragment(); });
    dayInput.addEventListener("change", function () { if (T.isDay(dayInput.value)) { stop(); setDay(dayInput.value); } });
    play.addEventListener("click", function () { if (timer) stop(); else startPlaying(); });
    compare.addEventListener("change", function () {
      state.from = compare.checked ? (T.isDay(fromInput.value) && fromInput.value < state.day ? fromInput.value
                                                                : T.addMonths(state.day, -60)) : "";
      apply();
    });
    fromInput.addEventListener("change", function () {
      if (T.isDay(fromInput.value)) { state.from = fromInput.value; apply(); }
    });
  }

  function setDay(day) { state.day = day; apply(); }

  function startPlaying() {
    if (state.day >= data.today) state.day = FIRST_PLAY_DAY;
    if (state.from && state.from >= state.day) state.from = "";
    play.textContent = "Pause";
    play.setAttribute("aria-pressed", "true");
    timer = setTimeout(function tick() {
      var next = T.addMonths(state.day, 1);
      if (next >= data.today) { setDay(data.today); stop(); return; }
      setDay(next);
      timer = setTimeout(tick, 60);
    }, 0);
  }

  function stop() {
    if (!timer) return;
    clearTimeout(timer);
    timer = null;
    play.textContent = "Play";
    play.setAttribute("aria-pressed", "false");
    writeFragment();
  }

  function syncDate() {
    if (!RELEX) return;
    dayInput.value = state.day;
    slider.value = T.dayNumber(state.day);
    slider.setAttribute("aria-valuetext", J.formatDate(state.day));
    compare.checked = !!state.from;
    fromInput.disabled = !state.from;
    if (state.from) fromInput.value = state.from;
  }

  // --- the summary above the graph -----------------------------------------------------------------------
  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }
  // "Shared EMPACT action plans" inside a sentence: only the first letter goes down
  function inSentence(label) { return label.charAt(0).toLowerCase() + label.slice(1); }

  function narrowed() {
    return FILTERS.filter(function (f) { return Object.keys(state.off[f.key]).length; })
      .map(function (f) { return inSentence(f.label); });
  }

  var undated = Object.keys(data.items).filter(function (k) { return !data.items[k].signed; }).length;

  function renderSummary() {
    var box = $("net-summary"), shown = N.shownNodes, countries = 0, others = 0, links = 0, agencies = 0;
    Object.keys(shown).forEach(function (id) {
      var n = N.nodes[id];
      if (n.kind === "agency") agencies += 1; else if (n.kind === "country") countries += 1; else others += 1;
    });
    links = Object.keys(N.shownEdges).length;
    var text;
    if (RELEX) {
      text = "On " + J.formatDate(state.day) + ": " + plural(N.totals.instruments, "instrument", "instruments") +
             " between " + plural(agencies, "agency", "agencies") + " and " + plural(countries, "country", "countries") +
             " and " + plural(others, "organisation", "organisations") + ".";
    } else {
      text = plural(links, "link", "links") + " between " + plural(agencies, "agency", "agencies") + ", from " +
             plural(N.totals.items, "shared item", "shared items") + ".";
    }
    var parts = narrowed();
    if (parts.length) text += " Filtered by " + parts.join(", ") + ".";
    box.replaceChildren(document.createTextNode(text));
    if (RELEX) {
      if (undated) {
        box.appendChild(document.createTextNode(" "));
        box.appendChild(el("span", "undated", plural(undated, "instrument has", "instruments have") +
          " no known signature date and cannot be placed in time: " + (state.day >= data.today
            ? "they are shown, as they stand today." : "they are shown on past dates too, though they may not yet have existed then.")));
      }
      renderCompareSummary();
    }
  }

  function renderCompareSummary() {
    var box = $("net-compare-summary");
    box.hidden = !state.from;
    if (!state.from) { box.replaceChildren(); return; }
    box.replaceChildren(el("span", "", "Between " + J.formatDate(state.from) + " and " + J.formatDate(state.day) + ":"));
    ["new", "paused", "ended"].forEach(function (c, i) {
      var item = el("span", "compare-count");
      item.appendChild(el("span", "change-badge change-" + c, String(N.totals[c])));
      item.appendChild(document.createTextNode(" " + N.CHANGES[c].label.toLowerCase() + (i < 2 ? ";" : ".")));
      item.dataset.change = c;
      box.appendChild(document.createTextNode(" "));  // (flex ignores it; the text, read aloud, needs it)
      box.appendChild(item);
    });
    box.appendChild(document.createTextNode(" "));
    box.appendChild(el("span", "muted", "Other lines are drawn pale."));
  }

  // --- the legend and the notes --------------------------------------------------------------------------
  function legendGroup(title, entries) {
    var box = el("div"), ul = el("ul");
    box.appendChild(el("h3", "", title));
    entries.forEach(function (e) {
      var li = el("li");
      e.swatches.forEach(function (s) { li.appendChild(s); });
      li.appendChild(document.createTextNode(e.text));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  function buildLegend() {
    var box = $("net-legend-groups");
    if (RELEX) {
      box.appendChild(legendGroup("Line colour: type of instrument", data.legend.types.map(function (t) {
        return {swatches: [line(t.colour), J.typeChip(t)], text: t.label};
      })));
      box.appendChild(legendGroup("Line style: status on the date", data.legend.statuses.map(function (s) {
        return {swatches: [statusLine(s.notation)], text: s.label + (STATUS_WORDS[s.notation] ? " (" +
                STATUS_WORDS[s.notation] + ")" : "")};
      }).concat([{swatches: [], text: "A line between an agency and a counterpart takes the status of its most " +
                                      "active instrument; a thicker line stands for several of that type."}])));
      box.appendChild(legendGroup("Dot colour: region", data.legend.regions.map(function (r) {
        return {swatches: [dot(r.colour)], text: r.label};
      })));
      box.appendChild(legendGroup("When comparing two dates", ["new", "paused", "ended"].map(function (c) {
        var look = N.CHANGES[c];
        return {swatches: [line(look.colour, !look.dashes ? "solid" : look.dashes[0] > 3 ? "dashed" : "dotted")],
                text: look.label};
      }).concat([{swatches: [line(N.UNCHANGED)], text: "No such change"}])));
      var defs = el("details"), dl = el("dl");
      defs.appendChild(el("summary", "", "What each type and status means"));
      data.legend.types.concat(data.legend.statuses).forEach(function (t) {
        dl.appendChild(el("dt", "", t.label));
        dl.appendChild(el("dd", "", t.definition));
      });
      defs.appendChild(dl);
      $("net-legend").appendChild(defs);
      var notes = $("net-notes");
      data.footnotes.forEach(function (f) {
        var li = el("li", "", f.text);
        li.value = Number(f.number);
        li.id = "note-" + f.number;
        notes.appendChild(li);
      });
    } else {
      box.appendChild(legendGroup("Line colour: the kind of shared work, when only one is switched on",
        data.legend.kinds.map(function (k) { return {swatches: [line(k.colour)], text: k.label}; })
          .concat([{swatches: [line("#5d6d7e")], text: "Several kinds"}])));
      box.appendChild(legendGroup("Line width and dot size", [
        {swatches: [line("#5d6d7e")], text: "A thicker line: more shared items of the kinds switched on."},
        {swatches: [dot(N.GREY)], text: "A bigger dot: an agency that shares more in all."},
        {swatches: [], text: "Dot colour: agencies that share most with one another (a network community)."}]));
    }
  }

  // --- the table: exactly what the graph shows -----------------------------------------------------------
  var tableDetails = $("net-table-details");

  function tableRows() {
    var rows = [];
    if (RELEX) {
      Object.keys(N.edgeInfo).forEach(function (id) {
        N.edgeInfo[id].rows.forEach(function (r) { rows.push(N.instrumentOf(r)); });
      });
      rows.sort(N.byAgencyThenDate);
      return rows.map(function (i) {
        var cells = [i.agency, i.counterpartName, i.region, (N.types[i.type] || {label: i.type}).label,
                     i.signed || "not known", (N.statuses[i.status] || {label: i.status}).label, i.since,
                     {yes: "yes", no: "no"}[i.personalData] || "not known", i.footnotes.join(" ")];
        if (state.from) cells.push(i.change ? N.CHANGES[i.change].label : "");
        return cells;
      });
    }
    Object.keys(N.shownEdges).forEach(function (id) {
      var e = N.edges[id];
      N.evidenceOf(e).forEach(function (g) {
        g.items.forEach(function (item) {
          rows.push([N.nodes[e.from].label, N.nodes[e.to].label, g.kind.label, item.label, item.year || "not known"]);
        });
      });
    });
    return rows.sort(function (a, b) { return a.join("\t").localeCompare(b.join("\t")); });
  }

  // Rows are built only while the table is open: at scale they are tens of thousands.
  function renderTable() {
    if (!tableDetails.open) {
      var count = RELEX ? N.totals.instruments : Object.keys(N.shownEdges).reduce(function (n, id) {
        return n + N.evidenceOf(N.edges[id]).reduce(function (m, g) { return m + g.items.length; }, 0);
      }, 0);
      $("net-table-summary").textContent = "Show the table (" + plural(count, "row", "rows") + ")";
      return;
    }
    var rows = tableRows();
    $("net-table-summary").textContent = "Show the table (" + plural(rows.length, "row", "rows") + ")";
    var heads = RELEX ? ["Agency", "Counterpart", "Region", "Instrument type", "Signed",
                         "Status on " + J.formatDate(state.day), "Since", "Personal data", "Notes"]
                      : ["Agency", "Agency", "Kind", "Shared item", "Year"];
    if (RELEX && state.from) heads.push("Since " + J.formatDate(state.from));
    var tr = el("tr");
    heads.forEach(function (h) { var th = el("th", "", h); th.scope = "col"; tr.appendChild(th); });
    var table = $("net-table");
    table.tHead.replaceChildren(tr);
    $("net-table-caption").textContent = RELEX ? "Instruments shown on " + J.formatDate(state.day) : "Shared items shown";
    var body = document.createDocumentFragment();
    rows.slice(0, TABLE_LIMIT).forEach(function (cells) {
      var row = el("tr");
      cells.forEach(function (c) { row.appendChild(el("td", "", c)); });
      body.appendChild(row);
    });
    table.tBodies[0].replaceChildren(body);
    var more = $("net-table-more");
    more.hidden = rows.length <= TABLE_LIMIT;
    more.textContent = "The first " + TABLE_LIMIT + " of " + rows.length + " rows; narrow the filters to see the others.";
  }

  // --- selection and the panel ---------------------------------------------------------------------------
  var panel = new J.Panel($("net-panel"), {
    placeholder: {title: "Details", text: RELEX
      ? "Click a country, an organisation or an agency, or a line between them, to see its instruments with their dates, status and sources."
      : "Click an agency, or a line between two agencies, to see what they share, with the sources."},
    onClose: function () {
      state.selected = null;
      N.network.unselectAll();
      writeFragment();
      $("network").focus();
    }});

  function renderPanel(focus) {
    var sel = state.selected;
    if (!sel) { panel.clear(); return; }
    var node = sel.node && N.nodes[sel.node], edge = sel.edge && N.edges[sel.edge];
    var title, subtitle, content;
    if (RELEX) {
      var list = N.instrumentsOf(sel);
      if (node) {
        title = node.name + (node.label !== node.name ? " (" + node.label + ")" : "");
        subtitle = node.kind === "agency" ? "Agency" : node.kind === "country" ? "Country, " + N.regionOf(node)
                                                                            : "International organisation or other body";
      } else {
        title = N.nodes[edge.from].label + " and " + N.nodes[edge.to].name;
        subtitle = (N.types[edge.kind] || {label: edge.kind}).label;
      }
      subtitle += ". " + plural(list.length, "instrument", "instruments") + " shown on " + J.formatDate(state.day) + ".";
      content = list.length ? J.instrumentList(list, N.panelContext(function (i) {
        return node && node.kind === "agency" ? i.counterpartName : node ? i.agency : "";
      })) : el("p", "panel-hint", "Nothing is shown for it on this date with these filters.");
    } else if (node) {
      title = node.name + " (" + node.label + ")";
      subtitle = "Agency. What it shares with each other agency:";
      content = el("ul", "panel-partners");
      (N.edgesOf[node.id] || []).filter(function (e) { return N.shownEdges[e.id]; }).forEach(function (e) {
        var other = N.nodes[e.from === node.id ? e.to : e.from], li = el("li"), button = el("button", "", other.label);
        button.type = "button";
        button.addEventListener("click", function () { select({edge: e.id}, true); });
        li.appendChild(button);
        li.appendChild(document.createTextNode(": " + N.evidenceOf(e).map(function (g) {
          return g.items.length + " " + inSentence(g.kind.label); }).join(", ")));
        content.appendChild(li);
      });
    } else {
      title = N.nodes[edge.from].label + " and " + N.nodes[edge.to].label;
      var groups = N.shownEdges[edge.id] ? N.evidenceOf(edge) : [];
      subtitle = plural(groups.reduce(function (n, g) { return n + g.items.length; }, 0), "shared item", "shared items") +
                 " of the kinds switched on.";
      content = J.evidenceList(groups, data.sources);
    }
    panel.show(title, subtitle, content, focus);
  }

  function select(selection, focus) {
    var restyle = !N.BIG && JSON.stringify(selection) !== JSON.stringify(state.selected);
    state.selected = selection;
    if (restyle) N.compute();
    var net = N.network;
    if (!selection) net.unselectAll();
    else if (selection.node && N.shownNodes[selection.node]) net.selectNodes([selection.node]);
    else if (selection.edge && N.shownEdges[selection.edge]) net.setSelection({nodes: [], edges: [selection.edge]});
    else net.unselectAll();
    renderPanel(focus);
    writeFragment();
  }

  // --- applying a change --------------------------------------------------------------------------------
  function apply() {
    N.timings.applied = performance.now();
    N.compute();
    syncFilters();
    syncDate();
    renderSummary();
    renderTable();
    if (state.selected) select(state.selected, false); else writeFragment();
  }

  J.networkUi = {FILTERS: FILTERS, apply: apply, select: select, setDay: setDay, stop: stop, panel: panel,
                 renderTable: renderTable, renderPanel: renderPanel, tableDetails: tableDetails,
                 get playing() { return timer !== null; }};
  var writeFragment = function () { if (J.networkLink && !timer && !sliding) J.networkLink.write(); };

  // the controls first: the graph is drawn into the room they leave
  buildFilters();
  buildDate();
  buildLegend();
  N.start();
  tableDetails.addEventListener("toggle", renderTable);
  // (a button, not a link to #net-table-section: the address's fragment holds the view)
  $("net-table-button").addEventListener("click", function () {
    tableDetails.open = true;
    renderTable();
    $("net-table-section").scrollIntoView();
    $("net-table-summary").focus();
  });
})();
