/* A table of class "sortable" sorts by a column when its header is clicked (or reached with Tab and
   Enter): ascending, then descending; numbers as numbers, the rest as text in the page's language; rows
   that tie keep their order. The header says how it is sorted (aria-sort). Served to the catalogue's pages
   by `jhaan-kg serve` (/static/), which allow scripts from their own server only. */
(function () {
  "use strict";
  const number = /^[+-]?\d+(\.\d+)?$/;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: "base" });

  function sortBy(table, index, header) {
    const body = table.tBodies[0];
    const rows = Array.from(body.rows);
    const descending = header.getAttribute("aria-sort") === "ascending";
    const values = rows.map((row) => (row.cells[index] ? row.cells[index].textContent.trim() : ""));
    const numeric = values.every((v) => v === "" || number.test(v));
    const order = rows.map((row, i) => i).sort((a, b) => {
      const x = values[a], y = values[b];
      const c = numeric ? (x === "" ? -Infinity : Number(x)) - (y === "" ? -Infinity : Number(y)) : collator.compare(x, y);
      return (descending ? -c : c) || a - b;
    });
    for (const th of table.tHead.rows[0].cells) th.removeAttribute("aria-sort");
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    for (const i of order) body.appendChild(rows[i]);
  }

  for (const table of document.querySelectorAll("table.sortable")) {
    Array.from(table.tHead.rows[0].cells).forEach((header, index) => {
      header.tabIndex = 0;
      header.title = "Sort by this column";
      header.addEventListener("click", () => sortBy(table, index, header));
      header.addEventListener("keydown", (e) => {
        if (e.key === "Enter" || e.key === " ") {
          e.preventDefault();
          sortBy(table, index, header);
        }
      });
    });
  }
})();
