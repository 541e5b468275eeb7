// Each instrument as it stood on a day: the rules of queries/relex-matrix.rq, replayed in the browser from
// what network-instruments and network-instrument-history give. Days are ISO strings ("2010-12-31") and
// every comparison is a plain string comparison, as in the query: a year alone ("2011") or a month
// ("2022-03") counts from its first day.
(function () {
  "use strict";
  var J = window.Jhaan = window.Jhaan || {};
  var DAY = 86400000;
  // An edge is drawn with the status of its most active instrument (render.network_draw.edge_status).
  var RANK = ["active", "on-hold", "suspended", "superseded", "terminated"];
  var ENDED = {superseded: true, terminated: true};
  var PAUSED = {suspended: true, "on-hold": true};

  // Signed by the day; one with no known signature date on every day (it cannot be ruled out, and the
  // figures draw it with a question mark before today).
  function shownOn(item, day, today) {
    return item.signed ? item.signed <= day : true;
  }

  // A successor supersedes from the day it was signed; one with no known signature date only from today on.
  function signedBy(item, day, today) {
    return item.signed ? item.signed <= day : day >= today;
  }

  // {status, since, change} on the day: superseded once a successor is signed; otherwise the latest
  // change up to the day (one known only by its first day after one dated that same day); else active.
  function statusOn(item, day, today) {
    for (var s = 0; s < item.successors.length; s++) {
      if (signedBy(item.successors[s], day, today)) return {status: "superseded", since: "", change: null};
    }
    var best = null, bestRank = "";
    for (var c = 0; c < item.changes.length; c++) {
      var change = item.changes[c];
      if (!change.since || change.since > day) continue;
      var rank = change.since + " " + (change.dated ? "0" : "1");
      if (rank > bestRank) { best = change; bestRank = rank; }
    }
    return best ? {status: best.status, since: best.since, change: best} : {status: "active", since: "", change: null};
  }

  // The notes that apply on the day: those of the change in effect, then the instrument's own.
  function footnotesOn(item, state) {
    var numbers = state.change ? state.change.footnotes.slice() : [];
    item.footnotes.forEach(function (n) { if (numbers.indexOf(n) < 0) numbers.push(n); });
    return numbers;
  }

  // What happened to an instrument shown on `to` since `from` (from < to): "ended" (superseded or
  // terminated), "paused" (suspended or put on hold), "new" (signed in between), or "".
  function changeBetween(item, stateTo, from, today) {
    var before = shownOn(item, from, today) ? statusOn(item, from, today).status : null;
    var now = stateTo.status;
    if (ENDED[now] && !(before && ENDED[before])) return "ended";
    if (PAUSED[now] && before !== now) return "paused";
    if (!before) return "new";
    return "";
  }

  function edgeStatus(statuses) {
    var best = RANK.length, found = "active";
    statuses.forEach(function (s) {
      var r = RANK.indexOf(s);
      if (r >= 0 && r < best) { best = r; found = s; }
    });
    return found;
  }

  // Days as numbers for the slider: days since 1 January 1970, in UTC so that no clock change shifts them.
  function dayNumber(day) {
    var p = day.split("-");
    return Math.round(Date.UTC(Number(p[0]), Number(p[1] || 1) - 1, Number(p[2] || 1)) / DAY);
  }

  function dayOf(number) {
    return new Date(number * DAY).toISOString().slice(0, 10);
  }

  // The same day `months` later (or earlier), kept within the month: 31 January + 1 is 28 or 29 February.
  function addMonths(day, months) {
    var p = day.split("-").map(Number);
    var first = new Date(Date.UTC(p[0], p[1] - 1 + months, 1));
    var last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    first.setUTCDate(Math.min(p[2], last));
    return first.toISOString().slice(0, 10);
  }

  function isDay(text) {
    return /^\d{4}-\d{2}-\d{2}$/.test(text) && dayOf(dayNumber(text)) === text;
  }

  J.timeline = {shownOn: shownOn, statusOn: statusOn, footnotesOn: footnotesOn, changeBetween: changeBetween,
                edgeStatus: edgeStatus, dayNumber: dayNumber, dayOf: dayOf, addMonths: addMonths, isDay: isDay,
                ENDED: ENDED, PAUSED: PAUSED};
})();
