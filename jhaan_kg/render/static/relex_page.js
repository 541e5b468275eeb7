// relex.html: a click on an instrument of the figure (a chip, which carries data-agency and
// data-counterpart) opens the details panel of the network pages with every instrument of that agency
// and counterpart drawn on the day, from the page's JSON block. Keyboard: Tab to a chip, Enter opens.
(function () {
  "use strict";
  var J = window.Jhaan;
  var data = JSON.parse(document.getElementById("relex-data").textContent);
  var types = {}, statuses = {}, notes = {};
  data.types.forEach(function (t) { types[t.notation] = t; });
  data.statuses.forEach(function (s) { statuses[s.notation] = s; });
  data.footnotes.forEach(function (f) { notes[f.number] = f.text; });
  var opener = null;
  var panel = new J.Panel(document.getElementById("relex-panel"), {
    onClose: function () { if (opener) opener.focus(); }});

  function open(chip) {
    var agency = chip.getAttribute("data-agency"), counterpart = chip.getAttribute("data-counterpart");
    var list = data.instruments.filter(function (i) { return i.agency === agency && i.counterpart === counterpart; });
    if (!list.length) return;
    opener = chip;
    var ctx = {types: types, statuses: statuses, sources: data.sources, footnotes: notes,
               heading: function () { return ""; }};
    panel.show(agency + " and " + list[0].counterpartName,
               list.length + (list.length === 1 ? " instrument" : " instruments") + " on " + J.formatDate(data.day) + ".",
               J.instrumentList(list, ctx), true);
  }

  Array.prototype.forEach.call(document.querySelectorAll("figure .chip[data-agency]"), function (chip) {
    var title = chip.querySelector("title");
    chip.setAttribute("tabindex", "0");
    chip.setAttribute("role", "button");
    if (title) chip.setAttribute("aria-label", title.textContent + ". Open the details.");
    chip.addEventListener("click", function () { open(chip); });
    chip.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); open(chip); }
    });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && panel.open) panel.close();
  });
})();
