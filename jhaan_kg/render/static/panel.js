// The details panel that the network pages and relex.html share: the instruments (or, on the agencies
// page, the shared work) behind what the reader clicked, with dates, status, notes and sources.
// Every text from the data goes in with textContent: nothing the data holds can become markup.
(function () {
  "use strict";
  var J = window.Jhaan = window.Jhaan || {};
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];

  // An element with a class and a text, both optional.
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  // "2010-12-09" as "9 December 2010", "2022-03" as "March 2022"; a year stays as it is.
  function formatDate(day) {
    var m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(day || "");
    if (!m) return day || "";
    if (!m[2]) return m[1];
    var month = MONTHS[Number(m[2]) - 1] || m[2];
    return (m[3] ? Number(m[3]) + " " : "") + month + " " + m[1];
  }

  // Only http: and https: addresses become links; anything else is shown as text.
  function isWebAddress(url) {
    try {
      var parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:";
    } catch (e) {
      return false;
    }
  }

  function shortAddress(url) {
    return String(url).replace(/^https?:\/\/(www\.)?/, "").slice(0, 70);
  }

  // A source as a link named by its title (or its address when it has none).
  function sourceLink(source) {
    var text = source.title || shortAddress(source.url);
    if (!isWebAddress(source.url)) return el("span", "source-text", text);
    var a = el("a", "", text);
    a.href = source.url;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }

  // Black or white, whichever reads better on a "#rrggbb" colour (as render.svg.ink_on).
  function inkOn(colour) {
    var lum = [1, 3, 5].map(function (i) {
      var c = parseInt(colour.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2] > 0.36 ? "#1b2631" : "#ffffff";
  }

  // The letters of an instrument type on its colour, as in the infographic.
  function typeChip(type) {
    var chip = el("span", "type-chip", type.code);
    chip.style.background = type.colour;
    chip.style.color = inkOn(type.colour);
    chip.title = type.label;
    return chip;
  }

  function fact(list, term, value) {
    list.appendChild(el("dt", "", term));
    var dd = el("dd");
    if (typeof value === "string") dd.textContent = value; else dd.appendChild(value);
    list.appendChild(dd);
    return dd;
  }

  function sourceList(indexes, sources) {
    var box = el("div", "panel-sources");
    box.appendChild(el("span", "panel-label", indexes.length === 1 ? "Source" : "Sources"));
    var ul = el("ul");
    indexes.forEach(function (i) {
      var li = el("li");
      li.appendChild(sourceLink(sources[i] || {url: "", title: ""}));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    return box;
  }

  function noteList(numbers, footnotes) {
    var box = el("div", "panel-notes");
    numbers.forEach(function (n) {
      var p = el("p");
      p.appendChild(el("span", "panel-label", "Note " + n + ": "));
      p.appendChild(document.createTextNode(footnotes[n] || ""));
      box.appendChild(p);
    });
    return box;
  }

  var PERSONAL_DATA = {yes: "Exchange of personal data allowed", no: "No exchange of personal data",
                       "": "Not known"};

  // One instrument. `i`: {title, agency, counterpartName, type, signed, inForce, personalData, status,
  // since, reason, footnotes, sources, change}; inForce and personalData are left out where undefined.
  // `ctx`: {types, statuses (both by notation), sources, footnotes (text by number), heading(i),
  // changes (label by change)}. The status is the one on the day the panel's subtitle names.
  function instrumentItem(i, ctx) {
    var li = el("li", "panel-item");
    var type = ctx.types[i.type] || {label: i.type, code: "?", colour: "#777777"};
    var head = el("div", "panel-item-head");
    head.appendChild(typeChip(type));
    head.appendChild(el("strong", "", type.label));
    head.appendChild(el("span", "panel-item-who", ctx.heading(i)));
    li.appendChild(head);
    if (i.title) li.appendChild(el("p", "panel-item-title", i.title));
    var facts = el("dl", "panel-facts");
    fact(facts, "Signed", i.signed ? formatDate(i.signed) : "Date not known (shown on every date)");
    if (i.inForce !== undefined) fact(facts, "In force", i.inForce ? formatDate(i.inForce) : "Not known");
    var status = ctx.statuses[i.status] || {label: i.status, definition: ""};
    var statusBox = el("span");
    var badge = el("span", "status-badge status-" + i.status, status.label);
    badge.title = status.definition || "";
    statusBox.appendChild(badge);
    if (i.since) statusBox.appendChild(document.createTextNode(" since " + formatDate(i.since)));
    fact(facts, "Status", statusBox);
    if (i.reason) fact(facts, "Why", i.reason);
    if (i.personalData !== undefined) fact(facts, "Personal data", PERSONAL_DATA[i.personalData] || i.personalData);
    if (i.change && ctx.changes) {
      fact(facts, "Between the dates", el("span", "change-badge change-" + i.change, ctx.changes[i.change]));
    }
    li.appendChild(facts);
    if (i.footnotes && i.footnotes.length) li.appendChild(noteList(i.footnotes, ctx.footnotes));
    if (i.sources && i.sources.length) li.appendChild(sourceList(i.sources, ctx.sources));
    return li;
  }

  function instrumentList(instruments, ctx) {
    var ol = el("ol", "panel-list");
    instruments.forEach(function (i) { ol.appendChild(instrumentItem(i, ctx)); });
    return ol;
  }

  // The shared work behind a link of the agencies page, by kind. `groups`: [{kind: {label, colour},
  // items: [{label, year, sources}]}]; `sources`: the page's list.
  function evidenceList(groups, sources) {
    var box = el("div", "panel-evidence");
    groups.forEach(function (g) {
      var h = el("h3", "panel-kind");
      var dot = el("span", "kind-dot");
      dot.style.background = g.kind.colour;
      h.appendChild(dot);
      h.appendChild(document.createTextNode(g.kind.label + " (" + g.items.length + ")"));
      box.appendChild(h);
      var ol = el("ol", "panel-list");
      g.items.forEach(function (item) {
        var li = el("li", "panel-item");
        li.appendChild(el("p", "panel-item-title", item.label));
        var facts = el("dl", "panel-facts");
        fact(facts, "Year", item.year || "Not known");
        li.appendChild(facts);
        if (item.sources.length) li.appendChild(sourceList(item.sources, sources));
        ol.appendChild(li);
      });
      box.appendChild(ol);
    });
    return box;
  }

  // The panel: an <aside> holding a heading (h2), a line under it, a close button and a body. It shows
  // `placeholder` when nothing is selected (the network pages) or hides itself (relex.html).
  function Panel(aside, options) {
    var self = this;
    this.aside = aside;
    this.options = options || {};
    this.title = aside.querySelector(".panel-title");
    this.subtitle = aside.querySelector(".panel-subtitle");
    this.body = aside.querySelector(".panel-body");
    this.closeButton = aside.querySelector(".panel-close");
    this.open = false;
    this.closeButton.addEventListener("click", function () { self.close(); });
    aside.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); self.close(); }
    });
    this.clear();
  }

  Panel.prototype.show = function (title, subtitle, content, focus) {
    this.title.textContent = title;
    this.subtitle.textContent = subtitle || "";
    this.body.replaceChildren(content);
    this.closeButton.hidden = false;
    this.aside.hidden = false;
    this.aside.classList.add("panel-open");
    this.body.scrollTop = 0;
    this.open = true;
    if (focus) this.title.focus();
  };

  // Back to the placeholder (or hidden), without telling anyone: for a view that changed under it.
  Panel.prototype.clear = function () {
    this.open = false;
    this.aside.classList.remove("panel-open");
    this.closeButton.hidden = true;
    var placeholder = this.options.placeholder;
    if (placeholder) {
      this.title.textContent = placeholder.title;
      this.subtitle.textContent = "";
      this.body.replaceChildren(el("p", "panel-hint", placeholder.text));
    } else {
      this.aside.hidden = true;
    }
  };

  Panel.prototype.close = function () {
    var wasOpen = this.open;
    this.clear();
    if (wasOpen && this.options.onClose) this.options.onClose();
  };

  J.el = el;
  J.formatDate = formatDate;
  J.isWebAddress = isWebAddress;
  J.sourceLink = sourceLink;
  J.inkOn = inkOn;
  J.typeChip = typeChip;
  J.instrumentList = instrumentList;
  J.evidenceList = evidenceList;
  J.Panel = Panel;
})();
