// Sorting by any column and filtering by status and path; no network, no library.
(function () {
  var table = document.getElementById("files");
  var body = table.tBodies[0];
  var boxes = Array.prototype.slice.call(document.querySelectorAll("#filters input[name=status]"));
  var text = document.getElementById("path-filter");
  var shown = document.getElementById("shown");
  var sections = Array.prototype.slice.call(document.querySelectorAll("section.file"));

  function key(row, column, type) {
    var value = row.cells[column].getAttribute("data-key");
    return type === "number" ? parseFloat(value) : value.toLowerCase();
  }

  function sort(header) {
    var column = header.cellIndex, type = header.getAttribute("data-type");
    var order = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    var sign = order === "ascending" ? 1 : -1;
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a, column, type), y = key(b, column, type);
      if (x < y) return -sign;
      if (x > y) return sign;
      return a.getAttribute("data-path") < b.getAttribute("data-path") ? -1 : 1;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", order);
  }

  function visible(element) {
    var statuses = boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.value; });
    var part = text.value.trim().toLowerCase();
    return statuses.indexOf(element.getAttribute("data-status")) >= 0 &&
      element.getAttribute("data-path").toLowerCase().indexOf(part) >= 0;
  }

  function filter() {
    var count = 0;
    Array.prototype.forEach.call(body.rows, function (row) {
      row.hidden = !visible(row);
      if (!row.hidden) count += 1;
    });
    sections.forEach(function (section) { section.hidden = !visible(section); });
    shown.textContent = count + " of " + body.rows.length + " files";
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.querySelector("button").addEventListener("click", function () { sort(th); });
  });
  boxes.forEach(function (b) { b.addEventListener("change", filter); });
  text.addEventListener("input", filter);
  filter();
}());
