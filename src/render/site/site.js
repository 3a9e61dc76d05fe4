// Filters and sorts the incidents table. Without script the table is complete and readable.
// State can be given in the address: index.html#filter=Sev1&sort=duration&order=desc
(function () {
  "use strict";
  var table = document.getElementById("incidents");
  var box = document.getElementById("filter-box");
  if (!table || !box) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  rows.forEach(function (r, i) { r.dataset.order = String(i); });
  var input = document.getElementById("filter");
  var shown = document.getElementById("shown");
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  box.hidden = false;

  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    var n = 0;
    rows.forEach(function (r) {
      var text = r.textContent.toLowerCase();
      var keep = words.every(function (w) { return text.indexOf(w) >= 0; });
      r.hidden = !keep;
      if (keep) { n += 1; }
    });
    shown.textContent = n + " of " + rows.length + " incidents shown";
  }

  function key(row, col) {
    var cell = row.cells[col];
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
  }

  function sortBy(col, order) {
    var numeric = heads[col].hasAttribute("data-numeric");
    var sign = order === "descending" ? -1 : 1;
    var sorted = rows.slice().sort(function (a, b) {
      var x = key(a, col), y = key(b, col);
      // Empty values (unknown duration, no date) go last whatever the order.
      if (x === "" || y === "") {
        if (x !== y) { return x === "" ? 1 : -1; }
      } else {
        var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        if (c !== 0) { return sign * c; }
      }
      return Number(a.dataset.order) - Number(b.dataset.order);
    });
    heads.forEach(function (h, i) {
      if (i === col) { h.setAttribute("aria-sort", order); } else { h.removeAttribute("aria-sort"); }
    });
    sorted.forEach(function (r) { body.appendChild(r); });
  }

  heads.forEach(function (h, col) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = h.textContent;
    h.textContent = "";
    h.appendChild(button);
    button.addEventListener("click", function () {
      var now = h.getAttribute("aria-sort");
      sortBy(col, now === "ascending" ? "descending" : "ascending");
    });
  });

  function fromAddress() {
    var params = {};
    location.hash.replace(/^#/, "").split("&").forEach(function (part) {
      var eq = part.indexOf("=");
      if (eq > 0) {
        params[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1).replace(/\+/g, " "));
      }
    });
    if (params.filter !== undefined) { input.value = params.filter; }
    if (params.sort !== undefined) {
      var col = heads.findIndex(function (h) { return h.getAttribute("data-key") === params.sort; });
      if (col >= 0) { sortBy(col, params.order === "desc" ? "descending" : "ascending"); }
    }
    apply();
  }

  input.addEventListener("input", apply);
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
}());
