/* The SPARQL editor page of `jhaan-kg serve` (/sparql): YASGUI (vendor/yasgui.min.js) on this server's
   endpoint, with
   - the query in the address (/sparql?query=...), so that every result can be shared, and run on load when
     the address holds one;
   - IRIs shown by their label in the result table (a second query asks the labels of the IRIs in the result,
     publish/labels.py), an IRI of the graph linked to what the graph says about it;
   - links to download the result as CSV, TSV or JSON, and a note when it was cut at the row limit;
   - the graph's prefixes one click away (and completed after PREFIX), and the syntax checked as one types.
   It reads its data from the JSON block #sparql-data and asks nothing of any other host (the page's policy
   allows this origin only). Window.Jhaan.sparql exposes the editor to the page's tests. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("sparql-data").textContent);
  const endpoint = new URL(data.endpoint, window.location.href).href;
  const Yasgui = window.Yasgui;
  const labels = new Map();

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
  }

  function pageFor(query) {
    return "/sparql?" + new URLSearchParams({ query: query }).toString();
  }

  function linkFor(iri) {
    if (iri.startsWith(data.labels.base) && !/[\s<>"{}|\\^`]/.test(iri)) {
      return pageFor(data.labels.aboutQuery.split(data.labels.iriMark).join(iri));
    }
    return /^https?:\/\//i.test(iri) ? iri : null;
  }

  function shortName(iri, prefixes) {
    for (const prefix in prefixes || {}) {
      if (prefixes[prefix] && iri.startsWith(prefixes[prefix])) return prefix + ":" + iri.substring(prefixes[prefix].length);
    }
    return "<" + iri + ">";
  }

  // YASR's table, with an IRI shown by its label (the IRI as the tooltip) and linked as linkFor says
  const Table = Yasgui.Yasr.plugins.table;
  class LabelledTable extends Table {
    // a literal as its value, its language or datatype as the tooltip
    formatLiteral(literal, prefixes) {
      const kind = literal["xml:lang"] ? "@" + literal["xml:lang"] : literal.datatype ? shortName(literal.datatype, prefixes) : "";
      return kind ? `<span title='${escapeHtml(kind)}'>${escapeHtml(literal.value)}</span>` : escapeHtml(literal.value);
    }

    getUriLinkFromBinding(binding, prefixes) {
      const iri = binding.value;
      const text = labels.get(iri) || shortName(iri, prefixes);
      const href = linkFor(iri);
      const title = escapeHtml(iri);
      if (!href) return `<span class='iri' title='${title}'>${escapeHtml(text)}</span>`;
      const external = !href.startsWith("/");
      return `<a class='iri' title='${title}' href='${escapeHtml(href)}'${external ? " target='_blank' rel='noopener noreferrer'" : ""}>${escapeHtml(text)}</a>`;
    }
  }
  Yasgui.Yasr.registerPlugin("table", LabelledTable);

  // after PREFIX, the graph's own prefixes (the bundled list of prefix.cc is left out: it is not this graph's)
  Yasgui.Yasqe.forkAutocompleter("prefixes", {
    name: "graph-prefixes",
    persistenceId: null,
    get: () => Promise.resolve(Object.keys(data.prefixes).sort().map((p) => `${p}: <${data.prefixes[p]}>`)),
  }, false);

  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "GET", acceptHeaderSelect: "application/sparql-results+json",
                     acceptHeaderGraph: "text/turtle" },
    copyEndpointOnNewTab: true,
    populateFromUrl: false,
    persistenceId: null,
    autofocus: true,
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    yasqe: {
      autocompleters: ["graph-prefixes", "variables"],
      persistenceId: null,
      editorHeight: "300px",
      createShareableLink: (yasqe) => new URL(pageFor(yasqe.getValue()), window.location.href).href,
      consumeShareLink: null,
    },
    yasr: { prefixes: data.prefixes, persistenceId: null, defaultPlugin: "table", pluginOrder: ["table", "response"] },
  });

  const note = document.getElementById("result-note");
  const downloads = document.getElementById("downloads");

  function showDownloads(query) {
    downloads.hidden = false;
    for (const link of downloads.querySelectorAll("a[data-format]")) {
      link.href = "/sparql?" + new URLSearchParams({ query: query, format: link.dataset.format }).toString();
    }
  }

  function askLabels(tab) {
    const yasr = tab.getYasr();
    const bindings = (yasr.results && yasr.results.getBindings && yasr.results.getBindings()) || [];
    const wanted = new Set();
    for (const row of bindings) {
      for (const name in row) {
        const term = row[name];
        if (term && term.type === "uri" && !labels.has(term.value) && !/[\s<>"{}|\\^`]/.test(term.value)) wanted.add(term.value);
      }
      if (wanted.size >= data.labels.labelsLimit) break;
    }
    if (!wanted.size) return Promise.resolve();
    const values = Array.from(wanted).map((iri) => `<${iri}>`).join(" ");
    const query = data.labels.labelQuery.split(data.labels.valuesMark).join(values);
    return fetch(endpoint, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/sparql-results+json" },
      body: new URLSearchParams({ query: query }).toString(),
    }).then((response) => (response.ok ? response.json() : null)).then((json) => {
      if (!json) return;
      for (const row of json.results.bindings) labels.set(row.iri.value, row.label.value);
      for (const iri of wanted) if (!labels.has(iri)) labels.set(iri, "");
      yasr.refresh();
    }).catch(() => {});
  }

  yasgui.on("query", (instance, tab) => {
    const query = tab.getQuery();
    note.textContent = "Running...";
    window.history.replaceState(null, "", pageFor(query));
    showDownloads(query);
  });

  // (YASGUI tells of the response before it hands it to YASR: read it once YASR has it)
  yasgui.on("queryResponse", (instance, tab) => window.setTimeout(() => showResponse(tab), 0));

  function showResponse(tab) {
    const yasr = tab.getYasr();
    const seconds = (tab.getYasqe().lastQueryDuration || 0) / 1000;
    const bindings = yasr.results && yasr.results.getBindings ? yasr.results.getBindings() : null;
    if (yasr.results && yasr.results.getError && yasr.results.getError()) {
      const error = yasr.results.getError();
      note.textContent = `The endpoint refused the query${error.status ? " (HTTP " + error.status + ")" : ""}: the query stays in the editor.`;
      note.className = "error";
      document.getElementById("query-error").textContent = error.text || "";
      return;
    }
    document.getElementById("query-error").textContent = "";
    note.className = "note";
    if (bindings) {
      const cut = bindings.length >= data.rowLimit;
      note.textContent = `${bindings.length.toLocaleString("en")} row${bindings.length === 1 ? "" : "s"} in ${seconds.toFixed(3)} s` +
        (cut ? ` (only the first ${data.rowLimit.toLocaleString("en")}: the endpoint's row limit)` : "");
    } else {
      note.textContent = `Answered in ${seconds.toFixed(3)} s`;
    }
    askLabels(tab);
  }

  document.getElementById("add-prefixes").addEventListener("click", () => {
    const yasqe = yasgui.getTab().getYasqe();
    yasqe.addPrefixes(data.prefixes);
    yasqe.focus();
  });

  const tab = yasgui.getTab();
  tab.setEndpoint(endpoint);
  tab.setQuery(data.query);
  document.getElementById("sparql-fallback").hidden = true;
  window.Jhaan = Object.assign(window.Jhaan || {}, { sparql: { yasgui: yasgui, labels: labels } });
  if (data.run) tab.query();
})();
