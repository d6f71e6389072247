#include "reports/html_assets.h"

namespace merlab::reports {

const char* const kHtmlStyle =
    "body{font-family:sans-serif;margin:1.5em;max-width:1500px;color:#222}"
    "h2{border-bottom:2px solid #ddd;padding-bottom:0.2em;margin-top:1.6em}"
    "table{border-collapse:collapse;margin:0.4em 0}"
    "th,td{border:1px solid #ccc;padding:2px 7px;text-align:right;font-size:0.92em}th{background:#f4f4f4}"
    "tr>th:first-child,td.l{text-align:left}"
    "table.sortable thead th{cursor:pointer;user-select:none}"
    "table.sortable thead th[aria-sort=descending]::after{content:' \\25BC'}"
    "table.sortable thead th[aria-sort=ascending]::after{content:' \\25B2'}"
    "input.filter{display:block;margin:0.6em 0 0.2em;padding:2px 6px;width:18em}"
    ".headline{background:#f3f8fc;border-left:4px solid #0072b2;padding:0.5em 1em;margin:0.6em 0}"
    ".headline li{margin:0.3em 0}.note{color:#555;font-size:0.88em}"
    "pre{background:#f6f6f6;padding:0.8em;overflow:auto;max-height:30em}"
    ".grid{display:flex;flex-wrap:wrap;gap:0.6em;align-items:flex-start}"
    "figure{margin:0.3em;display:inline-block;vertical-align:top}"
    "figure img{max-width:100%;height:auto;border:1px solid #eee}"
    "figcaption{font-size:0.85em;max-width:48em}.files{font-size:0.88em}"
    "details{margin:0.5em 0}summary{cursor:pointer}";

const char* const kHtmlScript = R"JS(
(function () {
  "use strict";
  function value(cell) {
    var v = cell.getAttribute("data-v");
    var text = v !== null ? v : cell.textContent.trim();
    if (text === "" || text === "-") return null;
    var n = parseFloat(text);
    return isNaN(n) || !/^[-+]?[0-9.]/.test(text) ? text.toLowerCase() : n;
  }
  function compare(a, b) {
    if (typeof a === "number" && typeof b === "number") return a - b;
    if (typeof a === "number") return -1;
    if (typeof b === "number") return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  function sortTable(table, column, descending) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = value(r1.cells[column]), b = value(r2.cells[column]);
      if (a === null || b === null) return (a === null) - (b === null);  // empty cells last
      var c = compare(a, b);
      return descending ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
    var heads = table.tHead.rows[0].cells;
    for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
    heads[column].setAttribute("aria-sort", descending ? "descending" : "ascending");
  }
  function filterTable(table, text) {
    var q = text.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
    });
  }
  Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), function (table) {
    var heads = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(heads, function (th, i) {
      th.title = "sort by " + th.textContent;
      th.addEventListener("click", function () {
        sortTable(table, i, th.getAttribute("aria-sort") !== "descending");
      });
    });
    var box = document.createElement("input");
    box.type = "search";
    box.className = "filter";
    box.placeholder = "filter rows (text)";
    box.addEventListener("input", function () { filterTable(table, box.value); });
    table.parentNode.insertBefore(box, table);
  });
})();
)JS";

}  // namespace merlab::reports
