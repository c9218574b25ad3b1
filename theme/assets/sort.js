// Sortable tables, as progressive enhancement: without script the table reads in its original order.
// Headers of tables marked data-sortable become buttons; a second click reverses the order.
(function () {
  "use strict";
  function cellValue(row, index, numeric) {
    var cell = row.children[index];
    if (!cell) { return numeric ? -Infinity : ""; }
    var raw = cell.getAttribute("data-value");
    if (numeric) {
      var n = parseFloat(raw !== null ? raw : cell.textContent.replace(/,/g, ""));
      return isNaN(n) ? -Infinity : n;
    }
    return cell.textContent.trim();
  }
  function sortBy(table, index, numeric, header) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      var order = numeric ? x - y : x.localeCompare(y, "zh-Hans-CN");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }
  Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header, index) {
      var numeric = header.getAttribute("data-type") === "number";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      button.textContent = header.textContent;
      button.setAttribute("aria-label", header.textContent + "，点击排序");
      button.addEventListener("click", function () { sortBy(table, index, numeric, header); });
      header.textContent = "";
      header.appendChild(button);
    });
  });
})();
