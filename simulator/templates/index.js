// Behaviour of the batch index: click a column's header to sort the rows by it, click again to reverse.
// Each row carries its sort values as data- attributes (numbers as numbers), so "100" sorts after "7".
(function () {
  "use strict";
  var table = document.getElementById("results");
  if (!table || !table.tBodies.length) { return; }
  var body = table.tBodies[0];
  var headers = Array.prototype.slice.call(table.querySelectorAll("th[data-key]"));
  var current = null;
  var ascending = true;

  function value(row, key, numeric) {
    var v = row.getAttribute("data-" + key);
    if (v === null || v === "") { return null; }
    return numeric ? parseFloat(v) : v;
  }

  function sortBy(th) {
    var key = th.getAttribute("data-key");
    var numeric = th.getAttribute("data-type") === "number";
    ascending = current === th ? !ascending : true;
    current = th;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, key, numeric);
      var y = value(b, key, numeric);
      if (x === null || y === null) { return (x === null) - (y === null); }  // no value: last, both ways
      var c = numeric ? x - y : x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    headers.forEach(function (h) {
      h.setAttribute("aria-sort", h === th ? (ascending ? "ascending" : "descending") : "none");
    });
  }

  headers.forEach(function (th) {
    var button = th.querySelector("button") || th;
    button.addEventListener("click", function () { sortBy(th); });
  });
})();
