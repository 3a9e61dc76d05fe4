// Filters and sorts the incidents. Without script every year's table is complete and readable.
// State can be given in the address: index.html#filter=Sev1&sort=duration&order=desc
// The index holds one table per year inside <details> (only the newest open), so the browser
// lays out one year at a time; nothing here touches a row until the reader filters or sorts.
(function () {
  "use strict";
  var list = document.getElementById("incidents");
  var box = document.getElementById("filter-box");
  if (!list || !box) { return; }
  var groups = Array.prototype.slice.call(list.querySelectorAll("details.year"));
  if (groups.length === 0) { return; }
  var openAtFirst = groups.map(function (g) { return g.open; });
  var rows = [];
  var groupOf = new Map();
  groups.forEach(function (g) {
    Array.prototype.forEach.call(g.querySelector("tbody").rows, function (r) {
      rows.push(r);
      groupOf.set(r, g);
    });
  });
  // The original order (newest first) breaks ties; kept here, not written to the page.
  var order = new Map();
  rows.forEach(function (r, i) { order.set(r, i); });
  var texts = null;
  // The one table of every incident, made when the reader first sorts.
  var flat = null;
  var input = document.getElementById("filter");
  var shown = document.getElementById("shown");
  box.hidden = false;

  function apply() {
    var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length > 0 && texts === null) {
      texts = new Map();
      rows.forEach(function (r) { texts.set(r, r.textContent.toLowerCase()); });
    }
    var n = 0;
    var found = new Map();
    rows.forEach(function (r) {
      var keep = words.every(function (w) { return texts.get(r).indexOf(w) >= 0; });
      if (r.hidden === keep) { r.hidden = !keep; }
      if (keep) {
        n += 1;
        found.set(groupOf.get(r), true);
      }
    });
    if (flat === null) {
      // A filter opens the years that match and hides the others; no filter, the first view.
      groups.forEach(function (g, i) {
        var want = words.length > 0 ? found.has(g) : openAtFirst[i];
        if (g.open !== want) { g.open = want; }
        g.hidden = words.length > 0 && !found.has(g);
      });
    }
    shown.textContent = n + " of " + rows.length + " incidents shown";
  }

  function key(row, col) {
    var cell = row.cells[col];
    return cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent;
  }

  function flatTable() {
    if (flat !== null) { return flat; }
    flat = document.createElement("table");
    flat.className = "incidents";
    flat.id = "every-incident";
    var caption = document.createElement("caption");
    caption.textContent = "Every incident";
    flat.appendChild(caption);
    var head = groups[0].querySelector("thead").cloneNode(true);
    flat.appendChild(head);
    flat.appendChild(document.createElement("tbody"));
    Array.prototype.forEach.call(head.rows[0].cells, buttonFor);
    list.appendChild(flat);
    groups.forEach(function (g) { g.hidden = true; });
    return flat;
  }

  function sortBy(col, direction) {
    var table = flatTable();
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var numeric = heads[col].hasAttribute("data-numeric");
    var sign = direction === "descending" ? -1 : 1;
    var keys = new Map();
    rows.forEach(function (r) { keys.set(r, key(r, col)); });
    rows.sort(function (a, b) {
      var x = keys.get(a), y = keys.get(b);
      // Empty values (unknown duration, no date) go last whatever the order.
      if (x === "" || y === "") {
        if (x !== y) { return x === "" ? 1 : -1; }
      } else {
        var c = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        if (c !== 0) { return sign * c; }
      }
      return order.get(a) - order.get(b);
    });
    heads.forEach(function (h, i) {
      if (i === col) { h.setAttribute("aria-sort", direction); } else { h.removeAttribute("aria-sort"); }
    });
    var part = document.createDocumentFragment();
    rows.forEach(function (r) { part.appendChild(r); });
    table.tBodies[0].appendChild(part);
  }

  // A heading becomes a button that sorts every incident by its column.
  function buttonFor(h, col) {
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = h.textContent;
    h.textContent = "";
    h.appendChild(button);
    button.addEventListener("click", function () {
      var now = flat === null ? null : flat.tHead.rows[0].cells[col].getAttribute("aria-sort");
      sortBy(col, now === "ascending" ? "descending" : "ascending");
    });
  }
  groups.forEach(function (g) {
    Array.prototype.forEach.call(g.querySelector("thead").rows[0].cells, buttonFor);
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
      var heads = Array.prototype.slice.call(groups[0].querySelector("thead").rows[0].cells);
      var col = heads.findIndex(function (h) { return h.getAttribute("data-key") === params.sort; });
      if (col >= 0) { sortBy(col, params.order === "desc" ? "descending" : "ascending"); }
    }
    apply();
  }

  input.addEventListener("input", apply);
  window.addEventListener("hashchange", fromAddress);
  fromAddress();
}());
