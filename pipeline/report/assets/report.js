// Sorting, filtering and opening documents in report.html. No network, no
// innerHTML: document text is only ever touched as already-escaped markup.
(function () {
  "use strict";
  var table = document.getElementById("doc-table");
  if (!table) { return; }
  var tbody = table.tBodies[0];
  var flagSelect = document.getElementById("filter-flag");
  var typeSelect = document.getElementById("filter-type");
  var search = document.getElementById("filter-text");
  var shown = document.getElementById("shown-count");

  function cellValue(row, index, numeric) {
    var cell = row.cells[index];
    var raw = cell.getAttribute("data-value");
    if (raw === null) { raw = cell.textContent.trim(); }
    if (numeric) { return raw === "" ? null : parseFloat(raw); }
    return raw;
  }

  function sortBy(th) {
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "num";
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function (other) { other.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (a, b) {
      var x = cellValue(a, index, numeric), y = cellValue(b, index, numeric);
      if (x === null && y === null) { return 0; }
      if (x === null) { return 1; }   // empty values last in both directions
      if (y === null) { return -1; }
      var order = numeric ? x - y : x.localeCompare(y, "zh-CN");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { tbody.appendChild(row); });
  }

  function applyFilters() {
    var code = flagSelect.value, type = typeSelect.value, text = search.value.trim();
    var count = 0;
    Array.prototype.forEach.call(tbody.rows, function (row) {
      var codes = (row.getAttribute("data-flags") || "").split(" ");
      var visible = (code === "" || codes.indexOf(code) >= 0) &&
        (type === "" || row.getAttribute("data-doc-type") === type) &&
        (text === "" || row.textContent.indexOf(text) >= 0);
      row.classList.toggle("hidden", !visible);
      if (visible) { count += 1; }
    });
    shown.textContent = String(count);
  }

  function openFromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) { return; }
    var target = document.getElementById(id);
    if (!target) { return; }
    var section = target.closest("details.doc-section");
    if (section && !section.open) { section.open = true; }
    target.scrollIntoView({ block: "start" });
  }

  Array.prototype.forEach.call(table.tHead.querySelectorAll("th"), function (th) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(th); }); }
  });
  [flagSelect, typeSelect].forEach(function (el) { el.addEventListener("change", applyFilters); });
  search.addEventListener("input", applyFilters);
  window.addEventListener("hashchange", openFromHash);
  applyFilters();
  openFromHash();
})();
